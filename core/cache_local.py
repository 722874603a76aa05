"""This worker's own level of the cache (core/cache.py): an LRU bounded in bytes."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from cachetools import LRUCache


def _size(value: Any) -> int:
    if isinstance(value, bytes | str):
        return len(value)
    if isinstance(value, tuple | list):
        return sum(_size(part) for part in value) + 64
    return 64


class LocalCache:
    """An LRU of this process, bounded in bytes; entries over a quarter of it are not kept.

    A quarter, not less: at national size the whole network's feed (12.5 MB) and
    ``groups.json`` (11.4 MB) are under it with the default 64 MB, and kept here they cost no
    fetch and unpickling of megabytes from the shared cache each time they are asked for.
    """

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
        if _size(value) * 4 > self.max_bytes:
            return
        with self._lock:
            self._entries[key] = value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    @property
    def size(self) -> int:
        return self._entries.currsize
