"""Built feeds and page parts, cached under the version of the data they show.

Every key names a version (a ``FeedVersion`` token, or a group's ``sequence`` and ``updated_at``),
so a cached copy is never stale: a change makes new keys and old entries age out (the name of
each value's last version, which moves, is kept in the shared cache only: ``point``). Two levels:

1. this worker's memory, an LRU bounded in bytes (``LOCAL_CACHE_MB``), so a warm feed costs no
   cache round trip at all;
2. the cache every app server shares (``CACHE_URL``, the database cache by default), so one
   worker's build serves the others and the other machines.

Every key is made by ``key()`` (core/cache_keys.py), from the parts the value depends on, never
by joining strings, under a namespace declared in ``FORMATS`` with the shape of what it holds;
and every value is looked up and kept by the helpers below (``get_or_build``,
``get_or_build_many``, ``kept_when_complete``), never by hand. Each value is built once at a
time, across every worker and server: the first request to miss it claims its build
(``claim_build``) and the others answer with the version before it (``latest_key``;
publishing/feed_responses.py for the feeds), or, where there is none, wait for it
(``get_or_build``). A reader that misses a value learns whether it is being built in the same
round trip (``look``), so every reader until that build is done costs one trip to the shared
cache, not three. With ``BUILD_IN_WORKER``, that first request hands the build to the task
worker instead (``hand_over``).

Values are ``bytes`` or ``str`` (their size is their length) or small tuples of them. Many
small values asked for together, such as each group's calendar text (``publishing/feeds.py``),
are looked up in one round trip (``get_or_build_many``), and only when the shared cache is one
that answers them so (Redis); on the database cache they stay in the worker's memory.
"""

from __future__ import annotations

import logging
import pickle
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache import cache as shared
from django.core.cache.backends.db import DatabaseCache

from core import build_ahead
from core.cache_keys import CALENDAR_TEXT, FORMATS, digest, key, latest_key  # noqa: F401
from core.cache_local import LocalCache

TIMEOUT = 60 * 60 * 24  # keys are versions, so age only frees room
# What unpickling an entry written by other code (a module or class since moved) raises.
UNREADABLE = (ImportError, AttributeError, EOFError, TypeError, pickle.UnpicklingError)

logger = logging.getLogger(__name__)

BUILD_CLAIM_SECONDS = 60  # longer than gunicorn lets a request run (its timeout, 30 s)
# How long visitors are answered the version before while the task worker builds a new one
# (``hand_over``); past it, the next visitor builds it in the request.
HAND_OVER_SECONDS = 5
HANDED_SECONDS = 2 * BUILD_CLAIM_SECONDS  # how long a hand-over is remembered (``hand_over``)
WAIT_FOR_BUILD = 2.0  # seconds ``get_or_build`` waits for another's build before its own
LOOK_EVERY = 0.02  # seconds between looks meanwhile


local = LocalCache(settings.LOCAL_CACHE_MB * 1024 * 1024)


def get(key: str) -> Any:
    """The value from this worker, else the shared cache (kept here too); None if neither."""
    value = local.get(key)
    if value is None:
        value = _shared_get(key)
        if value is not None:
            local.set(key, value)
    return value


def kept_here(key: str) -> Any:
    """The value in this worker's memory, else None, without a trip to the shared cache: a warm
    answer's first look, where ``get_or_build``'s own arguments cost something to make. On a
    miss, ``get_or_build`` looks in both (a ``get`` first would ask the shared cache twice)."""
    return local.get(key)


def look(key: str, latest: str | None = None) -> tuple[Any, bool, Any]:
    """The value, as ``get`` gives it, whether another (a task worker, another request) is
    building it, and on a miss, what ``latest`` names (``point``; None if nothing, or found
    here): on a miss here, one round trip to the shared cache asks for all three. Until that
    build is done, every reader takes this path and, with a version before kept, is answered
    that version at once, without asking for the claim or the name again."""
    value = local.get(key)
    if value is not None:
        return value, False, None
    claim = _claim(key)
    found = _shared_get_many([key, claim, *([latest] if latest else [])])
    value = found.get(key)
    if value is not None:
        local.set(key, value)
    return value, claim in found, found.get(latest) if latest else None


def _shared_get(key: str) -> Any:
    """The shared cache's value, or None for one this code cannot read.

    The shared cache outlives a deploy: an entry pickled by code whose classes have since moved
    or changed is a miss (and is built again and replaced), never an error for the visitor.
    """
    try:
        return shared.get(key)
    except UNREADABLE as error:
        logger.warning("A cache entry could not be read (%s: %s); building it again", key, error)
        return None


def put(key: str, value: Any) -> None:
    local.set(key, value)
    shared.set(key, value, TIMEOUT)


def point(name: str, value: Any) -> None:
    """Name the last version built of a value (``latest_key``; a feed's latest entry), in the
    shared cache only: kept in a worker's memory too, that worker answered, while the next was
    built, a version older than the one another worker's readers had already been given."""
    shared.set(name, value, TIMEOUT)


def pointed(name: str) -> Any:
    return _shared_get(name)  # what ``point`` named last, or None


