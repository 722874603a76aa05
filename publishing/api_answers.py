"""The JSON API's answers, kept under the version of what they show, with a strong ETag.

An answer is the same bytes until a change moves its version (``groups/freshness.py``, the one
door every change goes through), so it is built once per version and kept in ``core.cache``;
its ETag is made of the same parts, so a client that has it gets ``304`` with no body and no
query beyond the version's. The site's address is a part too: the answers hold absolute links.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response

from core import cache
from groups.models import FeedVersion

JSON_TYPE = "application/json; charset=utf-8"


def versioned_json(
    request,
    *,
    namespace: str,
    version: FeedVersion,
    parts: Sequence,
    build: Callable[[], bytes],
    may_build: Callable[[], bool] | None = None,
) -> HttpResponse | None:
    """The answer under ``version`` and ``parts``: ``304`` when the client has it, else its bytes,
    from the cache or ``build()``. None when it must be built and ``may_build()`` says no."""
    where = (settings.SITE_URL, version.key, version.token, *parts)
    etag = f'"{cache.digest(namespace, cache.FORMATS[namespace], *where)[:40]}"'
    response = HttpResponse(b"", content_type=JSON_TYPE)
    response["ETag"] = etag
    answer = get_conditional_response(request, etag=etag, response=response)
    if answer is not response:
        return answer  # 304 (or 412): nothing more to read
    content = cache.get_or_build(cache.key(namespace, *where), build, may_build=may_build)
    if content is None:
        return None
    response.content = content
    return response
