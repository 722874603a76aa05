import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from recurrence import DAILY, Recurrence, Rule

from core import cache
from groups import sessions
from groups.models import AccessFeature, Group, Language
from publishing.api import GroupsOut, api
from regions.models import Venue
from tests.caches import clear_caches
from tests.factories import GroupFactory, RegionFactory, VenueFactory

pytestmark = pytest.mark.django_db

SITE = "https://peerhub.example.org"
OCCURRENCES = "/api/v1/occurrences.json"
GROUPS = "/api/v1/groups.json"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def occurrences(client, query=""):
    response = client.get(f"{OCCURRENCES}?{query}")
    assert response.status_code == 200, response.content
    return response.json()["occurrences"]


def groups(client, query=""):
    response = client.get(f"{GROUPS}?{query}")
    assert response.status_code == 200, response.content
    return response.json()["groups"]


def item(group, start, end, **fields):
    """The occurrence item of ``group`` as the API should give it, with its defaults."""
    venue = group.venue
    return {
        "uid": group.ical_uid,
        "group": group.slug,
        "title": group.title,
        "region": group.region.slug,
        "venue": venue.slug if venue else None,
        "location": venue.public_place if venue else None,
        "start": start,
        "end": end,
        "status": "confirmed",
        "recurrence_id": start,
        "moved": False,
        "note": "",
        "url": f"{SITE}/groups/{group.slug}/",
    } | fields


@pytest.fixture
def wrap_group():
    """Tuesdays at 6 pm in Worcester from 6 January 2026."""
    central = RegionFactory(name="Central RLC", slug="central")
    library = VenueFactory(
        region=central, slug="worcester-library", address="3 Salem Square", town="Worcester"
    )
    return GroupFactory(title="WRAP Group", slug="wrap-group", region=central, venue=library)


def test_occurrences_lists_a_window_with_a_cancelled_and_a_moved_session(client, wrap_group):
    peer_center = VenueFactory(
        region=wrap_group.region, slug="worcester-peer-center", address="9 Elm St", town="Worcester"
    )
    sessions.session_cancel(
        group=wrap_group,
        original_date=dt.date(2026, 3, 3),
        public_note="Closed for the storm",
        private_note="Roof leak: facilities only",
    )
    sessions.session_move(
        group=wrap_group,
        original_date=dt.date(2026, 3, 10),
        new_venue=peer_center,
        public_note="This week in the community room",
    )
    assert occurrences(client, "start=2026-03-01&end=2026-03-14") == [
        item(
            wrap_group,
            "2026-03-03T18:00:00-05:00",
            "2026-03-03T19:30:00-05:00",
            status="cancelled",
            note="Closed for the storm",
        ),
        # Clocks sprang forward on 8 March: still 6 pm, now four hours behind UTC.
        item(
            wrap_group,
            "2026-03-10T18:00:00-04:00",
            "2026-03-10T19:30:00-04:00",
            venue="worcester-peer-center",
            location=f"{peer_center.name}, 9 Elm St, Worcester",
            moved=True,
            note="This week in the community room",
        ),
    ]


def test_occurrences_answers_json_that_any_site_may_read(client, wrap_group):
    response = client.get(f"{OCCURRENCES}?start=2026-03-01&end=2026-03-07")
    assert (
        response.status_code,
        response["Content-Type"],
        response["Access-Control-Allow-Origin"],
    ) == (200, "application/json; charset=utf-8", "*")


def test_occurrences_window_defaults_to_four_weeks_from_today(client):
    today = timezone.localdate()
    daily = GroupFactory(
        start_date=today - dt.timedelta(days=10), recurrences=Recurrence(rrules=[Rule(DAILY)])
    )
    found = occurrences(client)
    assert [item["start"][:10] for item in found] == [
        (today + dt.timedelta(days=n)).isoformat() for n in range(28)
    ]
    assert {item["group"] for item in found} == {daily.slug}
    start = today + dt.timedelta(days=3)
    assert len(occurrences(client, f"start={start}")) == 28


