"""The two cache levels (core/cache.py): this worker's LRU in bytes, then the shared cache."""

from django.core.cache import cache as shared

from core import cache
from core.cache import LocalCache


def test_the_local_level_is_bounded_in_bytes_and_drops_the_least_recently_used():
    local = LocalCache(max_bytes=8_000)
    local.set("a", b"x" * 900)
    local.set("b", b"y" * 900)
    assert local.get("a") == b"x" * 900  # a is now the most recently used
    for n in range(7):
        local.set(f"filler{n}", b"z" * 900)
    assert (local.get("a"), local.get("b")) == (b"x" * 900, None)
    assert local.size <= 8_000


def test_get_many_returns_what_the_local_level_has():
    local = LocalCache(max_bytes=8_000)
    local.set("a", b"1")
    local.set("b", "two")
    assert local.get_many(["a", "b", "c"]) == {"a": b"1", "b": "two"}


def test_an_entry_over_an_eighth_of_the_local_level_stays_out_of_it():
    local = LocalCache(max_bytes=8_000)
    local.set("big", b"x" * 1_001)
    local.set("small", b"x" * 1_000)
    assert (local.get("big"), local.get("small")) == (None, b"x" * 1_000)


def test_a_value_only_the_shared_cache_has_is_kept_locally_once_read():
    shared.set("k", b"from another worker")
    assert cache.local.get("k") is None
    assert cache.get("k") == b"from another worker"
    shared.delete("k")
    assert cache.get("k") == b"from another worker"  # now from this worker's memory


def test_get_or_build_builds_once_and_shares_the_result():
    calls = []
    assert cache.get_or_build("b", lambda: calls.append(1) or b"built") == b"built"
    cache.local.clear()
    assert cache.get_or_build("b", lambda: calls.append(1) or b"again") == b"built"
    assert (calls, shared.get("b")) == ([1], b"built")
