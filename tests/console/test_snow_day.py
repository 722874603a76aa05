"""Cancelling every session of a region on one day, after a confirmation that lists them."""

import datetime as dt

import pytest
from django.core import mail

from groups.models import Group, SessionChange
from regions.models import Venue
from tests.console.conftest import TUESDAY
from tests.factories import VenueFactory

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


def online(side, group):
    """Move ``group`` online (a venue of its region), for good."""
    venue = VenueFactory(region=side.region, name="Video call", kind=Venue.Kind.ONLINE)
    Group.objects.filter(pk=group.pk).update(venue=venue)
    return venue


def listed(response):
    return (
        [s.group.title for s in response.context["to_cancel"]],
        [s.group.title for s in response.context["kept"]],
    )


def test_online_groups_keep_running_unless_the_coordinator_says_otherwise(coordinator_client, east):
    online(east, east.private_group)
    response = coordinator_client.post("/manage/snow-day/", form(east))
    assert listed(response) == (["Metro Boston Hearing Voices"], ["Metro Boston Inpatient Group"])
    body = response.content.decode()
    assert "This session will be cancelled" in body
    assert "This session keeps running" in body
    assert f'name="keep" value="{east.private_group.pk}" checked' in body
    response = coordinator_client.post(
        "/manage/snow-day/",
        form(east, confirm="yes", keep=[east.private_group.pk], shown=str(east.private_group.pk)),
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "1 session on Tuesday 3 March cancelled; its facilitators have been emailed. "
        "Kept running: Metro Boston Inpatient Group."
    ]
    assert list(
        SessionChange.objects.filter(original_date=TUESDAY).values_list("group__title", flat=True)
    ) == ["Metro Boston Hearing Voices"]


def test_an_online_group_can_be_cancelled_and_any_group_kept(coordinator_client, east):
    online(east, east.private_group)
    response = coordinator_client.post(
        "/manage/snow-day/",
        form(east, confirm="yes", keep=[east.group.pk], shown=str(east.group.pk)),
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "1 session on Tuesday 3 March cancelled; its facilitators have been emailed. "
        "Kept running: Metro Boston Hearing Voices."
    ]
    assert list(
        SessionChange.objects.filter(original_date=TUESDAY).values_list("group__title", flat=True)
    ) == ["Metro Boston Inpatient Group"]


@pytest.mark.parametrize(
    ("keep", "heading", "button"),
    [
        ("both", "Nothing will be cancelled: every session of the day keeps running.", None),
        ("one", "This session will be cancelled", "Cancel this session"),
        ("none", "These 2 sessions will be cancelled", "Cancel these 2 sessions"),
    ],
)
def test_the_list_counts_in_plain_english(coordinator_client, east, keep, heading, button):
    pks = {"both": [east.group.pk, east.private_group.pk], "one": [east.group.pk], "none": []}
    kept = pks[keep]
    response = coordinator_client.post(
        "/manage/snow-day/", form(east, check="1", keep=kept, shown="")
    )
    body = response.content.decode()
    assert heading in body
    assert "these 1 " not in body.lower()
    buttons = [b for b in ("Cancel this session", "Cancel these 2 sessions") if b in body]
    assert buttons == ([button] if button else [])
    assert response.context["shown"] == ",".join(str(pk) for pk in sorted(kept))


def test_a_list_changed_since_it_was_shown_is_shown_again_and_nothing_cancelled(
    coordinator_client, east
):
    # The list showed both to cancel; the coordinator then ticked one to keep and confirmed.
    response = coordinator_client.post(
        "/manage/snow-day/", form(east, confirm="yes", keep=[east.group.pk], shown="")
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "You changed which sessions keep running: check the list below, then confirm again."
    ]
    assert listed(response) == (["Metro Boston Inpatient Group"], ["Metro Boston Hearing Voices"])
    assert SessionChange.objects.filter(original_date=TUESDAY).count() == 0


@pytest.mark.parametrize("keep", ["x", "99999999", "1" * 30])
def test_keeping_a_session_that_is_not_on_the_list_is_refused(coordinator_client, east, keep):
    response = coordinator_client.post(
        "/manage/snow-day/", form(east, confirm="yes", keep=[keep], shown="")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["keep"] == [
        "Choose among the sessions of the day; the list is below again."
    ]
    assert SessionChange.objects.filter(original_date=TUESDAY).count() == 0
