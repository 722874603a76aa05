"""What the tests of the versions kept in a worker's memory share (groups/versions.py): they need
PostgreSQL's LISTEN/NOTIFY, and wait for a notification to be delivered."""

import time
import uuid

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


def notifications_heard(seconds=5.0):
    """Wait until this worker has acted on every notification committed so far (a change may
    send more than one): one more is sent, and PostgreSQL delivers them in commit order."""
    from groups import versions

    memo = versions.active_memo()
    assert memo is not None
    assert wait_for(lambda: memo.listening), "not listening"
    last = f"heard:{uuid.uuid4().hex}"
    memo.remember(last, last, True, memo.generation())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [versions.CHANNEL, last])
    assert wait_for(lambda: memo.settled() and memo.get(last) is None, seconds), "not heard"
