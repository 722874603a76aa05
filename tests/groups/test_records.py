"""Recording a session after it happened: who may, when, once, and the numbers' limits.

Two regions (tests/two_regions.py) with the fixed clock of Saturday
28 February 2026, noon, Boston; the groups meet on Tuesdays at 6 pm from 6 January 2026.
"""

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from groups.models import SessionRecord, SessionSubstitute
from groups.records import (
    facilitates_session,
    may_record,
    records_due,
    session_record,
    sessions_to_record,
)
from groups.services import group_create
from groups.sessions import session_cancel, session_move, session_substitute_assign
from tests.factories import FacilitatorFactory, UserFactory, weekly
from tests.page_clock import NOW
from tests.two_regions import build_side

LAST_TUESDAY = dt.date(2026, 2, 24)
NEXT_TUESDAY = dt.date(2026, 3, 3)


def record(side, day=LAST_TUESDAY, *, user=None, **fields):
    fields = {"held": True, "attendance": 9, **fields}
    return session_record(
        group=side.group, original_date=day, user=user or side.lead.user, **fields
    )


def refusal(error) -> dict:
    return error.value.message_dict


def saved():
    return list(
        SessionRecord.objects.order_by("pk").values_list(
            "group__slug", "original_date", "held", "attendance", "not_held_reason", "note"
        )
    )


# Saving.


def test_a_facilitator_records_a_held_session_with_the_numbers_and_who(east, west):
    made = record(east, note="  Good talk about sleep.  ")
    assert (made.held, made.attendance, made.note, made.recorded_by, made.recorded_at) == (
        True,
        9,
        "Good talk about sleep.",
        east.lead.user,
        NOW,
    )
    assert saved() == [
        ("metro-boston-hearing-voices", LAST_TUESDAY, True, 9, "", "Good talk about sleep.")
    ]
    assert made.history.count() == 1


def test_a_session_that_did_not_happen_is_recorded_with_its_reason(east, west):
    record(east, held=False, attendance=None, not_held_reason="The library lost power")
    assert saved() == [
        ("metro-boston-hearing-voices", LAST_TUESDAY, False, None, "The library lost power", "")
    ]


@pytest.mark.parametrize("attendance", [0, 1, 500])
def test_attendance_from_0_to_500_is_kept(east, attendance):
    assert record(east, attendance=attendance).attendance == attendance


def test_a_note_of_2000_characters_is_kept(east):
    assert len(record(east, note="a" * 2000).note) == 2000


def test_a_coordinator_of_the_region_records_a_session_nobody_facilitates(east, west):
    made = session_record(
        group=east.private_group,
        original_date=LAST_TUESDAY,
        held=True,
        attendance=4,
        user=east.coordinator,
    )
    assert (made.group, made.recorded_by) == (east.private_group, east.coordinator)


def test_a_session_moved_to_before_now_can_be_recorded(east):
    # Planned for Tuesday 3 March, held on Friday 27 February instead.
    session_move(
        group=east.group, original_date=NEXT_TUESDAY, new_date=dt.date(2026, 2, 27), notify=False
    )
    assert record(east, NEXT_TUESDAY).original_date == NEXT_TUESDAY


# Refusals, each naming its field, with nothing saved.


def test_a_session_that_has_not_started_is_refused(east):
    with pytest.raises(ValidationError) as error:
        record(east, NEXT_TUESDAY)
    assert refusal(error) == {
        "original_date": [
            "This session has not started yet: it is on Tuesday 3 March 2026, 6:00 to "
            "7:30 pm. Record it once it has happened."
        ]
    }
    assert saved() == []


def test_a_session_starts_at_its_start_time_not_at_midnight(east):
    six_pm = dt.datetime.combine(LAST_TUESDAY, dt.time(18, 0), tzinfo=NOW.tzinfo)
    with pytest.raises(ValidationError):
        record(east, now=six_pm - dt.timedelta(minutes=1))
    assert record(east, now=six_pm + dt.timedelta(minutes=1)).original_date == LAST_TUESDAY


def test_a_past_session_moved_to_after_now_is_refused(east):
    session_move(group=east.group, original_date=LAST_TUESDAY, new_date=dt.date(2026, 3, 5))
    with pytest.raises(ValidationError) as error:
        record(east)
    assert refusal(error) == {
        "original_date": [
            "This session has not started yet: it is on Thursday 5 March 2026, 6:00 to "
            "7:30 pm. Record it once it has happened."
        ]
    }


