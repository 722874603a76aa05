"""A new gunicorn worker opens its connections before its first request (peerhub/startup.py,
gunicorn's ``post_worker_init``): after a restart, the first visitor of each worker no longer
waits for its database connection and its feed versions' listening thread. PostgreSQL only."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from tests.factories import GroupFactory, RegionFactory
from tests.production.servers import serve
from tests.services import need_postgresql

pytestmark = pytest.mark.django_db(transaction=True)

PORT = 8189
LISTEN_QUERY = "LISTEN peerhub_feed_versions"
CONFIGURED = "SELECT set_config('TimeZone', 'UTC', false)"


def others() -> list[str]:
    """What every other connection to the test database is doing (its last query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT query FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return sorted(query for (query,) in cursor.fetchall())


def wait_for(condition, seconds=15.0):
    deadline = time.monotonic() + seconds
    while not (value := condition()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return value


def test_each_new_worker_connects_and_listens_before_its_first_request():
    need_postgresql()
    region = RegionFactory(slug="central")
    GroupFactory(region=region, title="Hearing Voices", slug="hearing-voices")
    with serve(port=PORT, workers=2) as server:
        # Nothing has been asked but /robots.txt, which reads nothing (serve waits for it).
        def both_workers_ready():
            found = others()
            return found.count(LISTEN_QUERY) == 2 and len(found) >= 4

        assert wait_for(both_workers_ready), others()
        found = others()
        # Each worker: its pool's connection, made ready (Django's own set-up, its last query)
        # and not used yet, and its listening thread's.
        assert found == [LISTEN_QUERY, LISTEN_QUERY, CONFIGURED, CONFIGURED]
        status, _headers, body = server.get("/regions/central/calendar.ics")
        assert status == 200
        assert b"SUMMARY:Hearing Voices" in body
        # The feed was answered on the connections opened at the start: none more.
        assert len(others()) == len(found)