def test_occurrences_keeps_a_session_by_its_local_date(client):
    pacific = RegionFactory(timezone="America/Los_Angeles")
    late = GroupFactory(region=pacific, start_time=dt.time(22, 0))  # Tuesdays, 6 am UTC Wednesday
    assert occurrences(client, "start=2026-03-03&end=2026-03-03") == [
        item(late, "2026-03-03T22:00:00-08:00", "2026-03-03T23:30:00-08:00"),
    ]
    assert occurrences(client, "start=2026-03-04&end=2026-03-09") == []


def test_occurrences_are_ordered_by_start_then_title(client):
    region = RegionFactory()
    later = GroupFactory(title="Art Group", region=region, start_time=dt.time(19, 0))
    beta = GroupFactory(title="Beta Group", region=region)
    alpha = GroupFactory(title="Alpha Group", region=region)
    found = occurrences(client, "start=2026-01-06&end=2026-01-06")
    assert [item["group"] for item in found] == [alpha.slug, beta.slug, later.slug]


def test_private_paused_and_private_addresses_never_leave_the_site(client):
    region = RegionFactory(slug="northeast")
    shelter = VenueFactory(
        region=region,
        slug="lowell-shelter",
        kind=Venue.Kind.SHELTER,
        address="17 Hidden Lane",
        town="Lowell",
        address_is_public=False,
    )
    online = VenueFactory(
        region=region,
        slug="online-northeast",
        kind=Venue.Kind.ONLINE,
        address="",
        town="",
        join_details="https://meet.example.org/j/4242 passcode 8675309",
    )
    GroupFactory(title="Inpatient Peer Circle", slug="inpatient", region=region, is_public=False)
    GroupFactory(title="Paused Circle", slug="paused", region=region, status=Group.Status.PAUSED)
    at_shelter = GroupFactory(
        title="Shelter Circle", slug="shelter-circle", region=region, venue=shelter
    )
    on_line = GroupFactory(title="Online Circle", slug="online-circle", region=region, venue=online)
    moved_to_shelter = GroupFactory(title="Visiting Circle", slug="visiting", region=region)
    sessions.session_move(
        group=moved_to_shelter, original_date=dt.date(2026, 3, 3), new_venue=shelter
    )

    response = client.get(f"{OCCURRENCES}?start=2026-03-03&end=2026-03-03")
    assert [(i["group"], i["venue"], i["location"]) for i in response.json()["occurrences"]] == [
        ("online-circle", "online-northeast", "Online"),
        ("shelter-circle", "lowell-shelter", f"{shelter.name}, Lowell"),
        ("visiting", "lowell-shelter", f"{shelter.name}, Lowell"),
    ]
    listing = client.get(GROUPS)
    assert [(g["slug"], g["location"]) for g in listing.json()["groups"]] == [
        (on_line.slug, "Online"),
        (at_shelter.slug, f"{shelter.name}, Lowell"),
        (moved_to_shelter.slug, f"{moved_to_shelter.venue.name}, 1 Main Street, Worcester"),
    ]
    for text in (response.content.decode(), listing.content.decode()):
        for secret in ("Hidden Lane", "meet.example.org", "8675309", "Inpatient", "Paused"):
            assert secret not in text


def test_occurrences_and_groups_filter_by_region(client):
    western = GroupFactory(region=RegionFactory(slug="western"))
    southeast = GroupFactory(region=RegionFactory(slug="southeast"))
    window = "start=2026-01-06&end=2026-01-06"
    assert [i["group"] for i in occurrences(client, f"{window}&region=western")] == [western.slug]
    assert [g["slug"] for g in groups(client, "region=southeast")] == [southeast.slug]
    both = "region=western&region=southeast"
    assert sorted(i["group"] for i in occurrences(client, f"{window}&{both}")) == sorted(
        [western.slug, southeast.slug]
    )
    assert sorted(g["slug"] for g in groups(client, both)) == sorted([western.slug, southeast.slug])


def test_occurrences_lists_a_session_moved_in_from_outside_the_window(client, wrap_group):
    hall = VenueFactory(region=wrap_group.region, slug="church-hall", town="Worcester")
    sessions.session_move(
        group=wrap_group,
        original_date=dt.date(2026, 1, 6),
        new_date=dt.date(2026, 3, 12),
        new_start_time=dt.time(19, 0),
        new_venue=hall,
    )
    assert occurrences(client, "start=2026-03-11&end=2026-03-13") == [
        item(
            wrap_group,
            "2026-03-12T19:00:00-04:00",
            "2026-03-12T20:30:00-04:00",
            venue="church-hall",
            location=f"{hall.name}, 1 Main Street, Worcester",
            recurrence_id="2026-01-06T18:00:00-05:00",
            moved=True,
        ),
    ]
    assert occurrences(client, "start=2026-01-04&end=2026-01-10") == []


