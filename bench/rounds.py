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

from bench import loadgen
from bench.common import log

SINGLE_REQUESTS = 5  # sequential requests per endpoint before the rounds: latency with no queue


def _headers_for(name: str, url: str) -> dict | None:
    """The 304 row sends the feed's current ETag (read again each round: a change moves it)."""
    if name == "region_feed_304":
        return {"If-None-Match": loadgen.probe(url).headers["ETag"]}
    return None


def _median(values: list[float], digits: int = 2) -> float | None:
    return round(statistics.median(values), digits) if values else None


def summarize(rounds: list[dict]) -> dict:
    """Medians over the rounds, the ratio's spread, and the errors summed."""
    ratios = [r["ratio"] for r in rounds if r.get("ratio") is not None]
    return {
        "rounds_done": len(rounds),
        "ratio_median": _median(ratios, 3),
        "ratio_min": round(min(ratios), 3) if ratios else None,
        "ratio_max": round(max(ratios), 3) if ratios else None,
        "requests_per_s": _median([r["requests_per_s"] for r in rounds], 1),
        "p50_ms": _median([r["p50_ms"] for r in rounds]),
        "p99_ms": _median([r["p99_ms"] for r in rounds]),
        "requests": sum(r["requests"] for r in rounds),
        "errors": sum(r["errors"] for r in rounds),
    }


def measure(base_url: str, generator, prepared: dict, options, names: list[str]) -> dict:
    """Every load row of ``names`` (the static file first), each in ``options.rounds`` rounds."""
    paths, rows = prepared["paths"], {}
    static_url = base_url + paths["static"]
    for name in names:
        url = base_url + paths[name]
        headers = _headers_for(name, url)
        check = loadgen.probe(url, headers=headers)
        alone = [loadgen.probe(url, headers=headers).ms for _ in range(SINGLE_REQUESTS)]
        rows[name] = {
            "path": paths[name],
            "request_headers": headers or {},
            "status": check.status,
            "bytes": check.bytes,
            "unloaded_ms": round(statistics.median(alone), 2),
            "queries": prepared["queries"].get(name),
            "rounds": [],
        }
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
            time.sleep(options.pause)
            static = generator.load(static_url, **load).as_dict()
            time.sleep(options.pause)
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
