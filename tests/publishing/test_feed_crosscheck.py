"""Cross-checks of the iCalendar feeds against the engine, the JSON API and two calendar clients.

The contract: expanding a feed with an independent client (recurring-ical-events, ical.js) over
any window gives exactly the confirmed sessions the site computes (``sessions_between``), with the
times the JSON API shows, and none of the cancelled ones.

Every comparison is on lists of ``{uid, recurrence_id, start, end}`` with UTC ISO strings, as
``tests/ical_clients.py`` returns them. Both clients report a one-off event's DTSTART as its
``recurrence_id`` (a moved one-off is written with its new time as DTSTART, so that is what they
report), while the engine's ``original_start`` and the API's ``recurrence_id`` (null) differ for
one-offs: ``session_key`` normalises that.

The ical.js checks are separate test items (parametrised on the client), so a machine without
node or ``npm ci`` skips only those and still runs every recurring-ical-events check.
"""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil import rrule as du
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from recurrence import MONTHLY, WEEKLY, Recurrence, Rule, Weekday

from groups import services, sessions
from groups.models import Group, GroupFacilitator
from groups.selectors import facilitator_feed_groups, public_groups, sessions_between
from regions.models import Venue
from tests.factories import FacilitatorFactory, RegionFactory, VenueFactory
from tests.ical_clients import (
    expand_with_icaljs,
    expand_with_recurring_ical_events,
    icaljs_available,
)

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC
OCCURRENCES = "/api/v1/occurrences.json"
PYTHON, ICALJS = "recurring-ical-events", "ical.js"
CLIENTS = [PYTHON, ICALJS]


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


# Each crosses a 2026 daylight saving change (8 March, 1 November) or both.
WINDOWS = {
    "jan-mar": (utc(2026, 1, 1), utc(2026, 4, 1)),
    "oct-nov": (utc(2026, 10, 15), utc(2026, 11, 20)),
    "year-2026": (utc(2026, 1, 1), utc(2027, 1, 1)),
    # Opens exactly on a session start (Tuesday 3 February, 6 pm EST, is in) and closes exactly
    # on one (Tuesday 17 March, 6 pm EDT, is out).
    "exact-edges": (utc(2026, 2, 3, 23), utc(2026, 3, 17, 22)),
}
# Wide enough for every session of the data set, moved or not.
EVERYTHING = (utc(2025, 9, 1), utc(2028, 1, 1))


# Normalisation --------------------------------------------------------------------------------


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sort_key(item: dict) -> tuple:
    return (item["start"], item["uid"], item["recurrence_id"], item["end"])


def normalised(items) -> list[dict]:
    """Sorted on every field: a session moved onto another's start must not depend on order."""
    return sorted(items, key=sort_key)


def session_key(session) -> dict:
    """An engine session as the clients report it.

    recurrence_id: the original start for a series; for a one-off, what the clients give for a
    non-recurring event, its DTSTART, which is the (possibly moved) start.
    """
    group, occurrence = session.group, session.occurrence
    original = occurrence.start if group.schedule.is_one_off else occurrence.original_start
    return {
        "uid": group.ical_uid,
        "recurrence_id": iso(original),
        "start": iso(occurrence.start),
        "end": iso(occurrence.end),
    }


def api_key(item: dict) -> dict:
    """An API item as the clients report it (a one-off's null recurrence_id is its start)."""
    start = dt.datetime.fromisoformat(item["start"])
    recurrence_id = item["recurrence_id"]
    return {
        "uid": item["uid"],
        "recurrence_id": iso(dt.datetime.fromisoformat(recurrence_id) if recurrence_id else start),
        "start": iso(start),
        "end": iso(dt.datetime.fromisoformat(item["end"])),
    }


def expected_sessions(groups, start: dt.datetime, end: dt.datetime) -> list[dict]:
    """The confirmed sessions the site computes for these groups in [start, end)."""
    return normalised(
        session_key(session)
        for session in sessions_between(groups, start, end)
        if not session.occurrence.cancelled
    )


def cancelled_sessions(groups, start: dt.datetime, end: dt.datetime) -> list[dict]:
    return normalised(
        session_key(session)
        for session in sessions_between(groups, start, end)
        if session.occurrence.cancelled
    )


def skip_unless_icaljs() -> None:
    reason = icaljs_available()
    if reason is not None:
        pytest.skip(reason)


def expand(client_name: str, ics: bytes, start: dt.datetime, end: dt.datetime) -> list[dict]:
    if client_name == ICALJS:
        skip_unless_icaljs()
        return normalised(expand_with_icaljs(ics, start, end))
    return normalised(expand_with_recurring_ical_events(ics, start, end))


def fetch(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.getvalue()[:500])
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.getvalue()


