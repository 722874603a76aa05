"""Public pages pass axe-core (WCAG 2.1 AA) in Chromium, with the demo network loaded."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.utils import translation

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
    ("/groups/central-peer-support-101/", 200),  # with "Register" (docs/registration.md)
    ("/groups/central-peer-support-101/register/", 200),
    ("/regions/", 200),
    ("/regions/central/", 200),
    ("/venues/central-crossroads-shelter/", 200),
    ("/venues/central-online/", 200),
    ("/host-a-class/", 200),
    ("/host-a-class/thanks/?region=central", 200),
    ("/groups/no-such-group/", 404),
]
# The pages partners frame (website/embed.py): no site header, so no skip link or site menu to
# test; axe-core checks each like the pages above.
EMBED_PAGES = [
    ("/embed/regions/central/", 200),
    ("/embed/venues/central-crossroads-shelter/", 200),
    ("/embed/groups/central-hearing-voices-group/", 200),
]
# Each page in English, Spanish and Portuguese (the address's prefix, peerhub/languages.py).
PREFIXES = ["", "/es", "/pt-br"]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(("path", "status"), PAGES + EMBED_PAGES)
def test_public_page_has_no_axe_violations(
    live_server, demo, page, axe_source, path, status, prefix
):
    response = page.goto(f"{live_server.url}{prefix}{path}")
    assert response.status == status
    assert page.locator("html").get_attribute("lang") == (prefix[1:] or "en")
    assert axe_violations(page, axe_source) == []


# 390 px: a phone. 640 px: a 1280 px screen at 200% zoom.
# A phone in each language (the longer words of Spanish and Portuguese must fit too).
@pytest.mark.parametrize(("width", "prefix"), [(390, ""), (640, ""), (390, "/es"), (390, "/pt-br")])
@pytest.mark.parametrize(("path", "status"), PAGES)
def test_public_page_fits_narrow_screens_without_javascript(
    live_server, demo, browser, path, status, width, prefix
):
    context = browser.new_context(
        viewport={"width": width, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    assert page.goto(f"{live_server.url}{prefix}{path}").status == status
    # Nothing scrolls sideways, and the page has exactly one main heading.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("h1").count() == 1
    context.close()


@pytest.mark.parametrize(
    ("path", "status", "prefix"),
    [(path, status, "") for path, status in PAGES]
    + [("/", 200, "/es"), ("/calendar/", 200, "/pt-br")],
)
def test_keyboard_reaches_the_content_first_with_a_visible_focus(
    live_server, demo, page, path, status, prefix
):
    page.goto(f"{live_server.url}{prefix}{path}")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const el = document.activeElement; const style = getComputedStyle(el);"
        " return [el.textContent.trim(), style.outlineStyle, style.outlineWidth]; })()"
    )
    with translation.override(prefix[1:] or "en"):
        assert focused[0] == translation.gettext("Skip to main content")
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
