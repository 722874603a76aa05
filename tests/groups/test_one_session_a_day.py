"""A group meets at most once a day: a session is its group and its date, so no move, extra
date or schedule edit may put two sessions of one group on one date (issue 12, item 12).

The sessions of east's group meet on Tuesdays at 6 pm from 6 January 2026 (tests/two_regions.py).
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from recurrence import WEEKLY, Recurrence, Rule

from groups import services, sessions
from groups.models import Group, SessionChange
from tests.factories import weekly

pytestmark = pytest.mark.django_db

TUE_3 = dt.date(2026, 3, 3)
WED_4 = dt.date(2026, 3, 4)
TUE_10 = dt.date(2026, 3, 10)
TUE_17 = dt.date(2026, 3, 17)


def move(group, day, new_date, **fields):
    return sessions.session_move(
        group=group, original_date=day, new_date=new_date, notify=False, **fields
    )


def refusal(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_a_move_onto_a_day_the_group_already_meets_is_refused(east):
    errors = refusal(lambda: move(east.group, TUE_3, TUE_10))
    assert errors == {
        "new_date": [
            "Metro Boston Hearing Voices already meets on Tuesday 10 March 2026, and a group "
            "meets at most once a day. Choose another date, or cancel this session instead."
        ]
    }
    assert not SessionChange.objects.filter(group=east.group, original_date=TUE_3).exists()


def test_a_move_onto_a_day_whose_session_is_cancelled_is_refused(east):
    sessions.session_cancel(group=east.group, original_date=TUE_10, notify=False)
    errors = refusal(lambda: move(east.group, TUE_3, TUE_10))
    assert errors == {
        "new_date": [
            "The session of Tuesday 10 March 2026 is cancelled, and a group meets at most once "
            "a day. Choose another date, or undo that cancellation and cancel this session."
        ]
    }


def test_a_move_onto_a_day_another_session_moved_to_is_refused(east):
    move(east.group, TUE_3, WED_4)
    errors = refusal(lambda: move(east.group, TUE_10, WED_4))
    assert errors == {
        "new_date": [
            "The session of Tuesday 3 March 2026 has moved to Wednesday 4 March 2026, and a "
            "group meets at most once a day. Choose another date."
        ]
    }


def test_a_move_onto_a_day_whose_session_moved_away_is_kept(east):
    move(east.group, TUE_10, WED_4 + dt.timedelta(days=7))
    change = move(east.group, TUE_3, TUE_10)
    assert change.new_date == TUE_10
    days = [
        occurrence.start.date()
        for occurrence in Group.objects.get(pk=east.group.pk).schedule.occurrences_between(
            dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
            dt.datetime(2026, 3, 20, tzinfo=dt.UTC),
            [c.as_change() for c in east.group.changes.all()],
        )
    ]
    assert days == [TUE_10, dt.date(2026, 3, 11), TUE_17]


def test_moving_a_session_again_onto_its_own_new_date_is_kept(east):
    move(east.group, TUE_3, WED_4)
    change = move(east.group, TUE_3, WED_4, new_start_time=dt.time(19, 0))
    assert (change.new_date, change.new_start_time) == (WED_4, dt.time(19, 0))


def test_a_move_within_its_own_day_is_kept(east):
    change = move(east.group, TUE_3, TUE_3, new_start_time=dt.time(17, 0))
    assert change.new_start_time == dt.time(17, 0)


def test_a_schedule_edit_that_meets_where_a_session_moved_to_is_refused(east):
    move(east.group, TUE_3, WED_4)
    errors = refusal(
        lambda: services.group_update(
            group=east.group, expected_version=services.ANY_VERSION, recurrences=weekly(1, 2)
        )
    )
    assert errors == {
        "recurrences": [
            "The session of Tuesday 3 March 2026 has moved to Wednesday 4 March 2026, which "
            "this schedule makes a meeting day too, and a group meets at most once a day. Move "
            "that session to another day, or undo the move, first."
        ]
    }
    assert list(Group.objects.get(pk=east.group.pk).recurrences.rrules[0].byday) == [
        weekly(1).rrules[0].byday[0]
    ]


def test_an_extra_date_where_a_session_moved_to_is_refused(east):
    move(east.group, TUE_3, WED_4)
    rules = Recurrence(
        rrules=[Rule(WEEKLY, byday=[1])], rdates=[dt.datetime.combine(WED_4, dt.time(12))]
    )
    errors = refusal(
        lambda: services.group_update(
            group=east.group, expected_version=services.ANY_VERSION, recurrences=rules
        )
    )
    assert list(errors) == ["recurrences"]


def test_a_schedule_edit_that_leaves_the_moved_sessions_alone_is_kept(east):
    move(east.group, TUE_3, WED_4)
    group = services.group_update(
        group=east.group, expected_version=services.ANY_VERSION, recurrences=weekly(1, 3)
    )
    assert group.recurrences.rrules[0].byday is not None


def test_the_console_says_why_a_move_onto_a_meeting_day_is_refused(client, east):
    client.force_login(east.coordinator)
    response = client.post(
        f"/manage/groups/{east.group.slug}/sessions/{TUE_3}/move/", {"new_date": TUE_10}
    )
    assert response.status_code == 400
    assert response.context["move_form"].errors["new_date"] == [
        "Metro Boston Hearing Voices already meets on Tuesday 10 March 2026, and a group meets "
        "at most once a day. Choose another date, or cancel this session instead."
    ]
    assert not SessionChange.objects.filter(group=east.group, original_date=TUE_3).exists()