def api_items(client, start: dt.datetime, end: dt.datetime) -> list[dict]:
    """The API's items (any status) whose start is in the UTC window [start, end).

    The API's window is by local date, both ends included; every region here is in New York, so
    the local dates of the UTC window's first and last instants cover it exactly (the full-year
    window needs 366 local dates, the API's cap).
    """
    first = start.astimezone(NEW_YORK).date()
    last = (end - dt.timedelta(microseconds=1)).astimezone(NEW_YORK).date()
    response = client.get(OCCURRENCES, {"start": first.isoformat(), "end": last.isoformat()})
    assert response.status_code == 200, response.content
    return [
        item
        for item in response.json()["occurrences"]
        if start <= dt.datetime.fromisoformat(item["start"]) < end
    ]


def exdates(ics: bytes) -> set[tuple[str, str]]:
    """(uid, UTC instant) of every EXDATE value in a feed."""
    found = set()
    for event in icalendar.Calendar.from_ical(ics).walk("VEVENT"):
        values = event.get("EXDATE", [])
        for exdate in values if isinstance(values, list) else [values]:
            found |= {(str(event["UID"]), iso(value.dt)) for value in exdate.dts}
    return found


def exdates_and_cancelled(ics: bytes) -> set[tuple[str, str]]:
    """(uid, UTC start) of every EXDATE and of every STATUS:CANCELLED VEVENT in a feed."""
    return exdates(ics) | {
        (str(event["UID"]), iso(event["DTSTART"].dt))
        for event in icalendar.Calendar.from_ical(ics).walk("VEVENT")
        if str(event.get("STATUS", "")).upper() == "CANCELLED"
    }


# The data set ---------------------------------------------------------------------------------


def tuesdays_and(*days):
    return Recurrence(rrules=[Rule(WEEKLY, byday=list(days))])


