"""One-session substitutes in the facilitators' private feeds, read with real calendar parsers.

The replaced facilitator loses that session (an EXDATE on the series; a one-off is left out),
the substitute gets it as an event of its own (its own UID, the session's real time and place,
none if it is cancelled), everyone's description names who facilitates, and public feeds stay
as they were. Expected sessions are written out by hand (``weekly``) from the wall clock, not
computed by the engine under test.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from recurrence import Recurrence

from facilitators.services import facilitator_create
from groups import services, sessions
from groups.models import Group, GroupFacilitator, SessionSubstitute
from regions.models import Venue
from tests.caches import clear_caches
from tests.factories import RegionFactory, VenueFactory, weekly
from tests.ical_clients import (
    expand_with_icaljs,
    expand_with_recurring_ical_events,
    icaljs_available,
)

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")
UTC = dt.UTC
WINDOW = (dt.datetime(2026, 10, 1, tzinfo=UTC), dt.datetime(2026, 12, 1, tzinfo=UTC))
LEAD, CO = GroupFacilitator.Role.LEAD, GroupFacilitator.Role.CO

TUESDAY, SUNDAY = "Tuesday Circle", "Sunday Dialogues"
INPATIENT, POTLUCK = "Inpatient Circle", "Harvest Potluck"


# Helpers --------------------------------------------------------------------------------------


def local(day: dt.date, at: dt.time) -> dt.datetime:
    """A New York wall-clock time as a UTC instant (none of these times is ambiguous)."""
    return dt.datetime.combine(day, at, tzinfo=NY).astimezone(UTC)


def session(title, day, at, minutes):
    start = local(day, at)
    return (start, start + dt.timedelta(minutes=minutes), title)


def weekly_sessions(title, first, at, minutes, *, skip=(), window=WINDOW):
    """Every weekly session from ``first`` whose start is in the window, less ``skip``."""
    found, day = [], first
    while local(day, at) < window[1]:
        if day not in skip and local(day, at) >= window[0]:
            found.append(session(title, day, at, minutes))
        day += dt.timedelta(days=7)
    return found


def ordered(items):
    return sorted(items, key=lambda item: (item[0], item[2]))


def fetch(client, facilitator, **headers):
    response = client.get(f"/feeds/{facilitator.feed_token}.ics", **headers)
    assert response.status_code == 200, response.content
    return response


def feed(client, facilitator) -> bytes:
    return fetch(client, facilitator).content


def expand(ics: bytes, window=WINDOW) -> list[tuple]:
    """(start, end, summary) of every session recurring-ical-events finds starting in window."""
    calendar = icalendar.Calendar.from_ical(ics)
    found = []
    for event in recurring_ical_events.of(calendar).between(*window):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start, end = event["DTSTART"].dt.astimezone(UTC), event["DTEND"].dt.astimezone(UTC)
        if window[0] <= start < window[1]:
            found.append((start, end, str(event["SUMMARY"])))
    return ordered(found)


def vevents(ics: bytes):
    return icalendar.Calendar.from_ical(ics).walk("VEVENT")


def by_uid(ics: bytes) -> dict[str, list]:
    found = {}
    for event in vevents(ics):
        found.setdefault(str(event["UID"]), []).append(event)
    return found


def unfolded(ics: bytes) -> str:
    return ics.decode().replace("\r\n ", "")


def cover_uid(group, day):
    return f"{group.uuid}-{day:%Y%m%d}-cover@peerhub"


def person(first, last):
    return facilitator_create(
        email=f"{first.lower()}@example.org", first_name=first, last_name=last
    )


# Data -----------------------------------------------------------------------------------------


@pytest.fixture
def world():
    """Four people, three series and a one-off (one group private), moves and a cancellation.

    Maria and James share Tuesday Circle; James alone runs Sunday Dialogues; Maria alone runs
    the private Inpatient Circle and the one-off Harvest Potluck. Ana and Kofi run nothing:
    they only ever substitute. No substitutes yet (``substitute_everyone`` adds them).
    """
    region = RegionFactory(slug="central", timezone="America/New_York")
    library = VenueFactory(
        region=region, slug="library", name="Main Library", address="3 Salem Square"
    )
    hall = VenueFactory(region=region, slug="hall", name="Union Hall", address="40 Front Street")
    shelter = VenueFactory(
        region=region,
        slug="shelter",
        name="Harbor Shelter",
        kind=Venue.Kind.SHELTER,
        address="12 Hidden Lane",
        address_is_public=False,
    )
    maria, james = person("Maria", "Silva"), person("James", "Tran")
    ana, kofi = person("Ana", "Pereira"), person("Kofi", "Asante")
    tuesday = services.group_create(
        title=TUESDAY,
        slug="tuesday-circle",
        region=region,
        venue=library,
        start_date=dt.date(2026, 10, 6),
        start_time=dt.time(18, 0),
        duration_minutes=90,
        recurrences=weekly(1),
        facilitators=[(maria, LEAD), (james, CO)],
    )
    sunday = services.group_create(
        title=SUNDAY,
        slug="sunday-dialogues",
        region=region,
        venue=library,
        start_date=dt.date(2026, 10, 4),
        start_time=dt.time(17, 0),
        duration_minutes=60,
        recurrences=weekly(6),
        facilitators=[(james, LEAD)],
    )
    inpatient = services.group_create(
        title=INPATIENT,
        slug="inpatient-circle",
        region=region,
        venue=shelter,
        is_public=False,
        audience=Group.Audience.HOSPITAL_PATIENTS,
        start_date=dt.date(2026, 10, 7),
        start_time=dt.time(14, 0),
        duration_minutes=60,
        recurrences=weekly(2),
        facilitators=[(maria, LEAD)],
    )
    potluck = services.group_create(
        title=POTLUCK,
        slug="harvest-potluck",
        region=region,
        venue=hall,
        start_date=dt.date(2026, 11, 14),
        start_time=dt.time(12, 0),
        duration_minutes=120,
        recurrences=Recurrence(),
        facilitators=[(maria, LEAD)],
    )
    # Tuesday 20 October moves to Wednesday 21st, 7 pm, at the hall.
    sessions.session_move(
        group=tuesday,
        original_date=dt.date(2026, 10, 20),
        new_date=dt.date(2026, 10, 21),
        new_start_time=dt.time(19, 0),
        new_venue=hall,
        public_note="Moved to Wednesday at Union Hall",
    )
    return {
        "region": region,
        "hall": hall,
        "maria": maria,
        "james": james,
        "ana": ana,
        "kofi": kofi,
        "tuesday": tuesday,
        "sunday": sunday,
        "inpatient": inpatient,
        "potluck": potluck,
    }


def substitute_everyone(world):
    """The substitutions (and the cancellation of a covered session), as a coordinator would."""
    w = world
    assign = sessions.session_substitute_assign
    # Kofi covers James on the moved Tuesday session (now Wednesday 21 October at the hall).
    assign(
        group=w["tuesday"],
        original_date=dt.date(2026, 10, 20),
        substitute=w["kofi"],
        replaces=w["james"],
    )
    # Ana covers James on Sunday 25 October, which is then cancelled.
    assign(
        group=w["sunday"],
        original_date=dt.date(2026, 10, 25),
        substitute=w["ana"],
        replaces=w["james"],
    )
    sessions.session_cancel(group=w["sunday"], original_date=dt.date(2026, 10, 25))
    # Ana covers James on Sunday 1 November, the day the clocks fall back ...
    assign(
        group=w["sunday"],
        original_date=dt.date(2026, 11, 1),
        substitute=w["ana"],
        replaces=w["james"],
    )
    # ... and Maria on Tuesday 3 November, in the first week of standard time.
    assign(
        group=w["tuesday"],
        original_date=dt.date(2026, 11, 3),
        substitute=w["ana"],
        replaces=w["maria"],
    )
    # Ana was to cover Maria at the private Inpatient Circle on 14 October; Maria is back.
    record = assign(
        group=w["inpatient"],
        original_date=dt.date(2026, 10, 14),
        substitute=w["ana"],
        replaces=w["maria"],
    )
    sessions.session_substitute_remove(record=record)
    # Kofi joins Maria at the Inpatient Circle on 28 October (replacing nobody).
    assign(group=w["inpatient"], original_date=dt.date(2026, 10, 28), substitute=w["kofi"])
    # Ana runs the one-off potluck in Maria's place.
    assign(
        group=w["potluck"],
        original_date=dt.date(2026, 11, 14),
        substitute=w["ana"],
        replaces=w["maria"],
    )
    for name in ("tuesday", "sunday", "inpatient", "potluck"):
        w[name].refresh_from_db()


def expected_sessions():
    """What each facilitator's calendar shows from 1 October to 1 December 2026 (UTC)."""
    d, t = dt.date, dt.time
    wednesday_21 = session(TUESDAY, d(2026, 10, 21), t(19, 0), 90)
    tuesday_skip = {d(2026, 10, 20)}  # moved to the 21st
    return {
        "maria": ordered(
            weekly_sessions(
                TUESDAY, d(2026, 10, 6), t(18, 0), 90, skip=tuesday_skip | {d(2026, 11, 3)}
            )
            + [wednesday_21]
            + weekly_sessions(INPATIENT, d(2026, 10, 7), t(14, 0), 60)
        ),
        "james": ordered(
            weekly_sessions(TUESDAY, d(2026, 10, 6), t(18, 0), 90, skip=tuesday_skip)
            + weekly_sessions(
                SUNDAY, d(2026, 10, 4), t(17, 0), 60, skip={d(2026, 10, 25), d(2026, 11, 1)}
            )
        ),
        "ana": [
            session(SUNDAY, d(2026, 11, 1), t(17, 0), 60),
            session(TUESDAY, d(2026, 11, 3), t(18, 0), 90),
            session(POTLUCK, d(2026, 11, 14), t(12, 0), 120),
        ],
        "kofi": [wednesday_21, session(INPATIENT, d(2026, 10, 28), t(14, 0), 60)],
    }


