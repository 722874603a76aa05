"""The Meeting Guide feeds over HTTP: the network's and each region's, cached under their version.

Like the calendar feeds (``publishing/views.py``): a strong ETag made from the feed's version,
so a client that has it gets ``304`` with no body and no query beyond the version's; the bytes
are kept in ``core.cache`` under the same parts, so a change anywhere they show (the one door,
``groups/freshness.py``) makes new keys. The site's date is a part too: a weekly group whose
last session has passed leaves the feed the next day without any change to the data.
Any site's scripts may read them (tsml-ui runs on the partner's own site).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from core import build_ahead, cache
from groups.models import FeedVersion
from groups.version_selectors import feed_version, slug_feed_version
from publishing.api_answers import being_built
from publishing.links import PUBLISHED_LANGUAGE
from publishing.meeting_guide import meeting_guide_text, network_groups, region_groups
from publishing.sharing import SHARED_FEED, gzip_shared
from regions.models import Region

JSON_TYPE = "application/json"
NAMESPACE = "meeting-guide"


def meeting_guide_etag(version: FeedVersion, today: dt.date) -> str:
    parts = (settings.SITE_URL, version.key, version.token, today)
    return f'"{cache.digest(NAMESPACE, cache.FORMATS[NAMESPACE], *parts)[:40]}"'


def meeting_guide_response(request, *, version: FeedVersion, groups):
    """The feed of ``groups()`` (called only when it must be built) at ``version``."""
    today = timezone.localdate()
    etag = meeting_guide_etag(version, today)
    midnight = dt.datetime.combine(today, dt.time.min, tzinfo=timezone.get_current_timezone())
    changed_at = int(max(version.changed_at, midnight).timestamp())
    response = HttpResponse(b"", content_type=JSON_TYPE)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed_at)
    response["Cache-Control"] = SHARED_FEED
    response["Access-Control-Allow-Origin"] = "*"
    answer = get_conditional_response(
        request, etag=etag, last_modified=changed_at, response=response
    )
    if answer is not response:
        answer["Access-Control-Allow-Origin"] = "*"
        return answer  # 304 (or 412)

    def build() -> tuple[str, int, bytes]:
        # Published in English, whatever the visitor's language (as the feeds and the API).
        with translation.override(PUBLISHED_LANGUAGE):
            return etag, changed_at, meeting_guide_text(groups(), today=today)

    key = cache.key(NAMESPACE, settings.SITE_URL, version.key, version.token, today)
    try:
        # While another request or the task worker builds this version, the one before it,
        # with its own validators. The whole network's, with every entry to write (the caches
        # emptied), goes to the long queue's task worker, if there is one.
        kept_etag, kept_changed_at, content = cache.get_or_build(
            key,
            build,
            before=cache.latest_key(NAMESPACE, settings.SITE_URL, version.key),
            address=request.build_absolute_uri(),
        )
    except build_ahead.BeingBuilt as built:
        return being_built(request, built)
    if kept_etag == etag:
        response.content = content
        return response
    return _version_before(request, response, kept_etag, kept_changed_at, content)


def _version_before(request, response, etag: str, changed_at: int, content: bytes):
    """The version before the one asked for (another builds it), with its own validators: a
    client that has it gets ``304``."""
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed_at)
    answer = get_conditional_response(
        request, etag=etag, last_modified=changed_at, response=response
    )
    if answer is not response:
        answer["Access-Control-Allow-Origin"] = "*"
        return answer
    response.content = content
    return response


@gzip_shared
@require_safe
def network_meeting_guide(request):
    return meeting_guide_response(
        request, version=feed_version(FeedVersion.NETWORK), groups=network_groups
    )


@gzip_shared
@require_safe
def region_meeting_guide(request, slug):
    found = slug_feed_version(Region, "region", slug)
    if found is None:
        raise Http404("No such region.")
    pk, version = found
    return meeting_guide_response(request, version=version, groups=lambda: region_groups(pk))
