"""Whole answers kept in a worker's memory for as long as the versions they were made from.

A warm feed or its ``304`` read nothing (its version is in the worker's memory,
``groups/versions.py``), yet each still passed through the whole chain of middleware, the URL
resolver and the view: about 0.25 ms of a worker's time, three times a static file's. Here the
answer itself is kept, the first time a view made it, and given again near the top of the chain,
for as long as every version the view read is still the one in the worker's memory. The first
notification that moves one of them (a change committed on any server) makes the kept answer
no longer current at once, as it makes the version itself; the next request goes through the
chain, and the first answer of the new version is kept in its turn.

Meanwhile the chain answers the version before: the first reader hands the new version's build
to the task worker (``core.cache.hand_over``), which marks it under way. While it is, the answer
kept here *stands in* for the new one (``find``), for one look at that mark instead of the whole
chain, but only if it is the last version built: the mark names the last version of the value
built (a new random one each time, ``build_ahead.builds_done``), and the answer was kept under
the one built when it was made. The mark is the value's (its name whatever its version), not
the address's: one answer asked for at two addresses (two names of the site; the bench's two
app servers, on two ports) is built for either, and an older version was given at one after a
newer was built for the other. So a worker whose answer is older than the last built never
gives it. Once the new version is built and kept the mark is let go, and the next reader gets
the new version through the chain. An answer made with the version before of
one of its parts (being built by another, ``core.cache.noting_before``) is never kept.

It is a shared cache in the worker, and keeps to what a shared cache may:

- Only an answer its view asked to keep (``keep``): one determined by the versions it read
  through the memo, the request's address and the request headers its ``Vary`` names, and for
  a page dated today, the day (``keep(until=...)``: a visitor page, website/visitor_pages.py).
  A view keeps nothing that depends on the visitor or a version read otherwise.
- Only a ``GET`` with nothing of a session (no session cookie, no ``Authorization``), and never
  an answer that sets a cookie, is ``private``, ``no-store`` or ``no-cache``, or varies on
  everything, nor one holding a CSP nonce. Not in a builder (``core/build_ahead.py``): it asks
  in order to build, and answers no visitor.
- The address is the host, the scheme, the path and the query, as sent: a host Django would
  refuse (``ALLOWED_HOSTS``) or a path with a control character is never kept, so it never
  matches; the request headers the answer varies on (``Accept-Encoding``) are part of the key.
- Conditional requests: ``If-None-Match`` is compared with the kept answer's own ``ETag`` (the
  one its client was given), as Django's conditional GET compares it; the ``304`` given is the
  one the chain gave, kept beside the ``200``. A client holding another encoding's ETag gets
  the whole answer (the chain would say ``304``: both are right). Any other condition
  (``If-Modified-Since`` alone, ``If-Match``, ``Range``) goes through the chain.
- Bounded: at most ``KEPT_ANSWERS_BYTES`` of bodies in a worker (0 turns this off), the least
  recently used given up first, and none larger than a quarter of that.

Without the versions in memory (SQLite, ``FEED_VERSIONS_LISTEN`` off, or the listening thread
not listening) nothing is kept and every request goes through the chain, as before.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import cc_delim_re
from django.utils.http import parse_etags

from core import build_ahead, cache
from groups import versions

# The versions a request's view read through the memo: (memo key, value), in order.
_reads: ContextVar[list | None] = ContextVar("kept_answer_reads", default=None)
_KEEP = "kept_while_its_versions_stand"
_UNTIL = "kept_until"
# Request headers that make an answer someone's own, or ask for part of it, or for a condition
# this layer does not answer: such a request goes through the chain.
_PASS_THROUGH = ("HTTP_AUTHORIZATION", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE", "HTTP_RANGE")


def keep(response: HttpResponse, *, until: float | None = None) -> HttpResponse:
    """Ask for ``response`` to be kept while the versions read for it stand (module doc), and
    with ``until`` (a POSIX time: a page that shows today's date), no later than that."""
    setattr(response, _KEEP, True)
    if until is not None:
        setattr(response, _UNTIL, until)
    return response


def noted(found: dict) -> None:
    """Values a view read through the memo (``version_selectors._remembered``)."""
    reads = _reads.get()
    if reads is not None:
        reads.extend(found.items())


@dataclass
class Kept:
    reads: tuple  # ((memo key, value), ...): the answer stands while each is still the memo's
    etag: str | None
    answers: dict = field(default_factory=dict)  # status (200, 304) -> (headers, body)
    size: int = 0
    # The value it is (``build_ahead.answering``), the mark of the last version of it built when
    # it was kept (``build_ahead.builds_done``), and when (time.monotonic()): see ``find``.
    name: str | None = None
    builds: str | None = None
    kept_at: float = 0.0
    until: float = math.inf  # a POSIX time after which it no longer stands (``keep``)


class KeptAnswers:
    """The answers of one worker, by request key, least recently used first."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple, Kept] = OrderedDict()
        self._varies: dict[tuple, tuple[str, ...]] = {}  # address -> the META names it varies on
        self._size = 0

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._varies.clear()
            self._size = 0

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, address: tuple, meta: dict, memo, under_way=lambda name: None) -> Kept | None:
        """The answer kept for this request, while its versions stand.

        After one of them moved, it stands in for the next version while the task worker builds
        that one (``under_way(name)``: ``build_ahead.under_way`` of the value it is), if no
        version of it was built since it was kept (for any address): it is then the last one
        built, which the chain would answer too. Until the build is handed over it is kept, not
        answered; once another version was built, or past ``TOOK_SECONDS`` (when the marks of
        builds are forgotten, so that one could match again), it is dropped.
        """
        names = self._varies.get(address)
        if names is None:
            return None
        key = (address, names, tuple(meta.get(name) for name in names))
        kept = self._entries.get(key)
        if kept is None:
            return None
        if time.time() >= kept.until:
            self._drop(key)
            return None
        if not _standing(kept.reads, memo):
            if kept.builds is None or time.monotonic() - kept.kept_at > build_ahead.TOOK_SECONDS:
                self._drop(key)
                return None
            mark = under_way(kept.name)
            if mark == kept.builds:
                return kept  # a stand-in: the last built, as the chain would answer
            if mark is not None:
                self._drop(key)  # a build of it was finished since
            return None
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
        return kept

    def keep(
        self,
        address: tuple,
        meta: dict,
        response,
        reads: list,
        memo,
        name: str | None = None,
        builds=lambda name: None,
    ) -> None:
        """Keep ``response`` while ``reads`` stand (and until its ``keep`` time, if any).
        ``name``: the value it is, if any (``build_ahead.answering``); ``builds(name)``: the
        mark of the last version of it built, read before the versions are checked, so that it
        is never newer than the answer (``find``)."""
        varies = _varied_names(response)
        if varies is None or not reads:
            return
        done = None if name is None else builds(name)
        if not _standing(reads, memo):
            return
        budget = settings.KEPT_ANSWERS_BYTES
        body = response.content
        if len(body) > budget // 4:
            return
        key = (address, varies, tuple(meta.get(name) for name in varies))
        headers = dict(response.items())
        with self._lock:
            self._varies[address] = varies
            kept = self._entries.get(key)
            reads = tuple(reads)
            etag = response.get("ETag")
            if kept is None or not _same(kept.reads, reads) or kept.etag != etag:
                if kept is not None:
                    self._size -= kept.size
                kept = self._entries[key] = Kept(
                    reads=reads,
                    etag=etag,
                    name=name,
                    builds=done,
                    kept_at=time.monotonic(),
                    until=getattr(response, _UNTIL, math.inf),
                )
            self._entries.move_to_end(key)
            previous = kept.answers.get(response.status_code)
            if previous is not None:
                kept.size -= len(previous[1])
                self._size -= len(previous[1])
            kept.answers[response.status_code] = (headers, body)
            kept.size += len(body)
            self._size += len(body)
            while self._size > budget and self._entries:
                _, oldest = self._entries.popitem(last=False)
                self._size -= oldest.size

    def _drop(self, key: tuple) -> None:
        with self._lock:
            kept = self._entries.pop(key, None)
            if kept is not None:
                self._size -= kept.size


answers = KeptAnswers()


def _standing(reads, memo) -> bool:
    return all(memo.get(key) is value for key, value in reads)


def _same(reads: tuple, others: tuple) -> bool:
    """The same values read, each the very object (two versions of one row are ``==``)."""
    return len(reads) == len(others) and all(
        key == other_key and value is other
        for (key, value), (other_key, other) in zip(reads, others, strict=True)
    )


def _varied_names(response) -> tuple[str, ...] | None:
    """The request META names the answer varies on (sorted), or None if it may not be kept."""
    if (
        not getattr(response, _KEEP, False)
        or response.status_code not in (200, 304)
        or response.streaming
        or response.cookies
    ):
        return None
    control = {
        part.strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if control & {"private", "no-store", "no-cache"}:
        return None
    names = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", ""))} - {""}
    if "*" in names:
        return None
    return tuple(sorted("HTTP_" + name.upper().replace("-", "_") for name in names))


def _address(request) -> tuple:
    meta = request.META
    return (
        meta.get("HTTP_HOST"),
        request.is_secure(),
        request.path_info,
        meta.get("QUERY_STRING", ""),
    )


def _with_session(request) -> bool:
    meta = request.META
    if any(name in meta for name in _PASS_THROUGH):
        return True
    return "HTTP_COOKIE" in meta and settings.SESSION_COOKIE_NAME in request.COOKIES


def _with_nonce(request) -> bool:
    return getattr(request, "_csp_nonce", None) is not None


def _answer_from(kept: Kept, request) -> HttpResponse | None:
    """The kept 200, or the kept 304 for a client holding its ETag; None where the chain must
    answer (a 304 not kept yet, a condition other than If-None-Match)."""
    meta = request.META
    asked = meta.get("HTTP_IF_NONE_MATCH")
    if asked is None:
        if "HTTP_IF_MODIFIED_SINCE" in meta:
            return None
        status = 200
    else:
        status = 304 if _matches(asked, kept.etag) else 200
    stored = kept.answers.get(status)
    if stored is None:
        return None
    headers, body = stored
    response = HttpResponse(body, status=status, headers=headers)
    if "Content-Type" not in headers:
        del response["Content-Type"]  # a 304 has none (HttpResponseNotModified)
    return response


def _matches(asked: str, etag: str | None) -> bool:
    """If-None-Match's weak comparison, as Django's conditional GET makes it."""
    if etag is None:
        return False
    etags = parse_etags(asked)
    if etags == ["*"]:
        return True
    target = etag.removeprefix("W/")
    return any(candidate.removeprefix("W/") == target for candidate in etags)


class KeptAnswersMiddleware:
    """Answer from the answers kept in this worker, else keep what the chain answers (module
    doc). Placed after WhiteNoise, before every middleware whose work a kept answer already
    holds (its headers) or does not need (sessions, language, CSRF, users)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method != "GET"
            or settings.KEPT_ANSWERS_BYTES <= 0
            or build_ahead.building_in_worker()  # a builder builds; it serves no one
        ):
            return self.get_response(request)
        memo = versions.active_memo()
        if memo is None or not memo.listening or _with_session(request):
            return self.get_response(request)
        address = _address(request)
        kept = answers.find(address, request.META, memo, under_way=build_ahead.under_way)
        if kept is not None and (response := _answer_from(kept, request)) is not None:
            return response
        reads: list[Any] = []
        token = _reads.set(reads)
        try:
            with cache.noting_before() as answered_before, build_ahead.naming() as named:
                response = self.get_response(request)
                current = not answered_before()
                name = named()
        finally:
            _reads.reset(token)
        # Not an answer made with the version before of a part, nor one holding a nonce.
        if current and getattr(response, _KEEP, False) and not _with_nonce(request):
            answers.keep(
                address,
                request.META,
                response,
                reads,
                memo,
                name=name,
                builds=build_ahead.builds_done,
            )
        return response