def test_occurrences_one_off_has_no_recurrence_id(client):
    class_ = GroupFactory(
        title="Peer Support 101",
        kind=Group.Kind.CLASS,
        start_date=dt.date(2026, 2, 14),
        start_time=dt.time(10, 0),
        duration_minutes=180,
        recurrences=Recurrence(),
    )
    assert occurrences(client, "start=2026-02-01&end=2026-02-28") == [
        item(
            class_,
            "2026-02-14T10:00:00-05:00",
            "2026-02-14T13:00:00-05:00",
            recurrence_id=None,
        ),
    ]
    [listed] = groups(client)
    assert listed["schedule"] == "Saturday 14 February 2026, 10:00 am to 1:00 pm"


def test_groups_lists_each_public_group_in_full(client, wrap_group):
    wrap_group.description = "Wellness Recovery Action Plan, one chapter a week."
    wrap_group.end_date = dt.date(2026, 12, 29)
    wrap_group.save()
    # Installed by a migration; sorted by name, they would come out in another order.
    wrap_group.languages.set(Language.objects.filter(code__in=["es", "en"]))
    wrap_group.access_features.set(AccessFeature.objects.filter(slug__in=["wheelchair", "asl"]))
    response = client.get(GROUPS)
    assert (response["Content-Type"], response["Access-Control-Allow-Origin"]) == (
        "application/json; charset=utf-8",
        "*",
    )
    assert response.json() == {
        "groups": [
            {
                "uid": wrap_group.ical_uid,
                "slug": "wrap-group",
                "title": "WRAP Group",
                "description": "Wellness Recovery Action Plan, one chapter a week.",
                "kind": "self_help",
                "audience": "everyone",
                "region": "central",
                "venue": "worcester-library",
                "location": f"{wrap_group.venue.name}, 3 Salem Square, Worcester",
                "schedule": "Every Tuesday, 6:00 to 7:30 pm, until 29 December 2026",
                "start_date": "2026-01-06",
                "end_date": "2026-12-29",
                "start_time": "18:00",
                "duration_minutes": 90,
                "timezone": "America/New_York",
                "languages": ["en", "es"],
                "access_features": ["asl", "wheelchair"],
                "url": f"{SITE}/groups/wrap-group/",
                "feed_url": f"{SITE}/groups/wrap-group/calendar.ics",
            }
        ]
    }


def test_groups_are_ordered_by_title(client):
    for title in ("Young Adults", "Alternatives to Suicide", "Hearing Voices"):
        GroupFactory(title=title)
    assert [g["title"] for g in groups(client)] == [
        "Alternatives to Suicide",
        "Hearing Voices",
        "Young Adults",
    ]


BAD_OCCURRENCE_QUERIES = {
    "impossible date": (
        "start=2026-02-30",
        {
            "error": "start must be a date written YYYY-MM-DD, like 2026-03-01.",
            "parameter": "start",
        },
    ),
    "a word": (
        "start=yesterday",
        {
            "error": "start must be a date written YYYY-MM-DD, like 2026-03-01.",
            "parameter": "start",
        },
    ),
    "a Unix time": (
        "start=1772323200",
        {
            "error": "start must be a date written YYYY-MM-DD, like 2026-03-01.",
            "parameter": "start",
        },
    ),
    "a date and time": (
        "start=2026-03-01T00:00",
        {
            "error": "start must be a date written YYYY-MM-DD, like 2026-03-01.",
            "parameter": "start",
        },
    ),
    "malformed end": (
        "start=2026-03-01&end=2026-13-01",
        {"error": "end must be a date written YYYY-MM-DD, like 2026-03-01.", "parameter": "end"},
    ),
    "end before start": (
        "start=2026-03-14&end=2026-03-01",
        {"error": "The end date is before the start date.", "parameter": "end"},
    ),
    "window too long": (
        "start=2026-01-01&end=2027-01-02",
        {"error": "The window is at most 366 days.", "parameter": "end"},
    ),
    "far past": (
        "start=1999-12-31&end=2000-01-02",
        {"error": "start must be between 2000-01-01 and 2099-12-31.", "parameter": "start"},
    ),
    "far future": (
        "start=2099-12-01&end=2100-01-01",
        {"error": "end must be between 2000-01-01 and 2099-12-31.", "parameter": "end"},
    ),
    "not a slug": (
        "start=2026-03-01&region=not%2Fa%20slug",
        {"error": "region must be a region's slug, like metro-boston.", "parameter": "region"},
    ),
    "unknown region": (
        "start=2026-03-01&region=central&region=atlantis",
        {"error": "There is no region with the slug “atlantis”.", "parameter": "region"},
    ),
}