# What each facilitator gets -------------------------------------------------------------------


def test_each_facilitator_gets_exactly_their_sessions(client, world):
    substitute_everyone(world)
    found = {name: expand(feed(client, world[name])) for name in ("maria", "james", "ana", "kofi")}
    assert found == expected_sessions()


def test_the_expected_sessions_are_in_wall_clock_time_across_the_change(world):
    # The hand-written expectations themselves: 5 pm and 6 pm stay put when the clocks fall back.
    ana = expected_sessions()["ana"]
    assert [start.strftime("%Y-%m-%d %H:%MZ") for start, _, _ in ana] == [
        "2026-11-01 22:00Z",
        "2026-11-03 23:00Z",
        "2026-11-14 17:00Z",
    ]
    maria = expected_sessions()["maria"]
    tuesdays = [start for start, _, title in maria if title == TUESDAY]
    assert local(dt.date(2026, 10, 27), dt.time(18)) in tuesdays  # 22:00Z, daylight time
    assert local(dt.date(2026, 11, 3), dt.time(18)) not in tuesdays  # Ana's
    assert local(dt.date(2026, 11, 10), dt.time(18)) in tuesdays  # 23:00Z, standard time


def test_the_replaced_session_is_an_exdate_on_the_series(client, world):
    substitute_everyone(world)
    maria = feed(client, world["maria"])
    [series] = by_uid(maria)[world["tuesday"].ical_uid][:1]
    assert "RRULE" in series
    exdates = [moment for prop in [series["EXDATE"]] for moment in prop.dts]
    assert [value.dt for value in exdates] == [dt.datetime(2026, 11, 3, 18, 0, tzinfo=NY)]
    # The EXDATE is written in the series' own wall clock, on the standard-time side.
    assert "EXDATE;TZID=America/New_York:20261103T180000" in unfolded(maria)
    james = feed(client, world["james"])
    [james_sunday] = [e for e in by_uid(james)[world["sunday"].ical_uid] if "RRULE" in e]
    assert sorted(value.dt for value in james_sunday["EXDATE"].dts) == [
        dt.datetime(2026, 10, 25, 17, 0, tzinfo=NY),  # cancelled
        dt.datetime(2026, 11, 1, 17, 0, tzinfo=NY),  # Ana's, on the fall-back day
    ]