def get_or_build(
    key: str,
    build: Callable[[], Any],
    *,
    fresh: Callable[[Any], bool] | None = None,
    may_build: Callable[[], bool] | None = None,
    before: str | None = None,
    address: str | None = None,
) -> Any:
    """The value under ``key``, else ``build()``, kept under it for the next time.

    Built once: while another request (any worker, any server) builds it, this one waits for
    its value, up to ``WAIT_FOR_BUILD`` seconds, then builds it too rather than keep a visitor
    waiting longer (``claim_build``). With ``before`` (``latest_key``: the same value in any
    version), it does not wait: it gets the last version built, if one is kept, as the feeds
    do (publishing/feed_responses.py); the request that builds a version, and every request
    after it, get that version. With ``fresh``, a value it finds stale is built again (and an
    older version is never taken for it). With ``may_build``, asked only by the request that
    is to build (not by one answered the version before or another's build meanwhile), a no
    gives the version before, if one is kept, else None, and nothing is built (a client over
    its limit of builds). With ``address`` (the whole address a visitor not signed in asks for
    the value at) and a version before kept, the build is handed to the task worker
    (``hand_over``) and this request gets the version before; with nothing kept before, a build
    with more to do than a request should (``build_ahead.LongBuild``) is handed to the long
    queue's, and this request, as every request for it until it is built, gets
    ``build_ahead.BeingBuilt`` to answer (a 503 with Retry-After).
    """

    def usable(value) -> bool:
        return value is not None and (fresh is None or fresh(value))

    if address is not None and before is not None:
        build_ahead.answering(before)  # the answer is this value (groups/kept_answers.py)

    value, building, latest = look(key, before)
    if usable(value):
        return value
    if build_ahead.building_in_worker():  # handed over: the worker builds what it misses
        try:
            return _built(key, build, before)
        finally:
            release_build(key)
    handing = before is not None and (building or for_worker(address))
    kept = _latest(before, latest) if handing else None
    if usable(kept):
        if building or not claim_for_worker(key):
            return _before(kept)  # another builds it (the worker, most often)
        if may_build is not None and not may_build():
            release_build(key)
            return _before(kept)  # over its limit: as every reader meanwhile
        if hand_over(key, address, name=before):
            return _before(kept)  # the claim stays, for the worker
        try:
            return _built(key, build, before)
        finally:
            release_build(key)

    def built_here(long: bool = False) -> Any:
        # Only a request that builds is counted against its client's builds. One over its
        # limit gets the version before where one is kept, else None.
        if may_build is not None and not may_build():
            kept = _latest(before) if before is not None else None
            return _before(kept) if usable(kept) else None
        try:
            return _built(key, build, before, long=long)
        except build_ahead.LongBuild:
            # More to build than a request should: the long queue's worker builds it, with this
            # request's claim. Handed over once already and not built within the claim (the
            # worker stopped, or behind), or the queue cannot take it: built here after all.
            if hand_over(key, address, long=True, name=before):
                raise build_ahead.BeingBuilt(handed=True) from None
            return _built(key, build, before)

    deadline = time.monotonic() + WAIT_FOR_BUILD
    while not claim_build(key):
        if before is not None and usable(value := _latest(before)):
            return _before(value)
        if handed_over_long(key):  # no use waiting seconds for it
            raise build_ahead.BeingBuilt(handed=False)
        if time.monotonic() > deadline:
            return built_here()
        time.sleep(LOOK_EVERY)
        if usable(value := _shared_get(key)):  # where the builder keeps it
            local.set(key, value)
            return value
    handed = False
    try:
        # Built by another between the first look and the claim?
        if usable(value := _shared_get(key)):
            local.set(key, value)
            return value
        return built_here(long=for_worker(address))
    except build_ahead.BeingBuilt:
        handed = True  # the claim stays, for the worker
        raise
    finally:
        if not handed:
            release_build(key)


# Whether the value being built (``_built``) took the version before of a value it is made of.
_from_before: ContextVar[bool] = ContextVar("from_before", default=False)


def _latest(before: str, named: str | None = None) -> Any:
    """The last version built of a value (``latest_key``; ``named``: its key, if just read)."""
    kept = named or pointed(before)
    return None if kept is None else get(kept)


def _before(value: Any) -> Any:
    """A version before, answered: the build this request is in (if any) is not to be kept."""
    _from_before.set(True)
    return value


@contextmanager
def noting_before() -> Iterator[Callable[[], bool]]:
    """Within it, whether anything given so far was a version before (of a value, or of a part
    of one built meanwhile): an answer made so is not kept as the current one."""
    token = _from_before.set(False)
    try:
        yield _from_before.get
    finally:
        seen = _from_before.get()
        _from_before.reset(token)
        if seen:
            _from_before.set(True)


def _built(
    key: str, build: Callable[[], Any], before: str | None = None, *, long: bool = False
) -> Any:
    """``build()``, kept under ``key`` (and named the latest under ``before``). With ``long``,
    more to do than a request should raises ``build_ahead.LongBuild`` first (``refuse_long``).
    A value made of the version before of another (``_before``) is answered, not kept (under
    its new key it would show that older version until the next change), nor any it is in."""
    outer = _from_before.set(False)
    try:
        with build_ahead.long_builds_handed_over(long):
            value = build()
        from_before = _from_before.get()
    finally:
        _from_before.reset(outer)
    if from_before:
        return _before(value)
    put(key, value)
    if before is not None:
        point(before, key)
        build_ahead.finished(before)  # the last version built of it, for stand-ins
    return value


