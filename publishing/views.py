"""The feeds over HTTP: conditional, cached whole under their version, and streamed."""

import hashlib
import itertools

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from core import cache
from core.client_address import rate_limit_allows
from facilitators.selectors import facilitator_for_feed_token
from groups.filters import GroupFilter
from groups.models import FeedVersion
from groups.selectors import facilitator_feed_groups, feed_version, public_groups, slug_feed_version
from publishing.feeds import public_feed_chunks
from publishing.ical import build_calendar
from publishing.links import absolute, group_path, region_path, venue_path
from publishing.sharing import PRIVATE, SHARED_FEED, gzip_shared, not_stored
from regions.models import Region, Venue

# Feeds -----------------------------------------------------------------------------------------

CALENDAR_TYPE = "text/calendar; charset=utf-8"
PLAIN = "text/plain; charset=utf-8"
# Filtered feeds built per client address (ACCOUNT_RATE_LIMITS["feed_builds"]).
FEED_BUILDS = "feed_builds"
RETRY_AFTER = 60
TOO_MANY_BUILDS = (
    "Too many new filtered calendars asked for from your address in a short time; try again "
    "in a minute.\n"
)


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

    ``chunks`` gives the feed's bytes piece by piece. A feed that is not cached yet is built
    and kept whole, or, with ``stream``, sent as it is built and kept once it is complete.
    With ``limit_builds`` (a feed whose variants anyone can multiply with a query), a build
    counts against the client address's limit; a feed already built never does.
    """
    etag = feed_etag(version, variant)
    changed_at = version.changed_at.timestamp()
    response = CalendarResponse(b"", filename=filename, private=private)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed_at)
    answer = get_conditional_response(
        request, etag=etag, last_modified=int(changed_at), response=response
    )
    if answer is not response:
        return answer  # 304 (or 412): nothing more to read
    key = cache.key("feed", settings.SITE_URL, version.key, version.token, variant)
    body = cache.get(key)
    if body is None and limit_builds and not rate_limit_allows(request, action=FEED_BUILDS):
        refused = HttpResponse(TOO_MANY_BUILDS, status=429, content_type=PLAIN)
        refused["Retry-After"] = str(RETRY_AFTER)
        return not_stored(refused)
    if body is None and stream:
        kept = cache.kept_when_complete(key, chunks())
        # The first piece is built here, in the view, with the feed's first queries: should
        # the database be away, the answer is still a clean 503 (peerhub/errors.py), not a
        # 200 cut short.
        first = next(kept)
        streamed = StreamingHttpResponse(itertools.chain([first], kept), content_type=CALENDAR_TYPE)
        for name in ("Content-Disposition", "Cache-Control", "ETag", "Last-Modified"):
            streamed[name] = response[name]
        return streamed
    if body is None:
        body = b"".join(chunks())
        cache.put(key, body)
    response.content = body
    return response


@gzip_shared
@require_safe
def network_feed(request):
    filters = GroupFilter(request.GET, queryset=public_groups())
    if not filters.is_valid():
        name, errors = next(iter(filters.errors.items()))
        return not_stored(
            HttpResponseBadRequest(
                f"{name}: {' '.join(errors)}", content_type="text/plain; charset=utf-8"
            )
        )
    variant = filters.canonical()
    version = feed_version(FeedVersion.NETWORK)
    filters.network = version  # the search box's words are kept under it (groups/search.py)
    return feed_response(
        request,
        version=version,
        variant=variant,
        filename="peerhub.ics",
        stream=True,
        limit_builds=bool(variant),
        # Addresses are reversed only when the feed is built: a cached feed needs none.
        chunks=lambda: public_feed_chunks(
            filters.qs,
            name="PeerHub: peer support groups" + (" (filtered)" if variant else ""),
            description="Free peer support groups of the Massachusetts Recovery Learning "
            "Communities.",
            url=absolute(reverse("calendar")) + (f"?{request.GET.urlencode()}" if variant else ""),
        ),
    )


def _scope_feed(request, model, kind: str, slug: str, describe):
    """The public feed of a region or venue: its version found by slug in one query, and what
    ``describe(pk)`` gives (``public_feed_chunks``' arguments) read only if it must be built.
    """
    found = slug_feed_version(model, kind, slug)
    if found is None:
        raise Http404(f"No such {kind}.")
    pk, version = found
    return feed_response(
        request,
        version=version,
        variant="public",
        filename=f"{slug}.ics",
        chunks=lambda: public_feed_chunks(**describe(pk)),
    )


@gzip_shared
@require_safe
def region_feed(request, slug):
    def describe(pk):
        region = get_object_or_404(Region, pk=pk)
        return {
            "groups": public_groups().filter(region=region),
            "name": f"{region.name}: peer support groups",
            "description": f"Peer support groups of {region.name}.",
            "url": absolute(region_path(region)),
        }

    return _scope_feed(request, Region, "region", slug, describe)


@gzip_shared
@require_safe
def venue_feed(request, slug):
    def describe(pk):
        venue = get_object_or_404(Venue.objects.select_related("region"), pk=pk)
        return {
            "groups": public_groups().filter(venue=venue),
            "name": f"{venue.name}: peer support groups",
            "description": f"Peer support groups at {venue.name}, {venue.region.name}.",
            "url": absolute(venue_path(venue)),
        }

    return _scope_feed(request, Venue, "venue", slug, describe)


@gzip_shared
@require_safe
def group_feed(request, slug):
    group = get_object_or_404(public_groups(), slug=slug)
    return feed_response(
        request,
        version=feed_version(FeedVersion.key_for("group", group.pk)),
        variant="public",
        filename=f"{group.slug}.ics",
        chunks=lambda: public_feed_chunks(
            public_groups().filter(pk=group.pk),
            name=group.title,
            description=f"{group.title}, {group.region.name}.",
            url=absolute(group_path(group)),
        ),
    )


@gzip_shared
@require_safe
def facilitator_feed(request, token):
    facilitator = facilitator_for_feed_token(token)
    if facilitator is None:
        raise Http404("No such feed.")
    return feed_response(
        request,
        version=feed_version(FeedVersion.key_for("facilitator", facilitator.pk)),
        variant="private",
        filename="my-peerhub-sessions.ics",
        private=True,
        # The groups they run and the sessions they cover as a substitute, less the sessions
        # someone covers for them.
        chunks=lambda: [
            build_calendar(
                facilitator_feed_groups(facilitator),
                name=f"My PeerHub sessions ({facilitator.display_name})",
                description="Every session you facilitate. This link is private: do not share it.",
                url=absolute(reverse("me:home")),
                site_url=settings.SITE_URL,
                private=True,
            )
        ],
    )
