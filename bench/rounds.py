"""Load rows in interleaved rounds: endpoint, static file, endpoint, static file, ...

Each endpoint's load is followed at once by the same load on the static file (the region feed's
bytes served by whitenoise in the same gunicorn), and the round's ratio is the endpoint's req/s
over that static measurement: whatever else the machine is doing at that moment weighs on both.
Rounds are the outer loop (round 1 of every row, then round 2, ...), so a burst of noise spoils
one round of a few rows, not every round of one; the median over the rounds then drops it.
"""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor

from bench import loadgen
from bench.common import GZIP_ROW, log

SINGLE_REQUESTS = 5  # sequential requests per endpoint before the rounds: latency with no queue
SETTLE_LIMIT_MS = 50.0  # /robots.txt answered faster than this by every worker: nothing queued
SETTLE_TIMEOUT = 5.0  # seconds; a longer backlog is cut short by a restart (see measure)
SLOW_MS = 1000.0  # a row this slow alone is not warmed again after a restart
UNLOADED_BUDGET = 5.0  # seconds of single requests per row at most (a slow row gets fewer)


def settle(base_url: str, workers: int, timeout: float = SETTLE_TIMEOUT) -> tuple[float, bool]:
    """Wait until the requests a load left queued are done: the seconds waited, and whether
    they were done within ``timeout``.

    The load generator stops, but the requests it had sent are still in gunicorn's queue and
    keep the workers busy (a slow endpoint's backlog can last seconds): the next measurement
    would pay for them. Settled when ``workers`` requests for /robots.txt sent at once are all
    answered fast, twice in a row.
    """
    began = time.monotonic()
    fast_twice = 0
    with ThreadPoolExecutor(workers) as pool:
        while time.monotonic() - began < timeout:
            answers = list(pool.map(lambda _: _robots_ms(base_url), range(workers)))
            fast_twice = fast_twice + 1 if max(answers) < SETTLE_LIMIT_MS else 0
            if fast_twice == 2:
                return round(time.monotonic() - began, 2), True
            time.sleep(0.05)
    return round(time.monotonic() - began, 2), False


def _robots_ms(base_url: str) -> float:
    answer = loadgen.safe_probe(base_url + "/robots.txt", timeout=SETTLE_TIMEOUT)
    return answer.ms if answer.status == 200 else float("inf")


def unloaded(url: str, headers: dict | None) -> list[float]:
    """Single requests one after another: ``SINGLE_REQUESTS``, or fewer if they are slow."""
    began, found = time.monotonic(), []
    while len(found) < SINGLE_REQUESTS and (
        not found or time.monotonic() - began < UNLOADED_BUDGET
    ):
        found.append(loadgen.safe_probe(url, headers=headers).ms)
    return found


def _headers_for(name: str, url: str) -> dict | None:
    """The 304 row sends the feed's current ETag (read again each round: a change moves it);
    a ``_gzip`` row asks for the answer compressed, as its clients do."""
    if name == "region_feed_304":
        return {"If-None-Match": loadgen.probe(url).headers["ETag"]}
    if name.endswith(GZIP_ROW):
        return {"Accept-Encoding": "gzip"}
    return None


def _median(values: list[float], digits: int = 2) -> float | None:
    return round(statistics.median(values), digits) if values else None


def summarize(rounds: list[dict]) -> dict:
    """Medians over the rounds, the ratio's spread, and the errors summed. A round in which no
    request completed has a rate of 0 and no latencies."""
    ratios = [r["ratio"] for r in rounds if r.get("ratio") is not None]
    answered = [r for r in rounds if r["requests"]]
    return {
        "rounds_done": len(rounds),
        "ratio_median": _median(ratios, 3),
        "ratio_min": round(min(ratios), 3) if ratios else None,
        "ratio_max": round(max(ratios), 3) if ratios else None,
        "requests_per_s": _median([r["requests_per_s"] for r in rounds], 1),
        "p50_ms": _median([r["p50_ms"] for r in answered]),
        "p99_ms": _median([r["p99_ms"] for r in answered]),
        "restarts": sum(r.get("restarted", False) for r in rounds),
        "requests": sum(r["requests"] for r in rounds),
        "errors": sum(r["errors"] for r in rounds),
    }


def _after(measured: dict, base_url: str, options, restart, slow: set[str]) -> None:
    """Pause, then wait for the backlog; restart if it does not clear (noted in the round)."""
    time.sleep(options.pause)
    measured["settled_s"], settled = settle(base_url, options.workers)
    if not settled:
        log(f"  the backlog lasted over {SETTLE_TIMEOUT:g} s: restarting gunicorn")
        restart(slow)
        measured["restarted"] = True


def measure(base_url: str, generator, prepared: dict, options, names: list[str], restart) -> dict:
    """Every load row of ``names`` (the static file first), each in ``options.rounds`` rounds.

    After each load, the backlog it left is waited for (``settle``); if it lasts longer than
    ``SETTLE_TIMEOUT``, ``restart(slow)`` (gunicorn restarted and warmed up again, except the
    rows whose single requests took over ``SLOW_MS``: they are built each time, nothing to warm)
    cuts it short, and the round says so (``restarted``)."""
    paths, rows = prepared["paths"], {}
    static_url = base_url + paths["static"]
    for name in names:
        url = base_url + paths[name]
        headers = _headers_for(name, url)
        check = loadgen.safe_probe(url, headers=headers)
        alone = unloaded(url, headers)
        rows[name] = {
            "path": paths[name],
            "request_headers": headers or {},
            "status": check.status,
            "bytes": check.bytes,
            "unloaded_ms": round(statistics.median(alone), 2),
            "queries": prepared["queries"].get(name),
            "rounds": [],
        }
    slow = {name for name, row in rows.items() if row["unloaded_ms"] > SLOW_MS}
    load = {"duration": options.duration, "connections": options.connections}
    endpoints = [name for name in names if name != "static"]
    for number in range(1, options.rounds + 1):
        log(
            f"  round {number} of {options.rounds}: {len(endpoints)} endpoints and the static "
            f"file, {options.duration:g} s each at {options.connections} connections"
        )
        for name in endpoints:
            url = base_url + paths[name]
            headers = _headers_for(name, url)
            endpoint = generator.load(url, headers=headers, **load).as_dict()
            _after(endpoint, base_url, options, restart, slow)
            static = generator.load(static_url, **load).as_dict()
            _after(static, base_url, options, restart, slow)
            ratio = (
                round(endpoint["requests_per_s"] / static["requests_per_s"], 3)
                if static["requests_per_s"]
                else None
            )
            rows[name]["rounds"].append(
                endpoint | {"round": number, "static": static, "ratio": ratio}
            )
            rows["static"]["rounds"].append(
                static | {"round": number, "next_to": name, "ratio": 1.0}
            )
    for row in rows.values():
        row.update(summarize(row["rounds"]))
    return rows