@pytest.fixture
def network():
    """Two New York regions and fourteen groups of every schedule shape (twelve public, one
    private, one paused), with cancellations and moves on both sides of both 2026 daylight
    saving changes. Returns the objects by name."""
    central = RegionFactory(name="Central RLC", slug="central")
    western = RegionFactory(name="Western Mass RLC", slug="western")
    library = VenueFactory(
        region=central, slug="worcester-library", kind=Venue.Kind.LIBRARY, town="Worcester"
    )
    peer_center = VenueFactory(
        region=central, slug="worcester-peer-center", kind=Venue.Kind.PEER_CENTER, town="Worcester"
    )
    online = VenueFactory(
        region=central,
        slug="central-online",
        kind=Venue.Kind.ONLINE,
        address="",
        town="",
        join_details="https://meet.example.org/peer-workers",
    )
    hospital = VenueFactory(
        region=central,
        slug="worcester-state-hospital",
        kind=Venue.Kind.STATE_HOSPITAL,
        address_is_public=False,
        town="Worcester",
    )
    church = VenueFactory(
        region=western, slug="springfield-church", kind=Venue.Kind.CHURCH, town="Springfield"
    )
    shelter = VenueFactory(
        region=western,
        slug="springfield-shelter",
        kind=Venue.Kind.SHELTER,
        address_is_public=False,
        town="Springfield",
    )
    pittsfield = VenueFactory(
        region=western, slug="pittsfield-library", kind=Venue.Kind.LIBRARY, town="Pittsfield"
    )
    maria = FacilitatorFactory(display_name="Maria S.")
    james = FacilitatorFactory(display_name="James T.")

    def create(slug, facilitator, **fields):
        fields.setdefault("title", slug.replace("-", " ").title())
        fields.setdefault("duration_minutes", 90)
        return services.group_create(
            slug=slug, facilitators=[(facilitator, GroupFacilitator.Role.LEAD)], **fields
        )

    d = dt.date
    t = dt.time
    groups = {}

    # Weekly, Tuesdays 6 pm from November 2025.
    weekly = groups["weekly"] = create(
        "hearing-voices",
        maria,
        region=central,
        venue=library,
        start_date=d(2025, 11, 4),
        start_time=t(18, 0),
        recurrences=tuesdays_and(1),
    )
    sessions.session_cancel(group=weekly, original_date=d(2026, 1, 13), public_note="Snow day")
    # Another time on the same day, with an end time of its own.
    sessions.session_move(
        group=weekly,
        original_date=d(2026, 1, 20),
        new_start_time=t(19, 30),
        new_end_time=t(21, 0),
    )
    # Across the March change: Tuesday 3 March (EST) to Monday 9 March (EDT).
    sessions.session_move(
        group=weekly, original_date=d(2026, 3, 3), new_date=d(2026, 3, 9), new_start_time=t(19, 0)
    )
    sessions.session_cancel(group=weekly, original_date=d(2026, 3, 10))
    # Into the January-March window from 7 April, outside it.
    sessions.session_move(
        group=weekly, original_date=d(2026, 4, 7), new_date=d(2026, 3, 28), new_start_time=t(11, 0)
    )
    # Across the November change: Tuesday 27 October (EDT) to Monday 2 November (EST).
    sessions.session_move(group=weekly, original_date=d(2026, 10, 27), new_date=d(2026, 11, 2))
    sessions.session_cancel(group=weekly, original_date=d(2026, 11, 3))

    # Every other Thursday, 10 am.
    fortnightly = groups["fortnightly"] = create(
        "wrap-every-other-thursday",
        james,
        region=central,
        venue=peer_center,
        start_date=d(2025, 12, 4),
        start_time=t(10, 0),
        duration_minutes=120,
        recurrences=Recurrence(rrules=[Rule(WEEKLY, interval=2, byday=[3])]),
    )
    # Another date and venue.
    sessions.session_move(
        group=fortnightly,
        original_date=d(2026, 2, 12),
        new_date=d(2026, 2, 13),
        new_start_time=t(13, 0),
        new_venue=library,
        public_note="Friday this time, at the library",
    )
    # Out of the January-March window.
    sessions.session_move(group=fortnightly, original_date=d(2026, 3, 26), new_date=d(2026, 4, 2))
    sessions.session_cancel(group=fortnightly, original_date=d(2026, 11, 5))

    # 2nd and 4th Tuesday, 7 pm.
    second_fourth = groups["second_fourth"] = create(
        "second-and-fourth-tuesday",
        james,
        region=western,
        venue=church,
        start_date=d(2026, 1, 13),
        start_time=t(19, 0),
        recurrences=Recurrence(rrules=[Rule(MONTHLY, byday=[Weekday(1, 2), Weekday(1, 4)])]),
    )
    sessions.session_cancel(group=second_fourth, original_date=d(2026, 3, 10))
    # Its first session (DTSTART itself) cancelled.
    sessions.session_cancel(group=second_fourth, original_date=d(2026, 1, 13))
    sessions.session_move(
        group=second_fourth, original_date=d(2026, 11, 10), new_date=d(2026, 11, 12)
    )

    # Last Friday of the month, noon.
    last_friday = groups["last_friday"] = create(
        "last-friday-coffee-hour",
        james,
        region=western,
        venue=pittsfield,
        start_date=d(2025, 11, 28),
        start_time=t(12, 0),
        duration_minutes=60,
        recurrences=Recurrence(rrules=[Rule(MONTHLY, byday=[Weekday(4, -1)])]),
    )
    sessions.session_cancel(group=last_friday, original_date=d(2026, 10, 30))

    # Last weekday of the month (BYSETPOS=-1), 5:30 pm, online.
    last_weekday = groups["last_weekday"] = create(
        "peer-worker-support-last-weekday",
        james,
        kind=Group.Kind.PEER_WORKER_SUPPORT,
        audience=Group.Audience.PEER_WORKERS,
        region=central,
        venue=online,
        start_date=d(2025, 12, 31),
        start_time=t(17, 30),
        duration_minutes=60,
        recurrences=Recurrence(rrules=[Rule(MONTHLY, byday=[0, 1, 2, 3, 4], bysetpos=[-1])]),
    )
    sessions.session_move(
        group=last_weekday, original_date=d(2026, 10, 30), new_start_time=t(12, 0)
    )

    # Mondays, Wednesdays and Fridays, 9 am.
    several_days = groups["several_days"] = create(
        "daily-living-skills",
        maria,
        region=western,
        venue=shelter,
        start_date=d(2026, 1, 5),
        start_time=t(9, 0),
        duration_minutes=60,
        recurrences=tuesdays_and(0, 2, 4),
    )
    sessions.session_cancel(group=several_days, original_date=d(2026, 1, 19))
    sessions.session_cancel(group=several_days, original_date=d(2026, 11, 11))

    # Six Wednesdays from 25 February (COUNT=6); the last, 1 April 8 pm EDT, is 2 April UTC.
    count_limited = groups["count_limited"] = create(
        "six-week-wrap-course",
        james,
        kind=Group.Kind.CLASS,
        region=central,
        venue=peer_center,
        start_date=d(2026, 2, 25),
        start_time=t(20, 0),
        duration_minutes=120,
        recurrences=Recurrence(rrules=[Rule(WEEKLY, byday=[2], count=6)]),
    )
    sessions.session_cancel(group=count_limited, original_date=d(2026, 3, 18))
    # Its first session (DTSTART itself) moved to the next evening.
    sessions.session_move(
        group=count_limited, original_date=d(2026, 2, 25), new_date=d(2026, 2, 26)
    )

    # Mondays 2 pm until an end date inside the October-November window.
    with_end = groups["with_end"] = create(
        "monday-afternoon-support",
        james,
        region=western,
        venue=church,
        start_date=d(2025, 10, 6),
        start_time=t(14, 0),
        end_date=d(2026, 11, 9),
        recurrences=tuesdays_and(0),
    )
    # The last session moved a day past the end date.
    sessions.session_move(group=with_end, original_date=d(2026, 11, 9), new_date=d(2026, 11, 10))

    # Wednesdays 6:30 pm with extra dates (RDATE) and skipped ones (EXDATE) in the recurrence.
    extra_dates = groups["extra_dates"] = create(
        "wednesday-evening-recovery",
        maria,
        region=central,
        venue=library,
        start_date=d(2026, 1, 7),
        start_time=t(18, 30),
        recurrences=Recurrence(
            rrules=[Rule(WEEKLY, byday=[2])],
            rdates=[
                dt.datetime(2026, 3, 7, 12, 0),
                dt.datetime(2026, 10, 31, 12, 0),
                dt.datetime(2026, 11, 14, 12, 0),
            ],
            exdates=[dt.datetime(2026, 3, 11, 12, 0), dt.datetime(2026, 11, 4, 12, 0)],
        ),
    )
    # The extra date of Saturday 7 March moved to the day of the change, 8 March, 2 pm EDT.
    sessions.session_move(
        group=extra_dates,
        original_date=d(2026, 3, 7),
        new_date=d(2026, 3, 8),
        new_start_time=t(14, 0),
    )
    # An extra date cancelled: its EXDATE is also an RDATE.
    sessions.session_cancel(group=extra_dates, original_date=d(2026, 11, 14))

    # A one-off 3-hour class.
    groups["one_off"] = create(
        "peer-support-101",
        maria,
        kind=Group.Kind.CLASS,
        region=central,
        venue=library,
        start_date=d(2026, 3, 14),
        start_time=t(10, 0),
        duration_minutes=180,
        recurrences=Recurrence(),
    )
    # A one-off that is cancelled.
    cancelled_one_off = groups["cancelled_one_off"] = create(
        "facilitator-training-february",
        james,
        kind=Group.Kind.CLASS,
        region=western,
        venue=pittsfield,
        start_date=d(2026, 2, 20),
        start_time=t(9, 0),
        duration_minutes=240,
        recurrences=Recurrence(),
    )
    sessions.session_cancel(group=cancelled_one_off, original_date=d(2026, 2, 20))
    # A one-off moved across the November change to another venue.
    moved_one_off = groups["moved_one_off"] = create(
        "facilitator-refresher",
        maria,
        kind=Group.Kind.CLASS,
        region=central,
        venue=peer_center,
        start_date=d(2026, 10, 24),
        start_time=t(10, 0),
        duration_minutes=180,
        recurrences=Recurrence(),
    )
    sessions.session_move(
        group=moved_one_off,
        original_date=d(2026, 10, 24),
        new_date=d(2026, 11, 7),
        new_venue=library,
    )

    # Not public: only in its facilitator's private feed.
    private = groups["private"] = create(
        "inpatient-peer-circle",
        maria,
        audience=Group.Audience.HOSPITAL_PATIENTS,
        is_public=False,
        region=central,
        venue=hospital,
        start_date=d(2026, 1, 8),
        start_time=t(15, 0),
        duration_minutes=60,
        recurrences=tuesdays_and(3),
    )
    sessions.session_cancel(group=private, original_date=d(2026, 2, 19))
    sessions.session_move(
        group=private,
        original_date=d(2026, 10, 29),
        new_date=d(2026, 11, 2),
        new_start_time=t(10, 0),
    )
    # Paused: in no feed at all.
    groups["paused"] = create(
        "paused-group",
        maria,
        status=Group.Status.PAUSED,
        region=western,
        venue=church,
        start_date=d(2026, 1, 6),
        start_time=t(18, 0),
        recurrences=tuesdays_and(1),
    )

    for name in list(groups):
        groups[name].refresh_from_db()
    return {
        "groups": groups,
        "regions": {"central": central, "western": western},
        "venues": {"library": library},
        "maria": maria,
        "james": james,
    }


