"""What the tests of the versions kept in a worker's memory share (groups/versions.py): they need
PostgreSQL's LISTEN/NOTIFY, and wait for a notification to be delivered."""

import time

import pytest
from django.db import connection

POSTGRES = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(
    not POSTGRES, reason="LISTEN/NOTIFY is PostgreSQL's; this run is SQLite"
)


def wait_for(condition, seconds=5.0):
    """Whether ``condition()`` came true within ``seconds``, asked every 20 ms."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False
