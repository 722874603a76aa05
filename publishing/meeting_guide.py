"""The public groups in the Meeting Guide JSON format (code4recovery's specification).

tsml-ui and the Meeting Guide app read a flat array of "meetings", each one a weekly slot: a day
(0 = Sunday .. 6 = Saturday, or an array of them), a start and end time in the wall clock of its
``timezone``, where, and a few standard type codes. The specification is for weekly meetings
only ("It is recommended to use a separate page to list monthly or non-recurring meetings"),
so only groups whose schedule is exactly "every week on these days" are listed (``weekly_days``);
every other schedule (every other week, the 2nd and 4th Tuesday, the last Friday, extra dates,
one-offs) is left out, and so is a weekly group with no session left from today on.

What is public follows our privacy rules, as on the group page (docs/meeting-guide.md):

- private groups never appear (``public_groups``);
- a venue whose address is private, an online room and a place still being arranged give an
  approximate location only (``"approximate": "yes"``: the town, or only the state), never a
  street address or coordinates;
- an online group's link is never published (the RLC sends it on request, as the group page
  says): no ``conference_url``; the notes say whom to ask.

Each group's entry is kept as JSON under the group's own version, with the date of its last
session (``meeting_guide_text``, groups/kept.py), so after one group's change only its entry is
written again, and a new day writes none: the feed of the day leaves out the groups whose last
session has passed (the whole network's feed took about 8.5 s to write at national size, 18,000
groups, and did so every night while the entries were kept per day); the view caches the whole
feed's bytes under the feed's version and the day (``meeting_guide_views``).
"""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.db.models import Prefetch

from core import cache
from groups.expansion import expandable, expanding
from groups.joining import how_to_join_in_one_line
from groups.kept import kept_per_group
from groups.models import Language
from groups.recurrence_rules import DAILY, SUB_DAILY_PARAMS, WEEKLY, Recur
from groups.selectors import public_groups
from publishing.event_fields import clean
from publishing.links import absolute, group_path

NAME_MAX = 255  # the specification's bound on "name"
SLUG_MAX = 64  # and on "slug"
NOTES_MAX = 2000  # ours: the app shows notes on a phone
COORDINATE_PLACES = 5  # "Only five decimal places of precision are necessary"

# Our audiences in the specification's "Open" and "Closed" (a closed meeting is for those who
# share the fellowship's experience; ours are for peers, or for peer workers).
AUDIENCE_TYPES = {"everyone": "O", "peers": "C", "peer_workers": "C"}
# Access features with a code of their own in the specification's list.
ACCESS_TYPES = {"wheelchair": "X", "asl": "ASL", "fragrance-free": "FF"}
# Languages (our codes: ISO 639, "ase" for American Sign Language) with a code in the list.
LANGUAGE_TYPES = {
    "af": "AF",
    "am": "AM",
    "ar": "AR",
    "ase": "ASL",
    "bg": "BG",
    "da": "DA",
    "de": "DE",
    "el": "EL",
    "en": "EN",
    "es": "S",
    "fa": "FA",
    "fi": "FI",
    "fr": "FR",
    "he": "HE",
    "hi": "HI",
    "hr": "HR",
    "hu": "HU",
    "is": "IS",
    "it": "ITA",
    "ja": "JA",
    "ka": "KA",
    "ko": "KOR",
    "lt": "LT",
    "ml": "ML",
    "mt": "MT",
    "ne": "NE",
    "nl": "NL",
    "no": "NO",
    "pa": "PUN",
    "pl": "POL",
    "pt": "POR",
    "ru": "RUS",
    "sk": "SK",
    "sl": "SL",
    "sv": "SV",
    "th": "TH",
    "tl": "TL",
    "tr": "TUR",
    "uk": "UK",
}
# Rule parts that make a rule something other than "every week on these days".
NOT_WEEKLY_PARTS = ("bysetpos", "bymonth", "bymonthday", "byyearday", "byweekno", "byeaster")


def weekly_days(schedule) -> list[int] | None:
    """The days (0 = Sunday .. 6 = Saturday) of a schedule that meets every week on them and on
    no other day; None for any other schedule (its sessions cannot be said as weekly slots).

    Every week: one rule, WEEKLY on plain weekdays (or on the first date's), or DAILY (every
    day, or on plain weekdays); interval 1; no monthly positions; no extra dates but the first,
    which falls on one of the days. Excluded dates are fine: the slot is still weekly.
    """
    if len(schedule.rrules) != 1 or schedule.exrules:
        return None
    if any(day != schedule.start_date for day in schedule.rdates):
        return None
    rule = schedule.rrules[0]
    if any(getattr(rule, name, None) for name in SUB_DAILY_PARAMS):
        return None
    recur = Recur.of(rule, schedule.start_date)
    if recur.freq not in (WEEKLY, DAILY) or recur.interval != 1:
        return None
    if any(getattr(recur, name) for name in NOT_WEEKLY_PARTS):
        return None
    if recur.byweekday is None:
        weekdays = set(range(7))  # DAILY with no days named
    elif any(n is not None for _, n in recur.byweekday):
        return None
    else:
        weekdays = {day for day, _ in recur.byweekday}
    if schedule.start_date.weekday() not in weekdays:
        return None
    # Python counts from Monday (0); the specification from Sunday (0).
    return sorted((day + 1) % 7 for day in weekdays)


def meeting_guide_groups(groups):
    """``groups`` (a queryset of public groups) with what their entries show: three queries."""
    return list(
        groups.select_related("region", "venue")
        .prefetch_related(
            Prefetch("languages", queryset=Language.objects.order_by("code")), "access_features"
        )
        .order_by("title", "slug")
    )