@pytest.mark.parametrize(
    ("query", "expected"), BAD_OCCURRENCE_QUERIES.values(), ids=BAD_OCCURRENCE_QUERIES.keys()
)
def test_occurrences_bad_parameter_is_a_400_that_names_it(client, wrap_group, query, expected):
    response = client.get(f"{OCCURRENCES}?{query}")
    assert (response.status_code, response.json(), response["Access-Control-Allow-Origin"]) == (
        400,
        expected,
        "*",
    )


def test_groups_unknown_region_is_a_400_that_names_it(client):
    response = client.get(f"{GROUPS}?region=atlantis")
    assert (response.status_code, response.json()) == (
        400,
        {"error": "There is no region with the slug “atlantis”.", "parameter": "region"},
    )


def test_occurrences_window_is_at_most_366_days_both_included(client, wrap_group):
    found = occurrences(client, "start=2026-01-01&end=2027-01-01")
    assert (len(found), found[0]["start"], found[-1]["start"]) == (
        52,
        "2026-01-06T18:00:00-05:00",
        "2026-12-29T18:00:00-05:00",
    )
    response = client.get(f"{OCCURRENCES}?start=2026-01-01&end=2027-01-02")
    assert response.status_code == 400


def test_occurrences_empty_parameters_are_left_out(client, wrap_group):
    today = timezone.localdate()
    assert (
        client.get(f"{OCCURRENCES}?start=&end=&region=").json()
        == client.get(f"{OCCURRENCES}?start={today}").json()
    )


@pytest.mark.parametrize("count", [1, 3])
def test_occurrences_query_count_does_not_grow_with_groups(
    client, django_assert_num_queries, count
):
    region = RegionFactory(slug="metro-boston")
    for _ in range(count):
        group = GroupFactory(region=region)
        sessions.session_cancel(group=group, original_date=dt.date(2026, 3, 3))
    # the network's version, the groups' versions, the groups with region and venue, their
    # changes
    with django_assert_num_queries(4):
        found = occurrences(client, "start=2026-03-01&end=2026-03-14")
    assert len(found) == 2 * count
    # the region asked for with its version, the groups' versions: each group's sessions of
    # the window are kept (publishing/api_occurrences.py), so they are not read again
    with django_assert_num_queries(2):
        found = occurrences(client, "start=2026-03-01&end=2026-03-14&region=metro-boston")
    assert len(found) == 2 * count
    # Asked again: the answer is kept under the version, so the groups are not read.
    with django_assert_num_queries(1):
        again = occurrences(client, "start=2026-03-01&end=2026-03-14&region=metro-boston")
    assert again == found


def test_a_change_expands_only_the_changed_group_and_the_answer_is_the_same_bytes(
    client, django_assert_num_queries
):
    """Each group's sessions are kept as JSON under its own version: after one group's change,
    the answer reads that group alone, and is byte for byte the answer built from nothing."""
    region = RegionFactory(slug="metro-boston")
    evening = GroupFactory(region=region, title="Evening Circle", start_time=dt.time(18, 0))
    GroupFactory(region=region, title="Morning Circle", start_time=dt.time(10, 0))
    GroupFactory(region=region, title="Another Evening", start_time=dt.time(18, 0))
    url = f"{OCCURRENCES}?start=2026-03-01&end=2026-03-14&region=metro-boston"
    client.get(url)
    sessions.session_cancel(group=evening, original_date=dt.date(2026, 3, 3), public_note="Snow")

    with CaptureQueriesContext(connection) as queries:
        after = client.get(url)

    read = [q["sql"] for q in queries.captured_queries if '"groups_sessionchange"' in q["sql"]]
    assert len(read) == 1
    assert f"IN ({evening.pk})" in read[0]
    items = after.json()["occurrences"]
    assert [(item["title"], item["start"][:16], item["status"]) for item in items[:3]] == [
        ("Morning Circle", "2026-03-03T10:00", "confirmed"),
        ("Another Evening", "2026-03-03T18:00", "confirmed"),
        ("Evening Circle", "2026-03-03T18:00", "cancelled"),
    ]
    clear_caches()
    assert client.get(url).content == after.content


