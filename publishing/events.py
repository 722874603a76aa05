"""The VEVENTs of a group in a feed: what every feed shows of one group, built from the data alone.

One VEVENT per group: the series (RRULE, RDATE, EXDATE for cancelled sessions) or the one-off
event, and one VEVENT per moved session with the same UID and a RECURRENCE-ID. Nothing here reads
the clock: DTSTAMP is the group's last change, so the bytes change only when the data does.
``publishing/ical.py`` puts them together into calendars.

A facilitator's private feed also follows one-session substitutes (``FeedGroup.viewer_id`` and
``substitutes``; public feeds pass neither, so substitutes never reach them): a session on which
the viewer is replaced is an EXDATE of their series (a one-off is left out), a session the viewer
covers for a group they do not run is its own event with a UID of its own (``cover_uid``), and
every session with a substitute names them among its facilitators.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from icalendar import Event, vRecur
from recurrence import to_weekday

from groups.expansion import expanding
from groups.joining import how_to_join_in_one_line
from groups.models import Group, SessionChange, SessionSubstitute
from groups.occurrences import UTC, Schedule, wall_clock
from groups.selectors import FeedGroup, session_of
from publishing.links import group_path

FREQUENCIES = {0: "YEARLY", 1: "MONTHLY", 2: "WEEKLY", 3: "DAILY"}
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Control characters other than tab and newline have no place in calendar text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """User text made safe for a calendar: control characters out, line ends as \\n."""
    return CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def cover_uid(group: Group, day: dt.date) -> str:
    """The UID of the session originally on ``day`` in the feed of a substitute covering it.

    Never the series' UID (``<uuid>@peerhub``) nor a one-session download's
    (``<uuid>-<date>@peerhub``), so it can live beside either in one calendar.
    """
    return f"{group.uuid}-{day:%Y%m%d}-cover@peerhub"


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


def _facilitator_names(group: Group, substitutes: Sequence[SessionSubstitute] = ()) -> list[str]:
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


def _description(
    feed_group: FeedGroup,
    *,
    page_url: str,
    private: bool,
    note: str = "",
    substitutes: Sequence[SessionSubstitute] = (),
) -> str:
    group = feed_group.group
    lines = []
    if note:
        lines += [f"Change: {note}", ""]
    if group.description:
        lines += [group.description, ""]
    lines.append(f"Who it is for: {group.get_audience_display()}")
    names = _facilitator_names(group, substitutes)
    if names:
        lines.append(f"Facilitators: {', '.join(names)}")
    if joining := how_to_join_in_one_line(group, private=private):
        lines.append(f"How to join: {joining}")
    if private and group.venue is not None and group.venue.join_details:
        lines.append(f"Joining details: {group.venue.join_details}")
    region = group.region
    contact = ", ".join(part for part in (region.phone, region.email) if part)
    lines.append(f"Contact: {region.name}" + (f" ({contact})" if contact else ""))
    lines += ["", page_url]
    return clean("\n".join(lines))


def _event(
    feed_group: FeedGroup,
    *,
    page_url: str,
    private: bool,
    venue,
    note: str = "",
    substitutes: Sequence[SessionSubstitute] = (),
    uid: str | None = None,
) -> Event:
    group = feed_group.group
    event = Event()
    event.add("uid", uid or group.ical_uid)
    stamp = group.updated_at.astimezone(UTC)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("created", group.created_at.astimezone(UTC))
    event.add("sequence", group.sequence)
    event.add("summary", clean(group.title))
    event.add(
        "description",
        _description(
            feed_group, page_url=page_url, private=private, note=note, substitutes=substitutes
        ),
    )
    event.add("url", page_url)
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


def _substitutes_by_date(
    feed_group: FeedGroup, schedule: Schedule
) -> dict[dt.date, list[SessionSubstitute]]:
    """The group's substitutes by session date, for sessions the schedule (still) has."""
    found: dict[dt.date, list[SessionSubstitute]] = {}
    for record in feed_group.substitutes:
        found.setdefault(record.original_date, []).append(record)
    return {day: records for day, records in found.items() if schedule.meets_on(day)}


