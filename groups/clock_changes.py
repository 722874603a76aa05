"""The nights the clocks change, and the sessions of a schedule they touch. No database access.

A session touches a clock change when it starts in the hour the clocks skip (spring forward) or
repeat (fall back), ends in the repeated hour, or lasts across the change. The engine's policy
(``groups/occurrences.py``, RFC 5545's) decides every such session, but calendar apps read them
each their own way: the feeds write these sessions with exact times (``publishing/events.py``),
and the console tells a coordinator what will happen (``start_warnings``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, cached_property
from zoneinfo import ZoneInfo

from groups.occurrences import UTC, Schedule

DAY = dt.timedelta(days=1)
STARTS_IN_THE_GAP, STARTS_TWICE, ENDS_TWICE, LASTS_ACROSS = (
    "starts in the skipped hour",
    "starts in the repeated hour",
    "ends in the repeated hour",
    "lasts across the change",
)


@dataclass(frozen=True)
class ClockChange:
    at: dt.datetime  # the UTC instant
    before: dt.timedelta  # the UTC offset before it
    after: dt.timedelta

    @property
    def forward(self) -> bool:
        return self.after > self.before

    @property
    def local_day(self) -> dt.date:
        """The local date of the change (the clocks change in the night, after midnight)."""
        return (self.at + self.before).date()

    @cached_property
    def local_hour(self) -> tuple[dt.datetime, dt.datetime, dt.timedelta]:
        """The wall-clock times the change skips or repeats (naive, first and last), and its
        size. Kept: the changes of a year are made once per zone (``_year_changes``)."""
        low, high = sorted(
            [
                (self.at + self.before).replace(tzinfo=None),
                (self.at + self.after).replace(tzinfo=None),
            ]
        )
        return low, high, abs(self.after - self.before)


def _offset(tz: ZoneInfo, moment: dt.datetime) -> dt.timedelta:
    return moment.astimezone(tz).utcoffset()


@cache
def _year_changes(tzid: str, year: int) -> tuple[ClockChange, ...]:
    """Every change of UTC offset in the zone in one year: a day's steps, then a binary search."""
    tz = ZoneInfo(tzid)
    found = []
    moment = dt.datetime(year, 1, 1, tzinfo=UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=UTC)
    while moment < end:
        following = min(moment + DAY, end)
        if _offset(tz, moment) != _offset(tz, following):
            low, high = moment, following
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _offset(tz, middle) == _offset(tz, low):
                    low = middle
                else:
                    high = middle
            high = high.replace(microsecond=0)
            found.append(ClockChange(high, _offset(tz, low), _offset(tz, high)))
        moment = following
    return tuple(found)


def clock_changes(tzid: str, first: dt.date, last: dt.date) -> list[ClockChange]:
    """The changes of UTC offset whose local date is from first to last, both included."""
    return [
        change
        for year in range(first.year, last.year + 1)
        for change in _year_changes(tzid, year)
        if first <= change.local_day <= last
    ]


def ambiguous(moment: dt.datetime) -> bool:
    """True when the local time names two instants (the hour repeated when clocks fall back)."""
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()


@dataclass(frozen=True)
class TouchedSession:
    """A session (as scheduled, before any change) that a clock change touches."""

    day: dt.date  # its original local date
    change: ClockChange
    start: dt.datetime  # where the engine puts it
    end: dt.datetime
    how: str  # one of STARTS_IN_THE_GAP, STARTS_TWICE, ENDS_TWICE, LASTS_ACROSS


def how_touched(schedule: Schedule, day: dt.date) -> str | None:
    """How the clocks changing touch the session on ``day`` (which is not checked to exist)."""
    occurrence = schedule.occurrence(day)
    start, end = occurrence.start, occurrence.end
    if start.replace(tzinfo=None) != dt.datetime.combine(day, schedule.start_time):
        return STARTS_IN_THE_GAP
    if ambiguous(start):
        return STARTS_TWICE
    if ambiguous(end):
        return ENDS_TWICE
    if start.utcoffset() != end.utcoffset():
        return LASTS_ACROSS
    return None


def _near_days(change: ClockChange, at: dt.timedelta, duration: dt.timedelta):
    """The first and last day whose session (starting ``at`` after midnight), as written on
    the wall clock and widened by the change's size on both sides, meets the local hour the
    change skips or repeats. A session on any other day cannot be touched, so it need not be
    resolved (most days, most groups)."""
    low, high, size = change.local_hour
    earliest = low - size - duration - at  # a session starting from here...
    latest = high + size - at  # ...to here, as midnights
    first = earliest.date() + (DAY if earliest.time() != dt.time(0) else dt.timedelta(0))
    return first, latest.date()


def touched_sessions(schedule: Schedule, first: dt.date, last: dt.date) -> list[TouchedSession]:
    """The sessions of the schedule from first to last (by original date) a clock change touches.

    Only the days whose session meets the hour a change skips or repeats are looked at, and
    only a session the change touches is checked against the rule, so this costs a few steps a
    year whatever the schedule.
    """
    reach = schedule.duration + DAY  # a session starting this long before a change may touch it
    start = schedule.start_time
    at = dt.timedelta(hours=start.hour, minutes=start.minute, seconds=start.second)
    found = {}
    for change in clock_changes(schedule.timezone, first - DAY, last + reach + DAY):
        near_first, near_last = _near_days(change, at, schedule.duration)
        day = max((change.at + change.before - reach).date(), first, near_first)
        while day <= min(change.local_day, last, near_last):
            how = how_touched(schedule, day)
            if how is not None and day not in found and schedule.meets_on(day):
                occurrence = schedule.occurrence(day)
                found[day] = TouchedSession(day, change, occurrence.start, occurrence.end, how)
            day += DAY
    return [found[day] for day in sorted(found)]


def _clock(moment: dt.datetime) -> str:
    return moment.strftime("%-I:%M %p").lower()


def start_warnings(schedule: Schedule, first: dt.date, last: dt.date) -> list[str]:
    """In plain words, what happens to each session from first to last that starts in the hour
    the clocks skip or repeat."""
    warnings = []
    for touched in touched_sessions(schedule, first, last):
        start, day = touched.start, f"{touched.change.local_day:%A %-d %B %Y}"
        asked = _clock(dt.datetime.combine(touched.day, schedule.start_time))
        if touched.how == STARTS_IN_THE_GAP:
            warnings.append(
                f"Clocks go forward on {day}: there is no {asked} that night; the session will "
                f"start at {_clock(start)} {start.tzname()}."
            )
        elif touched.how == STARTS_TWICE:
            later = start.replace(fold=1)
            warnings.append(
                f"Clocks go back on {day}: {asked} happens twice that night. The session will "
                f"start at the first {asked} ({start.tzname()}), not the second "
                f"({later.tzname()})."
            )
    return warnings
