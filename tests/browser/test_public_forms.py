"""The public forms in Chromium: “How was this group?” and “Become a peer facilitator”.

axe-core (WCAG 2.1 AA) on each state a visitor can see (the form, the form with errors, the
thank-you), the forms sent with JavaScript off, and the application form on a phone (390 px)
and at 200% zoom (640 px) without sideways scrolling.
"""

import pytest

from facilitators.models import FacilitatorApplication
from groups.models import GroupFeedback
from tests.browser.conftest import axe_violations
from tests.factories import CoordinatorFactory, GroupFactory, RegionFactory, UserFactory

# The live server reads committed data, so these tests commit, and each ends in a flush.
pytestmark = pytest.mark.django_db(transaction=True)

ANSWERS = {
    "Your own recovery": "Several years now, with good supports around me.",
    "Your experience of groups": "I have been going to a Hearing Voices group for two years.",
    "A regular commitment": "My Tuesday evenings are free.",
    "Working with others": "I listen first.",
    "Giving back": "Peers helped me; I would like to do the same.",
}


@pytest.fixture
def group():
    region = RegionFactory(
        name="Central RLC",
        slug="central",
        phone="508-555-0100",
        email="hello@central.example.org",
        website="https://central.example.org",
    )
    CoordinatorFactory(region=region, user=UserFactory(email="kim@central.example.org"))
    RegionFactory(name="Western RLC", slug="western")
    return GroupFactory(
        region=region,
        slug="wrap",
        title="WRAP Group",
        description="Build your own Wellness Recovery Action Plan with peers.",
    )


@pytest.fixture
def no_script(browser):
    """A phone-sized page with JavaScript off."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    yield context.new_page()
    context.close()


def submit(page, button):
    """Press a form's button and return the status of the page it leads to (after redirects)."""
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button).click()
    return navigation.value.status


def fits(page, width):
    """Nothing scrolls sideways, and the page has exactly one main heading."""
    return (
        page.evaluate("document.documentElement.scrollWidth") <= width,
        page.locator("h1").count(),
    )


def fill_application(page):
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Martinez")
    page.get_by_label("Email address").fill("rosa@example.org")
    page.get_by_label("Which RLC would you like to facilitate with?").select_option(
        label="Central RLC"
    )
    for label, answer in ANSWERS.items():
        page.get_by_label(label, exact=True).fill(answer)


# How was this group? --------------------------------------------------------------------------


def test_the_group_page_with_the_feedback_form_has_no_axe_violations(
    live_server, group, page, axe_source
):
    assert page.goto(f"{live_server.url}/groups/wrap/").status == 200
    assert page.get_by_role("heading", name="How was this group?").count() == 1
    assert axe_violations(page, axe_source) == []


def test_feedback_with_errors_has_no_axe_violations(live_server, group, page, axe_source):
    page.goto(f"{live_server.url}/groups/wrap/")
    page.get_by_label("Anything you would like to tell").fill("x" * 10)
    assert submit(page, "Send my feedback") == 400
    assert page.locator("#feedback-rating_error").inner_text() == (
        "Choose how it was for you, from 1 to 5."
    )
    assert page.get_by_label("Anything you would like to tell").input_value() == "x" * 10
    assert axe_violations(page, axe_source) == []
    assert GroupFeedback.objects.count() == 0


def test_the_thank_you_has_no_axe_violations(live_server, group, page, axe_source):
    page.goto(f"{live_server.url}/groups/wrap/")
    page.get_by_label("4: good").check()
    assert submit(page, "Send my feedback") == 200
    assert page.url == f"{live_server.url}/groups/wrap/#feedback"
    assert page.get_by_role("status").inner_text() == (
        "Thank you for telling us. Central RLC reads every answer."
    )
    assert axe_violations(page, axe_source) == []


def test_feedback_works_without_javascript_on_a_phone(live_server, group, no_script):
    no_script.goto(f"{live_server.url}/groups/wrap/")
    assert submit(no_script, "Send my feedback") == 400
    assert fits(no_script, 390) == (True, 1)
    no_script.get_by_label("5: very good").check()
    no_script.get_by_label("Anything you would like to tell").fill("Kind and calm.")
    assert submit(no_script, "Send my feedback") == 200
    assert no_script.get_by_role("status").count() == 1
    assert list(GroupFeedback.objects.values_list("rating", "comment")) == [(5, "Kind and calm.")]


def test_the_keyboard_never_reaches_the_hidden_box(live_server, group, page):
    page.goto(f"{live_server.url}/groups/wrap/")
    page.get_by_label("Anything you would like to tell").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Send my feedback"


# Become a peer facilitator --------------------------------------------------------------------


def test_the_application_form_has_no_axe_violations(live_server, group, page, axe_source):
    assert page.goto(f"{live_server.url}/become-a-facilitator/").status == 200
    assert axe_violations(page, axe_source) == []


def test_the_application_form_with_errors_has_no_axe_violations(
    live_server, group, page, axe_source
):
    page.goto(f"{live_server.url}/become-a-facilitator/")
    page.get_by_label("First name").fill("Rosa")
    assert submit(page, "Send my application") == 400
    assert page.locator(".field--error").count() == 8
    assert page.get_by_label("First name").input_value() == "Rosa"
    assert axe_violations(page, axe_source) == []


def test_the_thank_you_page_has_no_axe_violations(live_server, group, page, axe_source):
    page.goto(f"{live_server.url}/become-a-facilitator/")
    fill_application(page)
    assert submit(page, "Send my application") == 200
    assert page.url == f"{live_server.url}/become-a-facilitator/thanks/?region=central"
    assert page.locator("h1").inner_text() == "Thank you for applying"
    assert axe_violations(page, axe_source) == []
    assert list(FacilitatorApplication.objects.values_list("first_name", "region__slug")) == [
        ("Rosa", "central")
    ]


@pytest.mark.parametrize("width", [390, 640])
def test_the_application_form_fits_narrow_screens_without_javascript(
    live_server, group, browser, width
):
    context = browser.new_context(
        viewport={"width": width, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    assert page.goto(f"{live_server.url}/become-a-facilitator/").status == 200
    assert fits(page, width) == (True, 1)
    assert submit(page, "Send my application") == 400
    assert fits(page, width) == (True, 1)
    fill_application(page)
    assert submit(page, "Send my application") == 200
    assert fits(page, width) == (True, 1)
    context.close()
