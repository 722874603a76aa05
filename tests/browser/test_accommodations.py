"""Asking for an accommodation in Chromium, in Spanish, on a phone; and the About and
accessibility pages in three languages, all axe-clean (WCAG 2.1 AA)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from groups.models import AccommodationRequest
from tests.browser.conftest import axe_violations
from tests.factories import CoordinatorFactory, GroupFactory, RegionFactory, UserFactory

# The live server reads committed data, so these tests commit, and each ends in a flush.
pytestmark = pytest.mark.django_db(transaction=True)

PHONE = 390


@pytest.fixture
def group():
    region = RegionFactory(
        name="Central RLC",
        slug="central",
        phone="508-555-0100",
        email="hello@central.example.org",
    )
    CoordinatorFactory(region=region, user=UserFactory(email="kim@central.example.org"))
    RegionFactory(name="Western RLC", slug="western")
    return GroupFactory(region=region, slug="wrap", title="WRAP Group")


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": PHONE, "height": 844}, locale="es")
    yield context.new_page()
    context.close()


def es(msgid):
    with translation.override("es"):
        return gettext(msgid)


def submit(page, button):
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button).click()
    return navigation.value.status


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE


def test_a_spanish_speaker_asks_for_an_interpreter_on_a_phone(
    live_server, group, phone, axe_source
):
    assert phone.goto(f"{live_server.url}/es/groups/wrap/").status == 200
    phone.get_by_role(
        "link", name=es("Ask for an accommodation for %(title)s") % {"title": "WRAP Group"}
    ).click()
    assert phone.url == f"{live_server.url}/es/groups/wrap/accommodation/"
    assert phone.locator("html").get_attribute("lang") == "es"
    assert (fits(phone), axe_violations(phone, axe_source)) == (True, [])

    # Sent with nothing to reach them by: the form again, in Spanish, with the error.
    phone.get_by_label(es("A spoken-language interpreter")).check()
    assert submit(phone, es("Send my request")) == 400
    assert phone.locator("#accommodation-email_error").inner_text() == es(
        "Please give an email address or a phone number, so the RLC can answer you."
    )
    assert phone.get_by_label(es("A spoken-language interpreter")).is_checked()
    assert (fits(phone), axe_violations(phone, axe_source)) == (True, [])

    phone.get_by_label(es("Tell us more in your own words (optional)")).fill(
        "Intérprete de español, por favor."
    )
    phone.get_by_label(es("Phone number")).fill("508-555-0199")
    day = timezone.localdate() + dt.timedelta(days=7)
    phone.get_by_label(es("Which date is it for? (optional)")).fill(day.isoformat())
    assert submit(phone, es("Send my request")) == 200
    assert (
        phone.get_by_role("status")
        .inner_text()
        .startswith(es("Thank you: your request is sent.").rstrip("."))
    )
    assert (fits(phone), axe_violations(phone, axe_source)) == (True, [])

    [kept] = AccommodationRequest.objects.all()
    assert (kept.needs, kept.details, kept.phone, kept.session_date, kept.language) == (
        ["interpreter"],
        "Intérprete de español, por favor.",
        "508-555-0199",
        day,
        "es",
    )
    assert [message.to for message in mail.outbox] == [["kim@central.example.org"]]


@pytest.mark.parametrize("prefix", ["", "/es", "/pt-br"])
@pytest.mark.parametrize("path", ["/about/", "/accessibility/", "/regions/central/accommodation/"])
def test_the_pages_have_no_axe_violations_and_fit_a_phone(
    live_server, group, browser, axe_source, prefix, path
):
    context = browser.new_context(viewport={"width": PHONE, "height": 844})
    page = context.new_page()
    try:
        assert page.goto(f"{live_server.url}{prefix}{path}").status == 200
        assert (fits(page), page.locator("h1").count()) == (True, 1)
        assert axe_violations(page, axe_source) == []
    finally:
        context.close()
