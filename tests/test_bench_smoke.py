"""`make bench` end to end on a tiny network: seed_scale, gunicorn with production settings and
the task worker, Redis as the cache when the test Redis answers (else --no-redis), the Python
load generator for half a second per measurement in 2 interleaved rounds, an SQLite file;
results.json and the tables.

The real benchmark (`make bench`, docs/benchmarks.md) is not part of the suite.
"""

import json
import statistics
from urllib.parse import urlsplit, urlunsplit

import pytest

from bench import report
from bench import rounds as bench_rounds
from bench import run as bench
from bench.common import LOAD_ENDPOINTS, SAME_BYTES
from tests import services

ROUNDS = 2
SMOKE_REDIS_DB = 11  # not the tests' own database (15): the bench flushes its database


def _redis_url() -> str | None:
    """The test Redis's server with a database of the smoke run's own, or None without it."""
    try:
        url = services.need_redis()
    except pytest.skip.Exception:
        return None
    return urlunsplit(urlsplit(url)._replace(path=f"/{SMOKE_REDIS_DB}"))


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    options = bench.Options(
        sizes=[bench.SIZES["tiny"]],
        duration=0.5,
        rounds=ROUNDS,
        pause=0.05,
        connections=4,
        loadgen="python",
        redis_url=_redis_url(),
        cold_repetitions=2,
        empty_repetitions=2,
        network_repetitions=1,
        propagation_repetitions=3,
        mix_duration=1.5,
        mix_interval=0.5,
        expansion_repetitions=2,
        database_url=None,  # SQLite whatever DATABASE_URL the suite runs with
        sqlite_dir=folder,
        results_path=folder / "results.json",
        docs_path=folder / "benchmarks.md",
        log_dir=folder / "logs",
        command="tests/test_bench_smoke.py",
    )
    try:
        bench.run(options)
    except bench.GunicornDidNotStart as exc:
        pytest.skip(f"gunicorn could not start, so nothing can be measured: {exc}")
    return options


@pytest.fixture(scope="module")
def results(tiny_run):
    return json.loads(tiny_run.results_path.read_text())


def test_every_load_row_in_interleaved_rounds(results):
    tiny = results["sizes"]["tiny"]
    assert tiny["seed_summary"].startswith("Created 2 regions")
    assert tiny["region"] == "region-001"
    endpoints = tiny["endpoints"]
    assert list(endpoints) == [name for name, _ in LOAD_ENDPOINTS]
    for name, row in endpoints.items():
        others = len(endpoints) - 1
        assert len(row["rounds"]) == (ROUNDS * others if name == "static" else ROUNDS), name
        assert row["rounds_done"] == len(row["rounds"]), name
        assert [r["round"] for r in row["rounds"]] == sorted(r["round"] for r in row["rounds"])
        assert row["ratio_min"] <= row["ratio_median"] <= row["ratio_max"], name
        ratios = [r["ratio"] for r in row["rounds"]]
        assert row["ratio_median"] == round(statistics.median(ratios), 3), name
        assert row["requests_per_s"] == round(
            statistics.median(r["requests_per_s"] for r in row["rounds"]), 1
        )
        assert row["errors"] == sum(r["errors"] for r in row["rounds"]) == 0, name
        assert row["requests"] == sum(r["requests"] for r in row["rounds"]) > 0, name
        assert 0 < row["p50_ms"] <= row["p99_ms"], name
        assert isinstance(row["queries"], int), name
        for measured in row["rounds"]:
            assert measured["tool"] == "python"
            if name != "static":
                # Each round's ratio is over the static measurement taken right after it.
                assert measured["ratio"] == round(
                    measured["requests_per_s"] / measured["static"]["requests_per_s"], 3
                )
    assert endpoints["static"]["ratio_median"] == 1
    assert endpoints["region_feed_304"]["status"] == 304
    for name in ("region_feed_warm", "groups_json", "meeting_guide", "api_year_far"):
        assert endpoints[name]["status"] == 200, name
    assert "start=20" in endpoints["api_year_far"]["path"]
    # The lists as their clients ask for them: compressed (the copy kept per version).
    for name in ("groups_json", "meeting_guide"):
        compressed = endpoints[f"{name}_gzip"]
        assert (compressed["status"], compressed["request_headers"]) == (
            200,
            {"Accept-Encoding": "gzip"},
        ), name
        assert 0 < compressed["bytes"] < endpoints[name]["bytes"], name
    # The static baseline serves the region feed's bytes; the same-bytes rows, their row's.
    assert abs(endpoints["static"]["bytes"] - endpoints["region_feed_warm"]["bytes"]) < 100
    for same, copied in SAME_BYTES.items():
        assert endpoints[same]["status"] == 200, same
        assert abs(endpoints[same]["bytes"] - endpoints[copied]["bytes"]) < 100, same


