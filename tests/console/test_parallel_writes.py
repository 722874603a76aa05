"""Double submissions and two coordinators at once: one change, one history entry, one email.

Every test sends the same POST from several clients at the same moment (tests/parallel.py),
through Django's test client in threads, each with its own database connection. They run on
both databases: PostgreSQL, and SQLite in a file (peerhub/settings/test.py), where writes wait
their turn (``BEGIN IMMEDIATE`` and the busy timeout, peerhub/settings/base.py).
"""

import datetime as dt

import pytest
from django.core import mail

from facilitators.applications import application_submit
from facilitators.models import FacilitatorApplication
from groups.models import Group, GroupFacilitator, SessionChange, SessionSubstitute
from groups.services import group_facilitator_add
from groups.sessions import session_cancel, session_substitute_assign
from tests.parallel import answers, post_at_once
from tests.two_regions import TUESDAY, build_side

pytestmark = pytest.mark.django_db(transaction=True)

DAY = TUESDAY.isoformat()
ON_TUESDAY = "Tuesday 3 March"
LEAD = "lead.metro-boston@example.org"
SPARE = "spare.metro-boston@example.org"


@pytest.fixture
def east(page_clock):
    return build_side("Metro Boston", "metro-boston", 1)


def session_url(group, action=""):
    return f"/manage/groups/{group.slug}/sessions/{DAY}/" + (f"{action}/" if action else "")


def history(model, group, *fields):
    """The history type and ``fields`` of every history entry of ``model`` for ``group``."""
    return list(
        model.history.filter(group_id=group.pk)
        .order_by("history_id")
        .values_list("history_type", *fields)
    )


def emails():
    return sorted((tuple(m.to), m.subject) for m in mail.outbox)


def test_four_cancels_at_once_cancel_the_session_once_and_tell_the_others(east):
    responses = post_at_once(
        east.coordinator,
        session_url(east.group, "cancel"),
        {"reason": "Snow", "public_note": "Closed"},
        times=4,
    )
    assert answers(responses) == [
        (
            302,
            f"The session of {ON_TUESDAY} is cancelled. Its facilitators have been emailed, "
            "and the calendar and feeds show it now.",
        ),
        *[(302, f"The session of {ON_TUESDAY} was already cancelled.")] * 3,
    ]
    assert list(SessionChange.objects.filter(group=east.group).values_list("kind")) == [
        ("cancelled",)
    ]
    assert history(SessionChange, east.group, "kind") == [("+", "cancelled")]
    assert emails() == [((LEAD,), f"Cancelled: {east.group.title}, {ON_TUESDAY}")]


def test_two_identical_moves_at_once_move_the_session_once(east):
    responses = post_at_once(
        east.coordinator,
        session_url(east.group, "move"),
        {"new_start_time": "19:00", "new_end_time": "20:30", "public_note": "Later"},
    )
    assert answers(responses) == [
        (
            302,
            f"The session of {ON_TUESDAY} is moved. Its facilitators have been emailed, and "
            "the calendar and feeds show it now.",
        ),
        (302, f"The session of {ON_TUESDAY} was already moved there; nothing changed."),
    ]
    assert history(SessionChange, east.group, "kind", "new_start_time") == [
        ("+", "moved", dt.time(19, 0))
    ]
    assert emails() == [((LEAD,), f"Changed: {east.group.title}, {ON_TUESDAY}")]


def test_two_undos_at_once_put_the_session_back_once(east):
    session_cancel(group=east.group, original_date=TUESDAY, notify=False)
    responses = post_at_once(east.coordinator, session_url(east.group, "undo"))
    assert answers(responses) == [
        (302, "That session was already as planned; nothing to undo."),
        (302, f"The session of {ON_TUESDAY} is back as planned."),
    ]
    assert SessionChange.objects.filter(group=east.group).count() == 0
    assert history(SessionChange, east.group, "kind") == [("+", "cancelled"), ("-", "cancelled")]
    assert emails() == [((LEAD,), f"Back on: {east.group.title}, {ON_TUESDAY}")]


def test_two_identical_substitutes_at_once_book_one_cover(east):
    responses = post_at_once(
        east.coordinator,
        session_url(east.group, "substitute"),
        {"substitute": east.spare.pk, "replaces": east.lead.pk},
    )
    assert answers(responses) == [
        (302, "Spare1 B. already covers this session; nothing changed."),
        (302, "Spare1 B. covers the session of 3 March."),
    ]
    assert history(SessionSubstitute, east.group, "substitute", "replaces") == [
        ("+", east.spare.pk, east.lead.pk)
    ]
    assert emails() == [
        ((LEAD,), f"Spare1 B. covers {east.group.title}, {ON_TUESDAY}"),
        ((SPARE,), f"Please cover {east.group.title}, {ON_TUESDAY}"),
    ]


def test_removing_a_substitute_twice_at_once_removes_it_once(east):
    record = session_substitute_assign(
        group=east.group,
        original_date=TUESDAY,
        substitute=east.spare,
        replaces=east.lead,
        notify=False,
    )
    responses = post_at_once(
        east.coordinator, session_url(east.group, f"substitute/{record.pk}/remove")
    )
    assert answers(responses) == [
        (302, "Spare1 B. no longer covers this session."),
        (302, "That substitute was already removed."),
    ]
    assert history(SessionSubstitute, east.group, "substitute") == [
        ("+", east.spare.pk),
        ("-", east.spare.pk),
    ]
    subject = f"Cover cancelled: {east.group.title}, {ON_TUESDAY}"
    assert emails() == [((LEAD,), subject), ((SPARE,), subject)]


