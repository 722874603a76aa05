"""The Meeting Guide feeds: /meeting-guide.json and /regions/<slug>/meeting-guide.json.

Checked against the specification's rules (tests/publishing/meeting_guide_schema.py), against
the JSON API session for session, and against our privacy rules, with what could leak built
first. The clock is tests.page_clock's: Saturday 28 February 2026, noon, Boston; the clocks
change on Sunday 8 March 2026.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import recurrence
from django.db import connection
from django.test.utils import CaptureQueriesContext
from recurrence import DAILY, WEEKLY, Recurrence, Rule

from groups.models import AccessFeature, Group, Language
from groups.services import ANY_VERSION, group_create, group_update
from groups.sessions import session_cancel, session_move
from regions.models import Venue
from tests.caches import clear_caches
from tests.factories import RegionFactory, VenueFactory, weekly
from tests.page_clock import SITE
from tests.publishing.meeting_guide_schema import problems

NETWORK = "/meeting-guide.json"
BOSTON = ZoneInfo("America/New_York")


def region_url(slug):
    return f"/regions/{slug}/meeting-guide.json"


def feed(client, url=NETWORK):
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/json")
    return response.json()


def by_slug(entries):
    return {entry["slug"]: entry for entry in entries}


def make(region, slug, *, venue=None, rule=None, **fields):
    values = {
        "title": slug.replace("-", " ").title(),
        "slug": slug,
        "region": region,
        "venue": venue,
        "start_date": dt.date(2026, 1, 6),  # a Tuesday
        "start_time": dt.time(18, 0),
        "duration_minutes": 90,
        "recurrences": weekly(1) if rule is None else rule,
    }
    return group_create(**{**values, **fields})


def rule(text):
    return recurrence.deserialize(f"RRULE:FREQ={text}")


@pytest.fixture
def places(east):
    """The east region's places of every kind: what a feed could leak is there."""
    region = east.region
    return {
        "shelter": VenueFactory(
            region=region,
            name="Harbor House",
            slug="harbor-house",
            kind=Venue.Kind.SHELTER,
            address="12 Hidden Lane",
            town="Quincy",
            address_is_public=False,
            latitude="42.250000",
            longitude="-71.000000",
        ),
        "online": VenueFactory(
            region=region,
            name="Zoom room",
            slug="zoom-room",
            kind=Venue.Kind.ONLINE,
            address="",
            town="",
            join_details="https://zoom.example/j/123456789?pwd=secret",
        ),
        "mapped": VenueFactory(
            region=region,
            name="First Parish Church",
            slug="first-parish",
            kind=Venue.Kind.CHURCH,
            address="9 West Street",
            town="Boston",
            latitude="42.3554321",
            longitude="-71.0612345",
        ),
    }


# What the feed says of a group ------------------------------------------------------------------


def test_a_weekly_group_has_every_field_the_specification_names(client, east, places):
    east.region.website = "https://metro-boston.example.org"
    east.region.save()
    group = make(
        east.region,
        "sunday-serenity",
        title="Sunday Serenity",
        description="Bring a friend.\r\nTea after.",
        how_to_join="Ring the bell.",
        venue=places["mapped"],
        start_date=dt.date(2026, 1, 4),
        rule=weekly(6),
        start_time=dt.time(18, 30),
        duration_minutes=75,
        languages=Language.objects.filter(code__in=["en", "es"]),
        access_features=AccessFeature.objects.filter(slug__in=["wheelchair", "asl", "parking"]),
    )
    entry = by_slug(feed(client))["sunday-serenity"]
    stamp = (
        max(group.updated_at, east.region.updated_at, places["mapped"].updated_at)
        .astimezone(dt.UTC)
        .strftime("%Y-%m-%d %H:%M:%S")
    )
    assert entry == {
        "name": "Sunday Serenity",
        "slug": "sunday-serenity",
        "day": 0,
        "time": "18:30",
        "end_time": "19:45",
        "timezone": "America/New_York",
        "types": ["ASL", "EN", "O", "S", "X"],
        "notes": "Bring a friend.\nTea after.\n\nRing the bell.",
        "location": "First Parish Church",
        "city": "Boston",
        "state": "MA",
        "country": "US",
        "approximate": "no",
        "address": "9 West Street",
        "latitude": 42.35543,
        "longitude": -71.06123,
        "region": "Metro Boston RLC",
        "updated": stamp,
        "url": f"{SITE}/groups/sunday-serenity/",
        "entity": "Metro Boston RLC",
        "entity_email": east.region.email,
        "entity_phone": "508-555-0100",
        "entity_website_url": "https://metro-boston.example.org",
        "entity_url": "https://metro-boston.example.org",
    }


