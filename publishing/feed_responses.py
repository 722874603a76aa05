"""A feed over HTTP: conditional, cached whole under its version, built once per version.

``feed_response`` answers ``304`` when the client has the current version, else the feed's
bytes from the caches (core/cache.py), else builds them. A version is built once: the first
request to miss it claims the build (``cache.claim_build``, across every worker and server
sharing the cache), and every other request for it in the meantime

1. gets the last version kept of the same feed, with that version's own ``ETag`` and
   ``Last-Modified`` (calendar apps take the new one on their next poll, a few seconds later);
2. else, with nothing kept before (caches emptied), waits up to ``WAIT_FOR_BUILD`` seconds for
   the build, or builds it itself should the builder have stopped without it;
3. else gets a ``503`` with ``Retry-After``, and the worker is free for other visitors.

A build with more to do than a request should (the whole network's feed with no group's events
stored: 18,000 groups, 31 s on the bench's machine, past gunicorn's timeout) is not started in
a request: with a task worker, it goes to the long queue's, and its requests get that ``503``
at once until it is built (``build_ahead.LongBuild``).

Before, every request that came while a feed was being built built it again: after a change,
one region's readers all rebuilt its 300 groups at once, and polls of the whole network's feed
after a restart could hold every worker on the same 15-second build.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from core import build_ahead, cache
from core.client_address import rate_limit_allows
from groups import kept_answers
from groups.models import FeedVersion
from publishing.sharing import PRIVATE, SHARED_FEED, not_stored

CALENDAR_TYPE = "text/calendar; charset=utf-8"
PLAIN = "text/plain; charset=utf-8"
# Filtered feeds built per client address (ACCOUNT_RATE_LIMITS["feed_builds"]).
FEED_BUILDS = "feed_builds"
RETRY_AFTER = 60
TOO_MANY_BUILDS = (
    "Too many new filtered calendars asked for from your address in a short time; try again "
    "in a minute.\n"
)
WAIT_FOR_BUILD = 3.0  # seconds a request waits for another's build when nothing older is kept
LOOK_EVERY = 0.05  # seconds between looks meanwhile
BEING_BUILT = "This calendar is being prepared; try again in a few seconds.\n"
BUILT_ELSEWHERE = "being built by another request or the task worker"

logger = logging.getLogger(__name__)


class CalendarResponse(HttpResponse):
    def __init__(self, body: bytes, *, filename: str, private: bool = False):
        super().__init__(body, content_type=CALENDAR_TYPE)
        self["Content-Disposition"] = f'attachment; filename="{filename}"'
        # A proxy or CDN may share a public feed for a few minutes (publishing/sharing.py);
        # after that, and for calendar apps polling, If-None-Match makes asking again cheap.
        self["Cache-Control"] = PRIVATE if private else SHARED_FEED


def feed_etag(version: FeedVersion, variant) -> str:
    """One ETag per version of a feed: a 304 needs no body, built or cached.

    It moves with the calendar text's format and the site's address, like the feed's bytes;
    spelt as it always has been, so that the copies clients hold stay valid.
    """
    site = hashlib.sha256(settings.SITE_URL.encode()).hexdigest()[:12]
    text_format = f"{cache.CALENDAR_TEXT}:{site}"
    return f'"{cache.digest(version.key, version.token, variant, text_format)[:40]}"'


def feed_response(
    request,
    *,
    version,
    variant,
    chunks,
    filename: str,
    private=False,
    stream=False,
    limit_builds=False,
):
    """A feed: 304 when the client has this version, else its bytes, built once per version.

    ``chunks(hand_over)`` gives the feed's bytes piece by piece. A feed that is not cached yet
    is built and kept whole, or, with ``stream``, sent as it is built and kept once it is
    complete. With ``hand_over`` (a task worker can build it: public, and ``BUILD_IN_WORKER``),
    a feed with more to build than a request should raises ``build_ahead.LongBuild`` before
    giving anything, and is handed to the long queue's worker: ``503`` and ``Retry-After``
    until it is built.
    With ``limit_builds`` (a feed whose variants anyone can multiply with a query), a build
    counts against the client address's limit; a feed already built never does, nor does a
    request answered the version before or another's build while that one is made.
    """
    etag = feed_etag(version, variant)
    changed_at = int(version.changed_at.timestamp())
    latest = cache.key("feed-latest", settings.SITE_URL, version.key, variant)
    build_ahead.answering(latest)  # the feed whatever its version (groups/kept_answers.py)
    response = _answer(request, b"", etag, changed_at, filename=filename, private=private)
    if response.status_code != 200:
        return _current(response)  # 304 (or 412): nothing more to read
    key = cache.key("feed", settings.SITE_URL, version.key, version.token, variant)
    body, building, named = cache.look(key, latest)
    if body is not None:  # warm: nothing more to look up
        response.content = body
        return _current(response)
    # The task worker builds what it was handed (core/build_ahead.py), claimed by the visitor
    # who handed it over; a visitor with the version before kept hands the build over.
    claimed = build_ahead.building_in_worker()
    address = None if private else request.build_absolute_uri()
    handing = not claimed and (building or cache.for_worker(address))
    if handing and (kept := _latest_kept(latest, named)) is not None:
        # Being built by another (the worker, most often), or its claim refused: the version
        # before, as every reader until that build is done.
        claimed = not building and cache.claim_for_worker(key)
        over_limit = claimed and limit_builds and not rate_limit_allows(request, action=FEED_BUILDS)
        if over_limit:
            cache.release_build(key)  # the version before, as every reader meanwhile
        if not claimed or over_limit or cache.hand_over(key, address, name=latest):
            before_etag, before_changed_at, before = kept
            return _answer(
                request, before, before_etag, before_changed_at, filename=filename, private=private
            )
    limit_builds = limit_builds and not claimed  # counted already, or the worker's build
    deadline = time.monotonic() + WAIT_FOR_BUILD
    while body is None and not claimed and not cache.claim_build(key):
        # Another request builds this version: the one before it, else its build, awaited.
        if (kept := _latest_kept(latest)) is not None:
            before_etag, before_changed_at, before = kept
            return _answer(
                request, before, before_etag, before_changed_at, filename=filename, private=private
            )
        if time.monotonic() > deadline or cache.handed_over_long(key):
            # Nothing kept, and this version still being built (by the long queue's worker: no
            # use waiting seconds for it).
            return _being_built(request, BUILT_ELSEWHERE)
        time.sleep(LOOK_EVERY)
        body = cache.get(key)
    if body is None and (body := cache.get(key)) is not None:
        cache.release_build(key)  # built by another between the first look and the claim
    if body is not None:
        response.content = body
        return _current(response)
    # This request builds it: only now is it counted against its client's builds. Over its
    # limit, the version before where one is kept, as every reader meanwhile gets.
    if limit_builds and not rate_limit_allows(request, action=FEED_BUILDS):
        cache.release_build(key)
        if (kept := _latest_kept(latest)) is not None:
            before_etag, before_changed_at, before = kept
            return _answer(
                request, before, before_etag, before_changed_at, filename=filename, private=private
            )
        return _too_many_builds()
    # The first piece is built here, in the view, with the feed's first queries: should the
    # database be away, the answer is still a clean 503 (peerhub/errors.py), not a 200 cut short.
    kept = (latest, (etag, changed_at, key))
    try:
        built = _built_once(key, chunks(cache.for_worker(address)), kept=kept)
        first = next(built)
    except build_ahead.LongBuild:
        # More to build than a request should: the long queue's worker builds it, with this
        # request's claim, and every request until it is built gets a 503 with Retry-After.
        if cache.hand_over(key, address, long=True, name=latest):
            return _being_built(request, build_ahead.HANDED_LONG)
        # Handed over once already and not built within its claim (the worker stopped, or
        # behind), or the queue cannot take it: built here after all, as without a worker.
        built = _built_once(key, chunks(False), kept=kept)
        first = next(built)
    if not stream:
        response.content = first + b"".join(built)
        return response
    streamed = StreamingHttpResponse(_chained(first, built), content_type=CALENDAR_TYPE)
    for name in ("Content-Disposition", "Cache-Control", "ETag", "Last-Modified"):
        streamed[name] = response[name]
    return streamed


def _current(response):
    """The answer of the version read: kept whole in the worker while that version stands
    (``groups/kept_answers.py``; never a private feed's, which is ``private``)."""
    return kept_answers.keep(response)


def _answer(request, body: bytes, etag: str, changed_at: int, *, filename: str, private: bool):
    """The feed ``body`` of this ETag, or the 304 (412) a conditional request gets for it."""
    response = CalendarResponse(body, filename=filename, private=private)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed_at)
    return get_conditional_response(request, etag=etag, last_modified=changed_at, response=response)