def test_adding_a_facilitator_twice_at_once_adds_them_once(east):
    responses = post_at_once(
        east.coordinator,
        f"/manage/groups/{east.group.slug}/facilitators/",
        {"facilitator": east.spare.pk, "role": "co"},
    )
    assert answers(responses) == [
        (302, f"Spare1 B. is already co-facilitator of {east.group.title}; nothing changed."),
        (302, f"Spare1 B. is on {east.group.title}."),
    ]
    assert history(GroupFacilitator, east.group, "facilitator", "role") == [
        ("+", east.lead.pk, "lead"),
        ("+", east.spare.pk, "co"),
    ]
    assert emails() == [((SPARE,), f"You are co-facilitator of {east.group.title}")]


def test_taking_a_facilitator_off_twice_at_once_takes_them_off_once(east):
    membership = group_facilitator_add(
        group=east.group, facilitator=east.spare, role="co", notify=False
    )
    responses = post_at_once(
        east.coordinator,
        f"/manage/groups/{east.group.slug}/facilitators/{membership.pk}/remove/",
    )
    assert answers(responses) == [
        (302, f"Spare1 B. is off {east.group.title}."),
        (302, f"That facilitator was already taken off {east.group.title}."),
    ]
    assert history(GroupFacilitator, east.group, "facilitator") == [
        ("+", east.lead.pk),
        ("+", east.spare.pk),
        ("-", east.spare.pk),
    ]
    assert emails() == [((SPARE,), f"You are no longer facilitating {east.group.title}")]


def test_pausing_a_group_twice_at_once_pauses_it_once(east):
    responses = post_at_once(
        east.coordinator, f"/manage/groups/{east.group.slug}/status/", {"status": "paused"}
    )
    title = east.group.title
    assert answers(responses) == [
        (302, f"{title} is already paused; nothing changed."),
        (302, f"{title} is paused: its sessions are off the calendar until you resume it."),
    ]
    assert list(
        Group.history.filter(id=east.group.pk).order_by("history_id").values_list("status")
    ) == [("active",), ("paused",)]
    assert Group.objects.values_list("status", "version").get(pk=east.group.pk) == ("paused", 1)


def test_still_running_twice_at_once_confirms_the_group_once(east):
    responses = post_at_once(east.coordinator, f"/manage/groups/{east.group.slug}/confirm/")
    message = f"{east.group.title} is confirmed as still running."
    assert answers(responses) == [(302, message), (302, message)]
    assert list(
        Group.history.filter(id=east.group.pk)
        .order_by("history_id")
        .values_list("last_confirmed_on", flat=True)
    ) == [None, dt.date(2026, 2, 28)]


def test_a_snow_day_confirmed_twice_at_once_cancels_each_session_once(east):
    responses = post_at_once(
        east.coordinator,
        "/manage/snow-day/",
        {"region": east.region.pk, "day": DAY, "confirm": "yes", "public_note": "Snow"},
    )
    assert answers(responses) == [
        (302, f"2 sessions on {ON_TUESDAY} cancelled; their facilitators have been emailed."),
        (302, f"Nothing left to cancel on {ON_TUESDAY}."),
    ]
    assert sorted(
        SessionChange.objects.filter(original_date=TUESDAY).values_list("group__slug", "kind")
    ) == [("metro-boston-hearing-voices", "cancelled"), ("metro-boston-inpatient", "cancelled")]
    assert SessionChange.history.filter(original_date=TUESDAY).count() == 2
    assert emails() == [((LEAD,), f"Cancelled: {east.group.title}, {ON_TUESDAY}")]


def test_two_saves_of_one_form_at_once_keep_the_first_and_refuse_the_second(east):
    form = {
        "title": "Hearing Voices Evening",
        "kind": east.group.kind,
        "audience": east.group.audience,
        "is_public": "on",
        "region": east.region.pk,
        "venue": east.venue.pk,
        "pattern": "weekly",
        "weekdays": ["1"],
        "first_date": "2026-01-06",
        "start_time": "18:00",
        "end_time": "19:30",
        "version": "0",
    }
    responses = post_at_once(east.coordinator, f"/manage/groups/{east.group.slug}/", form)
    assert answers(responses) == [(200, ""), (302, "Your changes are saved.")]
    refused = next(response for response in responses if response.status_code == 200)
    assert "Someone else changed this group while you were editing it" in refused.content.decode()
    assert Group.objects.values_list("title", "version").get(pk=east.group.pk) == (
        "Hearing Voices Evening",
        1,
    )


def test_marking_an_application_contacted_twice_at_once_marks_it_once(east):
    rosa = application_submit(
        region=east.region,
        first_name="Rosa",
        last_name="Martinez",
        email="rosa@example.org",
        recovery="Steady.",
        experience="Many groups.",
        dependability="Thursdays.",
        working_with_others="Yes.",
        giving_back="Peers helped me.",
    )
    responses = post_at_once(
        east.coordinator, f"/manage/applications/{rosa.pk}/status/", {"status": "contacted"}
    )
    assert answers(responses) == [
        (302, "Rosa M.'s application is marked as contacted."),
        (302, "Rosa M.'s application was already marked as contacted; nothing changed."),
    ]
    assert list(
        FacilitatorApplication.history.order_by("history_id").values_list("status", flat=True)
    ) == ["new", "contacted"]
