"""A facilitator's first minute in Chromium, on a wide screen and on a phone: signing in through
the real form lands on /me/, with what needs doing first ("To record") and "Your sessions" in the
header; a coordinator who facilitates lands on the console and finds a link to their sessions.

The two regions of tests/two_regions.py, on the fixed clock of tests/page_clock.py (the live
server runs in this process, so it keeps the same time): the lead of Metro Boston's Hearing
Voices group has its last two sessions to record, and a colleague asks for cover of a session
the lead could take.
"""

import re

import pytest

from groups.covers import substitute_request_open
from groups.services import group_facilitator_add
from tests.browser.conftest import axe_violations
from tests.factories import FacilitatorFactory
from tests.two_regions import TUESDAY

# The live server reads committed data.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "peerhub-test"  # tests.factories.UserFactory's
WIDTHS = [1280, 390]


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def screen(request, browser):
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page, width
    context.close()


def sign_in(page, live_server, email):
    """The sign-in page, as reached from the header's "Sign in", with no ?next=."""
    page.goto(f"{live_server.url}/")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def header_link(page, name):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def test_a_facilitator_signs_in_and_lands_on_what_needs_doing(
    live_server, east, screen, axe_source
):
    page, width = screen
    group_facilitator_add(group=east.private_group, facilitator=east.spare, notify=False)
    substitute_request_open(group=east.private_group, original_date=TUESDAY, facilitator=east.spare)
    sign_in(page, live_server, east.lead.user.email)
    assert page.url == f"{live_server.url}/me/"
    assert header_link(page, "Your sessions").is_visible()
    headings = page.locator("main h2").all_inner_texts()
    assert headings[:3] == ["Sessions to record", "Cover requests", "Coming sessions"]
    on_this_page = page.get_by_role("navigation", name="On this page").get_by_role("link")
    assert on_this_page.first.inner_text() == "To record"
    assert page.get_by_role(
        "link", name="Metro Boston Hearing Voices, Tuesday 24 February"
    ).is_visible()
    # (Chromium puts a space before the visually hidden part of the name.)
    take = re.compile(r"^I'll take it ?: Metro Boston Inpatient Group, Tuesday 3 March$")
    assert page.get_by_role("button", name=take).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page, axe_source) == []
    # From anywhere, the header leads back.
    page.goto(f"{live_server.url}/calendar/")
    with page.expect_navigation():
        header_link(page, "Your sessions").click()
    assert page.url == f"{live_server.url}/me/"


def test_a_coordinator_who_facilitates_lands_on_the_console_with_a_link_to_their_sessions(
    live_server, east, screen
):
    page, _ = screen
    FacilitatorFactory(user=east.coordinator, display_name="Coco C.").regions.set([east.region])
    sign_in(page, live_server, east.coordinator.email)
    assert page.url == f"{live_server.url}/manage/"
    assert header_link(page, "Your sessions").is_visible()
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name="Your own sessions").click()
    assert page.url == f"{live_server.url}/me/"
    assert page.get_by_role("heading", level=1).inner_text() == "Your sessions, Coco C."
