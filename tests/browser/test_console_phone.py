"""Every console page on a phone (390 px) and on a desktop (1280 px), in Chromium with axe-core.

A coordinator of the demo network signs in through the real form and visits each page of the
console: nothing may scroll sideways (``document.documentElement.scrollWidth`` within the
window; a wide table scrolls inside its own labelled region instead), and axe-core finds no
WCAG 2.1 AA violation. The pages carry realistic content: applications and feedback with long
words (a repeat application; feedback handled and waiting), and a month of recorded sessions
with long notes for the report.
"""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from facilitators.applications import application_submit
from facilitators.models import FacilitatorApplication
from groups.models import Group, SessionRecord
from groups.selectors import sessions_between
from regions.models import Region
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)
ACCESS_AND_LANGUAGES = import_module("groups.migrations.0002_access_features_and_languages")

COORDINATOR = "coordinator.metro-boston@example.org"
PASSWORD = "peerhub-demo"
GROUP = "metro-boston-hearing-voices-group"
VENUE = "metro-boston-peer-center"
LONG = "A long note about the evening, " * 6 + "supercalifragilisticexpialidocious-peer-support"


@pytest.fixture
def network():
    """The demo network, an application, feedback and a recorded month in Metro Boston."""
    ACCESS_AND_LANGUAGES.add(django_apps, None)  # put back what an earlier flush removed
    call_command("seed_demo", "--force", verbosity=0)
    region = Region.objects.get(slug="metro-boston")
    group = Group.objects.get(slug=GROUP)
    application = application_submit(
        region=region,
        first_name="Rosalind",
        last_name="Fitzgerald-Montgomery",
        email="rosalind.fitzgerald-montgomery.peer@example.org",
        recovery=LONG,
        experience=LONG,
        dependability=LONG,
        working_with_others=LONG,
        giving_back=LONG,
    )
    # The same person again, a week earlier, the email in other capitals: flagged everywhere.
    earlier = application_submit(
        region=region,
        first_name="Rosalind",
        last_name="Fitzgerald-Montgomery",
        email="Rosalind.Fitzgerald-Montgomery.Peer@Example.org",
        **dict.fromkeys(
            ["recovery", "experience", "dependability", "working_with_others", "giving_back"],
            "Yes.",
        ),
    )
    FacilitatorApplication.objects.filter(pk=earlier.pk).update(
        created_at=timezone.now() - dt.timedelta(days=7)
    )
    group.feedback.create(rating=5, comment=LONG)
    coordinator = User.objects.get(email=COORDINATOR)
    group.feedback.create(rating=2, comment=LONG, handled_at=timezone.now(), handled_by=coordinator)
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    start = timezone.make_aware(dt.datetime.combine(last_month, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(last_month + dt.timedelta(days=31), dt.time()))
    for session in sessions_between([group], start, end)[:3]:
        SessionRecord.objects.create(
            group=group,
            original_date=session.occurrence.original_date,
            held=True,
            attendance=12,
            note=LONG,
        )
    now = timezone.now()
    upcoming = sessions_between([group], now, now + dt.timedelta(days=14))[0]
    return {
        "application": application,
        "region": region,
        "month": f"{last_month:%Y-%m}",
        "session": upcoming.occurrence.original_date,
    }


def console_pages(network):
    region, month = network["region"], network["month"]
    return [
        "/manage/",
        "/manage/groups/",
        f"/manage/groups/{GROUP}/",
        "/manage/groups/new/",
        f"/manage/groups/{GROUP}/sessions/{network['session']:%Y-%m-%d}/",
        "/manage/snow-day/",
        "/manage/venues/",
        "/manage/venues/new/",
        f"/manage/venues/{VENUE}/",
        "/manage/people/",
        "/manage/people/invite/",
        "/manage/applications/",
        f"/manage/applications/{network['application'].pk}/",
        "/manage/feedback/",
        "/manage/feedback/?show=waiting",
        f"/manage/reports/?region={region.pk}&month={month}",
    ]


# The innermost elements reaching past the window's right edge, to say what to fix.
TOO_WIDE = """width => {
    if (document.documentElement.scrollWidth <= width) return [];
    const wide = [...document.querySelectorAll("body *")].filter(
        el => el.getBoundingClientRect().right > width + 0.5 && !el.closest(".table-scroll *"));
    return wide.filter(el => !wide.some(other => other !== el && el.contains(other)))
        .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
            + (el.className && typeof el.className === "string" ? "." + el.className : "")
            + " " + Math.round(el.getBoundingClientRect().right) + "px");
}"""


def too_wide(page, width):
    """Nothing when the page fits ``width``; else the elements that stick out."""
    return page.evaluate(TOO_WIDE, width) or (
        [] if page.evaluate("document.documentElement.scrollWidth") <= width else ["?"]
    )


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(COORDINATOR)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.url == f"{live_server.url}/manage/"


@pytest.mark.parametrize("width", [390, 1280])
def test_every_console_page_fits_the_screen_and_passes_axe(
    live_server, network, browser, axe_source, width
):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server)
    found = {}
    for path in console_pages(network):
        assert page.goto(f"{live_server.url}{path}").status == 200, path
        found[path] = (too_wide(page, width), axe_violations(page, axe_source))
    context.close()
    assert found == {path: ([], []) for path in found}


def test_the_report_table_scrolls_in_a_named_region_a_keyboard_reaches(
    live_server, network, browser
):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, live_server)
    region, month = network["region"], network["month"]
    page.goto(f"{live_server.url}/manage/reports/?region={region.pk}&month={month}")
    scroller = page.locator(".table-scroll").first
    assert scroller.get_attribute("tabindex") == "0"
    assert scroller.get_attribute("role") == "region"
    assert scroller.get_attribute("aria-labelledby")
    # Every recorded session is in the records table, as a row.
    assert page.locator("#report-records tbody tr").count() == 3
    context.close()
