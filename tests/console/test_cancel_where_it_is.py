"""A session moved to another day and then cancelled is cancelled where it had moved to.

A snow day on the day a session was moved to cancels it there: the API, the group pages and
the feeds show it cancelled on that day and nothing on its original date. Undo puts the move
back, not the original plan.
"""

import datetime as dt
import re

import icalendar
import pytest
import recurring_ical_events
from django.core import mail

from groups.models import SessionChange
from groups.services import group_create
from groups.sessions import session_cancel, session_move
from tests.caches import clear_caches

pytestmark = pytest.mark.django_db

ORIGINAL = dt.date(2026, 3, 10)  # a Tuesday session of east.group (6 pm, the library)
MOVED_TO = dt.date(2026, 3, 4)  # the Wednesday it moves to
CANCELLED_SESSION = re.compile(
    r'<article class="session session--cancelled">.*?<time datetime="([^"]+)"', re.S
)


@pytest.fixture
def moved(east):
    return session_move(group=east.group, original_date=ORIGINAL, new_date=MOVED_TO, notify=False)


def snow_day(client, side, day):
    return client.post(
        "/manage/snow-day/",
        {"region": side.region.pk, "day": day.isoformat(), "confirm": "yes", "reason": "Snow"},
        follow=True,
    )


def api_sessions(client, day):
    api = client.get(
        "/api/v1/occurrences.json",
        {"start": day.isoformat(), "end": day.isoformat(), "region": "metro-boston"},
    ).json()
    return [
        (o["title"], o["status"], o["start"][:16], o["moved"])
        for o in api["occurrences"]
        if o["title"] == "Metro Boston Hearing Voices"
    ]


def test_a_snow_day_cancels_a_session_moved_onto_it_where_it_now_is(
    coordinator_client, east, moved, django_capture_on_commit_callbacks
):
    listed = coordinator_client.post(
        "/manage/snow-day/", {"region": east.region.pk, "day": MOVED_TO.isoformat()}
    )
    assert [(s.group.title, s.occurrence.original_date) for s in listed.context["sessions"]] == [
        ("Metro Boston Hearing Voices", ORIGINAL)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        snow_day(coordinator_client, east, MOVED_TO)
    change = SessionChange.objects.get(group=east.group, original_date=ORIGINAL)
    assert (change.kind, change.new_date, change.private_note) == ("cancelled", MOVED_TO, "Snow")
    assert [m.subject for m in mail.outbox] == [
        "Cancelled: Metro Boston Hearing Voices, Wednesday 4 March"
    ]
    assert "on Wednesday 4 March 2026, 6:00 to 7:30 pm" in mail.outbox[0].body
    clear_caches()
    # The API: cancelled on the day it had moved to, nothing on its original date.
    assert api_sessions(coordinator_client, MOVED_TO) == [
        ("Metro Boston Hearing Voices", "cancelled", "2026-03-04T18:00", True)
    ]
    assert api_sessions(coordinator_client, ORIGINAL) == []
    # The console's group page and the public group page agree.
    page = coordinator_client.get(f"/manage/groups/{east.group.slug}/")
    assert [
        (o.start.date(), o.cancelled)
        for o in page.context["sessions"]
        if o.original_date == ORIGINAL
    ] == [(MOVED_TO, True)]
    public = coordinator_client.get(f"/groups/{east.group.slug}/").content.decode()
    assert CANCELLED_SESSION.findall(public) == ["2026-03-04T18:00:00-05:00"]
    # The session page says where it was cancelled.
    session = coordinator_client.get(
        f"/manage/groups/{east.group.slug}/sessions/{ORIGINAL.isoformat()}/"
    )
    assert session.context["occurrence"].start.date() == MOVED_TO
    assert "Cancelled" in session.content.decode()
    # The snow day of the original date has nothing of this group's left to cancel.
    again = coordinator_client.post(
        "/manage/snow-day/", {"region": east.region.pk, "day": ORIGINAL.isoformat()}
    )
    assert "Metro Boston Hearing Voices" not in [s.group.title for s in again.context["sessions"]]


def feed_events(client, slug):
    calendar = icalendar.Calendar.from_ical(client.get(f"/groups/{slug}/calendar.ics").content)
    start = dt.date(2026, 3, 1)
    events = recurring_ical_events.of(calendar).between(start, start + dt.timedelta(days=14))
    return sorted((event["DTSTART"].dt.date(), str(event.get("STATUS"))) for event in events)


def test_the_feed_drops_a_moved_session_cancelled_where_it_is(coordinator_client, east, moved):
    snow_day(coordinator_client, east, MOVED_TO)
    clear_caches()
    assert feed_events(coordinator_client, east.group.slug) == [(dt.date(2026, 3, 3), "CONFIRMED")]


def test_a_one_off_moved_then_cancelled_is_cancelled_on_its_new_date_in_the_feed(
    coordinator_client, east
):
    one_off = group_create(
        title="Spring gathering",
        slug="spring-gathering",
        region=east.region,
        venue=east.venue,
        start_date=dt.date(2026, 3, 12),
        start_time=dt.time(14, 0),
        duration_minutes=120,
    )
    session_move(group=one_off, original_date=dt.date(2026, 3, 12), new_date=MOVED_TO, notify=False)
    snow_day(coordinator_client, east, MOVED_TO)
    clear_caches()
    assert feed_events(coordinator_client, one_off.slug) == [(MOVED_TO, "CANCELLED")]


def test_undoing_the_cancellation_puts_the_move_back(coordinator_client, east, moved):
    session_cancel(group=east.group, original_date=ORIGINAL, notify=False)
    response = coordinator_client.post(
        f"/manage/groups/{east.group.slug}/sessions/{ORIGINAL.isoformat()}/undo/", follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "The session of Tuesday 10 March is on again, as moved: Wednesday 4 March."
    ]
    change = SessionChange.objects.get(group=east.group, original_date=ORIGINAL)
    assert (change.kind, change.new_date) == ("moved", MOVED_TO)
    response = coordinator_client.post(
        f"/manage/groups/{east.group.slug}/sessions/{ORIGINAL.isoformat()}/undo/", follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "The session of Tuesday 10 March is back as planned."
    ]
    assert not SessionChange.objects.filter(group=east.group).exists()


def test_the_history_says_where_the_cancelled_session_had_moved(coordinator_client, east, moved):
    snow_day(coordinator_client, east, MOVED_TO)
    history = coordinator_client.get(f"/manage/groups/{east.group.slug}/").context["history"]
    assert [entry.what for entry in history if entry.what.startswith("Cancelled")] == [
        "Cancelled the session of Tue 10 Mar 2026, where it had moved to Wed 4 Mar 2026 (Snow)"
    ]
