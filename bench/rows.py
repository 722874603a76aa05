"""The rows that are not a steady load: first requests after a change, first requests with
every cache empty, a change seen by a second app server, and reads under a coordinator's writes.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from bench import loadgen
from bench.common import ROOT, bench_json, inprocess, is_error, log, spread
from bench.rounds import settle
from bench.servers import Gunicorn, TaskWorker, flush_caches, free_port

# The read mix under writes: what a region's visitors and calendar apps ask for most.
MIX = ("region_feed_warm", "month_page", "api_occurrences")


def after_change(
    base_url: str, env: dict, prepared: dict, name: str, repetitions: int, workers: int
) -> dict:
    """The first request for ``name`` after a change moved its version (``groups_changed``)."""
    settle(base_url, workers)
    path = prepared["paths"][name]
    found = inprocess(
        env,
        "cold",
        f"--base-url={base_url}",
        f"--path={path}",
        f"--group={prepared['group']}",
        f"--repetitions={repetitions}",
    )["samples"]
    samples = [sample["ms"] for sample in found]
    return {
        "path": path,
        "samples_ms": samples,
        **spread(samples),
        "bytes": found[-1]["bytes"],
        "statuses": sorted({sample["status"] for sample in found}),
        "errors": sum(is_error(sample["status"]) for sample in found),
    }


def wake_workers(server: Gunicorn) -> None:
    """/robots.txt on several connections at once, so that every new worker has answered a
    request (Django's URLconf and middleware loaded) and the timed request measures empty
    caches, not a worker's first request; robots.txt reads no feed, page, version or cache."""
    with ThreadPoolExecutor(4 * server.workers) as pool:
        list(
            pool.map(
                lambda _: loadgen.safe_probe(server.base_url + "/robots.txt"),
                range(8 * server.workers),
            )
        )


class PeakWatch:
    """The highest VmHWM of the workers (and ``builders``) read every 0.2 s while a request
    runs."""

    def __init__(self, server: Gunicorn, builders: tuple[TaskWorker, ...] = ()):
        self.server, self.builders, self.peak_mb = server, builders, None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def memory(self) -> list[dict]:
        return self.server.worker_memory() + [m for b in self.builders for m in b.memory()]

    def _watch(self) -> None:
        while not self._stop.wait(0.2):
            for worker in self.memory():
                self.peak_mb = max(self.peak_mb or 0.0, worker["peak_mb"])

    def __enter__(self) -> PeakWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


# While a feed is built by the long queue's task worker, its requests are answered 503 with
# Retry-After: 10 (core/build_ahead.py: BEING_BUILT_RETRY): asked again every
# POLL_EVERY seconds, as an impatient visitor would, until a 200 or POLL_FOR seconds. Any other
# 503 (the database away, peerhub/errors.py: Retry-After: 30) is the answer, an error.
BEING_BUILT_RETRY_AFTER = "10"
POLL_EVERY = 0.25
POLL_FOR = 180


def first_200(url: str) -> tuple[loadgen.Probe, float, loadgen.Probe, int]:
    """The first answer for ``url``; then, while it is the 503 of a feed being built, asked
    again: the milliseconds from the first request to the end of the last answer, that
    answer, and how many 503s came before it."""
    began = time.perf_counter()
    first = answer = loadgen.safe_probe(url)
    being_built = 0
    while (
        answer.status == 503
        and answer.headers.get("Retry-After") == BEING_BUILT_RETRY_AFTER
        and time.perf_counter() - began < POLL_FOR
    ):
        being_built += 1
        time.sleep(POLL_EVERY)
        answer = loadgen.safe_probe(url)
    return first, round((time.perf_counter() - began) * 1000, 2), answer, being_built


def from_nothing(
    server: Gunicorn,
    env: dict,
    redis_url: str | None,
    path: str,
    repetitions: int,
    *,
    stored: bool = True,
    builders: tuple[TaskWorker, ...] = (),
) -> dict:
    """Restart gunicorn (every worker new) and the ``builders`` (task workers), empty the shared
    cache, then time the first request for ``path`` until its first 200 (``first_200``); the
    peak memory of the workers and builders after it. ``repetitions`` times, or until a request
    fails (``stopped_after_failure``). Without ``stored``, the groups' stored feed events
    (publishing/models.py) are emptied too: nothing is kept anywhere."""
    samples = []
    for _ in range(repetitions):
        server.stop()
        flush_caches(env, redis_url)
        if not stored:
            inprocess(env, "forget-stored")
        for builder in builders:
            builder.restart()
        server.start()  # ready once /robots.txt answers: no feed, page or version is read
        wake_workers(server)
        with PeakWatch(server, builders) as watch:
            first, ms, answer, being_built = first_200(server.base_url + path)
        memory = watch.memory()
        after = max((w["peak_mb"] for w in memory), default=None)
        samples.append(
            {
                "ms": ms,
                "status": answer.status,
                "bytes": answer.bytes,
                "error": answer.headers.get("error") if answer.status == 0 else None,
                # 503s with Retry-After while the long queue's worker built it, and the first
                # of them (how soon a calendar app was told to come back).
                "being_built": being_built,
                "first_status": first.status,
                "first_ms": first.ms,
                # A worker killed mid-answer took its VmHWM with it: then the highest seen
                # while it answered (read every 0.2 s), a lower bound.
                "worker_peak_mb": after if answer.status else watch.peak_mb,
                "workers": memory,
            }
        )
        if is_error(answer.status):
            break  # the next ones would fail the same way (and cost as long): one is enough
    # A request that failed (status 0: cut short, e.g. by gunicorn's 30 s worker timeout) counts
    # with the time until it failed, a lower bound, and as an error.
    times = [s["ms"] for s in samples]
    peaks = [s["worker_peak_mb"] for s in samples if s["worker_peak_mb"] is not None]
    failed = any(is_error(s["status"]) for s in samples)
    return {
        "path": path,
        "samples": samples,
        "samples_ms": [s["ms"] for s in samples],
        **spread(times),
        "bytes": samples[-1]["bytes"] if samples else None,
        "statuses": sorted({s["status"] for s in samples}),
        "being_built": sum(s["being_built"] for s in samples),
        "errors": sum(is_error(s["status"]) for s in samples),
        # The peak is measured only when every request was answered: a killed worker's is a
        # lower bound (worker_peak_mb_seen), which cannot show that a limit is met.
        "worker_peak_mb": max(peaks) if peaks and not failed else None,
        "worker_peak_mb_seen": max(peaks) if peaks else None,
        "stopped_after_failure": failed and len(samples) < repetitions,
    }


def propagation(server: Gunicorn, env: dict, generator, prepared: dict, options) -> dict:
    """A second app server (B) beside ``server`` (A), both under read load on the region feed;
    a change committed in another process, and the time until B answers it (bench/live.py)."""
    path = prepared["paths"]["region_feed_warm"]
    second = Gunicorn(
        env, free_port(), options.workers, options.log_dir / f"gunicorn-{prepared['size']}-b.log"
    )
    connections = options.propagation_connections
    with second:
        for base_url in (server.base_url, second.base_url):
            for _ in range(4):
                loadgen.safe_probe(base_url + path)
        loads = {
            "a": generator.background(server.base_url + path, connections=connections),
            "b": generator.background(second.base_url + path, connections=connections),
        }
        try:
            time.sleep(1)  # the loads are running before the first change
            found = inprocess(
                env,
                "propagation",
                f"--base-url={second.base_url}",
                f"--path={path}",
                f"--group={prepared['group']}",
                f"--repetitions={options.propagation_repetitions}",
            )
        finally:
            background = {name: load.stop().as_dict() for name, load in loads.items()}
    read_errors = sum(load["errors"] for load in background.values())
    return {
        "path": path,
        "servers": 2,
        "workers_each": options.workers,
        "background_connections_each": connections,
        "repetitions": options.propagation_repetitions,
        **found,
        "background": background,
        "read_errors": read_errors,
        "errors": found["errors"] + found["timeouts"] + read_errors,
    }


def write_mix(server: Gunicorn, env: dict, generator, prepared: dict, options) -> dict:
    """The read mix for D seconds alone, then for D seconds with a coordinator's change every
    second, committed from another process (bench/live.py ``writes``), in ``options.rounds``
    rounds: the row is the round whose p99 ratio is the median (the lower one of an even
    count), with the ratios' spread, so one noisy half cannot flip the verdict."""
    paths = [prepared["paths"][name] for name in MIX]
    url = server.base_url + paths[0]
    load = {"duration": options.mix_duration, "connections": options.connections, "paths": paths}
    for path in paths:
        loadgen.safe_probe(server.base_url + path)
    found = []
    for number in range(1, options.rounds + 1):
        settle(server.base_url, options.workers)
        log(
            f"  write mix, round {number} of {options.rounds}: {options.mix_duration:g} s read-only"
        )
        read_only = generator.load(url, **load).as_dict()
        settle(server.base_url, options.workers)
        with_writes, writes = _with_writes(generator, url, load, env, prepared, options)
        ratio = (
            round(with_writes["p99_ms"] / read_only["p99_ms"], 3) if read_only["p99_ms"] else None
        )
        found.append(
            {"read_only": read_only, "with_writes": with_writes, "p99_ratio": ratio, **writes}
        )
    ratios = sorted(one["p99_ratio"] for one in found if one["p99_ratio"] is not None)
    middle = statistics.median_low(ratios) if ratios else None
    chosen = next((one for one in found if one["p99_ratio"] == middle), found[0])
    read_errors = sum(one["read_only"]["errors"] + one["with_writes"]["errors"] for one in found)
    write_errors = sum(one["write_errors"] for one in found)
    return {
        "paths": paths,
        "mix": list(MIX),
        "duration_s": options.mix_duration,
        "rounds": found,
        "read_only": chosen["read_only"],
        "with_writes": chosen["with_writes"],
        "p99_ratio": chosen["p99_ratio"],
        "p99_ratio_min": ratios[0] if ratios else None,
        "p99_ratio_max": ratios[-1] if ratios else None,
        "group": chosen["group"],
        "session": chosen["session"],
        "interval_s": chosen["interval_s"],
        "writes": sum(one["writes"] for one in found),
        "cancels": sum(one["cancels"] for one in found),
        "undos": sum(one["undos"] for one in found),
        "read_errors": read_errors,
        "write_errors": write_errors,
        "errors": read_errors + write_errors,
    }


def _with_writes(generator, url: str, load: dict, env: dict, prepared: dict, options):
    """The read mix under a coordinator's change every ``options.mix_interval`` seconds, and
    what the writer did."""
    writer = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "bench.inprocess",
            "writes",
            f"--group={prepared['group']}",
            f"--interval={options.mix_interval}",
        ],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready = writer.stdout.readline()
        if ready.strip() != "READY":
            writer.kill()
            raise RuntimeError(f"the writer did not start: {ready}{writer.stderr.read()[-3000:]}")
        log(
            f"  write mix: {options.mix_duration:g} s with a change every "
            f"{options.mix_interval:g} s"
        )
        with_writes = generator.load(url, **load).as_dict()
    finally:
        out, err = writer.communicate(input="", timeout=120)
    if writer.returncode != 0:
        raise RuntimeError(f"the writer failed (exit {writer.returncode}):\n{err[-4000:]}")
    return with_writes, bench_json(out)