# url, and the groups whose sessions it must carry (re-queried after any change)
PUBLIC_FEEDS = {
    "network": ("/calendar.ics", lambda: public_groups()),
    "network-filtered": (
        "/calendar.ics?type=class",
        lambda: public_groups().filter(kind=Group.Kind.CLASS),
    ),
    "central": (
        "/regions/central/calendar.ics",
        lambda: public_groups().filter(region__slug="central"),
    ),
    "western": (
        "/regions/western/calendar.ics",
        lambda: public_groups().filter(region__slug="western"),
    ),
    "venue": (
        "/venues/worcester-library/calendar.ics",
        lambda: public_groups().filter(venue__slug="worcester-library"),
    ),
    "group": (
        "/groups/hearing-voices/calendar.ics",
        lambda: public_groups().filter(slug="hearing-voices"),
    ),
}


def test_the_data_set_is_what_the_cross_checks_rely_on(network):
    """Guards against a vacuous pass: the shapes, changes and privacy the other tests need."""
    groups = network["groups"]
    assert public_groups().count() == 12
    assert {fg.group.slug for fg in facilitator_feed_groups(network["maria"])} == {
        "hearing-voices",
        "daily-living-skills",
        "wednesday-evening-recovery",
        "peer-support-101",
        "facilitator-refresher",
        "inpatient-peer-circle",
    }
    start, end = WINDOWS["year-2026"]
    sessions = sessions_between(public_groups(), start, end)
    moved = [s for s in sessions if s.occurrence.moved]
    cancelled = [s for s in sessions if s.occurrence.cancelled]
    assert len(moved) == 12
    assert len(cancelled) == 12
    # The session moved in from outside the first window, and the one moved out of it.
    first_start, first_end = WINDOWS["jan-mar"]
    in_first = {
        (s.group.slug, s.occurrence.original_date)
        for s in sessions_between(public_groups(), first_start, first_end)
    }
    assert ("hearing-voices", dt.date(2026, 4, 7)) in in_first
    assert ("wrap-every-other-thursday", dt.date(2026, 3, 26)) not in in_first
    # Both sides of both changes: 6 pm EST is 23:00Z, 6 pm EDT 22:00Z.
    weekly_starts = {iso(s.occurrence.start) for s in sessions if s.group == groups["weekly"]}
    assert {"2026-02-24T23:00:00Z", "2026-03-17T22:00:00Z"} <= weekly_starts
    assert {"2026-10-20T22:00:00Z", "2026-11-10T23:00:00Z"} <= weekly_starts
    # The exact-edges window: a session starts on each edge; the first is in, the last out.
    edge_starts = {
        iso(s.occurrence.start)
        for s in sessions_between(public_groups(), *WINDOWS["exact-edges"])
        if s.group == groups["weekly"]
    }
    assert "2026-02-03T23:00:00Z" in edge_starts
    assert "2026-03-17T22:00:00Z" in weekly_starts - edge_starts