def test_a_cancelled_session_is_refused(east):
    session_cancel(group=east.group, original_date=LAST_TUESDAY, notify=False)
    with pytest.raises(ValidationError) as error:
        record(east)
    assert refusal(error) == {
        "original_date": ["This session was cancelled; there is nothing to record."]
    }
    assert saved() == []


def test_recording_twice_is_refused_and_says_when_and_by_whom(east):
    record(east, attendance=9)
    with pytest.raises(ValidationError) as error:
        session_record(
            group=east.group,
            original_date=LAST_TUESDAY,
            held=True,
            attendance=12,
            user=east.coordinator,
        )
    assert refusal(error) == {
        "original_date": [
            "This session was already recorded on Saturday 28 February 2026 by Lead1 A.; "
            "a session is recorded once."
        ]
    }
    assert [row[3] for row in saved()] == [9]


def test_a_date_the_group_does_not_meet_on_is_refused(east):
    with pytest.raises(ValidationError) as error:
        record(east, dt.date(2026, 2, 25))
    assert refusal(error) == {
        "original_date": [
            "Metro Boston Hearing Voices does not meet on Wednesday 25 February 2026."
        ]
    }


@pytest.mark.parametrize(
    ("attendance", "message"),
    [
        (-1, "Attendance is a number of people from 0 to 500; -1 is not."),
        (501, "Attendance is a number of people from 0 to 500; 501 is not."),
        (32768, "Attendance is a number of people from 0 to 500; 32768 is not."),
    ],
)
def test_attendance_outside_0_to_500_is_refused(east, attendance, message):
    with pytest.raises(ValidationError) as error:
        record(east, attendance=attendance)
    assert refusal(error) == {"attendance": [message]}
    assert saved() == []


def test_a_note_over_2000_characters_is_refused(east):
    with pytest.raises(ValidationError) as error:
        record(east, note="a" * 2001)
    assert refusal(error) == {"note": ["The note is 2,001 characters long; keep it to 2,000."]}
    assert saved() == []


def test_every_problem_of_the_input_is_named_at_once(east):
    with pytest.raises(ValidationError) as error:
        record(east, held=False, attendance=None, not_held_reason="", note="x" * 51_200)
    assert refusal(error) == {
        "note": ["The note is 51,200 characters long; keep it to 2,000."],
        "not_held_reason": ["Say why it did not happen."],
    }
    assert saved() == []


def test_a_held_session_needs_the_number_of_people(east):
    with pytest.raises(ValidationError) as error:
        record(east, attendance=None)
    assert refusal(error) == {"attendance": ["Say how many people came (0 if nobody did)."]}


def test_a_session_that_did_not_happen_has_nobody_attending(east):
    with pytest.raises(ValidationError) as error:
        record(east, held=False, attendance=3, not_held_reason="Snow")
    assert refusal(error) == {"attendance": ["A session that did not happen had nobody attending."]}


# Who may record.


def test_nobody_but_the_sessions_facilitators_and_the_regions_coordinators_may_record(east, west):
    stranger = UserFactory(email="stranger@example.org")
    for user in (east.spare.user, west.lead.user, west.coordinator, stranger):
        with pytest.raises(PermissionDenied):
            record(east, user=user)
    assert saved() == []


def test_a_substitute_records_the_session_and_the_facilitator_they_replace_may_not(east):
    session_substitute_assign(
        group=east.group,
        original_date=LAST_TUESDAY,
        substitute=east.spare,
        replaces=east.lead,
        notify=False,
    )
    with pytest.raises(PermissionDenied):
        record(east, user=east.lead.user)
    assert record(east, user=east.spare.user).recorded_by == east.spare.user


def test_a_substitute_in_addition_and_the_regular_both_may_record(east):
    session_substitute_assign(
        group=east.group, original_date=LAST_TUESDAY, substitute=east.spare, notify=False
    )
    assert [
        may_record(person.user, group=east.group, original_date=LAST_TUESDAY)
        for person in (east.lead, east.spare)
    ] == [True, True]
    # Only on that day.
    assert not may_record(east.spare.user, group=east.group, original_date=dt.date(2026, 2, 17))


def test_an_inactive_facilitator_may_not_record(east):
    east.lead.is_active = False
    east.lead.save()
    with pytest.raises(PermissionDenied):
        record(east)


