"""What every part of the harness uses: the log, the repository's root, running a command, and
the in-process side (``python -m bench.inprocess``), whose answer is one ``BENCH_JSON`` line."""

from __future__ import annotations

import contextlib
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

# The rows measured under load, in the order of the tables, with their labels.
LOAD_ENDPOINTS = [
    ("static", "static file (the limit)"),
    ("django_floor", "a Django view that reads nothing (robots.txt)"),
    ("region_feed_warm", "region feed, warm"),
    ("region_feed_304", "region feed, 304"),
    ("month_page", "region month page"),
    ("search_page", "calendar search, whole network"),
    ("group_page", "group page"),
    ("api_occurrences", "API occurrences, 1 month"),
    ("groups_json", "API groups.json, whole network"),
    ("meeting_guide", "meeting-guide.json, whole network"),
    # As their clients ask for them (a meeting finder's or a partner site's HTTP client sends
    # Accept-Encoding: gzip); the rows above, without it, are the ones the targets judge.
    ("groups_json_gzip", "API groups.json, whole network, gzip"),
    ("meeting_guide_gzip", "meeting-guide.json, whole network, gzip"),
    ("api_year_far", "API occurrences, 1 year, 5 years ahead"),
    # The limit for an answer of another size: a static file of the same bytes, whitenoise's
    # sendfile as for the 221 KB one. Not judged; it shows how much of a row's distance to its
    # target is the bytes it sends (the API's month is 2.7 times the region feed's).
    ("static_api_size", "static file of the API month's bytes"),
    ("static_meeting_guide_size", "static file of meeting-guide.json's bytes"),
]
# The static files of the same bytes as these rows' answers, and the row each copies.
SAME_BYTES = {"static_api_size": "api_occurrences", "static_meeting_guide_size": "meeting_guide"}
GZIP_ROW = "_gzip"  # a row whose name ends so asks with Accept-Encoding: gzip

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"

_STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[bench {time.perf_counter() - _STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


def proc_value(path: str, key: str) -> str | None:
    with contextlib.suppress(OSError):
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    return None


def run_checked(command: list[str], env: dict, what: str, timeout: float = 1800) -> str:
    done = subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
    return done.stdout


def manage(env: dict, *args: str) -> str:
    return run_checked([sys.executable, "manage.py", *args], env, f"manage.py {args[0]}")


def bench_json(out: str) -> dict:
    line = next(line for line in out.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def inprocess(env: dict, *args: str) -> dict:
    out = run_checked([sys.executable, "-m", "bench.inprocess", *args], env, f"bench {args[0]}")
    return bench_json(out)


def is_error(status: int) -> bool:
    return not 200 <= status < 400


def spread(samples: list[float], digits: int = 2) -> dict:
    """Median, min and max of some samples (None for each when there are none)."""
    if not samples:
        return {"p50_ms": None, "min_ms": None, "max_ms": None}
    return {
        "p50_ms": round(statistics.median(samples), digits),
        "min_ms": round(min(samples), digits),
        "max_ms": round(max(samples), digits),
    }
