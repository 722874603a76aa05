"""Builds handed to the task worker, so that a change never holds up a web worker.

After a change, the first visitor to ask for a kept answer whose version moved (a public page,
a feed, an API answer) used to build it in its web worker: 30 to 65 ms at national size, and
every request that came to that worker meanwhile waited behind it. With ``BUILD_IN_WORKER``
(on in production), that visitor hands the build over (``core.cache.hand_over``) and is
answered the version before, as every other visitor already was while a build was under way;
the task worker of the ``build`` queue (``manage.py build_worker``, the compose file's
``builder``) asks for the same address as a visitor not signed in, through the whole
middleware (``build``), so it builds the very answer visitors are given, under the same key.

Nothing is built ahead of being asked for: only an answer that a visitor asked for, and that
was built before, is handed over, so the worker builds what is read and nothing else.

A worker takes one build at a time, so a long one (the whole network's feed, ``groups.json`` or
a sitemap page at national size: seconds) would hold up every short one queued behind it, and a
change to one region would wait for it. So each build's time is kept per address (``took``),
and an address whose last build took longer than ``LONG_BUILD_SECONDS`` is queued on a queue of
its own, ``LONG_QUEUE``, with a worker of its own (the compose file's ``builder-long``). An
address built for the first time goes to ``QUEUE``, unless its builder finds, before it starts,
that it has more to build than a request should (``LongBuild``: the whole network's feed with
no group's events stored, after a release that skipped ``store_feed_events``): then it goes to
``LONG_QUEUE`` even with nothing kept before it, and visitors are answered ``503`` with
``Retry-After`` until it is built, instead of one of them building it past gunicorn's timeout.
A build handed over is marked under way in the shared cache (``mark_under_way``) until the
worker has finished it, with the mark of the last version of that value built
(``builds_done``), so that an answer a web worker kept of the version before may be given
meanwhile only while it is the last one built (groups/kept_answers.py, a stand-in).
Should the worker not have built the answer within its claim (``core.cache.HAND_OVER_SECONDS``,
or ``BUILD_CLAIM_SECONDS`` for a ``LongBuild``: stopped, or behind), the next visitor builds it
in the request, as without the setting.
"""

from __future__ import annotations

import io
import logging
import secrets
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import unquote_to_bytes, urlsplit

from django.conf import settings
from django.core.cache import cache as shared
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import get_internal_wsgi_application
from django.db import DatabaseError
from django_tasks import task

from core.cache_keys import key

QUEUE = "build"
LONG_QUEUE = "build-long"
LONG_BUILD_SECONDS = 0.5
LOOK_EVERY = 0.05  # seconds between a builder's looks for a build, while it has none
TOOK_SECONDS = 60 * 60 * 24 * 7  # how long a build's time (and its mark) is remembered
NEVER = "never"  # ``builds_done`` of a value no build of which is remembered
# At most this many groups' parts (a feed's events, a list's items) are built in a web request
# (1.7 s on the bench's slowest machine, where the network's 18,000 took 31 s, past gunicorn's
# 30 s timeout); an answer with more to build goes to the long queue's worker (``LongBuild``).
BUILT_IN_A_REQUEST = 1_000
BEING_BUILT_RETRY = 10  # seconds: Retry-After of the 503 answered meanwhile
HANDED_LONG = "handed to the long queue's task worker (too long to build in a request)"
BUILT_LONG = "being built by the long queue's task worker"

logger = logging.getLogger(__name__)

_in_worker: ContextVar[bool] = ContextVar("building_in_worker", default=False)
_long_handed: ContextVar[bool] = ContextVar("long_builds_handed_over", default=False)
_answer_name: ContextVar[str | None] = ContextVar("answer_name", default=None)
_handler: WSGIHandler | None = None


def building_in_worker() -> bool:
    """Whether this code runs for ``build``: then it builds what it misses, claimed or not."""
    return _in_worker.get()


