"""The coordinator console in Chromium, from the sign-in form to the public side.

The Metro Boston coordinator of the demo network signs in through the real /accounts/login/
form, then starts a group, cancels, moves and puts back sessions and cancels a whole snowy day;
after each change the public side must agree: the group page (in the browser), the group's
feed, the lead facilitator's private feed and the JSON API (through Django's test client).

Dates come from the demo data and today's date, never hard-coded: the sessions used are all
within the next eight weeks (away from the nights the clocks change, which fall on Sundays at
2 am), and the new group's eight dates span fifteen weeks, so run in the autumn or winter they
cross the spring-forward night and must still be at 6 pm.
"""

import datetime as dt
from importlib import import_module
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from groups.describe import time_range
from groups.models import Group, GroupFacilitator, SessionChange
from groups.occurrences import Occurrence
from tests.browser.conftest import axe_violations
from tests.ical_clients import expand_with_recurring_ical_events

# The live server reads committed data, so these tests commit, and each ends in a flush of every
# table, the access features and languages of the data migration included.
pytestmark = pytest.mark.django_db(transaction=True)
ACCESS_AND_LANGUAGES = import_module("groups.migrations.0002_access_features_and_languages")

BOSTON = ZoneInfo("America/New_York")
REGION = "metro-boston"
COORDINATOR = "coordinator.metro-boston@example.org"
PASSWORD = "peerhub-demo"
PEER_CENTER = "Boston Peer Community Center"  # metro-boston-peer-center, 200 Tremont Street

# Demo groups (stable slugs), all Metro Boston and public, none with a change in the demo data.
HEARING_VOICES = "metro-boston-hearing-voices-group"  # Wednesdays 5:30 pm, peer center
HAITIAN_CREOLE = "metro-boston-peer-support-in-haitian-creole"  # Saturdays 2 pm, St. Peter's
LGBTQ = "metro-boston-lgbtq-peer-support"  # Tuesdays 6 pm; the demo moves its 2nd session
WESTERN_GROUP = "western-hearing-voices-group"


@pytest.fixture
def demo():
    ACCESS_AND_LANGUAGES.add(django_apps, None)  # put back what an earlier flush removed
    call_command("seed_demo", "--force", verbosity=0)


@pytest.fixture
def console(live_server, demo, page):
    """The browser, signed in as the Metro Boston coordinator (on the dashboard)."""
    page.set_default_timeout(10_000)
    sign_in(page, live_server)
    return page


# Helpers ---------------------------------------------------------------------------------------


def sign_in(page, live_server, email=COORDINATOR, password=PASSWORD):
    """Sign in through allauth's form, as a person would; a coordinator lands on the console."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    press(page, "Sign in")
    assert page.url == f"{live_server.url}/manage/"


def press(page, name, within=None):
    """Press a button that submits a form and wait for the page it leads to."""
    with page.expect_navigation():
        (within or page).get_by_role("button", name=name, exact=True).click()


def go(page, live_server, path):
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    return response


def section(page, heading):
    """The <section> whose heading is ``heading``."""
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def field(scope, label):
    """A form field by its label (Django ends each label with a colon)."""
    return scope.get_by_label(f"{label}:", exact=True)


def messages(page) -> list[str]:
    return page.locator(".messages .message").all_inner_texts()


def today() -> dt.date:
    return timezone.localdate()


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A wall-clock time in Boston (never on a change night: the sessions here are all daytime)."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BOSTON)


def utc(moment: dt.datetime) -> str:
    """The form tests.ical_clients gives date-times in."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def long_date(day: dt.date) -> str:
    """ "Thursday 3 December 2026", the console's way."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: dt.date) -> str:
    """ "Thursday 3 December", as in the console's messages."""
    return f"{day:%A} {day.day} {day:%B}"


def upcoming(slug: str, count: int = 4) -> list[dt.date]:
    """The group's next session dates from tomorrow on that have no change, from the data."""
    group = Group.objects.get(slug=slug)
    start = today() + dt.timedelta(days=1)
    changed = set(SessionChange.objects.filter(group=group).values_list("original_date", flat=True))
    days = [
        day
        for day in group.schedule.session_dates(start, start + dt.timedelta(weeks=8))
        if day not in changed
    ]
    assert len(days) >= count
    return days[:count]


def fetch(path: str) -> bytes:
    """A public page, feed or API answer, through Django's test client (no sign-in)."""
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content


def feed_events(path: str) -> list:
    return icalendar.Calendar.from_ical(fetch(path)).walk("VEVENT")