# 2. Public feeds == engine == API, with both clients -----------------------------------------


# Each test checks every window (the data set is built once per test, which is what costs);
# comparing dicts keyed by window shows every window that differs, not only the first.


@pytest.mark.parametrize("feed", list(PUBLIC_FEEDS))
@pytest.mark.parametrize("client_name", CLIENTS)
def test_public_feed_expands_to_the_engines_confirmed_sessions(client, network, feed, client_name):
    url, groups = PUBLIC_FEEDS[feed]
    ics = fetch(client, url)
    expected = {name: expected_sessions(groups(), *window) for name, window in WINDOWS.items()}
    assert all(expected.values()), "an empty expectation would prove nothing"
    found = {name: expand(client_name, ics, *window) for name, window in WINDOWS.items()}
    assert found == expected


def test_api_agrees_with_the_engine_and_the_feeds(client, network):
    for window, (start, end) in WINDOWS.items():
        items = api_items(client, start, end)
        assert {i["status"] for i in items} == {"confirmed", "cancelled"}, window
        for feed, (url, groups) in PUBLIC_FEEDS.items():
            where = (window, feed)
            slugs = set(groups().values_list("slug", flat=True))
            mine = [item for item in items if item["group"] in slugs]
            confirmed = normalised(api_key(i) for i in mine if i["status"] == "confirmed")
            cancelled = normalised(api_key(i) for i in mine if i["status"] == "cancelled")
            ics = fetch(client, url)
            from_feed = expand(PYTHON, ics, start, end)
            assert confirmed == expected_sessions(groups(), start, end), where
            assert confirmed == from_feed, where
            assert cancelled == cancelled_sessions(groups(), start, end), where
            # The sessions the API knows of and the feed does not carry are exactly the
            # cancelled ones, and the feed marks each of them cancelled (an EXDATE, or
            # STATUS:CANCELLED for a one-off).
            every = {tuple(key.values()) for key in map(api_key, mine)}
            absent = every - {tuple(key.values()) for key in from_feed}
            assert absent == {tuple(key.values()) for key in cancelled}, where
            marked = exdates_and_cancelled(ics)
            assert {(k["uid"], k["recurrence_id"]) for k in cancelled} <= marked, where
            # recurrence_id is null exactly for one-offs.
            one_offs = {g.ical_uid for g in groups() if g.schedule.is_one_off}
            assert {i["uid"] for i in mine if i["recurrence_id"] is None} == {
                i["uid"] for i in mine if i["uid"] in one_offs
            }, where


