"""The public region (RLC) and venue pages."""

import datetime as dt
from html import unescape

import pytest

from groups import sessions
from groups.models import Group
from regions.models import Venue
from tests.factories import (
    FacilitatorFactory,
    GroupFacilitatorFactory,
    GroupFactory,
    RegionFactory,
    UserFactory,
    VenueFactory,
)
from tests.page_clock import SITE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_clock")]


@pytest.fixture
def world():
    """Two regions, with everything that could leak built before any page is fetched."""
    central = RegionFactory(
        name="Central RLC",
        slug="central",
        description="Peer-run, free, and open to you as you are.",
        phone="508-555-0100",
        email="hello@central.example.org",
        website="https://central.example.org",
    )
    western = RegionFactory(name="Western RLC", slug="western")
    hospital = VenueFactory(
        region=central,
        slug="hospital",
        name="State Hospital",
        kind=Venue.Kind.STATE_HOSPITAL,
        address="100 Secret Road, Unit B",
        town="Westborough",
        address_is_public=False,
    )
    shelter = VenueFactory(
        region=central,
        slug="shelter",
        name="Harbor Shelter",
        kind=Venue.Kind.SHELTER,
        address="12 Hidden Lane",
        town="Worcester",
        address_is_public=False,
        latitude="42.262593",
        longitude="-71.802293",
        accessibility_notes="Step-free entrance at the side door.",
    )
    online = VenueFactory(
        region=central,
        slug="online",
        name="Central Online Room",
        kind=Venue.Kind.ONLINE,
        address="",
        town="",
        join_details="https://meet.example.org/secret-room",
    )
    library = VenueFactory(
        region=central,
        slug="library",
        name="Main Library",
        address="1 Main Street",
        town="Worcester",
        latitude="42.263000",
        longitude="-71.800000",
    )
    VenueFactory(region=central, slug="closed-hall", name="Closed Hall", is_active=False)
    hidden = GroupFactory(
        region=central,
        venue=hospital,
        slug="inpatient-circle",
        title="Inpatient Circle",
        is_public=False,
        audience=Group.Audience.HOSPITAL_PATIENTS,
    )
    GroupFactory(
        region=central, venue=shelter, slug="paused", title="Paused Circle", status="paused"
    )
    wrap = GroupFactory(region=central, venue=library, slug="wrap", title="WRAP Group")
    shelter_group = GroupFactory(
        region=central, venue=shelter, slug="shelter-group", title="Shelter Peer Circle"
    )
    online_group = GroupFactory(
        region=central, venue=online, slug="online-group", title="Online Peer Support"
    )
    GroupFactory(region=western, slug="western-group", title="Western Group")
    maria = FacilitatorFactory(
        user=UserFactory(email="maria.private@example.org"),
        display_name="Maria S.",
        private_phone="508-555-0199",
    )
    for group in (hidden, wrap, shelter_group, online_group):
        GroupFacilitatorFactory(group=group, facilitator=maria)
    sessions.session_cancel(
        group=shelter_group,
        original_date=dt.date(2026, 3, 10),
        public_note="Closed for a staff day",
        private_note="Private: staff shortage",
    )
    return {"central": central, "western": western, "wrap": wrap, "shelter_group": shelter_group}


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


SECRETS = [
    "Inpatient Circle",
    "Paused Circle",
    "Secret Road",
    "Hidden Lane",
    "42.262593",
    "secret-room",
    "508-555-0199",
    "maria.private@example.org",
    "Private:",
    "Closed Hall",
]


@pytest.mark.parametrize(
    "url",
    [
        "/regions/central/",
        "/regions/western/",
        "/venues/hospital/",
        "/venues/shelter/",
        "/venues/online/",
        "/venues/library/",
    ],
)
def test_region_and_venue_pages_never_show_private_data(client, world, url):
    text = unescape(html_of(client.get(url)))
    assert [secret for secret in SECRETS if secret in text] == []


# Region page ----------------------------------------------------------------------------------


def test_region_page_shows_the_rlc_and_how_to_reach_it(client, world):
    html = html_of(client.get("/regions/central/"))
    assert "<title>Central RLC: free peer support groups | PeerHub</title>" in html
    assert "<h1>Central RLC</h1>" in html
    assert "Peer-run, free, and open to you as you are." in html
    assert '<a href="tel:508-555-0100">508-555-0100</a>' in html
    assert '<a href="mailto:hello@central.example.org">hello@central.example.org</a>' in html
    assert '<a href="https://central.example.org">Central RLC website</a>' in html


def test_region_page_lists_the_next_four_weeks_by_day(client, world):
    response = client.get("/regions/central/")
    days = [
        (day, [(s.group.slug, s.occurrence.status) for s in sessions])
        for day, sessions in response.context["days"]
    ]
    week = ["online-group", "shelter-group", "wrap"]
    assert days == [
        (dt.date(2026, 3, 3), [(slug, "confirmed") for slug in week]),
        (
            dt.date(2026, 3, 10),
            [("online-group", "confirmed"), ("shelter-group", "cancelled"), ("wrap", "confirmed")],
        ),
        (dt.date(2026, 3, 17), [(slug, "confirmed") for slug in week]),
        (dt.date(2026, 3, 24), [(slug, "confirmed") for slug in week]),
    ]
    html = html_of(response)
    assert '<h2 class="day__heading" id="day-2026-03-03">Tuesday 3 March</h2>' in html
    assert "Closed for a staff day" in html
    assert '<strong class="badge badge--cancelled">Cancelled</strong>' in html