def test_the_feed_follows_the_specification(client, east, west, places):
    make(east.region, "at-the-shelter", venue=places["shelter"])
    make(east.region, "online-circle", venue=places["online"])
    make(east.region, "still-arranging", venue=None)
    make(east.region, "every-day", venue=places["mapped"], rule=Recurrence(rrules=[Rule(DAILY)]))
    make(east.region, "x" * 100, venue=places["mapped"], title="A long slug")
    entries = feed(client)
    assert problems(entries) == []
    suffix = f"-{Group.objects.get(title='A long slug').pk}"
    assert sorted(entry["slug"] for entry in entries) == sorted(
        [
            "metro-boston-hearing-voices",
            "western-hearing-voices",
            "at-the-shelter",
            "online-circle",
            "still-arranging",
            "every-day",
            "x" * (64 - len(suffix)) + suffix,
        ]
    )


def test_several_days_a_week_are_one_entry_with_the_days_from_sunday(client, east):
    make(east.region, "mon-wed-fri", start_date=dt.date(2026, 1, 5), rule=weekly(0, 2, 4))
    make(
        east.region, "daily-on-days", start_date=dt.date(2026, 1, 4), rule=rule("DAILY;BYDAY=SU,SA")
    )
    make(east.region, "every-day", rule=Recurrence(rrules=[Rule(DAILY)]))
    days = {slug: entry["day"] for slug, entry in by_slug(feed(client)).items()}
    assert days == {
        "metro-boston-hearing-voices": 2,
        "mon-wed-fri": [1, 3, 5],
        "daily-on-days": [0, 6],
        "every-day": [0, 1, 2, 3, 4, 5, 6],
    }


def test_a_session_that_ends_after_midnight_gives_its_end_in_the_next_day(client, east):
    make(east.region, "late-night", start_time=dt.time(23, 30), duration_minutes=90)
    entry = by_slug(feed(client))["late-night"]
    assert (entry["day"], entry["time"], entry["end_time"]) == (2, "23:30", "01:00")


# Schedules the specification cannot carry ------------------------------------------------------


def test_only_weekly_schedules_are_listed(client, east):
    make(east.region, "every-other-tuesday", rule=weekly(1, interval=2))
    make(
        east.region,
        "second-and-fourth-tuesday",
        start_date=dt.date(2026, 1, 13),
        rule=rule("MONTHLY;BYDAY=2TU,4TU"),
    )
    make(
        east.region, "last-friday", start_date=dt.date(2026, 1, 30), rule=rule("MONTHLY;BYDAY=-1FR")
    )
    make(east.region, "one-off-class", start_date=dt.date(2026, 3, 14), rule=Recurrence())
    make(
        east.region,
        "weekly-and-a-thursday",
        rule=Recurrence(rrules=[Rule(WEEKLY, byday=[1])], rdates=[dt.datetime(2026, 3, 5)]),
    )
    make(east.region, "every-other-day", rule=Recurrence(rrules=[Rule(DAILY, interval=2)]))
    make(east.region, "ended", rule=weekly(1), end_date=dt.date(2026, 2, 24))
    make(east.region, "ends-later", rule=weekly(1), end_date=dt.date(2026, 6, 30))
    make(east.region, "starts-in-april", rule=weekly(1), start_date=dt.date(2026, 4, 7))
    make(
        east.region,
        "weekly-with-a-date-off",
        rule=Recurrence(rrules=[Rule(WEEKLY, byday=[1])], exdates=[dt.datetime(2026, 3, 17)]),
    )
    assert sorted(by_slug(feed(client))) == [
        "ends-later",
        "metro-boston-hearing-voices",
        "starts-in-april",
        "weekly-with-a-date-off",
    ]


def test_a_weekly_group_leaves_the_feed_the_day_after_its_last_session(client, east, monkeypatch):
    from django.utils import timezone

    make(east.region, "ends-tuesday", rule=weekly(1), end_date=dt.date(2026, 3, 3))
    assert "ends-tuesday" in by_slug(feed(client))
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 3, 4, 9, 0, tzinfo=BOSTON))
    assert "ends-tuesday" not in by_slug(feed(client))