def enabled() -> bool:
    return settings.BUILD_IN_WORKER and not _in_worker.get()


def took(address: str) -> float | None:
    """How many seconds the worker's last build of ``address`` took, if it is remembered."""
    return shared.get(key("build-took", address))


def builds_done(name: str) -> str:
    """A mark of the last version of the value ``name`` built and kept (``finished``: by the
    worker or a request), new with each one (random, so that none is ever given twice);
    ``NEVER`` if none is remembered (``TOOK_SECONDS``). ``name`` is the value's, whatever its
    version (``core.cache_keys.latest_key``), not an address: an answer asked for at two
    addresses (two names of the site, two app servers) is one value, built for either."""
    return shared.get(key("builds-done", name)) or NEVER


def mark_under_way(name: str | None, seconds: float) -> None:
    """Before a build of the value ``name`` is handed over: say so, for ``seconds`` at most (its
    claim), with the mark of the last version built before it (``under_way``). Nothing for a
    build of no name (nothing kept before it to stand in)."""
    if name is not None:
        shared.set(key("build-under-way", name), builds_done(name), seconds)


def unmark(name: str | None) -> None:
    if name is not None:
        shared.delete(key("build-under-way", name))


def under_way(name: str) -> str | None:
    """With a build of the value ``name`` handed over and not finished: the mark of the last
    version of it built before (``builds_done``), so that an answer kept under that mark is the
    last one built (groups/kept_answers.py: a stand-in); None when no build is under way."""
    return shared.get(key("build-under-way", name))


def finished(name: str) -> None:
    """A new version of the value ``name`` is built and kept, wherever (``core.cache``): a new
    mark for it, then a hand-over's mark let go."""
    shared.set(key("builds-done", name), secrets.token_hex(8), TOOK_SECONDS)
    unmark(name)


def answering(name: str) -> None:
    """The answer being made is the value ``name`` (``builds_done``), for an answer kept whole in
    a worker (groups/kept_answers.py, ``naming``)."""
    _answer_name.set(name)


@contextmanager
def naming() -> Iterator[Callable[[], str | None]]:
    """Within it, the name of the value the answer made so far is (``answering``), if any."""
    token = _answer_name.set(None)
    try:
        yield _answer_name.get
    finally:
        _answer_name.reset(token)


def queue_for(address: str) -> str:
    seconds = took(address)
    return LONG_QUEUE if seconds is not None and seconds > LONG_BUILD_SECONDS else QUEUE


class LongBuild(Exception):  # noqa: N818 (a decision, not an error)
    """Raised by a builder, before it has given anything, when it has more to build than a web
    request should (more than gunicorn lets a request run, on a slow day): the caller hands the
    build to ``LONG_QUEUE``'s worker (``core.cache.hand_over``) instead of starting it."""


class BeingBuilt(Exception):  # noqa: N818 (an answer to give, not an error)
    """Raised by ``core.cache.get_or_build`` when the value asked for is being built by the
    long queue's worker, with none kept before: the view answers ``503`` with ``Retry-After``
    (``BEING_BUILT_RETRY``). ``handed``: this very request handed it over."""

    def __init__(self, *, handed: bool):
        super().__init__(HANDED_LONG if handed else BUILT_LONG)
        self.handed = handed


@contextmanager
def long_builds_handed_over(handed: bool) -> Iterator[None]:
    """While building a value: whether an answer with more to build than a request should is
    handed to the long queue's worker (``refuse_long``), as ``core.cache.get_or_build`` says
    for each value it builds (only for a visitor not signed in, with a task worker)."""
    marked = _long_handed.set(handed)
    try:
        yield
    finally:
        _long_handed.reset(marked)


def refuse_long(count: int) -> None:
    """Before building ``count`` groups' parts: ``LongBuild`` when they are more than
    ``BUILT_IN_A_REQUEST`` and the build can be handed over (``long_builds_handed_over``)."""
    if count > BUILT_IN_A_REQUEST and _long_handed.get():
        raise LongBuild