def expand(path: str, first: dt.date, last: dt.date, uid: str | None = None) -> list[dict]:
    """The feed's sessions starting from ``first`` to ``last`` (local dates, both included)."""
    found = expand_with_recurring_ical_events(
        fetch(path), local(first, 0), local(last + dt.timedelta(days=1), 0)
    )
    return [occurrence for occurrence in found if uid is None or occurrence["uid"] == uid]


def exdates(event) -> list[dt.datetime]:
    values = event.get("EXDATE", [])
    values = values if isinstance(values, list) else [values]
    return sorted(value.dt for exdate in values for value in exdate.dts)


def public_sessions(page, live_server, slug) -> list[dict]:
    """The "Next dates" of a public group page, as the browser shows them."""
    go(page, live_server, f"/groups/{slug}/")
    return page.evaluate(
        """() => [...document.querySelectorAll("ol.session-list article.session")].map(a => ({
            start: a.querySelector("time").getAttribute("datetime"),
            cancelled: a.classList.contains("session--cancelled")
                && a.querySelector("del time") !== null,
            badge: a.querySelector(".badge") ? a.querySelector(".badge").textContent.trim() : "",
            where: a.querySelector(".session__where").textContent.trim(),
            notes: [...a.querySelectorAll(".session__note")].map(p => p.textContent.trim()),
        }))"""
    )


def public_session(start: dt.datetime, *, where, badge="", notes=(), cancelled=False) -> dict:
    return {
        "start": start.isoformat(),
        "cancelled": cancelled,
        "badge": badge,
        "where": f"{where} · Metro Boston RLC",
        "notes": list(notes),
    }


def session_path(slug: str, day: dt.date) -> str:
    return f"/manage/groups/{slug}/sessions/{day.isoformat()}/"


def open_session(page, live_server, slug: str, day: dt.date):
    """From the group list, through the group's console page, to one of its sessions."""
    go(page, live_server, "/manage/groups/")
    title = Group.objects.get(slug=slug).title
    with page.expect_navigation():
        page.get_by_role("link", name=title, exact=True).click()
    assert page.url == f"{live_server.url}/manage/groups/{slug}/"
    with page.expect_navigation():
        page.locator(f'a[href="{session_path(slug, day)}"]').click()
    assert page.get_by_role("heading", level=1).inner_text() == f"The session of {long_date(day)}"


def session_state(page) -> str:
    return " ".join(page.locator(".session-state").inner_text().split())


# 1. A new group ------------------------------------------------------------------------------


def test_create_a_group_preview_then_save(console, live_server):
    page = console
    # "Starting on or after" next Monday, meeting on Thursdays: the first session is that
    # week's Thursday, then one every 14 days. Eight dates span 15 weeks, so from the autumn
    # they cross the night the clocks spring forward: still 6 pm, in the preview and the feed.
    on_or_after = today() - dt.timedelta(days=today().weekday()) + dt.timedelta(weeks=1)
    first = on_or_after + dt.timedelta(days=3)
    expected = [first + dt.timedelta(weeks=2 * n) for n in range(8)]
    assert first.weekday() == 3

    with page.expect_navigation():
        page.get_by_role("navigation", name="Console").get_by_role("link", name="New group").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Start a new group"
    field(page, "Name").fill("Thursday Evening Circle")
    field(page, "Region").select_option(label="Metro Boston RLC")
    field(page, "Venue").select_option(
        label="Central Square Branch Library (Cambridge), Metro Boston RLC"
    )
    page.get_by_label("Every other week", exact=True).check()
    page.get_by_label("Thursday", exact=True).check()
    field(page, "Starting on or after").fill(on_or_after.isoformat())
    field(page, "Starts at").fill("18:00")
    field(page, "Ends at").fill("19:30")

    press(page, "Preview the dates")
    preview = section(page, "The next dates")
    assert preview.locator("p").first.inner_text() == "Every other Thursday, 6:00 to 7:30 pm"
    assert preview.locator("li").all_inner_texts() == [
        f"{long_date(day)}, 6:00 to 7:30 pm" for day in expected
    ]
    assert Group.objects.filter(title="Thursday Evening Circle").exists() is False

    press(page, "Save the group")
    slug = "thursday-evening-circle"
    assert page.url == f"{live_server.url}/manage/groups/{slug}/"
    assert messages(page) == ["Thursday Evening Circle is saved."]

    # The console's group page: the schedule in words and the sessions of the next 8 weeks.
    horizon = timezone.now() + dt.timedelta(weeks=8)
    within_8_weeks = [day for day in expected if local(day, 18) < horizon]
    assert page.locator("h1 + p").inner_text() == (
        "Every other Thursday, 6:00 to 7:30 pm · Metro Boston RLC · Active · Public page"
        " · On other sites"
    )
    assert section(page, "Sessions in the next 8 weeks").locator("li a").all_inner_texts() == [
        f"{long_date(day)}, 6:00 to 7:30 pm" for day in within_8_weeks
    ]

    # The public page says the same.
    library = "450 Massachusetts Avenue, Cambridge"
    assert public_sessions(page, live_server, slug) == [
        public_session(local(day, 18), where=library) for day in within_8_weeks
    ]
    assert page.locator(".summary dd").first.inner_text() == (
        "Every other Thursday, 6:00 to 7:30 pm"
    )

    # And so does its feed: one series every other Thursday, 6 pm Boston time in every season.
    [event] = feed_events(f"/groups/{slug}/calendar.ics")
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"
    assert event["DTSTART"].dt == local(first, 18)
    group = Group.objects.get(slug=slug)
    assert expand(f"/groups/{slug}/calendar.ics", first, expected[-1]) == [
        {
            "uid": group.ical_uid,
            "recurrence_id": utc(local(day, 18)),
            "start": utc(local(day, 18)),
            "end": utc(local(day, 19, 30)),
        }
        for day in expected
    ]