def test_a_new_day_writes_no_entry_again_and_still_drops_what_has_passed(client, east, monkeypatch):
    """Each entry is kept under its group's version alone, with its last session's date: the
    next day's feed is put together from them (at national size, writing every entry again
    was 9 s each night), and a group whose last session has passed is still left out."""
    from django.utils import timezone

    from publishing import meeting_guide

    make(east.region, "ends-tuesday", rule=weekly(1), end_date=dt.date(2026, 3, 3))
    make(east.region, "ends-in-june", rule=weekly(1), end_date=dt.date(2026, 6, 30))
    before = by_slug(feed(client))
    written = []
    real = meeting_guide.meeting_guide_entry
    monkeypatch.setattr(
        meeting_guide, "meeting_guide_entry", lambda group: written.append(group.pk) or real(group)
    )
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 3, 4, 9, 0, tzinfo=BOSTON))
    after = by_slug(feed(client))
    assert written == []
    assert sorted(before) == ["ends-in-june", "ends-tuesday", "metro-boston-hearing-voices"]
    assert sorted(after) == ["ends-in-june", "metro-boston-hearing-voices"]
    assert after["ends-in-june"] == before["ends-in-june"]
    clear_caches()
    assert by_slug(feed(client)) == after  # the same, written from nothing


@pytest.mark.parametrize(
    ("recurrences", "fields"),
    [
        (weekly(1), {}),
        (weekly(1), {"end_date": dt.date(2026, 3, 3)}),
        (weekly(1), {"end_date": dt.date(2026, 3, 5)}),  # a Thursday: the Tuesday before
        (rule("WEEKLY;BYDAY=TU;COUNT=5"), {}),
        (rule("WEEKLY;BYDAY=TU,TH;UNTIL=20260305T235959Z"), {}),
        (rule("DAILY;COUNT=3"), {}),
        (  # its last Tuesday is a date off
            Recurrence(rrules=[Rule(WEEKLY, byday=[1])], exdates=[dt.datetime(2026, 3, 3)]),
            {"end_date": dt.date(2026, 3, 3)},
        ),
        (  # every date of it off
            Recurrence(
                rrules=[Rule(WEEKLY, byday=[1], count=1)], exdates=[dt.datetime(2026, 1, 6)]
            ),
            {},
        ),
    ],
)
def test_the_last_session_kept_with_an_entry_says_what_the_schedule_says_each_day(
    east, recurrences, fields
):
    from publishing.meeting_guide import last_session

    schedule = make(east.region, "series", rule=recurrences, **fields).schedule
    last = last_session(schedule)
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(90)]
    assert [last is None or day <= last for day in days] == [
        schedule.next_session_date(day) is not None for day in days
    ]


# Privacy -------------------------------------------------------------------------------------


def test_private_groups_never_appear(client, east, west, places):
    make(east.region, "secret-circle", venue=places["mapped"], is_public=False)
    paused = make(east.region, "paused-circle", venue=places["mapped"])
    Group.objects.filter(pk=paused.pk).update(status=Group.Status.PAUSED)
    clear_caches()
    for url in (NETWORK, region_url("metro-boston"), region_url("western")):
        body = client.get(url).content.decode()
        assert ("secret-circle" in body, "Inpatient" in body, "paused-circle" in body) == (
            False,
            False,
            False,
        )


def test_a_private_address_gives_the_town_only(client, east, places):
    make(east.region, "at-the-shelter", venue=places["shelter"], how_to_join="Bring ID.")
    response = client.get(NETWORK)
    entry = by_slug(response.json())["at-the-shelter"]
    assert {key: entry.get(key) for key in PLACE_FIELDS} == {
        "location": "Harbor House",
        "city": "Quincy",
        "state": "MA",
        "country": "US",
        "approximate": "yes",
        "address": None,
        "formatted_address": None,
        "postal_code": None,
        "latitude": None,
        "longitude": None,
    }
    assert entry["notes"] == (
        "Get in touch with Metro Boston RLC first: they will tell you the address. Then: Bring ID."
    )
    body = response.content.decode()
    assert ("Hidden Lane" in body, "42.25" in body) == (False, False)


