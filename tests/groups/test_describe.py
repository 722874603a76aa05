import datetime as dt

import pytest
from recurrence import DAILY, MONTHLY, WEEKLY, YEARLY, Rule, Weekday

from groups.describe import schedule_in_words
from groups.occurrences import Schedule

MO, TU, WE, TH, FR, SA, SU = range(7)


def schedule(*rules, start=(2026, 1, 6), at=(18, 0), minutes=90, rdates=(), end_date=None):
    """A schedule in America/New_York; the default first date, 6 January 2026, is a Tuesday."""
    return Schedule(
        start_date=dt.date(*start),
        start_time=dt.time(*at),
        duration=dt.timedelta(minutes=minutes),
        timezone="America/New_York",
        rrules=rules,
        rdates=tuple(dt.date(*day) for day in rdates),
        end_date=end_date and dt.date(*end_date),
    )


CASES = {
    "weekly one day": (
        schedule(Rule(WEEKLY, byday=[TU])),
        "Every Tuesday, 6:00 to 7:30 pm",
    ),
    "weekly, the day of the first date": (
        schedule(Rule(WEEKLY)),
        "Every Tuesday, 6:00 to 7:30 pm",
    ),
    "weekly several days": (
        schedule(Rule(WEEKLY, byday=[FR, MO, WE]), start=(2026, 1, 5), at=(10, 0), minutes=60),
        "Every Monday, Wednesday and Friday, 10:00 to 11:00 am",
    ),
    "weekly two days": (
        schedule(Rule(WEEKLY, byday=[TU, TH])),
        "Every Tuesday and Thursday, 6:00 to 7:30 pm",
    ),
    "weekly Monday to Friday": (
        schedule(Rule(WEEKLY, byday=[MO, TU, WE, TH, FR]), at=(9, 0), minutes=30),
        "Every weekday, 9:00 to 9:30 am",
    ),
    "every other week": (
        schedule(Rule(WEEKLY, interval=2, byday=[TU])),
        "Every other Tuesday, 6:00 to 7:30 pm",
    ),
    "every third week": (
        schedule(Rule(WEEKLY, interval=3, byday=[TU])),
        "Every 3 weeks on Tuesday, 6:00 to 7:30 pm",
    ),
    "2nd and 4th weekday of the month": (
        schedule(Rule(MONTHLY, byday=[Weekday(TU, 2), Weekday(TU, 4)]), start=(2026, 1, 13)),
        "The 2nd and 4th Tuesday of every month, 6:00 to 7:30 pm",
    ),
    "last weekday of that name": (
        schedule(Rule(MONTHLY, byday=[Weekday(FR, -1)]), start=(2026, 1, 30), at=(13, 0)),
        "The last Friday of every month, 1:00 to 2:30 pm",
    ),
    "1st and last Monday": (
        schedule(Rule(MONTHLY, byday=[Weekday(MO, -1), Weekday(MO, 1)]), start=(2026, 1, 5)),
        "The 1st and last Monday of every month, 6:00 to 7:30 pm",
    ),
    "two weekdays with their own positions": (
        schedule(
            Rule(MONTHLY, byday=[Weekday(WE, 2), Weekday(MO, 1), Weekday(MO, 3)]),
            start=(2026, 1, 5),
        ),
        "The 1st and 3rd Monday and the 2nd Wednesday of every month, 6:00 to 7:30 pm",
    ),
    "last weekday of the month": (
        schedule(
            Rule(MONTHLY, byday=[MO, TU, WE, TH, FR], bysetpos=-1),
            start=(2026, 1, 30),
            at=(12, 0),
            minutes=60,
        ),
        "The last weekday of every month, noon to 1:00 pm",
    ),
    "a weekday picked by BYSETPOS": (
        schedule(Rule(MONTHLY, byday=[TU], bysetpos=[2]), start=(2026, 1, 13)),
        "The 2nd Tuesday of every month, 6:00 to 7:30 pm",
    ),
    "day of the month": (
        schedule(Rule(MONTHLY, bymonthday=[15]), start=(2026, 1, 15), at=(10, 0), minutes=120),
        "The 15th of every month, 10:00 am to noon",
    ),
    "day of the month of the first date": (
        schedule(Rule(MONTHLY), start=(2026, 1, 22)),
        "The 22nd of every month, 6:00 to 7:30 pm",
    ),
    "last day of the month": (
        schedule(Rule(MONTHLY, bymonthday=[-1]), start=(2026, 1, 31)),
        "The last day of every month, 6:00 to 7:30 pm",
    ),
    "1st and 15th": (
        schedule(Rule(MONTHLY, bymonthday=[15, 1]), start=(2026, 1, 1)),
        "The 1st and 15th of every month, 6:00 to 7:30 pm",
    ),
    "every other month": (
        schedule(Rule(MONTHLY, interval=2, byday=[Weekday(TU, 1)])),
        "The 1st Tuesday of every other month, 6:00 to 7:30 pm",
    ),
    "daily": (
        schedule(Rule(DAILY), at=(8, 30), minutes=30),
        "Every day, 8:30 to 9:00 am",
    ),
    "every other day": (
        schedule(Rule(DAILY, interval=2)),
        "Every other day, 6:00 to 7:30 pm",
    ),
    "yearly": (
        schedule(Rule(YEARLY), start=(2026, 5, 14)),
        "Every year on 14 May, 6:00 to 7:30 pm",
    ),
    "one-off": (
        schedule(start=(2026, 2, 14), at=(10, 0), minutes=180),
        "Saturday 14 February 2026, 10:00 am to 1:00 pm",
    ),
    "one-off across noon": (
        schedule(start=(2026, 2, 14), at=(11, 30), minutes=90),
        "Saturday 14 February 2026, 11:30 am to 1:00 pm",
    ),
    "extra dates only": (
        schedule(start=(2026, 4, 4), at=(10, 0), minutes=120, rdates=[(2026, 5, 2), (2026, 4, 11)]),
        "On Saturday 4 April, Saturday 11 April and Saturday 2 May 2026, 10:00 am to noon",
    ),
    "extra dates across a new year": (
        schedule(start=(2025, 12, 27), at=(14, 0), minutes=60, rdates=[(2026, 1, 3)]),
        "On Saturday 27 December 2025 and Saturday 3 January 2026, 2:00 to 3:00 pm",
    ),
    "until the end date": (
        schedule(Rule(WEEKLY, byday=[TU]), end_date=(2026, 12, 28)),
        "Every Tuesday, 6:00 to 7:30 pm, until 28 December 2026",
    ),
    "until the rule's UNTIL": (
        schedule(Rule(WEEKLY, byday=[TU], until=dt.datetime(2026, 6, 30, 12))),
        "Every Tuesday, 6:00 to 7:30 pm, until 30 June 2026",
    ),
    "until the earlier of the two": (
        schedule(
            Rule(WEEKLY, byday=[TU], until=dt.datetime(2026, 12, 1, 12)), end_date=(2026, 9, 29)
        ),
        "Every Tuesday, 6:00 to 7:30 pm, until 29 September 2026",
    ),
    "a number of sessions": (
        schedule(Rule(WEEKLY, byday=[TU], count=6)),
        "Every Tuesday, 6:00 to 7:30 pm, 6 sessions",
    ),
    "a rule and an extra date": (
        schedule(Rule(WEEKLY, byday=[TU]), rdates=[(2026, 4, 4)]),
        "Every Tuesday, 6:00 to 7:30 pm, and also on Saturday 4 April 2026",
    ),
    "evening to after midnight": (
        schedule(Rule(WEEKLY, byday=[FR]), start=(2026, 1, 9), at=(22, 0), minutes=120),
        "Every Friday, 10:00 pm to midnight",
    ),
    "a duration spanning the spring-forward change stays elapsed": (
        schedule(start=(2026, 3, 8), at=(1, 0), minutes=120),
        "Sunday 8 March 2026, 1:00 to 4:00 am",
    ),
    "anything rarer: the library's wording": (
        schedule(Rule(YEARLY, bymonth=[3], byday=[Weekday(TU, 2)]), start=(2026, 3, 10)),
        "Annually, each March, on the second Tuesday, 6:00 to 7:30 pm",
    ),
    "the library's wording keeps our end date": (
        schedule(
            Rule(YEARLY, bymonth=[3], byday=[Weekday(TU, 2)]),
            start=(2026, 3, 10),
            end_date=(2030, 12, 31),
        ),
        "Annually, each March, on the second Tuesday, 6:00 to 7:30 pm, until 31 December 2030",
    ),
}


@pytest.mark.parametrize(("given", "expected"), CASES.values(), ids=CASES.keys())
def test_schedule_in_words(given, expected):
    assert schedule_in_words(given) == expected


@pytest.mark.parametrize("given", [given for given, _ in CASES.values()], ids=CASES.keys())
def test_schedule_in_words_cases_are_schedules_a_group_may_have(given):
    assert given.problems() == {}
