"""Feed versions kept in each worker's memory, kept exact by PostgreSQL's LISTEN/NOTIFY.

A warm feed, page part or API answer costs one query: the version of the data it shows. With
``FEED_VERSIONS_LISTEN`` on PostgreSQL, each worker process runs one thread that LISTENs on a
channel, and ``freshness.feed_versions_touch`` NOTIFYs the keys it moves inside the change's own
transaction, so the notification is delivered when the change is committed and never before.
A worker keeps the versions it has read until a notification names them (or, as a backstop for
what no notification covers, such as a deleted region, for ``HOLD`` seconds). Until its thread is
listening, and whenever it has lost its connection, it keeps nothing: every request asks the
database, as without the setting.

A read races a notification only in one way: the version was read before the change committed
and would be kept after the notification dropped it. ``remember`` refuses a value read before
the latest notification (``generation``), so that can never stick.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Hashable
from typing import Any

import psycopg
from django.conf import settings
from django.db import connection, transaction

CHANNEL = "peerhub_feed_versions"
EVERYTHING = "*"
NOTIFY_LIMIT = 7_900  # bytes: PostgreSQL's payload limit is 8,000
HOLD = 60.0  # seconds
RETRY = 1.0  # seconds between attempts to listen again

logger = logging.getLogger(__name__)


class Memo:
    """Values read under a feed's version key, dropped when a notification names the key."""

    def __init__(self, *, hold: float = HOLD):
        self.hold = hold
        self._lock = threading.Lock()
        self._entries: dict[Hashable, tuple[str, float, Any]] = {}  # (version key, when, value)
        self._generation = 0
        self._listening = False

    @property
    def listening(self) -> bool:
        return self._listening

    def generation(self) -> int:
        """Read before asking the database; give it back to ``remember``."""
        return self._generation

    def get(self, key: Hashable) -> Any:
        entry = self._entries.get(key) if self._listening else None
        if entry is None or time.monotonic() - entry[1] > self.hold:
            return None
        return entry[2]

    def remember(self, key: Hashable, version_key: str, value: Any, generation: int) -> None:
        with self._lock:
            if self._listening and generation == self._generation:
                self._entries[key] = (version_key, time.monotonic(), value)

    def forget(self, version_keys: set[str] | None) -> None:
        """Drop what was read under these version keys (None: everything)."""
        with self._lock:
            self._generation += 1
            if version_keys is None:
                self._entries.clear()
            else:
                self._entries = {
                    key: entry
                    for key, entry in self._entries.items()
                    if entry[0] not in version_keys
                }

    def listen(self, listening: bool) -> None:
        """The thread started (or stopped) hearing notifications: start again from nothing."""
        with self._lock:
            self._generation += 1
            self._entries.clear()
            self._listening = listening


memo = Memo()
_started_in: int | None = None
_start_lock = threading.Lock()
_listener: dict = {}  # this process's thread, its server process id, and whether to stop


def active_memo() -> Memo | None:
    """This process's memo, its listening thread started on first use; None when not in use."""
    global _started_in
    if not settings.FEED_VERSIONS_LISTEN or connection.vendor != "postgresql":
        return None
    if _started_in != os.getpid():  # a new worker: gunicorn forks after the import
        with _start_lock:
            if _started_in != os.getpid():
                memo.listen(False)
                thread = threading.Thread(
                    target=_listen,
                    args=(_connection_params(),),
                    name="feed-versions",
                    daemon=True,
                )
                _listener.clear()
                _listener["thread"] = thread
                thread.start()
                _started_in = os.getpid()
    return memo


def stop() -> None:
    """End this process's listening thread (tests; a worker's own end needs nothing)."""
    global _started_in
    thread = _listener.get("thread")
    if thread is None:
        return
    _listener["stopping"] = True
    if pid := _listener.get("pid"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    thread.join(timeout=5)
    _listener.clear()
    _started_in = None


def _connection_params() -> dict:
    """What Django connects with (SSL options and all), for the thread's own connection."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)  # Django's cursors are for Django's connections
    return params


def _listen(params: dict) -> None:
    lost = False  # said once per outage, not once a second while the database is away
    while not _listener.get("stopping"):
        try:
            with psycopg.connect(**params, autocommit=True) as listener:
                _listener["pid"] = listener.info.backend_pid
                listener.execute(f"LISTEN {CHANNEL}")
                memo.listen(True)
                if lost:
                    logger.warning("Listening to the feed versions channel again")
                    lost = False
                for note in listener.notifies():
                    payload = note.payload
                    memo.forget(None if payload == EVERYTHING else set(payload.split(",")))
        except psycopg.Error as error:  # the database is away, or ended the connection
            if not _listener.get("stopping") and not lost:
                logger.warning(
                    "Lost the feed versions channel (%s: %s): versions come from the database "
                    "until it is back",
                    type(error).__name__,
                    str(error).strip().splitlines()[0] if str(error).strip() else "",
                )
                lost = True
        except Exception:
            logger.exception("Lost the feed versions channel: versions come from the database")
        memo.listen(False)
        if not _listener.get("stopping"):
            time.sleep(RETRY)


def notify(keys: set[str]) -> None:
    """Tell every worker these versions moved, when the current transaction commits."""
    if connection.vendor != "postgresql" or not keys:
        return
    payload = ",".join(sorted(keys))
    if len(payload.encode()) > NOTIFY_LIMIT:
        payload = EVERYTHING
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload])
    # This worker knows at once; the others, when their thread hears it.
    transaction.on_commit(lambda: memo.forget(set(keys)), robust=True)
