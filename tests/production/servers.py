"""Real gunicorn servers with production settings, for the tests of a deployment on several
machines (two app servers sharing PostgreSQL and Redis, faults, backups).

Each server is `bench.run.Gunicorn` (the benchmark's own, as the Dockerfile runs it) on the
test database that pytest-django made, so a test marked ``django_db(transaction=True)`` sees
its committed rows served, and sees what the servers commit. PostgreSQL only: production's
connection pool, LISTEN/NOTIFY and several processes writing at once are what is under test.

    with serve(port=8151, CACHE_URL=need_redis()) as one, serve(port=8152, ...) as two:
        status, headers, body = one.get("/calendar.ics")
"""

from __future__ import annotations

import contextlib
import http.client
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from django.db import connection

from bench.run import ROOT, Gunicorn, django_env
from bench.servers import BUILDER, TaskWorker

LOGS = Path("/tmp") / "peerhub-test-servers"  # noqa: S108 - each test's own files, named by port
SECRET_KEY = "production-test-only-" + "k" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789"


def database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test database)."""
    settings = connection.settings_dict
    user = quote(settings.get("USER") or "", safe="")
    password = quote(settings.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings['NAME']}"


def production_env(port: int, **extra: str) -> dict:
    """Production settings for a server on ``port``, on the test database, plus ``extra``.

    No builder runs beside these servers unless a test starts one (``builder``), so their
    visitors build what a change made old themselves (BUILD_IN_WORKER off), as they would with
    the builder stopped, only at once rather than 5 seconds later.
    """
    env = django_env(extra.pop("DATABASE_URL", database_url()), port, SECRET_KEY)
    env.setdefault("CACHE_URL", "locmemcache://")
    env.setdefault("BUILD_IN_WORKER", "false")
    env.update(extra)
    return env


@contextlib.contextmanager
def builder(server: Gunicorn) -> Iterator[TaskWorker]:
    """The task worker of the builds handed over (compose's ``builder``), with ``server``'s
    environment; stopped on the way out."""
    with TaskWorker(server.env, LOGS / f"{server.port}-builder.log", *BUILDER) as worker:
        yield worker


_static_collected = False


def collect_static() -> None:
    """STATIC_ROOT, as the Dockerfile makes it (production's static files need its manifest)."""
    global _static_collected
    if not _static_collected:
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=production_env(0),
            check=True,
            capture_output=True,
        )
        _static_collected = True


class Server(Gunicorn):
    """A running gunicorn, with plain HTTP requests to it."""

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict | None = None,
        body: bytes | None = None,
        timeout: float = 30,
    ) -> tuple[int, dict[str, str], bytes]:
        """One request on a fresh connection: (status, headers with lower-case names, body)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
            response = conn.getresponse()
            return (
                response.status,
                {name.lower(): value for name, value in response.getheaders()},
                response.read(),
            )
        finally:
            conn.close()

    def get(self, path: str, **kwargs) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path, **kwargs)


@contextlib.contextmanager
def serve(*, port: int, workers: int = 2, **env: str) -> Iterator[Server]:
    """gunicorn with production settings on 127.0.0.1:``port``; stopped (TERM) on the way out.

    ``env`` adds or replaces environment variables (CACHE_URL, DATABASE_URL, ...). Its log is
    /tmp/peerhub-test-servers/<port>.log, shown in the error if it does not start.
    """
    collect_static()
    # Each server's log starts empty: the bench's Gunicorn appends (a bench run keeps one log
    # across its restarts), and a test reads its own server's lines only.
    logfile = LOGS / f"{port}.log"
    logfile.parent.mkdir(parents=True, exist_ok=True)
    logfile.write_text("")
    with Server(production_env(port, **env), port, workers, logfile) as server:
        yield server
