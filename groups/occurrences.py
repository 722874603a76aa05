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

How a rule is started near the dates asked about, so that no answer costs more for a group that
began years ago, is ``groups.recurrence_rules``'s part (its cost policy).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from zoneinfo import ZoneInfo

from dateutil import rrule as du

from groups.recurrence_rules import (
    ALLOWED_FREQUENCIES,
    MAX_COUNT,
    SUB_DAILY_PARAMS,
    Recur,
    date_of,
    last_counted,
)

UTC = dt.UTC
CONFIRMED = "confirmed"
CANCELLED = "cancelled"


def wall_clock(day: dt.date, at: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The aware datetime for a local date and time, with the gap and fold policy above."""
    aware = dt.datetime.combine(day, at, tzinfo=tz)  # fold=0: first of two, offset before a gap
    return aware.astimezone(UTC).astimezone(tz)


def add_elapsed(start: dt.datetime, duration: dt.timedelta) -> dt.datetime:
    """start + duration in elapsed time, shown in start's timezone."""
    return (start.astimezone(UTC) + duration).astimezone(start.tzinfo)


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

    @property
    def moves(self) -> bool:
        """It sets a new date, time or place (a cancelled session keeps where it had moved)."""
        return any(
            value is not None
            for value in (self.new_date, self.new_start_time, self.new_end_time, self.venue_id)
        )


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
            rdates=tuple(sorted({date_of(d) for d in recurrence.rdates})),
            exdates=tuple(sorted({date_of(d) for d in recurrence.exdates})),
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
    def _recurs(self) -> tuple[tuple[Recur, ...], tuple[Recur, ...]]:
        """The rules and exclusion rules, written out for dateutil (see ``Recur``)."""
        return (
            tuple(Recur.of(rule, self.start_date) for rule in self.rrules),
            tuple(Recur.of(rule, self.start_date) for rule in self.exrules),
        )

    def _started_near(self, recur: Recur, day: dt.date) -> du.rrule | None:
        """dateutil's rule for ``recur`` started near ``day``: from ``day`` on (and from a
        period or more before it) it gives the dates the rule gives from the first date. None
        when the rule gives no dates at all."""
        dtstart = self._local_start(self.start_date)
        if recur.count is not None:
            last = last_counted(recur, dtstart)
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
                last.append(date_of(rule.until))
            if recur.count is not None:
                counted = last_counted(recur, self._local_start(self.start_date))
                # A rule that gives no dates leaves the first date as the only one it adds to.
                last.append(self.start_date if counted is None else counted.date())
        return min(last, default=None)

    def occurrence(self, day: dt.date, change: Change | None = None) -> Occurrence:
        """The session originally on ``day``, with its change applied (not checked to exist)."""
        original_start = wall_clock(day, self.start_time, self.tzinfo)
        if change is None or (change.cancelled and not change.moves):
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
            cancelled=change.cancelled,  # a moved session cancelled where it had moved to
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
            if day not in seen and change.moves and self.meets_on(day):
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