def test_while_another_builds_the_new_answer_the_one_before_is_given_with_its_own_etag(
    client, monkeypatch
):
    """A request that comes while another builds the answer's new version gets the version
    before, with that version's ETag (so a client never keeps old bytes under the new ETag);
    the next request after the build gets the new one."""
    region = RegionFactory(slug="metro-boston")
    group = GroupFactory(region=region)
    url = f"{OCCURRENCES}?start=2026-03-01&end=2026-03-14&region=metro-boston"
    first = client.get(url)
    sessions.session_cancel(group=group, original_date=dt.date(2026, 3, 3))
    monkeypatch.setattr(cache, "claim_build", lambda key: False)  # another's build, going on

    during = client.get(url)
    unchanged = client.get(url, headers={"if-none-match": first["ETag"]})

    assert (during.status_code, during["ETag"], during.content) == (
        200,
        first["ETag"],
        first.content,
    )
    assert unchanged.status_code == 304
    monkeypatch.undo()  # the build is done
    after = client.get(url)
    assert after["ETag"] != first["ETag"]
    assert [item["status"] for item in after.json()["occurrences"]] == ["cancelled", "confirmed"]
    again = client.get(url, headers={"if-none-match": after["ETag"]})
    assert again.status_code == 304


def test_an_occurrences_answer_follows_a_change_at_once(client):
    region = RegionFactory(slug="metro-boston")
    group = GroupFactory(region=region)
    query = "start=2026-03-01&end=2026-03-14&region=metro-boston"
    before = client.get(f"/api/v1/occurrences.json?{query}")
    assert [item["status"] for item in before.json()["occurrences"]] == ["confirmed"] * 2
    sessions.session_cancel(group=group, original_date=dt.date(2026, 3, 3))
    after = client.get(f"/api/v1/occurrences.json?{query}")
    assert [item["status"] for item in after.json()["occurrences"]] == ["cancelled", "confirmed"]
    assert (after["Content-Type"], after["Access-Control-Allow-Origin"]) == (
        before["Content-Type"],
        "*",
    )
    whole = client.get("/api/v1/occurrences.json?start=2026-03-01&end=2026-03-14")
    assert whole.json() == after.json()


@pytest.mark.parametrize("count", [1, 3])
def test_groups_query_count_does_not_grow_with_groups(client, django_assert_num_queries, count):
    region = RegionFactory(slug="metro-boston")
    english = Language.objects.get(code="en")
    ramp = AccessFeature.objects.get(slug="wheelchair")
    for _ in range(count):
        group = GroupFactory(region=region)
        group.languages.add(english)
        group.access_features.add(ramp)
        sessions.session_cancel(group=group, original_date=dt.date(2026, 3, 3))
    # the network's version, the groups' versions, the groups with region and venue, their
    # languages, their features
    with django_assert_num_queries(5):
        found = groups(client)
    assert len(found) == count
    # the region asked for with its version, the groups' versions: each group's item is kept
    # (publishing/api_groups.py), so the groups are not read again
    with django_assert_num_queries(2):
        found = groups(client, "region=metro-boston")
    assert len(found) == count
    # Asked again: the answer is kept under the version, so the groups are not read.
    with django_assert_num_queries(1):
        assert len(groups(client)) == count
    with django_assert_num_queries(1):
        again = groups(client, "region=metro-boston")
    assert again == found


