"""Public pages pass axe-core (WCAG 2.1 AA) in Chromium, with the demo network loaded."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from tests.browser.conftest import axe_violations

# The live server reads committed data, so these tests commit, and each ends in a flush of every
# table, the access features and languages of the data migration included.
pytestmark = pytest.mark.django_db(transaction=True)
ACCESS_AND_LANGUAGES = import_module("groups.migrations.0002_access_features_and_languages")


@pytest.fixture
def demo():
    ACCESS_AND_LANGUAGES.add(django_apps, None)  # put back what an earlier flush removed
    call_command("seed_demo", "--force", verbosity=0)


# Every kind of public page, from the demo network (stable slugs): with cancelled and moved
# sessions, a private-address venue, an online venue, filters, a bad request and a 404.
PAGES = [
    ("/", 200),
    ("/calendar/", 200),
    ("/calendar/?view=week", 200),
    ("/calendar/?view=month", 200),
    ("/calendar/?region=central&type=self_help&time=evening", 200),
    ("/calendar/?q=nothing-matches-this", 200),
    ("/calendar/?date=2026-02-30", 400),
    ("/groups/central-hearing-voices-group/", 200),
    ("/groups/metro-boston-lgbtq-peer-support/", 200),
    ("/regions/", 200),
    ("/regions/central/", 200),
    ("/venues/central-crossroads-shelter/", 200),
    ("/venues/central-online/", 200),
    ("/groups/no-such-group/", 404),
]


@pytest.mark.parametrize(("path", "status"), PAGES)
def test_public_page_has_no_axe_violations(live_server, demo, page, axe_source, path, status):
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == status
    assert axe_violations(page, axe_source) == []


# 390 px: a phone. 640 px: a 1280 px screen at 200% zoom.
@pytest.mark.parametrize("width", [390, 640])
@pytest.mark.parametrize(("path", "status"), PAGES)
def test_public_page_fits_narrow_screens_without_javascript(
    live_server, demo, browser, path, status, width
):
    context = browser.new_context(
        viewport={"width": width, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    assert page.goto(f"{live_server.url}{path}").status == status
    # Nothing scrolls sideways, and the page has exactly one main heading.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("h1").count() == 1
    context.close()


@pytest.mark.parametrize(("path", "status"), PAGES)
def test_keyboard_reaches_the_content_first_with_a_visible_focus(
    live_server, demo, page, path, status
):
    page.goto(f"{live_server.url}{path}")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const el = document.activeElement; const style = getComputedStyle(el);"
        " return [el.textContent.trim(), style.outlineStyle, style.outlineWidth]; })()"
    )
    assert focused[0] == "Skip to main content"
    assert (focused[1] != "none", focused[2] != "0px") == (True, True)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_axe_harness_reports_violations(page, axe_source):
    page.set_content("<html><body><main><img src='x.png'><a href='/'></a></main></body></html>")
    assert sorted({rule for rule, _ in axe_violations(page, axe_source)}) == [
        "document-title",
        "html-has-lang",
        "image-alt",
        "link-name",
    ]
