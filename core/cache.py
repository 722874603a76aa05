"""Built feeds and page parts, cached under the version of the data they show.

Every key names a version (a ``FeedVersion`` token, or a group's ``sequence`` and
``updated_at``), so a cached copy is never stale and nothing is ever deleted: a change makes new
keys and old entries age out. Two levels, both asked in order before anything is built:

1. this worker's memory, an LRU bounded in bytes (``LOCAL_CACHE_MB``), so a warm feed costs no
   cache round trip at all;
2. the cache every app server shares (``CACHE_URL``, the database cache by default), so one
   worker's build serves the others and the other machines.

Every key is made by ``key()``, from the parts the value depends on, never by joining strings.

Values are ``bytes`` or ``str`` (their size is their length) or small tuples of them. Some
values live only in this worker's memory (``local``): ones too many and too small to be worth a
round trip, such as each group's calendar text (``publishing/feeds.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Callable, Iterable
from typing import Any

from cachetools import LRUCache
from django.conf import settings
from django.core.cache import cache as shared

TIMEOUT = 60 * 60 * 24  # keys are versions, so age only frees room


def key(namespace: str, *parts: Any) -> str:
    """The cache key of ``parts`` under ``namespace``.

    The parts are encoded as JSON, where every string is quoted and escaped, so no value typed
    into one part can produce the encoding of other parts (``q="a&type=b"`` is not ``q="a"``
    and ``type="b"``), and a number, None or a date is never the string that spells it. The
    digest keeps the key short and free of characters a cache server treats specially.
    """
    return f"{namespace}:{digest(*parts)}"


def digest(*parts: Any) -> str:
    """The SHA-256 (hex) of the unambiguous encoding of ``parts`` (see ``key``)."""
    encoded = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=_tagged)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _tagged(value: Any) -> dict:
    """Dates, times and the like as {type: text}, so never equal to a plain string."""
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return {type(value).__name__: str(value)}
    if isinstance(value, set | frozenset):
        return {"set": sorted(value)}
    raise TypeError(f"No cache key encoding for {type(value).__name__}: pass plain values.")


def _size(value: Any) -> int:
    if isinstance(value, bytes | str):
        return len(value)
    if isinstance(value, tuple | list):
        return sum(_size(part) for part in value) + 64
    return 64


class LocalCache:
    """An LRU of this process, bounded in bytes; entries over an eighth of it are not kept."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: LRUCache = LRUCache(maxsize=max(max_bytes, 1), getsizeof=_size)
        self._lock = threading.Lock()  # gthread workers share it between threads

    def get(self, key: str) -> Any:
        with self._lock:
            return self._entries.get(key)

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        with self._lock:
            return {key: self._entries[key] for key in keys if key in self._entries}

    def set(self, key: str, value: Any) -> None:
        if _size(value) * 8 > self.max_bytes:
            return
        with self._lock:
            self._entries[key] = value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    @property
    def size(self) -> int:
        return self._entries.currsize


local = LocalCache(settings.LOCAL_CACHE_MB * 1024 * 1024)


def get(key: str) -> Any:
    """The value from this worker, else from the shared cache (kept here too); None if neither."""
    value = local.get(key)
    if value is None:
        value = shared.get(key)
        if value is not None:
            local.set(key, value)
    return value


def put(key: str, value: Any) -> None:
    local.set(key, value)
    shared.set(key, value, TIMEOUT)


def get_or_build(key: str, build: Callable[[], Any]) -> Any:
    value = get(key)
    if value is None:
        value = build()
        put(key, value)
    return value
