"""A facilitator's double submissions at /me/: one request, one cover, one record, one email each.

The same POST from two clients at the same moment (tests/parallel.py), on PostgreSQL and on
SQLite in a file; see tests/console/test_parallel_writes.py.
"""

import datetime as dt

import pytest
from django.core import mail

from groups.covers import substitute_request_open
from groups.models import SessionRecord, SessionSubstitute, SubstituteRequest
from tests.parallel import answers, post_at_once
from tests.two_regions import TUESDAY, build_side

pytestmark = pytest.mark.django_db(transaction=True)

ON_TUESDAY = "Tuesday 3 March"
LAST_TUESDAY = dt.date(2026, 2, 24)


@pytest.fixture
def east(page_clock):
    return build_side("Metro Boston", "metro-boston", 1)


def emails():
    return sorted((m.to[0], m.subject) for m in mail.outbox)


def test_asking_for_cover_twice_at_once_asks_once(east):
    responses = post_at_once(
        east.lead.user, f"/me/sessions/{east.group.slug}/{TUESDAY}/cover/", {"note": "Sorry"}
    )
    assert answers(responses) == [
        (302, "You have already asked for cover for this session."),
        (
            302,
            f"Your request for {east.group.title} on {ON_TUESDAY} is out. The region's "
            "facilitators and coordinators have been told; you will get an email when someone "
            "takes it.",
        ),
    ]
    assert list(SubstituteRequest.history.values_list("history_type", "status")) == [("+", "open")]
    assert emails() == [
        ("coordinator.metro-boston@example.org", f"Cover needed: {east.group.title}, {ON_TUESDAY}"),
        ("spare.metro-boston@example.org", f"Can you cover {east.group.title}, {ON_TUESDAY}?"),
    ]


def test_taking_a_session_twice_at_once_takes_it_once(east):
    record = substitute_request_open(
        group=east.group, original_date=TUESDAY, facilitator=east.lead, note=""
    )
    mail.outbox.clear()
    responses = post_at_once(east.spare.user, f"/me/requests/{record.pk}/take/")
    assert answers(responses) == [
        (
            302,
            f"Thank you: you are facilitating {east.group.title} on {ON_TUESDAY}. It is in your "
            "calendar feed now.",
        ),
        (302, "You are already facilitating this session."),
    ]
    assert list(SessionSubstitute.history.values_list("history_type", "substitute")) == [
        ("+", east.spare.pk)
    ]
    title = east.group.title
    assert emails() == [
        ("coordinator.metro-boston@example.org", f"Covered: {title}, {ON_TUESDAY}"),
        ("lead.metro-boston@example.org", f"Spare1 B. is covering {title}, {ON_TUESDAY}"),
        ("spare.metro-boston@example.org", f"You are covering {title}, {ON_TUESDAY}"),
    ]


def test_withdrawing_twice_at_once_withdraws_once(east):
    record = substitute_request_open(group=east.group, original_date=TUESDAY, facilitator=east.lead)
    responses = post_at_once(east.lead.user, f"/me/requests/{record.pk}/withdraw/")
    assert answers(responses) == [
        (302, "This request was already taken or withdrawn."),
        (302, "Your request is withdrawn: the session is yours as before."),
    ]
    assert list(SubstituteRequest.objects.values_list("status")) == [("withdrawn",)]


def test_recording_a_session_twice_at_once_records_it_once(east):
    responses = post_at_once(
        east.lead.user,
        f"/me/sessions/{east.group.slug}/{LAST_TUESDAY}/record/",
        {"held": "yes", "attendance": "9", "not_held_reason": "", "note": ""},
    )
    assert answers(responses) == [
        (
            302,
            f"Thank you: the session of {east.group.title} on Tuesday 24 February is recorded.",
        ),
        (400, ""),
    ]
    refused = next(response for response in responses if response.status_code == 400)
    assert "This session was already recorded on Saturday 28 February 2026 by Lead1 A." in (
        refused.content.decode()
    )
    assert list(SessionRecord.history.values_list("history_type", "attendance")) == [("+", 9)]
