import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from facilitators.selectors import facilitator_for_feed_token
from regions.models import Region, Venue

from .filters import GroupFilter
from .ical import build_calendar
from .models import FeedVersion
from .selectors import (
    facilitator_feed_groups,
    feed_groups,
    feed_version,
    public_groups,
)

# Feeds -----------------------------------------------------------------------------------------

FEED_CACHE_SECONDS = 60 * 60 * 24  # entries are keyed by version, so age only frees memory


class CalendarResponse(HttpResponse):
    def __init__(self, body: bytes, *, filename: str, private: bool = False):
        super().__init__(body, content_type="text/calendar; charset=utf-8")
        self["Content-Disposition"] = f'attachment; filename="{filename}"'
        # Clients may keep a copy but must ask again, cheaply, with If-None-Match.
        self["Cache-Control"] = f"{'private' if private else 'public'}, max-age=0, must-revalidate"


def feed_response(request, *, version, variant: str, build, filename: str, private=False):
    """Serve a feed from the cache (built once per version), answering 304 when unchanged."""
    cache_key = f"feed:{version.key}:{variant}:{version.token}"
    cached = cache.get(cache_key)
    if cached is None:
        body = build()
        cached = (body, f'"{hashlib.sha256(body).hexdigest()[:40]}"')
        cache.set(cache_key, cached, FEED_CACHE_SECONDS)
    body, etag = cached
    response = CalendarResponse(body, filename=filename, private=private)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(version.changed_at.timestamp())
    return get_conditional_response(
        request, etag=etag, last_modified=int(version.changed_at.timestamp()), response=response
    )


def _calendar(groups, *, name, description, url, private=False):
    return build_calendar(
        feed_groups(groups),
        name=name,
        description=description,
        url=url,
        site_url=settings.SITE_URL,
        private=private,
    )


@require_safe
def network_feed(request):
    filters = GroupFilter(request.GET, queryset=public_groups())
    if not filters.is_valid():
        name, errors = next(iter(filters.errors.items()))
        return HttpResponseBadRequest(
            f"{name}: {' '.join(errors)}", content_type="text/plain; charset=utf-8"
        )
    variant = filters.canonical_query()
    return feed_response(
        request,
        version=feed_version(FeedVersion.NETWORK),
        variant=variant or "all",
        filename="peerhub.ics",
        build=lambda: _calendar(
            filters.qs,
            name="PeerHub: peer support groups" + (" (filtered)" if variant else ""),
            description="Free peer support groups of the Massachusetts Recovery Learning "
            "Communities.",
            url=f"{settings.SITE_URL}/calendar/"
            + (f"?{request.GET.urlencode()}" if variant else ""),
        ),
    )


def _scoped_feed(request, *, scope: str, obj, groups, name: str, description: str, path: str):
    """The public feed of one region, venue or group."""
    return feed_response(
        request,
        version=feed_version(FeedVersion.key_for(scope, obj.pk)),
        variant="public",
        filename=f"{obj.slug}.ics",
        build=lambda: _calendar(
            groups, name=name, description=description, url=f"{settings.SITE_URL}{path}"
        ),
    )


@require_safe
def region_feed(request, slug):
    region = get_object_or_404(Region, slug=slug)
    return _scoped_feed(
        request,
        scope="region",
        obj=region,
        groups=public_groups().filter(region=region),
        name=f"{region.name}: peer support groups",
        description=f"Peer support groups of {region.name}.",
        path=f"/regions/{region.slug}/",
    )


@require_safe
def venue_feed(request, slug):
    venue = get_object_or_404(Venue.objects.select_related("region"), slug=slug)
    return _scoped_feed(
        request,
        scope="venue",
        obj=venue,
        groups=public_groups().filter(venue=venue),
        name=f"{venue.name}: peer support groups",
        description=f"Peer support groups at {venue.name}, {venue.region.name}.",
        path=f"/venues/{venue.slug}/",
    )


@require_safe
def group_feed(request, slug):
    group = get_object_or_404(public_groups(), slug=slug)
    return _scoped_feed(
        request,
        scope="group",
        obj=group,
        groups=public_groups().filter(pk=group.pk),
        name=group.title,
        description=f"{group.title}, {group.region.name}.",
        path=f"/groups/{group.slug}/",
    )


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
        build=lambda: build_calendar(
            facilitator_feed_groups(facilitator),
            name=f"My PeerHub sessions ({facilitator.display_name})",
            description="Every session you facilitate. This link is private: do not share it.",
            url=f"{settings.SITE_URL}/me/",
            site_url=settings.SITE_URL,
            private=True,
        ),
    )
