"""`make bench`: load synthetic networks, serve them with gunicorn and production settings, and
measure what a visitor and a calendar app get, against a static file served by the same server.

    python -m bench.run [--sizes today,national] [--duration 10] [--loadgen auto|wrk|python]

For each size: a fresh database (PostgreSQL when DATABASE_URL is set, else an SQLite file),
migrate, createcachetable, seed_scale; in-process measurements (queries per request, the
occurrence engine against raw dateutil, and a century after a group's first date); then
gunicorn (2 workers) driven by wrk or the Python load generator. Writes bench/results.json and
the tables in docs/benchmarks.md. See docs/benchmarks.md for what each number means.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import json
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import loadgen, report

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
SETTINGS = "peerhub.settings.production"
SINGLE_REQUESTS = 5  # sequential requests per endpoint before its load: latency with no queue


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
    duration: float = 10.0  # seconds of load per endpoint
    connections: int = 16
    workers: int = 2
    loadgen: str = "auto"  # auto (wrk, installed if need be, else python), wrk, python
    cold_repetitions: int = 5
    expansion_repetitions: int = 15
    seed: int = 1
    database_url: str | None = None  # a PostgreSQL server's URL; None: SQLite files
    sqlite_dir: Path = field(default_factory=lambda: Path(tempfile.gettempdir()))
    results_path: Path = BENCH_DIR / "results.json"
    docs_path: Path | None = ROOT / "docs" / "benchmarks.md"
    log_dir: Path = BENCH_DIR / "logs"
    keep_databases: bool = False
    command: str = "make bench"


class GunicornDidNotStart(RuntimeError):
    pass


_STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[bench {time.perf_counter() - _STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


# Machine facts --------------------------------------------------------------------------------


def _proc_value(path: str, key: str) -> str | None:
    with contextlib.suppress(OSError):
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    return None


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def machine_facts() -> dict:
    mem_kb = int((_proc_value("/proc/meminfo", "MemTotal") or "0 kB").split()[0])
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": _proc_value("/proc/cpuinfo", "model name") or platform.processor() or "?",
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": _version("django"),
        "gunicorn": _version("gunicorn"),
        "whitenoise": _version("whitenoise"),
    }


# Databases ------------------------------------------------------------------------------------


def is_postgres(url: str | None) -> bool:
    return bool(url) and urlsplit(url).scheme in ("postgres", "postgresql", "pgsql")


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_url_for(size: Size, options: Options) -> str:
    """``<dbname>_bench_<size>`` on the same PostgreSQL server, or an SQLite file."""
    if is_postgres(options.database_url):
        base = urlsplit(options.database_url).path.lstrip("/") or "peerhub"
        return _with_database(options.database_url, f"{base}_bench_{size.name}")
    return f"sqlite:///{options.sqlite_dir / f'peerhub-bench-{size.name}.sqlite3'}"


def _admin_connection(url: str):
    import psycopg

    return psycopg.connect(_with_database(url, "postgres"), autocommit=True)


def drop_database(url: str) -> None:
    if is_postgres(url):
        from psycopg import sql

        name = urlsplit(url).path.lstrip("/")
        with _admin_connection(url) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    else:
        path = Path(urlsplit(url).path)
        for leftover in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)


def create_database(url: str) -> None:
    """An empty database for one size; any earlier one of the same name is dropped first."""
    drop_database(url)
    if is_postgres(url):
        from psycopg import sql

        name = urlsplit(url).path.lstrip("/")
        with _admin_connection(url) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_description(options: Options) -> dict:
    if is_postgres(options.database_url):
        with _admin_connection(options.database_url) as admin:
            version = admin.execute("SHOW server_version").fetchone()[0]
            full = admin.execute("SELECT version()").fetchone()[0]
        parts = urlsplit(options.database_url)
        return {
            "vendor": "postgresql",
            "version": version,
            "description": f"PostgreSQL {version} on {parts.hostname}:{parts.port or 5432}, "
            f"one database per size (`<dbname>_bench_<size>`)",
            "server": full,
        }
    import sqlite3

    return {
        "vendor": "sqlite",
        "version": sqlite3.sqlite_version,
        "description": f"SQLite {sqlite3.sqlite_version} (DATABASE_URL not set), files under "
        f"{options.sqlite_dir}: production runs PostgreSQL, so these numbers are indicative only",
    }


# Running Django -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        return probe_socket.getsockname()[1]


def django_env(database_url: str, port: int, secret_key: str) -> dict:
    """What production settings require (peerhub/settings/production.py), for plain http on
    the loopback: a real SECRET_KEY, ALLOWED_HOSTS, SITE_URL, no https redirect, no proxy."""
    env = dict(os.environ)
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


def run_checked(command: list[str], env: dict, what: str, timeout: float = 1800) -> str:
    done = subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
    return done.stdout


def manage(env: dict, *args: str) -> str:
    return run_checked([sys.executable, "manage.py", *args], env, f"manage.py {args[0]}")


def inprocess(env: dict, *args: str) -> dict:
    out = run_checked([sys.executable, "-m", "bench.inprocess", *args], env, f"bench {args[0]}")
    line = next(line for line in out.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


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


# gunicorn -------------------------------------------------------------------------------------


class Gunicorn:
    """gunicorn with production settings, as in the Dockerfile, bound to the loopback."""

    def __init__(self, env: dict, port: int, workers: int, logfile: Path):
        self.env, self.port, self.workers, self.logfile = env, port, workers, logfile
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Gunicorn:
        self.logfile.parent.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "peerhub.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--config=python:peerhub.gunicorn",
            "--log-level=warning",
        ]
        with self.logfile.open("w") as out:
            self.process = subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise GunicornDidNotStart(
                    f"gunicorn exited with {self.process.returncode}: {self.log_tail()}"
                )
            with contextlib.suppress(OSError):
                answered = loadgen.probe(self.base_url + "/robots.txt", timeout=5).status == 200
                if answered and len(self.worker_pids()) >= self.workers:
                    return
            time.sleep(0.2)
        raise GunicornDidNotStart(f"gunicorn did not answer in {timeout:.0f} s: {self.log_tail()}")

    def log_tail(self) -> str:
        with contextlib.suppress(OSError):
            return self.logfile.read_text()[-2000:]
        return ""

    def worker_pids(self) -> list[int]:
        """The master's children, the workers (from /proc)."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        with contextlib.suppress(OSError):
            return sorted(int(child) for child in children.read_text().split())
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(stat.parent.name))
        return sorted(found)

    def worker_memory(self) -> list[dict]:
        """Each worker's peak (VmHWM) and current (VmRSS) resident memory, in MB."""
        found = []
        for pid in self.worker_pids():
            status = f"/proc/{pid}/status"
            peak, now = _proc_value(status, "VmHWM"), _proc_value(status, "VmRSS")
            if peak and now:
                found.append(
                    {
                        "pid": pid,
                        "peak_mb": round(int(peak.split()[0]) / 1024, 1),
                        "rss_mb": round(int(now.split()[0]) / 1024, 1),
                    }
                )
        return found

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# Measurements against gunicorn ----------------------------------------------------------------


