"""Drive JupyterLab in Debian's Chromium (through playwright; no browser is downloaded).

``BrowserRun`` opens each notebook, waits for its kernel, runs all cells (the
``%matplotlib widget`` cell included, so figures become ipympl canvases), records the outputs,
measures how much of each figure is visible, drags every 3-D axes and moves the explorer's
sliders, and saves screenshots. It records what it saw (``report.NotebookResult``); the
assertions live in test_browser.py.

The page is what a new user sees: a 1280 x 800 window and JupyterLab's default layout (a
fresh workspace: file browser open on the left), with no layout changed, no CSS added and no
zoom. Playwright hides scrollbars in headless Chromium; we keep them, as a desktop browser
shows them and they take width from the notebook.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import json
import os
import time
from pathlib import Path

from nbhelpers.widgets import CSS_CLASSES

from .lab import ROOT, LabServer
from .report import NotebookResult, committed_figures, figure_lines, layout_line

SCREENSHOT_DIR = ROOT / "build" / "screenshots"
FIGURE_WIDTHS = "figure-widths.txt"  # in SCREENSHOT_DIR: the widest figure per notebook
CHROMIUM = Path(os.environ.get("NBH_CHROMIUM", "/usr/bin/chromium"))
REQUIRE_VARIABLE = "NBH_REQUIRE_BROWSER"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Playwright adds --hide-scrollbars in headless mode; a user's browser shows scrollbars.
IGNORE_DEFAULT_ARGS = ["--hide-scrollbars"]
VIEWPORT = {"width": 1280, "height": 800}
FILE_BROWSER = "filebrowser"  # the id of JupyterLab's file browser in the left side bar
# window.nbhTest, installed in the page; and the code that measures 3-D axes in the kernel.
JS_LIBRARY = Path(__file__).with_name("nbh_test.js")
KERNEL_PROBE = Path(__file__).with_name("kernel_probe.py")

# Timeouts (seconds). They only catch hangs; the measured times are printed.
LAB_LOAD_TIMEOUT = 60
KERNEL_READY_TIMEOUT = 60
RUN_ALL_TIMEOUT = 120
FIGURES_TIMEOUT = 30
DRAG_TIMEOUT = 20
SLIDER_TIMEOUT = 60
DRAG_MARGIN = 80  # pixels between the drag's start and the edge of the visible area


def figure_widths_text(run):
    """The layout, and per notebook its widest figure and the width available to it."""
    lines = [f"window {VIEWPORT['width']} x {VIEWPORT['height']}; at start: "
             + layout_line(run.startup_layout)]
    for result in run.results.values():
        lines += figure_lines(result)
    return "\n".join(lines)


def browser_unavailable_reason():
    """Why the browser test cannot run here, or None when it can."""
    if not CHROMIUM.exists():
        return (f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium; "
                f"set {REQUIRE_VARIABLE}=1 to make this a failure)")
    if importlib.util.find_spec("playwright") is None:
        return (f"Python package playwright is not installed (pip install playwright; "
                f"set {REQUIRE_VARIABLE}=1 to make this a failure)")
    return None


class BrowserRun:
    """One Chromium page on one JupyterLab, used for every notebook in turn."""

    def __init__(self, server: LabServer, page, screenshot_dir: Path = SCREENSHOT_DIR):
        self.server = server
        self.page = page
        self.screenshot_dir = screenshot_dir
        self.messages = []
        self.startup_console = []
        self.startup_layout = None  # as JupyterLab restored it
        self.results: dict[str, NotebookResult] = {}
        page.on("console", lambda msg: self.messages.append((msg.type, msg.text)))
        page.on("pageerror", lambda exc: self.messages.append(("pageerror", str(exc))))
        page.on("crash", lambda _: self.messages.append(("pageerror", "the page crashed")))

    def js(self, name, *args):
        args_js = ", ".join(f"a[{i}]" for i in range(len(args)))
        return self.page.evaluate(f"(a) => window.nbhTest.{name}({args_js})", list(args))

    def load_lab(self):
        start = len(self.messages)
        self.page.goto(f"{self.server.url}/lab?reset&token={self.server.token}",
                       wait_until="domcontentloaded")
        self.page.wait_for_function("() => window.jupyterapp !== undefined",
                                    timeout=LAB_LOAD_TIMEOUT * 1000)
        self.page.evaluate("() => window.jupyterapp.restored")
        self.page.evaluate(JS_LIBRARY.read_text(), CSS_CLASSES)
        self.startup_layout = self.js("layout")
        if self.startup_layout["leftWidget"] != FILE_BROWSER:
            # A fresh workspace shows the file browser (test_browser.py checks that it did);
            # should it not, open it, so that the figures are measured beside it.
            self.page.evaluate("(id) => window.jupyterapp.shell.activateById(id)", FILE_BROWSER)
        self.startup_console = self.messages[start:]

    def save_logs(self):
        """Write the browser console (per notebook) and the server log next to the screenshots."""
        self.screenshot_dir.mkdir(parents=True, exist_ok=True)
        lines = ["== JupyterLab start"] + [f"[{k}] {t}" for k, t in self.startup_console]
        for result in self.results.values():
            lines.append(f"== {result.name}")
            lines += [f"[{k}] {t}" for k, t in result.console]
        (self.screenshot_dir / "browser-console.log").write_text("\n".join(lines) + "\n")
        (self.screenshot_dir / FIGURE_WIDTHS).write_text(figure_widths_text(self) + "\n")
        (self.screenshot_dir / "jupyter-lab.log").write_text(self.server.log_tail(200_000))

    def screenshot(self, stem):
        """Save the whole notebook: grow the viewport to its height, then restore it."""
        heights = self.js("scrollHeight")
        extra = max(0, heights["scroll"] - heights["client"])
        height = min(VIEWPORT["height"] + extra, 16000)
        self.screenshot_dir.mkdir(parents=True, exist_ok=True)
        path = self.screenshot_dir / f"{stem}.png"
        self.page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
        try:
            self.js("scrollTop")
            self.page.wait_for_timeout(300)
            self.page.screenshot(path=str(path))
        finally:
            self.page.set_viewport_size(VIEWPORT)
        return path

    def run_notebook(self, path: Path, drag_3d=True):
        result = NotebookResult(path.name, expected_figures=committed_figures(path))
        self.results[path.name] = result
        start_messages = len(self.messages)
        try:
            t0 = time.perf_counter()
            result.kernel = self.js("open", path.name, KERNEL_READY_TIMEOUT * 1000)
            result.open_seconds = time.perf_counter() - t0
            t0 = time.perf_counter()
            self.js("runAll", RUN_ALL_TIMEOUT * 1000)
            result.run_all_seconds = time.perf_counter() - t0
            t0 = time.perf_counter()
            self.js("waitFigures", {str(k): v for k, v in result.expected_figures.items()},
                    FIGURES_TIMEOUT * 1000)
            result.figures_seconds = time.perf_counter() - t0
            result.cells = self.js("report")
            # measured at 1280 x 800, before screenshot() makes the window taller
            result.layout = self.js("layout")
            result.figures = self.js("measureFigures")
            result.screenshots.append(self.screenshot(path.stem))
            if drag_3d:
                self.drag_3d_canvases(result)
            if self.page.locator(f".{CSS_CLASSES['explorer']}").count():
                self.exercise_explorer(result)
        except Exception as exc:  # recorded; the tests turn it into a failure
            result.error = f"{type(exc).__name__}: {exc}"
            with contextlib.suppress(Exception):
                result.cells = result.cells or self.js("report")
            with contextlib.suppress(Exception):
                result.screenshots.append(self.screenshot(path.stem + "_error"))
        finally:
            with contextlib.suppress(Exception):
                self.js("close")
            result.console = self.messages[start_messages:]
        return result

    def three_d_axes(self, model_ids):
        """{model id: one list per ipympl canvas that widget shows, of its 3-D axes}.

        Asked from the kernel (kernel_probe.py); each axes is [left, bottom, width, height]
        in figure fractions followed by the view angles [elev, azim, roll].
        """
        expression = (f"__import__('runpy').run_path({str(KERNEL_PROBE)!r})"
                      f"['three_d_axes']({list(model_ids)!r})")
        value = self.js("userExpression", expression, 20000)
        return json.loads(ast.literal_eval(value))  # text/plain is the repr of a str

    def drag_3d_canvases(self, result):
        """Drag across every 3-D axes of every ipympl canvas; record whether the pixels changed.

        The canvases are those of the widgets shown in the cells' outputs, including canvases
        nested in other widgets (the explorer's figure).
        """
        widgets = self.js("widgetModelIds")
        if not widgets:
            return
        shown = self.three_d_axes(w["modelId"] for w in widgets)
        dragged = []  # (model id, canvas index, axes index, record)
        for widget in widgets:
            for figure, axes_list in enumerate(shown.get(widget["modelId"], [])):
                if not axes_list:
                    continue
                mark = f"3d-{len(dragged)}"
                marked = self.js("markFigure", widget["cell"], widget["output"], figure, mark)
                for k, axes in enumerate(axes_list):
                    record = {"cell": widget["cell"], "figure": figure, "axes": k,
                              "changed": False, "seconds": None, "view_before": axes[4:],
                              "view_after": None}
                    result.three_d.append(record)
                    dragged.append((widget["modelId"], figure, k, record))
                    if not marked:
                        record["problem"] = "no ipympl figure in that output"
                        continue
                    self.drag_axes(mark, axes[:4], record)
                    record["drag"] = (mark, axes[:4])
        if dragged:
            self._read_views(dragged)
            # A drag that did not turn its axes is tried once more, as a user would: on the
            # press ipympl 0.10 focuses its canvas without `preventScroll`, so a figure not
            # wholly in view can scroll under the mouse and the rest of the drag misses the
            # axes. A second miss is reported.
            missed = [(model_id, figure, k, record) for model_id, figure, k, record in dragged
                      if "drag" in record
                      and record.get("view_after") == record.get("view_before")]
            for *_, record in missed:
                record["tries"] = 2
                self.drag_axes(*record["drag"], record)
            if missed:
                self._read_views(missed)
            stem = Path(result.name).stem
            result.screenshots.append(self.screenshot(f"{stem}_after_drag"))

    def _read_views(self, dragged):
        """Each record's view angles now, read in the kernel."""
        after = self.three_d_axes({model_id for model_id, *_ in dragged})
        for model_id, figure, k, record in dragged:
            with contextlib.suppress(KeyError, IndexError):
                record["view_after"] = after[model_id][figure][k][4:]

    def drag_axes(self, mark, bounds, record):
        """Drag from the middle of one axes of the marked figure; wait for its pixels to change."""
        left, bottom, width, height = bounds
        canvas = self.page.locator(f'[data-nbh-test="{mark}"] '
                                   ".jupyter-matplotlib-canvas-div canvas").first
        canvas.scroll_into_view_if_needed()
        # start in the middle of this axes (figure fractions count from the bottom); a figure
        # too wide or tall for the window is scrolled, as a user would, to bring it into view
        fx, fy = left + width / 2, 1 - bottom - height / 2
        hidden = self.js("revealPoint", mark, fx, fy, DRAG_MARGIN, DRAG_TIMEOUT * 1000)
        if hidden:
            record["problem"] = f"the middle of the axes cannot be scrolled into view: {hidden}"
            return
        box = canvas.bounding_box()
        before = self.js("canvasSignature", mark)
        x = box["x"] + fx * box["width"]
        y = box["y"] + fy * box["height"]
        t0 = time.perf_counter()
        self.page.mouse.move(x, y)
        self.page.mouse.down()
        self.page.mouse.move(x + 0.12 * width * box["width"],
                             y + 0.05 * height * box["height"], steps=8)
        self.page.mouse.up()
        deadline = time.monotonic() + DRAG_TIMEOUT
        while time.monotonic() < deadline:
            if self.js("canvasSignature", mark) != before:
                record["changed"] = True
                record["seconds"] = time.perf_counter() - t0
                break
            self.page.wait_for_timeout(50)
        self.js("waitIdle", DRAG_TIMEOUT * 1000)

    def exercise_explorer(self, result):
        """Move the epochs and noise sliders, then the scrubber, with the keyboard.

        Each slider handle is focused and sent a key (PageUp: five steps up; Home: the
        minimum). The time from the key press until the figure (and, for a retrain, the
        metrics text) changed is recorded, and the time until the kernel was idle again.
        """
        found = {key: self.page.locator(f".{name}").count() for key, name in CSS_CLASSES.items()}
        explorer = {"found": found, "moves": []}
        result.explorer = explorer
        moves = (("epochs", ["PageUp"], True), ("noise", ["PageUp"], True),
                 ("scrubber", ["Home"], False))
        for slider, keys, retrains in moves:
            move = {"slider": slider, "keys": keys, "retrains": retrains, "ms": None,
                    "settled_ms": None}
            explorer["moves"].append(move)
            where = f".{CSS_CLASSES[slider]}"
            handle = self.page.locator(f"{where} .noUi-handle").first
            if not handle.count():
                move["problem"] = f"no slider handle inside {where}"
                continue
            handle.scroll_into_view_if_needed()
            before = self.js("explorerState")
            readout = self.page.locator(f"{where} .widget-readout").first
            move["value_before"] = readout.inner_text() if readout.count() else None
            handle.focus()
            t0 = time.perf_counter()
            for key in keys:
                handle.press(key)
            changed = self.js("waitExplorerChange", before, retrains, SLIDER_TIMEOUT * 1000)
            self.js("waitIdle", SLIDER_TIMEOUT * 1000)
            move["settled_ms"] = (time.perf_counter() - t0) * 1000
            move["ms"] = changed["ms"]
            move["value_after"] = readout.inner_text() if readout.count() else None
            move["text_changed"] = changed["text"] != before["text"]
            move["figure_changed"] = changed["figure"] != before["figure"]
            move["figure_found"] = before["figure"] is not None
            move["text_before"] = (before["text"] or "")[:300]
            move["text_after"] = (changed["text"] or "")[:300]
        stem = Path(result.name).stem
        result.screenshots.append(self.screenshot(f"{stem}_after_sliders"))


@contextlib.contextmanager
def lab_in_chromium(server, playwright, viewport=VIEWPORT):
    """JupyterLab of ``server`` loaded in a new headless Chromium page: yields a BrowserRun.

    The browser is closed when the block ends, also on an error.
    """
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                         args=CHROMIUM_ARGS,
                                         ignore_default_args=IGNORE_DEFAULT_ARGS)
    try:
        run = BrowserRun(server, browser.new_page(viewport=viewport))
        run.load_lab()
        yield run
    finally:
        browser.close()