def test_public_feeds_never_show_private_or_paused_groups(client, network):
    hidden = {network["groups"][name].ical_uid for name in ("private", "paused")}
    for url, _ in PUBLIC_FEEDS.values():
        uids = {
            str(e["UID"]) for e in icalendar.Calendar.from_ical(fetch(client, url)).walk("VEVENT")
        }
        assert not uids & hidden, url
    assert not {i["uid"] for i in api_items(client, *WINDOWS["year-2026"])} & hidden


# 3. The facilitator's private feed -------------------------------------------------------------


@pytest.mark.parametrize("client_name", CLIENTS)
def test_private_feed_expands_to_the_facilitators_sessions(client, network, client_name):
    maria = network["maria"]
    ics = fetch(client, f"/feeds/{maria.feed_token}.ics")
    expected = {
        name: expected_sessions([fg.group for fg in facilitator_feed_groups(maria)], *window)
        for name, window in WINDOWS.items()
    }
    found = {name: expand(client_name, ics, *window) for name, window in WINDOWS.items()}
    assert found == expected
    uids = {item["uid"] for item in found["year-2026"]}
    assert network["groups"]["private"].ical_uid in uids
    assert network["groups"]["weekly"].ical_uid in uids
    assert network["groups"]["paused"].ical_uid not in uids


# 5. No EXDATE'd session ever comes back --------------------------------------------------------


def all_feed_urls(network) -> list[str]:
    return [url for url, _ in PUBLIC_FEEDS.values()] + [
        f"/feeds/{network['maria'].feed_token}.ics",
        f"/feeds/{network['james'].feed_token}.ics",
    ]


@pytest.mark.parametrize("client_name", CLIENTS)
def test_no_client_reports_an_occurrence_at_an_exdate(client, network, client_name):
    checked = 0
    for url in all_feed_urls(network):
        ics = fetch(client, url)
        excluded = exdates_and_cancelled(ics)
        found = {(i["uid"], i["recurrence_id"]) for i in expand(client_name, ics, *EVERYTHING)}
        assert not found & excluded, url
        checked += len(exdates(ics))
    assert checked >= 20  # the network feed alone has a dozen


# 6. A change shows at once -----------------------------------------------------------------------


@pytest.mark.parametrize("client_name", CLIENTS)
@pytest.mark.parametrize(
    ("group_name", "original_date"),
    [
        ("weekly", dt.date(2026, 2, 17)),  # a plain session
        ("weekly", dt.date(2026, 4, 7)),  # the session moved into March: cancelled there
        ("extra_dates", dt.date(2026, 10, 31)),  # an extra date (RDATE)
        ("one_off", dt.date(2026, 3, 14)),  # a one-off event
    ],
)
def test_a_cancelled_session_leaves_every_feed_at_once(
    client, network, group_name, original_date, client_name
):
    if client_name == ICALJS:
        skip_unless_icaljs()
    group = network["groups"][group_name]
    start, end = WINDOWS["year-2026"]
    urls = [
        "/calendar.ics",
        f"/regions/{group.region.slug}/calendar.ics",
        f"/venues/{group.venue.slug}/calendar.ics",
        f"/groups/{group.slug}/calendar.ics",
        f"/feeds/{network['maria'].feed_token}.ics",
    ]
    [session] = [
        s
        for s in sessions_between(Group.objects.filter(pk=group.pk), start, end)
        if s.occurrence.original_date == original_date
    ]
    key = session_key(session)
    same_session = (key["uid"], key["recurrence_id"])
    etags = {}
    for url in urls:
        response = client.get(url)
        etags[url] = response["ETag"]
        assert key in expand(client_name, response.getvalue(), start, end), url

    sessions.session_cancel(group=group, original_date=original_date, public_note="Cancelled")

    for url in urls:
        # The same test client, no cache clearing, even a conditional GET with the old ETag.
        response = client.get(url, headers={"if-none-match": etags[url]})
        assert response.status_code == 200, url
        assert response["ETag"] != etags[url], url
        found = expand(client_name, response.getvalue(), start, end)
        assert same_session not in {(i["uid"], i["recurrence_id"]) for i in found}, url
        assert key not in found, url
    # What remains is still exactly the engine's view.
    assert expand(client_name, fetch(client, urls[0]), start, end) == expected_sessions(
        public_groups(), start, end
    )
    # The API lists it as cancelled where it was: a moved session at its new time, still
    # marked moved, and nothing at its original time.
    [item] = [
        item
        for item in api_items(client, start, end)
        if item["uid"] == group.ical_uid
        and dt.datetime.fromisoformat(item["start"]) == session.occurrence.start
    ]
    moved = session.occurrence.moved
    assert moved == (original_date == dt.date(2026, 4, 7))
    assert (item["status"], item["note"], item["moved"]) == ("cancelled", "Cancelled", moved)
    if moved:
        assert [
            item
            for item in api_items(client, start, end)
            if item["uid"] == group.ical_uid
            and dt.datetime.fromisoformat(item["start"]) == session.occurrence.original_start
        ] == []


