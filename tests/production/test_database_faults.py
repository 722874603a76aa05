"""The database goes away under load, or a worker dies mid-change: nothing is lost (issue 15, 6).

Real gunicorn servers with production settings (tests/production/servers.py) on the test
database. The machine's PostgreSQL is shared, so it is never restarted: a restart is simulated by
ending every connection to the test database (``pg_terminate_backend``, what a restart does to
them), and an outage by a TCP proxy between gunicorn and PostgreSQL that is cut (every
connection closed, new ones refused) and then restored. PostgreSQL only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import signal
import threading
import time
from zoneinfo import ZoneInfo

import psycopg
import pytest
from django.db import connection
from django.test import Client, override_settings

from groups.models import FeedVersion, SessionChange
from groups.sessions import session_cancel
from tests.factories import (
    CoordinatorFactory,
    GroupFacilitatorFactory,
    GroupFactory,
    RegionFactory,
    VenueFactory,
)
from tests.production.proxy import CuttableProxy
from tests.production.servers import SECRET_KEY, database_url, serve
from tests.services import need_postgresql

pytestmark = pytest.mark.django_db(transaction=True)

PORT, STREAMED, PROXY, OUTAGE, KILLED = 8171, 8172, 8173, 8174, 8175
NEW_YORK = ZoneInfo("America/New_York")
LISTEN_QUERY = "LISTEN peerhub_feed_versions"


@pytest.fixture
def network():
    """A region with three weekly groups (Tuesdays), each with its lead facilitator, a venue,
    and the region's coordinator."""
    need_postgresql()
    region = RegionFactory(slug="central")
    venue = VenueFactory(region=region, slug="worcester-library")
    groups = [
        GroupFactory(region=region, venue=venue, title=f"Hearing Voices {n}", slug=f"hv-{n}")
        for n in range(3)
    ]
    for n, group in enumerate(groups):
        GroupFacilitatorFactory(group=group, facilitator__user__email=f"lead{n}@example.org")
    coordinator = CoordinatorFactory(region=region, user__email="coordinator@example.org")
    return {"region": region, "groups": groups, "coordinator": coordinator.user}


def urls(network) -> dict[str, str]:
    """One of every kind of answer: page, feed (built whole, or streamed), JSON API."""
    today = dt.datetime.now(NEW_YORK).date()
    return {
        "page": "/",
        "calendar page": "/calendar/",
        "group page": f"/groups/{network['groups'][0].slug}/",
        "network feed": "/calendar.ics",
        "region feed": "/regions/central/calendar.ics",
        "api": f"/api/v1/occurrences.json?start={today}&end={today + dt.timedelta(days=14)}",
        "groups api": "/api/v1/groups.json",
    }


def terminate_every_other_connection() -> int:
    """End every connection to the test database but this test's own, as a restart would."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def listening_backends() -> set[int]:
    """The connections (server process ids) of the workers' feed versions channels."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = %s",
            [LISTEN_QUERY],
        )
        return {pid for (pid,) in cursor.fetchall()}


def wait_for(condition, seconds=30.0, every=0.2):
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def log_of(server) -> str:
    return server.logfile.read_text()


def assert_no_server_error_logged(server) -> None:
    log = log_of(server)
    assert "Traceback" not in log, log[-3000:]
    assert "Internal Server Error" not in log, log[-3000:]


class Load:
    """Clients asking for ``paths`` over and over from several threads, every answer kept."""

    def __init__(self, server, paths, threads=4):
        self.server, self.paths, self.threads = server, list(paths), threads
        self.answers: list[tuple[str, int | str]] = []
        self._stop = threading.Event()
        self._workers = [threading.Thread(target=self._run, args=(n,)) for n in range(threads)]

    def _run(self, n):
        i = n
        while not self._stop.is_set():
            path = self.paths[i % len(self.paths)]
            i += 1
            try:
                status, _, _ = self.server.get(path, timeout=30)
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
            self.answers.append((path, status))

    def __enter__(self):
        for worker in self._workers:
            worker.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for worker in self._workers:
            worker.join(timeout=60)


def assert_clean_503(path: str, status: int, headers: dict, body: bytes) -> None:
    """The 503 of the kind ``path`` asks for, with Retry-After."""
    assert status == 503, (path, status, body[:300])
    assert int(headers["retry-after"]) > 0
    if path.startswith("/api/"):
        assert headers["content-type"] == "application/json"
        assert set(json.loads(body)) == {"error"}
        assert headers["access-control-allow-origin"] == "*"
    elif path.endswith(".ics"):
        assert headers["content-type"] == "text/plain; charset=utf-8"
        assert b"try again" in body
    else:
        assert headers["content-type"].startswith("text/html")
        assert b"PeerHub will be back in a moment" in body