# 2. Cancel a session ---------------------------------------------------------------------------


def test_cancel_a_session(console, live_server, mailoutbox):
    page = console
    group = Group.objects.get(slug=HEARING_VOICES)
    day = upcoming(HEARING_VOICES)[1]
    start = local(day, 17, 30)
    lead = GroupFacilitator.objects.get(group=group, role="lead").facilitator
    private_feed = f"/feeds/{lead.feed_token}.ics"
    before = expand(private_feed, day, day, uid=group.ical_uid)
    assert [occurrence["start"] for occurrence in before] == [utc(start)]

    open_session(page, live_server, HEARING_VOICES, day)
    assert session_state(page) == f"5:30 to 7:00 pm, at {PEER_CENTER}. As planned."
    cancel = section(page, "Cancel this session")
    field(cancel, "Reason (for coordinators and facilitators)").fill("Both facilitators away")
    note = "No group this week; see you next Wednesday"
    field(cancel, "Note for the public (optional)").fill(note)
    press(page, "Cancel the session", within=cancel)

    assert messages(page) == [
        f"The session of {short_date(day)} is cancelled. Its facilitators have been "
        "emailed, and the calendar and feeds show it now."
    ]
    assert session_state(page) == f"Cancelled “{note}”"
    # As the message says, its facilitators (the live server's mail lands in this process).
    team = group.memberships.select_related("facilitator__user")
    assert sorted(to for message in mailoutbox for to in message.to) == sorted(
        membership.facilitator.user.email for membership in team
    )

    sessions = public_sessions(page, live_server, HEARING_VOICES)
    assert [s for s in sessions if s["start"] == start.isoformat()] == [
        public_session(
            start,
            where="200 Tremont Street, Boston",
            badge="Cancelled",
            notes=[note],
            cancelled=True,
        )
    ]
    [event] = feed_events(f"/groups/{HEARING_VOICES}/calendar.ics")
    assert exdates(event) == [start]
    assert expand(f"/groups/{HEARING_VOICES}/calendar.ics", day, day) == []
    assert expand(private_feed, day, day, uid=group.ical_uid) == []


# 3. Move a session -----------------------------------------------------------------------------


