"""Feed versions kept in each worker's memory, kept exact by PostgreSQL's LISTEN/NOTIFY.

A warm feed, page part or API answer costs one query: the version of the data it shows. With
``FEED_VERSIONS_LISTEN`` on PostgreSQL, each worker process runs one thread that LISTENs on a
channel, and ``freshness.feed_versions_touch`` NOTIFYs the keys it moves inside the change's own
transaction, so the notification is delivered when the change is committed and never before.
A worker keeps the versions it has read until a notification names them (or, as a backstop for
what no notification covers, such as a deleted region, for ``HOLD`` seconds). Until its thread is
listening, and whenever it has lost its connection, it keeps nothing: every request asks the
database, as without the setting.

A read races a notification in two ways, and neither can serve or keep an old version:

- The version was read before the change committed and would be kept after the notification
  dropped it. ``remember`` refuses a value read before the latest notification (``generation``).
- A request asks the memo after the change committed but before the thread has acted on the
  notification (it may not have been given the CPU yet). ``get`` trusts the memo only while the
  thread's connection has nothing waiting to be read and the thread is not in the middle of
  reading it (``hearing``); otherwise the request asks the database. So once PostgreSQL has
  delivered the notification to a worker's connection, no request on that worker answers from
  what the change made old.
"""

from __future__ import annotations

import logging
import os
import select
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
WAKE = 5.0  # seconds: how often an idle listening thread looks whether it is asked to stop

logger = logging.getLogger(__name__)


class Memo:
    """Values read under a feed's version key, dropped when a notification names the key."""

    def __init__(self, *, hold: float = HOLD):
        self.hold = hold
        self._lock = threading.Lock()
        self._entries: dict[Hashable, tuple[str, float, Any]] = {}  # (version key, when, value)
        self._generation = 0
        self._listening = False
        self._fd: int | None = None  # the listening connection's socket
        self._hearing = 0  # > 0 while the thread reads and acts on notifications

    @property
    def listening(self) -> bool:
        return self._listening

    def generation(self) -> int:
        """Read before asking the database; give it back to ``remember``."""
        return self._generation

    def get(self, key: Hashable) -> Any:
        # In this order: a notification waiting in the socket; then read by the thread, which
        # says so before it reads; then acted on, so the entry is gone.
        if not self._listening or _waiting(self._fd) or self._hearing:
            return None
        entry = self._entries.get(key)
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

    def listen(self, listening: bool, fd: int | None = None) -> None:
        """The thread started (or stopped) hearing notifications on the socket ``fd``: start
        again from nothing."""
        with self._lock:
            self._generation += 1
            self._entries.clear()
            self._listening = listening
            self._fd = fd if listening else None

    def hearing(self, hearing: bool) -> None:
        """The thread starts (True) or has finished (False) reading what its socket holds."""
        with self._lock:
            self._hearing += 1 if hearing else -1


def _waiting(fd: int | None) -> bool:
    """Whether the socket ``fd`` has something to be read (or has been closed by the server)."""
    if fd is None:
        return False
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    try:
        return bool(poller.poll(0))
    except OSError:  # the socket is gone: nothing can be trusted
        return True


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
                try:
                    memo.listen(True, listener.fileno())
                    if lost:
                        logger.warning("Listening to the feed versions channel again")
                        lost = False
                    _hear(listener)
                finally:
                    memo.listen(False)  # before the socket closes and its number is reused
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


def _hear(listener: psycopg.Connection) -> None:
    """Act on notifications as they arrive, until the connection fails or ``stop`` is asked.

    The thread waits for the socket itself, then says it is ``hearing`` before it reads, so a
    request never finds the notification neither waiting in the socket nor acted on.
    """
    poller = select.poll()
    poller.register(listener.fileno(), select.POLLIN)
    while not _listener.get("stopping"):
        if not poller.poll(WAKE * 1000):
            continue
        memo.hearing(True)
        try:
            for note in listener.notifies(timeout=0):
                payload = note.payload
                memo.forget(None if payload == EVERYTHING else set(payload.split(",")))
        finally:
            memo.hearing(False)


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
