"""From bench/results.json to the targets (met or missed, by how much) and to docs/benchmarks.md,
whose block between the markers a re-run replaces. The tables are in bench/tables.py."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from bench import tables

START = "<!-- bench:results:start -->"
END = "<!-- bench:results:end -->"


# The meeting-list plugin's groups JSON, side by side on one machine in an earlier run that
# cannot be repeated here: a constant, not a measurement of this run.
PLUGIN_REQUESTS_PER_S = 101
BENCH_MINUTES = 15


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
    low: float | None = None  # the spread of what the measure is the median of, if any
    high: float | None = None

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

    @property
    def shown(self) -> str:
        """The measure, with its spread when it has one: "0.81 (0.78–0.84)"."""
        if self.measured is None:
            return "–"
        if self.limit == 0:
            return f"{self.measured:.0f}"
        text = f"{_number(self.measured)}{self.unit}"
        if self.low is not None and self.high is not None:
            text += f" ({_number(self.low)}–{_number(self.high)})"
        return text

    def as_dict(self) -> dict:
        return asdict(self) | {"met": self.met, "distance": self.distance, "shown": self.shown}


def _number(value: float) -> str:
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.0f}"


def _ratio_target(size_name: str, size: dict, row: str, label: str, limit: float) -> Target:
    found = (size.get("endpoints") or {}).get(row) or {}
    return Target(
        f"{label} throughput ≥ {limit} × static (median of rounds)",
        size_name,
        found.get("ratio_median"),
        limit,
        "",
        at_least=True,
        low=found.get("ratio_min"),
        high=found.get("ratio_max"),
    )


def _spread_target(name: str, size_name: str, row: dict, limit: float, unit=" ms") -> Target:
    return Target(
        name,
        size_name,
        row.get("p50_ms"),
        limit,
        unit,
        False,
        strict=True,
        low=row.get("min_ms"),
        high=row.get("max_ms"),
    )


def targets(results: dict) -> list[Target]:
    """The targets, judged at the largest size run ("national") unless they name "today"."""
    sizes = results["sizes"]
    names = list(sizes)
    scale = "national" if "national" in sizes else names[-1]
    base = "today" if "today" in sizes else names[0]
    big, small = sizes[scale], sizes[base]
    found = [
        _ratio_target(scale, big, "region_feed_warm", "warm region feed", 0.85),
        _ratio_target(scale, big, "region_feed_304", "region feed 304", 0.95),
        _ratio_target(scale, big, "month_page", "region month page", 0.5),
        _ratio_target(scale, big, "group_page", "group page", 0.3),
        _ratio_target(scale, big, "api_occurrences", "API one month of a region", 0.6),
        _ratio_target(base, small, "groups_json", "groups.json, whole network,", 0.5),
    ]
    groups_json = (small.get("endpoints") or {}).get("groups_json") or {}
    found.append(
        Target(
            f"groups.json req/s ≥ 10 × the meeting-list plugin's {PLUGIN_REQUESTS_PER_S} req/s "
            "(the plugin's figure is a constant from an earlier side-by-side run, not "
            "re-measured here)",
            base,
            groups_json.get("requests_per_s"),
            10 * PLUGIN_REQUESTS_PER_S,
            " req/s",
            at_least=True,
        )
    )
    found.append(
        _ratio_target(scale, big, "meeting_guide", "meeting-guide.json, whole network,", 0.5)
    )
    empty = big.get("region_feed_empty") or {}
    found.append(
        _spread_target(
            f"region feed ({big.get('region_groups', '?')} groups) from empty caches "
            "< 100 ms (median; restart + flush)",
            scale,
            empty,
            100,
        )
    )
    network = big.get("network_feed") or {}
    found.append(
        _spread_target(
            "whole-network feed from nothing < 2 s (median; restart + flush)", scale, network, 2000
        )
    )
    nothing = big.get("network_feed_nothing") or {}
    found.append(
        _spread_target(
            "whole-network feed from nothing at all < 2 s (restart + flush + stored events "
            "emptied; once; until its first 200)",
            scale,
            nothing,
            2000,
        )
    )
    found.append(
        Target(
            "whole-network feed from nothing: worker peak memory < 200 MB (the higher of the two "
            "rows; the task workers' too)",
            scale,
            _highest(network.get("worker_peak_mb"), nothing.get("worker_peak_mb")),
            200,
            " MB",
            False,
            strict=True,
        )
    )
    propagation = big.get("propagation") or {}
    found.append(
        Target(
            "propagation to a second app server p99 < 250 ms",
            scale,
            propagation.get("p99_ms"),
            250,
            " ms",
            False,
            strict=True,
        )
    )
    mix = big.get("write_mix") or {}
    found.append(
        Target(
            "write mix: zero errors (reads and writes)",
            scale,
            None if not mix else float(mix.get("errors", 0)),
            0,
            "",
            at_least=False,
        )
    )
    found.append(
        Target(
            "write mix: read p99 with writes ≤ 1.5 × read-only",
            scale,
            mix.get("p99_ratio"),
            1.5,
            "",
            at_least=False,
        )
    )
    found.append(
        Target(
            "occurrence engine ≤ 1.2 × raw dateutil (one month)",
            scale,
            (big.get("expansion") or {}).get("ratio"),
            1.2,
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
    full = {"today", "national"} <= set(sizes)
    total = results.get("total_seconds")
    found.append(
        Target(
            f"make bench < {BENCH_MINUTES} min (today and national; not measured otherwise)",
            "all",
            round(total / 60, 1) if full and total is not None else None,
            BENCH_MINUTES,
            " min",
            False,
            strict=True,
        )
    )
    return found


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


def markdown(results: dict) -> str:
    return tables.markdown(results)


def _highest(*values):
    """The highest of the values measured; None when none was (a killed worker's peak is not
    one), or when the row with stored events emptied was not run."""
    found = [value for value in values if value is not None]
    return max(found) if len(found) == len(values) else None