def test_region_page_lists_its_groups_venues_and_calendar(client, world):
    response = client.get("/regions/central/")
    assert [(group.slug, words) for group, words in response.context["groups"]] == [
        ("online-group", "Every Tuesday, 6:00 to 7:30 pm"),
        ("shelter-group", "Every Tuesday, 6:00 to 7:30 pm"),
        ("wrap", "Every Tuesday, 6:00 to 7:30 pm"),
    ]
    assert [venue.slug for venue in response.context["venues"]] == [
        "online",
        "hospital",
        "shelter",
        "library",
    ]
    html = html_of(response)
    assert (
        '<li><a href="/venues/shelter/">Harbor Shelter</a><br>'
        '<span class="muted">Worcester · Shelter</span></li>'
    ) in html
    assert '<a href="/calendar/?region=central">See the full calendar for Central RLC</a>' in html


def test_region_page_subscribe_block(client, world):
    html = html_of(client.get("/regions/central/"))
    assert f'value="{SITE}/regions/central/calendar.ics"' in html
    assert 'href="webcal://peerhub.example.org/regions/central/calendar.ics"' in html
    assert '<label for="feed-url">Calendar address for Central RLC</label>' in html


def test_region_page_invites_peers_to_facilitate_near_the_top(client, world):
    html = html_of(client.get("/regions/central/"))
    invitation = (
        '<section class="invitation" aria-labelledby="invitation">\n'
        '  <h2 id="invitation">Become a peer facilitator</h2>\n'
    )
    assert invitation in html
    assert '<a href="/become-a-facilitator/">Find out how to become a peer facilitator</a>' in html
    assert html.index(invitation) < html.index('<h2 id="coming-up">')


def test_region_page_empty_state(client):
    RegionFactory(name="Quiet RLC", slug="quiet")
    response = client.get("/regions/quiet/")
    html = html_of(response)
    assert response.context["days"] == []
    assert "Nothing is scheduled in the next 4 weeks yet. Quiet RLC can tell you" in html
    assert "No groups are listed yet." in html


@pytest.mark.parametrize("count", [1, 3])
def test_region_page_query_count_is_fixed(client, django_assert_num_queries, count):
    region = RegionFactory(slug="counted")
    for _ in range(count):
        group = GroupFactory(region=region)
        sessions.session_cancel(group=group, original_date=dt.date(2026, 3, 3))
    # the region, its groups with their venues, their changes, its venues
    with django_assert_num_queries(4):
        response = client.get("/regions/counted/")
    assert len(response.context["groups"]) == count


# Venue page -----------------------------------------------------------------------------------


def test_venue_page_with_a_public_address(client, world):
    response = client.get("/venues/library/")
    html = html_of(response)
    assert "<title>Main Library, Worcester: peer support groups | PeerHub</title>" in html
    assert '<p class="lede">Library · Central RLC</p>' in html
    assert "<p>1 Main Street, Worcester</p>" in html
    assert (
        '<a href="https://www.openstreetmap.org/?mlat=42.263000&amp;mlon=-71.800000'
        '#map=17/42.263000/-71.800000">See it on OpenStreetMap</a>'
    ) in html
    assert [(group.slug, words) for group, words in response.context["groups"]] == [
        ("wrap", "Every Tuesday, 6:00 to 7:30 pm")
    ]
    assert [s.occurrence.original_date for s in response.context["sessions"]] == [
        dt.date(2026, 3, 3),
        dt.date(2026, 3, 10),
        dt.date(2026, 3, 17),
        dt.date(2026, 3, 24),
    ]


def test_venue_page_with_a_private_address_gives_the_town_only(client, world):
    response = client.get("/venues/shelter/")
    html = html_of(response)
    assert "<p>Worcester</p>" in html
    assert "The address is shared when you contact Central RLC." in html
    assert "Step-free entrance at the side door." in html
    assert "openstreetmap" not in html
    assert response.context["map_url"] == ""


def test_venue_page_online(client, world):
    html = html_of(client.get("/venues/online/"))
    assert "<title>Central Online Room, online: peer support groups | PeerHub</title>" in html
    assert "Online — Central RLC will send you the link." in html


def test_venue_page_without_public_groups_says_so(client, world):
    response = client.get("/venues/hospital/")
    html = html_of(response)
    assert response.context["groups"] == []
    assert "No public groups meet here at the moment." in html


def test_venue_page_subscribe_block(client, world):
    html = html_of(client.get("/venues/library/"))
    assert f'value="{SITE}/venues/library/calendar.ics"' in html
    assert 'href="webcal://peerhub.example.org/venues/library/calendar.ics"' in html


@pytest.mark.parametrize("url", ["/venues/closed-hall/", "/venues/nowhere/", "/regions/nowhere/"])
def test_inactive_or_unknown_venue_or_region_is_a_friendly_404(client, world, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "We couldn't find that page." in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_venue_page_query_count_is_fixed(client, django_assert_num_queries, count):
    venue = VenueFactory(slug="counted")
    for _ in range(count):
        group = GroupFactory(region=venue.region, venue=venue)
        sessions.session_cancel(group=group, original_date=dt.date(2026, 3, 3))
    # the venue with its region, its groups, their changes
    with django_assert_num_queries(3):
        response = client.get("/venues/counted/")
    assert len(response.context["groups"]) == count
