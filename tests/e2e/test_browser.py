"""The notebooks in a real browser: JupyterLab runs each one, 3-D plots rotate, sliders retrain.

JupyterLab runs in its default layout (file browser open) in a 1280 x 800 window, and every
figure must fit: an ipympl canvas is never scaled down, so a wider one is cut off.

Runs when Debian's Chromium (/usr/bin/chromium) and the playwright package are present and is
skipped otherwise, unless NBH_REQUIRE_BROWSER is set (CI sets it): then it fails instead.
Screenshots of each notebook after Run All go to build/screenshots/, with figure-widths.txt
(per notebook: the widest figure and the width available to it).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from e2e.browser import (
    FIGURE_WIDTHS,
    FILE_BROWSER,
    REQUIRE_VARIABLE,
    SCREENSHOT_DIR,
    SLIDER_TIMEOUT,
    VIEWPORT,
    browser_unavailable_reason,
    lab_in_chromium,
)
from e2e.lab import NOTEBOOK_DIR, LabServer
from e2e.report import console_errors, figure_lines, layout_line, layout_problems
from nbhelpers.widgets import CSS_CLASSES

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
# The "3D comparison plot" and the explorer live in these notebooks (by name).
THREE_D_NOTEBOOK = "3d_comparison"
# Bound on one slider update; it only catches hangs (the measured time is printed).
SLIDER_UPDATE_BOUND_S = 30


@pytest.fixture(scope="module")
def browser_run():
    """Run every notebook once in JupyterLab + Chromium and record what the browser showed."""
    reason = browser_unavailable_reason()
    if reason:
        if os.environ.get(REQUIRE_VARIABLE):
            pytest.fail(f"{reason}; {REQUIRE_VARIABLE} is set, so the browser test must run")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    start = time.perf_counter()
    for pattern in ("*.png", "*.log"):  # keep only this run's files
        for old in SCREENSHOT_DIR.glob(pattern):
            old.unlink()
    with tempfile.TemporaryDirectory(prefix="nbh-browser-") as tmp:
        with LabServer(Path(tmp)) as server, sync_playwright() as pw:
            with lab_in_chromium(server, pw) as run:
                for path in NOTEBOOKS:
                    run.run_notebook(server.root / path.name)
            run.save_logs()
    run.total_seconds = time.perf_counter() - start
    print(f"\nbrowser test: {len(NOTEBOOKS)} notebooks in {run.total_seconds:.1f} s; "
          f"screenshots, console and server log in {SCREENSHOT_DIR}")
    yield run


def describe_console(messages):
    return "\n".join(f"  [{kind}] {text[:500]}" for kind, text in messages)


def report_allowed(allowed):
    for kind, text, reason in allowed:
        print(f"  allowed console {kind} ({reason}): {text[:300]}")


def test_jupyterlab_starts_without_javascript_errors(browser_run):
    errors, allowed = console_errors(browser_run.startup_console)
    report_allowed(allowed)
    assert not errors, "JavaScript errors while JupyterLab loaded:\n" + describe_console(
        [(kind, text) for kind, text, _ in errors])


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_notebook_runs_all_cells_in_jupyterlab(browser_run, name, capsys):
    result = browser_run.results[name]
    figures = sum(c["drawn"] + c["imagesDrawn"] for c in result.cells)
    with capsys.disabled():
        print(f"\n  {name}: kernel {result.kernel}, open {result.open_seconds or 0:.1f} s, "
              f"Run All {result.run_all_seconds or 0:.1f} s, figures drawn after "
              f"{result.figures_seconds or 0:.1f} s more; {figures} figure(s) rendered "
              f"(committed: {sum(result.expected_figures.values())})")
    errors, allowed = console_errors(result.console)
    report_allowed(allowed)
    problems = result.problems()
    assert not problems, f"{name} in the browser:\n" + "\n".join(problems)
    assert not errors, f"JavaScript errors while {name} ran:\n" + describe_console(
        [(kind, text) for kind, text, _ in errors])


def test_jupyterlab_runs_in_its_default_layout(browser_run, capsys):
    # 1280 x 800, file browser open, nothing collapsed or zoomed: while each notebook's
    # figures were measured, and as JupyterLab started (a fresh workspace).
    with capsys.disabled():
        print(f"\n  at start: {layout_line(browser_run.startup_layout)}", end="")
    problems = [f"at start: {p}" for p in layout_problems(browser_run.startup_layout, VIEWPORT,
                                                          FILE_BROWSER)]
    for result in browser_run.results.values():
        problems += [f"{result.name}: {p}"
                     for p in layout_problems(result.layout, VIEWPORT, FILE_BROWSER)]
    assert not problems, "not JupyterLab's default layout:\n" + "\n".join(problems)


def test_every_figure_fits_in_the_default_layout(browser_run, capsys):
    # Every ipympl canvas (the explorer's included) and image output, after Run All: its full
    # width must show, without a horizontal scrollbar, at 1280 x 800 with the file browser open.
    lines = []
    for result in browser_run.results.values():
        lines += figure_lines(result)
    with capsys.disabled():
        print(f"\n  figures in a {VIEWPORT['width']} x {VIEWPORT['height']} window (also in "
              f"{SCREENSHOT_DIR / FIGURE_WIDTHS}):")
        for line in lines:
            print(f"  {line}")
    problems = [p for r in browser_run.results.values() for p in r.figure_problems()]
    missing = [r.name for r in browser_run.results.values()
               if r.expected_figures and not r.figures]
    assert not missing, f"figures not measured in {', '.join(missing)}"
    assert not problems, (f"figures too wide for JupyterLab's default layout at "
                          f"{VIEWPORT['width']} x {VIEWPORT['height']}:\n" + "\n".join(problems))


def test_3d_comparison_plot_rotates_when_dragged(browser_run, capsys):
    # Every 3-D axes of every notebook is dragged; the comparison notebook must have some.
    comparison = [r for name, r in browser_run.results.items() if THREE_D_NOTEBOOK in name]
    assert comparison, f"no notebook named *{THREE_D_NOTEBOOK}* in {NOTEBOOK_DIR}"
    dragged = [(r.name, d) for r in browser_run.results.values() for d in r.three_d]
    with capsys.disabled():
        for name, d in dragged:
            took = (f"redrawn after {d['seconds']:.2f} s, view (elev, azim, roll) "
                    f"{d['view_before']} -> {d['view_after']}"
                    if d["seconds"] is not None else "no change")
            print(f"\n  drag 3-D axes {d['axes']} in {name} cell {d['cell']}: {took}", end="")
    for result in comparison:
        assert result.error is None, result.error
        assert result.three_d, f"{result.name} shows no ipympl canvas with a 3-D axes"
    still = [f"{name} cell {d['cell']} axes {d['axes']}: {d.get('problem', 'pixels unchanged')}"
             for name, d in dragged if not d["changed"]]
    assert not still, "3-D canvases that did not rotate when dragged:\n" + "\n".join(still)
    # the pixels changed because the view turned: elevation/azimuth/roll differ in the kernel
    unturned = [f"{name} cell {d['cell']} axes {d['axes']}: view {d['view_before']} -> "
                f"{d['view_after']}" for name, d in dragged
                if d["view_after"] is None or d["view_after"] == d["view_before"]]
    assert not unturned, "3-D axes whose view angles did not change:\n" + "\n".join(unturned)


def test_explorer_sliders_retrain(browser_run, capsys):
    # Epochs and noise retrain (figure and metrics change); the scrubber only redraws.
    with_explorer = [r for r in browser_run.results.values() if r.explorer]
    assert with_explorer, (f"no notebook shows the explorer (.{CSS_CLASSES['explorer']})"
                           " after Run All; notebooks that failed: "
                           + (", ".join(r.name for r in browser_run.results.values()
                                        if r.error) or "none"))
    for result in with_explorer:
        explorer = result.explorer
        missing = [f".{name}" for key, name in CSS_CLASSES.items()
                   if not explorer["found"][key]]
        assert not missing, f"{result.name}: the explorer lacks {', '.join(missing)}"
        for move in explorer["moves"]:
            what = "figure and metrics" if move["retrains"] else "figure"
            with capsys.disabled():
                took = (f"{what} updated in {move['ms']:.0f} ms (kernel idle after "
                        f"{move['settled_ms']:.0f} ms)" if move["ms"] is not None
                        else move.get("problem", "no update"))
                print(f"\n  {result.name}: {move['slider']} {move.get('value_before')} -> "
                      f"{move.get('value_after')} ({'+'.join(move['keys'])}): {took}", end="")
            assert "problem" not in move, move.get("problem")
            assert move["value_after"] != move["value_before"], (
                f"the {move['slider']} slider did not move with {move['keys']}")
            assert move["figure_changed"], (
                f"the figure did not change within {SLIDER_TIMEOUT} s of moving "
                f"{move['slider']}")
            if move["retrains"]:
                assert move["text_changed"], (
                    f"the metrics text did not change after moving {move['slider']}: "
                    f"{move['text_before']!r}")
            # generous: it only catches a hang (the time is printed above)
            assert move["ms"] / 1000 < SLIDER_UPDATE_BOUND_S
        assert result.error is None, result.error


# --- the quick browser benchmark: here, so that it never runs beside the browser test above ---

BROWSER_SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "browser_latency.py"
QUICK_TABLE = BROWSER_SCRIPT.parents[1] / "build" / "browser_latency_quick.md"


def test_quick_browser_benchmark_measures_every_row(tmp_path):
    """browser_latency.py --quick: every explorer action, every 3-D drag, both Run Alls."""
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
    assert list(results["open_s"]) == list(results["run_all_s"])
    assert all(seconds > 0 for seconds in results["open_s"].values())
    assert list(results["explorer"]) == [name for name, *_ in browser_latency.ACTIONS]
    for name, row in results["explorer"].items():
        assert row["figure_ms"]["failed"] == 0 and row["figure_ms"]["median"] > 0, (name, row)
        if row["text_ms"] is not None:  # the actions that retrain change the metrics too
            assert row["text_ms"]["failed"] == 0 and row["text_ms"]["median"] > 0, (name, row)
    assert results["explorer"]["scrubber to start (Home key)"]["text_ms"] is None
    assert sorted(results["drag"]) == [f"{figure}, 3-D axes {k}" for figure in
                                       ("06 comparison", "07 explorer") for k in (0, 1)]
    for name, row in results["drag"].items():
        # the figure turned (how often while the mouse moved depends on the machine's load)
        assert row["redraws_until_settled"] >= 1 and row["redraws_per_s"] >= 0, (name, row)
    table = proc.stdout
    assert "| action (notebook 07 explorer) |" in table and "Load before:" in table
    # .ci/run prints this table after the tests (pytest keeps a passing test's output)
    QUICK_TABLE.parent.mkdir(exist_ok=True)
    QUICK_TABLE.write_text(table[table.index("Checkout:"):])
