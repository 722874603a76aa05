"""The iCal feeds: structure, HTTP caching, privacy, bad input and query counts."""

import datetime as dt

import pytest
from django.utils.http import http_date, parse_http_date
from icalendar import Calendar
from recurrence import MONTHLY, WEEKLY, Recurrence, Rule, Weekday

from facilitators.services import facilitator_rotate_feed_token
from groups import services, sessions
from groups.models import Group
from publishing.models import StoredEvents
from regions.models import Venue
from regions.services import venue_update
from tests.caches import clear_caches
from tests.factories import (
    FacilitatorFactory,
    GroupFacilitatorFactory,
    GroupFactory,
    RegionFactory,
    VenueFactory,
    weekly,
)

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200, response.getvalue()
    return Calendar.from_ical(response.getvalue())


def events(calendar):
    return calendar.walk("VEVENT")


def lines(response):
    """The unfolded content lines of a feed."""
    return response.getvalue().decode().replace("\r\n ", "").split("\r\n")


def prop_lines(response, name):
    """The lines of one property, from the calendar and its events (not its VTIMEZONE)."""
    found, depth = [], []
    for line in lines(response):
        if line.startswith("BEGIN:"):
            depth.append(line[6:])
        elif line.startswith("END:"):
            depth.pop()
        elif "VTIMEZONE" not in depth and line.split(":")[0].split(";")[0] == name:
            found.append(line)
    return found


# Structure ------------------------------------------------------------------------------------


