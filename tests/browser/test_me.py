"""The facilitator's page /me/ in Chromium, from the sign-in form to the calendar feeds.

Demo facilitators sign in through the real /accounts/login/ form. One of them cannot make a
session and asks the region's facilitators to cover it; a colleague of the same region takes
it; then the feeds (expanded with icalendar + recurring-ical-events), the public group page,
the coordinator's email and the coordinator's console must all agree. Then the calendar link
("Make a new link", "Copy link" with and without JavaScript), axe-core on /me/ and its 403
page, and the region scoping of "Sessions you could take".

Groups, people and dates come from the demo data and today's date: nothing is hard-coded but
the documented demo sign-ins.
"""

import datetime as dt
import re
from dataclasses import dataclass
from importlib import import_module
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from facilitators.models import FacilitatorProfile
from groups import covers
from groups.describe import time_range
from groups.models import Group, GroupFacilitator, SessionChange, SubstituteRequest
from publishing.events import cover_uid
from tests.browser.conftest import axe_violations

# The live server reads committed data, so these tests commit, and each ends in a flush of every
# table, the access features and languages of the data migration included.
pytestmark = pytest.mark.django_db(transaction=True)
ACCESS_AND_LANGUAGES = import_module("groups.migrations.0002_access_features_and_languages")

PASSWORD = "peerhub-demo"
NOTE = "The key is with the front desk; the chairs are in the back room."
NOBODY_ASKING = "Nobody in your regions is asking for cover right now."


@pytest.fixture
def demo():
    ACCESS_AND_LANGUAGES.add(django_apps, None)  # put back what an earlier flush removed
    call_command("seed_demo", "--force", verbosity=0)


@pytest.fixture
def page(page):
    page.set_default_timeout(10_000)
    return page


# The demo data picked for a hand-over ----------------------------------------------------------


@dataclass(frozen=True)
class Handover:
    group: Group  # public, active
    day: dt.date  # an upcoming session of it, 3 days ahead or more, unchanged
    lead: FacilitatorProfile  # A: the group's lead, who cannot make it
    colleague: FacilitatorProfile  # B: of the group's region, not on the group
    outsider: FacilitatorProfile  # C: of another region only

    @property
    def start(self) -> dt.datetime:
        """The session's start, worked out from the group's own fields (not its engine)."""
        return dt.datetime.combine(self.day, self.group.start_time, ZoneInfo(self.group.timezone))

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.group.duration_minutes)

    @property
    def coordinator(self) -> str:
        return f"coordinator.{self.group.region.slug}@example.org"


def today() -> dt.date:
    return timezone.localdate()


def free_session(group: Group) -> dt.date | None:
    """The group's first session from 3 days to 6 weeks ahead without any change, if any."""
    changes = SessionChange.objects.filter(group=group)
    changed = set(changes.values_list("original_date", flat=True))
    changed |= set(changes.exclude(new_date=None).values_list("new_date", flat=True))
    days = group.schedule.session_dates(
        today() + dt.timedelta(days=3), today() + dt.timedelta(weeks=6)
    )
    return next((day for day in days if day not in changed), None)


def only_in_other_regions(region) -> FacilitatorProfile:
    """The first facilitator (by name) who does not work in ``region``."""
    return FacilitatorProfile.objects.exclude(regions=region).order_by("display_name").first()


def pick_handover() -> Handover:
    groups = Group.objects.filter(is_public=True, status=Group.Status.ACTIVE)
    for group in groups.select_related("region").order_by("region__slug", "title"):
        day = free_session(group)
        lead = GroupFacilitator.objects.filter(group=group, role="lead").first()
        colleague = (
            FacilitatorProfile.objects.filter(regions=group.region, is_active=True)
            .exclude(memberships__group=group)
            .order_by("display_name")
            .first()
        )
        if day and lead and colleague:
            return Handover(
                group, day, lead.facilitator, colleague, only_in_other_regions(group.region)
            )
    raise AssertionError("The demo data has no group to hand a session of over")


# Browser helpers -------------------------------------------------------------------------------


def sign_in(page, live_server, email):
    """Open /me/ signed out and sign in on the form it sends us to: back on /me/."""
    page.goto(f"{live_server.url}/me/")
    assert page.url == f"{live_server.url}/accounts/login/?next=/me/"
    fill_sign_in_form(page, email)
    assert page.url == f"{live_server.url}/me/"


