"""The benchmarks run in their quick modes and report every row (the timings are not tested).

training_speed.py: every engine matches neurolab. browser_latency.py (needs Chromium, like
the browser test): every explorer action, 3-D drag and Run All is measured.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "training_speed.py"
ENGINES = ["neurolab", "numpy", "numba", "bare"]


def test_quick_benchmark_runs_and_matches_neurolab(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--json", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads(out.read_text())
    assert results["quick"] is True
    assert list(results["workloads"]) == ["tutorial", "larger"]
    descriptions = {name: w["description"] for name, w in results["workloads"].items()}
    assert descriptions["tutorial"].startswith("500 points x 3 features, 5 neurons")
    assert descriptions["larger"].startswith("5,000 points x 3 features, 10 neurons")
    for name, workload in results["workloads"].items():
        rows = workload["rows"]
        assert list(rows) == ENGINES, name
        reference_epochs = rows["neurolab"]["epochs"]
        for key in ENGINES[1:]:
            row = rows[key]
            assert row["compared_after_epochs"] == reference_epochs
            assert 0.0 <= row["max_weight_diff"] <= 1e-12, (name, key, row)
            if key != "bare":  # bare arithmetic sums the error sequentially, not pairwise
                assert 0.0 <= row["max_error_diff"] <= 1e-12, (name, key, row)
        for key, row in rows.items():
            assert row["seconds"] > 0 and row["seconds_per_1000_epochs"] > 0, (name, key)
            assert row["extrapolated"] == (row["epochs"] < 1000)
            assert row["speedup_vs_neurolab"] > 0
    for part in ("compute", "update", "scrub"):
        timing = results["explorer"][part]
        assert 0 < timing["best"] <= timing["median"]


BROWSER_SCRIPT = SCRIPT.with_name("browser_latency.py")
QUICK_TABLE = SCRIPT.parents[1] / "build" / "browser_latency_quick.md"


@pytest.mark.browser
def test_quick_browser_benchmark_measures_every_row(tmp_path):
    """browser_latency.py --quick: every explorer action, every 3-D drag, both Run Alls."""
    from e2e.browser import REQUIRE_VARIABLE, browser_unavailable_reason

    reason = browser_unavailable_reason()
    if reason:
        if os.environ.get(REQUIRE_VARIABLE):
            pytest.fail(f"{reason}; {REQUIRE_VARIABLE} is set, so the browser test must run")
        pytest.skip(reason)
    sys.path.insert(0, str(BROWSER_SCRIPT.parent))
    try:
        import browser_latency
    finally:
        sys.path.remove(str(BROWSER_SCRIPT.parent))
    out = tmp_path / "latency.json"
    proc = subprocess.run([sys.executable, str(BROWSER_SCRIPT), "--quick", "--tries", "1",
                           "--json", str(out)], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads(out.read_text())
    assert results["quick"] is True and results["tries"] == 1
    assert list(results["run_all_s"]) == ["06_3d_comparison_plots.ipynb",
                                          "07_explore_epochs_and_noise.ipynb"]
    assert all(seconds > 0 for seconds in results["run_all_s"].values())
    assert list(results["explorer"]) == [name for name, *_ in browser_latency.ACTIONS]
    for name, row in results["explorer"].items():
        assert row["figure_ms"]["failed"] == 0 and row["figure_ms"]["median"] > 0, (name, row)
        if row["text_ms"] is not None:  # the actions that retrain change the metrics too
            assert row["text_ms"]["failed"] == 0 and row["text_ms"]["median"] > 0, (name, row)
    assert results["explorer"]["scrubber to start (Home key)"]["text_ms"] is None
    assert sorted(results["drag"]) == [f"{figure}, 3-D axes {k}" for figure in
                                       ("05 comparison", "06 explorer") for k in (0, 1)]
    for name, row in results["drag"].items():
        # the figure turned (how often while the mouse moved depends on the machine's load)
        assert row["redraws_until_settled"] >= 1 and row["redraws_per_s"] >= 0, (name, row)
    table = proc.stdout
    assert "| action (notebook 06 explorer) |" in table and "Load before:" in table
    # .ci/run prints this table after the tests (pytest keeps a passing test's output)
    QUICK_TABLE.parent.mkdir(exist_ok=True)
    QUICK_TABLE.write_text(table[table.index("Checkout:"):])
