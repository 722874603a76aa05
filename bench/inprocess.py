"""The Django side of the benchmark, run by bench/run.py as ``python -m bench.inprocess ...``
with the same settings and database as the gunicorn under test.

``prepare`` (before gunicorn starts, on a quiet machine): chooses the region, group and month;
writes the region feed's bytes under STATIC_ROOT for the static-file baseline; counts each
endpoint's queries with Django's test client; times the occurrence engine against raw dateutil,
and a month a century after a group's first date against the month of its first date.

``years``: only that last measurement, which needs no database (``python -m bench.inprocess
years``).

``cold`` (while gunicorn runs): gives a feed a new version with ``groups_changed``, as any edit
does, then times the first request for it, several times.

Each prints one line ``BENCH_JSON {...}`` on stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path


def setup_django() -> None:
    import django

    django.setup()


def emit(data: dict) -> None:
    sys.stdout.write("BENCH_JSON " + json.dumps(data) + "\n")
    sys.stdout.flush()


# What to measure ------------------------------------------------------------------------------


def month_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the current month."""
    first = today.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def choose(size: str) -> dict:
    """The first region by slug, its first public group by slug, and this month."""
    from django.utils import timezone

    from groups.selectors import public_groups
    from regions.models import Region

    region = Region.objects.order_by("slug").first()
    if region is None:
        raise SystemExit("The database has no regions: seed_scale did not run.")
    group = public_groups().filter(region=region).order_by("slug").first()
    first, last = month_window(timezone.localdate())
    region_feed = f"/regions/{region.slug}/calendar.ics"
    return {
        "region": region.slug,
        "region_groups": region.groups.count(),
        "group": group.slug,
        "month": f"{first:%Y-%m}",
        "paths": {
            "static": f"/static/bench/{size}-region-feed.ics",
            "django_floor": "/robots.txt",
            "region_feed_warm": region_feed,
            "region_feed_304": region_feed,
            "month_page": f"/calendar/?region={region.slug}&view=month&date={first:%Y-%m-%d}",
            "group_page": f"/groups/{group.slug}/",
            # A visitor's search over every public group's words (groups/search.py), this week.
            "search_page": "/calendar/?q=library",
            "api_occurrences": (
                f"/api/v1/occurrences.json?region={region.slug}&start={first:%Y-%m-%d}"
                f"&end={last:%Y-%m-%d}"
            ),
            "region_feed_cold": region_feed,
            "network_feed": "/calendar.ics",
        },
    }


def touch(group_slug: str) -> None:
    """A new version of every feed that shows the group (its region's and the network's too)."""
    from groups.freshness import groups_changed
    from groups.models import Group

    groups_changed(group_ids=[Group.objects.get(slug=group_slug).pk])


# Queries per request --------------------------------------------------------------------------


def count_queries(client, path: str, **headers) -> tuple[int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
        if response.streaming:  # a streamed feed reads as it is sent
            response.getvalue()
    return len(captured), response


def queries_per_request(chosen: dict, static_file: Path) -> dict:
    """Each endpoint's queries, once its caches are warm; the feeds' cold builds as well."""
    from django.test import Client

    from groups import versions

    client = Client(HTTP_HOST="127.0.0.1")
    paths = chosen["paths"]
    counts, statuses = {}, {}
    # As in a worker that has been up a moment: its feed versions channel is listening.
    memo = versions.active_memo()
    deadline = time.monotonic() + 10
    while memo is not None and not memo.listening and time.monotonic() < deadline:
        time.sleep(0.05)

    touch(chosen["group"])
    counts["region_feed_cold"], response = count_queries(client, paths["region_feed_cold"])
    counts["region_feed_warm"], response = count_queries(client, paths["region_feed_warm"])
    statuses["region_feed_warm"] = response.status_code
    static_file.parent.mkdir(parents=True, exist_ok=True)
    static_file.write_bytes(response.content)  # the static-file baseline: the same bytes
    counts["region_feed_304"], response = count_queries(
        client, paths["region_feed_304"], HTTP_IF_NONE_MATCH=response["ETag"]
    )
    statuses["region_feed_304"] = response.status_code
    for name in ("django_floor", "month_page", "search_page", "group_page", "api_occurrences"):
        client.get(paths[name])  # first-request work (site, content types) is not per request
        counts[name], response = count_queries(client, paths[name])
        statuses[name] = response.status_code
    counts["network_feed"], response = count_queries(client, paths["network_feed"])  # cold
    statuses["network_feed"] = response.status_code
    # Served by whitenoise before any view: no queries by construction.
    counts["static"] = 0
    return {"queries": counts, "statuses": statuses}


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


# Commands -------------------------------------------------------------------------------------


def prepare(size: str, repetitions: int) -> dict:
    from django.conf import settings

    chosen = choose(size)
    static_file = Path(settings.STATIC_ROOT) / "bench" / f"{size}-region-feed.ics"
    measured = queries_per_request(chosen, static_file)
    return (
        chosen
        | measured
        | {
            "expansion": expansion(chosen, repetitions),
            "years": far_from_first_date(repetitions),
        }
    )


def cold(base_url: str, path: str, group: str, repetitions: int) -> dict:
    """Touch the feed's version, then time the one request that rebuilds it; repeat."""
    from bench.loadgen import probe

    samples = []
    for _ in range(repetitions):
        touch(group)
        time.sleep(0.2)  # let the commit settle; nothing else is running
        result = probe(base_url + path)
        samples.append({"status": result.status, "ms": result.ms, "bytes": result.bytes})
    return {"samples": samples}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.inprocess")
    commands = parser.add_subparsers(dest="command", required=True)
    first = commands.add_parser("prepare")
    first.add_argument("--size", required=True)
    first.add_argument("--repetitions", type=int, default=15)
    second = commands.add_parser("cold")
    second.add_argument("--base-url", required=True)
    second.add_argument("--path", required=True)
    second.add_argument("--group", required=True)
    second.add_argument("--repetitions", type=int, default=5)
    third = commands.add_parser("years")
    third.add_argument("--repetitions", type=int, default=15)
    args = parser.parse_args(argv)
    if args.command == "years":
        emit(far_from_first_date(args.repetitions))
        return
    setup_django()
    if args.command == "prepare":
        emit(prepare(args.size, args.repetitions))
    else:
        emit(cold(args.base_url, args.path, args.group, args.repetitions))


if __name__ == "__main__":
    main()
