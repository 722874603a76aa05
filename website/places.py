"""The public region (RLC) and venue pages: contact details, the coming weeks, the feeds."""

import datetime as dt

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.html import json_script
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from groups.describe import schedule_in_words
from groups.expansion import expandable
from groups.joining import address_note
from groups.selectors import public_groups, sessions_between
from groups.translations import translated
from publishing.links import region_feed_path, subscribe_links, venue_feed_path
from regions.models import Region, Venue
from website.calendar_map import allow_map_tiles, map_config, map_places

COMING_WEEKS = 4


def _coming_sessions(groups):
    now = timezone.now()
    return sessions_between(groups, now, now + dt.timedelta(weeks=COMING_WEEKS))


def _by_day(sessions) -> list[tuple[dt.date, list]]:
    days = {}
    for session in sessions:
        days.setdefault(session.occurrence.start.date(), []).append(session)
    return sorted(days.items())


def _with_schedules(groups) -> list[tuple]:
    return [(group, schedule_in_words(group.schedule)) for group in expandable(groups)]


@require_safe
def region_list(request):
    """Every RLC: the towns it meets in, how to reach it, its calendar and its feed."""
    towns = {}
    venues = Venue.objects.filter(is_active=True).exclude(town="").order_by("town")
    for region_id, town in venues.values_list("region_id", "town"):
        region_towns = towns.setdefault(region_id, [])
        if town not in region_towns:
            region_towns.append(town)
    regions = [
        {
            "region": region,
            "towns": towns.get(region.pk, []),
            "subscribe": subscribe_links(
                region_feed_path(region), _("Calendar address for %(name)s") % {"name": region.name}
            ),
        }
        for region in Region.objects.all()
    ]
    return render(request, "website/region_list.html", {"regions": regions})


@require_safe
def region_detail(request, slug):
    """One RLC: how to reach it, its groups, the next four weeks, its venues and its feed."""
    region = get_object_or_404(Region, slug=slug)
    groups = translated(public_groups().filter(region=region))
    venues = Venue.objects.filter(region=region, is_active=True).order_by("town", "name")
    sessions = _coming_sessions(groups)
    places = map_places(sessions)
    response = render(
        request,
        "website/region_detail.html",
        {
            "region": region,
            "groups": _with_schedules(groups),
            "days": _by_day(sessions),
            # The map of the coming weeks' places (website/calendar_map.py), as on the calendar.
            "map_places": json_script(places, "calendar-map-places") if places else "",
            "map_config": map_config(None),
            "coming_weeks": COMING_WEEKS,
            "venues": list(venues),
            "subscribe": subscribe_links(
                region_feed_path(region),
                _("Calendar address for %(name)s") % {"name": region.name},
            ),
        },
    )
    return allow_map_tiles(response)


@require_safe
def venue_detail(request, slug):
    """One venue: where it is (the town only for a private address), access, its groups."""
    venue = get_object_or_404(Venue.objects.select_related("region"), slug=slug, is_active=True)
    groups = translated(public_groups().filter(venue=venue))
    coordinates = venue.public_coordinates
    return render(
        request,
        "website/venue_detail.html",
        {
            "venue": venue,
            "region": venue.region,
            "address_note": address_note(venue, venue.region.name),
            "groups": _with_schedules(groups),
            "sessions": _coming_sessions(groups),
            "coming_weeks": COMING_WEEKS,
            "map_url": (
                "https://www.openstreetmap.org/?mlat={0}&mlon={1}#map=17/{0}/{1}".format(
                    *coordinates
                )
                if coordinates
                else ""
            ),
            "subscribe": subscribe_links(
                venue_feed_path(venue),
                _("Calendar address for %(name)s") % {"name": venue.name},
            ),
        },
    )
