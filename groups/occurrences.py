"""Expand a group's schedule into sessions in its region's wall-clock time. No database access.

Rules are expanded by dateutil on *naive local* datetimes built from our own fields (first date,
start time), and only then given the region's timezone, so a 6 pm group stays at 6 pm across
daylight saving changes and never slips onto another weekday. django-recurrence keeps its
datetimes in UTC; of its RDATE, EXDATE and UNTIL values only the date is used.

Time policy, the same as RFC 5545 (so calendar clients agree with the site):

- a start time that does not exist (clocks spring forward through it) is read with the offset
  in force before the change, so 2:30 becomes 3:30 daylight time;
- a start time that happens twice (clocks fall back) is the first of the two;
- a duration is elapsed time: a two-hour session that spans a change still lasts two hours.

A group meets at most once on any local date, so a session is identified by the group and its
original local date; a SessionChange cancels or moves exactly that session.

Cost policy: the work of any answer depends on the dates asked about, never on the years since
the first date. dateutil walks a rule period by period (a day, a week from ``wkst``, a calendar
month or year, times the interval) from its DTSTART, so each rule is started afresh at the
beginning of one of its own periods, at least one whole period before the one the window starts
in, with every BY* part dateutil would otherwise take from DTSTART written out: it then gives
exactly the dates the rule gives from the first date (the property tests compare the two). A
COUNT counts from the first date, so a rule with one is expanded from the first date once per
process (``_last_counted``, at most ``MAX_COUNT`` sessions for a rule ``problems()`` accepts) and
from then on treated as ending on its last date, which can be shifted like any UNTIL. What is
left is dateutil's own walk between the dates a rule gives: it stops at the first date after the
window, a period or two on for the rules groups use, but years on for a rule whose dates are
years apart (a daily rule for 29 February on a Monday), and never, until year 9999, for one that
gives no more dates (so ``problems()`` costs seconds for a rule that never meets).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

from dateutil import rrule as du

UTC = dt.UTC
CONFIRMED = "confirmed"
CANCELLED = "cancelled"

# dateutil's (and django-recurrence's) frequency numbers; anything finer than daily would put
# two sessions on one date.
YEARLY, MONTHLY, WEEKLY, DAILY = du.YEARLY, du.MONTHLY, du.WEEKLY, du.DAILY
ALLOWED_FREQUENCIES = frozenset({YEARLY, MONTHLY, WEEKLY, DAILY})
BY_PARAMS = ("bysetpos", "bymonth", "bymonthday", "byyearday", "byweekno", "byeaster")
SUB_DAILY_PARAMS = ("byhour", "byminute", "bysecond")
# A rule's COUNT is counted from the first date, whatever dates are asked about: this bounds that
# work (1,000 sessions is almost three years of daily ones, or nineteen of weekly ones).
MAX_COUNT = 1000


def wall_clock(day: dt.date, at: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The aware datetime for a local date and time, with the gap and fold policy above."""
    aware = dt.datetime.combine(day, at, tzinfo=tz)  # fold=0: first of two, offset before a gap
    return aware.astimezone(UTC).astimezone(tz)


def add_elapsed(start: dt.datetime, duration: dt.timedelta) -> dt.datetime:
    """start + duration in elapsed time, shown in start's timezone."""
    return (start.astimezone(UTC) + duration).astimezone(start.tzinfo)