@dataclass
class LoadGenerator:
    tool: str  # "wrk" or "python"
    version: str
    wrk: str | None = None

    def load(self, url, *, duration, connections, headers=None) -> loadgen.LoadResult:
        if self.tool == "wrk":
            return loadgen.wrk_load(
                self.wrk, url, duration=duration, connections=connections, headers=headers
            )
        return loadgen.python_load(url, duration=duration, connections=connections, headers=headers)


def choose_load_generator(choice: str) -> LoadGenerator:
    if choice in ("auto", "wrk"):
        wrk = loadgen.wrk_path() or loadgen.install_wrk(log)
        if wrk:
            return LoadGenerator("wrk", loadgen.wrk_version(wrk), wrk)
        if choice == "wrk":
            raise SystemExit("wrk was asked for and could not be installed")
    return LoadGenerator("python", f"bench/loadgen.py on Python {platform.python_version()}")


def warm_up(base_url: str, paths: dict) -> None:
    """Build every cached thing once and load every code path in both workers."""
    for name, path in paths.items():
        if name in ("network_feed", "region_feed_cold"):
            continue
        for _ in range(4):
            loadgen.probe(base_url + path)


def is_error(status: int) -> bool:
    return not 200 <= status < 400


def measure_cold(server: Gunicorn, env: dict, prepared: dict, repetitions: int) -> dict:
    """The region feed's first request after a change, several times."""
    found = inprocess(
        env,
        "cold",
        f"--base-url={server.base_url}",
        f"--path={prepared['paths']['region_feed_cold']}",
        f"--group={prepared['group']}",
        f"--repetitions={repetitions}",
    )
    samples = [sample["ms"] for sample in found["samples"]]
    return {
        "path": prepared["paths"]["region_feed_cold"],
        "samples_ms": samples,
        "p50_ms": round(statistics.median(samples), 2),
        "min_ms": min(samples),
        "max_ms": max(samples),
        "bytes": found["samples"][-1]["bytes"],
        "statuses": sorted({sample["status"] for sample in found["samples"]}),
        "errors": sum(is_error(sample["status"]) for sample in found["samples"]),
        "queries": prepared["queries"]["region_feed_cold"],
    }


