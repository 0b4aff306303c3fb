"""Drive the notebooks in JupyterLab with a real browser (used by tests/test_browser.py).

Widgets and ipympl figures only exist in a browser front end, so unit tests and nbval never
see them. This module starts ``jupyter lab`` on a temporary copy of ``notebooks/`` and drives
Debian's Chromium through Python ``playwright`` (no browser is downloaded): it opens each
notebook, waits for its kernel, runs all cells (the ``%matplotlib widget`` cell included, so
figures become ipympl canvases), checks the outputs, drags the 3-D figures and moves the
explorer's sliders. It records what it saw; the assertions live in tests/test_browser.py.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
SCREENSHOT_DIR = ROOT / "build" / "screenshots"
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
VIEWPORT = {"width": 1400, "height": 1000}

# Timeouts (seconds). They only catch hangs; the measured times are printed.
SERVER_START_TIMEOUT = 60
KERNEL_READY_TIMEOUT = 60
RUN_ALL_TIMEOUT = 120
FIGURES_TIMEOUT = 30
DRAG_TIMEOUT = 20
SLIDER_TIMEOUT = 60

# Browser console messages of type "error" that are known to be harmless. Each entry is a
# substring and the reason it is allowed; whatever matches is printed, never hidden.
ALLOWED_CONSOLE_ERRORS: dict[str, str] = {}

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
EXPLORER_CLASSES = {
    "container": "nbh-explorer",
    "epochs": "nbh-epochs",
    "noise": "nbh-noise",
    "metrics": "nbh-metrics",
    "figure": "nbh-figure",
    "scrubber": "nbh-scrubber",
}


def browser_unavailable_reason():
    """Why the browser test cannot run here, or None when it can."""
    if not CHROMIUM.exists():
        return (f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium; "
                f"set {REQUIRE_VARIABLE}=1 to make this a failure)")
    if importlib.util.find_spec("playwright") is None:
        return (f"Python package playwright is not installed (pip install playwright; "
                f"set {REQUIRE_VARIABLE}=1 to make this a failure)")
    return None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """``jupyter lab`` on 127.0.0.1 with a token, serving a temporary copy of the notebooks.

    Everything it writes (config, runtime files, workspaces, settings, the notebooks' copies)
    lives under ``workdir``. It is stopped by its own process id.
    """

    def __init__(self, workdir: Path, source: Path = NOTEBOOK_DIR):
        self.workdir = workdir
        self.root = workdir / "notebooks"
        shutil.copytree(source, self.root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "jupyter-lab.log"
        self.proc = None

    def _environment(self):
        dirs = {name: self.workdir / name for name in ("config", "runtime", "data", "ipython")}
        for path in dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        settings = dirs["config"] / "lab" / "user-settings"
        # No "get Jupyter news?" toast (and no news fetch): this machine has no network.
        notification = settings / "@jupyterlab" / "apputils-extension"
        notification.mkdir(parents=True, exist_ok=True)
        (notification / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        env = dict(os.environ)
        env.update(
            JUPYTER_CONFIG_DIR=str(dirs["config"]),
            JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
            JUPYTER_DATA_DIR=str(dirs["data"]),
            JUPYTERLAB_SETTINGS_DIR=str(settings),
            JUPYTERLAB_WORKSPACES_DIR=str(dirs["config"] / "lab" / "workspaces"),
            IPYTHONDIR=str(dirs["ipython"]),
            PYDEVD_DISABLE_FILE_VALIDATION="1",
        )
        env.pop("MPLBACKEND", None)
        return env

    def start(self):
        cmd = [
            sys.executable, "-m", "jupyter", "lab",
            "--ip=127.0.0.1", f"--port={self.port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.open_browser=False",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if hasattr(os, "getuid") and os.getuid() == 0:
            cmd.append("--allow-root")
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(cmd, env=self._environment(), stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.proc.returncode}:\n"
                                   + self.log_tail())
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}",
                                            timeout=2):
                    return self
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("jupyter lab did not answer within "
                                       f"{SERVER_START_TIMEOUT} s:\n" + self.log_tail()) from None
                time.sleep(0.2)

    def log_tail(self, chars=4000):
        with contextlib.suppress(OSError):
            return self.log_path.read_text()[-chars:]
        return ""

    def api(self, method, path):
        req = urllib.request.Request(f"{self.url}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def stop(self):
        """Shut down the kernels, then stop the server by its own process id."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                for kernel in self.api("GET", "/api/kernels"):
                    self.api("DELETE", f"/api/kernels/{kernel['id']}")
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        # The server ran in its own session (process group = its pid); a kernel it failed to
        # stop would still be in that group.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self._log.close()
        self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# JavaScript helpers, installed in the page as window.nbhTest once JupyterLab has started.
# They use the app instance JupyterLab exposes with --LabApp.expose_app_in_browser.
JS_LIBRARY = r"""
() => {
  const app = window.jupyterapp;
  const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
  async function until(predicate, timeoutMs, what) {
    const start = performance.now();
    for (;;) {
      const value = await predicate();
      if (value) return value;
      if (performance.now() - start > timeoutMs) {
        throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
      }
      await sleep(50);
    }
  }
  let panel = null;
  function kernel() { return panel && panel.sessionContext.session
                             && panel.sessionContext.session.kernel; }
  function kernelIdle() {
    const k = kernel();
    return !!k && k.connectionStatus === 'connected' && k.status === 'idle';
  }
  function codeCells() {
    return panel.content.widgets.map((cell, index) => ({cell, index}))
                .filter(({cell}) => cell.model.type === 'code');
  }
  function topOutputs(cell) {
    return Array.from(cell.outputArea.node.children)
                .filter(node => node.classList.contains('jp-OutputArea-child'));
  }
  function mainCanvas(figure) {
    return figure.querySelector('.jupyter-matplotlib-canvas-div canvas');
  }
  function canvasDrawn(canvas) {
    if (!canvas || !canvas.width || !canvas.height) return false;
    // read a copy, so the page's own canvas is not switched to slow CPU readback
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const context = copy.getContext('2d', {willReadFrequently: true});
    context.drawImage(canvas, 0, 0);
    const data = context.getImageData(0, 0, copy.width, copy.height).data;
    for (let i = 4; i < data.length; i += 4 * 13) {
      if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]
          || data[i + 3] !== data[3]) return true;
    }
    return false;
  }
  function imageDrawn(img) { return img.complete && img.naturalWidth > 0; }
  function signature(root) {
    // What a figure area shows: the pixels of its canvases and the sources of its images.
    const parts = [];
    root.querySelectorAll('canvas').forEach(c => parts.push(c.width ? c.toDataURL() : ''));
    root.querySelectorAll('img').forEach(i => parts.push(i.src));
    return parts.join('|');
  }
  function renderedFigures(cell) {
    const figures = Array.from(cell.outputArea.node.querySelectorAll('.jupyter-matplotlib'));
    const images = Array.from(cell.outputArea.node.querySelectorAll('.jp-OutputArea-output img'));
    // a canvas wider than its output area is cut off (the student has to scroll sideways)
    const clipped = [];
    const a = cell.outputArea.node.getBoundingClientRect();
    figures.forEach(f => {
      const canvas = mainCanvas(f);
      if (!canvas) return;
      const c = canvas.getBoundingClientRect();
      if (c.right > a.right + 1) clipped.push([Math.round(c.width), Math.round(a.right - c.left)]);
    });
    return {
      clipped,
      canvases: figures.length,
      drawn: figures.filter(f => canvasDrawn(mainCanvas(f))).length,
      images: images.length,
      imagesDrawn: images.filter(imageDrawn).length,
    };
  }
  const lib = {
    async open(path, timeoutMs) {
      panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
      app.shell.activateById(panel.id);
      await panel.context.ready;
      await panel.sessionContext.ready;
      await until(kernelIdle, timeoutMs, 'the kernel to be connected and idle');
      return kernel().name;
    },
    async runAll(timeoutMs) {
      app.shell.activateById(panel.id);
      let timer;
      const timeout = new Promise((_, reject) => { timer = setTimeout(
        () => reject(new Error(`Run All did not finish within ${timeoutMs / 1000} s`)),
        timeoutMs); });
      try {
        await Promise.race([app.commands.execute('notebook:run-all-cells'), timeout]);
      } finally { clearTimeout(timer); }
      await until(kernelIdle, timeoutMs, 'the kernel to be idle after Run All');
    },
    async waitFigures(expected, timeoutMs) {
      // expected: {cellIndex: number of figures the committed notebook shows there}.
      // Wait for those, and for every canvas and image already on the page, to be drawn.
      const pending = () => codeCells().filter(({cell, index}) => {
        const r = renderedFigures(cell);
        return r.drawn < r.canvases || r.imagesDrawn < r.images
               || r.drawn + r.imagesDrawn < (expected[String(index)] || 0);
      });
      try {
        await until(() => pending().length === 0, timeoutMs, 'the figures to be drawn');
      } catch (e) { /* reported by report() */ }
      // Let late images and widget views settle before the report.
      await sleep(300);
    },
    report() {
      return codeCells().map(({cell, index}) => {
        const outputs = topOutputs(cell);
        const stderr = Array.from(cell.outputArea.node.querySelectorAll(
          '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'));
        const widgetProblems = Array.from(cell.outputArea.node.querySelectorAll(
          '.jp-OutputArea-output')).map(n => n.textContent)
          .filter(t => /Error displaying widget|Loading widget\.\.\.|model not found/.test(t));
        return {
          index,
          source: cell.model.sharedModel.getSource().slice(0, 80),
          tags: (cell.model.sharedModel.getMetadata() || {}).tags || [],
          executionCount: cell.model.executionCount,
          stderr: stderr.map(n => n.textContent.slice(0, 2000)),
          widgetProblems,
          outputCount: outputs.length,
          modelOutputCount: cell.model.outputs.length,
          ...renderedFigures(cell),
        };
      });
    },
    widgetModelIds() {
      // model ids of the widget views shown in top-level outputs, per cell, in output order.
      const result = [];
      codeCells().forEach(({cell, index}) => {
        for (let i = 0; i < cell.model.outputs.length; i++) {
          const data = cell.model.outputs.get(i).data || {};
          const view = data['application/vnd.jupyter.widget-view+json'];
          if (view) result.push({cell: index, output: i, modelId: view.model_id});
        }
      });
      return result;
    },
    markFigure(cellIndex, outputIndex, mark) {
      // Tag the ipympl figure shown in one output so Python can find it with a locator.
      const node = topOutputs(panel.content.widgets[cellIndex])[outputIndex];
      const figure = node && node.querySelector('.jupyter-matplotlib');
      if (!figure) return false;
      figure.setAttribute('data-nbh-test', mark);
      return true;
    },
    async userExpression(expression, timeoutMs) {
      const future = kernel().requestExecute({code: '', silent: true, store_history: false,
                                              user_expressions: {value: expression}});
      let timer;
      const timeout = new Promise((_, reject) => { timer = setTimeout(
        () => reject(new Error('kernel did not answer a user expression')), timeoutMs); });
      try {
        const reply = await Promise.race([future.done, timeout]);
        const value = reply.content.user_expressions.value;
        if (value.status !== 'ok') throw new Error(`${value.ename}: ${value.evalue}`);
        return value.data['text/plain'];
      } finally { clearTimeout(timer); }
    },
    signatureOf(selector) {
      const node = document.querySelector(selector);
      return node ? signature(node) : null;
    },
    canvasSignature(mark) {
      const figure = document.querySelector(`[data-nbh-test="${mark}"]`);
      return figure ? mainCanvas(figure).toDataURL() : null;
    },
    async waitChange(selectors, before, needText, timeoutMs) {
      // Wait until the pixels of `selectors.figure` (and, if needText, the text of
      // `selectors.text`) differ from `before`; return the milliseconds it took.
      const start = performance.now();
      const current = () => ({
        text: (document.querySelector(selectors.text) || {}).textContent,
        figure: lib.signatureOf(selectors.figure),
      });
      try {
        await until(() => { const c = current();
                            return (c.text !== before.text || !needText)
                                   && c.figure !== before.figure; },
                    timeoutMs, 'the explorer to update');
      } catch (e) { return {ms: null, ...current()}; }
      return {ms: performance.now() - start, ...current()};
    },
    state(selectors) {
      return {text: (document.querySelector(selectors.text) || {}).textContent,
              figure: lib.signatureOf(selectors.figure)};
    },
    kernelIdle,
    async waitIdle(timeoutMs) { await until(kernelIdle, timeoutMs, 'the kernel to be idle'); },
    scrollHeight() {
      const outer = panel.content.node.querySelector('.jp-WindowedPanel-outer')
                    || panel.content.node;
      return {scroll: outer.scrollHeight, client: outer.clientHeight};
    },
    scrollTop() {
      const outer = panel.content.node.querySelector('.jp-WindowedPanel-outer')
                    || panel.content.node;
      outer.scrollTop = 0;
    },
    async close() {
      if (!panel) return;
      const p = panel;
      panel = null;
      try { await p.sessionContext.shutdown(); } catch (e) { /* the kernel may be gone */ }
      p.context.model.dirty = false;
      p.dispose();
    },
  };
  window.nbhTest = lib;
  app.shell.collapseLeft();
  return true;
}
"""

# For each ipympl canvas alive in the kernel: the 3-D axes it shows, as
# [left, bottom, width, height] in figure fractions followed by the view angles
# [elev, azim, roll]. Evaluated in the notebook's kernel.
THREE_D_EXPRESSION = (
    "__import__('json').dumps({m.canvas.model_id: [list(a.get_position().bounds) + "
    "[a.elev, a.azim, a.roll] for a in m.canvas.figure.axes if a.name == '3d'] for m in "
    "__import__('matplotlib._pylab_helpers', fromlist=['Gcf']).Gcf.get_all_fig_managers() "
    "if hasattr(m.canvas, 'model_id')})"
)


def committed_figures(path: Path):
    """{cell index: number of figures} the committed notebook shows (its image outputs)."""
    nb = json.loads(path.read_text())
    expected = {}
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        n = sum(1 for out in cell.get("outputs", []) if "image/png" in out.get("data", {}))
        if n:
            expected[index] = n
    return expected


@dataclass
class NotebookResult:
    name: str
    kernel: str | None = None
    open_seconds: float | None = None
    run_all_seconds: float | None = None
    figures_seconds: float | None = None
    cells: list = field(default_factory=list)
    expected_figures: dict = field(default_factory=dict)
    console: list = field(default_factory=list)
    screenshots: list = field(default_factory=list)
    three_d: list = field(default_factory=list)  # one dict per 3-D canvas dragged
    explorer: dict | None = None
    error: str | None = None

    def problems(self):
        """Everything wrong with the notebook in the browser, as readable lines."""
        lines = []
        if self.error:
            lines.append(f"harness error: {self.error}")
        for cell in self.cells:
            where = f"cell {cell['index']} ({cell['source']!r})"
            if cell["executionCount"] is None:
                lines.append(f"{where} was not executed by Run All")
            if "exercise" in cell.get("tags", []):
                # An unfinished exercise stub must raise NotImplementedError, and only that;
                # its raises-exception tag lets Run All go on (later cells are checked too).
                if not any("NotImplementedError" in text for text in cell["stderr"]):
                    lines.append(f"{where} is an exercise stub but did not raise "
                                 "NotImplementedError")
                lines += [f"{where} shows an unexpected error:\n{text}"
                          for text in cell["stderr"] if "NotImplementedError" not in text]
            else:
                lines += [f"{where} shows stderr/error output:\n{text}"
                          for text in cell["stderr"]]
            lines += [f"{where} shows a widget problem: {t[:200]!r}"
                      for t in cell["widgetProblems"]]
            if cell["canvases"] > cell["drawn"]:
                lines.append(f"{where}: {cell['canvases'] - cell['drawn']} of "
                             f"{cell['canvases']} ipympl canvases were never drawn")
            if cell["images"] > cell["imagesDrawn"]:
                lines.append(f"{where}: an image output did not load")
            want = self.expected_figures.get(cell["index"], 0)
            got = cell["drawn"] + cell["imagesDrawn"]
            if got < want:
                lines.append(f"{where}: the committed notebook shows {want} figure(s), "
                             f"the browser rendered {got}")
        return lines


def console_errors(messages):
    """Split console messages into (errors, allowed) using ALLOWED_CONSOLE_ERRORS."""
    errors, allowed = [], []
    for kind, text in messages:
        if kind not in ("error", "pageerror"):
            continue
        reason = next((why for key, why in ALLOWED_CONSOLE_ERRORS.items() if key in text), None)
        (allowed if reason else errors).append((kind, text, reason))
    return errors, allowed


class BrowserRun:
    """One Chromium page on one JupyterLab, used for every notebook in turn."""

    def __init__(self, server: LabServer, page, screenshot_dir: Path = SCREENSHOT_DIR):
        self.server = server
        self.page = page
        self.screenshot_dir = screenshot_dir
        self.messages = []
        self.startup_console = []
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
                                    timeout=SERVER_START_TIMEOUT * 1000)
        self.page.evaluate("() => window.jupyterapp.restored")
        self.page.evaluate(JS_LIBRARY)
        self.startup_console = self.messages[start:]

    def save_logs(self):
        """Write the browser console (per notebook) and the server log next to the screenshots."""
        self.screenshot_dir.mkdir(parents=True, exist_ok=True)
        lines = ["== JupyterLab start"] + [f"[{k}] {t}" for k, t in self.startup_console]
        for result in self.results.values():
            lines.append(f"== {result.name}")
            lines += [f"[{k}] {t}" for k, t in result.console]
        (self.screenshot_dir / "browser-console.log").write_text("\n".join(lines) + "\n")
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
            result.screenshots.append(self.screenshot(path.stem))
            if drag_3d:
                self.drag_3d_canvases(result)
            if self.page.locator(f".{EXPLORER_CLASSES['container']}").count():
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

    def three_d_axes(self):
        value = self.js("userExpression", THREE_D_EXPRESSION, 20000)
        return json.loads(ast.literal_eval(value))  # text/plain is the repr of a str

    def drag_3d_canvases(self, result):
        """Drag across every 3-D axes of every ipympl canvas; record whether the pixels changed."""
        widgets = self.js("widgetModelIds")
        if not widgets:
            return
        three_d = self.three_d_axes()
        shown = [w for w in widgets if three_d.get(w["modelId"])]
        records = []
        for n, widget in enumerate(shown):
            mark = f"3d-{n}"
            marked = self.js("markFigure", widget["cell"], widget["output"], mark)
            canvas = self.page.locator(f'[data-nbh-test="{mark}"] '
                                       ".jupyter-matplotlib-canvas-div canvas").first
            for k, axes in enumerate(three_d[widget["modelId"]]):
                left, bottom, width, height = axes[:4]
                record = {"cell": widget["cell"], "axes": k, "changed": False, "seconds": None,
                          "view_before": axes[4:], "view_after": None}
                result.three_d.append(record)
                records.append((widget["modelId"], k, record))
                if not marked:
                    record["problem"] = "no ipympl figure in that output"
                    continue
                canvas.scroll_into_view_if_needed()
                box = canvas.bounding_box()
                before = self.js("canvasSignature", mark)
                # start in the middle of this axes (figure fractions count from the bottom)
                x = box["x"] + (left + width / 2) * box["width"]
                y = box["y"] + (1 - bottom - height / 2) * box["height"]
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
        if shown:
            after = self.three_d_axes()
            for model_id, k, record in records:
                with contextlib.suppress(KeyError, IndexError):
                    record["view_after"] = after[model_id][k][4:]
            stem = Path(result.name).stem
            result.screenshots.append(self.screenshot(f"{stem}_after_drag"))

    def exercise_explorer(self, result):
        """Move the epochs and noise sliders, then the scrubber, with the keyboard.

        Each slider handle is focused and sent a key (PageUp: five steps up; Home: the
        minimum). The time from the key press until the figure (and, for a retrain, the
        metrics text) changed is recorded, and the time until the kernel was idle again.
        """
        cls = EXPLORER_CLASSES
        found = {key: self.page.locator(f".{name}").count() for key, name in cls.items()}
        explorer = {"found": found, "moves": []}
        result.explorer = explorer
        selectors = {"text": f".{cls['metrics']}", "figure": f".{cls['figure']}"}
        moves = (("epochs", ["PageUp"], True), ("noise", ["PageUp"], True),
                 ("scrubber", ["Home"], False))
        for slider, keys, retrains in moves:
            move = {"slider": slider, "keys": keys, "retrains": retrains, "ms": None,
                    "settled_ms": None}
            explorer["moves"].append(move)
            handle = self.page.locator(f".{cls[slider]} .noUi-handle").first
            if not handle.count():
                move["problem"] = f"no slider handle inside .{cls[slider]}"
                continue
            handle.scroll_into_view_if_needed()
            before = self.js("state", selectors)
            readout = self.page.locator(f".{cls[slider]} .widget-readout").first
            move["value_before"] = readout.inner_text() if readout.count() else None
            handle.focus()
            t0 = time.perf_counter()
            for key in keys:
                handle.press(key)
            changed = self.js("waitChange", selectors, before, retrains,
                              SLIDER_TIMEOUT * 1000)
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
