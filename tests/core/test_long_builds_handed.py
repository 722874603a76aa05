"""Which builds may say they are too long for a request (core/cache.py ``get_or_build``,
core/build_ahead.py ``refuse_long``): only the value a visitor not signed in asks for, at an
address, with a task worker; never a value built on the way to another (each says for itself),
nor one built with no address, nor in the worker. At ``BUILT_IN_A_REQUEST`` exactly, the
request builds it."""

import pytest

from core import build_ahead, cache
from tests.build_queue import handed
from tests.caches import clear_caches

pytestmark = pytest.mark.django_db

ADDRESS = "http://testserver/api/v1/groups.json"


def parts(count: int) -> bytes:
    """A value made of ``count`` groups' parts, as ``groups.kept.kept_per_group`` builds one."""
    build_ahead.refuse_long(count)
    return b"built"


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setattr(build_ahead, "BUILT_IN_A_REQUEST", 3)


def test_a_visitors_value_with_too_many_parts_is_handed_to_the_long_queue(queue, small):
    with pytest.raises(build_ahead.BeingBuilt) as raised:
        cache.get_or_build("v", lambda: parts(4), address=ADDRESS)
    assert (raised.value.handed, handed(queue)) == (True, [("build-long", ADDRESS)])
    assert cache.being_built("v")  # the claim stays, for the worker
    with pytest.raises(build_ahead.BeingBuilt) as again:
        cache.get_or_build("v", lambda: parts(4), address=ADDRESS)
    assert (again.value.handed, len(handed(queue))) == (False, 1)


def test_at_the_limit_exactly_the_request_builds_it(queue, small):
    assert cache.get_or_build("v", lambda: parts(3), address=ADDRESS) == b"built"
    assert (handed(queue), cache.being_built("v")) == ([], False)


@pytest.mark.parametrize("address", [None, ADDRESS])
def test_a_value_built_on_the_way_to_another_never_says_so(queue, small, address):
    """The inner value has no address: built here, whatever the outer one may do."""
    inner = []

    def outer() -> bytes:
        inner.append(cache.get_or_build("inner", lambda: parts(4)))
        return b"outer"

    assert cache.get_or_build("outer", outer, address=address) == b"outer"
    assert (inner, handed(queue)) == ([b"built"], [])


def test_without_an_address_or_a_worker_it_is_built_here(client, queue, small, settings):
    assert cache.get_or_build("a", lambda: parts(4)) == b"built"
    settings.BUILD_IN_WORKER = False
    clear_caches()
    assert cache.get_or_build("b", lambda: parts(4), address=ADDRESS) == b"built"
    assert handed(queue) == []


def test_outside_any_build_nothing_is_refused(small):
    assert parts(4) == b"built"


def test_the_worker_builds_what_it_was_handed(queue, small):
    with pytest.raises(build_ahead.BeingBuilt):
        cache.get_or_build("v", lambda: parts(4), address=ADDRESS)
    marked = build_ahead._in_worker.set(True)
    try:
        assert cache.get_or_build("v", lambda: parts(4), address=ADDRESS) == b"built"
    finally:
        build_ahead._in_worker.reset(marked)
    assert (cache.being_built("v"), cache.get("v")) == (False, b"built")
