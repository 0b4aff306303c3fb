"""How fast the notebooks feel in a browser: control -> pixels, 3-D drag frame rate, first run.

Drives JupyterLab 4 in Debian's Chromium (through playwright, as tests/e2e does) at
1400 x 900 and measures, as a student would feel them:

- notebook 07's explorer: from the key press, mouse release or menu choice on a control to
  (a) the metrics text changing and (b) the figure's canvas pixels showing the new figure,
  for each action of issue 13's table (several tries each: median and worst);
- 3-D drags: redraws per second while the mouse keeps moving across a 3-D axes, on notebook
  06's comparison figure and on the explorer's 3-D panels;
- the first Run All of each notebook, each in a new kernel (numba's on-disk cache as the
  install step left it; whether that cache existed is printed), and beside it how long the
  new kernel took to be ready after the notebook was opened (the install step's kernelspec
  does the lessons' imports there, ``nbhelpers.warmup.warm_kernel``).

Times are read in the page (``performance.now()``): a capture listener notes the control
event, a hook on ``CanvasRenderingContext2D.drawImage`` notes when ipympl copies a new image
to the figure's canvas (with a hash of its pixels), and a MutationObserver notes the metrics
text. "figure" is the first copy after the action that shows the final pixels.

Usage::

    python benchmarks/browser_latency.py                # full: all notebooks, 5 tries
    python benchmarks/browser_latency.py --quick        # CI: notebooks 06-07, 1 try
    python benchmarks/browser_latency.py --repo /path/to/checkout --json out.json

``--repo`` measures another checkout's notebooks and ``nbhelpers`` (the kernels get it on
PYTHONPATH) with this script's browser harness. The machine's load (``uptime``) is printed
beside the table; timings on a busy machine are slower and noisier.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "tests"))
sys.path.insert(0, str(HERE))

VIEWPORT = {"width": 1400, "height": 900}
EXPLORER_NOTEBOOK = "07_explore_epochs_and_noise.ipynb"
COMPARISON_NOTEBOOK = "06_3d_comparison_plots.ipynb"
#: The explorer's settings in the tutorial (what explorer(epochs=100, noise=0.8) starts with).
TUTORIAL = {"epochs": 100, "noise": 0.8, "lr": 0.01, "n_neurons": 5, "seed": 0,
            "normalize": "norm", "rule": "cwta"}
#: (row name, settings before the action, control, how it is moved, whether it retrains)
ACTIONS = [
    ("epochs 100 -> 2000 (End key)", {}, "epochs", ("key", "End"), True),
    ("noise 0.8 -> 2.5 (End key)", {}, "noise", ("key", "End"), True),
    ("noise 2.5 -> 0.1 (Home key)", {"noise": 2.5}, "noise", ("key", "Home"), True),
    ("epochs 100 -> 1 (Home key)", {}, "epochs", ("key", "Home"), True),
    ("mouse drag of epochs (100 -> 500)", {}, "epochs", ("drag", 0.2), True),
    ("scrubber to start (Home key)", {}, "scrubber", ("key", "Home"), False),
    ("back from diverged (z-score, lr 1) to 'norm'", {"lr": 1.0, "normalize": "zscore"},
     "normalize", ("select", "norm"), True),
]
#: Seconds: generous bounds that only catch a hang.
SETTLE_TIMEOUT = 60
NO_DRAW_TIMEOUT = 15  # an action whose figure has not changed by then counts as failed
QUIET_MS = 1000  # no new figure image and an idle kernel for this long: the update is over

# Page-side instruments, installed once per page (see the module docstring).
INSTRUMENTS = r"""
() => {
  if (window.nbhBench) return true;
  const hash = (canvas) => {
    const ctx = canvas.getContext('2d');
    const data = new Uint32Array(ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
    let h = 2166136261;
    for (let i = 0; i < data.length; i += 3) { h = Math.imul(h ^ data[i], 16777619); }
    return h >>> 0;
  };
  const bench = {draws: [], texts: [], t0: null, armed: false, observer: null};
  const original = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const result = original.apply(this, args);
    const canvas = this.canvas;
    if (canvas && canvas.isConnected && canvas.closest && canvas.closest('[data-nbh-bench]')
        && !canvas.classList.contains('jupyter-matplotlib-top-canvas')) {
      const t = performance.now();
      const mark = canvas.closest('[data-nbh-bench]').getAttribute('data-nbh-bench');
      bench.draws.push({t, mark, hash: hash(canvas)});
    }
    return result;
  };
  const arm = () => {
    if (bench.armed) { bench.t0 = performance.now(); bench.armed = false; }
  };
  document.addEventListener('keydown', arm, true);
  document.addEventListener('pointerup', arm, true);
  document.addEventListener('change', arm, true);
  bench.hash = hash;
  bench.observeText = (selector) => {
    if (bench.observer) bench.observer.disconnect();
    const node = document.querySelector(selector);
    if (!node) return false;
    bench.observer = new MutationObserver(() => bench.texts.push(
      {t: performance.now(), text: node.textContent}));
    bench.observer.observe(node, {subtree: true, childList: true, characterData: true});
    return true;
  };
  bench.start = () => { bench.draws = []; bench.texts = []; bench.t0 = null; bench.armed = true;
                        return performance.now(); };
  bench.now = () => performance.now();
  bench.hashOf = (mark) => {
    const c = document.querySelector(
      `[data-nbh-bench="${mark}"] .jupyter-matplotlib-canvas-div canvas`);
    return c ? hash(c) : null;
  };
  window.nbhBench = bench;
  return true;
}
"""


def load():
    """The machine's load: `uptime` and the number of CPUs."""
    text = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    return f"{text} ({os.cpu_count()} CPUs)"


