"""The pages a visitor gets past a page's bound (website/calendar_parts.py) and over the limit
of new pages (website/calendar.py) pass axe-core, fit a phone without JavaScript and lead on.

The demo network is small, so the bound is lowered to make its pages crowded.
"""

import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_violations
from tests.browser.test_accessibility import ACCESS_AND_LANGUAGES
from website import calendar_parts

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def crowded(monkeypatch):
    """The demo network, with one group's week the most a page shows."""
    from django.apps import apps as django_apps

    ACCESS_AND_LANGUAGES.add(django_apps, None)
    call_command("seed_demo", "--force", verbosity=0)
    monkeypatch.setattr(calendar_parts, "PAGE_GROUP_DAYS", 7)


PAGES = [
    "/",  # "Coming up": each region instead
    "/calendar/",  # each region
    "/calendar/?view=month&region=central",  # one region: a narrower search, a week at a time
    "/calendar/?near=Worcester",  # the one group nearest Worcester
]


@pytest.mark.parametrize("prefix", ["", "/es"])
@pytest.mark.parametrize("path", PAGES)
def test_a_crowded_page_has_no_axe_violations(live_server, crowded, page, axe_source, path, prefix):
    assert page.goto(f"{live_server.url}{prefix}{path}").status == 200
    assert axe_violations(page, axe_source) == []


@pytest.mark.parametrize("path", PAGES)
def test_a_crowded_page_fits_a_phone_without_javascript(live_server, crowded, browser, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    assert page.goto(f"{live_server.url}{path}").status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("h1").count() == 1
    # What each says instead of every session.
    shown = {".crowded__regions": 0, ".crowded": 0, ".calendar__nearest": 0}
    shown |= {name: page.locator(name).count() for name in shown}
    assert shown == EXPECTED[path]
    context.close()


EXPECTED = {
    "/": {".crowded__regions": 1, ".crowded": 0, ".calendar__nearest": 0},
    "/calendar/": {".crowded__regions": 1, ".crowded": 1, ".calendar__nearest": 0},
    "/calendar/?view=month&region=central": {
        ".crowded__regions": 0,
        ".crowded": 1,
        ".calendar__nearest": 0,
    },
    "/calendar/?near=Worcester": {".crowded__regions": 0, ".crowded": 0, ".calendar__nearest": 1},
}


def test_a_region_offered_leads_to_its_sessions(live_server, crowded, page, monkeypatch):
    monkeypatch.setattr(calendar_parts, "PAGE_GROUP_DAYS", 20_000)
    page.goto(f"{live_server.url}/calendar/")
    assert page.locator(".crowded__regions").count() == 0  # within the bound again
    monkeypatch.setattr(calendar_parts, "PAGE_GROUP_DAYS", 7 * 15)
    page.goto(f"{live_server.url}/calendar/?date=2026-12-07")
    page.get_by_role("link", name="Central Mass RLC").click()
    assert "region=central" in page.url
    assert page.locator(".session").count() > 0


def test_the_page_over_the_limit_has_no_axe_violations(
    live_server, crowded, page, axe_source, settings
):
    settings.ACCOUNT_RATE_LIMITS = {"calendar_pages": "0/1m/key"}
    response = page.goto(f"{live_server.url}/calendar/?date=2026-12-14")
    assert (response.status, response.headers["retry-after"]) == (429, "60")
    assert axe_violations(page, axe_source) == []
    page.get_by_role("link", name="Back to the calendar").click()
    assert page.url.endswith("/calendar/")