def sign_in_as_coordinator(page, live_server, email):
    """Sign in from the sign-in page: a coordinator lands on the console."""
    page.goto(f"{live_server.url}/accounts/login/")
    fill_sign_in_form(page, email)
    assert page.url == f"{live_server.url}/manage/"


def fill_sign_in_form(page, email):
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    press(page, "Sign in")


def sign_out(page):
    with page.expect_navigation():
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign out").click()
    press(page, "Sign Out")


def press(page, name, within=None):
    """Press a button that submits a form and wait for the page it leads to."""
    with page.expect_navigation():
        (within or page).get_by_role("button", name=name, exact=True).click()


def go(page, live_server, path, status=200):
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == status
    return response


def named(shown: str, hidden: str) -> re.Pattern:
    """A control's accessible name: its shown words, then its visually hidden ones.

    The hidden part is absolutely positioned, so browsers' name computation puts a space
    before it ("I'll take it : Peer Support Group, ..."); screen readers read it the same.
    """
    return re.compile(rf"^{re.escape(shown)}\s*{re.escape(hidden)}$")


def messages(page) -> list[str]:
    return page.locator(".messages .message").all_inner_texts()


def long_date(day: dt.date) -> str:
    """ "Wednesday 4 March": how /me/ and the messages name a session's day."""
    return f"{day:%A} {day.day} {day:%B}"


def words(locator) -> list[str]:
    """Each element's text without the form (its button) inside, whitespace squeezed."""
    return locator.evaluate_all(
        """items => items.map(item => {
            const copy = item.cloneNode(true);
            copy.querySelectorAll("form").forEach(form => form.remove());
            return copy.textContent.replace(/\\s+/g, " ").trim();
        })"""
    )


def could_take(page) -> list[str]:
    """ "Sessions you could take", one line per request; [] when the page says nobody asks."""
    listed = words(page.locator("h3:text-is('Sessions you could take') + ul > li"))
    if not listed:
        empty = page.locator("h3:text-is('Sessions you could take') + p").inner_text()
        assert empty == NOBODY_ASKING
    return listed


def my_requests(page) -> list[str]:
    return words(page.locator("h3:text-is('Your requests') + ul > li"))


def coming(page) -> list[str]:
    """ "Coming sessions", one line per session: "Wed 2 Dec, 6:30 to 8:00 pm Group title"."""
    return page.locator(".me-sessions > li > span:first-child").all_inner_texts()


def request_line(group: Group, day: dt.date, by: FacilitatorProfile, note: str = "") -> str:
    """How "Sessions you could take" words one request."""
    venue = f", {group.venue.name}" if group.venue else ""
    said = f" “{note}”" if note else ""
    return (
        f"{group.title}, {long_date(day)} ({group.region.name}{venue}): {by} can't make it.{said}"
    )


def cover_details(page, group: Group, day: dt.date):
    """The "I can't make this one" disclosure of one coming session."""
    name = f"I can't make this one: {group.title}, {long_date(day)}"
    summary = page.locator("summary").filter(has_text=re.compile(f"^{re.escape(name)}$"))
    return page.locator("details.me-cover").filter(has=summary)


def feed_input(page):
    return page.get_by_label("Your private calendar link", exact=True)


def fetch(page, live_server, path: str, status: int = 200) -> bytes:
    """A page or feed from the live server, over HTTP."""
    response = page.request.get(f"{live_server.url}{path}")
    assert (path, response.status) == (path, status)
    return response.body()


def utc(moment) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_sessions(page, live_server, facilitator, group) -> list[tuple[str, str, str, str]]:
    """(UID, title, start, end in UTC) of ``group``'s sessions in a private feed, 8 weeks on."""
    body = fetch(page, live_server, f"/feeds/{facilitator.feed_token}.ics")
    now = timezone.now()
    events = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(
        now, now + dt.timedelta(weeks=8)
    )
    return sorted(
        (str(e["UID"]), str(e["SUMMARY"]), utc(e["DTSTART"].dt), utc(e["DTEND"].dt))
        for e in events
        if str(e["UID"]).startswith(str(group.uuid))
        and str(e.get("STATUS", "")).upper() != "CANCELLED"
    )


