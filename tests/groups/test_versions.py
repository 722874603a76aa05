"""Feed versions kept in each worker's memory, kept exact by LISTEN/NOTIFY (groups/versions.py)."""

import socket
import threading
import time

import psycopg
import pytest

from core import build_ahead
from groups import versions
from groups.models import FeedVersion
from groups.sessions import session_cancel
from groups.version_selectors import feed_version
from groups.versions import Memo
from tests.caches import clear_caches
from tests.factories import GroupFactory, RegionFactory, weekly
from tests.listening import postgres_only, wait_for

# Memo ------------------------------------------------------------------------------------------


def listening_memo(**options):
    memo = Memo(**options)
    memo.listen(True)
    return memo


def test_a_memo_keeps_nothing_until_it_listens():
    memo = Memo()
    memo.remember("region:1", "region:1", "v1", memo.generation())
    assert memo.get("region:1") is None
    memo.listen(True)
    memo.remember("region:1", "region:1", "v1", memo.generation())
    assert memo.get("region:1") == "v1"


def test_a_notification_drops_what_was_read_under_its_keys():
    memo = listening_memo()
    memo.remember("region:1", "region:1", "v1", memo.generation())
    memo.remember("slug:region:east", "region:1", (1, "v1"), memo.generation())
    memo.remember("region:2", "region:2", "w1", memo.generation())
    memo.forget({"region:1", "network"})
    assert (memo.get("region:1"), memo.get("slug:region:east"), memo.get("region:2")) == (
        None,
        None,
        "w1",
    )
    memo.forget(None)
    assert memo.get("region:2") is None


def test_a_value_read_before_a_notification_is_not_kept():
    memo = listening_memo()
    generation = memo.generation()  # a request starts reading the version...
    memo.forget({"region:1"})  # ...the change commits and is heard...
    memo.remember("region:1", "region:1", "old", generation)  # ...and the old read arrives
    assert memo.get("region:1") is None


def test_losing_the_channel_forgets_everything():
    memo = listening_memo()
    memo.remember("region:1", "region:1", "v1", memo.generation())
    memo.listen(False)
    memo.listen(True)
    assert memo.get("region:1") is None


def test_nothing_is_kept_longer_than_the_hold():
    memo = listening_memo(hold=0.05)
    memo.remember("region:1", "region:1", "v1", memo.generation())
    assert memo.get("region:1") == "v1"
    time.sleep(0.1)
    assert memo.get("region:1") is None


def test_a_notification_waiting_in_the_socket_or_being_read_is_not_answered_from_memory():
    """Until the thread has acted on what its connection received, the memo answers nothing."""
    ours, server = socket.socketpair()
    with ours, server:
        memo = Memo()
        memo.listen(True, ours.fileno())
        memo.remember("region:1", "region:1", "v1", memo.generation())
        assert memo.get("region:1") == "v1"
        server.send(b"N")  # a notification arrives: the thread has not read it yet
        assert memo.get("region:1") is None
        memo.hearing(True)  # the thread says it is reading...
        ours.recv(1)  # ...reads it...
        assert memo.get("region:1") is None
        memo.hearing(False)  # ...and (here) it named other keys
        assert memo.get("region:1") == "v1"


def test_the_memo_is_off_unless_asked_for(settings, db):
    settings.FEED_VERSIONS_LISTEN = False
    assert versions.active_memo() is None


# With PostgreSQL: real commits, a real listening thread ----------------------------------------

CENTRAL = ("slug", "region", "central")  # what a region feed's version is kept under


def warm(client, url, memo, key):
    """Read ``url`` until the memo keeps its version: the set-up's own saves notify too, and a
    notification heard after the first read rightly drops what that read kept."""
    assert wait_for(lambda: client.get(url).status_code == 200 and memo.get(key) is not None)
    return client.get(url)