def test_every_connection_ended_under_load_gives_no_500_and_the_site_recovers_at_once(network):
    paths = urls(network)
    with serve(port=PORT, workers=2) as server:
        for path in paths.values():
            assert server.get(path)[0] == 200, path
        feed_etags(server, paths["region feed"])  # every worker has served a feed: listens
        before = new_listeners()
        assert len(before) == 2

        with Load(server, paths.values()) as load:
            for _ in range(3):
                time.sleep(0.5)
                terminate_every_other_connection()
            time.sleep(0.5)
        statuses = {status for _, status in load.answers}
        # Every request answered, and none with a 500: those that lost their connection in the
        # middle got the 503; every other one its page.
        assert statuses <= {200, 503}, load.answers
        assert statuses & {200}
        assert_no_server_error_logged(server)
        failed = [status for _, status in load.answers].count(503)
        assert log_of(server).count("Database unavailable:") == failed

        # Ended while idle, the pool's connections are checked and replaced before use: the
        # very next requests, on every worker, get their answer.
        terminate_every_other_connection()
        for _ in range(3):
            for path in paths.values():
                assert server.get(path)[0] == 200, path

        # Each worker's feed versions channel listens again, on a new connection.
        after = new_listeners(besides=frozenset(before))
        assert len(after) == 2
        assert_no_server_error_logged(server)