def test_the_replaced_facilitator_has_no_event_at_all_for_a_one_off(client, world):
    substitute_everyone(world)
    maria = feed(client, world["maria"])
    assert world["potluck"].ical_uid not in by_uid(maria)
    assert POTLUCK not in unfolded(maria)
    # It is no cancellation: the potluck still happens, in the public feed and in Ana's.
    public = client.get("/groups/harvest-potluck/calendar.ics").getvalue()
    [event] = vevents(public)
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_cover_event_has_its_own_uid_and_the_sessions_real_time_and_place(client, world):
    substitute_everyone(world)
    tuesday, inpatient = world["tuesday"], world["inpatient"]
    kofi = feed(client, world["kofi"])
    events = by_uid(kofi)
    assert sorted(events) == sorted(
        [cover_uid(tuesday, dt.date(2026, 10, 20)), cover_uid(inpatient, dt.date(2026, 10, 28))]
    )
    [moved] = events[cover_uid(tuesday, dt.date(2026, 10, 20))]
    assert "RECURRENCE-ID" not in moved
    assert "RRULE" not in moved
    assert moved["DTSTART"].dt == dt.datetime(2026, 10, 21, 19, 0, tzinfo=NY)
    assert moved["DTEND"].dt == dt.datetime(2026, 10, 21, 20, 30, tzinfo=NY)
    assert str(moved["LOCATION"]) == "Union Hall, 40 Front Street, Worcester"
    assert str(moved["STATUS"]) == "CONFIRMED"
    description = str(moved["DESCRIPTION"])
    assert "Change: Moved to Wednesday at Union Hall" in description
    assert "Facilitators: Maria S., Kofi A. (substitute for James T.)" in description
    # Data, not the clock: the group's sequence and last change.
    assert moved["SEQUENCE"] == tuesday.sequence
    assert moved["DTSTAMP"].dt == tuesday.updated_at.astimezone(UTC).replace(microsecond=0)
    assert moved["LAST-MODIFIED"].dt == moved["DTSTAMP"].dt
    # The private group: its full private address, as in the rest of the private feed.
    [private] = events[cover_uid(inpatient, dt.date(2026, 10, 28))]
    assert str(private["LOCATION"]) == "Harbor Shelter, 12 Hidden Lane, Worcester"
    assert str(private["CLASS"]) == "PRIVATE"
    assert "Facilitators: Maria S., Kofi A. (substitute)" in str(private["DESCRIPTION"])