def test_first_requests_after_a_change_and_from_nothing(results):
    tiny = results["sizes"]["tiny"]
    for name in ("region_feed_cold", "api_year_far_first"):
        row = tiny[name]
        assert len(row["samples_ms"]) == 2, name
        assert row["statuses"] == [200], name
        assert row["min_ms"] <= row["p50_ms"] <= row["max_ms"], name
    empty = tiny["region_feed_empty"]
    assert len(empty["samples_ms"]) == 2
    assert empty["statuses"] == [200]
    assert empty["errors"] == 0
    assert empty["min_ms"] <= empty["p50_ms"] <= empty["max_ms"]
    network = tiny["network_feed"]
    assert network["path"] == "/calendar.ics"
    assert len(network["samples"]) == 1
    assert network["statuses"] == [200]
    assert network["bytes"] > 0
    assert network["worker_peak_mb"] > 0
    assert len(tiny["workers"]) == 2
    assert (tiny["task_worker_running"], tiny["builder_running"]) == (True, True)
    nothing = tiny["network_feed_nothing"]  # its stored events emptied too, once
    assert (nothing["path"], nothing["statuses"], nothing["bytes"]) == (
        "/calendar.ics",
        [200],
        network["bytes"],
    )
    for name, path in (
        ("groups_json_empty", "/api/v1/groups.json"),
        ("meeting_guide_empty", "/meeting-guide.json"),
    ):  # after a restart and a flush, once: few enough groups to build in the request
        row = tiny[name]
        assert (row["path"], row["statuses"], row["errors"], row["being_built"]) == (
            path,
            [200],
            0,
            0,
        )
        assert row["bytes"] > 0
    release = tiny["release_step"]  # store_feed_events's work, from nothing at all, once
    assert 0 < release["groups"] <= 2 * 3  # the public ones of the tiny network's groups
    assert (release["built"], release["errors"], len(release["samples_ms"])) == (
        release["groups"],
        0,
        1,
    )
    assert release["worker_peak_mb"] > 0


def test_propagation_and_write_mix(results):
    tiny = results["sizes"]["tiny"]
    propagation = tiny["propagation"]
    assert propagation["servers"] == 2
    assert len(propagation["samples_ms"]) == propagation["repetitions"] == 3
    assert (propagation["errors"], propagation["timeouts"]) == (0, 0)
    assert 0 < propagation["p50_ms"] <= propagation["p99_ms"] == propagation["max_ms"]
    assert set(propagation["background"]) == {"a", "b"}
    assert all(load["requests"] > 0 for load in propagation["background"].values())
    mix = tiny["write_mix"]
    assert mix["mix"] == ["region_feed_warm", "month_page", "api_occurrences"]
    assert mix["read_only"]["requests"] > 0
    assert mix["with_writes"]["requests"] > 0
    assert mix["writes"] >= 2
    assert mix["writes"] == mix["cancels"] + mix["undos"]
    assert (mix["read_errors"], mix["write_errors"], mix["errors"]) == (0, 0, 0)
    assert mix["p99_ratio"] == round(mix["with_writes"]["p99_ms"] / mix["read_only"]["p99_ms"], 3)
    assert len(mix["rounds"]) == ROUNDS
    ratios = sorted(one["p99_ratio"] for one in mix["rounds"])
    assert (mix["p99_ratio_min"], mix["p99_ratio"], mix["p99_ratio_max"]) == (
        ratios[0],
        statistics.median_low(ratios),
        ratios[-1],
    )
    assert mix["writes"] == sum(one["writes"] for one in mix["rounds"])
    assert tiny["errors"] == 0