def test_an_online_group_never_gives_its_link(client, east, places):
    make(east.region, "online-circle", venue=places["online"])
    response = client.get(NETWORK)
    entry = by_slug(response.json())["online-circle"]
    assert {
        key: entry.get(key) for key in (*PLACE_FIELDS, "conference_url", "conference_phone")
    } == {
        "location": None,
        "city": None,
        "state": "MA",
        "country": "US",
        "approximate": "yes",
        "address": None,
        "formatted_address": None,
        "postal_code": None,
        "latitude": None,
        "longitude": None,
        "conference_url": None,
        "conference_phone": None,
    }
    assert (
        entry["notes"] == "Get in touch with Metro Boston RLC first: they will send you the link."
    )
    assert ("zoom.example" in response.content.decode(), "ONL" in entry["types"]) == (False, False)


def test_a_place_still_being_arranged_gives_the_state_only(client, east):
    make(east.region, "still-arranging", venue=None)
    entry = by_slug(feed(client))["still-arranging"]
    assert {key: entry.get(key) for key in PLACE_FIELDS} == {
        "location": None,
        "city": None,
        "state": "MA",
        "country": "US",
        "approximate": "yes",
        "address": None,
        "formatted_address": None,
        "postal_code": None,
        "latitude": None,
        "longitude": None,
    }


PLACE_FIELDS = (
    "location",
    "city",
    "state",
    "country",
    "approximate",
    "address",
    "formatted_address",
    "postal_code",
    "latitude",
    "longitude",
)


# Regions ---------------------------------------------------------------------------------------


def test_a_region_feed_lists_its_own_groups_only(client, east, west):
    assert [entry["slug"] for entry in feed(client, region_url("metro-boston"))] == [
        "metro-boston-hearing-voices"
    ]
    assert [entry["slug"] for entry in feed(client, region_url("western"))] == [
        "western-hearing-voices"
    ]
    assert [entry["slug"] for entry in feed(client)] == [
        "metro-boston-hearing-voices",
        "western-hearing-voices",
    ]


def test_an_unknown_region_is_a_404(client, east):
    assert client.get(region_url("nowhere")).status_code == 404


def test_a_region_without_public_groups_gives_an_empty_array(client, east):
    RegionFactory(slug="quiet")
    assert feed(client, region_url("quiet")) == []


def test_any_site_may_read_the_feed_and_a_proxy_may_keep_it(client, east):
    response = client.get(NETWORK)
    assert (response["Access-Control-Allow-Origin"], response["Cache-Control"]) == (
        "*",
        "public, max-age=300",
    )


# The API, session for session -------------------------------------------------------------------

WINDOW = ("2026-02-28", "2026-04-25")  # eight weeks, across the change to daylight time


def slots_of(entry) -> set[tuple[int, str, str]]:
    days = entry["day"] if isinstance(entry["day"], list) else [entry["day"]]
    return {(day, entry["time"], entry["end_time"]) for day in days}


def local_slot(start: str, end: str) -> tuple[int, str, str]:
    start, end = (dt.datetime.fromisoformat(value).astimezone(BOSTON) for value in (start, end))
    return ((start.weekday() + 1) % 7, f"{start:%H:%M}", f"{end:%H:%M}")


def test_every_session_of_the_api_is_a_slot_of_the_feed(client, east, west, places):
    make(
        east.region,
        "mon-wed-fri",
        venue=places["mapped"],
        start_date=dt.date(2026, 1, 5),
        rule=weekly(0, 2, 4),
    )
    make(
        east.region,
        "saturday-morning",
        start_date=dt.date(2026, 1, 3),
        rule=weekly(5),
        start_time=dt.time(9, 0),
    )
    make(
        east.region,
        "every-day",
        rule=Recurrence(rrules=[Rule(DAILY)]),
        start_time=dt.time(7, 15),
        duration_minutes=45,
    )
    make(east.region, "late-night", start_time=dt.time(23, 30), duration_minutes=90)
    make(east.region, "every-other-tuesday", rule=weekly(1, interval=2))
    session_cancel(group=east.group, original_date=dt.date(2026, 3, 10), notify=False)
    entries = by_slug(feed(client))
    api = client.get("/api/v1/occurrences.json", {"start": WINDOW[0], "end": WINDOW[1]}).json()
    sessions = {}
    for item in api["occurrences"]:
        sessions.setdefault(item["group"], []).append(item)
    # The weekly groups are listed; the one every other week is not.
    assert sorted(entries) == sorted(set(sessions) - {"every-other-tuesday"})
    for slug, entry in entries.items():
        found = {local_slot(item["start"], item["end"]) for item in sessions[slug]}
        assert found == slots_of(entry), slug
    # Each weekly slot has its session every week of the window, and no other (a cancelled one
    # is still in its slot).
    assert {slug: len(sessions[slug]) for slug in entries} == {
        "metro-boston-hearing-voices": 8,
        "western-hearing-voices": 8,
        "mon-wed-fri": 24,
        "saturday-morning": 9,  # 28 February and 25 April are both Saturdays
        "every-day": 57,
        "late-night": 8,
    }