def test_cover_uids_never_clash_with_series_or_download_uids(client, world):
    substitute_everyone(world)
    ana = feed(client, world["ana"])
    uids = set(by_uid(ana))
    groups = [world[name] for name in ("tuesday", "sunday", "inpatient", "potluck")]
    assert uids == {
        cover_uid(world["sunday"], dt.date(2026, 11, 1)),
        cover_uid(world["tuesday"], dt.date(2026, 11, 3)),
        cover_uid(world["potluck"], dt.date(2026, 11, 14)),
    }
    assert not uids & {group.ical_uid for group in groups}
    download = client.get("/groups/tuesday-circle/sessions/2026-11-03.ics").content
    [event] = vevents(download)
    assert str(event["UID"]) not in uids
    # Not the cancelled Sunday (25 October) and not the Inpatient Circle Ana no longer covers.
    assert INPATIENT not in unfolded(ana)


def test_descriptions_name_who_facilitates_each_session(client, world):
    substitute_everyone(world)
    james = feed(client, world["james"])
    tuesday = by_uid(james)[world["tuesday"].ical_uid]
    [series] = [event for event in tuesday if "RRULE" in event]
    assert "Facilitators: Maria S., James T." in str(series["DESCRIPTION"])
    # James still runs 3 November: an override with the same time names Ana in Maria's place.
    [override] = [
        event
        for event in tuesday
        if "RECURRENCE-ID" in event
        and event["RECURRENCE-ID"].dt == dt.datetime(2026, 11, 3, 18, 0, tzinfo=NY)
    ]
    assert override["DTSTART"].dt == dt.datetime(2026, 11, 3, 18, 0, tzinfo=NY)
    assert "Facilitators: Ana P. (substitute for Maria S.), James T." in str(
        override["DESCRIPTION"]
    )
    ana = by_uid(feed(client, world["ana"]))
    [potluck] = ana[cover_uid(world["potluck"], dt.date(2026, 11, 14))]
    assert "Facilitators: Ana P. (substitute for Maria S.)" in str(potluck["DESCRIPTION"])
    [sunday] = ana[cover_uid(world["sunday"], dt.date(2026, 11, 1))]
    assert "Facilitators: Ana P. (substitute for James T.)" in str(sunday["DESCRIPTION"])
    # Maria's own 28 October names Kofi, who joins her.
    maria = by_uid(feed(client, world["maria"]))
    [joined] = [
        event
        for event in maria[world["inpatient"].ical_uid]
        if "RECURRENCE-ID" in event
        and event["RECURRENCE-ID"].dt == dt.datetime(2026, 10, 28, 14, 0, tzinfo=NY)
    ]
    assert "Facilitators: Maria S., Kofi A. (substitute)" in str(joined["DESCRIPTION"])