# 4. Random schedules, cancellations and moves -------------------------------------------------

# Start times are between 06:00 and 22:30, realistic hours for a peer support group (a session
# may still last across the change). Start times in the hour the clocks skip or repeat are
# checked in test_feed_clock_changes.py: there ical.js reports a RECURRENCE-ID of its own reading.
TIMES = [dt.time(minutes // 60, minutes % 60) for minutes in range(6 * 60, 22 * 60 + 31, 15)]
# The daylight saving changes in New York a schedule starting in 2025-2026 can cross.
DST_CHANGES = [
    dt.date(2025, 3, 9),
    dt.date(2025, 11, 2),
    dt.date(2026, 3, 8),
    dt.date(2026, 11, 1),
    dt.date(2027, 3, 14),
]
DU_WEEKDAYS = (du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU)
EXAMPLE_NUMBERS = itertools.count()


@st.composite
def scenarios(draw):
    """A schedule, a window around a DST change it crosses, and changes to sessions near it."""
    anchor = dt.date(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 729)))
    if draw(st.booleans()):
        weekdays = sorted(draw(st.sets(st.integers(0, 6), min_size=1, max_size=3)))
        interval = draw(st.integers(1, 3))
        rule = Rule(WEEKLY, interval=interval, byday=weekdays)
        start_date = next(
            anchor + dt.timedelta(days=n)
            for n in range(7)
            if (anchor + dt.timedelta(days=n)).weekday() in weekdays
        )
    else:
        positions = draw(
            st.lists(
                st.tuples(st.integers(0, 6), st.sampled_from([1, 2, 3, 4, -1])),
                min_size=1,
                max_size=2,
                unique=True,
            )
        )
        rule = Rule(MONTHLY, byday=[Weekday(day, index) for day, index in positions])
        first = du.rrule(
            du.MONTHLY,
            dtstart=dt.datetime.combine(anchor, dt.time()),
            byweekday=[DU_WEEKDAYS[day](index) for day, index in positions],
            count=1,
        )[0]
        start_date = first.date()
    start_time = draw(st.sampled_from(TIMES))
    duration = draw(st.integers(30, 180))
    change = draw(st.sampled_from([c for c in DST_CHANGES if c > start_date][:2]))
    window_start = dt.datetime.combine(
        change - dt.timedelta(days=draw(st.integers(7, 56))), dt.time(), tzinfo=UTC
    ) + dt.timedelta(hours=draw(st.integers(0, 23)))
    window_end = dt.datetime.combine(
        change + dt.timedelta(days=draw(st.integers(7, 56))), dt.time(), tzinfo=UTC
    ) + dt.timedelta(hours=draw(st.integers(0, 23)))
    return {
        "rule": rule,
        "start_date": start_date,
        "start_time": start_time,
        "duration": duration,
        "window": (window_start, window_end),
    }


def apply_random_changes(data, group, window):
    """Cancel and move some sessions near the window with the real services."""
    schedule = group.schedule
    start, end = window
    days = schedule.session_dates(
        start.astimezone(NEW_YORK).date() - dt.timedelta(days=12),
        end.astimezone(NEW_YORK).date() + dt.timedelta(days=12),
    )
    if not days:
        return []
    chosen = data.draw(st.lists(st.sampled_from(days), unique=True, max_size=6), label="sessions")
    applied = []
    for day in chosen:
        if data.draw(st.booleans(), label="cancel?"):
            sessions.session_cancel(group=group, original_date=day)
            applied.append(("cancel", day))
            continue
        shift = data.draw(st.integers(-10, 10), label="days")
        new_time = data.draw(st.none() | st.sampled_from(TIMES), label="time")
        new_date = day + dt.timedelta(days=shift) if shift else None
        if new_date is None and new_time in (None, schedule.start_time):
            continue  # nothing would change: the service refuses such a move
        refused = None
        try:
            sessions.session_move(
                group=group, original_date=day, new_date=new_date, new_start_time=new_time
            )
        except ValidationError as error:
            refused = error.message_dict
        if refused is not None:
            # A group meets at most once a day: a move onto a day another session takes is
            # refused, and changes nothing.
            assert list(refused) == ["new_date"], refused
            continue
        applied.append(("move", day, new_date, new_time))
    return applied


