"""The schedule form's patterns to and from rules, without a database."""

import datetime as dt

import pytest
import recurrence

from console import schedule as patterns
from console.schedule import Pattern, from_recurrence, to_recurrence

START = dt.date(2026, 3, 3)  # a Tuesday


@pytest.mark.parametrize(
    ("pattern", "rule"),
    [
        (Pattern("weekly", weekdays=(1,)), "RRULE:FREQ=WEEKLY;BYDAY=TU"),
        (Pattern("weekly", weekdays=(0, 3)), "RRULE:FREQ=WEEKLY;BYDAY=MO,TH"),
        (Pattern("every_other_week", weekdays=(1,)), "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        (
            Pattern("monthly", weekdays=(1,), weeks_of_month=(2, 4)),
            "RRULE:FREQ=MONTHLY;BYDAY=2TU,4TU",
        ),
        (Pattern("monthly", weekdays=(5,), weeks_of_month=(-1,)), "RRULE:FREQ=MONTHLY;BYDAY=-1SA"),
        (
            Pattern("monthly", weekdays=(0, 4), weeks_of_month=(1, -1)),
            "RRULE:FREQ=MONTHLY;BYDAY=1MO,1FR,-1MO,-1FR",
        ),
    ],
)
def test_each_pattern_becomes_one_rule_and_reads_back_the_same(pattern, rule):
    rec = to_recurrence(pattern, first_date=START)
    assert recurrence.serialize(rec) == rule
    assert from_recurrence(rec, start_date=START) == pattern


def test_a_list_of_dates_keeps_the_first_as_the_start_and_the_rest_as_extra_dates():
    pattern = Pattern("dates", dates=(START, dt.date(2026, 3, 12), dt.date(2026, 4, 2)))
    rec = to_recurrence(pattern, first_date=START)
    assert [d.date() for d in rec.rdates] == [dt.date(2026, 3, 12), dt.date(2026, 4, 2)]
    assert rec.rrules == []
    assert from_recurrence(rec, start_date=START) == pattern


def test_excluded_dates_survive_an_edit():
    rec = recurrence.deserialize("RRULE:FREQ=WEEKLY;BYDAY=TU\nEXDATE:20260310T120000Z")
    pattern = from_recurrence(rec, start_date=START)
    assert pattern.excluded == (dt.date(2026, 3, 10),)
    assert [d.date() for d in to_recurrence(pattern, first_date=START).exdates] == [
        dt.date(2026, 3, 10)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "RRULE:FREQ=DAILY",
        "RRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=TU",
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=15",
        "RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "RRULE:FREQ=MONTHLY;BYDAY=+1MO,+3TU",
        "RRULE:FREQ=WEEKLY;COUNT=6;BYDAY=TU",
    ],
)
def test_rules_no_pattern_can_say_are_reported_as_none(text):
    assert from_recurrence(recurrence.deserialize(text), start_date=START) is None


def test_a_group_with_no_rule_is_a_one_off_on_its_start_date():
    assert from_recurrence(recurrence.Recurrence(), start_date=START) == Pattern(
        patterns.DATES_PATTERN, dates=(START,)
    )
