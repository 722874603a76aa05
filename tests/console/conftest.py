"""The console tests sign in as the coordinator of ``east`` (tests/two_regions.py)."""

import pytest

from tests.two_regions import TUESDAY  # noqa: F401 (the console tests' reference date)


@pytest.fixture
def coordinator_client(client, east, west):
    """Signed in as the coordinator of the east region; the west region exists too."""
    client.force_login(east.coordinator)
    return client
