"""Public pages pass axe-core (WCAG 2.1 AA) in Chromium, with the demo network loaded."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_violations

# The live server reads committed data, so these tests commit; serialized_rollback puts back the
# rows the data migrations made (access features, languages) after each flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo():
    call_command("seed_demo", "--force", verbosity=0)


PAGES = ["/"]


@pytest.mark.parametrize("path", PAGES)
def test_public_page_has_no_axe_violations(live_server, demo, page, axe_source, path):
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    assert axe_violations(page, axe_source) == []


def test_public_page_works_on_a_phone_and_by_keyboard(live_server, demo, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    # The page fits the phone's width: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    context.close()


def test_axe_harness_reports_violations(page, axe_source):
    page.set_content("<html><body><main><img src='x.png'><a href='/'></a></main></body></html>")
    assert sorted({rule for rule, _ in axe_violations(page, axe_source)}) == [
        "document-title",
        "html-has-lang",
        "image-alt",
        "link-name",
    ]
