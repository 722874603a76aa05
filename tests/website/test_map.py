"""The calendar's map (website/calendar_map.py): its places, privacy first, the tiles setting and
the page's Content-Security-Policy, and the page without JavaScript unchanged."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from groups.selectors import public_groups
from regions.models import Venue
from tests.factories import GroupFactory, VenueFactory, weekly
from website.calendar_days import days_of_dated, sessions_on_dates, window_for
from website.nearby import town_centre

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)
URL = "/calendar/?date=2026-03-02"
DATA = re.compile(
    r'<script id="(calendar-map-[a-z]+)" type="application/json">(.*?)</script>', re.S
)


def tuesday_group(**fields):
    return GroupFactory(start_date=dt.date(2026, 1, 6), recurrences=weekly(1), **fields)


def map_data(response) -> dict:
    """Every json_script element of the map, by id: what the page gives the map's script."""
    return {name: json.loads(text) for name, text in DATA.findall(response.content.decode())}


def everything_in(data) -> str:
    return json.dumps(data, ensure_ascii=False)


# Privacy first ---------------------------------------------------------------------------------


def test_the_map_data_never_hold_a_private_address_nor_a_private_group(client):
    shelter = VenueFactory(
        name="Harbor House Shelter",
        kind=Venue.Kind.SHELTER,
        address="12 Hidden Lane",
        town="Worcester",
        latitude=Decimal("42.300123"),
        longitude=Decimal("-71.900456"),
        address_is_public=False,
    )
    ward = VenueFactory(
        name="Ward 3 Day Room",
        kind=Venue.Kind.STATE_HOSPITAL,
        town="Nowhere Town",  # not in the ZIP table: not on the map at all
        latitude=Decimal("42.111111"),
        longitude=Decimal("-71.222222"),
        address_is_public=False,
    )
    library = VenueFactory(
        name="Public Library",
        town="Lowell",
        latitude=Decimal("42.644444"),
        longitude=Decimal("-71.316666"),
    )
    tuesday_group(title="Inpatient Circle", is_public=False, venue=library, region=library.region)
    checkin = tuesday_group(title="Shelter Check-in", venue=shelter, region=shelter.region)
    tuesday_group(title="Ward Talk", venue=ward, region=ward.region)
    circle = tuesday_group(title="Library Circle", venue=library, region=library.region)

    response = client.get(URL)

    assert response.status_code == 200
    data = map_data(response)
    text = everything_in(data)
    secrets = ("42.3001", "-71.9004", "42.1111", "-71.2222", "Hidden Lane", "Harbor House")
    for secret in (*secrets, "Ward 3", "Inpatient Circle"):
        assert secret not in text
    centre = town_centre("Worcester")
    assert data["calendar-map-places"] == [
        {
            "lat": 42.64444,
            "lng": -71.31667,
            "title": "Public Library",
            "where": "1 Main Street, Lowell",
            "href": f"/venues/{library.slug}/",
            "groups": [{"name": "Library Circle", "href": f"/groups/{circle.slug}/"}],
        },
        {
            "lat": centre.latitude,
            "lng": centre.longitude,
            "title": "Worcester",
            "where": "",
            "href": None,
            "groups": [{"name": "Shelter Check-in", "href": f"/groups/{checkin.slug}/"}],
        },
    ]


def test_private_venues_of_one_town_share_its_marker_named_by_the_town(client):
    first = VenueFactory(name="Shelter A", town="Lowell", address_is_public=False)
    second = VenueFactory(name="Shelter B", town="lowell", address_is_public=False)
    tuesday_group(title="B group", venue=second, region=second.region)
    tuesday_group(title="A group", venue=first, region=first.region)

    [marker] = map_data(client.get(URL))["calendar-map-places"]

    centre = town_centre("Lowell")
    assert (marker["lat"], marker["lng"], marker["title"], marker["href"]) == (
        centre.latitude,
        centre.longitude,
        "Lowell",
        None,
    )
    assert [group["name"] for group in marker["groups"]] == ["A group", "B group"]


def test_online_groups_and_places_without_a_known_spot_are_not_on_the_map(client):
    online = VenueFactory(kind=Venue.Kind.ONLINE, town="", address="", join_details="Zoom")
    tuesday_group(title="Online Circle", venue=online, region=online.region)
    tuesday_group(title="Nowhere Circle", venue__town="Atlantis")

    response = client.get(URL)

    assert response.context["session_count"] == 2
    assert "calendar-map-places" not in map_data(response)
    assert 'id="calendar-map"' not in response.content.decode()


def test_one_marker_per_venue_with_each_group_once(client):
    venue = VenueFactory(latitude=Decimal("42.2"), longitude=Decimal("-71.8"), town="Worcester")
    weekly_twice = GroupFactory(
        title="Twice a week", venue=venue, region=venue.region, recurrences=weekly(1, 3)
    )
    tuesday_group(title="Another", venue=venue, region=venue.region)

    [marker] = map_data(client.get(URL))["calendar-map-places"]

    assert marker["groups"] == [
        {"name": "Another", "href": marker["groups"][0]["href"]},
        {"name": "Twice a week", "href": f"/groups/{weekly_twice.slug}/"},
    ]