def measure_endpoints(
    server: Gunicorn, generator: LoadGenerator, prepared: dict, options: Options
) -> dict:
    """Each endpoint under load; the static file first, as the limit the others are set against."""
    paths, results = prepared["paths"], {}
    for name, _label in report.LOAD_ENDPOINTS:
        url = server.base_url + paths[name]
        headers = None
        if name == "region_feed_304":
            etag = loadgen.probe(url).headers["ETag"]
            headers = {"If-None-Match": etag}
        check = loadgen.probe(url, headers=headers)
        alone = [loadgen.probe(url, headers=headers).ms for _ in range(SINGLE_REQUESTS)]
        log(f"  {name}: {options.duration:g} s at {options.connections} connections")
        result = generator.load(
            url, duration=options.duration, connections=options.connections, headers=headers
        )
        results[name] = {
            "path": paths[name],
            "request_headers": headers or {},
            "status": check.status,
            "bytes": check.bytes,
            "unloaded_ms": round(statistics.median(alone), 2),
            **result.as_dict(),
            "queries": prepared["queries"][name],
        }
        time.sleep(0.5)
    static_rps = results["static"]["requests_per_s"]
    for row in results.values():
        row["ratio_to_static"] = (
            round(row["requests_per_s"] / static_rps, 3) if static_rps else None
        )
    return results


def measure_network_feed(server: Gunicorn, env: dict, prepared: dict) -> dict:
    """/calendar.ics of every public group: the cold build's time, the size, workers' memory."""
    before = server.worker_memory()
    path = prepared["paths"]["network_feed"]
    cold = inprocess(
        env,
        "cold",
        f"--base-url={server.base_url}",
        f"--path={path}",
        f"--group={prepared['group']}",
        "--repetitions=1",
    )["samples"][0]
    warm = loadgen.probe(server.base_url + path)
    after = server.worker_memory()
    return {
        "path": path,
        "status": cold["status"],
        "bytes": cold["bytes"],
        "cold_ms": cold["ms"],
        "warm_ms": warm.ms,
        "errors": is_error(cold["status"]) + is_error(warm.status),
        "queries": prepared["queries"]["network_feed"],
        "workers_before": before,
        "workers_after": after,
        "worker_peak_mb_before": max((w["peak_mb"] for w in before), default=None),
        "worker_peak_mb": max((w["peak_mb"] for w in after), default=None),
        "workers_restarted": {w["pid"] for w in before} != {w["pid"] for w in after},
    }


# One size -------------------------------------------------------------------------------------


def bench_size(size: Size, options: Options, generator: LoadGenerator, secret_key: str) -> dict:
    began = time.perf_counter()
    url = database_url_for(size, options)
    port = free_port()
    env = django_env(url, port, secret_key)
    log(f"{size.name}: {size.regions} regions × {size.groups_per_region} groups")
    create_database(url)
    summary = load_network(size, env, options.seed)
    loaded = time.perf_counter()
    log(f"{size.name}: {summary} ({loaded - began:.1f} s)")
    prepared = inprocess(
        env, "prepare", f"--size={size.name}", f"--repetitions={options.expansion_repetitions}"
    )
    log(f"{size.name}: in-process measurements done; starting gunicorn")
    logfile = options.log_dir / f"gunicorn-{size.name}.log"
    try:
        with Gunicorn(env, port, options.workers, logfile) as server:
            warm_up(server.base_url, prepared["paths"])
            log(f"{size.name}: cold region feed, {options.cold_repetitions} times")
            cold = measure_cold(server, env, prepared, options.cold_repetitions)
            endpoints = measure_endpoints(server, generator, prepared, options)
            log(f"{size.name}: whole-network feed")
            network = measure_network_feed(server, env, prepared)
            workers = server.worker_memory()
    finally:
        if not options.keep_databases:
            drop_database(url)
    errors = sum(row["errors"] for row in endpoints.values()) + cold["errors"]
    errors += network["errors"]
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
        "endpoints": endpoints,
        "region_feed_cold": cold,
        "network_feed": network,
        "expansion": prepared["expansion"],
        "years": prepared["years"],
        "workers": workers,
        "errors": errors,
        "load_seconds": round(loaded - began, 1),
        "seconds": round(time.perf_counter() - began, 1),
    }


# The whole run --------------------------------------------------------------------------------


def run(options: Options) -> dict:
    began = time.perf_counter()
    database = database_description(options)
    if database["vendor"] == "sqlite":
        log("DATABASE_URL is not set: benchmarking on SQLite files, not PostgreSQL")
    generator = choose_load_generator(options.loadgen)
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
        },
        "gunicorn": {"workers": options.workers, "settings": SETTINGS, "worker_class": "sync"},
        "notes": [
            "gunicorn runs as in the Dockerfile but without an access log, and is reached over "
            "plain http on 127.0.0.1 (SECURE_SSL_REDIRECT=false, TRUSTED_PROXY_COUNT=0)",
            "the load generator runs on the same machine as gunicorn and the database",
        ],
        "sizes": {},
    }
    for size in options.sizes:
        results["sizes"][size.name] = bench_size(size, options, generator, secret_key)
    results["total_seconds"] = round(time.perf_counter() - began, 1)
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
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--cold-repetitions", type=int, default=5)
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
        connections=args.connections,
        workers=args.workers,
        loadgen=args.loadgen,
        cold_repetitions=args.cold_repetitions,
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
    print(f"\nbench: {results['total_seconds']:.0f} s; results in {options.results_path}")


if __name__ == "__main__":
    main()