def test_a_6_pm_group_is_at_6_pm_on_both_sides_of_the_clock_change(client, east):
    entry = by_slug(feed(client))["metro-boston-hearing-voices"]
    api = client.get("/api/v1/occurrences.json", {"start": "2026-03-03", "end": "2026-03-10"})
    starts = [item["start"] for item in api.json()["occurrences"]]
    assert starts == ["2026-03-03T18:00:00-05:00", "2026-03-10T18:00:00-04:00"]
    assert (entry["day"], entry["time"], entry["end_time"], entry["timezone"]) == (
        2,
        "18:00",
        "19:30",
        "America/New_York",
    )


def test_a_moved_session_is_not_a_change_of_the_weekly_slot(client, east):
    session_move(
        group=east.group,
        original_date=dt.date(2026, 3, 10),
        new_date=dt.date(2026, 3, 12),
        new_start_time=dt.time(10, 0),
        notify=False,
    )
    entry = by_slug(feed(client))["metro-boston-hearing-voices"]
    assert (entry["day"], entry["time"]) == (2, "18:00")


# Freshness, conditional requests, the cache ------------------------------------------------------


def test_a_change_shows_at_once_and_moves_the_etag(client, east, west, move_clock):
    first = client.get(NETWORK)
    west_first = client.get(region_url("western"))
    move_clock(5)
    group_update(group=east.group, expected_version=ANY_VERSION, title="Voices Together")
    after = client.get(NETWORK, headers={"if-none-match": first["ETag"]})
    assert after.status_code == 200
    assert by_slug(after.json())["metro-boston-hearing-voices"]["name"] == "Voices Together"
    assert after["ETag"] != first["ETag"]
    # The other region's feed is unchanged.
    west_again = client.get(region_url("western"), headers={"if-none-match": west_first["ETag"]})
    assert west_again.status_code == 304


def test_a_group_made_private_leaves_the_feed(client, east):
    assert "metro-boston-hearing-voices" in by_slug(feed(client))
    group_update(group=east.group, expected_version=ANY_VERSION, is_public=False)
    assert feed(client) == []
    assert feed(client, region_url("metro-boston")) == []


def test_a_venue_made_private_and_a_new_language_show_at_once(client, east, move_clock):
    from regions.services import venue_update

    def entry():
        return by_slug(feed(client, region_url("metro-boston")))["metro-boston-hearing-voices"]

    def shown(found):
        return (found["approximate"], found.get("address"), found["types"], found["updated"])

    assert shown(entry()) == ("no", "1 Main Street", ["O"], "2026-02-28 17:00:00")
    move_clock(5)
    venue_update(venue=east.venue, address_is_public=False)
    assert shown(entry()) == ("yes", None, ["O"], "2026-02-28 17:05:00")
    move_clock(10)
    group_update(
        group=east.group,
        expected_version=ANY_VERSION,
        languages=Language.objects.filter(code="pt"),
    )
    assert shown(entry()) == ("yes", None, ["O", "POR"], "2026-02-28 17:10:00")


def test_an_unchanged_feed_is_a_304(client, east):
    first = client.get(region_url("metro-boston"))
    again = client.get(region_url("metro-boston"), headers={"if-none-match": first["ETag"]})
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])
    assert first["ETag"].startswith('"')


def test_the_compressed_feed_has_its_own_strong_etag_and_a_304(client, east, west):
    import gzip
    import json

    plain = client.get(NETWORK)
    zipped = client.get(NETWORK, headers={"accept-encoding": "gzip"})
    assert (zipped["Content-Encoding"], zipped["ETag"]) == ("gzip", plain["ETag"][:-1] + '-gzip"')
    assert json.loads(gzip.decompress(zipped.content)) == plain.json()
    again = client.get(
        NETWORK, headers={"accept-encoding": "gzip", "if-none-match": zipped["ETag"]}
    )
    assert (again.status_code, again["ETag"]) == (304, zipped["ETag"])


