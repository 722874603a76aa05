"""The feeds over HTTP: which groups each one shows (answered by ``feed_responses``)."""

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from facilitators.selectors import facilitator_for_feed_token
from groups.filters import GroupFilter
from groups.models import FeedVersion
from groups.selectors import facilitator_feed_groups, public_groups
from groups.version_selectors import feed_version, slug_feed_version
from publishing.feed_responses import feed_response
from publishing.feeds import public_feed_chunks
from publishing.ical import build_calendar
from publishing.links import absolute, group_path, region_path, venue_path
from publishing.sharing import gzip_shared, not_stored
from regions.models import Region, Venue

# Feeds -----------------------------------------------------------------------------------------


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
        chunks=lambda hand_over: public_feed_chunks(
            filters.qs,
            name="PeerHub: peer support groups" + (" (filtered)" if variant else ""),
            description="Free peer support groups of the Massachusetts Recovery Learning "
            "Communities.",
            url=absolute(reverse("calendar")) + (f"?{request.GET.urlencode()}" if variant else ""),
            hand_over=hand_over,
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
        chunks=lambda hand_over: public_feed_chunks(**describe(pk), hand_over=hand_over),
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
        chunks=lambda _hand_over: public_feed_chunks(  # one group: never too long
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
        chunks=lambda _hand_over: [  # private: never built by the task worker
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
