"""The Meeting Guide specification's rules, checked in plain Python (jsonschema is not installed).

Written from code4recovery/spec: its README ("Field Definitions", "Meeting Types", "Meeting
Guide requirements") and its JSON schema (schema/meeting.schema.json: the types, bounds and
patterns of each field). Two of that schema's patterns are left out on purpose: ``address``
and ``city`` allow letters, digits and spaces only, so they refuse real addresses the README
accepts ("100 Main St.", "Manchester-by-the-Sea"); the README's own rule is checked instead
(an in-person place has a specific address).

``problems(feed)`` gives every broken rule in words; an empty list is a valid feed.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

HH_MM = re.compile(r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$")
UPDATED = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
STATE = re.compile(r"^[A-Z]{2}$")
POSTAL_CODE = re.compile(r"^[0-9]{5}$")
CONFERENCE_PHONE = re.compile(r"^[+]?\d{1,15}(?:[,*#]\d+)*$")
URL_SAFE = re.compile(r"^[A-Za-z0-9._~-]+$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# The reserved type codes of the README's "Meeting Types" table.
TYPE_CODES = frozenset(
    {
        "11",
        "12x12",
        "A",
        "ABSI",
        "AF",
        "AL",
        "AL-AN",
        "AM",
        "AR",
        "ASL",
        "B",
        "BA",
        "BE",
        "BG",
        "BI",
        "BRK",
        "C",
        "CAN",
        "CF",
        "D",
        "DA",
        "DB",
        "DD",
        "DE",
        "DR",
        "EL",
        "EN",
        "FA",
        "FI",
        "FF",
        "FR",
        "G",
        "GR",
        "H",
        "HE",
        "HI",
        "HR",
        "HU",
        "IS",
        "ITA",
        "JA",
        "KA",
        "KOR",
        "L",
        "LGBTQ",
        "LIT",
        "LS",
        "LT",
        "M",
        "MED",
        "ML",
        "MT",
        "N",
        "NB",
        "NDG",
        "NE",
        "NL",
        "NO",
        "O",
        "OUT",
        "P",
        "POA",
        "POC",
        "POL",
        "POR",
        "PUN",
        "RUS",
        "S",
        "SEN",
        "SK",
        "SL",
        "SM",
        "SP",
        "ST",
        "SV",
        "T",
        "TC",
        "TH",
        "TL",
        "TR",
        "TUR",
        "UK",
        "W",
        "X",
        "XB",
        "XT",
        "Y",
    }
)

STRINGS = {
    "name", "slug", "time", "end_time", "timezone", "formatted_address", "address", "city",
    "state", "postal_code", "country", "region", "sub_region", "conference_url",
    "conference_url_notes", "conference_phone", "conference_phone_notes", "notes", "location",
    "location_notes", "approximate", "updated", "group", "group_notes", "venmo", "square",
    "paypal", "homegroup_online", "url", "edit_url", "feedback_url", "entity", "entity_email",
    "entity_location", "entity_logo", "entity_phone", "entity_url", "entity_website_url",
    *(f"contact_{n}_{part}" for n in (1, 2, 3) for part in ("name", "email", "phone")),
}  # fmt: skip
NUMBERS = {"latitude", "longitude"}
LISTS = {"types", "regions", "feedback_emails"}
DAY = {"day"}
FIELDS = STRINGS | NUMBERS | LISTS | DAY
URLS = {
    "conference_url",
    "url",
    "edit_url",
    "feedback_url",
    "entity_logo",
    "entity_url",
    "entity_website_url",
}
EMAILS = {"entity_email", "contact_1_email", "contact_2_email", "contact_3_email"}
PATTERNS = {
    "time": HH_MM,
    "end_time": HH_MM,
    "updated": UPDATED,
    "state": STATE,
    "postal_code": POSTAL_CODE,
    "conference_phone": CONFERENCE_PHONE,
}


def problems(feed) -> list[str]:
    """Every rule the feed breaks, in words."""
    if not isinstance(feed, list):
        return ["the feed is not an array of meetings"]
    found = []
    slugs = [meeting.get("slug") for meeting in feed if isinstance(meeting, dict)]
    found += [
        f"slug {slug!r} is not unique" for slug in sorted(set(slugs)) if slugs.count(slug) > 1
    ]
    for number, meeting in enumerate(feed):
        found += [f"meeting {number}: {problem}" for problem in meeting_problems(meeting)]
    return found


def meeting_problems(meeting) -> list[str]:
    if not isinstance(meeting, dict):
        return ["not an object"]
    found = [f"{name} is required" for name in ("name", "slug") if name not in meeting]
    found += [
        f"{name} is not a field of the specification" for name in meeting if name not in FIELDS
    ]
    wrong_types = []
    for name, value in meeting.items():
        if name in STRINGS and not isinstance(value, str):
            wrong_types.append(f"{name} is not a string")
        elif name in NUMBERS and (isinstance(value, bool) or not isinstance(value, int | float)):
            wrong_types.append(f"{name} is not a number")
        elif name in LISTS and not (
            isinstance(value, list) and all(isinstance(item, str) for item in value)
        ):
            wrong_types.append(f"{name} is not an array of strings")
    if wrong_types:
        return found + wrong_types  # the other rules read the values as their types
    found += _field_problems(meeting)
    found += _weekly_problems(meeting)
    found += _place_problems(meeting)
    return found


def _field_problems(meeting) -> list[str]:
    found = []
    if len(meeting.get("name", "")) > 255:
        found.append("name is longer than 255 characters")
    slug = meeting.get("slug", "-")
    if len(slug) > 64 or not URL_SAFE.match(slug):
        found.append(f"slug {slug!r} is not URL-safe or longer than 64 characters")
    for name, pattern in PATTERNS.items():
        if name in meeting and not pattern.match(meeting[name]):
            found.append(f"{name} {meeting[name]!r} does not match {pattern.pattern}")
    for name in URLS & meeting.keys():
        parts = urlsplit(meeting[name])
        if parts.scheme not in ("http", "https") or not parts.netloc:
            found.append(f"{name} {meeting[name]!r} is not an absolute URL")
    for name in EMAILS & meeting.keys():
        if not EMAIL.match(meeting[name]):
            found.append(f"{name} is not an email address")
    if meeting.get("approximate", "no") not in ("yes", "no"):
        found.append("approximate is neither 'yes' nor 'no'")
    unknown = sorted(set(meeting.get("types", ())) - TYPE_CODES)
    if unknown:
        found.append(f"types {unknown} are not codes of the specification")
    if any(key.startswith("entity_") for key in meeting) and "entity" not in meeting:
        found.append("entity fields without entity")
    for name, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        if name in meeting and not low <= meeting[name] <= high:
            found.append(f"{name} is out of range")
    if ("latitude" in meeting) != ("longitude" in meeting):
        found.append("latitude and longitude come together")
    return found


def _weekly_problems(meeting) -> list[str]:
    """The Meeting Guide app lists a meeting with a day and a time (weekly meetings only)."""
    found = []
    if "day" not in meeting or "time" not in meeting:
        found.append("day and time are required by the Meeting Guide app")
    day = meeting.get("day", 0)
    days = day if isinstance(day, list) else [day]
    if not days or not all(
        isinstance(item, int) and not isinstance(item, bool) and 0 <= item <= 6 for item in days
    ):
        found.append(f"day {day!r} is not 0-6 or an array of them")
    elif len(set(days)) != len(days):
        found.append(f"day {day!r} repeats a day")
    return found


def _place_problems(meeting) -> list[str]:
    """Geographic information is required; an in-person meeting needs a specific address."""
    atomic = {"address", "city", "state", "postal_code", "country"} & meeting.keys()
    if "formatted_address" not in meeting and not atomic:
        return ["no geographic information"]
    specific = "formatted_address" in meeting or {"address", "city"} <= meeting.keys()
    if meeting.get("approximate") == "no" and not specific:
        return ["approximate is 'no' without a specific address"]
    return []