def test_shape_notes_and_targets(results, tiny_run):
    assert results["machine"]["cpu_count"] >= 1
    assert results["database"]["vendor"] == "sqlite"
    assert results["load_generator"]["rounds"] == ROUNDS
    shape = results["shape"]
    assert shape["task_worker"] == "manage.py db_worker"
    assert shape["builder"] == "manage.py build_worker"
    assert shape["long_builder"] == "manage.py build_worker --queue-name=build-long"
    assert shape["cache"] == ("redis" if tiny_run.redis_url else "database")
    assert any("db_worker" in note for note in results["notes"])
    assert any(("--no-redis" in note) != bool(tiny_run.redis_url) for note in results["notes"])
    names = [target["name"] for target in results["targets"]]
    assert len(names) == len(set(names)) == 18
    by_name = {target["name"]: target for target in results["targets"]}
    assert by_name["zero errors"]["met"] is True
    # A tiny run is not `make bench`: its time is "not measured", never made up.
    (total,) = [target for name, target in by_name.items() if name.startswith("make bench")]
    assert (total["measured"], total["distance"]) == (None, "not measured")
    warm = next(t for n, t in by_name.items() if n.startswith("warm region feed"))
    row = results["sizes"]["tiny"]["endpoints"]["region_feed_warm"]
    assert (warm["measured"], warm["low"], warm["high"]) == (
        row["ratio_median"],
        row["ratio_min"],
        row["ratio_max"],
    )
    assert warm["shown"].endswith(")")


def test_docs_get_the_tables_between_markers_once(tiny_run):
    text = tiny_run.docs_path.read_text()
    assert text.count(report.START) == 1
    assert text.count(report.END) == 1
    assert "| tiny | region feed, 304 |" in text
    assert "| tiny | API groups.json, whole network |" in text
    assert "| tiny | whole-network feed from nothing (restart + flush) |" in text
    assert "| tiny | release step: every group's feed events stored from nothing (once) |" in text
    assert "| target | size | measured | result | distance |" in text
    # A re-run replaces the block rather than adding another.
    report.write_docs(tiny_run.docs_path, "replaced")
    text = tiny_run.docs_path.read_text()
    assert text.count(report.START) == 1
    assert f"{report.START}\nreplaced\n{report.END}" in text
    assert "| tiny | region feed, 304 |" not in text


def _round(number: int, requests_per_s: float, ratio: float | None, requests: int = 10) -> dict:
    return {
        "round": number,
        "requests": requests,
        "requests_per_s": requests_per_s,
        "p50_ms": 1.0 * number,
        "p99_ms": 2.0 * number,
        "errors": number - 1,
        "ratio": ratio,
    }


def test_rounds_summarize_medians_spread_and_summed_errors():
    summary = bench_rounds.summarize(
        [_round(1, 100.0, 0.8), _round(2, 300.0, 0.9), _round(3, 200.0, 0.7)]
    )
    assert summary == {
        "rounds_done": 3,
        "ratio_median": 0.8,
        "ratio_min": 0.7,
        "ratio_max": 0.9,
        "requests_per_s": 200.0,
        "p50_ms": 2.0,
        "p99_ms": 4.0,
        "restarts": 0,
        "requests": 30,
        "errors": 3,
    }
    # No request answered and no static rate: no latency, no ratio, never a made-up number.
    empty = bench_rounds.summarize([_round(1, 0.0, None, requests=0)])
    assert (empty["ratio_median"], empty["p50_ms"], empty["p99_ms"]) == (None, None, None)


def test_a_target_shows_its_spread_or_says_not_measured():
    target = report.Target("t", "national", 0.81, 0.85, "", at_least=True, low=0.78, high=0.84)
    assert (target.shown, target.met) == ("0.81 (0.78–0.84)", False)
    assert target.distance == "0.04 short (1.05× needed)"
    missing = report.Target("t", "national", None, 0.85, "", at_least=True)
    assert (missing.shown, missing.met, missing.distance) == ("–", None, "not measured")
