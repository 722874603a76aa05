"""Where places are, for the calendar's map and "near me": town centres, typed places, miles.

Everything comes from the ``zipcodes`` library's table of US ZIP codes (read once per process,
no network, no query). A town's centre is the average of its ZIP codes' centres in its state.
A venue whose address is not public is placed at its town's centre, never at its own
coordinates (``venue_point``); an online venue has no place.
"""

from __future__ import annotations

import math
import re
from functools import cache as once
from typing import NamedTuple

import zipcodes

from regions.models import Venue

# Every RLC is in Massachusetts: a venue's town is looked up there, and so is a typed town first.
HOME_STATE = "MA"
EARTH_RADIUS_MILES = 3958.8
# A position sent by the browser is rounded to two decimals (about a kilometre) before it is
# used, kept or put in a link.
POSITION_DECIMALS = 2
POSITION = re.compile(r"\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*")
ZIP_CODE = re.compile(r"\s*(\d{5})(?:-\d{4})?\s*")
TOWN_AND_STATE = re.compile(r"\s*(.+?)\s*,\s*([A-Za-z]{2})\s*")


class Point(NamedTuple):
    latitude: float
    longitude: float


class Place(NamedTuple):
    """A place typed or sent as "near": what to call it (empty for the browser's position)."""

    name: str
    point: Point


def _centre(rows) -> Point | None:
    points = []
    for row in rows:
        try:
            points.append(Point(float(row["lat"]), float(row["long"])))
        except (KeyError, TypeError, ValueError):
            continue
    if not points:
        return None
    return Point(
        round(sum(p.latitude for p in points) / len(points), 4),
        round(sum(p.longitude for p in points) / len(points), 4),
    )


@once
def _state_towns(state: str) -> dict[str, tuple[str, Point]]:
    """The state's towns by lower-case name: (the name as the table spells it, its centre)."""
    rows: dict[str, list[dict]] = {}
    for row in zipcodes.filter_by(state=state):
        rows.setdefault(row["city"].lower(), []).append(row)
    towns = {}
    for key, found in rows.items():
        centre = _centre(found)
        if centre is not None:
            towns[key] = (found[0]["city"], centre)
    return towns


def _plain(text: str) -> str:
    return " ".join(text.split()).lower()


def town_centre(town: str, state: str = HOME_STATE) -> Point | None:
    """The average of the town's ZIP code centres in ``state``; None for a town not known."""
    found = _state_towns(state.upper()).get(_plain(town))
    return found[1] if found else None


def venue_point(venue: Venue | None) -> Point | None:
    """Where the public may see a venue on a map: its own coordinates when its address is
    public, else its town's centre; None when online or when neither is known."""
    if venue is None or venue.is_online:
        return None
    coordinates = venue.public_coordinates
    if coordinates is not None:
        return Point(float(coordinates[0]), float(coordinates[1]))
    return town_centre(venue.town) if venue.town else None


def place_from_text(text: str) -> Place | None:
    """A place from what was typed or sent: "lat,lng" (rounded to about a kilometre), a ZIP
    code, "Town, ST", or a town (Massachusetts first, then the one other state that has it).
    None when it is none of these or not known."""
    if match := POSITION.fullmatch(text):
        latitude, longitude = (round(float(part), POSITION_DECIMALS) for part in match.groups())
        if abs(latitude) > 90 or abs(longitude) > 180:
            return None
        return Place("", Point(latitude, longitude))
    if match := ZIP_CODE.fullmatch(text):
        code = match.group(1)
        centre = _centre(zipcodes.matching(code))
        return Place(code, centre) if centre else None
    town, state = _plain(text), None
    if match := TOWN_AND_STATE.fullmatch(text):
        town, state = _plain(match.group(1)), match.group(2).upper()
    elif town not in _state_towns(HOME_STATE):
        # Elsewhere: the one state that has a town of that name (the table spells it in title
        # case), or none when several do.
        states = {row["state"] for row in zipcodes.filter_by(city=town.title())}
        if len(states) != 1:
            return None
        state = states.pop()
    found = _state_towns(state or HOME_STATE).get(town)
    if found is None:
        return None
    name, centre = found
    return Place(name if state in (None, HOME_STATE) else f"{name}, {state}", centre)


def miles_between(a: Point, b: Point) -> float:
    """The great-circle distance in miles (haversine)."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlng = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlng / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h))