@pytest.mark.django_db(transaction=True)
def test_of_two_simultaneous_records_of_one_session_exactly_one_is_kept(page_clock):
    east = build_side("Metro Boston", "metro-boston", 1)
    first_saved, release = threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                record(east, attendance=9)
                first_saved.set()
                release.wait(10)  # keep the new row uncommitted while the second one saves
            outcome["first"] = "saved"
        finally:
            connection.close()

    def second():
        try:
            first_saved.wait(10)
            session_record(
                group=east.group,
                original_date=LAST_TUESDAY,
                held=True,
                attendance=12,
                user=east.coordinator,
            )
            outcome["second"] = "saved"
        except ValidationError as error:
            outcome["second"] = error.message_dict
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_saved.wait(10)
    # The second insert now waits on the first one's unique index entry (on SQLite, for the
    # database's write lock).
    time.sleep(0.5)
    assert "second" not in outcome
    release.set()
    for thread in threads:
        thread.join(10)
    assert outcome == {
        "first": "saved",
        "second": {
            "original_date": [
                "This session was already recorded on Saturday 28 February 2026 by Lead1 A.; "
                "a session is recorded once."
            ]
        },
    }
    assert saved() == [("metro-boston-hearing-voices", LAST_TUESDAY, True, 9, "", "")]


# The sessions a facilitator has to record.


def due(facilitator, now=NOW):
    return [(s.group.slug, s.occurrence.original_date) for s in records_due(facilitator, now=now)]


def test_records_due_are_the_started_unrecorded_sessions_of_the_last_14_days(east, west):
    assert due(east.lead) == [
        ("metro-boston-hearing-voices", dt.date(2026, 2, 17)),
        ("metro-boston-hearing-voices", LAST_TUESDAY),
    ]
    record(east, dt.date(2026, 2, 17))
    assert due(east.lead) == [("metro-boston-hearing-voices", LAST_TUESDAY)]
    assert due(east.spare) == []
    assert due(west.lead) == [
        ("western-hearing-voices", dt.date(2026, 2, 17)),
        ("western-hearing-voices", LAST_TUESDAY),
    ]


def test_records_due_leave_out_cancelled_and_moved_away_sessions_and_follow_substitutes(east):
    session_cancel(group=east.group, original_date=dt.date(2026, 2, 17), notify=False)
    session_substitute_assign(
        group=east.group,
        original_date=LAST_TUESDAY,
        substitute=east.spare,
        replaces=east.lead,
        notify=False,
    )
    assert due(east.lead) == []
    assert due(east.spare) == [("metro-boston-hearing-voices", LAST_TUESDAY)]
    SessionSubstitute.objects.all().delete()
    session_move(group=east.group, original_date=LAST_TUESDAY, new_date=dt.date(2026, 3, 2))
    assert due(east.lead) == []
    # On Tuesday 3 March at 7 pm the moved session (Monday 2 March) and that day's are due.
    evening = dt.datetime(2026, 3, 3, 19, 0, tzinfo=NOW.tzinfo)
    assert due(east.lead, evening) == [
        ("metro-boston-hearing-voices", LAST_TUESDAY),
        ("metro-boston-hearing-voices", NEXT_TUESDAY),
    ]


def test_every_session_to_record_is_one_the_facilitator_facilitates(east):
    session_substitute_assign(
        group=east.group,
        original_date=LAST_TUESDAY,
        substitute=east.spare,
        replaces=east.lead,
        notify=False,
    )
    later = dt.datetime(2026, 3, 20, 12, 0, tzinfo=NOW.tzinfo)
    for person in (east.lead, east.spare):
        found = sessions_to_record(person, now=later, days=40)
        assert found
        assert all(
            facilitates_session(
                person,
                group=item.session.group,
                original_date=item.session.occurrence.original_date,
            )
            for item in found
        )


def test_sessions_to_record_come_with_their_records(east):
    made = record(east)
    found = sessions_to_record(east.lead, now=NOW)
    assert [(item.session.occurrence.original_date, item.record) for item in found] == [
        (dt.date(2026, 2, 17), None),
        (LAST_TUESDAY, made),
    ]


@pytest.mark.parametrize("groups", [1, 3])
def test_records_due_take_four_queries_whatever_the_number_of_groups(
    east, django_assert_num_queries, groups
):
    for number in range(1, groups):
        group_create(
            title=f"Extra {number}",
            slug=f"extra-{number}",
            region=east.region,
            venue=east.venue,
            start_date=dt.date(2026, 1, 7),
            start_time=dt.time(10, 0),
            recurrences=weekly(2),
            facilitators=[(east.lead, "co")],
        )
    with django_assert_num_queries(4):
        found = records_due(east.lead, now=NOW)
    assert len(found) == 2 * groups


def test_a_facilitator_with_no_groups_has_nothing_due(db, page_clock):
    assert records_due(FacilitatorFactory(), now=NOW) == []