def test_the_vtimezone_covers_the_covered_dates(client, world):
    substitute_everyone(world)
    calendar = icalendar.Calendar.from_ical(feed(client, world["ana"]))
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "America/New_York"
    tz = vtimezone.to_tz(lookup_tzid=False)  # built from the VTIMEZONE, not the system's tzdata
    offsets = {
        day: dt.datetime.combine(day, dt.time(12), tzinfo=tz).utcoffset()
        for day in (dt.date(2026, 10, 31), dt.date(2026, 11, 1), dt.date(2026, 11, 14))
    }
    assert offsets == {
        dt.date(2026, 10, 31): dt.timedelta(hours=-4),
        dt.date(2026, 11, 1): dt.timedelta(hours=-5),
        dt.date(2026, 11, 14): dt.timedelta(hours=-5),
    }


def test_substitutes_cross_checked_with_icaljs(client, world):
    reason = icaljs_available()
    if reason is not None:
        pytest.skip(reason)
    substitute_everyone(world)
    for name in ("ana", "kofi", "maria", "james"):
        ics = feed(client, world[name])
        icaljs = expand_with_icaljs(ics, *WINDOW)
        assert icaljs == expand_with_recurring_ical_events(ics, *WINDOW), name
        assert [item["start"] for item in icaljs] == [
            start.strftime("%Y-%m-%dT%H:%M:%SZ") for start, _, _ in expected_sessions()[name]
        ], name


# Public feeds ----------------------------------------------------------------------------------


PUBLIC_FEEDS = [
    "/calendar.ics",
    "/regions/central/calendar.ics",
    "/venues/library/calendar.ics",
    "/venues/hall/calendar.ics",
    "/groups/tuesday-circle/calendar.ics",
    "/groups/sunday-dialogues/calendar.ics",
    "/groups/harvest-potluck/calendar.ics",
]
EDIT_STAMPS = ("SEQUENCE:", "DTSTAMP:", "LAST-MODIFIED:")


def without_edit_stamps(ics: bytes) -> list[str]:
    return [line for line in unfolded(ics).split("\r\n") if not line.startswith(EDIT_STAMPS)]


def test_public_feeds_are_unchanged_by_substitutes(client, world):
    before = {url: client.get(url).getvalue() for url in PUBLIC_FEEDS}
    substitute_everyone(world)
    after = {url: client.get(url).getvalue() for url in PUBLIC_FEEDS}
    for url in PUBLIC_FEEDS:
        text = unfolded(after[url])
        # Rebuilt (the groups' SEQUENCE rose; the cancelled Sunday is an EXDATE now) ...
        assert after[url] != before[url], url
        # ... and apart from that, the same: no substitute, no cover event, no private group.
        for leak in ("Ana P.", "Kofi A.", "substitute", "-cover@peerhub", INPATIENT, "Hidden"):
            assert leak not in text, (url, leak)
    cancelled_sunday = "EXDATE;TZID=America/New_York:20261025T170000"
    for url in ("/groups/tuesday-circle/calendar.ics", "/groups/harvest-potluck/calendar.ics"):
        assert without_edit_stamps(after[url]) == without_edit_stamps(before[url]), url
    sunday = "/groups/sunday-dialogues/calendar.ics"
    assert cancelled_sunday in without_edit_stamps(after[sunday])
    assert [
        line for line in without_edit_stamps(after[sunday]) if line != cancelled_sunday
    ] == without_edit_stamps(before[sunday])
    # Public events keep the group's own list of facilitators, the series' and the moved one's.
    for event in vevents(after["/groups/tuesday-circle/calendar.ics"]):
        assert "Facilitators: Maria S., James T." in str(event["DESCRIPTION"])


