"""The JSON API's answers, kept under the version of what they show, with a strong ETag.

An answer is the same bytes until a change moves its version (``groups/freshness.py``, the one
door every change goes through), so it is built once per version and kept in ``core.cache``;
its ETag is made of the same parts, so a client that has it gets ``304`` with no body and no
query beyond the version's. The site's address is a part too: the answers hold absolute links.

A list with more groups to build than a request should (``build_ahead.BUILT_IN_A_REQUEST``:
``groups.json`` or the Meeting Guide of the whole network with the caches emptied) is built by
the long queue's task worker, and answered ``503`` with ``Retry-After`` meanwhile
(``being_built``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response

from core import build_ahead, cache
from groups import kept_answers
from groups.models import FeedVersion
from publishing.sharing import not_stored

JSON_TYPE = "application/json; charset=utf-8"
BEING_PREPARED = "This list is being prepared; try again in a few seconds."

logger = logging.getLogger(__name__)


def versioned_json(
    request,
    *,
    namespace: str,
    version: FeedVersion,
    parts: Sequence,
    build: Callable[[], bytes],
    may_build: Callable[[], bool] | None = None,
    keep_whole: bool = False,
) -> HttpResponse | None:
    """The answer under ``version`` and ``parts``: ``304`` when the client has it, else its bytes,
    from the cache or ``build()``. None when it must be built and ``may_build()`` says no.

    With ``keep_whole``, the answer of this version is kept whole in the worker while it stands
    (``groups/kept_answers.py``): for an answer that only the address and the versions read
    through the worker's memory decide (not the clock, nor a region read otherwise)."""
    current = kept_answers.keep if keep_whole else _as_it_is
    where = (settings.SITE_URL, version.key, version.token, *parts)
    etag = f'"{cache.digest(namespace, cache.FORMATS[namespace], *where)[:40]}"'
    answer = _answer(request, b"", etag)
    if answer.status_code != 200:
        return current(answer)  # 304 (or 412): nothing more to read
    # Kept with its ETag: while another request builds this version, the one before it is
    # answered, with its own ETag (for a few milliseconds; the next request gets the new one).
    key = cache.key(namespace, *where)
    kept = cache.kept_here(key)  # warm: no need of the version before or the address
    if kept is None:
        try:
            kept = cache.get_or_build(
                key,
                lambda: (etag, build()),
                may_build=may_build,
                before=cache.latest_key(namespace, settings.SITE_URL, version.key, *parts),
                address=request.build_absolute_uri(),
            )
        except build_ahead.BeingBuilt as built:
            return being_built(request, built)
    if kept is None:
        return None
    kept_etag, content = kept
    if kept_etag == etag:
        answer.content = content
        return current(answer)
    return _answer(request, content, kept_etag)


def _as_it_is(response: HttpResponse) -> HttpResponse:
    return response


def _answer(request, content: bytes, etag: str) -> HttpResponse:
    """``content`` with its ``etag``, or the 304 (412) a conditional request gets for it."""
    response = HttpResponse(content, content_type=JSON_TYPE)
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response)


def being_built(request, built: build_ahead.BeingBuilt) -> HttpResponse:
    """The ``503`` of a list the long queue's worker builds, none kept before: come back soon.
    Logged as a warning of one line, not as an error."""
    logger.warning(
        "List %s, none kept before: %s %s answered 503", built, request.method, request.path
    )
    retry = build_ahead.BEING_BUILT_RETRY
    response = JsonResponse({"error": BEING_PREPARED, "retry_after": retry}, status=503)
    response["Retry-After"] = str(retry)
    response["Access-Control-Allow-Origin"] = "*"
    # Django's own mark (django.utils.log.log_response): logged already, not as an error.
    response._has_been_logged = True
    return not_stored(response)