def _date_of(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _numbers(value) -> tuple | None:
    """A BY* value as a tuple, or None when it is not given (dateutil's reading of a falsy one)."""
    if not value:
        return None
    return (value,) if isinstance(value, int) else tuple(value)


def _weekday_number(value) -> int:
    return value if isinstance(value, int) else value.weekday


@dataclass(frozen=True)
class _Recur:
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
    def of(cls, rule, first: dt.date) -> _Recur:
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
            until = dt.datetime.combine(_date_of(until), dt.time.max)
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
def _last_counted(recur: _Recur, dtstart: dt.datetime) -> dt.datetime | None:
    """The last date a rule with a COUNT gives from its first date; None if it gives none.

    The only expansion from the first date whatever the window, done once per rule in a process.
    """
    last = None
    for last in recur.rrule(dtstart):  # noqa: B007 (the loop is for its last value)
        pass
    return last


@dataclass(frozen=True)
class Change:
    """A cancelled or moved session, keyed by its original local date."""

    original_date: dt.date
    cancelled: bool
    new_date: dt.date | None = None
    new_start_time: dt.time | None = None
    new_end_time: dt.time | None = None
    venue_id: int | None = None
    public_note: str = ""
    id: int | None = None


@dataclass(frozen=True)
class Occurrence:
    """One session as it will happen (or, if cancelled, as it would have)."""

    original_date: dt.date
    original_start: dt.datetime
    start: dt.datetime
    end: dt.datetime
    cancelled: bool = False
    moved: bool = False
    change: Change | None = None

    @property
    def status(self) -> str:
        return CANCELLED if self.cancelled else CONFIRMED


@dataclass(frozen=True)
class Schedule:
    """The recurring pattern of a group, in plain values.

    ``rrules`` and ``exrules`` are rule objects with dateutil's attributes (django-recurrence's
    ``Rule`` fits); ``rdates`` and ``exdates`` are local dates. With no rules and no extra dates
    the group is a one-off on ``start_date``. ``start_date`` is always a session: the first one.
    """

    start_date: dt.date
    start_time: dt.time
    duration: dt.timedelta
    timezone: str
    rrules: tuple = ()
    exrules: tuple = ()
    rdates: tuple[dt.date, ...] = ()
    exdates: tuple[dt.date, ...] = ()
    end_date: dt.date | None = None

    @classmethod
    def from_recurrence(cls, recurrence, **fields) -> Schedule:
        """Build from a django-recurrence ``Recurrence`` (or None) and our own fields."""
        if recurrence is None:
            return cls(**fields)
        return cls(
            rrules=tuple(recurrence.rrules),
            exrules=tuple(recurrence.exrules),
            rdates=tuple(sorted({_date_of(d) for d in recurrence.rdates})),
            exdates=tuple(sorted({_date_of(d) for d in recurrence.exdates})),
            **fields,
        )

    @cached_property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_one_off(self) -> bool:
        return not self.rrules and not self.rdates

    @property
    def first_start(self) -> dt.datetime:
        return wall_clock(self.start_date, self.start_time, self.tzinfo)

    def _local_start(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.start_time)

    @cached_property
    def _recurs(self) -> tuple[tuple[_Recur, ...], tuple[_Recur, ...]]:
        """The rules and exclusion rules, written out for dateutil (see ``_Recur``)."""
        return (
            tuple(_Recur.of(rule, self.start_date) for rule in self.rrules),
            tuple(_Recur.of(rule, self.start_date) for rule in self.exrules),
        )

    def _started_near(self, recur: _Recur, day: dt.date) -> du.rrule | None:
        """dateutil's rule for ``recur`` started near ``day``: from ``day`` on (and from a
        period or more before it) it gives the dates the rule gives from the first date. None
        when the rule gives no dates at all."""
        dtstart = self._local_start(self.start_date)
        if recur.count is not None:
            last = _last_counted(recur, dtstart)
            if last is None:
                return None
            # The same dates: the rule without its COUNT, up to the last date the COUNT allows.
            recur = replace(recur, count=None, until=last)
        start = recur.period_start_before(self.start_date, day)
        if start is not None:
            dtstart = self._local_start(start)
        return recur.rrule(dtstart)

    def _rules_near(self, day: dt.date) -> tuple[list[du.rrule], list[du.rrule]]:
        """The rules and exclusion rules as dateutil rules started near ``day``."""
        rrules, exrules = self._recurs
        return (
            [rule for recur in rrules if (rule := self._started_near(recur, day)) is not None],
            [rule for recur in exrules if (rule := self._started_near(recur, day)) is not None],
        )

    def _rule_set(self, rrules: list[du.rrule], exrules: list[du.rrule]) -> du.rruleset:
        """The whole schedule as a dateutil rule set, with the rules from ``_rules_near``."""
        rules = du.rruleset()
        rules.rdate(self._local_start(self.start_date))
        for rule in rrules:
            rules.rrule(rule)
        for when in self.rdates:
            rules.rdate(self._local_start(when))
        for rule in exrules:
            rules.exrule(rule)
        for when in self.exdates:
            rules.exdate(self._local_start(when))
        return rules

    def session_dates(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """The original local dates of the sessions from first to last, both included."""
        if self.end_date is not None:
            last = min(last, self.end_date)
        first = max(first, self.start_date)
        if last < first:
            return []
        low, high = dt.datetime.combine(first, dt.time.min), dt.datetime.combine(last, dt.time.max)
        rrules, exrules = self._rules_near(first)
        if len(rrules) != 1 or self.rdates or exrules or self.exdates:
            found = self._rule_set(rrules, exrules).between(low, high, inc=True)
        else:
            # The same dates as the rule set (the first date and the rule), without its merge:
            # the rule's dates are never before the first date, so that date can only come first.
            found = rrules[0].between(low, high, inc=True)
            start = self._local_start(self.start_date)
            if low <= start <= high and (not found or found[0] != start):
                found.insert(0, start)
        return [moment.date() for moment in found]

    def meets_on(self, day: dt.date) -> bool:
        return bool(self.session_dates(day, day))

    def next_session_date(self, on_or_after: dt.date) -> dt.date | None:
        if self.end_date is not None and on_or_after > self.end_date:
            return None
        on_or_after = max(on_or_after, self.start_date)
        rules = self._rule_set(*self._rules_near(on_or_after))
        found = rules.after(dt.datetime.combine(on_or_after, dt.time.min), inc=True)
        if found is None or (self.end_date is not None and found.date() > self.end_date):
            return None
        return found.date()

    def last_rule_date(self) -> dt.date | None:
        """The last date the rule may produce (its COUNT or UNTIL, or the end date), if any."""
        last = [self.end_date] if self.end_date is not None else []
        for rule, recur in zip(self.rrules, self._recurs[0], strict=True):
            if rule.until is not None:
                last.append(_date_of(rule.until))
            if recur.count is not None:
                counted = _last_counted(recur, self._local_start(self.start_date))
                # A rule that gives no dates leaves the first date as the only one it adds to.
                last.append(self.start_date if counted is None else counted.date())
        return min(last, default=None)

    def occurrence(self, day: dt.date, change: Change | None = None) -> Occurrence:
        """The session originally on ``day``, with its change applied (not checked to exist)."""
        original_start = wall_clock(day, self.start_time, self.tzinfo)
        if change is None or change.cancelled:
            return Occurrence(
                original_date=day,
                original_start=original_start,
                start=original_start,
                end=add_elapsed(original_start, self.duration),
                cancelled=change is not None,
                change=change,
            )
        new_day = change.new_date or day
        start = wall_clock(new_day, change.new_start_time or self.start_time, self.tzinfo)
        if change.new_end_time is not None:
            end = wall_clock(new_day, change.new_end_time, self.tzinfo)
        else:
            end = add_elapsed(start, self.duration)
        return Occurrence(
            original_date=day,
            original_start=original_start,
            start=start,
            end=end,
            moved=True,
            change=change,
        )

    def occurrences_between(
        self, start: dt.datetime, end: dt.datetime, changes: Iterable[Change] = ()
    ) -> list[Occurrence]:
        """Sessions whose (possibly moved) start is in [start, end), cancelled ones included.

        A session moved into the window from outside it is included; one moved out is not.
        Changes for dates on which the group does not meet are ignored.
        """
        by_date = {change.original_date: change for change in changes}
        tz = self.tzinfo
        # One day of padding each side covers any offset between the window's zone and ours.
        first = start.astimezone(tz).date() - dt.timedelta(days=1)
        last = end.astimezone(tz).date() + dt.timedelta(days=1)
        days = self.session_dates(first, last)
        found = [self.occurrence(day, by_date.get(day)) for day in days]
        seen = set(days)
        for day, change in by_date.items():
            if day not in seen and not change.cancelled and self.meets_on(day):
                found.append(self.occurrence(day, change))
        found = [occ for occ in found if start <= occ.start < end]
        found.sort(key=lambda occ: (occ.start, occ.original_date))
        return found

    def problems(self) -> dict[str, str]:
        """What makes this schedule unusable, by field name; empty when it is sound."""
        problems = {}
        if self.end_date is not None and self.end_date < self.start_date:
            problems["end_date"] = "The end date is before the first date."
            return problems
        if len(self.rrules) > 1 or self.exrules:
            # RFC 5545: one RRULE per event, and EXRULE is obsolete; calendar apps disagree on both.
            problems["recurrences"] = (
                "Use one rule; add or exclude single dates for anything it does not cover."
            )
            return problems
        for rule in self.rrules:
            if rule.freq not in ALLOWED_FREQUENCIES or any(
                getattr(rule, name, None) for name in SUB_DAILY_PARAMS
            ):
                problems["recurrences"] = (
                    "A group meets at most once a day: use a daily, weekly, monthly or "
                    "yearly rule without hours or minutes."
                )
                return problems
            if (rule.interval or 1) < 1 or (rule.count is not None and rule.count < 1):
                problems["recurrences"] = "The interval and the count must be at least 1."
                return problems
            if rule.count is not None and rule.count > MAX_COUNT:
                problems["recurrences"] = (
                    f"A rule can count at most {MAX_COUNT:,} sessions. For a longer run, "
                    "leave out the count and give an end date."
                )
                return problems
        if any(day < self.start_date for day in self.rdates):
            problems["recurrences"] = "An extra date is before the first date."
        elif self.end_date is not None and any(day > self.end_date for day in self.rdates):
            problems["recurrences"] = "An extra date is after the end date."
        if self.rrules:
            # Rules started at the first date: the question is about that date and the next.
            local_start = self._local_start(self.start_date)
            rules = [recur.rrule(local_start) for recur in self._recurs[0]]
            if not any(rule.after(local_start, inc=True) == local_start for rule in rules):
                following = [nxt for rule in rules if (nxt := rule.after(local_start)) is not None]
                hint = (
                    f" The first meeting day after it is {min(following).date():%A %-d %B %Y}."
                    if following
                    else " This rule never produces a meeting day."
                )
                problems["start_date"] = (
                    "The first date must be one of the days the schedule meets." + hint
                )
        return problems
