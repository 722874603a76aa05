"""A schedule's rules in dateutil's terms, started near the dates asked about. No database access.

Cost policy: the work of any answer depends on the dates asked about, never on the years since
the first date. dateutil walks a rule period by period (a day, a week from ``wkst``, a calendar
month or year, times the interval) from its DTSTART, so each rule is started afresh at the
beginning of one of its own periods, at least one whole period before the one the window starts
in, with every BY* part dateutil would otherwise take from DTSTART written out: it then gives
exactly the dates the rule gives from the first date (the property tests compare the two). A
COUNT counts from the first date, so a rule with one is expanded from the first date once per
process (``last_counted``, at most ``MAX_COUNT`` sessions for a rule ``Schedule.problems()``
accepts) and from then on treated as ending on its last date, which can be shifted like any
UNTIL. What is left is dateutil's own walk between the dates a rule gives: it stops at the first
date after the window, a period or two on for the rules groups use, but years on for a rule whose
dates are years apart (a daily rule for 29 February on a Monday), and never, until year 9999,
for one that gives no more dates (so ``problems()`` costs seconds for a rule that never meets).

``groups.occurrences`` builds a group's sessions from these.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from dateutil import rrule as du

# dateutil's (and django-recurrence's) frequency numbers; anything finer than daily would put
# two sessions on one date.
YEARLY, MONTHLY, WEEKLY, DAILY = du.YEARLY, du.MONTHLY, du.WEEKLY, du.DAILY
ALLOWED_FREQUENCIES = frozenset({YEARLY, MONTHLY, WEEKLY, DAILY})
BY_PARAMS = ("bysetpos", "bymonth", "bymonthday", "byyearday", "byweekno", "byeaster")
SUB_DAILY_PARAMS = ("byhour", "byminute", "bysecond")
# A rule's COUNT is counted from the first date, whatever dates are asked about: this bounds that
# work (1,000 sessions is almost three years of daily ones, or nineteen of weekly ones).
MAX_COUNT = 1000


def date_of(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _numbers(value) -> tuple | None:
    """A BY* value as a tuple, or None when it is not given (dateutil's reading of a falsy one)."""
    if not value:
        return None
    return (value,) if isinstance(value, int) else tuple(value)


def _weekday_number(value) -> int:
    return value if isinstance(value, int) else value.weekday


@dataclass(frozen=True)
class Recur:
    """One rule in dateutil's terms, with nothing left for dateutil to take from DTSTART.

    dateutil fills a rule's missing BY* parts from DTSTART (the weekday for WEEKLY, the day of
    the month for MONTHLY, the month and day for YEARLY, when no other day part is given) and
    its week start from ``calendar.firstweekday()``. Here they are written out from the first
    date, so the rule gives the same dates whichever of its own periods it is started at.
    Hashable, so a COUNT's last date can be cached by value.
    """

    freq: int
    interval: int
    wkst: int
    count: int | None
    until: dt.datetime | None
    byweekday: tuple | None  # (weekday, n or None) pairs
    bysetpos: tuple | None
    bymonth: tuple | None
    bymonthday: tuple | None
    byyearday: tuple | None
    byweekno: tuple | None
    byeaster: tuple | None

    @classmethod
    def of(cls, rule, first: dt.date) -> Recur:
        """``rule`` (django-recurrence's Rule, or anything with its attributes) for a schedule
        whose first date is ``first``."""
        by = {name: _numbers(getattr(rule, name, None)) for name in BY_PARAMS}
        byday = getattr(rule, "byday", None) or None
        if byday is not None:
            byday = (byday,) if isinstance(byday, int) or hasattr(byday, "n") else byday
            byday = tuple(
                (day, None) if isinstance(day, int) else (day.weekday, day.n or None)
                for day in byday
            )
        if not (by["byweekno"] or by["byyearday"] or by["bymonthday"] or byday or by["byeaster"]):
            # dateutil's defaults from DTSTART (rrule.__init__), written out.
            if rule.freq == YEARLY:
                by["bymonth"] = by["bymonth"] or (first.month,)
                by["bymonthday"] = (first.day,)
            elif rule.freq == MONTHLY:
                by["bymonthday"] = (first.day,)
            elif rule.freq == WEEKLY:
                byday = ((first.weekday(), None),)
        until = getattr(rule, "until", None)
        if until is not None:
            # UNTIL is inclusive of its whole local date.
            until = dt.datetime.combine(date_of(until), dt.time.max)
        wkst = getattr(rule, "wkst", None)
        return cls(
            freq=rule.freq,
            interval=rule.interval or 1,
            wkst=calendar.firstweekday() if wkst is None else _weekday_number(wkst),
            count=rule.count,
            until=until,
            byweekday=byday,
            **by,
        )

    def rrule(self, dtstart: dt.datetime) -> du.rrule:
        byweekday = self.byweekday
        if byweekday is not None:
            byweekday = [du.weekday(day, n) for day, n in byweekday]
        return du.rrule(
            self.freq,
            dtstart=dtstart,
            interval=self.interval,
            wkst=self.wkst,
            count=self.count,
            until=self.until,
            byweekday=byweekday,
            bysetpos=self.bysetpos,
            bymonth=self.bymonth,
            bymonthday=self.bymonthday,
            byyearday=self.byyearday,
            byweekno=self.byweekno,
            byeaster=self.byeaster,
        )

    def period_start_before(self, first: dt.date, day: dt.date) -> dt.date | None:
        """The first day of one of this rule's periods, counted from ``first`` as dateutil counts
        them, that ends at least one whole period before the period ``day`` falls in; None when
        that would be the first period (the first period may be partial: a week starts on the
        first date, not on ``wkst``) or the frequency is not one we shift.

        A rule started at that day, at the first date's time, gives exactly the dates the rule
        started at the first date gives from that day on (with no COUNT): each later period's
        dates depend only on the period, once the BY* parts are written out.
        """
        if day <= first:
            return None
        interval = self.interval
        if self.freq == DAILY:
            periods = (day - first).days // interval - 1
            return first + dt.timedelta(days=periods * interval) if periods >= 1 else None
        if self.freq == WEEKLY:
            # Weeks start on wkst; the first one is the week the first date falls in.
            week = first - dt.timedelta(days=(first.weekday() - self.wkst) % 7)
            periods = (day - week).days // 7 // interval - 1
            return week + dt.timedelta(weeks=periods * interval) if periods >= 1 else None
        if self.freq == MONTHLY:
            months = (day.year - first.year) * 12 + day.month - first.month
            periods = months // interval - 1
            if periods < 1:
                return None
            month = first.year * 12 + first.month - 1 + periods * interval
            return dt.date(month // 12, month % 12 + 1, 1)
        if self.freq == YEARLY:
            periods = (day.year - first.year) // interval - 1
            return dt.date(first.year + periods * interval, 1, 1) if periods >= 1 else None
        return None


@lru_cache(maxsize=4096)
def last_counted(recur: Recur, dtstart: dt.datetime) -> dt.datetime | None:
    """The last date a rule with a COUNT gives from its first date; None if it gives none.

    The only expansion from the first date whatever the window, done once per rule in a process.
    """
    last = None
    for last in recur.rrule(dtstart):  # noqa: B007 (the loop is for its last value)
        pass
    return last
