"""The real services some tests need: Redis at 127.0.0.1:6379, and PostgreSQL as the database.

Without the service such a test is skipped with a reason that names it, so `make test` runs on a
machine that has neither. `.ci/run` sets PEERHUB_REQUIRE_SERVICES=1 and starts both, so in CI a
missing service fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

import pytest

REDIS_URL = os.environ.get("PEERHUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def required() -> bool:
    return os.environ.get("PEERHUB_REQUIRE_SERVICES") == "1"


def _missing(reason: str) -> None:
    if required():
        pytest.fail(f"{reason} (PEERHUB_REQUIRE_SERVICES=1: CI must have it)")
    pytest.skip(reason)


def need_redis() -> str:
    """The test Redis's URL, or skip (fail in CI) when nothing answers there."""
    parts = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            if not sock.recv(16).startswith(b"+PONG"):
                raise OSError("no PONG")
    except OSError as error:
        _missing(f"Redis does not answer at {REDIS_URL}: {error}")
    return REDIS_URL


def need_postgresql() -> None:
    """Skip (fail in CI's PostgreSQL run) unless the database is PostgreSQL."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(f"needs PostgreSQL; this run is on {connection.vendor}")