def hand_to_worker(address: str, *, long: bool = False, name: str | None = None) -> bool:
    """Queue the build of ``address`` (the address the visitor asked for, whole:
    ``request.build_absolute_uri()``; the value ``name``), on ``LONG_QUEUE`` if it is ``long``
    or its last build was; False when the queue cannot take it (its table away)."""
    try:
        build.using(queue_name=LONG_QUEUE if long else queue_for(address)).enqueue(address, name)
    except DatabaseError as error:
        logger.warning("The build of %s could not be handed over (%s); built here", address, error)
        return False
    return True


def warm() -> None:
    """What a web worker has done before its first request, done by a builder before its first
    build (``manage.py build_worker``): the site's application loaded as gunicorn loads it
    (``WSGI_APPLICATION``: peerhub/wsgi.py, its checks and its warm-up: the URLs and every view,
    the templates compiled, the translations), the cache backends loaded (importing Redis's
    took 120 ms) and the handler builds go through made. Measured on the bench's propagation
    row (*national*, a builder that had built nothing yet, six to eight runs each): its first
    build took 141 to 250 ms (91 to 137 now; the builds after it, 43 to 72, have the groups'
    texts in their memory), it was picked up 150 to 170 ms after it was handed over (13 to 65
    now: the task's module was imported then), and the change was seen 287 to 421 ms after it
    was committed (135 to 208 now)."""
    get_internal_wsgi_application()
    for alias in settings.CACHES:
        caches[alias]  # noqa: B018 - the backend's module is imported on first use
    _handler_made()


def _handler_made() -> WSGIHandler:
    """The handler this process's builds go through (settings.MIDDLEWARE, made once)."""
    global _handler
    if _handler is None:
        _handler = WSGIHandler()
    return _handler


@task(queue_name=QUEUE)
def build(address: str, name: str | None = None) -> int:
    """Ask for ``address`` as a visitor not signed in; what its answer is made of is built and
    kept on the way (the value ``name``: its hand-over's mark let go, built or not). The
    answer's status, for the task's record."""
    handler = _handler_made()
    status = []
    started = time.monotonic()
    marked = _in_worker.set(True)
    try:
        answer = handler(_environ(address), lambda line, headers, *_: status.append(line))
        try:
            for _chunk in answer:  # a streamed feed is kept once it has all been read
                pass
        finally:
            if hasattr(answer, "close"):
                answer.close()
    finally:
        _in_worker.reset(marked)
        unmark(name)
    shared.set(key("build-took", address), time.monotonic() - started, TOOK_SECONDS)
    code = int(status[0].split()[0]) if status else 0
    if code != 200:
        # A 404 is a page gone meanwhile (a group made private); anything else leaves the build
        # to the visitors, after HAND_OVER_SECONDS.
        level = logging.INFO if code == 404 else logging.WARNING
        logger.log(level, "Building %s in the worker was answered %s", address, code)
    return code


def _environ(address: str) -> dict:
    """The WSGI request of a visitor not signed in asking for ``address``: on its own scheme
    and host (the visitor's, which ALLOWED_HOSTS let through), or for a path alone, on
    ``SITE_URL``'s."""
    asked = urlsplit(address)
    site = asked if asked.netloc else urlsplit(settings.SITE_URL)
    scheme = site.scheme or "https"
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        # WSGI gives the path undecoded from UTF-8: its bytes, one character each.
        "PATH_INFO": unquote_to_bytes(asked.path or "/").decode("latin-1"),
        "QUERY_STRING": asked.query,
        "SERVER_NAME": site.hostname or "localhost",
        "SERVER_PORT": str(site.port or (443 if scheme == "https" else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": site.netloc,
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_X_FORWARDED_FOR": "127.0.0.1",  # as a proxy of ours would say (TRUSTED_PROXY_COUNT)
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
