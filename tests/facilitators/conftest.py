"""The console tests' two regions (tests/console/conftest.py), for the facilitator's side."""

import pytest

from tests.console.conftest import build_side


@pytest.fixture
def east(db, page_clock):
    return build_side("Metro Boston", "metro-boston", 1)


@pytest.fixture
def west(db, page_clock):
    return build_side("Western Mass", "western", 2)
