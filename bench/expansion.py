"""The occurrence engine timed in process: against raw dateutil on one month of a region's
groups, and a month a century after a group's first date against the month of its first date.
Run by ``python -m bench.inprocess prepare`` (and ``years``)."""

from __future__ import annotations

import datetime as dt
import statistics
import time

# The occurrence engine against raw dateutil --------------------------------------------------


def raw_rrule(rule, dtstart: dt.datetime):
    """dateutil's rrule from a django-recurrence Rule's own fields, nothing else."""
    from dateutil import rrule as du

    until = rule.until
    if until is not None:
        until = dt.datetime.combine(until.date(), dt.time.max)
    return du.rrule(
        rule.freq,
        dtstart=dtstart,
        interval=rule.interval or 1,
        wkst=rule.wkst,
        count=rule.count,
        until=until,
        byweekday=[du.weekday(day.number, day.index or None) for day in rule.byday] or None,
        bysetpos=rule.bysetpos or None,
        bymonth=rule.bymonth or None,
        bymonthday=rule.bymonthday or None,
        byyearday=rule.byyearday or None,
        byweekno=rule.byweekno or None,
    )


def timed(function, repetitions: int) -> tuple[list[float], object]:
    function()  # warm-up: imports, zoneinfo cache
    samples, result = [], None
    for _ in range(repetitions):
        began = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - began) * 1000)
    return samples, result


def expansion(chosen: dict, repetitions: int) -> dict:
    """One month of every group of the region (private ones too): the engine and dateutil.

    The engine: ``Group.schedule.occurrences_between(start, end, changes)`` for each group, as
    ``sessions_between`` calls it (a fresh Schedule each time, so nothing is cached between
    repetitions; the changes are fetched beforehand). Raw: ``dateutil.rrule(...).between()`` on
    naive local datetimes for each rule, built from the same Rule fields, with no timezone, no
    first-date or extra dates and no changes. Rows are loaded from the database beforehand.
    """
    from zoneinfo import ZoneInfo

    from groups.models import Group, SessionChange
    from groups.occurrences import wall_clock

    groups = list(Group.objects.filter(region__slug=chosen["region"]).order_by("pk"))
    changes: dict[int, list] = {}
    for change in SessionChange.objects.filter(group__in=groups):
        changes.setdefault(change.group_id, []).append(change.as_change())
    first = dt.date.fromisoformat(chosen["month"] + "-01")
    following = (first + dt.timedelta(days=32)).replace(day=1)
    zone = ZoneInfo(groups[0].timezone)
    start, end = wall_clock(first, dt.time(0), zone), wall_clock(following, dt.time(0), zone)
    naive_first = dt.datetime.combine(first, dt.time(0))
    naive_last = dt.datetime.combine(following - dt.timedelta(days=1), dt.time.max)

    def engine():
        return sum(
            len(group.schedule.occurrences_between(start, end, changes.get(group.pk, ())))
            for group in groups
        )

    def raw():
        found = 0
        for group in groups:
            dtstart = dt.datetime.combine(group.start_date, group.start_time)
            for rule in group.recurrences.rrules:
                found += len(raw_rrule(rule, dtstart).between(naive_first, naive_last, inc=True))
        return found

    engine_ms, engine_sessions = timed(engine, repetitions)
    raw_ms, raw_dates = timed(raw, repetitions)
    return {
        "groups": len(groups),
        "month": chosen["month"],
        "repetitions": repetitions,
        "engine_sessions": engine_sessions,
        "raw_dates": raw_dates,
        "engine_ms_min": round(min(engine_ms), 3),
        "engine_ms_median": round(statistics.median(engine_ms), 3),
        "raw_ms_min": round(min(raw_ms), 3),
        "raw_ms_median": round(statistics.median(raw_ms), 3),
        "ratio": round(min(engine_ms) / min(raw_ms), 3),
    }


# The occurrence engine a century after the first date ------------------------------------------

FIRST_DATE = dt.date(2000, 1, 4)  # a Tuesday
NEAR_MONTH = dt.date(2000, 2, 1)
FAR_MONTH = dt.date(2099, 6, 1)


def far_schedules() -> list:
    """Five kinds of group, all meeting since 4 January 2000 at 6 pm in New York."""
    from recurrence import DAILY, MONTHLY, WEEKLY, Rule, Weekday

    from groups.occurrences import Schedule

    rules = [
        Rule(WEEKLY, byday=[Weekday(1)]),
        Rule(WEEKLY, interval=2, byday=[Weekday(1)]),
        Rule(MONTHLY, byday=[Weekday(1, 1), Weekday(1, 3)]),  # 1st and 3rd Tuesday
        Rule(MONTHLY, bymonthday=[-1]),  # the last day of the month (31 January 2000 on)
        Rule(DAILY),
    ]
    starts = [FIRST_DATE, FIRST_DATE, FIRST_DATE, dt.date(2000, 1, 31), FIRST_DATE]
    return [
        Schedule(
            start_date=start,
            start_time=dt.time(18),
            duration=dt.timedelta(minutes=90),
            timezone="America/New_York",
            rrules=(rule,),
        )
        for rule, start in zip(rules, starts, strict=True)
    ]


def far_from_first_date(repetitions: int) -> dict:
    """One month of five schedules that started in January 2000: February 2000 against June 2099.

    The engine: ``Schedule.occurrences_between`` for each (fresh Schedules each repetition, so
    nothing is cached between them, as per request). dateutil from the first date: each rule's
    ``rrule(...).between()`` started at the first date, which is what the engine did before it
    started each rule near the window. No database.
    """
    from zoneinfo import ZoneInfo

    from groups.occurrences import wall_clock

    zone = ZoneInfo("America/New_York")
    result = {"schedules": len(far_schedules()), "repetitions": repetitions}
    for name, month in (("near", NEAR_MONTH), ("far", FAR_MONTH)):
        following = (month + dt.timedelta(days=32)).replace(day=1)
        start, end = wall_clock(month, dt.time(0), zone), wall_clock(following, dt.time(0), zone)
        naive_first = dt.datetime.combine(month, dt.time(0))
        naive_last = dt.datetime.combine(following - dt.timedelta(days=1), dt.time.max)

        def engine(start=start, end=end):
            return sum(len(s.occurrences_between(start, end)) for s in far_schedules())

        def raw(naive_first=naive_first, naive_last=naive_last):
            found = 0
            for schedule in far_schedules():
                dtstart = dt.datetime.combine(schedule.start_date, schedule.start_time)
                for rule in schedule.rrules:
                    found += len(
                        raw_rrule(rule, dtstart).between(naive_first, naive_last, inc=True)
                    )
            return found

        engine_ms, sessions = timed(engine, repetitions)
        raw_ms, raw_dates = timed(raw, repetitions)
        result[name] = {
            "month": f"{month:%Y-%m}",
            "engine_sessions": sessions,
            "raw_dates": raw_dates,
            "engine_ms_min": round(min(engine_ms), 3),
            "engine_ms_median": round(statistics.median(engine_ms), 3),
            "raw_ms_min": round(min(raw_ms), 3),
            "raw_ms_median": round(statistics.median(raw_ms), 3),
        }
    result["ratio"] = round(result["far"]["engine_ms_min"] / result["near"]["engine_ms_min"], 3)
    return result
