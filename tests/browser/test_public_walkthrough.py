"""The walkthrough's public stumbles, in Chromium: /regions/ ("Find your RLC") and the calendar's
"Print this schedule" button, at a desktop width and a phone's, with axe-core (WCAG 2.1 AA)."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)
ACCESS_AND_LANGUAGES = import_module("groups.migrations.0002_access_features_and_languages")
WIDTHS = [1280, 390]
CALENDAR = "/calendar/?view=week&region=central"
RECORD_PRINT = "window.__prints = 0; window.print = () => { window.__prints += 1; };"


@pytest.fixture
def demo():
    ACCESS_AND_LANGUAGES.add(django_apps, None)  # put back what an earlier flush removed
    call_command("seed_demo", "--force", verbosity=0)


@pytest.fixture
def open_page(browser, live_server):
    contexts = []

    def open_page(path, *, width, javascript=True):
        context = browser.new_context(
            viewport={"width": width, "height": 844}, java_script_enabled=javascript
        )
        contexts.append(context)
        page = context.new_page()
        if javascript:
            page.add_init_script(RECORD_PRINT)
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200
        return page

    yield open_page
    for context in contexts:
        context.close()


def fits(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_find_your_rlc_page(demo, open_page, axe_source, width):
    page = open_page("/", width=width)
    # A click that leads to another page waits for that page: page.url changes before the new
    # document exists, and reading the page in between finds no document (failed once in CI).
    with page.expect_navigation():
        page.get_by_role("link", name="Find your RLC").click()
    assert page.url.endswith("/regions/")
    assert page.locator("h1").inner_text() == "Find your RLC"
    assert page.locator("li.region-card").count() == 6
    central = page.locator("#rlc-central")
    assert "Worcester" in central.locator("dt:text('Towns') + dd").inner_text()
    subscribe = central.get_by_role("link", name="Add Central Mass RLC to my calendar app")
    assert subscribe.get_attribute("href").startswith("webcal://")
    assert axe_violations(page, axe_source) == []
    assert fits(page, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_print_this_schedule_button(demo, open_page, axe_source, width):
    page = open_page(CALENDAR, width=width)
    button = page.get_by_role("button", name="Print this schedule")
    assert button.is_visible()
    button.click()
    assert page.evaluate("window.__prints") == 1
    assert axe_violations(page, axe_source) == []
    assert fits(page, width)
    # On paper the button is not there, and the schedule's own header is.
    page.emulate_media(media="print")
    assert not button.is_visible()
    assert page.locator(".print-header").is_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_no_dead_button_and_the_region_page_links_to_its_print(
    demo, open_page, width
):
    page = open_page(CALENDAR, width=width, javascript=False)
    assert page.get_by_role("button", name="Print this schedule").count() == 0
    page = open_page("/regions/central/", width=width, javascript=False)
    links = page.locator(".print-links")
    assert links.is_visible()
    with page.expect_navigation():
        links.get_by_role("link", name="this week").click()
    assert page.url.endswith(CALENDAR)
    assert fits(page, width)
    page.emulate_media(media="print")
    assert page.locator(".print-header").is_visible()