def test_move_a_session_to_another_time_and_place(console, live_server):
    page = console
    group = Group.objects.get(slug=HAITIAN_CREOLE)
    day = upcoming(HAITIAN_CREOLE)[0]
    note = "This week we meet at the peer center at 3:30 pm"

    open_session(page, live_server, HAITIAN_CREOLE, day)
    move = section(page, "Move it to another time or place")
    field(move, "New start time").fill("15:30")
    field(move, "New end time").fill("17:00")
    field(move, "New place").select_option(label=PEER_CENTER)
    field(move, "Note for the public (optional)").fill(note)
    field(move, "Reason (for coordinators and facilitators)").fill("The church hall is booked")
    press(page, "Move the session", within=move)

    assert messages(page) == [
        f"The session of {short_date(day)} is moved. Its facilitators have been "
        "emailed, and the calendar and feeds show it now."
    ]
    assert session_state(page) == (
        f"Changed Now {long_date(day)}, 3:30 to 5:00 pm, at {PEER_CENTER}."
    )
    sessions = public_sessions(page, live_server, HAITIAN_CREOLE)
    assert [s for s in sessions if s["start"][:10] == day.isoformat()] == [
        public_session(
            local(day, 15, 30),
            where="200 Tremont Street, Boston",
            badge="Changed",
            notes=["This session has moved: it is shown at its new time and place.", note],
        )
    ]
    overrides = [
        e for e in feed_events(f"/groups/{HAITIAN_CREOLE}/calendar.ics") if "RECURRENCE-ID" in e
    ]
    assert [
        (e["RECURRENCE-ID"].dt, e["DTSTART"].dt, e["DTEND"].dt, str(e["LOCATION"]))
        for e in overrides
    ] == [
        (
            local(day, 14),
            local(day, 15, 30),
            local(day, 17),
            f"{PEER_CENTER}, 200 Tremont Street, Boston",
        )
    ]
    assert expand(f"/groups/{HAITIAN_CREOLE}/calendar.ics", day, day) == [
        {
            "uid": group.ical_uid,
            "recurrence_id": utc(local(day, 14)),
            "start": utc(local(day, 15, 30)),
            "end": utc(local(day, 17)),
        }
    ]


def move_into_a_clash(page, live_server) -> tuple[dt.date, dt.date]:
    """Try to move a Haitian Creole Saturday session onto a Hearing Voices Wednesday session:
    the same date, time (5:30 pm) and place (the peer center). Returns both dates."""
    day = upcoming(HAITIAN_CREOLE)[1]
    wednesday = next(d for d in upcoming(HEARING_VOICES) if d > day)
    open_session(page, live_server, HAITIAN_CREOLE, day)
    move = section(page, "Move it to another time or place")
    field(move, "New date").fill(wednesday.isoformat())
    field(move, "New start time").fill("17:30")
    field(move, "New end time").fill("19:00")
    field(move, "New place").select_option(label=PEER_CENTER)
    press(page, "Move the session", within=move)
    return day, wednesday


def test_a_move_into_a_clash_needs_a_tick(console, live_server):
    page = console
    day, wednesday = move_into_a_clash(page, live_server)

    alert = page.get_by_role("alert").filter(has_text="This move would clash")
    assert alert.locator("li").all_inner_texts() == [
        f"{PEER_CENTER} is in use: Hearing Voices Group ({wednesday:%a} {wednesday.day} "
        f"{wednesday:%b}, 5:30 to 7:00 pm)"
    ]
    move = section(page, "Move it to another time or place")
    anyway = field(move, "Move it anyway: I know about the clash")
    assert anyway.is_checked() is False
    assert move.locator(".field--error .errorlist").all_inner_texts() == [
        "This move clashes with another session (listed above). Change the time or place, or "
        "tick this box to move it anyway."
    ]
    assert (
        session_state(page) == "2:00 to 3:30 pm, at St. Peter's Church, community room. As planned."
    )
    assert (
        SessionChange.objects.filter(group__slug=HAITIAN_CREOLE, original_date=day).exists()
        is False
    )

    # What was typed is still there; tick the box and move it.
    assert field(move, "New date").input_value() == wednesday.isoformat()
    anyway.check()
    press(page, "Move the session", within=move)
    assert messages(page) == [
        f"The session of {short_date(day)} is moved. Its facilitators have been "
        "emailed, and the calendar and feeds show it now."
    ]
    assert session_state(page) == (
        f"Changed Now {long_date(wednesday)}, 5:30 to 7:00 pm, at {PEER_CENTER}."
    )
    sessions = public_sessions(page, live_server, HAITIAN_CREOLE)
    assert [s for s in sessions if s["start"] == local(wednesday, 17, 30).isoformat()] == [
        public_session(
            local(wednesday, 17, 30),
            where="200 Tremont Street, Boston",
            badge="Changed",
            notes=[
                f"This session has moved from {short_date(day)}: it is shown at its "
                "new time and place."
            ],
        )
    ]


# 4. Undo ---------------------------------------------------------------------------------------