def at_once(server, path: str, times: int = 24, threads: int = 4) -> list[tuple]:
    """``path`` asked ``times`` times, ``threads`` at a time: every worker answers some.

    (One after the other, the same idle worker may take every request.)
    """
    answers = []
    lock = threading.Lock()

    def ask():
        for _ in range(times // threads):
            answer = server.get(path)
            with lock:
                answers.append(answer)

    askers = [threading.Thread(target=ask) for _ in range(threads)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    return answers


def feed_etags(server, path: str) -> set[str]:
    answers = at_once(server, path)
    assert {status for status, _, _ in answers} == {200}
    return {headers["etag"] for _, headers, _ in answers}


def new_listeners(besides: frozenset = frozenset()) -> set[int]:
    """Both workers' feed versions channels, on connections other than ``besides``."""
    found = wait_for(lambda: len(listening_backends() - besides) == 2)
    return listening_backends() - besides if found else set()


def test_a_change_after_every_connection_ended_reaches_every_worker_at_once(network):
    group = network["groups"][0]
    with serve(port=PORT, workers=2) as server:
        # Both workers keep the feed's version in memory, told of changes by their channel.
        old = feed_etags(server, "/regions/central/calendar.ics")
        assert len(old) == 1
        before = new_listeners()
        assert len(before) == 2

        terminate_every_other_connection()
        assert len(new_listeners(besides=frozenset(before))) == 2
        # The workers' memory starts again from nothing and fills up again.
        assert feed_etags(server, "/regions/central/calendar.ics") == old

        tuesday = next_tuesday()
        session_cancel(group=group, original_date=tuesday, public_note="Snow", notify=False)
        answers = at_once(server, "/regions/central/calendar.ics")
        assert {headers["etag"] for _, headers, _ in answers} != old
        assert len({headers["etag"] for _, headers, _ in answers}) == 1
        exdate = f"EXDATE;TZID=America/New_York:{tuesday:%Y%m%d}T180000".encode()
        assert all(exdate in body for _, _, body in answers)
        assert_no_server_error_logged(server)


def next_tuesday() -> dt.date:
    today = dt.datetime.now(NEW_YORK).date()
    return today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)


# A database that is away for a while: a proxy that can be cut -------------------------------


def proxied_database_url(port: int) -> str:
    host = connection.settings_dict.get("HOST") or "127.0.0.1"
    direct_port = str(connection.settings_dict.get("PORT") or 5432)
    return database_url().replace(f"@{host}:{direct_port}/", f"@127.0.0.1:{port}/", 1)


def database_target() -> tuple[str, int]:
    return (
        connection.settings_dict.get("HOST") or "127.0.0.1",
        int(connection.settings_dict.get("PORT") or 5432),
    )


def test_while_the_database_is_away_every_request_gets_a_clean_503_then_the_site_recovers(
    network,
):
    paths = urls(network)
    with (
        CuttableProxy(PROXY, database_target()) as proxy,
        serve(
            port=OUTAGE,
            workers=2,
            DATABASE_URL=proxied_database_url(PROXY),
            # How long a request waits for a connection: while the database is away, how long
            # before its 503.
            DATABASE_POOL_TIMEOUT="2",
        ) as server,
    ):
        for path in paths.values():
            assert server.get(path)[0] == 200, path
        feed_etags(server, paths["region feed"])  # every worker has served a feed: listens
        assert len(new_listeners()) == 2

        proxy.cut()
        away = 0
        for _ in range(2):
            for path in paths.values():
                assert_clean_503(path, *server.get(path))
                away += 1
        # A signed-in coordinator's page reads the session in a middleware, before any view.
        session = signed_in_session(network["coordinator"])
        status, headers, body = server.get("/manage/", headers={"Cookie": session})
        assert_clean_503("/manage/", status, headers, body)
        away += 1

        proxy.restore()
        # The pool connects again by itself (no restart); the workers' channels listen again.
        assert wait_for(lambda: server.get("/calendar.ics")[0] == 200, seconds=60)
        for path in paths.values():
            for _ in range(2):
                assert server.get(path)[0] in (200, 503), path
        assert wait_for(lambda: all(server.get(path)[0] == 200 for path in paths.values()))
        assert len(new_listeners()) == 2
        # The public answers above may come from a worker's memory (groups/kept_answers.py) once
        # its channel listens again, before its pool has connected again: the signed-in page
        # needs the database itself, and each worker's pool is back on its own, soon.
        assert wait_for(
            lambda: server.get("/manage/", headers={"Cookie": session})[0] == 200, seconds=30
        )

    log = log_of(server)
    assert "Traceback" not in log, log[-3000:]
    assert "Internal Server Error" not in log, log[-3000:]
    assert log.count("Database unavailable:") >= away
    # Each worker says once that its channel is lost, however long the database is away.
    assert log.count("Lost the feed versions channel") == 2, log[-3000:]


def signed_in_session(user) -> str:
    """A Cookie header for ``user``, signed in to the servers (a session row in the database,
    signed with their key)."""
    with override_settings(SECRET_KEY=SECRET_KEY):
        client = Client()
        client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


# A feed streamed while it is built ----------------------------------------------------------


@contextlib.contextmanager
def connection_lost_reading(table: str):
    """The first connection that reads ``table`` waits for it, and is ended while it waits.

    Holds the table's ACCESS EXCLUSIVE lock from a connection of the test's own; yields a
    function that waits for a reader of the table to queue behind the lock, ends it, and
    gives its server process id. The lock goes with the block.
    """
    with psycopg.connect(database_url(), autocommit=False) as holder:
        holder.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")

        def end_the_reader() -> int:
            waiting = wait_for(lambda: blocked_backends(holder.info.backend_pid), seconds=20)
            assert len(waiting) == 1, f"nothing read {table}"
            (pid,) = waiting
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            return pid

        yield end_the_reader
        holder.rollback()


def in_a_thread(call) -> tuple[threading.Thread, dict]:
    answer = {}
    thread = threading.Thread(target=lambda: answer.update(result=catch(call)))
    thread.start()
    return thread, answer


def test_a_feed_whose_connection_is_lost_before_it_starts_is_a_clean_503(network):
    with serve(port=STREAMED, workers=1) as server:
        # The network feed, not built yet, is streamed: its version comes first (in the view),
        # its groups after. The connection is lost reading them.
        with connection_lost_reading("groups_group") as end_the_reader:
            asking, answer = in_a_thread(lambda: server.get("/calendar.ics"))
            end_the_reader()
            asking.join(timeout=30)
        assert_clean_503("/calendar.ics", *answer["result"])
        status, _, body = server.get("/calendar.ics")
        assert status == 200
        assert body.endswith(b"END:VCALENDAR\r\n")
    assert_no_server_error_logged(server)
    assert log_of(server).count("Database unavailable: GET /calendar.ics") == 1


def streamed_feed(server, path: str) -> tuple[int, bytes, Exception | None]:
    """(status, the body as far as it came, the error that cut it short, if one did)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        try:
            return response.status, response.read(), None
        except http.client.IncompleteRead as error:
            return response.status, error.partial, error
    finally:
        conn.close()


def test_a_feed_whose_connection_is_lost_while_streaming_is_cut_short_and_not_kept(network):
    with serve(port=STREAMED, workers=1) as server:
        # The feed's first piece is sent; its groups' facilitators are read for the rest.
        with connection_lost_reading("groups_groupfacilitator") as end_the_reader:
            asking, answer = in_a_thread(lambda: streamed_feed(server, "/calendar.ics"))
            end_the_reader()
            asking.join(timeout=30)
        status, body, cut_short = answer["result"]
        # Too late for a 503: the answer had begun. It ends without its last chunk, so the
        # calendar app knows it is incomplete and keeps the copy it has.
        assert status == 200
        assert isinstance(cut_short, http.client.IncompleteRead)
        assert body.startswith(b"BEGIN:VCALENDAR")
        assert b"END:VCALENDAR" not in body
        # Nothing of it was kept: the next answer is the whole feed.
        status, whole, cut_short = streamed_feed(server, "/calendar.ics")
        assert (status, cut_short) == (200, None)
        assert whole.endswith(b"END:VCALENDAR\r\n")
        assert whole.count(b"BEGIN:VEVENT") == 3


# A worker killed in the middle of a change -------------------------------------------------


def every_table() -> dict[str, str]:
    """Each table of the test database and a digest of every one of its rows."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        contents = {}
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' "  # noqa: S608
                f"ORDER BY t::text)), '') FROM {quoted} AS t"
            )
            contents[table] = cursor.fetchone()[0]
    return contents