def summary(values):
    """{'median', 'worst', 'tries'} of a list of numbers (None entries are failures)."""
    ok = [v for v in values if v is not None]
    return {"median": statistics.median(ok) if ok else None,
            "worst": max(ok) if ok else None, "tries": values,
            "failed": len(values) - len(ok)}


class Bench:
    """One Chromium page on one JupyterLab serving a checkout's notebooks."""

    def __init__(self, run, quick, tries, log):
        self.run = run
        self.page = run.page
        self.quick = quick
        self.tries = tries
        self.log = log

    def bench(self, expression, *args):
        return self.page.evaluate(f"(a) => window.nbhBench.{expression}", list(args))

    def kernel(self, code):
        """Run statements in the notebook's kernel (silently); returns nothing."""
        expression = f"exec({code!r}, globals())"
        self.run.js("userExpression", expression, SETTLE_TIMEOUT * 1000)

    def wait_quiet(self, since_ms, need_draw=None, timeout=SETTLE_TIMEOUT):
        """Wait until the kernel is idle and no figure image arrived for QUIET_MS.

        ipympl draws after the kernel has gone idle (``draw_idle``), so with ``need_draw``
        (a figure mark) it also waits for one image of that figure after ``since_ms``.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.run.js("waitIdle", SETTLE_TIMEOUT * 1000)
            state = self.page.evaluate(
                "() => ({now: performance.now(), draws: window.nbhBench.draws})")
            times = [d["t"] for d in state["draws"]
                     if d["t"] >= since_ms and (need_draw is None or d["mark"] == need_draw)]
            if (need_draw is None or times) and state["now"] - max([since_ms] + times) >= QUIET_MS:
                return
            self.page.wait_for_timeout(100)

    def open_and_run(self, name):
        """Open a notebook (new kernel), Run All, wait for the figures.

        Returns the seconds from opening to an idle kernel, and of Run All.
        """
        path = self.run.server.root / name
        t0 = time.perf_counter()
        self.run.js("open", path.name, 60_000)
        opened = time.perf_counter() - t0
        t0 = time.perf_counter()
        self.run.js("runAll", 300_000)
        seconds = time.perf_counter() - t0
        from e2e.report import committed_figures

        expected = {str(k): v for k, v in committed_figures(path).items()}
        self.run.js("waitFigures", expected, 60_000)
        self.page.evaluate(INSTRUMENTS)
        return opened, seconds

    def set_explorer(self, settings):
        """Set the explorer's controls from the kernel (not timed) and wait until it settles.

        The tutorial's settings first, then ``settings`` (normalization before lr: a diverged
        setting is then reached from a trained figure other than the one coming back shows).
        """
        order = ["normalize", "lr", "epochs", "noise", "n_neurons", "seed", "rule"]
        code = (
            "import gc as _gc\n"
            "_ex = [o for o in _gc.get_objects() if type(o).__name__ == 'Explorer'][-1]\n"
            f"for _values in [{TUTORIAL!r}, {dict(TUTORIAL, **settings)!r}]:\n"
            f"    for _name in {order!r}:\n"
            "        if _ex.controls[_name].value != _values[_name]:\n"
            "            _ex.controls[_name].value = _values[_name]\n"
            "_ex.scrubber.value = _ex.scrubber.max\n"  # the last epoch, as after a retrain
        )
        start = self.bench("now()")
        self.kernel(code)
        self.wait_quiet(start)

    def act(self, control, how):
        from nbhelpers.widgets import CSS_CLASSES

        where = f".{CSS_CLASSES[control]}"
        kind, value = how
        if kind == "key":
            handle = self.page.locator(f"{where} .noUi-handle").first
            handle.scroll_into_view_if_needed()
            handle.focus()
            self.bench("start()")
            handle.press(value)
        elif kind == "drag":
            track = self.page.locator(f"{where} .noUi-target").first
            handle = self.page.locator(f"{where} .noUi-handle").first
            handle.scroll_into_view_if_needed()
            tbox, hbox = track.bounding_box(), handle.bounding_box()
            x, y = hbox["x"] + hbox["width"] / 2, hbox["y"] + hbox["height"] / 2
            self.page.mouse.move(x, y)
            self.page.mouse.down()
            self.page.mouse.move(x + value * tbox["width"], y, steps=6)
            self.bench("start()")
            self.page.mouse.up()
        elif kind == "select":
            select = self.page.locator(f"{where} select").first
            select.scroll_into_view_if_needed()
            self.bench("start()")
            labels = select.locator("option").all_inner_texts()
            index = next(i for i, label in enumerate(labels) if label.startswith(f"{value}:"))
            select.select_option(index=index)
        else:
            raise ValueError(kind)

    def measure_action(self, settings, control, how, retrains):
        from nbhelpers.widgets import CSS_CLASSES

        self.set_explorer(settings)
        before_hash = self.bench("hashOf('explorer')")
        before_text = self.page.evaluate(
            f"() => document.querySelector('.{CSS_CLASSES['metrics']}').textContent")
        start = self.bench("now()")
        self.act(control, how)
        self.wait_quiet(start, need_draw="explorer", timeout=NO_DRAW_TIMEOUT)
        state = self.page.evaluate(
            "() => ({t0: window.nbhBench.t0, draws: window.nbhBench.draws,"
            " texts: window.nbhBench.texts})")
        t0 = state["t0"]
        text_ms = figure_ms = None
        if t0 is not None:
            final_text = state["texts"][-1]["text"] if state["texts"] else before_text
            if retrains and final_text != before_text:
                text_ms = next(x["t"] for x in state["texts"] if x["text"] == final_text) - t0
            draws = [d for d in state["draws"] if d["mark"] == "explorer" and d["t"] >= t0]
            final = draws[-1]["hash"] if draws else before_hash  # what the canvas shows now
            if final != before_hash:
                figure_ms = next(d["t"] for d in draws if d["hash"] == final) - t0
        return text_ms, figure_ms

    def explorer_rows(self):
        from nbhelpers.widgets import CSS_CLASSES

        # the mark goes on the explorer's figure area, so that a canvas the explorer makes
        # anew (as it did after a diverged run before issue 13) is measured too
        marked = self.page.evaluate(
            f"() => {{ const f = document.querySelector('.{CSS_CLASSES['figure']}'); "
            f"if (!f || !f.querySelector('.jupyter-matplotlib')) return false; "
            f"f.setAttribute('data-nbh-bench', 'explorer'); return true; }}")
        if not marked:
            raise RuntimeError("the explorer's ipympl figure was not found in notebook 07")
        self.bench(f"observeText('.{CSS_CLASSES['metrics']}')")
        rows = {}
        for name, settings, control, how, retrains in ACTIONS:
            texts, figures = [], []
            for _ in range(self.tries):
                text_ms, figure_ms = self.measure_action(settings, control, how, retrains)
                texts.append(text_ms)
                figures.append(figure_ms)
            rows[name] = {"text_ms": summary(texts) if retrains else None,
                          "figure_ms": summary(figures)}
            self.log(f"  {name}: text {fmt(rows[name]['text_ms'])}, "
                     f"figure {fmt(rows[name]['figure_ms'])}")
        self.set_explorer({})
        return rows

    def three_d_bounds(self, model_id):
        return self.run.three_d_axes([model_id]).get(model_id, [])

    def drag_rate(self, mark, bounds, seconds):
        """Keep dragging across one 3-D axes for `seconds`: redraws per second, ms per redraw."""
        left, bottom, width, height = bounds
        canvas = self.page.locator(
            f'[data-nbh-bench="{mark}"] .jupyter-matplotlib-canvas-div canvas').first
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        x = box["x"] + (left + width / 2) * box["width"]
        y = box["y"] + (1 - bottom - height / 2) * box["height"]
        self.page.mouse.move(x, y)
        self.page.mouse.down()
        start = self.bench("start()")
        t_end = time.monotonic() + seconds
        k = 0
        while time.monotonic() < t_end:  # a mouse move every ~20 ms, back and forth
            k += 1
            dx = 60 * ((k % 40) / 20 if k % 40 < 20 else 2 - (k % 40) / 20)
            self.page.mouse.move(x + dx, y + dx / 4)
            self.page.wait_for_timeout(20)
        end = self.bench("now()")
        self.page.mouse.up()
        self.wait_quiet(end)
        draws = [d["t"] for d in self.page.evaluate("() => window.nbhBench.draws")
                 if d["mark"] == mark]
        during = [t for t in draws if start <= t <= end]
        gaps = [b - a for a, b in zip(during, during[1:], strict=False)]
        return {"redraws_per_s": len(during) / ((end - start) / 1000),
                "redraws_until_settled": len([t for t in draws if t >= start]),
                "ms_per_redraw_median": statistics.median(gaps) if gaps else None,
                "ms_per_redraw_worst": max(gaps) if gaps else None,
                "redraws": len(during), "seconds": (end - start) / 1000}

    def drag_rows(self, label, mark_selector_js, model_id, seconds):
        marked = self.page.evaluate(
            f"() => {{ const f = {mark_selector_js}; if (!f) return false; "
            f"f.setAttribute('data-nbh-bench', 'drag'); return true; }}")
        if not marked:
            raise RuntimeError(f"{label}: figure not found")
        rows = {}
        for k, axes in enumerate(self.three_d_bounds(model_id)[0]):
            rows[f"{label}, 3-D axes {k}"] = row = self.drag_rate("drag", axes[:4], seconds)
            self.log(f"  drag {label} axes {k}: {row['redraws_per_s']:.1f} redraws/s, "
                     f"median {row['ms_per_redraw_median'] or 0:.0f} ms apart")
        self.page.evaluate("() => document.querySelector('[data-nbh-bench=\"drag\"]')"
                           ".removeAttribute('data-nbh-bench')")
        return rows


def fmt(s):
    if s is None:
        return "-"
    if s["median"] is None:
        return "failed"
    text = f"{s['median']:.0f} ms (worst {s['worst']:.0f})"
    return text + (f", {s['failed']} failed" if s["failed"] else "")


def numba_cache_files(repo):
    return sorted(p.name for p in (repo / "nbhelpers" / "__pycache__").glob("_kernels*.nb[ic]"))


def measure(repo, quick, tries, drag_seconds, log):
    from e2e.browser import lab_in_chromium
    from e2e.lab import LabServer
    from playwright.sync_api import sync_playwright

    notebooks = sorted(p.name for p in (repo / "notebooks").glob("*.ipynb"))
    if quick:
        notebooks = [n for n in notebooks if n in (COMPARISON_NOTEBOOK, EXPLORER_NOTEBOOK)]
    results = {"repo": str(repo), "quick": quick, "tries": tries, "load_before": load(),
               "numba_cache_at_start": numba_cache_files(repo), "viewport": VIEWPORT,
               "python": platform.python_version(), "open_s": {}, "run_all_s": {},
               "explorer": {},
               "drag": {}}
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(repo), str(HERE / "tests")] + [p for p in [os.environ.get("PYTHONPATH")] if p])
    with tempfile.TemporaryDirectory(prefix="nbh-latency-") as tmp:
        with LabServer(Path(tmp), source=repo / "notebooks") as server, \
                sync_playwright() as pw:
            with lab_in_chromium(server, pw, viewport=VIEWPORT) as run:
                page = run.page
                page.evaluate(INSTRUMENTS)
                bench = Bench(run, quick, tries, log)
                for name in notebooks:
                    opened, seconds = bench.open_and_run(name)
                    results["open_s"][name] = opened
                    results["run_all_s"][name] = seconds
                    log(f"{name}: kernel ready {opened:.1f} s after opening, "
                        f"first Run All {seconds:.1f} s")
                    widgets = run.js("widgetModelIds")
                    if name == COMPARISON_NOTEBOOK:
                        # the comparison figure: the first ipympl figure of the notebook
                        first = widgets[0]["modelId"]
                        results["drag"].update(bench.drag_rows(
                            "06 comparison",
                            "document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) "
                            ".jupyter-matplotlib')", first, drag_seconds))
                    if name == EXPLORER_NOTEBOOK:
                        results["explorer"] = bench.explorer_rows()
                        explorer_id = next(w["modelId"] for w in widgets
                                           if bench.three_d_bounds(w["modelId"]))
                        results["drag"].update(bench.drag_rows(
                            "07 explorer",
                            "document.querySelector('.nbh-figure .jupyter-matplotlib')",
                            explorer_id, drag_seconds))
                    run.js("close")
    results["load_after"] = load()
    return results


def table(results):
    lines = [f"Checkout: {results['repo']}; {'quick' if results['quick'] else 'full'} run, "
             f"{results['tries']} tries per action; Chromium at "
             f"{results['viewport']['width']} x {results['viewport']['height']}",
             f"Load before: {results['load_before']}",
             f"Load after:  {results['load_after']}", "",
             "| action (notebook 07 explorer) | metrics text changed | figure changed |",
             "|---|---|---|"]
    for name, row in results["explorer"].items():
        lines.append(f"| {name} | {fmt(row['text_ms'])} | {fmt(row['figure_ms'])} |")
    lines += ["", "| 3-D drag | redraws per second | ms between redraws (median, worst) |",
              "|---|---|---|"]
    for name, row in results["drag"].items():
        gaps = ("-" if row["ms_per_redraw_median"] is None else
                f"{row['ms_per_redraw_median']:.0f}, {row['ms_per_redraw_worst']:.0f}")
        lines.append(f"| {name} | {row['redraws_per_s']:.1f} | {gaps} |")
    cache = results["numba_cache_at_start"]
    lines += ["", f"| notebook | kernel ready, after opening | first Run All, new kernel "
                  f"(numba cache at start: {len(cache)} files) |", "|---|---|---|"]
    for name, seconds in results["run_all_s"].items():
        lines.append(f"| {name} | {results['open_s'][name]:.1f} s | {seconds:.1f} s |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="notebooks 06 and 07 only, 1 try, short drags (for CI)")
    parser.add_argument("--tries", type=int, help="tries per explorer action (default 5; 1 "
                                                  "with --quick)")
    parser.add_argument("--repo", type=Path, default=HERE,
                        help="checkout whose notebooks and nbhelpers are measured "
                             "(default: this one)")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    if not (repo / "notebooks" / EXPLORER_NOTEBOOK).exists():
        parser.error(f"--repo {repo} has no notebooks/{EXPLORER_NOTEBOOK}")
    tries = args.tries or (1 if args.quick else 5)
    if tries < 1:
        parser.error("--tries must be at least 1")
    from e2e.browser import browser_unavailable_reason

    reason = browser_unavailable_reason()
    if reason:
        sys.exit(f"cannot run the browser benchmark: {reason}")
    results = measure(repo, args.quick, tries, 2.0 if args.quick else 3.0,
                      lambda line: print(line, flush=True))
    print()
    print(table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