def test_undo_puts_the_session_back_as_planned(console, live_server):
    page = console
    # The demo data moved one session of the LGBTQ+ group to 7 pm at the peer center.
    group = Group.objects.get(slug=LGBTQ)
    [change] = SessionChange.objects.filter(group=group)
    day = change.original_date
    open_session(page, live_server, LGBTQ, day)
    assert (
        session_state(page) == f"Changed Now {long_date(day)}, 7:00 to 8:30 pm, at {PEER_CENTER}."
    )

    press(page, "Undo: put the session back as planned")
    assert messages(page) == [f"The session of {short_date(day)} is back as planned."]
    assert session_state(page) == "6:00 to 7:30 pm, at Central Square Branch Library. As planned."
    assert page.get_by_role("button", name="Undo: put the session back as planned").count() == 0

    sessions = public_sessions(page, live_server, LGBTQ)
    assert [s for s in sessions if s["start"][:10] == day.isoformat()] == [
        public_session(local(day, 18), where="450 Massachusetts Avenue, Cambridge")
    ]
    [event] = feed_events(f"/groups/{LGBTQ}/calendar.ics")
    assert "RECURRENCE-ID" not in event
    assert exdates(event) == []
    assert expand(f"/groups/{LGBTQ}/calendar.ics", day, day) == [
        {
            "uid": group.ical_uid,
            "recurrence_id": utc(local(day, 18)),
            "start": utc(local(day, 18)),
            "end": utc(local(day, 19, 30)),
        }
    ]


# 5. Snow day -----------------------------------------------------------------------------------


def times(occurrence) -> str:
    """ "1:00 to 2:00 pm": how every console and public page words a session's times."""
    return time_range(occurrence.start.time(), occurrence.end.time())


def region_sessions_on(day: dt.date) -> list[tuple[Occurrence, Group]]:
    """Every session of the region's running groups on ``day``, private ones included.

    Worked out here from each group's own schedule; only used for days without any change.
    """
    groups = Group.objects.filter(region__slug=REGION, status=Group.Status.ACTIVE)
    found = []
    for group in groups.select_related("venue"):
        if group.schedule.meets_on(day):
            found.append((group.schedule.occurrence(day), group))
    return sorted(found, key=lambda pair: (pair[0].start, pair[1].title))


def snowy_day() -> dt.date:
    """A day of next week with at least three sessions, a private one among them, no changes."""
    monday = today() - dt.timedelta(days=today().weekday()) + dt.timedelta(weeks=1)
    changed = SessionChange.objects.filter(group__region__slug=REGION)
    for day in (monday + dt.timedelta(days=n) for n in range(7)):
        if changed.filter(original_date=day).exists() or changed.filter(new_date=day).exists():
            continue
        sessions = region_sessions_on(day)
        if len(sessions) >= 3 and any(not group.is_public for _, group in sessions):
            return day
    raise AssertionError("The demo data has no such day next week")


def test_snow_day_cancels_every_session_of_the_day(console, live_server):
    page = console
    day = snowy_day()
    sessions = region_sessions_on(day)
    count = len(sessions)

    with page.expect_navigation():
        page.get_by_role("link", name="Cancel a whole day").click()
    field(page, "Region").select_option(label="Metro Boston RLC")
    field(page, "Date").fill(day.isoformat())
    field(page, "Reason (for coordinators and facilitators)").fill("Snow emergency")
    field(page, "Note for the public").fill("Closed for the snowstorm. Stay safe.")
    press(page, "Show the sessions on that day")

    # Online sessions keep running unless unticked.
    kept = [(occ, group) for occ, group in sessions if group.venue and group.venue.is_online]
    sessions = [pair for pair in sessions if pair not in kept]
    count = len(sessions)
    listed = section(page, f"These {count} sessions will be cancelled")
    assert listed.locator("li > span").all_inner_texts() == [
        f"{times(occ)}: {group.title}, {group.venue.name}"
        + ("" if group.is_public else " (private)")
        for occ, group in sessions
    ]
    press(page, f"Cancel these {count} sessions")
    still = " Kept running: " + ", ".join(group.title for _, group in kept) + "." if kept else ""
    assert messages(page) == [
        f"{count} sessions on {short_date(day)} cancelled; their facilitators have been emailed."
        + still
    ]
    if not kept:
        assert page.locator("p.notice").inner_text() == (
            "No sessions are left to cancel on that day."
        )

    # The API (public groups only) has every one of them, cancelled, with the note.
    api = Client().get(f"/api/v1/occurrences.json?region={REGION}&start={day}&end={day}").json()
    assert [(o["title"], o["status"], o["note"]) for o in api["occurrences"]] == [
        (group.title, "cancelled", "Closed for the snowstorm. Stay safe.")
        for _, group in sessions
        if group.is_public
    ]
    # The dashboard, which shows next week too, marks every one (private ones too) cancelled.
    go(page, live_server, "/manage/")
    rows = page.locator(f'h3.console-day:text-is("{short_date(day)}") + ul > li')
    assert [
        (row.locator("a").inner_text(), row.locator(".badge--cancelled").inner_text())
        for row in rows.all()
    ] == [(f"{times(occ)} {group.title}", "Cancelled") for occ, group in sessions]