def group_events(feed_group: FeedGroup, *, site_url: str, private: bool) -> list[Event]:
    """The events of a group in one feed.

    Public feeds, and the private feed of one of the group's own facilitators: the series (or
    one-off) VEVENT and one VEVENT per moved session. In the private feed of a substitute who
    does not run the group: one VEVENT per session they cover.
    """
    group = feed_group.group
    schedule = group.schedule
    page_url = f"{site_url}{group_path(group)}"  # once per group, not per event
    changes = {
        change.original_date: change
        for change in feed_group.changes
        if schedule.meets_on(change.original_date)
    }
    viewer = feed_group.viewer_id if private else None
    substitutes = _substitutes_by_date(feed_group, schedule) if viewer is not None else {}
    regulars = {membership.facilitator_id for membership in group.memberships.all()}
    if viewer is not None and viewer not in regulars:
        return _cover_events(
            feed_group, changes, substitutes, page_url=page_url, private=private, viewer=viewer
        )
    # The sessions on which the viewer is away, a substitute taking their place.
    away = {
        day
        for day, records in substitutes.items()
        if any(record.replaces_id == viewer for record in records)
        and not any(record.substitute_id == viewer for record in records)
    }

    if schedule.is_one_off:
        # A one-off is not a series: its change applies to the event itself. One the viewer is
        # away from is left out, not cancelled: it still happens, only not for them.
        if schedule.start_date in away:
            return []
        change = changes.get(schedule.start_date)
        session = session_of(group, schedule.start_date, change)
        first, venue = session.occurrence, session.venue
        event = _event(
            feed_group,
            page_url=page_url,
            private=private,
            venue=venue,
            note=change.public_note if change else "",
            substitutes=substitutes.get(schedule.start_date, ()),
        )
        _add_times(event, first.start, first.end, series=False)
        event.add("status", "CANCELLED" if first.cancelled else "CONFIRMED")
        return [event]

    series = _event(feed_group, page_url=page_url, private=private, venue=group.venue)
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
    excluded = (
        set(schedule.exdates)
        | {day for day, change in changes.items() if change.is_cancelled}
        | away
    )
    if excluded:
        series.add(
            "exdate",
            [wall_clock(day, schedule.start_time, schedule.tzinfo) for day in sorted(excluded)],
        )
    events = [series]
    # One override per moved session, and (private feeds) per session with a substitute, whose
    # description names them; the override of an unmoved session keeps its times.
    for day in sorted((changes.keys() | substitutes.keys()) - excluded):
        change = changes.get(day)
        session = session_of(group, day, change)
        occurrence = session.occurrence
        override = _event(
            feed_group,
            page_url=page_url,
            private=private,
            venue=session.venue,
            note=change.public_note if change else "",
            substitutes=substitutes.get(day, ()),
        )
        override.add("recurrence-id", occurrence.original_start)
        _add_times(override, occurrence.start, occurrence.end, series=False)
        override.add("status", "CONFIRMED")
        events.append(override)
    return events


def _cover_events(
    feed_group: FeedGroup,
    changes: dict[dt.date, SessionChange],
    substitutes: dict[dt.date, list[SessionSubstitute]],
    *,
    page_url: str,
    private: bool,
    viewer: int,
) -> list[Event]:
    """The sessions a substitute covers, each its own event where and when it now happens.

    A cancelled session is left out (the substitute has nothing to go to); its own UID keeps it
    apart from the group's series, which the substitute may also have from a public feed.
    """
    group = feed_group.group
    events = []
    for day, records in sorted(substitutes.items()):
        if not any(record.substitute_id == viewer for record in records):
            continue
        change = changes.get(day)
        if change is not None and change.is_cancelled:
            continue
        session = session_of(group, day, change)
        occurrence = session.occurrence
        event = _event(
            feed_group,
            page_url=page_url,
            private=private,
            venue=session.venue,
            note=change.public_note if change else "",
            substitutes=records,
            uid=cover_uid(group, day),
        )
        _add_times(event, occurrence.start, occurrence.end, series=False)
        event.add("status", "CONFIRMED")
        events.append(event)
    return events


def group_ical(feed_group: FeedGroup, *, site_url: str, private: bool) -> bytes | None:
    """A group's events as calendar text (b"" for a group with no event in this feed).

    None for a group whose schedule cannot be expanded: logged (``groups/expansion.py``), it is
    left out of the feed, and nothing is kept for it.
    """
    with expanding(feed_group.group):
        events = group_events(feed_group, site_url=site_url, private=private)
        return b"".join(event.to_ical() for event in events)
    return None


def group_days(feed_group: FeedGroup, *, private: bool) -> list[dt.date]:
    """The days the group's events touch, which its timezone's VTIMEZONE must cover."""
    group = feed_group.group
    days = [group.start_date, group.end_date or group.start_date]
    days += [change.new_date for change in feed_group.changes if change.new_date]
    if private:
        # The sessions with a substitute, which a private feed may list on their own.
        days += [record.original_date for record in feed_group.substitutes]
    return [day for day in days if day]


def session_event(
    feed_group: FeedGroup, day: dt.date, *, site_url: str
) -> tuple[Event, dt.date] | None:
    """The one session of a group originally on ``day`` as an event, and the local date it
    starts on; None if there is none.

    The event has its own UID, not the series', so importing it never clashes with a
    subscription to the group's feed.
    """
    group = feed_group.group
    if not group.schedule.meets_on(day):
        return None
    change = next((c for c in feed_group.changes if c.original_date == day), None)
    if change is not None and change.is_cancelled:
        return None
    session = session_of(group, day, change)
    occurrence = session.occurrence
    event = _event(
        feed_group,
        page_url=f"{site_url}{group_path(group)}",
        private=False,
        venue=session.venue,
        note=change.public_note if change else "",
    )
    # After the others, where the download has always had it.
    del event["UID"]
    event.add("uid", f"{group.uuid}-{day:%Y%m%d}@peerhub")
    _add_times(event, occurrence.start, occurrence.end, series=False)
    event.add("status", "CONFIRMED")
    return event, occurrence.start.date()