def test_region_feed_headers_and_calendar_properties(client):
    region = RegionFactory(slug="central", name="Central Mass RLC; Worcester, MA")
    GroupFactory(region=region)
    response = client.get("/regions/central/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="central.ics"'
    assert (response["ETag"][0], len(response["ETag"])) == ('"', 42)
    assert prop_lines(response, "X-WR-CALNAME") == [
        "X-WR-CALNAME:Central Mass RLC\\; Worcester\\, MA: peer support groups"
    ]
    assert prop_lines(response, "REFRESH-INTERVAL") == ["REFRESH-INTERVAL;VALUE=DURATION:PT1H"]
    assert prop_lines(response, "X-PUBLISHED-TTL") == ["X-PUBLISHED-TTL:PT1H"]
    assert prop_lines(response, "METHOD") == ["METHOD:PUBLISH"]


def test_series_event_has_rrule_exdate_and_override(client):
    group = GroupFactory(title="WRAP Group", slug="wrap")  # Tuesdays 6 pm from 2026-01-06
    sessions.session_cancel(group=group, original_date=dt.date(2026, 1, 13), public_note="Snow")
    room = VenueFactory(region=group.region, name="Room B", address="2 Elm St", town="Lynn")
    sessions.session_move(
        group=group,
        original_date=dt.date(2026, 1, 20),
        new_start_time=dt.time(19, 0),
        new_venue=room,
        public_note="Room B this week",
    )
    group.refresh_from_db()
    response = client.get("/groups/wrap/calendar.ics")
    series, override = events(parse(response))
    uid = group.ical_uid
    assert (str(series["UID"]), str(override["UID"])) == (uid, uid)
    assert prop_lines(response, "RRULE") == ["RRULE:FREQ=WEEKLY;BYDAY=TU"]
    assert prop_lines(response, "EXDATE") == ["EXDATE;TZID=America/New_York:20260113T180000"]
    assert prop_lines(response, "RECURRENCE-ID") == [
        "RECURRENCE-ID;TZID=America/New_York:20260120T180000"
    ]
    assert prop_lines(response, "DTSTART") == [
        "DTSTART;TZID=America/New_York:20260106T180000",
        "DTSTART;TZID=America/New_York:20260120T190000",
    ]
    assert str(override["LOCATION"]) == "Room B, 2 Elm St, Lynn"
    assert str(override["DESCRIPTION"]).startswith("Change: Room B this week\n")
    assert (series["SEQUENCE"], override["SEQUENCE"]) == (group.sequence, group.sequence) == (2, 2)
    assert [component["TZID"] for component in parse(response).walk("VTIMEZONE")] == [
        "America/New_York"
    ]


@pytest.mark.parametrize(
    ("rule", "start", "end_date", "expected"),
    [
        pytest.param(
            Rule(WEEKLY, interval=2, byday=[1]),
            dt.date(2026, 1, 6),
            None,
            "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            id="every-other-week",
        ),
        pytest.param(
            Rule(MONTHLY, byday=[Weekday(1, 2), Weekday(1, 4)]),
            dt.date(2026, 1, 13),
            None,
            "RRULE:FREQ=MONTHLY;BYDAY=2TU,4TU",
            id="second-and-fourth-tuesday",
        ),
        pytest.param(
            Rule(MONTHLY, byday=[Weekday(4, -1)]),
            dt.date(2026, 1, 30),
            None,
            "RRULE:FREQ=MONTHLY;BYDAY=-1FR",
            id="last-friday",
        ),
        pytest.param(
            Rule(MONTHLY, byday=[0, 1, 2, 3, 4], bysetpos=[-1]),
            dt.date(2026, 1, 30),
            None,
            "RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            id="last-weekday",
        ),
        pytest.param(
            Rule(WEEKLY, byday=[1]),
            dt.date(2026, 1, 6),
            dt.date(2026, 3, 31),
            "RRULE:FREQ=WEEKLY;UNTIL=20260401T035959Z;BYDAY=TU",
            id="end-date-becomes-until-in-utc",
        ),
        pytest.param(
            Rule(WEEKLY, byday=[1], count=3),
            dt.date(2026, 1, 6),
            None,
            "RRULE:FREQ=WEEKLY;UNTIL=20260121T045959Z;BYDAY=TU",
            id="count-becomes-until",
        ),
    ],
)
def test_rules_become_rfc5545_rrules(client, rule, start, end_date, expected):
    GroupFactory(
        slug="g", start_date=start, end_date=end_date, recurrences=Recurrence(rrules=[rule])
    )
    assert prop_lines(client.get("/groups/g/calendar.ics"), "RRULE") == [expected]


def test_extra_and_excluded_dates_of_the_rule(client):
    rules = Recurrence(
        rrules=[Rule(WEEKLY, byday=[1])],
        rdates=[dt.datetime(2026, 1, 8)],
        exdates=[dt.datetime(2026, 1, 27)],
    )
    GroupFactory(slug="g", recurrences=rules)
    response = client.get("/groups/g/calendar.ics")
    assert prop_lines(response, "RDATE") == ["RDATE;TZID=America/New_York:20260108T180000"]
    assert prop_lines(response, "EXDATE") == ["EXDATE;TZID=America/New_York:20260127T180000"]


def test_one_off_event_moved_and_cancelled(client):
    one_off = GroupFactory(
        slug="ps101",
        start_date=dt.date(2026, 2, 14),
        duration_minutes=180,
        recurrences=Recurrence(),
    )
    sessions.session_move(
        group=one_off, original_date=dt.date(2026, 2, 14), new_start_time=dt.time(10, 0)
    )
    response = client.get("/groups/ps101/calendar.ics")
    [event] = events(parse(response))
    assert ("RRULE" in event, "RECURRENCE-ID" in event) == (False, False)
    assert prop_lines(response, "DTSTART") == ["DTSTART;TZID=America/New_York:20260214T100000"]
    assert prop_lines(response, "DTEND") == ["DTEND;TZID=America/New_York:20260214T130000"]
    sessions.session_cancel(group=one_off, original_date=dt.date(2026, 2, 14))
    [event] = events(parse(client.get("/groups/ps101/calendar.ics")))
    assert str(event["STATUS"]) == "CANCELLED"


def test_user_text_cannot_break_the_feed(client):
    GroupFactory(
        slug="g",
        title="Hearing Voices\r\nEND:VEVENT\r\nBEGIN:VEVENT\x07\x1b",
        description="Bring a friend; tea, coffee\\snacks\nSecond line",
    )
    calendar = parse(client.get("/groups/g/calendar.ics"))
    [event] = events(calendar)
    # A title is one line (core.fields.OneLineField); control characters are left out.
    assert str(event["SUMMARY"]) == "Hearing Voices END:VEVENT BEGIN:VEVENT"
    assert str(event["DESCRIPTION"]).startswith("Bring a friend; tea, coffee\\snacks\nSecond line")


# Stability ------------------------------------------------------------------------------------


def test_uid_stays_and_sequence_and_last_modified_move_with_edits(client):
    group = GroupFactory(slug="g", title="Peer Support")
    [before] = events(parse(client.get("/groups/g/calendar.ics")))
    services.group_update(
        group=group, expected_version=services.ANY_VERSION, title="Peer Support Group"
    )
    [after] = events(parse(client.get("/groups/g/calendar.ics")))
    assert str(after["UID"]) == str(before["UID"]) == group.ical_uid
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    # iCalendar times have whole seconds; two edits within one second share the stamp.
    assert after["LAST-MODIFIED"].dt >= before["LAST-MODIFIED"].dt
    assert after["DTSTAMP"].dt == after["LAST-MODIFIED"].dt


def test_bytes_change_only_when_the_data_does(client):
    GroupFactory(slug="g")
    first = client.get("/groups/g/calendar.ics").getvalue()
    clear_caches()  # force a rebuild: the clock has moved, the data has not
    assert client.get("/groups/g/calendar.ics").getvalue() == first


# HTTP caching ---------------------------------------------------------------------------------


def test_conditional_requests_get_304(client):
    GroupFactory(slug="g")
    response = client.get("/groups/g/calendar.ics")
    assert (
        client.get("/groups/g/calendar.ics", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    )
    assert (
        client.get(
            "/groups/g/calendar.ics", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
        ).status_code
        == 304
    )
    assert client.get("/groups/g/calendar.ics", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_change_is_in_the_feed_at_once_with_new_validators(client):
    group = GroupFactory(slug="g")
    region_url = f"/regions/{group.region.slug}/calendar.ics"
    before = client.get(region_url)
    sessions.session_cancel(group=group, original_date=dt.date(2026, 1, 13))
    after = client.get(region_url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert prop_lines(after, "EXDATE") == ["EXDATE;TZID=America/New_York:20260113T180000"]


@pytest.mark.parametrize("how", ["made-private", "moved-to-another-region", "paused"])
def test_last_modified_moves_forward_when_a_group_leaves_a_feed(client, how, settings):
    group = GroupFactory(slug="g")
    old_region_url = f"/regions/{group.region.slug}/calendar.ics"
    before = client.get(old_region_url)
    assert len(events(parse(before))) == 1
    if how == "made-private":
        services.group_update(group=group, expected_version=services.ANY_VERSION, is_public=False)
    elif how == "paused":
        services.group_update(
            group=group, expected_version=services.ANY_VERSION, status=Group.Status.PAUSED
        )
    else:
        other = RegionFactory()
        services.group_update(
            group=group,
            expected_version=services.ANY_VERSION,
            region=other,
            venue=VenueFactory(region=other),
        )
    after = client.get(old_region_url)
    assert events(parse(after)) == []
    assert parse_http(after["Last-Modified"]) >= parse_http(before["Last-Modified"])
    assert after["ETag"] != before["ETag"]


def parse_http(value):
    return parse_http_date(value)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the group (public and active?), then its feed's version
        ("/groups/g/calendar.ics", 2),
        # the region or venue and its feed's version, together
        ("/regions/central/calendar.ics", 1),
        ("/venues/library/calendar.ics", 1),
    ],
)
def test_repeated_polls_do_not_rebuild_the_feed(client, django_assert_num_queries, url, queries):
    region = RegionFactory(slug="central")
    GroupFactory(slug="g", region=region, venue=VenueFactory(region=region, slug="library"))
    first = client.get(url)
    with django_assert_num_queries(queries):
        again = client.get(url)
    assert again.getvalue() == first.getvalue()
    with django_assert_num_queries(queries):
        unchanged = client.get(url, headers={"if-none-match": first["ETag"]})
    assert unchanged.status_code == 304


@pytest.mark.parametrize("url", ["/regions/nowhere/calendar.ics", "/venues/nowhere/calendar.ics"])
def test_an_unknown_region_or_venue_feed_is_a_404(client, url):
    RegionFactory(slug="central")
    assert client.get(url).status_code == 404


def test_a_region_seen_for_the_first_time_gets_a_version(client):
    from groups.models import FeedVersion

    region = RegionFactory(slug="central")
    FeedVersion.objects.all().delete()
    first = client.get("/regions/central/calendar.ics")
    assert first.status_code == 200
    version = FeedVersion.objects.get(key=f"region:{region.pk}")
    assert first["ETag"] == client.get("/regions/central/calendar.ics")["ETag"]
    assert first["Last-Modified"] == http_date(version.changed_at.timestamp())


def test_a_venue_edit_reaches_its_groups_feeds(client):
    group = GroupFactory(slug="g")
    client.get("/groups/g/calendar.ics")
    venue_update(venue=group.venue, address="77 New Street")
    [event] = events(parse(client.get("/groups/g/calendar.ics")))
    assert str(event["LOCATION"]) == f"{group.venue.name}, 77 New Street, Worcester"
    assert event["SEQUENCE"] == 1


# Privacy --------------------------------------------------------------------------------------


@pytest.fixture
def private_world():
    """Data that could leak, built before anything is fetched."""
    region = RegionFactory(slug="central")
    shelter = VenueFactory(
        region=region,
        slug="shelter",
        kind=Venue.Kind.SHELTER,
        address="12 Hidden Lane",
        town="Worcester",
        address_is_public=False,
        latitude="42.262593",
        longitude="-71.802293",
    )
    online = VenueFactory(
        region=region,
        slug="online",
        kind=Venue.Kind.ONLINE,
        address="",
        town="",
        join_details="https://meet.example.org/secret-room",
    )
    hidden = GroupFactory(
        region=region,
        venue=shelter,
        slug="inpatient-circle",
        title="Inpatient Circle",
        is_public=False,
        audience=Group.Audience.HOSPITAL_PATIENTS,
    )
    shelter_group = GroupFactory(region=region, venue=shelter, slug="shelter-group")
    online_group = GroupFactory(region=region, venue=online, slug="online-group")
    facilitator = FacilitatorFactory(display_name="Maria S.")
    for group in (hidden, shelter_group, online_group):
        GroupFacilitatorFactory(group=group, facilitator=facilitator)
    return {"region": region, "facilitator": facilitator, "hidden": hidden}


PUBLIC_FEEDS = [
    "/calendar.ics",
    "/regions/central/calendar.ics",
    "/venues/shelter/calendar.ics",
    "/venues/online/calendar.ics",
    "/groups/shelter-group/calendar.ics",
    "/groups/online-group/calendar.ics",
]


@pytest.mark.parametrize("url", PUBLIC_FEEDS)
def test_public_feeds_never_show_private_groups_or_addresses(client, private_world, url):
    text = client.get(url).getvalue().decode().replace("\r\n ", "")
    assert "Inpatient Circle" not in text
    assert private_world["hidden"].ical_uid not in text
    assert "Hidden Lane" not in text
    assert "GEO:" not in text
    assert "secret-room" not in text


def test_private_group_feed_is_404(client, private_world):
    assert client.get("/groups/inpatient-circle/calendar.ics").status_code == 404


def test_shelter_sessions_show_its_name_and_the_town_only(client, private_world):
    [event] = events(parse(client.get("/groups/shelter-group/calendar.ics")))
    # Its name, which is public (its own page shows it), and the town: never the street.
    assert str(event["LOCATION"]) == f"{Venue.objects.get(slug='shelter').name}, Worcester"


def test_a_drop_in_group_at_a_private_address_says_to_ask_for_the_address_first(
    client, private_world
):
    Group.objects.filter(slug="shelter-group").update(how_to_join="Just drop in.")
    name = private_world["region"].name
    [event] = events(parse(client.get("/groups/shelter-group/calendar.ics")))
    description = str(event["DESCRIPTION"])
    assert (
        f"How to join: Get in touch with {name} first: they will tell you the address. "
        "Then: Just drop in.\n"
    ) in description
    # The facilitator's own feed has the address: the group's own words alone.
    facilitator = private_world["facilitator"]
    mine = parse(client.get(f"/feeds/{facilitator.feed_token}.ics"))
    [event] = [
        e
        for e in events(mine)
        if str(e["UID"]).startswith(Group.objects.get(slug="shelter-group").ical_uid)
    ]
    assert "How to join: Just drop in.\n" in str(event["DESCRIPTION"])


def test_facilitator_feed_has_every_session_with_full_details(client, private_world):
    facilitator = private_world["facilitator"]
    response = client.get(f"/feeds/{facilitator.feed_token}.ics")
    calendar = parse(response)
    assert sorted(str(event["SUMMARY"]) for event in events(calendar)) == sorted(
        ["Inpatient Circle", *(g.title for g in Group.objects.filter(is_public=True))]
    )
    text = response.getvalue().decode().replace("\r\n ", "")
    assert "12 Hidden Lane" in text
    assert "secret-room" in text
    assert response["Cache-Control"] == "private, no-store"


def test_facilitator_feed_with_unknown_or_rotated_token_is_404(client, private_world):
    facilitator = private_world["facilitator"]
    old = facilitator.feed_token
    assert client.get(f"/feeds/{old}.ics").status_code == 200
    facilitator_rotate_feed_token(facilitator=facilitator)
    assert client.get(f"/feeds/{old}.ics").status_code == 404
    assert client.get("/feeds/not-a-token.ics").status_code == 404
    assert client.get(f"/feeds/{facilitator.feed_token}.ics").status_code == 200


# Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/regions/nowhere/calendar.ics",
        "/venues/nowhere/calendar.ics",
        "/groups/nowhere/calendar.ics",
    ],
)
def test_unknown_slugs_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("region=nowhere", "region"), ("type=therapy", "type"), ("venue_kind=castle", "venue_kind")],
)
def test_network_feed_bad_filter_is_400_naming_it(client, query, parameter):
    response = client.get(f"/calendar.ics?{query}")
    assert response.status_code == 400
    assert response.content.decode().startswith(f"{parameter}: ")