def test_the_feed_is_the_same_with_the_cache_gone(client, east, west, places):
    make(east.region, "at-the-shelter", venue=places["shelter"])
    first = client.get(NETWORK)
    clear_caches()
    again = client.get(NETWORK)
    assert (again.content, again["ETag"]) == (first.content, first["ETag"])


def test_a_change_writes_only_the_changed_groups_entry_and_the_feed_is_the_same_bytes(
    client, east, page_clock
):
    """Each group's entry is kept as JSON under the group's own version: after one group's
    change, the feed reads that group alone (its languages too), and is byte for byte the feed
    built from nothing, in order of title then slug."""
    evening = make(east.region, "evening", title="Evening Circle")
    make(east.region, "morning", title="Morning Circle")
    make(east.region, "another-evening", title="Evening Circle")
    client.get(NETWORK)
    evening.languages.add(Language.objects.get(code="es"))

    with CaptureQueriesContext(connection) as queries:
        after = client.get(NETWORK)

    read = [q["sql"] for q in queries.captured_queries if '"groups_group_languages"' in q["sql"]]
    assert len(read) == 1
    assert f"IN ({evening.pk})" in read[0]
    assert [entry["slug"] for entry in after.json()] == [
        "another-evening",
        "evening",
        east.group.slug,  # Hearing Voices
        "morning",
    ]
    assert by_slug(after.json())["evening"]["types"] != by_slug(after.json())["morning"]["types"]
    clear_caches()
    assert client.get(NETWORK).content == after.content


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("url", "cold", "warm"),
    [
        # the version; then the groups' versions, the groups, their languages and their
        # access features (publishing/meeting_guide.py keeps each group's entry)
        (NETWORK, 5, 1),
        # the region's id and version together; then the same four
        (region_url("central"), 5, 1),
    ],
)
def test_query_counts_do_not_grow_with_groups(
    client, db, page_clock, django_assert_num_queries, count, url, cold, warm
):
    region = RegionFactory(slug="central")
    venue = VenueFactory(region=region)
    for number in range(count):
        make(
            region,
            f"group-{number}",
            venue=venue,
            languages=Language.objects.filter(code="en"),
            access_features=AccessFeature.objects.filter(slug="wheelchair"),
        )
    client.get(url)  # the version row, on first sight
    clear_caches()
    with django_assert_num_queries(cold):
        assert len(feed(client, url)) == count
    with django_assert_num_queries(warm):
        assert len(feed(client, url)) == count


# The rules themselves -------------------------------------------------------------------------


def test_the_rules_find_what_breaks_the_specification():
    good = {
        "name": "Sunday Serenity",
        "slug": "sunday-serenity",
        "day": 0,
        "time": "18:00",
        "city": "Boston",
        "state": "MA",
    }
    assert problems([good]) == []
    broken = [
        {**good, "day": 7, "time": "6pm", "types": ["ONL", "O"], "conference_url": "zoom"},
        {**good, "slug": "sunday serenity!", "approximate": "no", "colour": "blue"},
        {"name": "No place", "slug": "sunday-serenity", "day": [1, 1], "time": "09:00"},
        {"slug": "x" * 65, "day": 1, "time": "24:00", "entity_email": "rlc@example.org"},
        "a meeting",
    ]
    assert problems(broken) == [
        "slug 'sunday-serenity' is not unique",
        "meeting 0: time '6pm' does not match ^([01]?[0-9]|2[0-3]):[0-5][0-9]$",
        "meeting 0: conference_url 'zoom' is not an absolute URL",
        "meeting 0: types ['ONL'] are not codes of the specification",
        "meeting 0: day 7 is not 0-6 or an array of them",
        "meeting 1: colour is not a field of the specification",
        "meeting 1: slug 'sunday serenity!' is not URL-safe or longer than 64 characters",
        "meeting 1: approximate is 'no' without a specific address",
        "meeting 2: day [1, 1] repeats a day",
        "meeting 2: no geographic information",
        "meeting 3: name is required",
        f"meeting 3: slug '{'x' * 65}' is not URL-safe or longer than 64 characters",
        "meeting 3: time '24:00' does not match ^([01]?[0-9]|2[0-3]):[0-5][0-9]$",
        "meeting 3: entity fields without entity",
        "meeting 3: no geographic information",
        "meeting 4: not an object",
    ]