@pytest.fixture
def listening(settings, transactional_db):
    settings.FEED_VERSIONS_LISTEN = True
    memo = versions.active_memo()
    assert wait_for(lambda: memo.listening)
    yield memo
    versions.stop()  # its connection would keep the test database from being dropped
    assert not memo.listening
    clear_caches()


@postgres_only
def test_a_warm_feed_reads_nothing_and_a_committed_change_reaches_it(
    client, listening, django_assert_num_queries
):
    group = GroupFactory(region=RegionFactory(slug="central"), recurrences=weekly(1))
    first = warm(client, "/regions/central/calendar.ics", listening, CENTRAL)
    with django_assert_num_queries(0):
        again = client.get("/regions/central/calendar.ics")
        unchanged = client.get(
            "/regions/central/calendar.ics", headers={"if-none-match": first["ETag"]}
        )
    assert (again.content, unchanged.status_code) == (first.content, 304)
    day = group.schedule.next_session_date(group.start_date)
    session_cancel(group=group, original_date=day, notify=False)  # committed: no test transaction
    after = client.get("/regions/central/calendar.ics", headers={"if-none-match": first["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]


@postgres_only
def test_another_servers_change_is_heard(client, listening):
    region = RegionFactory(slug="central")
    GroupFactory(region=region)
    key = FeedVersion.key_for("region", region.pk)
    first = warm(client, "/regions/central/calendar.ics", listening, CENTRAL)
    # Another app server moves the version and notifies, on its own connection.
    with psycopg.connect(**versions._connection_params(), autocommit=True) as other:
        other.execute("UPDATE groups_feedversion SET token = %s WHERE key = %s", ["f" * 32, key])
        other.execute("SELECT pg_notify(%s, %s)", [versions.CHANNEL, key])
    assert wait_for(lambda: listening.get(CENTRAL) is None)
    after = client.get("/regions/central/calendar.ics", headers={"if-none-match": first["ETag"]})
    assert after.status_code == 200


@postgres_only
def test_a_change_the_thread_has_not_acted_on_yet_is_not_answered_from_memory(
    client, listening, monkeypatch
):
    """The notification has reached this worker, but its thread has not yet dropped what the
    change made old (it may be waiting for the CPU): requests ask the database meanwhile."""
    region = RegionFactory(slug="central")
    GroupFactory(region=region)
    key = FeedVersion.key_for("region", region.pk)
    first = warm(client, "/regions/central/calendar.ics", listening, CENTRAL)
    heard, go_on = threading.Event(), threading.Event()
    forget = listening.forget

    def slow_forget(version_keys):
        heard.set()
        go_on.wait(10)
        forget(version_keys)

    monkeypatch.setattr(listening, "forget", slow_forget)
    try:
        with psycopg.connect(**versions._connection_params(), autocommit=True) as other:
            other.execute(
                "UPDATE groups_feedversion SET token = %s WHERE key = %s", ["f" * 32, key]
            )
            other.execute("SELECT pg_notify(%s, %s)", [versions.CHANNEL, key])
        assert heard.wait(5)
        assert listening.get(CENTRAL) is None
        after = client.get(
            "/regions/central/calendar.ics", headers={"if-none-match": first["ETag"]}
        )
        assert (after.status_code, after["ETag"] != first["ETag"]) == (200, True)
    finally:
        go_on.set()


@postgres_only
def test_a_build_in_the_task_worker_reads_the_versions_from_the_database(listening):
    """A build is asked for because a version moved; the notification of that move may reach
    the task worker after it reached the web worker that handed the build over. So a build does
    not take the version from the worker's memory, which may still hold the one before."""
    key = "region:central"
    current = feed_version(key)
    assert wait_for(lambda: listening.get(key) is not None)
    stale = object()  # what the memory would hold before the notification is heard
    listening.remember(key, key, stale, listening.generation())
    building = build_ahead._in_worker.set(True)
    try:
        in_a_build = feed_version(key)
    finally:
        build_ahead._in_worker.reset(building)
    assert (feed_version(key), in_a_build.token) == (stale, current.token)