def public_notes(page, live_server, slug) -> list[tuple[str, list[str]]]:
    """Each of the group page's next dates: its start (as in <time>) and the notes under it."""
    go(page, live_server, f"/groups/{slug}/")
    return page.evaluate(
        """() => [...document.querySelectorAll("ol.session-list > li")].map(li => [
            li.querySelector("time").getAttribute("datetime"),
            [...li.querySelectorAll(".session__note")].map(p => p.textContent.trim()),
        ])"""
    )


# 1. The hand-over, end to end ------------------------------------------------------------------


def test_a_session_is_handed_over_from_the_lead_to_a_colleague(live_server, demo, page, mailoutbox):
    case = pick_handover()
    group, day, lead, colleague = case.group, case.day, case.lead, case.colleague
    lead_before = feed_sessions(page, live_server, lead, group)
    others = [
        m.facilitator for m in GroupFacilitator.objects.filter(group=group) if m.facilitator != lead
    ]
    others_before = [feed_sessions(page, live_server, person, group) for person in others]
    session = (group.ical_uid, group.title, utc(case.start), utc(case.end))
    assert session in lead_before

    # A cannot make it, and asks.
    sign_in(page, live_server, lead.user.email)
    details = cover_details(page, group, day)
    details.locator("summary").click()
    details.get_by_label("A note for whoever covers it (optional)", exact=True).fill(NOTE)
    press(page, "Ask the region's facilitators to cover it", within=details)
    assert messages(page) == [
        f"Your request for {group.title} on {long_date(day)} is out. The region's facilitators "
        "and coordinators have been told; you will get an email when someone takes it."
    ]
    assert my_requests(page) == [
        f"{group.title}, {long_date(day)}: waiting for someone to take it."
    ]
    assert cover_details(page, group, day).count() == 0
    sign_out(page)

    # B sees it, with A's name and the note, and takes it.
    sign_in(page, live_server, colleague.user.email)
    assert could_take(page) == [request_line(group, day, lead, NOTE)]
    mailoutbox.clear()
    press(page, named("I'll take it", f": {group.title}, {long_date(day)}"))
    assert messages(page) == [
        f"Thank you: you are facilitating {group.title} on {long_date(day)}. "
        "It is in your calendar feed now."
    ]
    assert could_take(page) == []
    assert [row for row in coming(page) if row.endswith(group.title)] == [
        f"{day:%a} {day.day} {day:%b}, {time_range(case.start.time(), case.end.time())} "
        f"{group.title}"
    ]
    sign_out(page)

    # The feeds: the session leaves A's and is the only one of the group in B's.
    assert feed_sessions(page, live_server, lead, group) == [s for s in lead_before if s != session]
    assert feed_sessions(page, live_server, colleague, group) == [
        (cover_uid(group, day), group.title, utc(case.start), utc(case.end))
    ]
    # The group's other facilitators still have it, at the same time.
    assert [feed_sessions(page, live_server, person, group) for person in others] == others_before
    # The public page names B under that date, and under no other.
    covered = [
        (start, notes)
        for start, notes in public_notes(page, live_server, group.slug)
        if any(note.startswith("Facilitated this time") for note in notes)
    ]
    # A short name ends with its own full stop ("Emily C."): the sentence adds none.
    assert covered == [(case.start.isoformat(), [f"Facilitated this time by {colleague}"])]
    # The emails of the take (the live server runs in this process, on the locmem backend).
    when = f"{group.title}, {day:%A} {day.day} {day:%B}"
    assert sorted((m.to, m.subject) for m in mailoutbox) == sorted(
        [
            ([lead.user.email], f"{colleague} is covering {when}"),
            ([colleague.user.email], f"You are covering {when}"),
            ([case.coordinator], f"Covered: {when}"),
        ]
    )

    # The coordinator's console lists B among the session's facilitators, in A's place.
    sign_in_as_coordinator(page, live_server, case.coordinator)
    go(page, live_server, f"/manage/groups/{group.slug}/sessions/{day.isoformat()}/")
    team = [m.facilitator for m in GroupFacilitator.objects.filter(group=group)]
    people = ", ".join(str(person) for person in [*team, colleague] if person != lead)
    # The list ends with a short name and its own full stop, and gets no second.
    assert page.locator("p", has_text="Facilitating:").inner_text() == f"Facilitating: {people}"
    covers = page.locator("section[aria-labelledby=cover] li")
    assert words(covers) == [f"{colleague} in place of {lead}"]


