"""From bench/results.json to Markdown: the results, the targets (met or missed, by how much),
and docs/benchmarks.md, whose block between the markers a re-run replaces."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

START = "<!-- bench:results:start -->"
END = "<!-- bench:results:end -->"

LOAD_ENDPOINTS = [
    ("static", "static file (the limit)"),
    ("django_floor", "a Django view that reads nothing (robots.txt)"),
    ("region_feed_warm", "region feed, warm"),
    ("region_feed_304", "region feed, 304"),
    ("month_page", "region month page"),
    ("search_page", "calendar search, whole network"),
    ("group_page", "group page"),
    ("api_occurrences", "API occurrences, 1 month"),
]


# Targets --------------------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    size: str
    measured: float | None
    limit: float
    unit: str
    at_least: bool  # True: measured must be >= limit; False: measured must be below it
    strict: bool = False  # "<" rather than "<="

    @property
    def met(self) -> bool | None:
        if self.measured is None:
            return None
        if self.at_least:
            return self.measured >= self.limit
        return self.measured < self.limit if self.strict else self.measured <= self.limit

    @property
    def distance(self) -> str:
        if self.measured is None:
            return "not measured"
        if self.limit == 0 and not self.at_least:  # a count that must be zero
            return "none" if self.met else f"{self.measured:.0f} too many"
        gap = abs(self.measured - self.limit)
        if self.met:
            side = "above" if self.at_least else "under"
            return f"{_number(gap)}{self.unit} {side} the limit"
        if self.at_least:
            need = self.limit / self.measured if self.measured else float("inf")
            return f"{_number(gap)}{self.unit} short ({need:.2f}× needed)"
        return f"{_number(gap)}{self.unit} over ({self.measured / self.limit:.2f}× the limit)"

    def as_dict(self) -> dict:
        return asdict(self) | {"met": self.met, "distance": self.distance}


def _number(value: float) -> str:
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.0f}"


def _endpoint(size: dict, name: str, field: str):
    return (size.get("endpoints", {}).get(name) or {}).get(field)


def targets(results: dict) -> list[Target]:
    """The issue's targets, judged at the largest size run ("national"), against "today"."""
    sizes = results["sizes"]
    names = list(sizes)
    scale = "national" if "national" in sizes else names[-1]
    base = "today" if "today" in sizes else names[0]
    big, small = sizes[scale], sizes[base]
    found = [
        Target(
            "warm region feed throughput ≥ 0.7 × static",
            scale,
            _endpoint(big, "region_feed_warm", "ratio_to_static"),
            0.7,
            "",
            at_least=True,
        ),
        Target(
            "304 throughput ≥ 0.8 × static",
            scale,
            _endpoint(big, "region_feed_304", "ratio_to_static"),
            0.8,
            "",
            at_least=True,
        ),
    ]
    for name, label in (("month_page", "region month page"), ("group_page", "group page")):
        p99 = _endpoint(big, name, "p99_ms")
        base_p99 = _endpoint(small, name, "p99_ms")
        found.append(Target(f"{label} p99 < 100 ms", scale, p99, 100, " ms", False, strict=True))
        found.append(
            Target(
                f"{label} p99 ≤ 1.3 × {base}",
                f"{scale} / {base}",
                round(p99 / base_p99, 2) if p99 and base_p99 else None,
                1.3,
                "",
                at_least=False,
            )
        )
    cold = big.get("region_feed_cold") or {}
    found.append(
        Target(
            f"cold {big.get('region_groups', '?')}-group region feed < 150 ms (median)",
            scale,
            cold.get("p50_ms"),
            150,
            " ms",
            False,
            strict=True,
        )
    )
    network = big.get("network_feed") or {}
    found.append(
        Target(
            "whole-network feed: worker peak memory < 300 MB",
            scale,
            network.get("worker_peak_mb"),
            300,
            " MB",
            False,
            strict=True,
        )
    )
    found.append(
        Target(
            "occurrence engine ≤ 1.5 × raw dateutil (one month)",
            scale,
            (big.get("expansion") or {}).get("ratio"),
            1.5,
            "",
            at_least=False,
        )
    )
    years = big.get("years") or {}
    found.append(
        Target(
            "occurrence engine: a month in 2099 ≤ 1.5 × a month in 2000 (groups from 2000)",
            scale,
            years.get("ratio"),
            1.5,
            "",
            at_least=False,
        )
    )
    found.append(
        Target(
            "zero errors",
            "all",
            float(sum(size.get("errors", 0) for size in sizes.values())),
            0,
            "",
            at_least=False,
        )
    )
    return found


