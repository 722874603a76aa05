"""The VEVENTs of a group in a feed: what every feed shows of one group, built from the data alone.

One VEVENT per group: the series (RRULE, RDATE, EXDATE for cancelled sessions) or the one-off
event, and one VEVENT per moved session with the same UID and a RECURRENCE-ID. Nothing here reads
the clock: DTSTAMP is the group's last change, so the bytes change only when the data does.

A session of a series that a clock change touches (it starts in the hour the clocks skip or
repeat, ends in the repeated one, or lasts across the change: ``groups/clock_changes.py``) is
written as an override too, at exact UTC times, with the rule's own local time as RECURRENCE-ID
(as EXDATE and RDATE are): calendar apps resolve such a time each their own way, and then all
agree with the site. Only those sessions, from the first date up to ``written_until``.
``publishing/ical.py`` puts them together into calendars.

A facilitator's private feed also follows one-session substitutes (``FeedGroup.viewer_id`` and
``substitutes``; public feeds pass neither, so substitutes never reach them): a session on which
the viewer is replaced is an EXDATE of their series (a one-off is left out), a session the viewer
covers for a group they do not run is its own event with a UID of its own (``cover_uid``), and
every session with a substitute names them among its facilitators.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from icalendar import Event, vRecur

from groups.clock_changes import touched_sessions
from groups.expansion import expanding
from groups.joining import how_to_join_in_one_line
from groups.models import Group, SessionChange, SessionSubstitute
from groups.occurrences import UTC, Schedule
from groups.selectors import FeedGroup, session_of
from publishing.calendar_text import component_text
from publishing.event_fields import (
    add_times,
    choice_label,
    clean,
    event_location,
    facilitator_names,
    rrule,
    written_until,
)
from publishing.links import group_path


def cover_uid(group: Group, day: dt.date) -> str:
    """The UID of the session originally on ``day`` in the feed of a substitute covering it.

    Never the series' UID (``<uuid>@peerhub``) nor a one-session download's
    (``<uuid>-<date>@peerhub``), so it can live beside either in one calendar.
    """
    return f"{group.uuid}-{day:%Y%m%d}-cover@peerhub"


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
    lines.append(f"Who it is for: {choice_label(group, 'audience')}")
    names = facilitator_names(group, substitutes)
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
    where = event_location(venue, private=private)
    if where:
        event.add("location", clean(where))
    if venue is None or venue.is_online or venue.latitude is None:
        coordinates = None
    elif private:
        coordinates = (venue.latitude, venue.longitude)
    else:
        coordinates = venue.public_coordinates
    if coordinates:
        event.add("geo", tuple(float(value) for value in coordinates))
    categories = [choice_label(group, "kind")]
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
        add_times(event, first.start, first.end, series=False)
        event.add("status", "CANCELLED" if first.cancelled else "CONFIRMED")
        return [event]

    def nominal(day: dt.date) -> dt.datetime:
        """The rule's own local time on ``day``, unresolved (as a client reads the rule)."""
        return dt.datetime.combine(day, schedule.start_time, tzinfo=schedule.tzinfo)

    # Sessions a clock change touches are each written as an override at exact UTC times:
    # clients resolve a skipped or repeated local time (and a length across it) each their way.
    touched = {
        session.day
        for session in touched_sessions(
            schedule, schedule.start_date, written_until(group, schedule)
        )
    }
    series = _event(feed_group, page_url=page_url, private=private, venue=group.venue)
    first = schedule.occurrence(schedule.start_date)
    if schedule.start_date in touched:
        # Its DTEND would give every session a wrong length in some clients: say how long.
        series.add("dtstart", nominal(schedule.start_date))
        series.add("duration", schedule.duration)
    else:
        add_times(series, first.start, first.end, series=True)
    series.add("status", "CONFIRMED")
    recur = rrule(schedule)
    if recur:
        series.add("rrule", vRecur(recur))
    if schedule.rdates:
        series.add(
            "rdate",
            [nominal(day) for day in schedule.rdates],
        )
    excluded = (
        set(schedule.exdates)
        | {day for day, change in changes.items() if change.is_cancelled}
        | away
    )
    if excluded:
        series.add(
            "exdate",
            [nominal(day) for day in sorted(excluded)],
        )
    events = [series]
    # One override per moved session, per session a clock change touches, and (private feeds)
    # per session with a substitute, whose description names them; the override of an unmoved
    # session keeps its times. RECURRENCE-ID is the rule's local time, as the clients read it.
    for day in sorted((changes.keys() | substitutes.keys() | touched) - excluded):
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
        override.add("recurrence-id", nominal(day))
        add_times(override, occurrence.start, occurrence.end, series=False, exact=day in touched)
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
        add_times(event, occurrence.start, occurrence.end, series=False)
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
        return b"".join(component_text(event) for event in events)
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
    add_times(event, occurrence.start, occurrence.end, series=False)
    event.add("status", "CONFIRMED")
    return event, occurrence.start.date()