def test_network_feed_filters(client):
    central, western = RegionFactory(slug="central"), RegionFactory(slug="western")
    a = GroupFactory(region=central, title="A", kind=Group.Kind.SELF_HELP)
    b = GroupFactory(region=western, title="B", kind=Group.Kind.CLASS)
    GroupFactory(region=western, title="C", kind=Group.Kind.SELF_HELP)

    def titles(query):
        return sorted(
            str(e["SUMMARY"]) for e in events(parse(client.get(f"/calendar.ics?{query}")))
        )

    assert titles("") == ["A", "B", "C"]
    assert titles("region=central") == [a.title]
    assert titles("region=western&type=class") == [b.title]
    assert titles("region=central&region=western&q=b") == [b.title]


# Query counts ---------------------------------------------------------------------------------


def build_groups(count):
    region = RegionFactory(slug="central")
    venue = VenueFactory(region=region, slug="library")
    facilitator = FacilitatorFactory()
    for n in range(count):
        group = GroupFactory(region=region, venue=venue, slug=f"g{n}", recurrences=weekly(1))
        GroupFacilitatorFactory(group=group, facilitator=facilitator)
        sessions.session_cancel(group=group, original_date=dt.date(2026, 1, 13))
        sessions.session_move(
            group=group, original_date=dt.date(2026, 1, 20), new_start_time=dt.time(19, 0)
        )
    return facilitator


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # version, the groups' order and versions, their timezones' first and last days (2),
        # their stored events (none yet), and, the groups' events being cold: groups,
        # memberships, access features, changes; then storing them (an insert in a savepoint: 3)
        ("/calendar.ics", 12),
        # + the region or venue itself
        ("/regions/central/calendar.ics", 13),
        ("/venues/library/calendar.ics", 13),
        # + the facilitator and the groups' one-session substitutes
        ("/feeds/{token}.ics", 7),
    ],
)
def test_cold_feed_query_count_does_not_grow_with_groups(
    client, django_assert_num_queries, count, url, queries
):
    facilitator = build_groups(count)
    url = url.format(token=facilitator.feed_token)
    client.get(url)  # creates the version row on first sight
    clear_caches()
    StoredEvents.objects.all().delete()  # nothing kept anywhere
    with django_assert_num_queries(queries):
        # The network's feed is streamed: its queries run as it is read.
        calendar = parse(client.get(url))
    assert len([e for e in events(calendar) if "RECURRENCE-ID" not in e]) == count