def meeting_guide_text(groups, *, today: dt.date) -> bytes:
    """The Meeting Guide JSON of ``groups`` (a queryset of public groups), in order of title,
    then slug: the weekly ones with a session on or after ``today`` (their region's date).

    One query when every group's entry is kept (the groups' versions), then one look in the
    caches; the groups whose entry is not kept are read with ``meeting_guide_groups``.
    """
    kept = kept_per_group(
        groups.order_by("title", "slug"),
        lambda pk, sequence, stamp: cache.key(
            "meeting-guide:entry", settings.SITE_URL, pk, sequence, stamp
        ),
        _entries,
    )
    return (
        "["
        + ",".join(text for text, last in kept.values() if text and (last is None or last >= today))
        + "]"
    ).encode()


def _entries(groups) -> list[tuple]:
    """Each group with its entry's JSON and the date of its last session (``last_session``),
    or ("", None) for one left out: a schedule the specification cannot carry, or one that
    cannot be expanded (logged)."""
    groups = meeting_guide_groups(groups)
    found = dict.fromkeys((group.pk for group in groups), ("", None))
    for group in expandable(groups):
        with expanding(group):
            entry = meeting_guide_entry(group)
            if entry is not None:
                text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
                found[group.pk] = (text, last_session(group.schedule))
    return [(group, found[group.pk]) for group in groups]


def last_session(schedule) -> dt.date | None:
    """The date of the schedule's last session: None for a series with no end, ``date.min``
    for one with no session at all. A day is in the feed when it is no later than that date, as
    when ``schedule.next_session_date(day)`` finds a session."""
    last = schedule.last_rule_date()
    if last is None:
        return None
    dates = schedule.session_dates(schedule.start_date, last)
    return dates[-1] if dates else dt.date.min


def meeting_guide_entry(group) -> dict | None:
    """One group's entry, whatever the day, or None when the specification cannot carry its
    schedule."""
    schedule = group.schedule
    days = weekly_days(schedule)
    if days is None:
        return None
    region = group.region
    start = dt.datetime.combine(schedule.start_date, group.start_time)
    entry = {
        "name": clean(group.title)[:NAME_MAX],
        "slug": _slug(group),
        "day": days[0] if len(days) == 1 else days,
        "time": f"{group.start_time:%H:%M}",
        "end_time": f"{(start + group.duration).time():%H:%M}",
        "timezone": group.timezone,
        "types": _types(group),
    }
    notes = _notes(group)
    if notes:
        entry["notes"] = notes
    entry.update(_location(group.venue))
    entry["region"] = region.name
    entry["updated"] = f"{_last_change(group).astimezone(dt.UTC):%Y-%m-%d %H:%M:%S}"
    entry["url"] = absolute(group_path(group))
    entry.update(_entity(region))
    return entry


def _last_change(group) -> dt.datetime:
    """When anything the entry shows last changed: the group, its venue or its region."""
    venue = group.venue
    return max(
        group.updated_at,
        group.region.updated_at,
        *([venue.updated_at] if venue is not None else []),
    )


def _slug(group) -> str:
    """The group's slug, unique like it; one too long for the specification is cut and given
    the group's number, so it stays unique and the same from one day to the next."""
    if len(group.slug) <= SLUG_MAX:
        return group.slug
    suffix = f"-{group.pk}"
    return group.slug[: SLUG_MAX - len(suffix)].rstrip("-") + suffix


def _types(group) -> list[str]:
    codes = {AUDIENCE_TYPES.get(group.audience)}
    codes |= {ACCESS_TYPES.get(feature.slug) for feature in group.access_features.all()}
    codes |= {LANGUAGE_TYPES.get(language.code) for language in group.languages.all()}
    return sorted(code for code in codes if code)


def _notes(group) -> str:
    """The description, then how to join (a private address or link asked for first), as plain
    text, bounded."""
    parts = [clean(group.description), clean(how_to_join_in_one_line(group, private=False))]
    notes = "\n\n".join(part for part in parts if part)
    if len(notes) > NOTES_MAX:
        notes = notes[: NOTES_MAX - 1].rstrip() + "…"
    return notes


def _region_only() -> dict:
    return {
        "state": settings.MEETING_GUIDE_STATE,
        "country": settings.MEETING_GUIDE_COUNTRY,
        "approximate": "yes",
    }


def _location(venue) -> dict:
    """Where, as far as the public may know it (see the module's docstring)."""
    if venue is None or venue.is_online:
        return _region_only()
    place = {"location": clean(venue.name), "city": clean(venue.town), **_region_only()}
    if not (venue.address_is_public and venue.address.strip()):
        return place  # a private address: the town only
    place.update(address=clean(venue.address), approximate="no")
    coordinates = venue.public_coordinates
    if coordinates is not None:
        latitude, longitude = coordinates
        place["latitude"] = round(float(latitude), COORDINATE_PLACES)
        place["longitude"] = round(float(longitude), COORDINATE_PLACES)
    return place


def _entity(region) -> dict:
    """The RLC answers for the listing: whom to ask for an address, a link or a change."""
    entity = {"entity": region.name}
    if region.email:
        entity["entity_email"] = region.email
    if region.phone:
        entity["entity_phone"] = region.phone
    if region.website.startswith("https://"):
        # The README's field is entity_website_url; its example, and tsml-ui, say entity_url.
        entity["entity_website_url"] = entity["entity_url"] = region.website
    return entity


def network_groups():
    return public_groups()


def region_groups(region_id: int):
    return public_groups().filter(region_id=region_id)
