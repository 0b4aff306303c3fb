"""The training benchmark runs in its quick mode and reports every row (timings not tested).

training_speed.py: every engine matches neurolab. The quick browser benchmark
(browser_latency.py) is tested in tests/e2e/test_browser.py, so that it never shares the
machine with the browser test (pytest-xdist runs one test file per worker).
"""

import json
import subprocess
import sys
from pathlib import Path

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
