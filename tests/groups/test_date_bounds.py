"""Every date a group or a session change holds is one the engine, pages and feeds can handle.

Stored dates lie in the years 2000 to 2099 (the years the public pages and the API take), and
a first date, an extra date or a session change is at most three years after today: a date
beyond is a typo (9999 for "no end", 2206 for 2026), refused where it is stored, whatever
path it comes by (issue 12, item 1).
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from recurrence import WEEKLY, Recurrence, Rule

from groups import services, sessions
from groups.dates import EARLIEST_DATE, LATEST_DATE, planning_horizon
from groups.models import SessionChange
from tests.factories import GroupFactory, RegionFactory, VenueFactory, weekly

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 2, 28)  # tests.page_clock
HORIZON = dt.date(2029, 2, 28)


def fields(**overrides):
    region = RegionFactory()
    values = {
        "title": "Hearing Voices Group",
        "slug": "hearing-voices",
        "region": region,
        "venue": VenueFactory(region=region),
        "start_date": dt.date(2026, 3, 3),
        "start_time": dt.time(18, 0),
        "duration_minutes": 90,
        "recurrences": weekly(1),
    }
    values.update(overrides)
    return values


def refused(**overrides) -> dict:
    with pytest.raises(ValidationError) as caught:
        services.group_create(**fields(**overrides))
    return caught.value.message_dict


def with_dates(rdates=(), exdates=(), until=None):
    return Recurrence(
        rrules=[Rule(WEEKLY, byday=[1], until=until)],
        rdates=[dt.datetime.combine(day, dt.time(12)) for day in rdates],
        exdates=[dt.datetime.combine(day, dt.time(12)) for day in exdates],
    )


def test_the_planning_horizon_is_three_years_after_today(page_clock):
    assert planning_horizon() == HORIZON
    assert planning_horizon(dt.date(2028, 2, 29)) == dt.date(2031, 2, 28)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_date": dt.date(9999, 12, 31)}, "end_date"),
        ({"end_date": dt.date(2100, 1, 5)}, "end_date"),
        ({"start_date": dt.date(9999, 12, 28)}, "start_date"),
        ({"start_date": dt.date(1, 1, 2), "recurrences": weekly(1)}, "start_date"),
        ({"start_date": dt.date(1999, 12, 28)}, "start_date"),
        ({"recurrences": with_dates(rdates=[dt.date(9999, 12, 31)])}, "recurrences"),
        ({"recurrences": with_dates(exdates=[dt.date(1, 1, 1)])}, "recurrences"),
        ({"recurrences": with_dates(until=dt.datetime(9999, 12, 31, 12))}, "recurrences"),
        ({"last_confirmed_on": dt.date(9999, 1, 1)}, "last_confirmed_on"),
    ],
    ids=[
        "end-9999",
        "end-2100",
        "first-9999",
        "first-0001",
        "first-1999",
        "extra-9999",
        "excluded-0001",
        "until-9999",
        "confirmed-9999",
    ],
)
def test_a_date_outside_the_years_the_site_shows_is_refused(page_clock, overrides, field):
    assert refused(**overrides) == {field: ["Choose a date from 2000 to 2099."]}


def test_a_first_date_beyond_the_planning_horizon_is_refused(page_clock):
    # 2 March 2029 is a Friday; the rule meets on Fridays.
    errors = refused(start_date=dt.date(2029, 3, 2), recurrences=weekly(4))
    assert errors == {
        "start_date": [
            "The first date is more than three years away (after 28 February 2029); check the year."
        ]
    }


def test_an_extra_date_beyond_the_planning_horizon_is_refused(page_clock):
    errors = refused(recurrences=with_dates(rdates=[dt.date(2029, 3, 1)]))
    assert errors == {
        "recurrences": [
            "An extra date is more than three years away (after 28 February 2029); check the year."
        ]
    }


def test_dates_at_the_edges_are_kept(page_clock):
    group = services.group_create(
        **fields(
            start_date=dt.date(2000, 1, 4),
            end_date=LATEST_DATE,
            recurrences=with_dates(rdates=[HORIZON], exdates=[EARLIEST_DATE]),
        )
    )
    assert (group.start_date, group.end_date) == (dt.date(2000, 1, 4), LATEST_DATE)


def test_an_old_group_with_an_old_first_date_can_still_be_edited(page_clock):
    group = services.group_create(**fields(start_date=dt.date(2004, 1, 6)))
    services.group_update(
        group=group, expected_version=services.ANY_VERSION, title="Hearing Voices"
    )
    assert group.title == "Hearing Voices"


@pytest.mark.parametrize(
    ("new_date", "message"),
    [
        (dt.date(9999, 12, 31), "Choose a date from 2000 to 2099."),
        (dt.date(2027, 3, 5), "A session can move at most a year from its date (3 March 2026)."),
        (dt.date(2025, 3, 1), "A session can move at most a year from its date (3 March 2026)."),
    ],
)
def test_a_move_far_from_the_session_is_refused(page_clock, new_date, message):
    group = services.group_create(**fields())
    with pytest.raises(ValidationError) as caught:
        sessions.session_move(
            group=group, original_date=dt.date(2026, 3, 3), new_date=new_date, notify=False
        )
    assert caught.value.message_dict == {"new_date": [message]}
    assert SessionChange.objects.count() == 0


def test_a_change_to_a_session_beyond_the_planning_horizon_is_refused(page_clock):
    group = services.group_create(**fields())
    with pytest.raises(ValidationError) as caught:
        sessions.session_cancel(group=group, original_date=dt.date(2029, 3, 6), notify=False)
    assert caught.value.message_dict == {
        "original_date": [
            "That session is more than three years away (after 28 February 2029); check the year."
        ]
    }


@pytest.mark.parametrize("day", [dt.date(9999, 12, 28), dt.date(1, 1, 2)])
def test_other_session_records_refuse_dates_outside_the_years(page_clock, day):
    from groups.models import SessionRecord, SessionSubstitute, SubstituteRequest
    from tests.factories import FacilitatorFactory

    group = GroupFactory(start_date=dt.date(2026, 1, 6))
    person = FacilitatorFactory()
    for record in (
        SessionSubstitute(group=group, original_date=day, substitute=person),
        SubstituteRequest(group=group, original_date=day, requested_by=person),
        SessionRecord(group=group, original_date=day, held=True, attendance=3),
    ):
        with pytest.raises(ValidationError) as caught:
            record.full_clean()
        assert caught.value.message_dict["original_date"] == ["Choose a date from 2000 to 2099."]
