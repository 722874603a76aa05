"""Cancelling every session of a region on one day, after a confirmation that lists them."""

import datetime as dt

import pytest
from django.core import mail

from groups.models import SessionChange
from tests.console.conftest import TUESDAY

pytestmark = pytest.mark.django_db


def form(side, **extra):
    return {"region": side.region.pk, "day": TUESDAY.isoformat(), **extra}


def test_the_confirmation_lists_what_will_be_cancelled_and_cancels_nothing(
    coordinator_client, east, west
):
    response = coordinator_client.post("/manage/snow-day/", form(east))
    assert [s.group.title for s in response.context["sessions"]] == [
        "Metro Boston Hearing Voices",
        "Metro Boston Inpatient Group",
    ]
    assert SessionChange.objects.filter(original_date=TUESDAY).count() == 0


def test_confirming_cancels_every_session_of_the_region_that_day_only(
    coordinator_client, east, west, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            "/manage/snow-day/",
            form(east, confirm="yes", reason="Blizzard", public_note="Closed: snow."),
            follow=True,
        )
    assert [str(m) for m in response.context["messages"]] == [
        "2 sessions on Tuesday 3 March cancelled; their facilitators have been emailed."
    ]
    cancelled = SessionChange.objects.filter(original_date=TUESDAY).order_by("group__title")
    assert [(c.group.title, c.kind, c.public_note) for c in cancelled] == [
        ("Metro Boston Hearing Voices", "cancelled", "Closed: snow."),
        ("Metro Boston Inpatient Group", "cancelled", "Closed: snow."),
    ]
    assert [m.to for m in mail.outbox] == [["lead.metro-boston@example.org"]]
    api = coordinator_client.get(
        "/api/v1/occurrences.json", {"start": "2026-03-03", "end": "2026-03-04"}
    ).json()
    statuses = sorted((o["title"], o["status"]) for o in api["occurrences"])
    assert statuses == [
        ("Metro Boston Hearing Voices", "cancelled"),
        ("Western Mass Hearing Voices", "confirmed"),
    ]
    again = coordinator_client.post("/manage/snow-day/", form(east, confirm="yes"), follow=True)
    assert [str(m) for m in again.context["messages"]][-1] == (
        "Nothing left to cancel on Tuesday 3 March."
    )


def test_a_session_moved_onto_the_day_is_cancelled_and_one_moved_away_is_not(
    coordinator_client, east
):
    from groups.sessions import session_move

    session_move(
        group=east.group,
        original_date=TUESDAY,
        new_date=dt.date(2026, 3, 4),
        notify=False,
    )
    # The inpatient group's own session of the day moves away, so that another can move in:
    # a group meets at most once a day.
    session_move(
        group=east.private_group,
        original_date=TUESDAY,
        new_date=dt.date(2026, 3, 5),
        notify=False,
    )
    session_move(
        group=east.private_group,
        original_date=TUESDAY + dt.timedelta(7 * 2),
        new_date=TUESDAY,
        new_start_time=dt.time(10),
        notify=False,
    )
    response = coordinator_client.post("/manage/snow-day/", form(east))
    assert [(s.group.title, s.occurrence.original_date) for s in response.context["sessions"]] == [
        ("Metro Boston Inpatient Group", TUESDAY + dt.timedelta(14)),
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"day": ""}, "day", "This field is required."),
        ({"day": "2026-02-30"}, "day", "Enter a valid date."),
    ],
)
def test_bad_input_is_refused(coordinator_client, east, data, field, message):
    response = coordinator_client.post("/manage/snow-day/", form(east, confirm="yes", **data))
    assert response.context["form"].errors[field] == [message]
    assert SessionChange.objects.filter(original_date=TUESDAY).count() == 0
