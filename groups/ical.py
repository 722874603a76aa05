"""The iCalendar builder shared by every feed; feeds differ only in which groups they pass in.

One VEVENT per group: the series (RRULE, RDATE, EXDATE for cancelled sessions) or the one-off
event, and one VEVENT per moved session with the same UID and a RECURRENCE-ID. Every TZID gets an
RRULE-style VTIMEZONE. Nothing here reads the clock: DTSTAMP is the group's last change, so the
bytes change only when the data does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from icalendar import Calendar, Event, vDuration, vRecur, vText
from recurrence import to_weekday

from .models import Group, SessionChange
from .occurrences import UTC, Schedule, wall_clock
from .vtimezone import vtimezone

PRODID = "-//PeerHub//Peer support groups//EN"
FREQUENCIES = {0: "YEARLY", 1: "MONTHLY", 2: "WEEKLY", 3: "DAILY"}
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Control characters other than tab and newline have no place in calendar text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
REFRESH = dt.timedelta(hours=1)


def clean(text: str) -> str:
    """User text made safe for a calendar: control characters out, line ends as \\n."""
    return CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


@dataclass(frozen=True)
class FeedGroup:
    """A group and its session changes (every one: the feed carries the whole series)."""

    group: Group
    changes: Sequence[SessionChange]


def _rrule(schedule: Schedule) -> dict | None:
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


def _ambiguous(moment: dt.datetime) -> bool:
    """True when the local time names two instants (the hour repeated when clocks fall back)."""
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()


def _add_times(event: Event, start: dt.datetime, end: dt.datetime, *, series: bool) -> None:
    """DTSTART and DTEND in the region's wall clock, or as exact UTC where that is ambiguous.

    RFC 5545 reads a repeated local time as the first of the two, so an end in the second one
    must be written in UTC. A series keeps its DTSTART in local time (its rule is wall-clock);
    a single event that touches the repeated hour is written wholly in UTC, which every client
    then reads the same way.
    """
    if not series and (_ambiguous(start) or _ambiguous(end)):
        start, end = start.astimezone(UTC), end.astimezone(UTC)
    elif _ambiguous(end):
        end = end.astimezone(UTC)
    event.add("dtstart", start)
    event.add("dtend", end)


def _location(venue, *, private: bool) -> str:
    if venue is None:
        return ""
    if private:
        if venue.is_online:
            return "Online"
        return ", ".join(part for part in (venue.name, venue.address, venue.town) if part)
    return venue.public_location


def _description(feed_group: FeedGroup, *, site_url: str, private: bool, note: str = "") -> str:
    group = feed_group.group
    lines = []
    if note:
        lines += [f"Change: {note}", ""]
    if group.description:
        lines += [group.description, ""]
    lines.append(f"Who it is for: {group.get_audience_display()}")
    names = [membership.facilitator.display_name for membership in group.memberships.all()]
    if names:
        lines.append(f"Facilitators: {', '.join(names)}")
    if group.how_to_join:
        lines.append(f"How to join: {group.how_to_join}")
    if private and group.venue is not None and group.venue.join_details:
        lines.append(f"Joining details: {group.venue.join_details}")
    region = group.region
    contact = ", ".join(part for part in (region.phone, region.email) if part)
    lines.append(f"Contact: {region.name}" + (f" ({contact})" if contact else ""))
    lines += ["", f"{site_url}/groups/{group.slug}/"]
    return clean("\n".join(lines))


def _event(feed_group: FeedGroup, *, site_url: str, private: bool, venue, note: str = "") -> Event:
    group = feed_group.group
    event = Event()
    event.add("uid", group.ical_uid)
    stamp = group.updated_at.astimezone(UTC)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("created", group.created_at.astimezone(UTC))
    event.add("sequence", group.sequence)
    event.add("summary", clean(group.title))
    event.add(
        "description",
        _description(feed_group, site_url=site_url, private=private, note=note),
    )
    event.add("url", f"{site_url}/groups/{group.slug}/")
    location = _location(venue, private=private)
    if location:
        event.add("location", clean(location))
    if venue is None or venue.is_online or venue.latitude is None:
        coordinates = None
    elif private:
        coordinates = (venue.latitude, venue.longitude)
    else:
        coordinates = venue.public_coordinates
    if coordinates:
        event.add("geo", tuple(float(value) for value in coordinates))
    categories = [group.get_kind_display()]
    categories += [feature.name for feature in group.access_features.all()]
    event.add("categories", categories)
    event.add("class", "PUBLIC" if group.is_public else "PRIVATE")
    return event


def group_events(feed_group: FeedGroup, *, site_url: str, private: bool) -> list[Event]:
    """The series (or one-off) VEVENT of a group and one VEVENT per moved session."""
    group = feed_group.group
    schedule = group.schedule
    changes = {
        change.original_date: change
        for change in feed_group.changes
        if schedule.meets_on(change.original_date)
    }
    if schedule.is_one_off:
        # A one-off is not a series: its change applies to the event itself.
        change = changes.get(schedule.start_date)
        first = schedule.occurrence(schedule.start_date, change.as_change() if change else None)
        venue = (change.new_venue if change and change.new_venue_id else None) or group.venue
        event = _event(
            feed_group,
            site_url=site_url,
            private=private,
            venue=venue,
            note=change.public_note if change else "",
        )
        _add_times(event, first.start, first.end, series=False)
        event.add("status", "CANCELLED" if first.cancelled else "CONFIRMED")
        return [event]

    series = _event(feed_group, site_url=site_url, private=private, venue=group.venue)
    first = schedule.occurrence(schedule.start_date)
    _add_times(series, first.start, first.end, series=True)
    series.add("status", "CONFIRMED")
    recur = _rrule(schedule)
    if recur:
        series.add("rrule", vRecur(recur))
    if schedule.rdates:
        series.add(
            "rdate",
            [wall_clock(day, schedule.start_time, schedule.tzinfo) for day in schedule.rdates],
        )
    excluded = set(schedule.exdates) | {
        day for day, change in changes.items() if change.is_cancelled
    }
    if excluded:
        series.add(
            "exdate",
            [wall_clock(day, schedule.start_time, schedule.tzinfo) for day in sorted(excluded)],
        )
    events = [series]
    for day, change in sorted(changes.items()):
        if change.is_cancelled:
            continue
        moved = schedule.occurrence(day, change.as_change())
        override = _event(
            feed_group,
            site_url=site_url,
            private=private,
            venue=change.new_venue if change.new_venue_id else group.venue,
            note=change.public_note,
        )
        override.add("recurrence-id", moved.original_start)
        _add_times(override, moved.start, moved.end, series=False)
        override.add("status", "CONFIRMED")
        events.append(override)
    return events


def build_calendar(
    feed_groups: Iterable[FeedGroup],
    *,
    name: str,
    description: str,
    url: str,
    site_url: str,
    private: bool = False,
) -> bytes:
    """The whole calendar as bytes. ``private`` feeds show full addresses and joining details."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # icalendar does not escape the X-WR properties itself: give it vText.
    calendar.add("x-wr-calname", vText(clean(name)))
    calendar.add("x-wr-caldesc", vText(clean(description)))
    calendar.add("name", vText(clean(name)))
    calendar.add("description", vText(clean(description)))
    calendar.add("url", url)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))

    feed_groups = sorted(feed_groups, key=lambda fg: (fg.group.title.lower(), str(fg.group.uuid)))
    spans: dict[str, list[dt.date]] = {}
    events = []
    for feed_group in feed_groups:
        group = feed_group.group
        events += group_events(feed_group, site_url=site_url, private=private)
        days = [group.start_date, group.end_date or group.start_date]
        days += [change.new_date for change in feed_group.changes if change.new_date]
        spans.setdefault(group.timezone, []).extend(day for day in days if day)
    for tzid, days in sorted(spans.items()):
        calendar.add_component(vtimezone(tzid, min(days), max(days)))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def session_calendar(feed_group: FeedGroup, day: dt.date, *, site_url: str) -> bytes | None:
    """A calendar with the one session of a group originally on ``day``; None if there is none.

    The event has its own UID, not the series', so importing it never clashes with a
    subscription to the group's feed.
    """
    group = feed_group.group
    schedule = group.schedule
    if not schedule.meets_on(day):
        return None
    change = next((c for c in feed_group.changes if c.original_date == day), None)
    if change is not None and change.is_cancelled:
        return None
    occurrence = schedule.occurrence(day, change.as_change() if change else None)
    venue = (change.new_venue if change and change.new_venue_id else None) or group.venue
    event = _event(
        feed_group,
        site_url=site_url,
        private=False,
        venue=venue,
        note=change.public_note if change else "",
    )
    del event["UID"]
    event.add("uid", f"{group.uuid}-{day:%Y%m%d}@peerhub")
    _add_times(event, occurrence.start, occurrence.end, series=False)
    event.add("status", "CONFIRMED")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    start_day = occurrence.start.date()
    calendar.add_component(vtimezone(group.timezone, start_day, start_day))
    calendar.add_component(event)
    return calendar.to_ical()
