"""Property-based checks of the occurrence engine against a brute-force oracle."""

import datetime as dt
import os
from calendar import monthrange
from dataclasses import replace

from dateutil import rrule as du
from hypothesis import given, settings
from hypothesis import strategies as st
from recurrence import DAILY, MONTHLY, WEEKLY, YEARLY, Rule, Weekday

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
    expected = plain_dates(schedule, plain_rule_set(schedule), first, last)
    assert schedule.session_dates(first, last) == expected


# The expansion started near the window gives what dateutil gives from the first date ---------
#
# The oracle is dateutil's own rule set built the slow way: every rule starts at the first date,
# with the rule's fields passed as they are (dateutil derives the missing BY* parts itself).
# The generated rules always give dates (a rule that never does makes dateutil walk to year
# 9999): a month list with a month day includes one every month has, and a monthly one the
# first date's month; nth weekdays and month days are not combined; a year day or week number
# that only some years have comes with one that all have; BYSETPOS always includes 1 or -1.
#
# The oracle walks from the first date, so each example costs up to a second; the suite runs
# ENGINE_PROPERTY_EXAMPLES (default 150) of them. For a thorough run after changing the engine:
#     ENGINE_PROPERTY_EXAMPLES=5000 .venv/bin/pytest tests/groups/test_occurrences_properties.py
EXAMPLES = int(os.environ.get("ENGINE_PROPERTY_EXAMPLES", "150"))

FREQUENCIES = [DAILY, WEEKLY, MONTHLY, YEARLY]
SAFE_MONTH_DAYS = [1, 13, 15, 28, -1, -2]
LEAP_DAYS = [dt.date(year, 2, 29) for year in (2000, 2004, 2012, 2020, 2028)]


def plain_rule(rule, dtstart):
    until = rule.until
    if until is not None:
        until = dt.datetime.combine(until, dt.time.max)
    return du.rrule(
        rule.freq,
        dtstart=dtstart,
        interval=rule.interval,
        wkst=rule.wkst,
        count=rule.count,
        until=until,
        byweekday=rule.byday or None,
        bysetpos=rule.bysetpos or None,
        bymonth=rule.bymonth or None,
        bymonthday=rule.bymonthday or None,
        byyearday=rule.byyearday or None,
        byweekno=rule.byweekno or None,
    )


def plain_rule_set(schedule):
    """The schedule as one dateutil rule set, every rule started at the first date."""

    def at(day):
        return dt.datetime.combine(day, schedule.start_time)

    rules = du.rruleset(cache=True)
    rules.rdate(at(schedule.start_date))
    for rule in schedule.rrules:
        rules.rrule(plain_rule(rule, at(schedule.start_date)))
    for day in schedule.rdates:
        rules.rdate(at(day))
    for rule in schedule.exrules:
        rules.exrule(plain_rule(rule, at(schedule.start_date)))
    for day in schedule.exdates:
        rules.exdate(at(day))
    return rules


def plain_dates(schedule, rules, first, last):
    if schedule.end_date is not None:
        last = min(last, schedule.end_date)
    first = max(first, schedule.start_date)
    if last < first:
        return []
    found = rules.between(
        dt.datetime.combine(first, dt.time.min), dt.datetime.combine(last, dt.time.max), inc=True
    )
    return [moment.date() for moment in found]


def plain_next(schedule, rules, day):
    found = rules.after(dt.datetime.combine(day, dt.time.min), inc=True)
    if found is None or (schedule.end_date is not None and found.date() > schedule.end_date):
        return None
    return found.date()


first_dates = st.one_of(
    st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
    st.builds(  # the month's last days, in any month that has them
        lambda year, month, day: dt.date(year, month, min(day, monthrange(year, month)[1])),
        st.integers(2000, 2030),
        st.integers(1, 12),
        st.integers(28, 31),
    ),
    st.sampled_from(LEAP_DAYS),
)