# 2. Make a new link ----------------------------------------------------------------------------


def test_a_new_link_replaces_the_old_one_at_once(live_server, demo, page):
    lead = pick_handover().lead
    sign_in(page, live_server, lead.user.email)
    old = feed_input(page).input_value()
    assert old == f"{settings.SITE_URL}/feeds/{lead.feed_token}.ics"

    press(page, "Make a new link")
    assert page.url == f"{live_server.url}/me/#calendar"
    assert messages(page) == [
        "You have a new calendar link. The old one has stopped working: add the new one to your "
        "calendar app, and remove the old calendar there."
    ]
    new = feed_input(page).input_value()
    assert new != old
    assert page.get_by_role("link", name="Open in my calendar app").get_attribute("href") == (
        "webcal://" + new.split("://", 1)[1]
    )
    path = lambda url: url.removeprefix(settings.SITE_URL)  # noqa: E731
    fetch(page, live_server, path(old), status=404)
    assert fetch(page, live_server, path(new)).startswith(b"BEGIN:VCALENDAR")


# 3. Copy link ----------------------------------------------------------------------------------


def test_copy_link_copies_the_address_and_says_so(live_server, demo, browser):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, pick_handover().lead.user.email)
    button = page.get_by_role("button", name="Copy link", exact=True)
    assert button.is_visible() is True

    button.click()
    status = page.locator("[data-copy-status]")
    assert status.get_attribute("aria-live") == "polite"
    status.filter(has_text="Link copied").wait_for()
    assert status.inner_text() == "Link copied"
    assert page.evaluate("navigator.clipboard.readText()") == feed_input(page).input_value()
    context.close()


def test_copy_link_falls_back_to_selecting_the_address(live_server, demo, browser):
    """Without the Clipboard API, and with execCommand("copy") refused: select and say so."""
    context = browser.new_context()
    context.add_init_script(
        "Object.defineProperty(navigator, 'clipboard', {value: undefined});"
        "document.execCommand = () => false;"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, pick_handover().lead.user.email)

    page.get_by_role("button", name="Copy link", exact=True).click()
    expected = "The link is selected: press Ctrl+C (or Command+C) to copy it."
    status = page.locator("[data-copy-status]")
    status.filter(has_text=expected).wait_for()
    assert status.inner_text() == expected
    selected = page.evaluate(
        "() => [document.activeElement.id, document.activeElement.selectionStart,"
        " document.activeElement.selectionEnd]"
    )
    assert selected == ["feed-url", 0, len(feed_input(page).input_value())]
    context.close()


def test_without_javascript_the_copy_button_stays_hidden(live_server, demo, browser):
    lead = pick_handover().lead
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, lead.user.email)
    button = page.locator("button[data-copy-target='feed-url']")
    assert (button.count(), button.is_hidden()) == (1, True)
    assert page.get_by_role("button", name="Copy link").count() == 0
    assert feed_input(page).input_value() == f"{settings.SITE_URL}/feeds/{lead.feed_token}.ics"
    context.close()


# 4. Accessibility ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TwoRequests:
    case: Handover
    other_group: Group  # of the same region, without A
    other_day: dt.date
    other_lead: FacilitatorProfile


def open_two_requests() -> TwoRequests:
    """A asks for cover for the picked session; another lead of the region, for one of theirs."""
    case = pick_handover()
    region = case.group.region
    for group in Group.objects.filter(region=region, status=Group.Status.ACTIVE).exclude(
        memberships__facilitator=case.lead
    ):
        lead = GroupFacilitator.objects.filter(group=group, role="lead").first()
        day = free_session(group)
        if lead and day:
            break
    else:
        raise AssertionError("The demo data has no second group in the region")
    covers.substitute_request_open(group=case.group, original_date=case.day, facilitator=case.lead)
    covers.substitute_request_open(
        group=group, original_date=day, facilitator=lead.facilitator, note=NOTE
    )
    return TwoRequests(case, group, day, lead.facilitator)


