"""The calendar's map and "Use my location" in Chromium: markers drawn with tiles from a local
tile server, popups by mouse and keyboard, the list sorted from a granted (fake) position,
axe-core clean, and a phone's width fitted."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.browser.conftest import axe_violations
from tests.factories import GroupFactory, RegionFactory, VenueFactory, weekly

pytestmark = pytest.mark.django_db(transaction=True)

BOSTON = {"latitude": 42.3496, "longitude": -71.0781}


@pytest.fixture
def two_towns():
    """A group every day in Worcester and one in Boston, each at its own library."""
    region = RegionFactory(slug="central")
    groups = {}
    for title, town, latitude, longitude in (
        ("Worcester Circle", "Worcester", "42.2630", "-71.8020"),
        ("Boston Circle", "Boston", "42.3496", "-71.0781"),
    ):
        venue = VenueFactory(
            region=region,
            name=f"{town} Library",
            town=town,
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
        )
        groups[town] = GroupFactory(
            title=title,
            region=region,
            venue=venue,
            start_date=dt.date.today() - dt.timedelta(days=14),
            recurrences=weekly(0, 1, 2, 3, 4, 5, 6),
        )
    return groups


def open_calendar(page, live_server, query=""):
    response = page.goto(f"{live_server.url}/calendar/{query}")
    assert response.status == 200
    page.wait_for_selector("#calendar-map .leaflet-marker-icon")


def test_the_map_draws_a_marker_per_venue_with_local_tiles(
    live_server, two_towns, page, tile_server
):
    tile_server.requested.clear()
    open_calendar(page, live_server)

    assert page.locator("#calendar-map").is_visible()
    markers = page.locator("#calendar-map .leaflet-marker-icon")
    assert sorted(markers.evaluate_all("els => els.map(el => el.alt)")) == [
        "Boston Library",
        "Worcester Library",
    ]
    page.wait_for_function("document.querySelectorAll('.leaflet-tile-loaded').length > 0")
    assert tile_server.requested
    assert page.locator(".leaflet-control-attribution a").get_attribute("href") == (
        "https://www.openstreetmap.org/copyright"
    )

    page.locator('.leaflet-marker-icon[alt="Boston Library"]').click()
    popup = page.locator(".leaflet-popup-content")
    assert popup.locator("li a").all_text_contents() == ["Boston Circle"]
    assert popup.locator("li a").get_attribute("href") == f"/groups/{two_towns['Boston'].slug}/"


def test_the_map_is_labelled_skippable_and_works_from_the_keyboard(live_server, two_towns, page):
    open_calendar(page, live_server)

    canvas = page.locator("#calendar-map-canvas")
    assert (canvas.get_attribute("role"), canvas.get_attribute("aria-label")) == (
        "region",
        "Map of the sessions shown",
    )
    page.locator(".calendar-map__skip").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "after-map"

    marker = page.locator('.leaflet-marker-icon[alt="Worcester Library"]')
    marker.focus()
    page.keyboard.press("Enter")
    assert page.locator(".leaflet-popup-content li a").all_text_contents() == ["Worcester Circle"]


def test_use_my_location_sorts_the_list_nearest_first(live_server, two_towns, browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        geolocation=BOSTON,
        permissions=["geolocation"],
    )
    page = context.new_page()
    open_calendar(page, live_server)
    button = page.get_by_role("button", name="Use my location")
    assert button.is_visible()

    with page.expect_navigation():
        button.click()

    assert "near=42.35%2C-71.08" in page.url
    titles = page.locator(".near__list .session__title").all_text_contents()
    assert [title.strip() for title in titles[:2]] == ["Boston Circle", "Boston Circle"]
    assert [title.strip() for title in titles][-1] == "Worcester Circle"
    first = page.locator(".near__distance").first.text_content()
    assert first.endswith("miles") or first.endswith("mile")
    assert page.locator(".calendar__near").text_content() == "Nearest first, from your location."
    context.close()


def test_without_javascript_the_location_button_and_the_map_stay_hidden(
    live_server, two_towns, browser
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/calendar/?near=Boston")
    assert not page.locator("#calendar-map").is_visible()
    assert not page.get_by_role("button", name="Use my location").is_visible()
    titles = page.locator(".near__list .session__title").all_text_contents()
    assert titles[0].strip() == "Boston Circle"
    context.close()


def test_the_page_with_its_map_passes_axe(live_server, two_towns, page, axe_source):
    open_calendar(page, live_server)
    page.locator('.leaflet-marker-icon[alt="Boston Library"]').click()
    assert axe_violations(page, axe_source) == []


def test_the_map_fits_a_phone(live_server, two_towns, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    open_calendar(page, live_server, "?near=Worcester")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator("#calendar-map-canvas").bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    context.close()
