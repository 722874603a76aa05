"""RRULE-style VTIMEZONE components built from the zoneinfo database. No database access.

icalendar's own generator writes one RDATE per transition, a form some calendar clients misread;
this module writes the form vzic and the big calendar servers use: one STANDARD and one DAYLIGHT
observance per stretch of years that follow the same rule ("2nd Sunday of March at 2:00"),
with UNTIL where a rule ended and an open-ended RRULE for the rule in force. It reads the real
transitions from zoneinfo, so it is exactly as current as the tzdata package.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

UTC = dt.UTC
DAY = dt.timedelta(days=1)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Years past the last date a calendar uses that are still read, so the rule in force at the end
# is seen several years running before it is written as open-ended.
YEARS_AHEAD = 10


@dataclass(frozen=True)
class Transition:
    at: dt.datetime  # the UTC instant
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    is_dst: bool

    @property
    def local_start(self) -> dt.datetime:
        """The wall-clock time of the change, read in the offset before it (RFC 5545 DTSTART)."""
        return (self.at + self.offset_from).replace(tzinfo=None)

    def day_rules(self) -> frozenset[tuple[int, int]]:
        """The (nth, weekday) pairs that name this date: (2, 6) "2nd Sunday", (-1, 6) "last"."""
        day = self.local_start
        rules = {((day.day - 1) // 7 + 1, day.weekday())}
        if day.day + 7 > calendar.monthrange(day.year, day.month)[1]:
            rules.add((-1, day.weekday()))
        return frozenset(rules)

    def shape(self):
        """What must stay the same for two years' transitions to be one observance."""
        start = self.local_start
        return (self.is_dst, self.offset_from, self.offset_to, self.name, start.month, start.time())


def transitions(tzid: str, first_year: int, last_year: int) -> tuple[Transition, ...]:
    """Every change of UTC offset or name in the zone from first_year to last_year."""
    return tuple(
        chain.from_iterable(
            year_transitions(tzid, year) for year in range(first_year, last_year + 1)
        )
    )


@lru_cache(maxsize=4096)
def year_transitions(tzid: str, year: int) -> tuple[Transition, ...]:
    """The changes in one year (from 1 January UTC to the next), read day by day, each found to
    the second. Kept per year, so that calendars of different spans share the work (about 1 ms
    a year) and the server's warm-up can do it for its own zone's years before it forks."""
    tz = ZoneInfo(tzid)
    found = []
    moment = dt.datetime(year, 1, 1, tzinfo=UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=UTC)
    before = moment.astimezone(tz)
    while moment < end:
        step = moment + DAY
        after = step.astimezone(tz)
        if (before.utcoffset(), before.tzname()) != (after.utcoffset(), after.tzname()):
            low, high = moment, step  # the change is in (low, high]: bisect to the second
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                if middle.astimezone(tz).utcoffset() == before.utcoffset() and (
                    middle.astimezone(tz).tzname() == before.tzname()
                ):
                    low = middle
                else:
                    high = middle
            high = high.replace(microsecond=0)
            local = high.astimezone(tz)
            found.append(
                Transition(
                    at=high,
                    offset_from=before.utcoffset(),
                    offset_to=local.utcoffset(),
                    name=local.tzname(),
                    is_dst=bool(local.dst()),
                )
            )
        moment, before = step, after
    return tuple(found)


def _runs(items: list[Transition]) -> list[tuple[list[Transition], frozenset]]:
    """Split one kind's transitions into stretches of consecutive years that share a rule."""
    runs = []
    for item in items:
        if runs:
            run, rules = runs[-1]
            last = run[-1]
            shared = rules & item.day_rules()
            if (
                item.shape() == last.shape()
                and item.local_start.year == last.local_start.year + 1
                and shared
            ):
                run.append(item)
                runs[-1] = (run, shared)
                continue
        runs.append(([item], item.day_rules()))
    return runs


def _byday(rules: frozenset, first: Transition) -> str:
    positive = sorted(rule for rule in rules if rule[0] > 0)
    last = [rule for rule in rules if rule[0] == -1]
    nth, weekday = (
        last[0] if last and (not positive or first.local_start.day >= 22) else positive[0]
    )
    return f"{nth}{WEEKDAYS[weekday]}"


def _observance(transition: Transition, rrule: dict | None):
    component = TimezoneDaylight() if transition.is_dst else TimezoneStandard()
    component.add("dtstart", transition.local_start)
    if rrule:
        component.add("rrule", vRecur(rrule))
    component.add("tzname", transition.name)
    component.add("tzoffsetfrom", transition.offset_from)
    component.add("tzoffsetto", transition.offset_to)
    return component


def vtimezone(tzid: str, first: dt.date, last: dt.date) -> Timezone:
    """A VTIMEZONE for tzid, exact for every date from first to last and for the rule after."""
    first_year, last_year = first.year - 1, max(first.year, last.year) + YEARS_AHEAD
    timezone = Timezone()
    timezone.add("tzid", tzid)
    # The offset in force on 1 January of the first year read, until the first change.
    start = dt.datetime(first_year, 1, 1, tzinfo=ZoneInfo(tzid))
    head = Transition(
        at=start.astimezone(UTC),
        offset_from=start.utcoffset(),
        offset_to=start.utcoffset(),
        name=start.tzname(),
        is_dst=bool(start.dst()),
    )
    observances = [_observance(head, None)]
    found = transitions(tzid, first_year, last_year)
    for is_dst in (False, True):
        for run, rules in _runs([item for item in found if item.is_dst == is_dst]):
            ongoing = run[-1].local_start.year >= last_year - 1
            if len(run) == 1:
                # One year alone is no rule (Morocco's changes follow Ramadan, not weekdays).
                rrule = None
            else:
                rrule = {
                    "freq": "yearly",
                    "bymonth": run[0].local_start.month,
                    "byday": _byday(rules, run[0]),
                }
                if not ongoing:
                    rrule["until"] = run[-1].at
            observances.append(_observance(run[0], rrule))
    observances.sort(key=lambda component: component.DTSTART)
    for observance in observances:
        timezone.add_component(observance)
    return timezone


def vtimezone_ical(tzid: str, first: dt.date, last: dt.date) -> bytes:
    """vtimezone's text. It depends only on the years of first and last, so it is worked out
    once per process for each zone and pair of years (about 16 ms each time otherwise: every
    feed built with the caches empty wrote it again)."""
    return _vtimezone_ical(tzid, first.year, last.year)


@lru_cache(maxsize=512)
def _vtimezone_ical(tzid: str, first_year: int, last_year: int) -> bytes:
    return vtimezone(tzid, dt.date(first_year, 1, 1), dt.date(last_year, 1, 1)).to_ical()
