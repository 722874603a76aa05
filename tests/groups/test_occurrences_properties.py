"""Property-based checks of the occurrence engine against a brute-force oracle."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from recurrence import MONTHLY, WEEKLY, Rule, Weekday

from groups.occurrences import Change, Schedule

ZONES = ["America/New_York", "America/Los_Angeles", "Europe/London", "Australia/Sydney"]


@st.composite
def weekly_schedules(draw):
    weekdays = sorted(draw(st.sets(st.integers(0, 6), min_size=1, max_size=3)))
    interval = draw(st.integers(1, 3))
    # The first date must be a meeting day: pick a week, then one of its meeting days.
    monday = dt.date(2025, 1, 6) + dt.timedelta(weeks=draw(st.integers(0, 104)))
    start = monday + dt.timedelta(days=draw(st.sampled_from(weekdays)))
    at = dt.time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 30, 45])))
    return (
        Schedule(
            start_date=start,
            start_time=at,
            duration=dt.timedelta(minutes=draw(st.integers(15, 180))),
            timezone=draw(st.sampled_from(ZONES)),
            rrules=(Rule(WEEKLY, interval=interval, byday=weekdays),),
        ),
        weekdays,
        interval,
    )


def oracle_dates(start, weekdays, interval, first, last):
    """Day by day: a meeting day in a week that is a multiple of the interval from the first."""
    start_monday = start - dt.timedelta(days=start.weekday())
    days = []
    day = max(first, start)
    while day <= last:
        weeks = (day - dt.timedelta(days=day.weekday()) - start_monday).days // 7
        if day.weekday() in weekdays and weeks % interval == 0:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


@settings(max_examples=150, deadline=None)
@given(weekly_schedules(), st.integers(0, 900), st.integers(1, 120))
def test_weekly_sessions_match_the_day_by_day_oracle(drawn, offset, span):
    schedule, weekdays, interval = drawn
    first = dt.date(2025, 1, 1) + dt.timedelta(days=offset)
    last = first + dt.timedelta(days=span)
    tz = schedule.tzinfo
    window = (
        dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )
    found = schedule.occurrences_between(*window)
    expected = oracle_dates(schedule.start_date, weekdays, interval, first, last)
    assert [occ.original_date for occ in found] == expected
    # Every session starts at the wall-clock start time on its own date, or an hour later
    # when that time does not exist (the clocks sprang forward through it that night).
    for occ in found:
        scheduled = dt.datetime.combine(occ.original_date, schedule.start_time)
        shown = occ.start.replace(tzinfo=None)
        exists = (
            scheduled.replace(tzinfo=tz).astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
            == scheduled
        )
        assert shown == (scheduled if exists else scheduled + dt.timedelta(hours=1))


@settings(max_examples=100, deadline=None)
@given(weekly_schedules(), st.integers(1, 60), st.integers(0, 24 * 60), st.data())
def test_splitting_a_window_never_changes_what_it_contains(drawn, days, split_minutes, data):
    schedule, _, _ = drawn
    start = schedule.first_start - dt.timedelta(hours=5)
    end = start + dt.timedelta(days=days)
    split = start + (end - start) * (split_minutes / (24 * 60))
    sessions = schedule.session_dates(
        schedule.start_date, schedule.start_date + dt.timedelta(days=days)
    )
    changes = []
    for day in data.draw(st.lists(st.sampled_from(sessions), unique=True, max_size=3)):
        if data.draw(st.booleans()):
            changes.append(Change(original_date=day, cancelled=True))
        else:
            moved_to = day + dt.timedelta(days=data.draw(st.integers(-10, 10)))
            changes.append(Change(original_date=day, cancelled=False, new_date=moved_to))
    whole = schedule.occurrences_between(start, end, changes)
    parts = schedule.occurrences_between(start, split, changes) + schedule.occurrences_between(
        split, end, changes
    )
    assert parts == whole
    assert sorted({occ.original_date for occ in whole}) == sorted(
        occ.original_date for occ in whole
    )


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(
        [
            Rule(WEEKLY, byday=[1]),
            Rule(WEEKLY, interval=2, byday=[0, 3]),
            Rule(MONTHLY, byday=[Weekday(2, 1), Weekday(2, 3)]),
            Rule(MONTHLY, byday=[Weekday(4, -1)]),
            Rule(MONTHLY, bymonthday=[31]),
            Rule(WEEKLY, byday=[5], count=6),
        ]
    ),
    st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
    st.dates(dt.date(2025, 1, 1), dt.date(2028, 6, 30)),
    st.integers(0, 400),
)
def test_a_lone_rule_gives_the_dates_the_rule_set_gives(rule, start, first, span):
    # A schedule of one rule skips dateutil's rule set; the first date, even one the rule does
    # not produce (possible in data from before the check), is still a session.
    schedule = Schedule(
        start_date=start,
        start_time=dt.time(18),
        duration=dt.timedelta(hours=1),
        timezone="America/New_York",
        rrules=(rule,),
    )
    last = first + dt.timedelta(days=span)
    expected = [
        moment.date()
        for moment in schedule._rruleset.between(
            dt.datetime.combine(max(first, start), dt.time.min),
            dt.datetime.combine(last, dt.time.max),
            inc=True,
        )
    ]
    assert schedule.session_dates(first, last) == expected