def test_a_change_writes_only_the_changed_groups_item_and_the_list_is_the_same_bytes(client):
    """Each group's item is kept as JSON under the group's own version: after one group's
    change, the list reads that group alone (its languages and features too), and is byte for
    byte the list built from nothing, in order of title then slug."""
    region = RegionFactory(slug="metro-boston")
    english = Language.objects.get(code="en")
    evening = GroupFactory(region=region, title="Evening Circle", slug="evening")
    GroupFactory(region=region, title="Morning Circle", slug="morning")
    GroupFactory(region=region, title="Evening Circle", slug="another-evening")
    client.get(GROUPS)
    evening.languages.add(english)
    evening.title = "Circle at Night"
    evening.save()

    with CaptureQueriesContext(connection) as queries:
        after = client.get(GROUPS)

    read = [q["sql"] for q in queries.captured_queries if '"groups_group_languages"' in q["sql"]]
    assert len(read) == 1
    assert f"IN ({evening.pk})" in read[0]
    assert [(item["slug"], item["languages"]) for item in after.json()["groups"]] == [
        ("evening", ["en"]),
        ("another-evening", []),
        ("morning", []),
    ]
    # Joined from kept items, the bytes are what the API writes for the whole answer.
    whole = GroupsOut.model_validate(after.json()).model_dump()
    assert api.renderer.render(None, whole, response_status=200).encode() == after.content
    clear_caches()
    assert client.get(GROUPS).content == after.content


def test_a_groups_answer_is_kept_under_its_version_with_a_strong_etag(client):
    region = RegionFactory(slug="metro-boston")
    group = GroupFactory(region=region, title="Hearing Voices")
    first = client.get(GROUPS)
    etag = first["ETag"]
    assert (etag.startswith('"'), etag.endswith('"'), first["Cache-Control"]) == (
        True,
        True,
        "public, max-age=60",
    )
    unchanged = client.get(GROUPS, headers={"if-none-match": etag})
    assert (unchanged.status_code, unchanged.content, unchanged["ETag"]) == (304, b"", etag)
    assert (unchanged["Cache-Control"], unchanged["Access-Control-Allow-Origin"]) == (
        "public, max-age=60",
        "*",
    )
    # Another region's answer, and the network's after a change, have other ETags.
    other = client.get(f"{GROUPS}?region=metro-boston")
    assert other["ETag"] != etag
    group.title = "Hearing Voices Together"
    group.save()
    after = client.get(GROUPS, headers={"if-none-match": etag})
    assert after.status_code == 200
    assert after["ETag"] != etag
    assert [item["title"] for item in after.json()["groups"]] == ["Hearing Voices Together"]


def test_an_occurrences_answer_has_a_strong_etag_of_its_window(client):
    RegionFactory(slug="metro-boston")
    march = client.get(f"{OCCURRENCES}?start=2026-03-01&end=2026-03-14")
    april = client.get(f"{OCCURRENCES}?start=2026-04-01&end=2026-04-14")
    assert march["ETag"] != april["ETag"]
    again = client.get(
        f"{OCCURRENCES}?start=2026-03-01&end=2026-03-14", headers={"if-none-match": march["ETag"]}
    )
    assert (again.status_code, again["Cache-Control"]) == (304, "public, max-age=60")


def test_openapi_documents_both_endpoints_and_the_400(client):
    response = client.get("/api/v1/openapi.json")
    assert (response.status_code, response["Access-Control-Allow-Origin"]) == (200, "*")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert sorted(schema["paths"]) == ["/api/v1/groups.json", "/api/v1/occurrences.json"]
    operation = schema["paths"]["/api/v1/occurrences.json"]["get"]
    assert sorted(operation["responses"]) == ["200", "400", "429", "503"]
    assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }
    assert [p["name"] for p in operation["parameters"]] == ["start", "end", "region"]
    listing = schema["paths"]["/api/v1/groups.json"]["get"]
    assert sorted(listing["responses"]) == ["200", "400", "429", "503"]
    assert listing["responses"]["503"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/BeingPreparedOut"
    }
    components = schema["components"]["schemas"]
    assert sorted(components["ErrorOut"]["properties"]) == ["error", "parameter"]
    assert sorted(components["BeingPreparedOut"]["properties"]) == ["error", "retry_after"]


def test_openapi_documents_every_field_the_api_gives(client, wrap_group):
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    [occurrence] = occurrences(client, "start=2026-01-06&end=2026-01-06")
    [group] = groups(client)
    assert sorted(components["OccurrenceOut"]["properties"]) == sorted(occurrence)
    assert sorted(components["GroupOut"]["properties"]) == sorted(group)
