"""One build at a time of each value (core/cache.py: ``claim_build``, ``get_or_build``): what
another request is building is waited for, not built again; a build that fails lets go."""

import threading
import time

import pytest
from django.core.cache import cache as shared

from core import cache


def test_a_claim_is_had_by_one_caller_until_it_lets_go():
    assert cache.claim_build("k")
    assert not cache.claim_build("k")
    assert cache.being_built("k")
    cache.release_build("k")
    assert not cache.being_built("k")
    assert cache.claim_build("k")


def test_while_another_builds_a_value_get_or_build_waits_for_it_and_builds_nothing(monkeypatch):
    assert cache.claim_build("v")  # another worker's build
    looks = []

    def meanwhile(seconds):
        looks.append(seconds)
        if len(looks) == 3:
            shared.set("v", b"built by the other")  # it is done

    monkeypatch.setattr(cache.time, "sleep", meanwhile)
    built = []
    value = cache.get_or_build("v", lambda: built.append(1) or b"built here")

    assert (value, built, len(looks)) == (b"built by the other", [], 3)
    assert cache.local.get("v") == b"built by the other"


def test_a_stale_value_in_this_worker_is_not_taken_for_the_other_build(monkeypatch):
    cache.local.set("f", (b"old", 1))
    assert cache.claim_build("f")
    looks = []

    def meanwhile(seconds):
        looks.append(seconds)
        if len(looks) == 2:
            shared.set("f", (b"new", 2))

    monkeypatch.setattr(cache.time, "sleep", meanwhile)
    value = cache.get_or_build("f", lambda: (b"here", 3), fresh=lambda value: value[1] > 1)

    assert (value, len(looks)) == ((b"new", 2), 2)


def test_a_build_that_takes_too_long_elsewhere_is_made_here_too(monkeypatch):
    monkeypatch.setattr(cache, "WAIT_FOR_BUILD", 0.05)
    assert cache.claim_build("slow")

    assert cache.get_or_build("slow", lambda: b"built here") == b"built here"
    assert cache.get("slow") == b"built here"
    assert cache.being_built("slow")  # the other's claim is the other's to let go


def test_a_build_that_fails_lets_go_of_its_claim():
    def broken():
        raise RuntimeError("the build failed")

    with pytest.raises(RuntimeError, match="the build failed"):
        cache.get_or_build("broken", broken)

    assert not cache.being_built("broken")
    assert cache.get_or_build("broken", lambda: b"fixed") == b"fixed"


def test_requests_at_the_same_time_build_a_value_once():
    builds = []
    answers = []
    start = threading.Barrier(6)

    def build():
        builds.append(1)
        time.sleep(0.2)
        return b"the one build"

    def ask():
        start.wait()
        answers.append(cache.get_or_build("same", build))

    askers = [threading.Thread(target=ask) for _ in range(6)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()

    assert (builds, answers) == ([1], [b"the one build"] * 6)
    assert not cache.being_built("same")


# The version before, while another builds (``before``, ``latest_key``) ------------------------


def never_sleeps(seconds):
    raise AssertionError("waited for another's build")


def test_while_another_builds_a_version_the_one_before_is_answered_at_once(monkeypatch):
    before = cache.latest_key("page:choices")
    assert cache.get_or_build("v1", lambda: b"version 1", before=before) == b"version 1"
    assert cache.claim_build("v2")  # another worker builds version 2
    monkeypatch.setattr(cache.time, "sleep", never_sleeps)
    built = []

    value = cache.get_or_build("v2", lambda: built.append(1) or b"version 2", before=before)

    assert (value, built) == (b"version 1", [])
    assert cache.get("v2") is None  # nothing kept under the version being built
    cache.release_build("v2")
    # Its builder, and every request after it, get the new version; it is then the one before.
    assert cache.get_or_build("v2", lambda: b"version 2", before=before) == b"version 2"
    assert cache.claim_build("v3")
    assert cache.get_or_build("v3", lambda: b"version 3", before=before) == b"version 2"


def test_with_no_version_before_kept_a_request_waits_for_the_build(monkeypatch):
    before = cache.latest_key("page:choices")
    assert cache.claim_build("w1")
    looks = []

    def meanwhile(seconds):
        looks.append(seconds)
        shared.set("w1", b"built by the other")

    monkeypatch.setattr(cache.time, "sleep", meanwhile)
    assert cache.get_or_build("w1", lambda: b"built here", before=before) == b"built by the other"
    assert len(looks) == 1


def test_a_version_before_that_is_no_longer_fresh_is_not_answered(monkeypatch):
    before = cache.latest_key("page:group", "en", 1)
    cache.get_or_build("g1", lambda: (b"old", 1), before=before)
    assert cache.claim_build("g2")
    monkeypatch.setattr(cache, "WAIT_FOR_BUILD", 0.05)

    value = cache.get_or_build("g2", lambda: (b"new", 2), fresh=lambda v: v[1] > 1, before=before)

    assert value == (b"new", 2)  # built here after the wait, not the stale one


def test_the_version_before_is_named_under_its_namespace_and_format(monkeypatch):
    with pytest.raises(ValueError, match="not declared"):
        cache.latest_key("page:nothing")
    assert cache.latest_key("page:filters", "en") != cache.latest_key("page:calendar", "en")
    was = cache.latest_key("page:filters", "en")
    monkeypatch.setitem(cache.FORMATS, "page:filters", cache.FORMATS["page:filters"] + 1)
    assert cache.latest_key("page:filters", "en") != was


def test_only_a_request_that_builds_is_counted_against_its_clients_builds(monkeypatch):
    """``may_build`` (a client's limit of builds) is asked by the request that builds, not by
    those answered the version before or the builder's value meanwhile: after a coordinator's
    change, the readers of one address that came during the rebuild built nothing."""
    before = cache.latest_key("page:choices")
    cache.get_or_build("x1", lambda: b"version 1", before=before)
    asked = []
    counted = lambda: asked.append(1) or True  # noqa: E731
    assert cache.claim_build("x2")  # another request builds version 2
    monkeypatch.setattr(cache.time, "sleep", never_sleeps)

    value = cache.get_or_build("x2", lambda: b"here", before=before, may_build=counted)

    assert (value, asked) == (b"version 1", [])
    monkeypatch.undo()
    shared.set("x2", b"version 2")  # the other's build, kept
    assert cache.get_or_build("x2", lambda: b"here", before=before, may_build=counted) == (
        b"version 2"
    )
    cache.release_build("x2")
    assert asked == []
    assert cache.get_or_build("x3", lambda: b"version 3", may_build=counted) == b"version 3"
    assert asked == [1]