# Tables ---------------------------------------------------------------------------------------


def _cell(value, digits=1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def results_table(results: dict) -> str:
    rows = [
        "| size | endpoint | req/s | × static | p50 ms | p99 ms | unloaded ms | errors | queries |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size_name, size in results["sizes"].items():
        endpoints = size.get("endpoints", {})
        for name, label in LOAD_ENDPOINTS:
            row = endpoints.get(name, {})
            rows.append(
                f"| {size_name} | {label} | {_cell(row.get('requests_per_s'))} "
                f"| {_cell(row.get('ratio_to_static'), 2)} | {_cell(row.get('p50_ms'), 2)} "
                f"| {_cell(row.get('p99_ms'), 2)} | {_cell(row.get('unloaded_ms'), 2)} "
                f"| {_cell(row.get('errors'))} "
                f"| {_cell(row.get('queries'))} |"
            )
        cold = size.get("region_feed_cold", {})
        rows.append(
            f"| {size_name} | region feed, cold ({size.get('region_groups', '?')} groups; "
            f"median and max of {len(cold.get('samples_ms', []))} single requests) | – | – "
            f"| {_cell(cold.get('p50_ms'), 2)} | {_cell(cold.get('max_ms'), 2)} | – "
            f"| {_cell(cold.get('errors'))} | {_cell(cold.get('queries'))} |"
        )
    return "\n".join(rows)


def network_table(results: dict) -> str:
    rows = [
        "| size | groups | bytes | cold ms | warm ms | worker peak RSS MB (before → after) | "
        "errors | queries (cold) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size_name, size in results["sizes"].items():
        network = size.get("network_feed", {})
        rows.append(
            f"| {size_name} | {_cell(size.get('groups'))} | {_cell(network.get('bytes'))} "
            f"| {_cell(network.get('cold_ms'), 0)} | {_cell(network.get('warm_ms'), 0)} "
            f"| {_cell(network.get('worker_peak_mb_before'), 0)} → "
            f"{_cell(network.get('worker_peak_mb'), 0)} | {_cell(network.get('errors'))} "
            f"| {_cell(network.get('queries'))} |"
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
        measured = target["measured"]
        if measured is None:
            shown = "–"
        elif target["limit"] == 0:
            shown = f"{measured:.0f}"
        else:
            shown = f"{_number(measured)}{target['unit']}"
        rows.append(
            f"| {target['name']} | {target['size']} | {shown} | {result} | {target['distance']} |"
        )
    return "\n".join(rows)


def machine_lines(results: dict) -> str:
    m, db, load = results["machine"], results["database"], results["load_generator"]
    return "\n".join(
        [
            f"- Run: {results['generated_at']}, {results['total_seconds']:.0f} s in all "
            f"(seeding included), `{results['command']}`",
            f"- Machine: {m['cpu_count']} × {m['cpu_model']}, {m['ram_gb']} GB RAM, "
            f"{m['os']}; Python {m['python']}, Django {m['django']}, gunicorn {m['gunicorn']}",
            f"- Database: {db['description']}",
            f"- Load: {load['tool']} ({load['version']}), {load['connections']} connections, "
            f"{load['duration_s']} s per endpoint; gunicorn {results['gunicorn']['workers']} "
            f"sync workers, `{results['gunicorn']['settings']}`",
        ]
        + [f"- Note: {note}" for note in results.get("notes", [])]
    )


def markdown(results: dict) -> str:
    """The block that goes between the markers, and is printed at the end of a run."""
    return "\n\n".join(
        [
            machine_lines(results),
            results_table(results),
            "req/s, p50 and p99: under load. × static: req/s over the static file's, the same "
            "bytes as the region feed served by whitenoise in the same gunicorn. Unloaded: the "
            "median of 5 requests one after another with nothing else running. Errors: responses "
            "neither 2xx nor 3xx, and socket errors. Queries: per request, in process, warm. "
            "Cold feed rows: median and max of single requests after a change (`groups_changed`).",
            "Whole-network feed `/calendar.ics`:",
            network_table(results),
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


def write_docs(path: Path, block: str) -> None:
    """Put ``block`` between the markers of ``path``; make the file or the markers if missing."""
    fenced = f"{START}\n{block}\n{END}"
    text = path.read_text() if path.exists() else "# Benchmarks\n\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = before + fenced + after
    else:
        text = text.rstrip("\n") + "\n\n" + fenced + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