def _built_once(key: str, chunks, *, kept: tuple[str, tuple]):
    """``chunks`` as they are built; once complete, the whole is kept under ``key`` and named
    the latest of its feed. The claim on the build is let go however it ends (complete, failed
    or cut short by the client), but for a build handed to the worker (``LongBuild``): the
    worker's now, until it has built it."""
    latest, entry = kept
    handed = False
    try:
        yield from cache.kept_when_complete(key, chunks)
        cache.point(latest, entry)
        build_ahead.finished(latest)  # the last version built of it, for stand-ins
    except build_ahead.LongBuild:
        handed = True
        raise
    finally:
        if not handed:
            cache.release_build(key)


def _chained(first: bytes, rest):
    """``first``, then ``rest``; closed by the response when the client goes away, which closes
    ``rest`` (an ``itertools.chain`` would not: Django closes what has a ``close``)."""
    try:
        yield first
        yield from rest
    finally:
        rest.close()


def _latest_kept(latest: str, named: tuple | None = None) -> tuple[str, int, bytes] | None:
    """The ETag, time and bytes of the last version of a feed that was kept whole, if any
    (``named``: its entry, if just read)."""
    entry = named or cache.pointed(latest)
    if entry is None:
        return None
    etag, changed_at, key = entry
    body = cache.get(key)
    return None if body is None else (etag, changed_at, body)


def _too_many_builds() -> HttpResponse:
    refused = HttpResponse(TOO_MANY_BUILDS, status=429, content_type=PLAIN)
    refused["Retry-After"] = str(RETRY_AFTER)
    return not_stored(refused)


def _being_built(request, why: str) -> HttpResponse:
    logger.warning(
        "Feed %s, none kept before: %s %s answered 503", why, request.method, request.path
    )
    response = HttpResponse(BEING_BUILT, status=503, content_type=PLAIN)
    response["Retry-After"] = str(build_ahead.BEING_BUILT_RETRY)
    # Django's own mark (django.utils.log.log_response): logged already, not as an error.
    response._has_been_logged = True
    return not_stored(response)