def snow_day_post(server, network, day: dt.date, session: str, csrf: str):
    body = (
        f"region={network['region'].pk}&day={day}&confirm=yes&reason=Blizzard"
        f"&public_note=Closed%20for%20snow&csrfmiddlewaretoken={csrf}"
    ).encode()
    return server.request(
        "POST",
        "/manage/snow-day/",
        headers={
            "Cookie": f"{session}; csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://127.0.0.1:{server.port}",
        },
        body=body,
    )


def test_a_worker_killed_in_the_middle_of_a_snow_day_leaves_nothing_half_saved(network):
    day = next_tuesday()
    session = signed_in_session(network["coordinator"])
    csrf = "k" * 32
    with serve(port=KILLED, workers=2) as server:
        assert server.get("/regions/central/calendar.ics")[0] == 200
        before = every_table()
        # The snow day cancels three sessions (each a row and its history), raises their
        # groups' SEQUENCE, and last gives their feeds new versions. Holding the network feed's
        # version row keeps the worker waiting there, inside its transaction, after the rest.
        with psycopg.connect(database_url(), autocommit=False) as holder:
            holder.execute(
                "SELECT 1 FROM groups_feedversion WHERE key = %s FOR UPDATE",
                [FeedVersion.NETWORK],
            )
            post, answer = in_a_thread(lambda: snow_day_post(server, network, day, session, csrf))
            waiting = wait_for(lambda: blocked_backends(holder.info.backend_pid), seconds=20)
            assert len(waiting) == 1, "the snow day never reached the feed versions"
            (waiting_pid,) = waiting
            # Its earlier writes are made (the sessions' changes, their history, the groups'
            # SEQUENCE), and not committed.
            assert {
                "groups_sessionchange",
                "groups_historicalsessionchange",
                "groups_group",
            } <= tables_written_by(waiting_pid)
            assert SessionChange.objects.count() == 0
            worker = worker_serving(server, waiting_pid)
            os.kill(worker, signal.SIGKILL)
            post.join(timeout=30)
            assert isinstance(answer["result"], (OSError, http.client.HTTPException))
            holder.rollback()
        # The dead worker's transaction ends with its connection: nothing of it was committed.
        assert wait_for(lambda: not backend_exists(waiting_pid))
        assert every_table() == before
        assert "lead0@example.org" not in log_of(server)  # and no email went

        # A new worker took its place; the same snow day now goes through, whole.
        assert wait_for(lambda: len(server.worker_pids()) == 2)
        status, headers, _ = snow_day_post(server, network, day, session, csrf)
        assert status == 302, status
        cancelled = SessionChange.objects.filter(original_date=day, kind="cancelled")
        assert sorted(c.group.slug for c in cancelled) == ["hv-0", "hv-1", "hv-2"]
        feed = server.get("/regions/central/calendar.ics")
        assert feed[0] == 200
        assert feed[2].count(f"EXDATE;TZID=America/New_York:{day:%Y%m%d}".encode()) == 3


def catch(call):
    try:
        return call()
    except Exception as error:  # noqa: BLE001 - the answer (or its absence) is what is checked
        return error


def blocked_backends(holder_pid: int) -> set[int]:
    """The connections waiting for a lock that ``holder_pid`` holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND %s = ANY(pg_blocking_pids(pid))",
            [holder_pid],
        )
        return {pid for (pid,) in cursor.fetchall()}


def tables_written_by(pid: int) -> set[str]:
    """The tables that ``pid``'s open transaction has written to (its ROW EXCLUSIVE locks)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relation::regclass::text FROM pg_locks "
            "WHERE pid = %s AND mode = 'RowExclusiveLock' AND relation IS NOT NULL",
            [pid],
        )
        return {name for (name,) in cursor.fetchall()}


def backend_exists(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone() is not None


def worker_serving(server, backend_pid: int) -> int:
    """The gunicorn worker whose connection is the database's ``backend_pid``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_port FROM pg_stat_activity WHERE pid = %s", [backend_pid])
        (client_port,) = cursor.fetchone()
    for pid in server.worker_pids():
        if client_port in local_ports_of(pid):
            return pid
    raise AssertionError(f"no worker has the connection from port {client_port}")


def local_ports_of(pid: int) -> set[int]:
    """The local TCP ports of ``pid``'s sockets (from /proc)."""
    inodes = set()
    for fd in os.scandir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(fd.path)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                if fields[9] in inodes:
                    ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports
