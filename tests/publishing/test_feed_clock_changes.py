"""Feeds that calendar apps read the same way as the site on the nights the clocks change.

A weekly session at 1:30 am on the Sunday clocks fall back, or at 2:30 am on the Sunday they
spring forward, is well defined by RFC 5545 (the first 1:30; 2:30 read before the gap, so
3:30 daylight time), and so is the engine (``groups/occurrences.py``). The clients people use
read it otherwise, so every feed writes such a session as an override with exact UTC times
(``publishing/events.py``). Here both clients (``tests/ical_clients.py``) expand the feeds
of series starting around the change hours over five years and must give exactly the engine's
sessions, change days included.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from recurrence import MONTHLY, WEEKLY, Recurrence, Rule, Weekday

from groups import services, sessions
from groups.models import Group, GroupFacilitator
from groups.selectors import sessions_between
from tests.factories import FacilitatorFactory, RegionFactory, VenueFactory
from tests.publishing.test_feed_crosscheck import (
    CLIENTS,
    exdates,
    expand,
    expected_sessions,
    fetch,
    iso,
)

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC
# Five years of change days: 2026 to 2030.
WINDOW = (dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2031, 1, 1, tzinfo=UTC))
START_TIMES = [dt.time(0, 30), dt.time(1), dt.time(1, 30), dt.time(2), dt.time(2, 30), dt.time(3)]
DURATIONS = [60, 90]
SUNDAYS = Recurrence(rrules=[Rule(WEEKLY, byday=[6])])


def change_days(first_year: int, last_year: int) -> list[dt.date]:
    """The local dates on which New York's clocks change."""
    found = []
    day = dt.date(first_year, 1, 1)
    while day.year <= last_year:
        noon = dt.datetime.combine(day, dt.time(12), tzinfo=NEW_YORK)
        if noon.utcoffset() != (noon - dt.timedelta(days=1)).utcoffset():
            found.append(day)
        day += dt.timedelta(days=1)
    return found


CHANGE_DAYS = change_days(2026, 2030)


@pytest.fixture
def night_groups():
    """Sunday groups at every start time around the change hours, and a few other shapes."""
    region = RegionFactory(slug="night-owls")
    venue = VenueFactory(region=region, slug="night-hall")
    rosa = FacilitatorFactory(display_name="Rosa M.")

    def create(slug, **fields):
        fields.setdefault("start_date", dt.date(2026, 1, 4))  # a Sunday
        fields.setdefault("recurrences", SUNDAYS)
        return services.group_create(
            title=slug,
            slug=slug,
            region=region,
            venue=venue,
            facilitators=[(rosa, GroupFacilitator.Role.LEAD)],
            **fields,
        )

    groups = {}
    for start_time in START_TIMES:
        for minutes in DURATIONS:
            slug = f"sundays-{start_time:%H%M}-{minutes}"
            groups[slug] = create(slug, start_time=start_time, duration_minutes=minutes)
    # Ends in the repeated hour (10:30 pm Saturday for three hours).
    groups["late-saturdays"] = create(
        "late-saturdays",
        start_date=dt.date(2026, 1, 3),
        start_time=dt.time(22, 30),
        duration_minutes=180,
        recurrences=Recurrence(rrules=[Rule(WEEKLY, byday=[5])]),
    )
    # Every other Sunday at 1:30 (it meets on 1 November 2026, not on 8 March 2026).
    groups["fortnightly-0130"] = create(
        "fortnightly-0130",
        start_time=dt.time(1, 30),
        duration_minutes=90,
        recurrences=Recurrence(rrules=[Rule(WEEKLY, interval=2, byday=[6])]),
    )
    # The 2nd and the 1st Sunday of the month at 2:30 and 1:30: the spring and fall days.
    groups["monthly-0230"] = create(
        "monthly-0230",
        start_date=dt.date(2026, 1, 11),
        start_time=dt.time(2, 30),
        duration_minutes=60,
        recurrences=Recurrence(rrules=[Rule(MONTHLY, byday=[Weekday(6, 2)])]),
    )
    groups["monthly-0130"] = create(
        "monthly-0130",
        start_time=dt.time(1, 30),
        duration_minutes=60,
        recurrences=Recurrence(rrules=[Rule(MONTHLY, byday=[Weekday(6, 1)])]),
    )
    # A series whose very first session is on a change day, with an end of its own.
    groups["from-the-fall-night"] = create(
        "from-the-fall-night",
        start_date=dt.date(2026, 11, 1),
        start_time=dt.time(1, 30),
        duration_minutes=60,
        end_date=dt.date(2029, 12, 31),
    )
    # Changes on change days: a cancel, a move to another time and a move to another day, and
    # a note on a session that stays where it is (the override must keep the exact times).
    sessions.session_cancel(
        group=groups["sundays-0130-60"], original_date=dt.date(2027, 11, 7), public_note="Closed"
    )
    sessions.session_cancel(group=groups["sundays-0230-60"], original_date=dt.date(2028, 3, 12))
    sessions.session_move(
        group=groups["sundays-0230-90"],
        original_date=dt.date(2027, 3, 14),
        new_start_time=dt.time(4),
    )
    sessions.session_move(
        group=groups["sundays-0100-90"],
        original_date=dt.date(2027, 11, 7),
        new_date=dt.date(2027, 11, 6),
        new_start_time=dt.time(23),
    )
    sessions.session_move(
        group=groups["sundays-0130-90"],
        original_date=dt.date(2027, 11, 7),
        new_start_time=dt.time(1, 30),
        new_end_time=dt.time(1, 45),
        public_note="A short one",
    )
    for group in groups.values():
        group.refresh_from_db()
    return {"region": region, "venue": venue, "rosa": rosa, "groups": groups}


def readings(session) -> set[str]:
    """Both instants a client may read the rule's local time of a session as (the same one
    twice, away from the clock changes)."""
    nominal = dt.datetime.combine(session.occurrence.original_date, session.group.start_time)
    return {iso(nominal.replace(tzinfo=NEW_YORK, fold=fold)) for fold in (0, 1)}


def assert_agrees(client_name: str, found: list[dict], groups, window) -> None:
    """The client gives the engine's confirmed sessions: each uid, start and end exactly.

    The RECURRENCE-ID a client reports is its own reading of the rule's local time, so
    recurring-ical-events gives the engine's original start (RFC 5545's reading), while ical.js
    reads a skipped or repeated local time the other way; both name the rule's occurrence.
    """
    confirmed = [s for s in sessions_between(groups, *window) if not s.occurrence.cancelled]
    expected = expected_sessions(groups, *window)
    without_id = [{k: v for k, v in item.items() if k != "recurrence_id"} for item in expected]
    assert [{k: v for k, v in item.items() if k != "recurrence_id"} for item in found] == (
        without_id
    )
    if client_name == CLIENTS[0]:
        assert found == expected
        return
    allowed = {}
    for session in confirmed:
        key = (session.group.ical_uid, iso(session.occurrence.start))
        allowed.setdefault(key, set()).update(readings(session))
    for item in found:
        assert item["recurrence_id"] in allowed[(item["uid"], item["start"])], item


def on_change_days(items: list[dict]) -> list[dict]:
    """The sessions whose original start falls on a change day."""
    return [
        item
        for item in items
        if dt.datetime.fromisoformat(item["recurrence_id"]).astimezone(NEW_YORK).date()
        in CHANGE_DAYS
    ]


def test_the_night_groups_meet_on_the_change_days(night_groups):
    groups = Group.objects.filter(region=night_groups["region"])
    expected = on_change_days(expected_sessions(groups, *WINDOW))
    # Every Sunday group meets on all ten change days; the others on some.
    by_uid = {}
    for item in expected:
        by_uid.setdefault(item["uid"], []).append(item)
    weekly = night_groups["groups"]["sundays-0230-60"]
    assert len(by_uid[weekly.ical_uid]) == 9  # one of the ten is cancelled
    assert len(by_uid[night_groups["groups"]["sundays-0200-60"].ical_uid]) == 10
    # The engine's policy: 2:30 on the spring day is 3:30 EDT, 1:30 on the fall day the first.
    starts = {item["start"] for item in by_uid[weekly.ical_uid]}
    assert "2026-03-08T07:30:00Z" in starts
    fall = night_groups["groups"]["sundays-0130-60"]
    assert "2026-11-01T05:30:00Z" in {item["start"] for item in by_uid[fall.ical_uid]}


def feeds(night_groups) -> dict[str, tuple[str, object]]:
    region = night_groups["region"]
    return {
        "all": ("/calendar.ics", lambda: Group.objects.filter(region=region)),
        "region": (
            f"/regions/{region.slug}/calendar.ics",
            lambda: Group.objects.filter(region=region),
        ),
        "private": (
            f"/feeds/{night_groups['rosa'].feed_token}.ics",
            lambda: Group.objects.filter(region=region),
        ),
    }


@pytest.mark.parametrize("feed", ["all", "region", "private"])
@pytest.mark.parametrize("client_name", CLIENTS)
def test_both_clients_agree_with_the_engine_on_every_change_day(
    client, night_groups, feed, client_name
):
    url, groups = feeds(night_groups)[feed]
    ics = fetch(client, url)
    expected = expected_sessions(groups(), *WINDOW)
    found = expand(client_name, ics, *WINDOW)
    assert len(on_change_days(expected)) >= 140
    assert_agrees(client_name, found, groups(), WINDOW)


@pytest.mark.parametrize("client_name", CLIENTS)
def test_each_group_feed_agrees_on_the_change_days(client, night_groups, client_name):
    for slug, group in night_groups["groups"].items():
        ics = fetch(client, f"/groups/{slug}/calendar.ics")
        found = expand(client_name, ics, *WINDOW)
        assert_agrees(client_name, found, Group.objects.filter(pk=group.pk), WINDOW)


def overrides(ics: bytes) -> dict[str, list[icalendar.Event]]:
    found = {}
    for event in icalendar.Calendar.from_ical(ics).walk("VEVENT"):
        if "RECURRENCE-ID" in event:
            found.setdefault(str(event["UID"]), []).append(event)
    return found


def test_only_sessions_at_an_ambiguous_time_get_an_override(client, night_groups):
    groups = night_groups["groups"]
    ics = fetch(client, f"/regions/{night_groups['region'].slug}/calendar.ics")
    written = overrides(ics)
    # 3:00 for an hour or more never touches a changing hour (it is after the change).
    assert groups["sundays-0300-60"].ical_uid not in written
    assert groups["sundays-0300-90"].ical_uid not in written
    # 00:30 for an hour ends at the first 1:30 am on the fall night: the fall days only.
    ends = [event["DTEND"].dt for event in written[groups["sundays-0030-60"].ical_uid]]
    assert [iso(moment) for moment in ends[:2]] == ["2026-11-01T05:30:00Z", "2027-11-07T05:30:00Z"]
    # 2:30: the spring days only.
    spring = [event["DTSTART"].dt for event in written[groups["sundays-0230-60"].ical_uid]]
    assert all(moment.month == 3 for moment in spring)
    assert iso(spring[0]) == "2026-03-08T07:30:00Z"
    # 1:30 for an hour: starts twice in the fall, lasts across the gap in the spring.
    both = [event["DTSTART"].dt for event in written[groups["sundays-0130-60"].ical_uid]]
    assert {moment.month for moment in both} == {3, 11}
    # One per change day from the first date to ten years after the group's last change
    # (2026 to 2036: 11 spring days, 11 fall days, less the cancelled 7 November 2027).
    assert len(both) == 21
    assert iso(max(both)) == "2036-11-02T05:30:00Z"
    # Exact UTC times, and the rule's own local time as RECURRENCE-ID.
    first = written[groups["sundays-0230-60"].ical_uid][0]
    assert b"DTSTART:20260308T073000Z" in first.to_ical()
    assert b"DTEND:20260308T083000Z" in first.to_ical()
    assert b"RECURRENCE-ID;TZID=America/New_York:20260308T023000" in first.to_ical()


def test_a_change_on_a_change_day_still_wins(client, night_groups):
    groups = night_groups["groups"]
    ics = fetch(client, f"/regions/{night_groups['region'].slug}/calendar.ics")
    written = overrides(ics)
    # The cancelled fall session is an EXDATE, with no override of its own.
    cancelled = groups["sundays-0130-60"]
    days = [event["RECURRENCE-ID"].dt.date() for event in written[cancelled.ical_uid]]
    assert dt.date(2027, 11, 7) not in days
    assert dt.date(2026, 11, 1) in days
    # So is a cancelled spring session, at the rule's own local time (2:30, not 3:30).
    cancelled = groups["sundays-0230-60"]
    days = [event["RECURRENCE-ID"].dt.date() for event in written[cancelled.ical_uid]]
    assert dt.date(2028, 3, 12) not in days
    assert dt.date(2027, 3, 14) in days
    assert (cancelled.ical_uid, "2028-03-12T07:30:00Z") in exdates(ics)
    assert b"EXDATE;TZID=America/New_York:20280312T023000" in ics
    # One override per session, the move's: its note and its own times.
    moved = groups["sundays-0130-90"]
    [short] = [
        event
        for event in written[moved.ical_uid]
        if event["RECURRENCE-ID"].dt.date() == dt.date(2027, 11, 7)
    ]
    assert "A short one" in str(short["DESCRIPTION"])
    assert (iso(short["DTSTART"].dt), iso(short["DTEND"].dt)) == (
        "2027-11-07T05:30:00Z",
        "2027-11-07T05:45:00Z",
    )
    for uid, events in written.items():
        keys = [event["RECURRENCE-ID"].to_ical() for event in events]
        assert len(keys) == len(set(keys)), uid


def test_a_session_moved_onto_the_fall_night_is_at_the_engines_time(client, night_groups):
    group = night_groups["groups"]["sundays-0300-60"]
    sessions.session_move(
        group=group, original_date=dt.date(2027, 11, 7), new_start_time=dt.time(1, 15)
    )
    ics = fetch(client, f"/groups/{group.slug}/calendar.ics")
    window = (dt.datetime(2027, 11, 1, tzinfo=UTC), dt.datetime(2027, 11, 10, tzinfo=UTC))
    expected = expected_sessions(Group.objects.filter(pk=group.pk), *window)
    assert [item["start"] for item in expected] == ["2027-11-07T05:15:00Z"]
    for client_name in CLIENTS:
        found = expand(client_name, ics, *window)
        assert_agrees(client_name, found, Group.objects.filter(pk=group.pk), window)


def test_sessions_between_sees_the_same_days(night_groups):
    # A guard on the data: the engine has a session on each change day for every Sunday group.
    groups = Group.objects.filter(slug__startswith="sundays-")
    found = {(s.group.slug, s.occurrence.original_date) for s in sessions_between(groups, *WINDOW)}
    assert all(
        (slug, day) in found
        for slug in groups.values_list("slug", flat=True)
        for day in CHANGE_DAYS
    )