@st.composite
def rules(draw, first, ends=False):
    freq = draw(st.sampled_from(FREQUENCIES))
    parts = {"interval": draw(st.integers(1, 4)), "wkst": draw(st.none() | st.integers(0, 6))}
    kinds = ["default", "weekdays", "nth weekdays", "month days", "month day and weekdays"]
    if freq == YEARLY:
        kinds += ["year days", "week numbers"]
    kind = draw(st.sampled_from(kinds))
    weekdays = st.lists(st.integers(0, 6), min_size=1, max_size=3, unique=True)
    if kind == "weekdays":
        parts["byday"] = draw(weekdays)
    elif kind == "nth weekdays":
        nth = st.builds(Weekday, st.integers(0, 6), st.sampled_from([1, 2, 3, 4, 5, -1, -2]))
        # Not mixed with plain weekdays: dateutil would give only the days that are both.
        parts["byday"] = draw(st.lists(nth, min_size=1, max_size=3))
    elif kind == "month days":
        parts["bymonthday"] = draw(
            st.lists(st.sampled_from([1, 13, 15, 28, 29, 30, 31, -1, -2]), min_size=1, max_size=3)
        )
    elif kind == "month day and weekdays":  # e.g. Friday the 13th, or a Monday that is the 1st
        parts["bymonthday"] = draw(st.lists(st.sampled_from([1, 13, -1]), min_size=1, max_size=2))
        parts["byday"] = draw(weekdays)
    elif kind == "year days":
        # Day 366 and week 53 are only in some years, which an interval can skip for ever.
        parts["byyearday"] = [draw(st.sampled_from([1, 60, 100, 256, 365, -1]))]
        parts["byyearday"] += draw(st.lists(st.sampled_from([366, -366]), max_size=1))
    elif kind == "week numbers":
        parts["byweekno"] = [draw(st.sampled_from([1, 2, 20, 52, -1]))]
        parts["byweekno"] += draw(st.lists(st.just(53), max_size=1))
        if draw(st.booleans()):
            parts["byday"] = draw(weekdays)
    if kind in ("default", "weekdays", "nth weekdays", "month days") and draw(st.booleans()):
        months = draw(st.lists(st.integers(1, 12), min_size=1, max_size=4, unique=True))
        if kind == "month days" and not set(parts["bymonthday"]) & set(SAFE_MONTH_DAYS):
            parts["bymonthday"].append(draw(st.sampled_from(SAFE_MONTH_DAYS)))
        if freq == MONTHLY or kind == "default" and freq == YEARLY:
            # A monthly interval visits the first date's month, and maybe no other listed;
            # a day taken from the first date is in that month.
            months = sorted({*months, first.month})
        parts["bymonth"] = months
    if kind != "default" and draw(st.booleans()):
        parts["bysetpos"] = draw(st.sampled_from([[1], [-1], [1, -1], [2, -1], [1, 3], [-2, 1]]))
    end = draw(st.sampled_from(["count", "until"] if ends else ["count", "until", None, None]))
    if end == "count":
        parts["count"] = draw(st.integers(1, 60))
    elif end == "until":
        parts["until"] = first + dt.timedelta(days=draw(st.integers(0, 40_000)))
    return Rule(freq, **parts)


@st.composite
def far_schedules(draw):
    first = draw(first_dates)
    rrules = (draw(rules(first)),)
    # An exclusion rule ends (one like the rule with no end would leave no dates, and dateutil
    # would look for the next one until year 9999).
    exrules = (draw(rules(first, ends=True)),) if draw(st.integers(0, 5)) == 0 else ()
    return Schedule(
        start_date=first,
        start_time=dt.time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 30]))),
        duration=dt.timedelta(hours=1),
        timezone="America/New_York",
        rrules=rrules,
        exrules=exrules,
        end_date=None if draw(st.integers(0, 2)) else draw(st.dates(first, dt.date(2110, 12, 31))),
    )


@st.composite
def windows(draw, start):
    """A window near the first date, or decades after it."""
    if draw(st.booleans()):
        # Often in the first period or two, which may be partial (a week from the first date).
        days = draw(st.integers(-10, 40) | st.integers(-10, 800))
        first = start + dt.timedelta(days=days)
    else:
        first = draw(st.dates(start, dt.date(2105, 12, 31)))
    return first, first + dt.timedelta(days=draw(st.integers(0, 100)))