# Feed versions ---------------------------------------------------------------------------------


def test_assigning_and_removing_reach_both_feeds_at_once(client, world):
    maria, ana, james = world["maria"], world["ana"], world["james"]
    tuesday = world["tuesday"]
    people = {"maria": maria, "ana": ana, "james": james}
    first = {name: fetch(client, profile) for name, profile in people.items()}
    day = dt.date(2026, 11, 10)
    nov_10 = session(TUESDAY, day, dt.time(18), 90)
    assert nov_10 in expand(first["maria"].content)
    assert expand(first["ana"].content) == []

    record = sessions.session_substitute_assign(
        group=tuesday, original_date=day, substitute=ana, replaces=maria
    )
    assigned = {}
    for name, profile in people.items():
        # A client holding the old copy gets the new one, not 304, from the warm cache.
        response = fetch(client, profile, HTTP_IF_NONE_MATCH=first[name]["ETag"])
        assert response["ETag"] != first[name]["ETag"], name
        assert response.content != first[name].content, name
        assigned[name] = response
    assert expand(assigned["maria"].content) == [
        item for item in expand(first["maria"].content) if item != nov_10
    ]
    assert expand(assigned["ana"].content) == [nov_10]
    assert expand(assigned["james"].content) == expand(first["james"].content)

    sessions.session_substitute_remove(record=record)
    assert not SessionSubstitute.objects.exists()
    for name, profile in people.items():
        response = fetch(client, profile, HTTP_IF_NONE_MATCH=assigned[name]["ETag"])
        assert response["ETag"] != assigned[name]["ETag"], name
        # Back to normal: the same sessions as before any substitute.
        assert expand(response.content) == expand(first[name].content), name
    assert by_uid(feed(client, ana)) == {}


def test_an_unchanged_feed_still_answers_304(client, world):
    substitute_everyone(world)
    response = fetch(client, world["ana"])
    again = client.get(f"/feeds/{world['ana'].feed_token}.ics", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    clear_caches()
    rebuilt = fetch(client, world["ana"])
    assert rebuilt.content == response.content  # built from the data: the same bytes


# Query counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_cold_private_feed_query_count_does_not_grow_with_substitutes(
    client, django_assert_num_queries, count
):
    region = RegionFactory(slug="central")
    venue = VenueFactory(region=region, slug="library")
    maria, ana = person("Maria", "Silva"), person("Ana", "Pereira")
    for n in range(count):
        group = services.group_create(
            title=f"Group {n}",
            slug=f"g{n}",
            region=region,
            venue=venue,
            start_date=dt.date(2026, 1, 6),
            start_time=dt.time(18, 0),
            recurrences=weekly(1),
            facilitators=[(maria, LEAD)],
        )
        sessions.session_move(
            group=group, original_date=dt.date(2026, 1, 13), new_start_time=dt.time(19, 0)
        )
        sessions.session_cancel(group=group, original_date=dt.date(2026, 1, 27))
        for day in (dt.date(2026, 1, 13), dt.date(2026, 1, 20)):
            sessions.session_substitute_assign(
                group=group, original_date=day, substitute=ana, replaces=maria
            )
    for profile, covers in ((maria, 0), (ana, 2 * count)):
        url = f"/feeds/{profile.feed_token}.ics"
        client.get(url)  # creates the version row on first sight
        clear_caches()
        # The facilitator, the feed's version, groups, memberships, access features, session
        # changes, substitutes.
        with django_assert_num_queries(7):
            response = client.get(url)
        cover_events = [e for e in vevents(response.content) if "-cover@" in str(e["UID"])]
        assert len(cover_events) == covers
