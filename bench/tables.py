"""bench/results.json as Markdown tables: the block printed at the end of a run and written
between the markers of docs/benchmarks.md."""

from __future__ import annotations

from bench.common import LOAD_ENDPOINTS


def _cell(value, digits=1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _spread(median, low, high, digits=2) -> str:
    """ "0.81 (0.78–0.84)", or "–" when not measured."""
    if median is None:
        return "–"
    if low is None or high is None:
        return _cell(median, digits)
    return f"{_cell(median, digits)} ({_cell(low, digits)}–{_cell(high, digits)})"


def results_table(results: dict) -> str:
    rows = [
        "| size | endpoint | req/s | × static (min–max) | p50 ms | p99 ms | unloaded ms "
        "| errors | queries |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size_name, size in results["sizes"].items():
        endpoints = size.get("endpoints", {})
        for name, label in LOAD_ENDPOINTS:
            row = endpoints.get(name, {})
            ratio = _spread(row.get("ratio_median"), row.get("ratio_min"), row.get("ratio_max"))
            rows.append(
                f"| {size_name} | {label} | {_cell(row.get('requests_per_s'))} | {ratio} "
                f"| {_cell(row.get('p50_ms'), 2)} | {_cell(row.get('p99_ms'), 2)} "
                f"| {_cell(row.get('unloaded_ms'), 2)} | {_cell(row.get('errors'))} "
                f"| {_cell(row.get('queries'))} |"
            )
    return "\n".join(rows)


FIRST_REQUESTS = [
    ("region_feed_cold", "region feed after a change"),
    ("api_year_far_first", "API 1 year, 5 years ahead, after a change"),
    ("region_feed_empty", "region feed from empty caches (restart + flush)"),
    ("network_feed", "whole-network feed from nothing (restart + flush)"),
    # Until its first 200: with a task worker, the long queue's builds it (core/build_ahead.py)
    # and the requests meanwhile are answered 503 with Retry-After.
    ("network_feed_nothing", "whole-network feed, its stored events emptied too (once)"),
    (
        "groups_json_empty",
        "`groups.json`, whole network, from empty caches (restart + flush; once)",
    ),
    (
        "meeting_guide_empty",
        "`meeting-guide.json`, whole network, from empty caches (restart + flush; once)",
    ),
    # Not a request: what a release runs before the site serves (README, "Feed events stored at
    # release"), from the same nothing at all; "errors" are the groups left out.
    ("release_step", "release step: every group's feed events stored from nothing (once)"),
]


def first_requests_table(results: dict) -> str:
    rows = [
        "| size | first request | samples | median ms (min–max) | bytes | worker peak MB "
        "| errors | queries |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size_name, size in results["sizes"].items():
        for name, label in FIRST_REQUESTS:
            row = size.get(name) or {}
            if name in ("region_feed_cold", "region_feed_empty"):
                label = f"{label}, {size.get('region_groups', '?')} groups"
            if row.get("being_built"):
                label = (
                    f"{label}, until its first 200: built by the long queue's task worker, "
                    f"{row['being_built']} × 503 with Retry-After before it"
                )
            peak = _cell(row.get("worker_peak_mb"), 0)
            if row.get("worker_peak_mb") is None and row.get("worker_peak_mb_seen") is not None:
                peak = f"≥ {_cell(row['worker_peak_mb_seen'], 0)} (a worker was killed)"
            rows.append(
                f"| {size_name} | {label} | {len(row.get('samples_ms', []))} "
                f"| {_spread(row.get('p50_ms'), row.get('min_ms'), row.get('max_ms'), 0)} "
                f"| {_cell(row.get('bytes'))} | {peak} "
                f"| {_cell(row.get('errors'))} | {_cell(row.get('queries'))} |"
            )
    return "\n".join(rows)


def propagation_table(results: dict) -> str:
    rows = [
        "| size | changes | p50 ms | p99 ms | max ms | polls (median) "
        "| read load req/s A / B | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size_name, size in results["sizes"].items():
        row = size.get("propagation") or {}
        background = row.get("background") or {}
        polls = sorted(row.get("polls") or [])
        rows.append(
            f"| {size_name} | {len(row.get('samples_ms', []))} of {_cell(row.get('repetitions'))} "
            f"| {_cell(row.get('p50_ms'), 0)} | {_cell(row.get('p99_ms'), 0)} "
            f"| {_cell(row.get('max_ms'), 0)} | {_cell(polls[len(polls) // 2] if polls else None)} "
            f"| {_cell((background.get('a') or {}).get('requests_per_s'), 0)} / "
            f"{_cell((background.get('b') or {}).get('requests_per_s'), 0)} "
            f"| {_cell(row.get('errors'))} |"
        )
    return "\n".join(rows)


def write_mix_table(results: dict) -> str:
    rows = [
        "| size | read-only req/s, p99 ms | with writes req/s, p99 ms | p99 ratio (min–max) "
        "| writes | read errors | write errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size_name, size in results["sizes"].items():
        row = size.get("write_mix") or {}
        alone, writes = row.get("read_only") or {}, row.get("with_writes") or {}
        rows.append(
            f"| {size_name} | {_cell(alone.get('requests_per_s'), 0)}, "
            f"{_cell(alone.get('p99_ms'), 1)} | {_cell(writes.get('requests_per_s'), 0)}, "
            f"{_cell(writes.get('p99_ms'), 1)} | {_cell(row.get('p99_ratio'), 2)} "
            f"({_cell(row.get('p99_ratio_min'), 2)}–{_cell(row.get('p99_ratio_max'), 2)}) "
            f"| {_cell(row.get('writes'))} | {_cell(row.get('read_errors'))} "
            f"| {_cell(row.get('write_errors'))} |"
        )
    return "\n".join(rows)


def expansion_table(results: dict) -> str:
    rows = [
        "| size | groups | sessions (engine / dateutil) | engine ms (min / median) "
        "| dateutil ms (min / median) | ratio (min / min) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size_name, size in results["sizes"].items():
        e = size.get("expansion", {})
        rows.append(
            f"| {size_name} | {_cell(e.get('groups'))} "
            f"| {_cell(e.get('engine_sessions'))} / {_cell(e.get('raw_dates'))} "
            f"| {_cell(e.get('engine_ms_min'), 2)} / {_cell(e.get('engine_ms_median'), 2)} "
            f"| {_cell(e.get('raw_ms_min'), 2)} / {_cell(e.get('raw_ms_median'), 2)} "
            f"| {_cell(e.get('ratio'), 2)} |"
        )
    return "\n".join(rows)


def years_table(results: dict) -> str:
    rows = [
        "| size | month | sessions | engine ms (min / median) "
        "| dateutil from the first date ms (min / median) |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for size_name, size in results["sizes"].items():
        years = size.get("years", {})
        for name in ("near", "far"):
            e = years.get(name, {})
            rows.append(
                f"| {size_name} | {e.get('month', '–')} | {_cell(e.get('engine_sessions'))} "
                f"| {_cell(e.get('engine_ms_min'), 3)} / {_cell(e.get('engine_ms_median'), 3)} "
                f"| {_cell(e.get('raw_ms_min'), 3)} / {_cell(e.get('raw_ms_median'), 3)} |"
            )
    return "\n".join(rows)


def targets_table(found: list[dict]) -> str:
    rows = [
        "| target | size | measured | result | distance |",
        "| --- | --- | ---: | --- | --- |",
    ]
    for target in found:
        result = {True: "met", False: "**missed**", None: "not measured"}[target["met"]]
        rows.append(
            f"| {target['name']} | {target['size']} | {target['shown']} | {result} "
            f"| {target['distance']} |"
        )
    return "\n".join(rows)


def machine_lines(results: dict) -> str:
    m, db, load = results["machine"], results["database"], results["load_generator"]
    total = results["total_seconds"]
    return "\n".join(
        [
            f"- Run: {results['generated_at']}, {total:.0f} s ({total / 60:.1f} min) in all "
            f"(seeding included), `{results['command']}`",
            f"- Machine: {m['cpu_count']} × {m['cpu_model']}, {m['ram_gb']} GB RAM, "
            f"{m['os']}; Python {m['python']}, Django {m['django']}, gunicorn {m['gunicorn']}",
            f"- Database: {db['description']}",
            f"- Load: {load['tool']} ({load['version']}), {load['connections']} connections, "
            f"{load['duration_s']:g} s per measurement, {load.get('rounds', 1)} rounds per row "
            f"(endpoint then static file, interleaved); gunicorn "
            f"{results['gunicorn']['workers']} sync workers, `{results['gunicorn']['settings']}`",
        ]
        + [f"- Note: {note}" for note in results.get("notes", [])]
    )


def markdown(results: dict) -> str:
    """The block that goes between the markers, and is printed at the end of a run."""
    rounds = results["load_generator"].get("rounds", 1)
    repetitions = results.get("repetitions", {})
    return "\n\n".join(
        [
            machine_lines(results),
            results_table(results),
            f"Each row in {rounds} rounds, each round the endpoint's load then the same load on "
            "the static file (the region feed's bytes served by whitenoise in the same gunicorn). "
            "× static: the median over the rounds of the endpoint's req/s over the static "
            "measurement next to it, with the lowest and highest round. req/s, p50 and p99: "
            "medians over the rounds. Unloaded: the median of 5 requests one after another with "
            "nothing else running (fewer when they take seconds). Errors: responses neither 2xx "
            "nor 3xx, and socket errors, summed over the rounds. Queries: per request, in "
            "process, warm.",
            "First requests: after a change (`groups_changed`, then one request), "
            f"{repetitions.get('after_change', '?')} times; from nothing (gunicorn restarted, the "
            "shared cache flushed, every worker having answered /robots.txt, then one request), "
            f"{repetitions.get('from_nothing', '?')} times for the region feed and "
            f"{repetitions.get('network_from_nothing', '?')} for the network's, with the "
            "workers' peak resident memory (VmHWM) after it. A request that failed (gunicorn "
            "kills a worker after 30 s) counts with the time until it failed, as an error, and "
            "ends that row's repetitions:",
            first_requests_table(results),
            "Propagation: two app servers (two gunicorns, same database and cache) under read "
            "load on the region feed; a change committed in another process, then server B "
            "asked with the old ETag until it answers 200 with a new one (ms from the commit):",
            propagation_table(results),
            "Reads under writes: the read mix (region feed, month page, API one month, in turn) "
            f"for {repetitions.get('write_mix_s', '?')} s alone, then as long with a "
            f"coordinator's change every {repetitions.get('write_interval_s', '?')} s (a session "
            "cancelled, then the cancellation undone, committed from another process), in "
            "rounds; the row is the round with the median p99 ratio, with the ratios' spread and "
            "the writes and errors of every round:",
            write_mix_table(results),
            "Occurrence expansion, one month of the region's groups, in process:",
            expansion_table(results),
            "Occurrence expansion a century after the first date: one month of five groups "
            "meeting since January 2000 (weekly, every other week, 1st and 3rd Tuesday, last "
            "day of the month, daily), in February 2000 and in June 2099, in process:",
            years_table(results),
            "Targets:",
            targets_table(results["targets"]),
        ]
    )