def test_times_in_the_repeated_hour_are_written_in_utc(client):
    # 10:30 pm for three hours on 31 October 2026 ends at the first 1:30 am (05:30Z).
    GroupFactory(
        slug="late",
        start_date=dt.date(2026, 10, 17),
        start_time=dt.time(22, 30),
        duration_minutes=180,
        recurrences=weekly(5),
    )
    one_session = client.get("/groups/late/sessions/2026-10-31.ics")
    assert prop_lines(one_session, "DTSTART") == ["DTSTART:20261101T023000Z"]
    assert prop_lines(one_session, "DTEND") == ["DTEND:20261101T053000Z"]
    # The series keeps its wall-clock start; its first session's end is unambiguous. The
    # session across the change is an override at exact UTC times, one per fall night.
    series = client.get("/groups/late/calendar.ics")
    starts, ends = prop_lines(series, "DTSTART"), prop_lines(series, "DTEND")
    assert starts[:3] == [
        "DTSTART;TZID=America/New_York:20261017T223000",
        "DTSTART:20261101T023000Z",
        "DTSTART:20271107T023000Z",
    ]
    assert ends[:3] == [
        "DTEND;TZID=America/New_York:20261018T013000",
        "DTEND:20261101T053000Z",
        "DTEND:20271107T053000Z",
    ]
    assert prop_lines(series, "RECURRENCE-ID")[0] == (
        "RECURRENCE-ID;TZID=America/New_York:20261031T223000"
    )
