"""The schedule form's patterns, to and from django-recurrence rules. No database access.

A coordinator picks a pattern a person says out loud ("every other Tuesday", "the 2nd and 4th
Tuesday", "the last Saturday of the month", "on these dates"); this module turns it into the one
RFC 5545 rule a group keeps, and reads a group's rule back into a pattern for editing. A rule the
patterns cannot say (set in the admin, say) is reported as ``None`` and left alone unless the
coordinator chooses a pattern.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import recurrence
from django.utils.translation import gettext_lazy as _

from groups.recurrence_rules import MONTHLY, WEEKLY
from groups.schedule_fields import RECURRENCE_DATE_TIME

WEEKLY_PATTERN = "weekly"
EVERY_OTHER_WEEK = "every_other_week"
MONTHLY_PATTERN = "monthly"
DATES_PATTERN = "dates"

PATTERNS = [
    (WEEKLY_PATTERN, _("Every week")),
    (EVERY_OTHER_WEEK, _("Every other week")),
    (MONTHLY_PATTERN, _("Certain weeks of each month (for example the 2nd and 4th, or the last)")),
    (DATES_PATTERN, _("On one date, or on a list of dates")),
]
WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
WEEK_OF_MONTH_CHOICES = [
    (1, _("1st")),
    (2, _("2nd")),
    (3, _("3rd")),
    (4, _("4th")),
    (5, _("5th")),
    (-1, _("Last")),
]


@dataclass(frozen=True)
class Pattern:
    """What the schedule form says: a pattern, its days, and any single dates."""

    kind: str
    weekdays: tuple[int, ...] = ()
    weeks_of_month: tuple[int, ...] = ()
    dates: tuple[dt.date, ...] = ()
    # Dates a rule skips for good (kept from the group as it was; the form does not edit them).
    excluded: tuple[dt.date, ...] = field(default=())

    @property
    def is_rule(self) -> bool:
        return self.kind != DATES_PATTERN


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, RECURRENCE_DATE_TIME)


def to_recurrence(pattern: Pattern, *, first_date: dt.date) -> recurrence.Recurrence:
    """The group's rule for a pattern. For a list of dates, ``first_date`` is the earliest."""
    exdates = [_noon(day) for day in pattern.excluded]
    if pattern.kind == DATES_PATTERN:
        extra = sorted(set(pattern.dates) - {first_date})
        return recurrence.Recurrence(rdates=[_noon(day) for day in extra], exdates=exdates)
    if pattern.kind in (WEEKLY_PATTERN, EVERY_OTHER_WEEK):
        rule = recurrence.Rule(
            WEEKLY,
            interval=2 if pattern.kind == EVERY_OTHER_WEEK else 1,
            byday=[recurrence.to_weekday(day) for day in sorted(pattern.weekdays)],
        )
    elif pattern.kind == MONTHLY_PATTERN:
        rule = recurrence.Rule(
            MONTHLY,
            byday=[
                recurrence.Weekday(day, week)
                for week in _week_order(pattern.weeks_of_month)
                for day in sorted(pattern.weekdays)
            ],
        )
    else:
        raise ValueError(f"Unknown schedule pattern {pattern.kind!r}")
    rdates = [_noon(day) for day in sorted(set(pattern.dates))]
    return recurrence.Recurrence(rrules=[rule], rdates=rdates, exdates=exdates)


def _week_order(weeks) -> list[int]:
    """1st to 5th, then the last."""
    return sorted(weeks, key=lambda week: (week < 0, week))


def _date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def from_recurrence(rec, *, start_date: dt.date) -> Pattern | None:
    """The pattern that gives ``rec``, or None when no pattern of the form can say it."""
    rdates = tuple(sorted({_date(day) for day in (rec.rdates if rec else ())}))
    excluded = tuple(sorted({_date(day) for day in (rec.exdates if rec else ())}))
    rules = list(rec.rrules) if rec else []
    if not rules:
        dates = tuple(sorted({start_date, *rdates}))
        return Pattern(DATES_PATTERN, dates=dates, excluded=excluded)
    if len(rules) > 1 or (rec.exrules if rec else None):
        return None
    [rule] = rules
    if (
        rule.count
        or rule.until
        or any(
            getattr(rule, name, None)
            for name in ("bymonth", "bymonthday", "byyearday", "byweekno", "bysetpos", "byhour")
        )
    ):
        return None
    days = [recurrence.to_weekday(day) for day in (rule.byday or [])]
    interval = rule.interval or 1
    if rule.freq == WEEKLY and interval in (1, 2) and all(day.index is None for day in days):
        weekdays = tuple(sorted({day.number for day in days} or {start_date.weekday()}))
        kind = WEEKLY_PATTERN if interval == 1 else EVERY_OTHER_WEEK
        return Pattern(kind, weekdays=weekdays, dates=rdates, excluded=excluded)
    if rule.freq == MONTHLY and interval == 1 and days and all(day.index for day in days):
        weekdays = tuple(sorted({day.number for day in days}))
        weeks = tuple(_week_order({day.index for day in days}))
        # Only a full grid of weeks × weekdays is a pattern ("1st and 3rd Monday and Friday").
        if len(days) != len(weekdays) * len(weeks):
            return None
        return Pattern(
            MONTHLY_PATTERN,
            weekdays=weekdays,
            weeks_of_month=weeks,
            dates=rdates,
            excluded=excluded,
        )
    return None
