"""The Django side of the benchmark, run by bench/run.py as ``python -m bench.inprocess ...``
with the same settings and database as the gunicorn under test.

``prepare`` (before gunicorn starts, on a quiet machine): chooses the region, group and month;
writes the region feed's bytes under STATIC_ROOT for the static-file baseline; counts each
endpoint's queries with Django's test client; times the occurrence engine against raw dateutil,
and a month a century after a group's first date against the month of its first date
(bench/expansion.py).

``years``: only that last measurement, which needs no database (``python -m bench.inprocess
years``).

``cold`` (while gunicorn runs): gives a feed a new version with ``groups_changed``, as any edit
does, then times the first request for it, several times.

``flush``: empties the shared cache (``cache.clear()``), for a run without Redis.

``propagation`` and ``writes``: a change on one app server seen on the other, and a coordinator's
changes under read load (bench/live.py).

Each prints one line ``BENCH_JSON {...}`` on stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

from bench import live
from bench.common import GZIP_ROW, SAME_BYTES
from bench.expansion import expansion, far_from_first_date


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

    from core.dates import LATEST_DATE
    from groups.selectors import public_groups
    from regions.models import Region

    region = Region.objects.order_by("slug").first()
    if region is None:
        raise SystemExit("The database has no regions: seed_scale did not run.")
    group = public_groups().filter(region=region).order_by("slug").first()
    today = timezone.localdate()
    first, last = month_window(today)
    region_feed = f"/regions/{region.slug}/calendar.ics"
    # A calendar year well after every group's first date (seed_scale's are near today), and
    # within the dates the API takes (core/dates.py: LATEST_DATE).
    far_year = min(today.year + FAR_YEARS, LATEST_DATE.year)
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
            "groups_json": "/api/v1/groups.json",
            "meeting_guide": "/meeting-guide.json",
            "groups_json_gzip": "/api/v1/groups.json",
            "meeting_guide_gzip": "/meeting-guide.json",
            "api_year_far": (
                f"/api/v1/occurrences.json?region={region.slug}&start={far_year}-01-01"
                f"&end={far_year}-12-31"
            ),
            "region_feed_cold": region_feed,
            "region_feed_empty": region_feed,
            "network_feed": "/calendar.ics",
            "static_api_size": f"/static/bench/{size}-api-month.json",
            "static_meeting_guide_size": f"/static/bench/{size}-meeting-guide.json",
        },
    }


FAR_YEARS = 5


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


WARM_ROWS = (
    "django_floor",
    "month_page",
    "search_page",
    "group_page",
    "api_occurrences",
    "groups_json",
    "meeting_guide",
    "groups_json_gzip",
    "meeting_guide_gzip",
    "api_year_far",
)
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip"}


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
    for name in WARM_ROWS:
        headers = GZIP if name.endswith(GZIP_ROW) else {}
        client.get(paths[name], **headers)  # first-request work (site, content types) is not
        counts[name], response = count_queries(client, paths[name], **headers)  # per request
        statuses[name] = response.status_code
        if name in SAME_BYTES.values():  # the limit for an answer of this size
            same = next(row for row, copied in SAME_BYTES.items() if copied == name)
            (static_file.parent / Path(paths[same]).name).write_bytes(response.content)
            counts[same] = 0
    # The far year's first build, after a change (as the API's first request for it).
    touch(chosen["group"])
    counts["api_year_far_first"], response = count_queries(client, paths["api_year_far"])
    statuses["api_year_far_first"] = response.status_code
    # The cold build after a change: the nearest in-process count for the empty-cache request.
    counts["region_feed_empty"] = counts["region_feed_cold"]
    counts["network_feed"], response = count_queries(client, paths["network_feed"])  # cold
    statuses["network_feed"] = response.status_code
    # Served by whitenoise before any view: no queries by construction.
    counts["static"] = 0
    return {"queries": counts, "statuses": statuses}


# Commands -------------------------------------------------------------------------------------


def prepare(size: str, repetitions: int) -> dict:
    from django.conf import settings

    # No task worker runs yet, and these are the queries of the requests' own builds: nothing is
    # handed over (the whole network's feed from nothing would be, core/build_ahead.py).
    settings.BUILD_IN_WORKER = False
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
    from bench.loadgen import safe_probe

    samples = []
    for _ in range(repetitions):
        touch(group)
        time.sleep(0.2)  # let the commit settle; nothing else is running
        result = safe_probe(base_url + path)
        samples.append({"status": result.status, "ms": result.ms, "bytes": result.bytes})
    return {"samples": samples}


def flush() -> dict:
    """Empty the shared cache (the database cache table when CACHE_URL is not Redis)."""
    from django.core.cache import cache

    cache.clear()
    return {"flushed": type(cache).__name__}


def forget_stored() -> dict:
    """Empty the groups' stored feed events (publishing/models.py): nothing kept at all."""
    from publishing.models import StoredEvents

    deleted, _ = StoredEvents.objects.all().delete()
    return {"deleted": deleted}


def release_step() -> dict:
    """The release step from nothing at all: every stored feed event emptied, then
    ``store_feed_events``'s work (publishing/feeds.py: ``store_events``) timed, with this
    process's peak memory. A row shaped as the first requests' (no request: no bytes)."""
    import resource

    from publishing.feeds import store_events

    forget_stored()
    began = time.perf_counter()
    stored = store_events()
    ms = round((time.perf_counter() - began) * 1000, 2)
    return {
        "samples_ms": [ms],
        "p50_ms": ms,
        "min_ms": ms,
        "max_ms": ms,
        "groups": stored.groups,
        "built": stored.built,
        "errors": stored.left_out,
        "worker_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


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
    commands.add_parser("flush")
    commands.add_parser("forget-stored")
    commands.add_parser("release-step")
    live.add_commands(commands)
    args = parser.parse_args(argv)
    if args.command == "years":
        emit(far_from_first_date(args.repetitions))
        return
    setup_django()
    if args.command == "prepare":
        emit(prepare(args.size, args.repetitions))
    elif args.command == "cold":
        emit(cold(args.base_url, args.path, args.group, args.repetitions))
    elif args.command == "flush":
        emit(flush())
    elif args.command == "forget-stored":
        emit(forget_stored())
    elif args.command == "release-step":
        emit(release_step())
    else:
        emit(live.run_command(args, touch=touch))


if __name__ == "__main__":
    main()
