"""`make bench`: load synthetic networks, serve them in the production shape, and measure what
a visitor and a calendar app get, against a static file served by the same server.

    python -m bench.run [--sizes today,national] [--rounds 3] [--duration 2] [--no-redis] ...

For each size: a fresh database (PostgreSQL when DATABASE_URL is set, else an SQLite file),
migrate, createcachetable, seed_scale, and the bench's Redis database flushed; in-process
measurements (queries per request, the occurrence engine against raw dateutil, and a century
after a group's first date); then, as docker-compose.yml runs it, gunicorn (2 workers) with
production settings and Redis as the cache, beside the task worker (``manage.py db_worker``):
the load rows in interleaved rounds with the static file (bench/rounds.py), first requests after
a change and from nothing, a second app server for propagation, and reads under writes
(bench/rows.py). Writes bench/results.json and the tables in docs/benchmarks.md (bench/report.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import loadgen, report, rounds, rows
from bench.common import BENCH_DIR, LOAD_ENDPOINTS, ROOT, inprocess, log, manage
from bench.databases import (
    create_database,
    database_description,
    database_url_for,
    drop_database,
)
from bench.facts import machine_facts, shape_note
from bench.servers import (
    BUILDER,
    LONG_BUILDER,
    SETTINGS,
    WORKER,
    Gunicorn,
    GunicornDidNotStart,
    TaskWorker,
    check_redis,
    flush_caches,
    free_port,
)

__all__ = ["SIZES", "GunicornDidNotStart", "Options", "main", "run"]

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"  # a database of its own, flushed by the bench
# Seconds of load per measurement: with 3 rounds, today and national on PostgreSQL finish in
# under 15 minutes on 2 cores (docs/benchmarks.md).
DEFAULT_DURATION = 2.0


@dataclass(frozen=True)
class Size:
    name: str
    regions: int
    groups_per_region: int


SIZES = {
    size.name: size
    for size in (Size("tiny", 2, 3), Size("today", 6, 60), Size("national", 60, 300))
}


@dataclass
class Options:
    sizes: list[Size]
    duration: float = DEFAULT_DURATION  # seconds of load per measurement (each round, each row)
    rounds: int = 3  # endpoint, static, endpoint, static, ...: each row's ratio is their median
    pause: float = 0.3  # seconds between two loads: the previous one's connections are closed
    connections: int = 16
    workers: int = 2
    loadgen: str = "auto"  # auto (wrk, installed if need be, else python), wrk, python
    redis_url: str | None = DEFAULT_REDIS_URL  # None: no Redis (--no-redis), the database cache
    cold_repetitions: int = 5  # first requests after a change
    empty_repetitions: int = 3  # the region feed's first request after a restart and a flush
    network_repetitions: int = 3  # the same for the whole network's feed
    propagation_repetitions: int = 30
    propagation_connections: int = 2  # the read load on each of the two servers meanwhile
    mix_duration: float = 6.0  # seconds of the read mix, read-only and then with writes
    mix_interval: float = 1.0  # seconds between the coordinator's changes
    expansion_repetitions: int = 15
    seed: int = 1
    database_url: str | None = None  # a PostgreSQL server's URL; None: SQLite files
    sqlite_dir: Path = field(default_factory=lambda: Path(tempfile.gettempdir()))
    results_path: Path = BENCH_DIR / "results.json"
    docs_path: Path | None = ROOT / "docs" / "benchmarks.md"
    log_dir: Path = BENCH_DIR / "logs"
    keep_databases: bool = False
    command: str = "make bench"


# Running Django -------------------------------------------------------------------------------


def django_env(database_url: str, port: int, secret_key: str, redis_url: str | None = None) -> dict:
    """What production settings require (peerhub/settings/production.py), for plain http on
    the loopback: a real SECRET_KEY, ALLOWED_HOSTS, SITE_URL, no https redirect, no proxy;
    and Redis as the cache when there is one (else the database cache, the settings' default)."""
    env = dict(os.environ)
    env.pop("CACHE_URL", None)
    if redis_url:
        env["CACHE_URL"] = redis_url
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=database_url,
        SECRET_KEY=secret_key,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="false",
        TRUSTED_PROXY_COUNT="0",
        EMAIL_URL="consolemail://",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def collect_static(env: dict) -> None:
    """STATIC_ROOT as the Dockerfile makes it; the static-file baseline goes in it too."""
    manage(env, "collectstatic", "--noinput", "-v0")


def load_network(size: Size, env: dict, seed: int) -> str:
    """migrate, createcachetable and seed_scale into the empty database; seed_scale's summary."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    summary = manage(
        env,
        "seed_scale",
        f"--regions={size.regions}",
        f"--groups-per-region={size.groups_per_region}",
        f"--seed={seed}",
    )
    return summary.strip().splitlines()[-1] if summary.strip() else ""


# Measurements against gunicorn ----------------------------------------------------------------

NOT_WARMED = {"network_feed", "region_feed_cold", "region_feed_empty"}
SLOW_S = 1.0  # a path answered this slowly is asked once: repeating it warms nothing more


def warm_up(base_url: str, paths: dict, skip: set[str] = frozenset()) -> None:
    """Build every cached thing once and load every code path in both workers."""
    for name, path in paths.items():
        if name not in NOT_WARMED | skip:
            for _ in range(4):
                if loadgen.safe_probe(base_url + path).ms > SLOW_S * 1000:
                    break


# One size -------------------------------------------------------------------------------------


def bench_size(size: Size, options: Options, generator, secret_key: str) -> dict:
    began = time.perf_counter()
    url = database_url_for(size, options)
    port = free_port()
    env = django_env(url, port, secret_key, options.redis_url)
    log(f"{size.name}: {size.regions} regions × {size.groups_per_region} groups")
    if options.redis_url:
        flush_caches(env, options.redis_url)
    create_database(url)
    summary = load_network(size, env, options.seed)
    loaded = time.perf_counter()
    log(f"{size.name}: {summary} ({loaded - began:.1f} s)")
    prepared = inprocess(
        env, "prepare", f"--size={size.name}", f"--repetitions={options.expansion_repetitions}"
    )
    prepared["size"] = size.name
    log(f"{size.name}: in-process measurements done; starting the task worker and gunicorn")
    logs = options.log_dir
    logs.mkdir(parents=True, exist_ok=True)
    for name in (f"gunicorn-{size.name}.log", f"gunicorn-{size.name}-b.log"):
        (logs / name).write_text("")  # gunicorn appends, restart after restart
    try:
        with (
            TaskWorker(env, logs / f"worker-{size.name}.log", *WORKER) as worker,
            TaskWorker(env, logs / f"builder-{size.name}.log", *BUILDER) as builder,
            TaskWorker(env, logs / f"builder-long-{size.name}.log", *LONG_BUILDER) as long_builder,
            Gunicorn(env, port, options.workers, logs / f"gunicorn-{size.name}.log") as server,
        ):
            measured = measure_size(server, env, generator, prepared, options, long_builder)
            measured["task_worker_running"] = worker.running
            measured["builder_running"] = builder.running and long_builder.running
    finally:
        if not options.keep_databases:
            drop_database(url)
    errors = sum(row["errors"] for row in measured["endpoints"].values())
    errors += sum(measured[name]["errors"] for name in SINGLE_ROWS)
    return {
        "regions": size.regions,
        "groups_per_region": size.groups_per_region,
        "groups": size.regions * size.groups_per_region,
        "seed": options.seed,
        "seed_summary": summary,
        "database": url.rsplit("/", 1)[-1],
        "region": prepared["region"],
        "region_groups": prepared["region_groups"],
        "group": prepared["group"],
        "month": prepared["month"],
        **measured,
        "expansion": prepared["expansion"],
        "years": prepared["years"],
        "errors": errors,
        "load_seconds": round(loaded - began, 1),
        "seconds": round(time.perf_counter() - began, 1),
    }


# The rows other than the load rows, each with its own "errors".
SINGLE_ROWS = (
    "region_feed_cold",
    "api_year_far_first",
    "region_feed_empty",
    "network_feed",
    "network_feed_nothing",
    "groups_json_empty",
    "meeting_guide_empty",
    "propagation",
    "write_mix",
)


def measure_size(
    server: Gunicorn, env: dict, generator, prepared: dict, options, long_builder: TaskWorker
) -> dict:
    paths, name = prepared["paths"], prepared["size"]
    warm_up(server.base_url, paths)
    load_rows = [row for row, _label in LOAD_ENDPOINTS]

    def restart(slow: set[str]) -> None:
        server.restart()
        warm_up(server.base_url, paths, skip=slow)

    endpoints = rounds.measure(server.base_url, generator, prepared, options, load_rows, restart)
    log(f"{name}: first requests after a change, {options.cold_repetitions} times each")
    cold = rows.after_change(
        server.base_url,
        env,
        prepared,
        "region_feed_cold",
        options.cold_repetitions,
        options.workers,
    )
    cold["queries"] = prepared["queries"]["region_feed_cold"]
    far = rows.after_change(
        server.base_url, env, prepared, "api_year_far", options.cold_repetitions, options.workers
    )
    far["queries"] = prepared["queries"]["api_year_far_first"]
    log(f"{name}: region feed from empty caches, {options.empty_repetitions} restarts")
    empty = rows.from_nothing(
        server, env, options.redis_url, paths["region_feed_empty"], options.empty_repetitions
    )
    empty["queries"] = prepared["queries"]["region_feed_empty"]
    log(f"{name}: whole-network feed from nothing, {options.network_repetitions} restarts")
    network = rows.from_nothing(
        server, env, options.redis_url, paths["network_feed"], options.network_repetitions
    )
    network["queries"] = prepared["queries"]["network_feed"]
    log(f"{name}: whole-network feed from nothing at all (its stored events emptied too), once")
    # The long queue's builder builds it: new too, with nothing in its memory.
    nothing = rows.from_nothing(
        server,
        env,
        options.redis_url,
        paths["network_feed"],
        1,
        stored=False,
        builders=(long_builder,),
    )
    nothing["queries"] = prepared["queries"]["network_feed"]
    # The lists every meeting finder polls, after a restart and a flush: nothing stored to build
    # them from. Past 1,000 groups the long queue's builder builds them (core/build_ahead.py).
    lists = {}
    for row, path_name in (
        ("groups_json_empty", "groups_json"),
        ("meeting_guide_empty", "meeting_guide"),
    ):
        log(f"{name}: {paths[path_name]} from empty caches (restart + flush), once")
        lists[row] = rows.from_nothing(
            server, env, options.redis_url, paths[path_name], 1, builders=(long_builder,)
        )
    log(f"{name}: the release step from nothing at all (store_feed_events), once")
    release = inprocess(env, "release-step")
    warm = loadgen.safe_probe(server.base_url + paths["network_feed"])
    network["warm_ms"] = warm.ms if warm.status == 200 else None
    warm_up(server.base_url, paths)
    log(f"{name}: propagation between two app servers, {options.propagation_repetitions} changes")
    propagation = rows.propagation(server, env, generator, prepared, options)
    write_mix = rows.write_mix(server, env, generator, prepared, options)
    return {
        "endpoints": endpoints,
        "region_feed_cold": cold,
        "api_year_far_first": far,
        "region_feed_empty": empty,
        "network_feed": network,
        "network_feed_nothing": nothing,
        **lists,
        "release_step": release,
        "propagation": propagation,
        "write_mix": write_mix,
        "workers": server.worker_memory(),
    }


# The whole run --------------------------------------------------------------------------------


def run(options: Options) -> dict:
    began = time.perf_counter()
    database = database_description(options)
    if database["vendor"] == "sqlite":
        log("DATABASE_URL is not set: benchmarking on SQLite files, not PostgreSQL")
    redis_version = check_redis(options.redis_url) if options.redis_url else None
    generator = loadgen.choose(options.loadgen, log)
    log(f"load generator: {generator.tool} ({generator.version})")
    secret_key = secrets.token_urlsafe(50)  # 67 characters, new each run
    collect_static(django_env(database_url_for(options.sizes[0], options), 0, secret_key))
    results = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": options.command,
        "machine": machine_facts(),
        "database": database,
        "load_generator": {
            "tool": generator.tool,
            "version": generator.version,
            "connections": options.connections,
            "duration_s": options.duration,
            "rounds": options.rounds,
        },
        "gunicorn": {"workers": options.workers, "settings": SETTINGS, "worker_class": "sync"},
        "shape": {
            "cache": "redis" if options.redis_url else "database",
            "redis_url": options.redis_url,
            "redis_version": redis_version,
            "task_worker": " ".join(("manage.py", *WORKER)),
            "builder": " ".join(("manage.py", *BUILDER)),
            "long_builder": " ".join(("manage.py", *LONG_BUILDER)),
            "feed_versions_listen": database["vendor"] == "postgresql",
        },
        "repetitions": {
            "after_change": options.cold_repetitions,
            "from_nothing": options.empty_repetitions,
            "network_from_nothing": options.network_repetitions,
            "propagation": options.propagation_repetitions,
            "write_mix_s": options.mix_duration,
            "write_interval_s": options.mix_interval,
        },
        "notes": [
            "gunicorn runs as in the Dockerfile but without an access log, and is reached over "
            "plain http on 127.0.0.1 (SECURE_SSL_REDIRECT=false, TRUSTED_PROXY_COUNT=0)",
            "the load generator runs on the same machine as gunicorn and the database",
            shape_note(options, database, redis_version),
        ],
        "sizes": {},
    }
    for size in options.sizes:
        results["sizes"][size.name] = bench_size(size, options, generator, secret_key)
    results["total_seconds"] = round(time.perf_counter() - began, 1)
    log(f"total: {results['total_seconds']:.0f} s ({results['total_seconds'] / 60:.1f} min)")
    results["targets"] = [target.as_dict() for target in report.targets(results)]
    options.results_path.parent.mkdir(parents=True, exist_ok=True)
    options.results_path.write_text(json.dumps(results, indent=2) + "\n")
    block = report.markdown(results)
    if options.docs_path is not None:
        report.write_docs(options.docs_path, block)
    results["markdown"] = block
    return results


def parse_args(argv: list[str]) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="today,national", help="of: " + ", ".join(SIZES))
    parser.add_argument(
        "--duration",
        type=float,
        default=DEFAULT_DURATION,
        help="seconds of load per measurement (wrk rounds it to whole seconds)",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of endpoint then static file, per row"
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="flushed at each size")
    parser.add_argument(
        "--no-redis", action="store_true", help="the database cache: not the production shape"
    )
    parser.add_argument("--cold-repetitions", type=int, default=5, help="after a change")
    parser.add_argument(
        "--empty-repetitions", type=int, default=3, help="restarts for the from-nothing rows"
    )
    parser.add_argument(
        "--network-repetitions", type=int, default=3, help="restarts for the whole network's feed"
    )
    parser.add_argument("--propagation-repetitions", type=int, default=30)
    parser.add_argument(
        "--propagation-connections", type=int, default=2, help="read load on each server"
    )
    parser.add_argument("--mix-duration", type=float, default=6.0, help="seconds, each half")
    parser.add_argument("--expansion-repetitions", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--results", type=Path, default=BENCH_DIR / "results.json")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--no-docs", action="store_true", help="leave docs/benchmarks.md alone")
    parser.add_argument("--keep-databases", action="store_true")
    args = parser.parse_args(argv)
    unknown = [name for name in args.sizes.split(",") if name not in SIZES]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    return Options(
        sizes=[SIZES[name] for name in args.sizes.split(",")],
        duration=args.duration,
        rounds=args.rounds,
        connections=args.connections,
        workers=args.workers,
        loadgen=args.loadgen,
        redis_url=None if args.no_redis else args.redis_url,
        cold_repetitions=args.cold_repetitions,
        empty_repetitions=args.empty_repetitions,
        network_repetitions=args.network_repetitions,
        propagation_repetitions=args.propagation_repetitions,
        propagation_connections=args.propagation_connections,
        mix_duration=args.mix_duration,
        expansion_repetitions=args.expansion_repetitions,
        seed=args.seed,
        database_url=os.environ.get("DATABASE_URL") or None,
        results_path=args.results,
        docs_path=None if args.no_docs else args.docs,
        keep_databases=args.keep_databases,
        command=" ".join(["python -m bench.run", *argv]),
    )


def main(argv: list[str] | None = None) -> None:
    options = parse_args(sys.argv[1:] if argv is None else argv)
    results = run(options)
    print(results["markdown"])
    total = results["total_seconds"]
    print(
        f"\nbench: {total:.0f} s ({total / 60:.1f} min) in all; results in {options.results_path}"
    )


if __name__ == "__main__":
    main()
