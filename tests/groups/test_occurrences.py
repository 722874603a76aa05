"""The occurrence engine, without a database: wall-clock time, DST, month ends, changes."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from recurrence import DAILY, MONTHLY, WEEKLY, YEARLY, Rule, Weekday

from groups.occurrences import Change, Schedule, wall_clock
from groups.recurrence_rules import MAX_COUNT, last_counted

NY = ZoneInfo("America/New_York")
UTC = dt.UTC
MO, TU, WE, TH, FR, SA, SU = range(7)


def schedule(rrules=(), *, start=dt.date(2026, 1, 6), at=dt.time(18, 0), minutes=90, **kw):
    return Schedule(
        start_date=start,
        start_time=at,
        duration=dt.timedelta(minutes=minutes),
        timezone=kw.pop("timezone", "America/New_York"),
        rrules=tuple(rrules),
        **kw,
    )


def local(y, m, d, h=18, minute=0, tz=NY):
    return wall_clock(dt.date(y, m, d), dt.time(h, minute), tz)


def window(first, last, tz=NY):
    """[first 00:00, last+1 00:00) local."""
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def dates(sched, first, last, changes=()):
    return [occ.start.date() for occ in sched.occurrences_between(*window(first, last), changes)]


@pytest.mark.parametrize(
    ("rules", "start", "first", "last", "expected"),
    [
        pytest.param(
            [Rule(WEEKLY, byday=[TU])],
            dt.date(2026, 1, 6),
            dt.date(2026, 1, 1),
            dt.date(2026, 1, 31),
            [dt.date(2026, 1, d) for d in (6, 13, 20, 27)],
            id="weekly",
        ),
        pytest.param(
            [Rule(WEEKLY, interval=2, byday=[TU])],
            dt.date(2026, 1, 6),
            dt.date(2026, 1, 12),
            dt.date(2026, 2, 28),
            [dt.date(2026, 1, 20), dt.date(2026, 2, 3), dt.date(2026, 2, 17)],
            id="every-other-week-anchored-on-first-date",
        ),
        pytest.param(
            [Rule(WEEKLY, interval=2, byday=[TU])],
            dt.date(2026, 1, 13),
            dt.date(2026, 1, 12),
            dt.date(2026, 2, 28),
            [
                dt.date(2026, 1, 13),
                dt.date(2026, 1, 27),
                dt.date(2026, 2, 10),
                dt.date(2026, 2, 24),
            ],
            id="every-other-week-other-anchor",
        ),
        pytest.param(
            [Rule(WEEKLY, byday=[MO, WE, FR])],
            dt.date(2026, 2, 2),
            dt.date(2026, 2, 1),
            dt.date(2026, 2, 8),
            [dt.date(2026, 2, 2), dt.date(2026, 2, 4), dt.date(2026, 2, 6)],
            id="several-days-a-week",
        ),
        pytest.param(
            [Rule(MONTHLY, byday=[Weekday(TU, 2), Weekday(TU, 4)])],
            dt.date(2026, 1, 13),
            dt.date(2026, 1, 1),
            dt.date(2026, 3, 31),
            [dt.date(2026, 1, 13), dt.date(2026, 1, 27), dt.date(2026, 2, 10)]
            + [dt.date(2026, 2, 24), dt.date(2026, 3, 10), dt.date(2026, 3, 24)],
            id="second-and-fourth-tuesday",
        ),
        pytest.param(
            [Rule(MONTHLY, byday=[Weekday(TU, 5)])],
            dt.date(2026, 3, 31),
            dt.date(2026, 1, 1),
            dt.date(2026, 12, 31),
            [dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 9, 29)]
            + [dt.date(2026, 12, 29)],
            id="fifth-tuesday-only-in-months-that-have-one",
        ),
        pytest.param(
            [Rule(MONTHLY, byday=[Weekday(FR, -1)])],
            dt.date(2026, 1, 30),
            dt.date(2026, 1, 1),
            dt.date(2026, 4, 30),
            [dt.date(2026, 1, 30), dt.date(2026, 2, 27), dt.date(2026, 3, 27)]
            + [dt.date(2026, 4, 24)],
            id="last-friday",
        ),
        pytest.param(
            [Rule(MONTHLY, byday=[MO, TU, WE, TH, FR], bysetpos=[-1])],
            dt.date(2026, 1, 30),
            dt.date(2026, 1, 1),
            dt.date(2026, 4, 30),
            [dt.date(2026, 1, 30), dt.date(2026, 2, 27), dt.date(2026, 3, 31)]
            + [dt.date(2026, 4, 30)],
            id="last-weekday-of-month-bysetpos",
        ),
        pytest.param(
            [Rule(MONTHLY, bymonthday=[-1])],
            dt.date(2026, 1, 31),
            dt.date(2026, 1, 1),
            dt.date(2026, 4, 30),
            [dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31)]
            + [dt.date(2026, 4, 30)],
            id="last-day-of-month",
        ),
        pytest.param(
            [Rule(MONTHLY, bymonthday=[31])],
            dt.date(2026, 1, 31),
            dt.date(2026, 1, 1),
            dt.date(2026, 5, 31),
            [dt.date(2026, 1, 31), dt.date(2026, 3, 31), dt.date(2026, 5, 31)],
            id="31st-skips-short-months",
        ),
        pytest.param(
            [Rule(YEARLY, bymonth=[2], bymonthday=[29])],
            dt.date(2028, 2, 29),
            dt.date(2028, 1, 1),
            dt.date(2033, 12, 31),
            [dt.date(2028, 2, 29), dt.date(2032, 2, 29)],
            id="leap-day",
        ),
        pytest.param(
            [Rule(WEEKLY, byday=[TU], count=3)],
            dt.date(2026, 1, 6),
            dt.date(2026, 1, 1),
            dt.date(2026, 3, 31),
            [dt.date(2026, 1, 6), dt.date(2026, 1, 13), dt.date(2026, 1, 20)],
            id="count",
        ),
        pytest.param(
            [Rule(WEEKLY, byday=[TU], until=dt.datetime(2026, 1, 20, 0, 0))],
            dt.date(2026, 1, 6),
            dt.date(2026, 1, 1),
            dt.date(2026, 3, 31),
            [dt.date(2026, 1, 6), dt.date(2026, 1, 13), dt.date(2026, 1, 20)],
            id="until-includes-its-whole-date",
        ),
        pytest.param(
            [Rule(DAILY)],
            dt.date(2026, 2, 27),
            dt.date(2026, 2, 26),
            dt.date(2026, 3, 2),
            [dt.date(2026, 2, 27), dt.date(2026, 2, 28), dt.date(2026, 3, 1), dt.date(2026, 3, 2)],
            id="daily-across-month-end",
        ),
        pytest.param(
            [],
            dt.date(2026, 2, 14),
            dt.date(2026, 1, 1),
            dt.date(2026, 12, 31),
            [dt.date(2026, 2, 14)],
            id="one-off",
        ),
    ],
)
def test_session_dates_follow_the_rule(rules, start, first, last, expected):
    assert dates(schedule(rules, start=start), first, last) == expected


# A century after the first date: the engine starts each rule near the window (see the module
# docstring), so these check the anchors it must keep. Expected dates worked out by hand.
@pytest.mark.parametrize(
    ("rules", "start", "first", "last", "expected"),
    [
        pytest.param(
            [Rule(WEEKLY, interval=2, byday=[TU])],
            dt.date(2000, 1, 4),
            dt.date(2099, 6, 1),
            dt.date(2099, 7, 31),
            [dt.date(2099, 6, 9), dt.date(2099, 6, 23), dt.date(2099, 7, 7), dt.date(2099, 7, 21)],
            id="every-other-week",
        ),
        pytest.param(
            [Rule(WEEKLY, interval=2, byday=[SU, TU], wkst=SU)],
            dt.date(2000, 1, 2),
            dt.date(2099, 6, 1),
            dt.date(2099, 6, 30),
            [dt.date(2099, 6, 7), dt.date(2099, 6, 9), dt.date(2099, 6, 21), dt.date(2099, 6, 23)],
            id="every-other-week-of-weeks-from-sunday",
        ),
        pytest.param(
            [Rule(WEEKLY, interval=2, byday=[SU, TU], wkst=MO)],
            dt.date(2000, 1, 2),
            dt.date(2099, 6, 1),
            dt.date(2099, 6, 30),
            # The first date, a Sunday, ends its Monday-to-Sunday week: the fortnights differ.
            [dt.date(2099, 6, 2), dt.date(2099, 6, 7), dt.date(2099, 6, 16), dt.date(2099, 6, 21)]
            + [dt.date(2099, 6, 30)],
            id="every-other-week-of-weeks-from-monday",
        ),
        pytest.param(
            [Rule(WEEKLY, byday=[MO, WE, FR], bysetpos=[2])],
            dt.date(2026, 1, 7),
            dt.date(2026, 1, 8),
            dt.date(2026, 1, 31),
            # The first week runs from the first date: its second meeting day is the Friday.
            [dt.date(2026, 1, 9), dt.date(2026, 1, 14), dt.date(2026, 1, 21), dt.date(2026, 1, 28)],
            id="second-of-the-week-in-the-first-partial-week",
        ),
        pytest.param(
            [Rule(WEEKLY, byday=[MO, WE, FR], bysetpos=[2])],
            dt.date(2026, 1, 7),
            dt.date(2099, 3, 1),
            dt.date(2099, 3, 15),
            [dt.date(2099, 3, 4), dt.date(2099, 3, 11)],
            id="second-of-the-week",
        ),
        pytest.param(
            [Rule(DAILY, interval=3)],
            dt.date(2000, 1, 1),
            dt.date(2099, 12, 25),
            dt.date(2099, 12, 31),
            [dt.date(2099, 12, 26), dt.date(2099, 12, 29)],
            id="every-third-day",
        ),
        pytest.param(
            [Rule(MONTHLY, byday=[Weekday(TU, 5)])],
            dt.date(2000, 2, 29),
            dt.date(2099, 1, 1),
            dt.date(2099, 12, 31),
            [dt.date(2099, 3, 31), dt.date(2099, 6, 30), dt.date(2099, 9, 29)]
            + [dt.date(2099, 12, 29)],
            id="fifth-tuesday",
        ),
        pytest.param(
            [Rule(MONTHLY, byday=[Weekday(FR, -1)])],
            dt.date(2000, 1, 28),
            dt.date(2099, 1, 1),
            dt.date(2099, 3, 31),
            [dt.date(2099, 1, 30), dt.date(2099, 2, 27), dt.date(2099, 3, 27)],
            id="last-friday",
        ),
        pytest.param(
            [Rule(MONTHLY, bymonthday=[-1])],
            dt.date(2000, 1, 31),
            dt.date(2099, 1, 1),
            dt.date(2099, 4, 30),
            [dt.date(2099, 1, 31), dt.date(2099, 2, 28), dt.date(2099, 3, 31)]
            + [dt.date(2099, 4, 30)],
            id="last-day-of-month",
        ),
        pytest.param(
            [Rule(MONTHLY, interval=3)],
            dt.date(2000, 1, 31),
            dt.date(2099, 1, 1),
            dt.date(2099, 12, 31),
            # January, April, July, October: April has no 31st.
            [dt.date(2099, 1, 31), dt.date(2099, 7, 31), dt.date(2099, 10, 31)],
            id="31st-of-every-third-month-from-the-first-date",
        ),
        pytest.param(
            [Rule(YEARLY)],
            dt.date(2000, 2, 29),
            dt.date(2093, 1, 1),
            dt.date(2105, 12, 31),
            [dt.date(2096, 2, 29), dt.date(2104, 2, 29)],  # 2100 is not a leap year
            id="leap-day-from-the-first-date",
        ),
        pytest.param(
            [Rule(YEARLY, interval=3)],
            dt.date(2000, 2, 29),
            dt.date(2090, 1, 1),
            dt.date(2110, 12, 31),
            [dt.date(2096, 2, 29), dt.date(2108, 2, 29)],
            id="leap-day-every-third-year",
        ),
        pytest.param(
            [Rule(WEEKLY, byday=[TU], until=dt.datetime(2099, 6, 16))],
            dt.date(2000, 1, 4),
            dt.date(2099, 6, 1),
            dt.date(2099, 6, 30),
            [dt.date(2099, 6, 2), dt.date(2099, 6, 9), dt.date(2099, 6, 16)],
            id="until",
        ),
        pytest.param(
            [Rule(WEEKLY, byday=[TU], count=3)],
            dt.date(2000, 1, 4),
            dt.date(2099, 6, 1),
            dt.date(2099, 6, 30),
            [],
            id="count-long-over",
        ),
    ],
)
def test_sessions_far_from_the_first_date(rules, start, first, last, expected):
    sched = schedule(rules, start=start)
    assert dates(sched, first, last) == expected
    assert sched.next_session_date(first) == (expected[0] if expected else None)


def test_daylight_saving_weeks_a_century_after_the_first_date():
    evening = schedule([Rule(WEEKLY, byday=[TU])], start=dt.date(2000, 1, 4))
    found = evening.occurrences_between(*window(dt.date(2099, 3, 1), dt.date(2099, 3, 21)))
    # 6 pm each Tuesday: 23:00 UTC in standard time, 22:00 UTC once clocks go forward (8 March).
    assert [occ.start.astimezone(UTC) for occ in found] == [
        dt.datetime(2099, 3, 3, 23, tzinfo=UTC),
        dt.datetime(2099, 3, 10, 22, tzinfo=UTC),
        dt.datetime(2099, 3, 17, 22, tzinfo=UTC),
    ]
    night = schedule([Rule(WEEKLY, byday=[SU])], start=dt.date(2000, 1, 2), at=dt.time(2, 30))
    spring = night.occurrences_between(*window(dt.date(2099, 3, 8), dt.date(2099, 3, 8)))
    autumn = night.occurrences_between(*window(dt.date(2099, 11, 1), dt.date(2099, 11, 1)))
    # 2:30 does not exist on 8 March (it is 3:30 daylight time); on 1 November it is standard.
    assert [(occ.start.isoformat(), occ.end.isoformat()) for occ in spring + autumn] == [
        ("2099-03-08T03:30:00-04:00", "2099-03-08T05:00:00-04:00"),
        ("2099-11-01T02:30:00-05:00", "2099-11-01T04:00:00-05:00"),
    ]


# How far dateutil walks: the dates it gives before the window, from the rule the engine starts.
@pytest.mark.parametrize(
    ("rule", "start", "most"),
    [
        pytest.param(Rule(WEEKLY, byday=[TU]), dt.date(2000, 1, 4), 2, id="weekly"),
        pytest.param(
            Rule(WEEKLY, interval=2, byday=[SU, TU], wkst=SU),
            dt.date(2000, 1, 4),
            4,
            id="fortnight",
        ),
        pytest.param(
            Rule(MONTHLY, byday=[Weekday(TU, 2), Weekday(TU, 4)]),
            dt.date(2000, 1, 11),
            4,
            id="2nd-4th",
        ),
        pytest.param(Rule(MONTHLY, interval=3), dt.date(2000, 1, 31), 2, id="quarterly-31st"),
        pytest.param(Rule(DAILY), dt.date(2000, 1, 1), 2, id="daily"),
        pytest.param(Rule(YEARLY), dt.date(2000, 2, 29), 1, id="leap-day"),
        pytest.param(Rule(WEEKLY, byday=[TU], count=MAX_COUNT), dt.date(2000, 1, 4), 2, id="count"),
    ],
)
@pytest.mark.parametrize("year", [2002, 2050, 2099])
def test_expansion_starts_near_the_window_whatever_the_years(rule, start, most, year):
    sched = schedule([rule], start=start)
    day = dt.date(year, 6, 10)
    (started,), _ = sched._rules_near(day)
    before = list(itertools.takewhile(lambda moment: moment.date() < day, started))
    # At most two periods' worth (from the first date, 2099 would be about 5,200 weeks).
    assert len(before) <= most


def test_a_count_is_counted_from_the_first_date_once():
    last_counted.cache_clear()
    for year in (2000, 2005, 2010):
        sched = schedule([Rule(WEEKLY, byday=[TU], count=MAX_COUNT)], start=dt.date(2000, 1, 4))
        assert sched.session_dates(dt.date(year, 6, 1), dt.date(year, 6, 14)) == [
            day for day in (dt.date(year, 6, d) for d in range(1, 15)) if day.weekday() == TU
        ]
    # 1,000 Tuesdays from 4 January 2000: the last is 26 February 2019.
    assert sched.last_rule_date() == dt.date(2019, 2, 26)
    assert sched.session_dates(dt.date(2019, 2, 1), dt.date(2019, 3, 31)) == [
        dt.date(2019, 2, 5),
        dt.date(2019, 2, 12),
        dt.date(2019, 2, 19),
        dt.date(2019, 2, 26),
    ]
    assert (last_counted.cache_info().misses, last_counted.cache_info().hits) == (1, 4)


def test_end_date_is_the_last_possible_session():
    sched = schedule([Rule(WEEKLY, byday=[TU])], end_date=dt.date(2026, 1, 20))
    assert dates(sched, dt.date(2026, 1, 1), dt.date(2026, 3, 1)) == [
        dt.date(2026, 1, 6),
        dt.date(2026, 1, 13),
        dt.date(2026, 1, 20),
    ]


def test_extra_and_excluded_dates_apply():
    sched = schedule(
        [Rule(WEEKLY, byday=[TU])],
        rdates=(dt.date(2026, 1, 8),),
        exdates=(dt.date(2026, 1, 13),),
    )
    assert dates(sched, dt.date(2026, 1, 1), dt.date(2026, 1, 21)) == [
        dt.date(2026, 1, 6),
        dt.date(2026, 1, 8),
        dt.date(2026, 1, 20),
    ]


def test_specific_dates_without_a_rule():
    sched = schedule(start=dt.date(2026, 4, 4), rdates=(dt.date(2026, 4, 11), dt.date(2026, 5, 2)))
    assert dates(sched, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == [
        dt.date(2026, 4, 4),
        dt.date(2026, 4, 11),
        dt.date(2026, 5, 2),
    ]


def test_nothing_before_the_first_date():
    sched = schedule([Rule(WEEKLY, byday=[TU])], start=dt.date(2026, 1, 20))
    assert dates(sched, dt.date(2026, 1, 1), dt.date(2026, 1, 31)) == [
        dt.date(2026, 1, 20),
        dt.date(2026, 1, 27),
    ]


@pytest.mark.parametrize(
    ("first", "last", "expected_utc"),
    [
        pytest.param(
            dt.date(2026, 3, 3),
            dt.date(2026, 3, 10),
            [
                dt.datetime(2026, 3, 3, 23, 0, tzinfo=UTC),
                dt.datetime(2026, 3, 10, 22, 0, tzinfo=UTC),
            ],
            id="spring-forward",
        ),
        pytest.param(
            dt.date(2026, 10, 27),
            dt.date(2026, 11, 3),
            [
                dt.datetime(2026, 10, 27, 22, 0, tzinfo=UTC),
                dt.datetime(2026, 11, 3, 23, 0, tzinfo=UTC),
            ],
            id="fall-back",
        ),
    ],
)
def test_evening_group_keeps_its_wall_clock_time_across_dst(first, last, expected_utc):
    sched = schedule([Rule(WEEKLY, byday=[TU])], start=dt.date(2026, 1, 6), at=dt.time(18, 0))
    found = sched.occurrences_between(*window(first, last))
    assert [occ.start.astimezone(UTC) for occ in found] == expected_utc
    assert [(occ.start.hour, occ.start.minute) for occ in found] == [(18, 0), (18, 0)]
    assert [occ.start.strftime("%a") for occ in found] == ["Tue", "Tue"]


def test_late_evening_utc_rule_stays_on_its_local_weekday():
    # 9 pm Tuesday in Boston is 2 am Wednesday UTC: the weekday is the local one.
    sched = schedule([Rule(WEEKLY, byday=[TU])], at=dt.time(21, 0))
    found = sched.occurrences_between(*window(dt.date(2026, 7, 1), dt.date(2026, 7, 10)))
    assert [occ.start for occ in found] == [local(2026, 7, 7, 21)]
    assert found[0].start.astimezone(UTC) == dt.datetime(2026, 7, 8, 1, 0, tzinfo=UTC)


def test_start_time_in_the_spring_forward_gap_moves_forward_an_hour():
    sched = schedule([Rule(DAILY)], start=dt.date(2026, 3, 7), at=dt.time(2, 30), minutes=60)
    found = sched.occurrences_between(*window(dt.date(2026, 3, 7), dt.date(2026, 3, 9)))
    assert [occ.start.isoformat() for occ in found] == [
        "2026-03-07T02:30:00-05:00",
        "2026-03-08T03:30:00-04:00",  # 2:30 does not exist that night
        "2026-03-09T02:30:00-04:00",
    ]


def test_start_time_repeated_at_fall_back_is_the_first_one():
    sched = schedule([Rule(DAILY)], start=dt.date(2026, 10, 31), at=dt.time(1, 30), minutes=60)
    found = sched.occurrences_between(*window(dt.date(2026, 10, 31), dt.date(2026, 11, 2)))
    assert [occ.start.isoformat() for occ in found] == [
        "2026-10-31T01:30:00-04:00",
        "2026-11-01T01:30:00-04:00",  # the first 1:30, still daylight time
        "2026-11-02T01:30:00-05:00",
    ]


def test_duration_is_elapsed_time_across_fall_back():
    sched = schedule(start=dt.date(2026, 11, 1), at=dt.time(0, 30), minutes=120)
    [occ] = sched.occurrences_between(*window(dt.date(2026, 11, 1), dt.date(2026, 11, 1)))
    # Aware datetimes sharing a tzinfo subtract by wall clock; compare elapsed time in UTC.
    assert occ.end.astimezone(UTC) - occ.start.astimezone(UTC) == dt.timedelta(hours=2)
    assert occ.end.isoformat() == "2026-11-01T01:30:00-05:00"


def test_other_timezones_use_their_own_wall_clock():
    london = ZoneInfo("Europe/London")
    sched = schedule(
        [Rule(WEEKLY, byday=[WE])], start=dt.date(2026, 3, 25), timezone="Europe/London"
    )
    found = sched.occurrences_between(*window(dt.date(2026, 3, 25), dt.date(2026, 4, 1), london))
    assert [occ.start.isoformat() for occ in found] == [
        "2026-03-25T18:00:00+00:00",
        "2026-04-01T18:00:00+01:00",
    ]


def test_window_is_half_open_on_start_times():
    sched = schedule([Rule(WEEKLY, byday=[TU])])
    start = local(2026, 1, 13)
    found = sched.occurrences_between(start, local(2026, 1, 20))
    assert [occ.start for occ in found] == [local(2026, 1, 13)]


def test_cancelled_session_is_kept_with_its_original_time():
    sched = schedule([Rule(WEEKLY, byday=[TU])])
    change = Change(original_date=dt.date(2026, 1, 13), cancelled=True, public_note="Snow day")
    found = sched.occurrences_between(*window(dt.date(2026, 1, 12), dt.date(2026, 1, 21)), [change])
    assert [(occ.start, occ.status, occ.change) for occ in found] == [
        (local(2026, 1, 13), "cancelled", change),
        (local(2026, 1, 20), "confirmed", None),
    ]


def test_moved_session_has_new_time_and_original_start():
    sched = schedule([Rule(WEEKLY, byday=[TU])])
    change = Change(
        original_date=dt.date(2026, 1, 13),
        cancelled=False,
        new_start_time=dt.time(19, 0),
        venue_id=7,
    )
    [occ] = sched.occurrences_between(*window(dt.date(2026, 1, 12), dt.date(2026, 1, 14)), [change])
    assert (occ.original_start, occ.start, occ.end, occ.moved, occ.status) == (
        local(2026, 1, 13, 18),
        local(2026, 1, 13, 19),
        local(2026, 1, 13, 20, 30),
        True,
        "confirmed",
    )


def test_moved_session_with_new_end_time():
    sched = schedule([Rule(WEEKLY, byday=[TU])])
    change = Change(
        original_date=dt.date(2026, 1, 13),
        cancelled=False,
        new_date=dt.date(2026, 1, 14),
        new_start_time=dt.time(10, 0),
        new_end_time=dt.time(12, 0),
    )
    [occ] = sched.occurrences_between(*window(dt.date(2026, 1, 14), dt.date(2026, 1, 14)), [change])
    assert (occ.start, occ.end) == (local(2026, 1, 14, 10), local(2026, 1, 14, 12))


def test_session_moved_into_the_window_from_outside_is_included():
    sched = schedule([Rule(WEEKLY, byday=[TU])])
    change = Change(
        original_date=dt.date(2026, 1, 6), cancelled=False, new_date=dt.date(2026, 1, 22)
    )
    found = sched.occurrences_between(*window(dt.date(2026, 1, 21), dt.date(2026, 1, 23)), [change])
    assert [(occ.original_date, occ.start) for occ in found] == [
        (dt.date(2026, 1, 6), local(2026, 1, 22)),
    ]


def test_session_moved_out_of_the_window_is_not_included():
    sched = schedule([Rule(WEEKLY, byday=[TU])])
    change = Change(
        original_date=dt.date(2026, 1, 13), cancelled=False, new_date=dt.date(2026, 2, 2)
    )
    found = sched.occurrences_between(*window(dt.date(2026, 1, 12), dt.date(2026, 1, 19)), [change])
    assert found == []


def test_session_moved_across_dst_keeps_wall_clock_time():
    sched = schedule([Rule(WEEKLY, byday=[TU])])
    change = Change(
        original_date=dt.date(2026, 3, 3), cancelled=False, new_date=dt.date(2026, 3, 9)
    )
    [occ] = sched.occurrences_between(*window(dt.date(2026, 3, 9), dt.date(2026, 3, 9)), [change])
    assert occ.start.isoformat() == "2026-03-09T18:00:00-04:00"
    assert occ.original_start.isoformat() == "2026-03-03T18:00:00-05:00"


def test_change_for_a_date_the_group_does_not_meet_is_ignored():
    sched = schedule([Rule(WEEKLY, byday=[TU])])
    stray = Change(
        original_date=dt.date(2026, 1, 14), cancelled=False, new_date=dt.date(2026, 1, 15)
    )
    found = sched.occurrences_between(*window(dt.date(2026, 1, 12), dt.date(2026, 1, 18)), [stray])
    assert [occ.start for occ in found] == [local(2026, 1, 13)]


def test_meets_on_and_next_session_date():
    sched = schedule([Rule(WEEKLY, byday=[TU])], end_date=dt.date(2026, 2, 24))
    assert (sched.meets_on(dt.date(2026, 1, 13)), sched.meets_on(dt.date(2026, 1, 14))) == (
        True,
        False,
    )
    assert sched.next_session_date(dt.date(2026, 1, 14)) == dt.date(2026, 1, 20)
    assert sched.next_session_date(dt.date(2026, 2, 25)) is None


@pytest.mark.parametrize(
    ("sched", "expected"),
    [
        pytest.param(schedule([Rule(WEEKLY, byday=[TU])]), {}, id="sound"),
        pytest.param(
            schedule([Rule(WEEKLY, byday=[TU])], end_date=dt.date(2026, 1, 1)),
            {"end_date": "The end date is before the first date."},
            id="end-before-start",
        ),
        pytest.param(
            schedule([Rule(WEEKLY, byday=[WE])]),
            {
                "start_date": "The first date must be one of the days the schedule meets. "
                "The first meeting day after it is Wednesday 7 January 2026."
            },
            id="first-date-not-a-meeting-day",
        ),
        pytest.param(
            schedule([Rule(4)]),
            {
                "recurrences": "A group meets at most once a day: use a daily, weekly, monthly "
                "or yearly rule without hours or minutes."
            },
            id="hourly",
        ),
        pytest.param(
            schedule([Rule(DAILY, byhour=[9, 17])], start=dt.date(2026, 1, 6)),
            {
                "recurrences": "A group meets at most once a day: use a daily, weekly, monthly "
                "or yearly rule without hours or minutes."
            },
            id="twice-a-day",
        ),
        pytest.param(
            schedule([Rule(WEEKLY, byday=[TU])], rdates=(dt.date(2026, 1, 1),)),
            {"recurrences": "An extra date is before the first date."},
            id="extra-date-before-first",
        ),
        pytest.param(
            schedule(
                [Rule(WEEKLY, byday=[TU])],
                end_date=dt.date(2026, 2, 1),
                rdates=(dt.date(2026, 3, 1),),
            ),
            {"recurrences": "An extra date is after the end date."},
            id="extra-date-after-end",
        ),
        pytest.param(
            schedule([Rule(MONTHLY, bymonth=[2], bymonthday=[30])], start=dt.date(2026, 2, 1)),
            {
                "start_date": "The first date must be one of the days the schedule meets. "
                "This rule never produces a meeting day."
            },
            id="rule-that-never-meets",
        ),
        pytest.param(
            schedule([Rule(DAILY, count=MAX_COUNT + 1)]),
            {
                "recurrences": "A rule can count at most 1,000 sessions. For a longer run, leave "
                "out the count and give an end date."
            },
            id="count-over-the-most",
        ),
        pytest.param(schedule([Rule(DAILY, count=MAX_COUNT)]), {}, id="count-at-the-most"),
    ],
)
def test_schedule_problems(sched, expected):
    assert sched.problems() == expected
