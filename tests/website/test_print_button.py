"""The "Print this schedule" button on the calendar (shown by js/print.js, hidden on paper), and on
the region and venue pages a link to their printable week and month (which works without
JavaScript: the calendar prints as a schedule for the wall with its own header)."""

import re

import pytest
from django.contrib.staticfiles import finders

from tests.factories import GroupFactory, RegionFactory, VenueFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_clock")]

BUTTON = (
    '<button type="button" class="button button--secondary print-button" data-print hidden>'
    "Print this schedule</button>"
)
SCRIPT = '<script src="/static/js/print.js" defer></script>'


@pytest.fixture
def central():
    region = RegionFactory(name="Central RLC", slug="central")
    venue = VenueFactory(region=region, slug="library", name="Main Library", town="Worcester")
    GroupFactory(region=region, venue=venue)
    return region


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize("view", ["list", "week", "month"])
def test_the_calendar_has_the_print_button_and_its_script(client, central, view):
    html = html_of(client.get(f"/calendar/?view={view}&region=central"))
    # Hidden until the script shows it: without JavaScript the browser's own Print still works.
    bar = re.search(r'<div class="calendar__bar no-print">(.*?)\n  </div>', html, re.S).group(1)
    assert BUTTON in bar
    assert html.count(SCRIPT) == 1


def test_a_calendar_address_with_a_problem_has_no_print_button(client, central):
    response = client.get("/calendar/?date=2026-02-30")
    assert response.status_code == 400
    assert "data-print" not in response.content.decode()


def test_the_print_script_exists_and_only_prints_on_a_click():
    path = finders.find("js/print.js")
    assert path is not None
    with open(path, encoding="utf-8") as script:
        source = script.read()
    assert "window.print()" in source
    assert '"[data-print]"' in source


def test_the_region_page_links_to_its_printable_week_and_month(client, central):
    html = html_of(client.get("/regions/central/"))
    assert (
        '<p class="print-links">Print a schedule to put up on a wall: '
        '<a href="/calendar/?view=week&amp;region=central">this week</a> or '
        '<a href="/calendar/?view=month&amp;region=central">this month</a></p>'
    ) in html


def test_the_venue_page_links_to_its_printable_week_and_month(client, central):
    html = html_of(client.get("/venues/library/"))
    assert (
        '<p class="print-links">Print a schedule to put up on a wall: '
        '<a href="/calendar/?view=week&amp;venue=library">this week</a> or '
        '<a href="/calendar/?view=month&amp;venue=library">this month</a></p>'
    ) in html


@pytest.mark.parametrize(
    "url", ["/calendar/?view=week&region=central", "/calendar/?view=month&venue=library"]
)
def test_the_printable_views_the_links_lead_to_have_a_print_header(client, central, url):
    html = html_of(client.get(url))
    assert '<div class="print-only print-header">' in html
    assert BUTTON in html