@settings(max_examples=EXAMPLES, deadline=None)
@given(far_schedules(), st.data())
def test_any_window_gives_what_dateutil_gives_from_the_first_date(schedule, data):
    first, last = data.draw(windows(schedule.start_date))
    # Extra and excluded dates, some of them on the window's own sessions.
    sessions = schedule.session_dates(first, last)
    around = st.dates(
        max(first - dt.timedelta(days=10), schedule.start_date), last + dt.timedelta(days=10)
    )
    excluded = data.draw(st.lists(st.sampled_from(sessions), max_size=2)) if sessions else []
    excluded += data.draw(st.lists(around, max_size=1))
    extra = data.draw(st.lists(around, max_size=2))
    if schedule.end_date is not None:
        extra = [day for day in extra if day <= schedule.end_date]
    schedule = replace(
        schedule, rdates=tuple(sorted(set(extra))), exdates=tuple(sorted(set(excluded)))
    )
    oracle = plain_rule_set(schedule)

    assert schedule.session_dates(first, last) == plain_dates(schedule, oracle, first, last)
    assert schedule.next_session_date(first) == plain_next(schedule, oracle, first)
    assert schedule.next_session_date(last) == plain_next(schedule, oracle, last)
    expected = set(plain_dates(schedule, oracle, first, last))
    for day in data.draw(st.lists(st.dates(first, last), max_size=3)):
        assert schedule.meets_on(day) == (day in expected)


@settings(max_examples=EXAMPLES // 2, deadline=None)
@given(far_schedules(), st.data())
def test_a_lone_rule_far_from_its_first_date_gives_what_dateutil_gives(schedule, data):
    # No extra or excluded dates: the path that skips dateutil's rule set.
    schedule = replace(schedule, exrules=())
    first, last = data.draw(windows(schedule.start_date))
    oracle = plain_rule_set(schedule)
    assert schedule.session_dates(first, last) == plain_dates(schedule, oracle, first, last)
    assert schedule.next_session_date(first) == plain_next(schedule, oracle, first)


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    first_dates,
    st.sampled_from(FREQUENCIES),
    st.integers(1, 4),
    st.none() | st.integers(0, 6),
    st.booleans(),
    st.data(),
)
def test_days_taken_from_the_first_date_are_the_same_decades_later(
    start, freq, interval, wkst, with_months, data
):
    # No BY* part at all: dateutil takes the weekday, the day of the month, or the month and day
    # from the first date (a yearly rule with months takes only the day).
    parts = {"interval": interval, "wkst": wkst}
    if with_months and freq == YEARLY:
        parts["bymonth"] = sorted({start.month, *data.draw(st.sets(st.integers(1, 12)))})
    schedule = Schedule(
        start_date=start,
        start_time=dt.time(9, 30),
        duration=dt.timedelta(hours=1),
        timezone="Europe/London",
        rrules=(Rule(freq, **parts),),
    )
    first = data.draw(st.dates(start, dt.date(2105, 12, 31)))
    last = first + dt.timedelta(days=data.draw(st.integers(0, 400)))
    oracle = plain_rule_set(schedule)
    assert schedule.session_dates(first, last) == plain_dates(schedule, oracle, first, last)
    assert schedule.next_session_date(first) == plain_next(schedule, oracle, first)


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    first_dates,
    st.integers(1, 4),
    st.none() | st.integers(0, 6),
    st.lists(st.integers(0, 6), min_size=2, max_size=5, unique=True),
    st.data(),
)
def test_positions_in_a_week_from_the_first_partial_week_on(start, interval, wkst, days, data):
    # The first week runs from the first date to the end of its week, so BYSETPOS counts fewer
    # days there than in the weeks after it.
    size = len(days)
    positions = data.draw(
        st.lists(st.integers(1, size) | st.integers(-size, -1), min_size=1, max_size=2)
    )
    schedule = Schedule(
        start_date=start,
        start_time=dt.time(7),
        duration=dt.timedelta(hours=1),
        timezone="Australia/Sydney",
        rrules=(Rule(WEEKLY, interval=interval, wkst=wkst, byday=days, bysetpos=positions),),
    )
    first = start + dt.timedelta(days=data.draw(st.integers(1, 8 * 7 * interval)))
    last = first + dt.timedelta(days=data.draw(st.integers(0, 30)))
    oracle = plain_rule_set(schedule)
    assert schedule.session_dates(first, last) == plain_dates(schedule, oracle, first, last)
    assert schedule.next_session_date(first) == plain_next(schedule, oracle, first)
