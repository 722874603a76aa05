"""The backup the README describes (pg_dump -Fc, pg_restore into a new database) restores a
site that serves every feed byte for byte, with the same ETag, so no calendar app notices.

Needs PostgreSQL and its client tools (pg_dump, pg_restore) of at least the server's major
version; skipped without them, failing in CI, which installs them with the server.
"""

import datetime as dt
import re
import shutil
import subprocess
from urllib.parse import urlsplit, urlunsplit

import pytest
from psycopg import sql

from bench.databases import _admin_connection
from groups.models import Group
from groups.sessions import session_cancel, session_move
from tests.production.servers import database_url, serve
from tests.services import need_postgresql, required
from tests.two_regions import build_side

pytestmark = pytest.mark.django_db(transaction=True)
PORT = 8187


def need_client_tools(url: str) -> None:
    """pg_dump and pg_restore, of a major version that can dump this server."""

    def missing(reason: str) -> None:
        if required():
            pytest.fail(f"{reason} (PEERHUB_REQUIRE_SERVICES=1: CI must have it)")
        pytest.skip(reason)

    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            missing(f"needs {tool} (Debian: postgresql-client)")
    version = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout
    tools_major = int(re.search(r"(\d+)\.\d+", version)[1])
    with _admin_connection(url) as admin:
        server_major = admin.info.server_version // 10000
    if tools_major < server_major:
        missing(f"pg_dump {tools_major} cannot dump a PostgreSQL {server_major} server")


def with_name(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def build_network():
    """Two regions; in each a public group with a cancelled session and a moved one (to the
    other venue, another day and time), and the private group's cancelled session."""
    sides = [
        build_side("Metro Boston", "metro-boston", 1),
        build_side("Western Mass", "western", 2),
    ]
    for side in sides:
        session_cancel(group=side.group, original_date=dt.date(2026, 3, 17), notify=False)
        session_move(
            group=side.group,
            original_date=dt.date(2026, 3, 24),
            new_date=dt.date(2026, 3, 25),
            new_start_time=dt.time(17, 30),
            new_end_time=dt.time(19, 0),
            new_venue=side.other_venue,
            notify=False,
        )
    return sides


def feed_paths(sides) -> list[str]:
    paths = ["/calendar.ics"]
    for side in sides:
        paths += [
            f"/regions/{side.region.slug}/calendar.ics",
            f"/venues/{side.venue.slug}/calendar.ics",
            f"/venues/{side.other_venue.slug}/calendar.ics",
            f"/groups/{side.group.slug}/calendar.ics",
            f"/feeds/{side.lead.feed_token}.ics",
        ]
    return paths


def read_feeds(server, paths) -> dict[str, tuple[int, str | None, bytes]]:
    answers = {}
    for path in paths:
        status, headers, body = server.get(path)
        answers[path] = (status, headers.get("etag"), body)
    return answers


def test_a_restored_backup_serves_every_feed_with_the_same_etag_and_bytes(tmp_path):
    need_postgresql()
    source = database_url()
    need_client_tools(source)
    sides = build_network()
    assert Group.objects.count() == 4
    paths = feed_paths(sides)

    with serve(port=PORT) as server:
        before = read_feeds(server, paths)
    assert {path: answer[0] for path, answer in before.items()} == dict.fromkeys(paths, 200)
    assert [path for path, answer in before.items() if not answer[1]] == []
    moved = before["/groups/metro-boston-hearing-voices/calendar.ics"][2]
    # The changes are in the feeds.
    assert b"RECURRENCE-ID" in moved
    assert b"EXDATE" in moved

    # The README's commands: a custom-format dump, restored into a new, empty database.
    dump = tmp_path / "peerhub.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), "-d", source], check=True)
    restored_name = f"{urlsplit(source).path.lstrip('/')}_restored"
    restored = with_name(source, restored_name)
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(restored_name))
    with _admin_connection(source) as admin:
        admin.execute(drop)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(restored_name)))
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-d", restored, str(dump)], check=True
        )
        # The same address (SITE_URL comes from the port), another database.
        with serve(port=PORT, DATABASE_URL=restored) as server:
            after = read_feeds(server, paths)
    finally:
        with _admin_connection(source) as admin:
            admin.execute(drop)

    assert after == before
