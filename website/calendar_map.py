"""The calendar's map and its "near me" order: the places of the sessions shown, and the
sessions nearest first.

Privacy: a venue whose address is not public is placed at its town's centre and named by its
town only (``website.nearby.venue_point``); online venues are on no map; only the sessions the
public calendar shows (public groups, through its selectors) are ever placed. The tiles come
from ``settings.MAP_TILES_URL``, whose origin the page's Content-Security-Policy allows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from groups.selectors import GroupSession
from website.nearby import Place, Point, miles_between, venue_point

COORDINATE_DECIMALS = 5


def map_places(sessions: list[GroupSession]) -> list[dict]:
    """One marker per place with the groups meeting there in the sessions shown."""
    return places_of(session_place(session) for session in sessions)


def session_place(session: GroupSession) -> tuple | None:
    """Where one session goes on the map, as plain values (kept with the session rendered,
    website/calendar_sessions.py): its marker's key, point, title, words and link, and its
    group's id, name and link; None for a session with no place to show.

    A public venue is its own marker, named and linked; every private venue of one town shares
    that town's marker, named by the town alone.
    """
    venue = session.venue
    point = venue_point(venue)
    if point is None:
        return None
    if venue.address_is_public:
        key = ("venue", venue.pk)
        title, where = venue.name, venue.public_location
        href = reverse("venue-detail", args=[venue.slug])
    else:
        key = ("town", venue.town.lower())
        title, where, href = venue.town, "", None
    group = session.group
    return (
        key,
        round(point.latitude, COORDINATE_DECIMALS),
        round(point.longitude, COORDINATE_DECIMALS),
        title,
        where,
        href,
        group.pk,
        group.title,
        reverse("group-detail", args=[group.slug]),
    )


def places_of(places: Iterable[tuple | None]) -> list[dict]:
    """The markers of the sessions' places (``session_place``), each with its groups."""
    markers: dict[tuple, dict] = {}
    for place in places:
        if place is None:
            continue
        key, lat, lng, title, where, href, group_id, name, group_href = place
        marker = markers.setdefault(
            key,
            {"lat": lat, "lng": lng, "title": title, "where": where, "href": href, "groups": {}},
        )
        marker["groups"].setdefault(group_id, {"name": name, "href": group_href})
    found = []
    for marker in markers.values():
        marker["groups"] = sorted(marker["groups"].values(), key=lambda g: g["name"].lower())
        found.append(marker)
    return sorted(found, key=lambda m: (m["title"].lower(), m["lat"], m["lng"]))


class Nearby(NamedTuple):
    """The sessions shown, nearest first as (session, miles); online ones apart; and those
    whose place is not known (no venue, or a town the table lacks)."""

    placed: list[tuple[GroupSession, float]]
    online: list[GroupSession]
    unplaced: list[GroupSession]


def nearest_first(sessions: list[GroupSession], origin: Point) -> Nearby:
    """Sorted by distance from ``origin`` (a private venue's from its town's centre), then by
    start."""
    placed, online, unplaced = [], [], []
    for session in sessions:
        if session.venue is not None and session.venue.is_online:
            online.append(session)
        elif (point := venue_point(session.venue)) is None:
            unplaced.append(session)
        else:
            placed.append((session, miles_between(origin, point)))
    placed.sort(key=lambda pair: (pair[1], pair[0].occurrence.start, pair[0].group.title))
    return Nearby(placed, online, unplaced)


def nearest_groups(groups, origin: Point, most: int) -> list[int]:
    """The pks of the ``most`` groups of ``groups`` (a queryset) whose venue is nearest
    ``origin`` (a private venue from its town's centre), nearest first; online groups and those
    whose place is not known are left out. Two queries: the groups' venues, and those venues."""
    from regions.models import Venue

    venue_of = dict(groups.order_by().values_list("pk", "venue_id"))
    miles = {
        venue.pk: miles_between(origin, point)
        for venue in Venue.objects.filter(pk__in=set(venue_of.values()))
        if (point := venue_point(venue)) is not None
    }
    placed = sorted((miles[venue], pk) for pk, venue in venue_of.items() if venue in miles)
    return [pk for _miles, pk in placed[:most]]


def distance_in_words(miles: float) -> str:
    """ "2.3 miles", in the language of the page; "less than 0.1 miles" for next door."""
    if miles < 0.05:
        return _("less than 0.1 miles")
    shown = round(miles, 1)
    return ngettext("%(miles)s mile", "%(miles)s miles", 1 if shown == 1 else 2) % {
        "miles": number_format(shown, 1)
    }


def near_in_words(place: Place) -> str:
    if place.name:
        return _("Nearest first, from %(place)s.") % {"place": place.name}
    return _("Nearest first, from your location.")


def tiles_origin() -> str | None:
    """The scheme and host of the map's tiles, for the Content-Security-Policy."""
    parts = urlsplit(settings.MAP_TILES_URL)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def allow_map_tiles(response):
    """Let the page show the tiles' images (and Leaflet's blank image for a tile it drops)."""
    origin = tiles_origin()
    response._csp_update = {"img-src": [origin, "data:"] if origin else ["data:"]}
    return response


def map_config(place: Place | None) -> dict:
    """What the map's script needs besides its places: the tiles, and its words translated."""
    return {
        "tiles": settings.MAP_TILES_URL,
        "attribution": settings.MAP_TILES_ATTRIBUTION,
        "near": list(place.point) if place else None,
        "words": {
            "map": _("Map of the sessions shown"),
            "private": _("Address given on request: shown at the town's centre"),
            "zoom_in": _("Zoom in"),
            "zoom_out": _("Zoom out"),
            "locating": _("Finding your location…"),
            "denied": _(
                "We could not get your location. Type a town or ZIP code in "
                "“Near a town or ZIP code” instead."
            ),
        },
    }