def test_me_with_requests_has_no_axe_violations(live_server, demo, page, axe_source):
    requests = open_two_requests()
    case = requests.case
    sign_in(page, live_server, case.lead.user.email)
    assert could_take(page) == [
        request_line(requests.other_group, requests.other_day, requests.other_lead, NOTE)
    ]
    assert my_requests(page) == [
        f"{case.group.title}, {long_date(case.day)}: waiting for someone to take it."
    ]
    closed = axe_violations(page, axe_source)

    details = page.locator("details.me-cover").first
    details.locator("summary").click()
    assert details.get_attribute("open") == ""
    assert (closed, axe_violations(page, axe_source)) == ([], [])


def test_the_403_a_coordinator_gets_at_me_has_no_axe_violations(
    live_server, demo, page, axe_source
):
    # Following a link to /me/, they sign in, and land on the 403 page.
    sign_in(page, live_server, pick_handover().coordinator)
    go(page, live_server, "/me/", status=403)
    assert page.get_by_role("heading", level=1).inner_text() == (
        "This page is not available to you"
    )
    assert axe_violations(page, axe_source) == []


def test_me_fits_a_phone_without_javascript(live_server, demo, browser):
    case = open_two_requests().case
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, case.lead.user.email)
    page.locator("details.me-cover summary").first.click()  # a <details> opens without JS
    assert page.locator("details.me-cover[open]").count() == 1
    # Nothing scrolls sideways, and the page has exactly one main heading.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("h1").count() == 1
    # The address is readable and big enough to tap (console.css; pages.css on public pages).
    address = feed_input(page)
    size = address.evaluate("input => getComputedStyle(input).fontSize")
    assert (address.bounding_box()["height"] >= 44, size) == (True, "16px")
    context.close()


# 5. Scoping ------------------------------------------------------------------------------------


def test_a_facilitator_of_another_region_sees_only_their_regions_requests(live_server, demo, page):
    case = pick_handover()
    outsider = case.outsider
    assert outsider.regions.filter(pk=case.group.region_id).exists() is False
    # One request in the hand-over's region, and one in a region of the outsider's.
    covers.substitute_request_open(
        group=case.group, original_date=case.day, facilitator=case.lead, note=NOTE
    )
    theirs = (
        Group.objects.filter(region__in=outsider.regions.all(), status=Group.Status.ACTIVE)
        .exclude(memberships__facilitator=outsider)
        .order_by("region__slug", "title")
    )
    other = next(g for g in theirs if free_session(g) and g.memberships.exists())
    other_day, other_lead = free_session(other), other.memberships.first().facilitator
    covers.substitute_request_open(group=other, original_date=other_day, facilitator=other_lead)
    mine = SubstituteRequest.objects.get(group=case.group, original_date=case.day)

    sign_in(page, live_server, outsider.user.email)
    assert could_take(page) == [request_line(other, other_day, other_lead)]
    # Nor can they take it by posting the form's address themselves.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(
        f"{live_server.url}/me/requests/{mine.pk}/take/",
        form={"csrfmiddlewaretoken": token},
        headers={"Referer": f"{live_server.url}/me/"},
    )
    assert response.status == 404
    mine.refresh_from_db()
    assert (mine.status, mine.taken_by) == (SubstituteRequest.Status.OPEN, None)


# Bugs ------------------------------------------------------------------------------------------


def test_a_substitute_who_cannot_make_it_is_told_whom_to_ask(live_server, demo, page):
    case = pick_handover()
    covers.substitute_request_open(group=case.group, original_date=case.day, facilitator=case.lead)
    covers.substitute_request_take(
        record=SubstituteRequest.objects.get(group=case.group, original_date=case.day),
        facilitator=case.colleague,
    )
    sign_in(page, live_server, case.colleague.user.email)
    # No "I can't make this one" for a session they cover: they are told whom to ask instead.
    assert cover_details(page, case.group, case.day).count() == 0
    row = page.locator(".me-sessions li").filter(has_text=case.group.title)
    assert (
        row.get_by_text(
            "You are covering this one. If you can't make it, tell your coordinator.", exact=True
        ).count()
        == 1
    )
