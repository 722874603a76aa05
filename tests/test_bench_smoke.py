"""`make bench` end to end on a tiny network: seed_scale, gunicorn with production settings, the
Python load generator for one second per endpoint, an SQLite file; results.json and the tables.

The real benchmark (`make bench`, docs/benchmarks.md) is not part of the suite.
"""

import json

import pytest

from bench import report
from bench import run as bench


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    options = bench.Options(
        sizes=[bench.SIZES["tiny"]],
        duration=1,
        loadgen="python",
        cold_repetitions=2,
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


def test_results_json_has_every_endpoint(tiny_run):
    results = json.loads(tiny_run.results_path.read_text())
    tiny = results["sizes"]["tiny"]
    assert tiny["seed_summary"].startswith("Created 2 regions")
    assert tiny["region"] == "region-001"
    assert set(tiny["endpoints"]) == {name for name, _ in report.LOAD_ENDPOINTS}
    for name, row in tiny["endpoints"].items():
        assert row["requests"] > 0, name
        assert row["requests_per_s"] > 0, name
        assert 0 < row["p50_ms"] <= row["p99_ms"], name
        assert row["errors"] == 0, name
        assert row["tool"] == "python"
        assert isinstance(row["queries"], int)
        assert row["ratio_to_static"] > 0
    assert tiny["endpoints"]["static"]["ratio_to_static"] == 1
    assert tiny["endpoints"]["region_feed_304"]["status"] == 304
    assert tiny["endpoints"]["region_feed_warm"]["status"] == 200
    # The static baseline serves the region feed's bytes.
    assert (
        abs(tiny["endpoints"]["static"]["bytes"] - tiny["endpoints"]["region_feed_warm"]["bytes"])
        < 100
    )
    cold = tiny["region_feed_cold"]
    assert len(cold["samples_ms"]) == 2
    assert cold["statuses"] == [200]
    network = tiny["network_feed"]
    assert network["status"] == 200
    assert network["bytes"] > 0
    assert network["worker_peak_mb"] > 0
    assert len(tiny["workers"]) == 2
    expansion = tiny["expansion"]
    assert expansion["groups"] == 3
    assert expansion["engine_sessions"] > 0
    assert expansion["raw_dates"] > 0
    years = tiny["years"]
    assert (years["near"]["engine_sessions"], years["far"]["engine_sessions"]) == (
        years["near"]["raw_dates"],
        years["far"]["raw_dates"],
    )
    assert results["machine"]["cpu_count"] >= 1
    assert results["database"]["vendor"] == "sqlite"
    assert {target["name"] for target in results["targets"]} >= {
        "zero errors",
        "304 throughput ≥ 0.8 × static",
    }


def test_docs_get_the_tables_between_markers_once(tiny_run):
    text = tiny_run.docs_path.read_text()
    assert text.count(report.START) == 1
    assert text.count(report.END) == 1
    assert "| tiny | region feed, 304 |" in text
    assert "| target | size | measured | result | distance |" in text
    # A re-run replaces the block rather than adding another.
    report.write_docs(tiny_run.docs_path, "replaced")
    text = tiny_run.docs_path.read_text()
    assert text.count(report.START) == 1
    assert f"{report.START}\nreplaced\n{report.END}" in text
    assert "| tiny | region feed, 304 |" not in text
