"""Registration end to end in Chromium: people register until the class is full, the next one
joins the waiting list, the first cancels by the link in her email, and the next person is
offered the place by email and takes it. The pages are axe-clean, in three languages, and fit
a phone; the register form works without JavaScript."""

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from groups.models import Group, Registration
from tests.browser.conftest import axe_violations
from tests.factories import CoordinatorFactory, GroupFactory, RegionFactory, UserFactory

# The live server reads committed data, so these tests commit, and each ends in a flush.
pytestmark = pytest.mark.django_db(transaction=True)

PHONE = 390
LINK = re.compile(r"https?://[^\s]+/registrations/[^\s/]+/")


@pytest.fixture
def group(settings, live_server):
    settings.SITE_URL = live_server.url
    region = RegionFactory(name="Central RLC", slug="central", email="hello@central.example.org")
    CoordinatorFactory(region=region, user=UserFactory(email="kim@central.example.org"))
    return GroupFactory(
        region=region, slug="ps101", title="Peer Support 101", kind=Group.Kind.CLASS, seats=2
    )


def phone_page(browser, *, locale="en", javascript=True):
    context = browser.new_context(
        viewport={"width": PHONE, "height": 844}, locale=locale, java_script_enabled=javascript
    )
    return context, context.new_page()


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE


def submit(page, button):
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button).click()
    return navigation.value.status


def register(page, base, name, prefix=""):
    page.goto(f"{base}{prefix}/groups/ps101/register/")
    page.locator("input[name=session_date]").first.check()
    with translation.override(prefix[1:] or "en"):
        page.get_by_label(gettext("Your first name")).fill(name)
        page.get_by_label(gettext("Email address")).fill(f"{name.lower()}@example.org")
        return submit(page, gettext("Register"))


def link_in_last_email_to(address):
    [message] = [m for m in mail.outbox if m.to == [address]][-1:]
    return LINK.search(message.body).group(0)


def test_register_until_full_wait_cancel_and_take_the_offered_place(
    live_server, group, browser, axe_source
):
    base = live_server.url
    # Without JavaScript (axe needs it, so it looks at these pages below, with it).
    context, page = phone_page(browser, javascript=False)
    assert page.goto(f"{base}/groups/ps101/").status == 200
    assert page.get_by_text("2 places left at the next session.").count() == 1
    page.get_by_role("link", name="Register for Peer Support 101").click()
    page.wait_for_url(f"{base}/groups/ps101/register/")
    assert fits(page)
    assert register(page, base, "Ana") == 200
    assert page.url.startswith(f"{base}/registrations/")
    assert page.get_by_text("Ana, this is your place at Peer Support 101.").count() == 1
    assert page.locator(".registration-status strong").inner_text() == "Confirmed"
    ics = page.get_by_role("link", name="Add this session to your calendar (.ics)")
    assert ics.get_attribute("href").startswith("/groups/ps101/sessions/")
    assert fits(page)
    context.close()

    others, other = phone_page(browser)
    other.goto(f"{base}/groups/ps101/register/")
    assert (fits(other), axe_violations(other, axe_source)) == (True, [])
    # Nothing filled in: the form again with its errors, still axe-clean.
    assert submit(other, "Register") == 400
    assert (
        other.locator("#register-first_name_error").inner_text() == "Please give your first name."
    )
    assert (fits(other), axe_violations(other, axe_source)) == (True, [])
    assert register(other, base, "Bea") == 200
    assert (fits(other), axe_violations(other, axe_source)) == (True, [])
    assert register(other, base, "Cy") == 200
    assert other.locator(".registration-status strong").inner_text() == "On the waiting list"
    assert (fits(other), axe_violations(other, axe_source)) == (True, [])

    # Ana cancels from the link in her email.
    ana_link = link_in_last_email_to("ana@example.org")
    mine, ana = phone_page(browser)
    ana.goto(ana_link)
    assert submit(ana, "Cancel my place") == 200
    assert ana.get_by_text("Your place is cancelled. Thank you for telling us.").count() == 1
    assert ana.locator(".registration-status strong").inner_text() == "Cancelled"
    mine.close()

    # Cy is offered the place by email, and takes it.
    offer = [m for m in mail.outbox if m.to == ["cy@example.org"]][-1]
    assert offer.subject == "A place at Peer Support 101 is yours if you want it"
    other.goto(LINK.search(offer.body).group(0))
    assert other.locator(".registration-status strong").inner_text() == "Offered a place"
    assert (fits(other), axe_violations(other, axe_source)) == (True, [])
    assert submit(other, "Take the place") == 200
    assert other.get_by_text("The place is yours. See you there!").count() == 1
    others.close()

    assert sorted(Registration.objects.values_list("first_name", "status")) == [
        ("Ana", "cancelled"),
        ("Bea", "confirmed"),
        ("Cy", "confirmed"),
    ]


@pytest.mark.parametrize("prefix", ["/es", "/pt-br"])
def test_the_pages_in_other_languages_are_axe_clean_and_fit_a_phone(
    live_server, group, browser, axe_source, prefix
):
    context, page = phone_page(browser, locale=prefix[1:])
    page.goto(f"{live_server.url}{prefix}/groups/ps101/register/")
    assert page.locator("html").get_attribute("lang") == prefix[1:]
    assert (fits(page), axe_violations(page, axe_source)) == (True, [])
    assert register(page, live_server.url, "Dee", prefix) == 200
    assert page.url.startswith(f"{live_server.url}{prefix}/registrations/")
    assert (fits(page), axe_violations(page, axe_source)) == (True, [])
    context.close()