def for_worker(address: str | None) -> bool:
    """Whether a build asked for at ``address`` goes to the task worker (None: private)."""
    return address is not None and build_ahead.enabled()


def claim_for_worker(key: str) -> bool:
    """Whether this request is the one to hand the build of ``key`` to the task worker: it then
    holds the build's claim, ``HAND_OVER_SECONDS`` long, so every other request meanwhile
    answers the version before, as the caller will. Refused (another claimed it since the
    caller's ``look``), the caller answers the version before too, without asking again."""
    return claim_build(key, seconds=HAND_OVER_SECONDS)


def hand_over(value_key: str, address: str, *, long: bool = False, name: str | None = None) -> bool:
    """With ``claim_for_worker``'s claim held (``claim_build``'s for a ``long`` build), hand the
    build to the task worker; False (the caller builds it) when the queue cannot take it, or it
    was handed over once already and its claim ran out (the worker stopped, or behind): the
    mark of a hand-over outlives either claim. ``name``: the value's (``build_ahead``)."""
    if not shared.add(_handed(value_key), long, HANDED_SECONDS):
        return False
    # Marked before it is queued: let go when it is built (``build_ahead.finished``).
    build_ahead.mark_under_way(name, BUILD_CLAIM_SECONDS if long else HAND_OVER_SECONDS)
    if build_ahead.hand_to_worker(address, long=long, name=name):
        return True
    build_ahead.unmark(name)
    return False


def handed_over_long(value_key: str) -> bool:
    """Whether ``value_key`` was handed over as a ``long`` build (no use waiting for it)."""
    return shared.get(_handed(value_key)) is True


def _handed(value_key: str) -> str:
    return key("handed", value_key)


def claim_build(key: str, *, seconds: int = BUILD_CLAIM_SECONDS) -> bool:
    """Whether the caller is the one to build the value of ``key``: the first to ask, across
    every worker and server, until it calls ``release_build`` (or, should it die, ``seconds``
    later); the others wait for it or serve the version before. The shared cache's ``add`` is
    atomic (Redis ``SET NX``; a row's insert in the database cache); with Redis away, claims
    hold in each worker (core/cache_backends.py)."""
    return shared.add(_claim(key), True, seconds)


def being_built(key: str) -> bool:
    return shared.get(_claim(key)) is not None


def release_build(key: str) -> None:
    shared.delete(_claim(key))


def _claim(key_: str) -> str:
    return key("building", key_)


def kept_when_complete(key: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """``chunks`` as they come, for a response to stream; once the last one has gone, the
    whole is kept under ``key``. A stream cut short (the client went away) is not kept."""
    sent = []
    for chunk in chunks:
        sent.append(chunk)
        yield chunk
    put(key, b"".join(sent))


def get_or_build_many(
    keys: Mapping[Hashable, str],
    build: Callable[[list], Iterable[tuple[Hashable, str, Any]]],
) -> dict[Hashable, Any]:
    """The values of many small things, by id: from this worker's memory in one look, then the
    ones it lacks from the shared cache in one round trip, then ``build`` for the rest.

    ``keys`` gives each id's key; ``build(missing ids)`` gives (id, key, value) for the ones
    not found, each kept under the key it names (made from what was read with the value, which
    may be newer than what ``keys`` was made from), here and in the shared cache. An id it does
    not give is left out. The shared cache is asked only when it answers many keys in one round
    trip (Redis, not the database cache, where each value would be a row to write): then a
    worker that is new, or that never built these, builds only what no worker has.
    """
    found = local.get_many(keys.values())
    values = {id_: found[key] for id_, key in keys.items() if key in found}
    missing = {id_: key for id_, key in keys.items() if id_ not in values}
    if missing and _shares_small_values():
        kept = _shared_get_many(list(missing.values()))
        for id_, key in list(missing.items()):
            if key in kept:
                values[id_] = kept[key]
                local.set(key, kept[key])
                del missing[id_]
    if missing:
        built = {}
        for id_, built_key, value in build(list(missing)):
            values[id_] = value
            local.set(built_key, value)
            built[built_key] = value
        if built and _shares_small_values():
            shared.set_many(built, TIMEOUT)
    return {id_: values[id_] for id_ in keys if id_ in values}  # in the order of ``keys``


def _shares_small_values() -> bool:
    return not isinstance(caches[DEFAULT_CACHE_ALIAS], DatabaseCache)


def _shared_get_many(keys: list[str]) -> dict[str, Any]:
    """The shared cache's values of ``keys``; none of them when one cannot be read (as
    ``_shared_get``: an entry of code that has since moved is built again, never an error)."""
    try:
        return shared.get_many(keys)
    except UNREADABLE as error:
        logger.warning("Cache entries could not be read (%s); building them again", error)
        return {}