# Pausing -------------------------------------------------------------------------------------


def test_a_paused_groups_public_page_link_is_not_a_dead_end(console, live_server):
    page = console
    go(page, live_server, f"/manage/groups/{HEARING_VOICES}/")
    page.get_by_label("Paused", exact=True).check()
    press(page, "Change the status")
    assert messages(page) == [
        "Hearing Voices Group is paused: its sessions are off the calendar until you resume it."
    ]
    links = page.get_by_role("link", name="Public page", exact=True).all()
    dead = [
        link.get_attribute("href")
        for link in links
        if page.request.get(f"{live_server.url}{link.get_attribute('href')}").status != 200
    ]
    assert dead == []


# 6. Accessibility ------------------------------------------------------------------------------


def _group_form_with_errors(page, live_server):
    go(page, live_server, "/manage/groups/new/")
    field(page, "Ends at").fill("09:00")
    field(page, "Starts at").fill("10:00")
    press(page, "Save the group")
    assert page.locator(".field--error .errorlist").all_inner_texts() == [
        "This field is required.",
        "Choose the day or days it meets.",
        "Say when it starts.",
        "The end time must be after the start time.",
    ]


def _session_page(page, live_server):
    go(page, live_server, session_path(HEARING_VOICES, upcoming(HEARING_VOICES)[0]))


def _session_with_a_clash(page, live_server):
    move_into_a_clash(page, live_server)
    assert page.get_by_role("heading", name="This move would clash").count() == 1


def _snow_day_list(page, live_server):
    go(page, live_server, "/manage/snow-day/")
    field(page, "Date").fill(snowy_day().isoformat())
    press(page, "Show the sessions on that day")
    assert page.get_by_role("button", name="Cancel these", exact=False).count() == 1


def _path(path):
    return lambda page, live_server: go(page, live_server, path)


CONSOLE_PAGES = {
    "dashboard": _path("/manage/"),
    "group list": _path("/manage/groups/"),
    "new group": _path("/manage/groups/new/"),
    "new group with errors": _group_form_with_errors,
    "group": _path(f"/manage/groups/{HEARING_VOICES}/"),
    "session": _session_page,
    "session with a clash": _session_with_a_clash,
    "snow day list": _snow_day_list,
    "venues": _path("/manage/venues/"),
    "people": _path("/manage/people/"),
    "invite": _path("/manage/people/invite/"),
    "embed snippets": _path("/manage/embed/"),
    "a venue's embed snippets": _path("/manage/embed/venues/metro-boston-peer-center/?language=es"),
    "a group's embed snippets": _path(f"/manage/embed/groups/{HEARING_VOICES}/"),
}


@pytest.mark.parametrize("name", list(CONSOLE_PAGES))
def test_console_page_has_no_axe_violations(console, live_server, axe_source, name):
    CONSOLE_PAGES[name](console, live_server)
    assert axe_violations(console, axe_source) == []


def test_session_page_fields_are_named_by_their_own_labels(console, live_server):
    page = console
    go(page, live_server, session_path(HEARING_VOICES, upcoming(HEARING_VOICES)[0]))
    ids = page.evaluate("() => [...document.querySelectorAll('[id]')].map(element => element.id)")
    move = section(page, "Move it to another time or place")
    labels = ["Note for the public (optional)", "Reason (for coordinators and facilitators)"]
    named = [move.get_by_role("textbox", name=f"{label}:", exact=True).count() for label in labels]
    assert (sorted({id_ for id_ in ids if ids.count(id_) > 1}), named) == ([], [1, 1])


# 7. Scoping ------------------------------------------------------------------------------------


def test_another_regions_group_is_not_found(console, live_server):
    page = console
    day = upcoming(WESTERN_GROUP)[0]
    for path in (f"/manage/groups/{WESTERN_GROUP}/", session_path(WESTERN_GROUP, day)):
        response = page.goto(f"{live_server.url}{path}")
        assert (response.status, page.get_by_role("heading", level=1).inner_text()) == (
            404,
            "Sorry, this page isn't here",
        )
