"""The two cache levels (core/cache.py): this worker's LRU in bytes, then the shared cache."""

from django.core.cache import cache as shared

from core import cache
from core.cache_local import LocalCache


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


def test_an_entry_over_a_quarter_of_the_local_level_stays_out_of_it():
    local = LocalCache(max_bytes=8_000)
    local.set("big", b"x" * 2_001)
    local.set("small", b"x" * 2_000)
    assert (local.get("big"), local.get("small")) == (None, b"x" * 2_000)


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


def test_get_or_build_builds_again_what_is_no_longer_fresh():
    cache.put("f", (b"old", 1))
    assert cache.get_or_build("f", lambda: (b"new", 2), fresh=lambda value: value[1] > 1) == (
        b"new",
        2,
    )
    assert cache.get("f") == (b"new", 2)
    assert cache.get_or_build("f", lambda: (b"newer", 3), fresh=lambda value: value[1] > 1) == (
        b"new",
        2,
    )


def test_get_or_build_asks_may_build_only_when_there_is_something_to_build():
    asked = []
    refuse = lambda: asked.append(1) or False  # noqa: E731
    assert cache.get_or_build("m", lambda: b"built", may_build=refuse) is None
    assert (asked, cache.get("m")) == ([1], None)
    assert cache.get_or_build("m", lambda: b"built", may_build=lambda: True) == b"built"
    assert cache.get_or_build("m", lambda: b"other", may_build=refuse) == b"built"
    assert asked == [1]


def test_get_or_build_many_builds_only_the_missing_and_keeps_them_where_it_is_told():
    cache.local.set("k1", b"one")
    asked = []

    def build(missing):
        asked.append(missing)
        yield 2, "k2-newer", b"two"  # kept under the key of what was read with it
        # 3 is not given: it is left out, and nothing is kept for it

    found = cache.get_or_build_many({1: "k1", 2: "k2", 3: "k3"}, build)
    assert (found, asked) == ({1: b"one", 2: b"two"}, [[2, 3]])
    assert (cache.local.get("k2-newer"), cache.local.get("k2"), shared.get("k2-newer")) == (
        b"two",
        None,
        b"two",
    )


def test_get_or_build_many_in_a_new_worker_builds_only_what_no_worker_has():
    def build(missing):
        asked.append(missing)
        for id_ in missing:
            yield id_, f"k{id_}", f"v{id_}".encode()

    asked = []
    first = cache.get_or_build_many({1: "k1", 2: "k2"}, build)
    cache.local.clear()  # another worker, or this one restarted: its memory is empty
    again = cache.get_or_build_many({1: "k1", 2: "k2", 3: "k3"}, build)
    assert (first, again, asked) == (
        {1: b"v1", 2: b"v2"},
        {1: b"v1", 2: b"v2", 3: b"v3"},
        [[1, 2], [3]],
    )
    assert cache.local.get("k1") == b"v1"  # kept here once read from the shared cache


def test_get_or_build_many_keeps_small_values_out_of_the_database_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "peerhub_cache",
        }
    }
    asked = []

    def build(missing):
        asked.append(missing)
        yield from ((id_, f"k{id_}", b"v") for id_ in missing)

    cache.get_or_build_many({1: "k1"}, build)
    cache.local.clear()
    cache.get_or_build_many({1: "k1"}, build)  # no row was written, none is read
    assert asked == [[1], [1]]


def test_kept_when_complete_keeps_the_whole_only_once_all_is_sent():
    stream = cache.kept_when_complete("s", iter([b"a", b"b"]))
    assert next(stream) == b"a"
    assert cache.get("s") is None
    assert list(stream) == [b"b"]
    assert cache.get("s") == b"ab"


def _entry_of_a_module_that_is_gone(key: str) -> None:
    """A value pickled by code that has since moved (as a deploy that renames a module leaves)."""
    import sys
    import types

    module = types.ModuleType("peerhub_moved_away")
    module.Part = type("Part", (tuple,), {"__module__": "peerhub_moved_away"})
    sys.modules["peerhub_moved_away"] = module
    try:
        shared.set(key, module.Part((b"old",)))
    finally:
        del sys.modules["peerhub_moved_away"]


def test_an_entry_the_code_can_no_longer_read_is_a_miss_and_is_built_again(caplog):
    key = cache.key("page:group", "unreadable")
    _entry_of_a_module_that_is_gone(key)
    assert cache.get(key) is None
    assert cache.get_or_build(key, lambda: b"built now") == b"built now"
    assert shared.get(key) == b"built now"  # the unreadable entry is replaced
    assert "could not be read" in caplog.text
