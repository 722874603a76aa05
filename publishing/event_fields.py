"""The fields of a group's VEVENTs that need no database: clean text, the rule, the times,
where the session is and who facilitates it (``publishing/events.py`` builds the events).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import cache

from django.utils.translation import get_language
from icalendar import Event
from recurrence import to_weekday

from groups.clock_changes import ambiguous
from groups.dates import LATEST_DATE
from groups.models import Group, SessionSubstitute
from groups.occurrences import UTC, Schedule, wall_clock

FREQUENCIES = {0: "YEARLY", 1: "MONTHLY", 2: "WEEKLY", 3: "DAILY"}
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# How many years ahead an open-ended series' sessions touched by a clock change are written.
CLOCK_CHANGE_YEARS = 10
# Control characters other than tab and newline have no place in calendar text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """User text made safe for a calendar: control characters out, line ends as \\n."""
    return CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def choice_label(group: Group, field: str) -> str:
    """``group.get_<field>_display()``, in the active language, without Django building the
    field's whole table of choices again for every group of a feed."""
    value = getattr(group, field)
    return _choice_labels(field, get_language()).get(value, str(value))


@cache
def _choice_labels(field: str, language: str | None) -> dict:
    """A choice field's labels by value, in ``language`` (which is active when asked)."""
    return {value: str(label) for value, label in Group._meta.get_field(field).flatchoices}


def rrule(schedule: Schedule) -> dict | None:
    if not schedule.rrules:
        return None
    rule = schedule.rrules[0]
    recur = {"freq": FREQUENCIES[rule.freq]}
    if (rule.interval or 1) > 1:
        recur["interval"] = rule.interval
    if rule.wkst is not None:
        recur["wkst"] = WEEKDAY_CODES[to_weekday(rule.wkst).number]
    if rule.byday:
        days = [to_weekday(day) for day in rule.byday]
        recur["byday"] = [f"{day.index or ''}{WEEKDAY_CODES[day.number]}" for day in days]
    for name in ("bymonth", "bymonthday", "byyearday", "byweekno", "bysetpos"):
        if getattr(rule, name, None):
            recur[name] = list(getattr(rule, name))
    last = schedule.last_rule_date()
    if last is not None:
        # UNTIL is in UTC when DTSTART has a TZID (RFC 5545), and covers the whole last day.
        recur["until"] = wall_clock(last, dt.time(23, 59, 59), schedule.tzinfo).astimezone(UTC)
    return recur


def written_until(group: Group, schedule: Schedule) -> dt.date:
    """The last date whose sessions a clock change touches that a feed writes one by one: the
    series' last date, and for a series with no end the end of the tenth year after its first
    date or its last change, whichever is later (from the data, never the clock)."""
    since = max(schedule.start_date, group.updated_at.date())
    horizon = dt.date(min(since.year + CLOCK_CHANGE_YEARS, LATEST_DATE.year), 12, 31)
    last = schedule.last_rule_date()
    return horizon if last is None else min(last, horizon)


def add_times(
    event: Event, start: dt.datetime, end: dt.datetime, *, series: bool, exact: bool = False
) -> None:
    """DTSTART and DTEND in the region's wall clock, or as exact UTC where that is ambiguous
    (or where ``exact`` asks for it: a session a clock change touches).

    RFC 5545 reads a repeated local time as the first of the two, so an end in the second one
    must be written in UTC. A series keeps its DTSTART in local time (its rule is wall-clock);
    a single event that touches the repeated hour is written wholly in UTC, which every client
    then reads the same way.
    """
    if exact or (not series and (ambiguous(start) or ambiguous(end))):
        start, end = start.astimezone(UTC), end.astimezone(UTC)
    elif ambiguous(end):
        end = end.astimezone(UTC)
    event.add("dtstart", start)
    event.add("dtend", end)


def event_location(venue, *, private: bool) -> str:
    if venue is None:
        return ""
    if private:
        if venue.is_online:
            return "Online"
        return ", ".join(part for part in (venue.name, venue.address, venue.town) if part)
    return venue.public_place


def facilitator_names(group: Group, substitutes: Sequence[SessionSubstitute] = ()) -> list[str]:
    """Who facilitates: the regulars, lead first, each substitute in place of whom they replace.

    With no substitutes this is the group's own list, the one every series event shows.
    """
    replacing = {record.replaces_id: record for record in substitutes if record.replaces_id}
    names = []
    for membership in group.memberships.all():
        facilitator = membership.facilitator
        record = replacing.pop(facilitator.pk, None)
        if record is None:
            names.append(facilitator.display_name)
        else:
            names.append(
                f"{record.substitute.display_name} (substitute for {facilitator.display_name})"
            )
    # Substitutes who replace nobody (or someone no longer in the group) join the list.
    names += [
        f"{record.substitute.display_name} (substitute)"
        for record in substitutes
        if record.replaces_id is None or record in replacing.values()
    ]
    return names