def test_the_map_links_in_the_language_of_the_page(client):
    venue = VenueFactory(latitude=Decimal("42.2"), longitude=Decimal("-71.8"))
    group = tuesday_group(venue=venue, region=venue.region)

    data = map_data(client.get("/es" + URL))

    [marker] = data["calendar-map-places"]
    assert (marker["href"], marker["groups"][0]["href"]) == (
        f"/es/venues/{venue.slug}/",
        f"/es/groups/{group.slug}/",
    )
    with translation.override("es"):
        assert data["calendar-map-config"]["words"]["map"] == translation.gettext(
            "Map of the sessions shown"
        )
    assert data["calendar-map-config"]["words"]["map"] != "Map of the sessions shown"


# Tiles and the page's policy ---------------------------------------------------------------------


def img_sources(response) -> list[str]:
    policy = dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )
    return sorted(policy["img-src"].split())


def test_the_tiles_come_from_the_setting_and_the_policy_allows_their_host(client, settings):
    settings.MAP_TILES_URL = "https://tiles.example.net/osm/{z}/{x}/{y}.png"
    settings.MAP_TILES_ATTRIBUTION = 'Tiles <a href="https://example.net/">Example</a>'
    venue = VenueFactory(latitude=Decimal("42.2"), longitude=Decimal("-71.8"))
    tuesday_group(venue=venue, region=venue.region)

    response = client.get(URL)

    config = map_data(response)["calendar-map-config"]
    assert (config["tiles"], config["attribution"]) == (
        "https://tiles.example.net/osm/{z}/{x}/{y}.png",
        'Tiles <a href="https://example.net/">Example</a>',
    )
    assert img_sources(response) == ["'self'", "data:", "https://tiles.example.net"]


def test_the_default_tiles_are_openstreetmaps_with_its_credit(client):
    response = client.get(URL)

    config = map_data(response)["calendar-map-config"]
    assert config["tiles"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert 'href="https://www.openstreetmap.org/copyright"' in config["attribution"]
    assert img_sources(response) == ["'self'", "data:", "https://tile.openstreetmap.org"]


def test_other_pages_keep_images_to_the_site_alone(client):
    response = client.get("/regions/")
    assert img_sources(response) == ["'self'"]


def test_the_page_has_no_inline_script_and_the_map_waits_hidden(client):
    venue = VenueFactory(latitude=Decimal("42.2"), longitude=Decimal("-71.8"))
    tuesday_group(venue=venue, region=venue.region)

    page = client.get(URL).content.decode()

    scripts = re.findall(r"<script([^>]*)>", page)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert '<section class="calendar-map no-print" id="calendar-map"' in page
    assert re.search(r'id="calendar-map" aria-labelledby="calendar-map-heading" hidden>', page)
    assert 'href="#after-map"' in page
    assert 'id="after-map"' in page
    assert "/static/vendor/leaflet/leaflet.js" in page
    assert "/static/js/calendar-map.js" in page


def test_without_javascript_the_list_is_the_same_as_before_the_map(client):
    """The page's sessions part is the list the calendar always rendered, map or not."""
    venue = VenueFactory(latitude=Decimal("42.2"), longitude=Decimal("-71.8"))
    tuesday_group(title="Tuesday Circle", venue=venue, region=venue.region)
    window = window_for("list", MONDAY)
    sessions = sessions_on_dates(public_groups(), window.first, window.last)
    rendered = [
        (s.occurrence.start.date(), render_to_string("website/_session.html", {"session": s}))
        for s in sessions
    ]
    days = days_of_dated(rendered, window.dates, keep_empty=False)
    expected = render_to_string("website/_calendar_list.html", {"days": days})

    response = client.get(URL)

    page = response.content.decode()
    assert str(response.context["sessions_html"]) == expected
    assert "Tuesday Circle" in expected
    assert expected in page
    # The map comes before the list, hidden until drawn.
    assert page.index('id="calendar-map"') < page.index(expected)


def test_the_region_page_maps_its_coming_weeks_with_the_same_privacy(client, page_clock):
    shelter = VenueFactory(
        town="Lowell",
        latitude=Decimal("42.600001"),
        longitude=Decimal("-71.300002"),
        address_is_public=False,
    )
    region = shelter.region
    library = VenueFactory(region=region, latitude=Decimal("42.2"), longitude=Decimal("-71.8"))
    GroupFactory(title="Shelter Talk", venue=shelter, region=region)
    GroupFactory(title="Library Talk", venue=library, region=region)
    GroupFactory(title="Ward Only", venue=library, region=region, is_public=False)

    response = client.get(f"/regions/{region.slug}/")

    places = map_data(response)["calendar-map-places"]
    assert [(place["title"], [g["name"] for g in place["groups"]]) for place in places] == [
        ("Lowell", ["Shelter Talk"]),
        (library.name, ["Library Talk"]),
    ]
    assert "42.6000" not in everything_in(places)
    assert img_sources(response) == ["'self'", "data:", "https://tile.openstreetmap.org"]