def random_group_feed_check(client, region, venue, drawn, data, client_name):
    number = next(EXAMPLE_NUMBERS)
    group = services.group_create(
        title=f"Random Group {number}",
        slug=f"random-group-{number}",
        region=region,
        venue=venue,
        start_date=drawn["start_date"],
        start_time=drawn["start_time"],
        duration_minutes=drawn["duration"],
        recurrences=Recurrence(rrules=[drawn["rule"]]),
    )
    try:
        applied = apply_random_changes(data, group, drawn["window"])
        group.refresh_from_db()
        start, end = drawn["window"]
        ics = fetch(client, f"/groups/{group.slug}/calendar.ics")
        groups = Group.objects.filter(pk=group.pk)
        expected = expected_sessions(groups, start, end)
        assert expand(client_name, ics, start, end) == expected, applied
    finally:
        group.delete()


PROPERTY_SETTINGS = {
    "deadline": None,
    "database": None,  # nothing written to the working tree
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


@pytest.fixture
def random_home():
    region = RegionFactory(slug="random-region")
    return region, VenueFactory(region=region, slug="random-venue")


@settings(max_examples=40, **PROPERTY_SETTINGS)
@given(drawn=scenarios(), data=st.data())
def test_random_schedules_and_changes_match_the_engine(client, random_home, drawn, data):
    random_group_feed_check(client, *random_home, drawn, data, PYTHON)


@pytest.mark.skipif(icaljs_available() is not None, reason=str(icaljs_available()))
@settings(max_examples=15, **PROPERTY_SETTINGS)
@given(drawn=scenarios(), data=st.data())
def test_random_schedules_and_changes_match_the_engine_in_icaljs(client, random_home, drawn, data):
    random_group_feed_check(client, *random_home, drawn, data, ICALJS)


# Around the night clocks fall back --------------------------------------------------------------


@pytest.fixture
def fall_back_groups():
    region = RegionFactory(slug="fall-back")
    venue = VenueFactory(region=region, slug="fall-back-hall")
    saturdays = Recurrence(rrules=[Rule(WEEKLY, byday=[5])])

    def create(slug, **fields):
        return services.group_create(title=slug, slug=slug, region=region, venue=venue, **fields)

    return {
        # 10:30 pm for three hours: on Saturday 31 October 2026 it ends at 1:30 am EDT, the first
        # of the two 1:30s (05:30Z), which RFC 5545 and the engine agree on.
        "late-saturdays": create(
            "late-saturdays",
            start_date=dt.date(2026, 10, 17),
            start_time=dt.time(22, 30),
            duration_minutes=180,
            recurrences=saturdays,
        ),
        # The same, first meeting on that very night: DTEND is 20261101T013000 (the first 1:30).
        "late-saturdays-from-halloween": create(
            "late-saturdays-from-halloween",
            start_date=dt.date(2026, 10, 31),
            start_time=dt.time(22, 30),
            duration_minutes=180,
            recurrences=saturdays,
        ),
        # A five-hour one-off from 9 pm EDT ends at 2 am EDT, which is 1 am EST (06:00Z): the
        # second 1 am. The feed writes DTEND;TZID=America/New_York:20261101T010000, which
        # RFC 5545 reads as the first 1 am (05:00Z).
        "halloween-social": create(
            "halloween-social",
            kind=Group.Kind.SOCIAL,
            start_date=dt.date(2026, 10, 31),
            start_time=dt.time(21, 0),
            duration_minutes=300,
            recurrences=Recurrence(),
        ),
    }


FALL_BACK_WINDOW = (utc(2026, 10, 20), utc(2026, 11, 12))


# Each of these sessions is written as an override at exact UTC times (a session a clock
# change touches: publishing/events.py), and the series' length as a DURATION where its first
# session is one; ical.js used to read the 1:30 end as the second one.
@pytest.mark.parametrize("client_name", CLIENTS)
def test_a_session_ending_in_the_repeated_hour(client, fall_back_groups, client_name):
    for slug in ("late-saturdays", "late-saturdays-from-halloween"):
        groups = Group.objects.filter(slug=slug)
        ics = fetch(client, f"/groups/{slug}/calendar.ics")
        expected = expected_sessions(groups, *FALL_BACK_WINDOW)
        assert {"2026-11-01T05:30:00Z", "2026-11-08T06:30:00Z"} <= {e["end"] for e in expected}
        assert expand(client_name, ics, *FALL_BACK_WINDOW) == expected, slug


# An end in the second 1 am is written as exact UTC (DTSTART too, for a single event), which
# both clients read as the engine and the API do.
@pytest.mark.parametrize("client_name", CLIENTS)
def test_an_end_in_the_second_repeated_hour_survives_the_feed(
    client, fall_back_groups, client_name
):
    groups = Group.objects.filter(slug="halloween-social")
    expected = expected_sessions(groups, *FALL_BACK_WINDOW)
    assert [e["end"] for e in expected] == ["2026-11-01T06:00:00Z"]
    ics = fetch(client, "/groups/halloween-social/calendar.ics")
    assert expand(client_name, ics, *FALL_BACK_WINDOW) == expected
