"""What the browser showed for one notebook, and everything wrong with it as readable lines."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

# Browser console messages of type "error" that are known to be harmless. Each entry is a
# substring and the reason it is allowed; whatever matches is printed, never hidden.
ALLOWED_CONSOLE_ERRORS: dict[str, str] = {}


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
    three_d: list = field(default_factory=list)  # one dict per 3-D axes dragged
    layout: dict | None = None  # nbhTest.layout() when the figures were measured
    figures: list = field(default_factory=list)  # nbhTest.measureFigures(): one per figure
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

    def figure_problems(self):
        """Figures wider than the width the layout gives them, as readable lines."""
        lines = []
        for f in self.figures:
            where = f"{self.name} cell {f['cell']}"
            if f["kind"] == "canvas" and too_wide(f):
                lines.append(f"{where}: canvas {f['width']} px wide, {f['available']} px "
                             f"available: {f['width'] - f['available']} px cut off by "
                             f"{f['clipper']}")
            elif too_wide(f):
                lines.append(f"{where}: image {f['width']} px wide, {f['available']} px "
                             "available: " + (f"cut off by {f['clipper']}" if f["clipped"]
                                              else f"scaled down to {f['shown']} px"))
            if f["scrollbars"]:
                lines.append(f"{where}: {f['kind']} {f['width']} px wide: horizontal scrollbar "
                             f"on {', '.join(f['scrollbars'])}")
        return lines


def too_wide(figure):
    """Whether a measured figure does not fit: part cut off, or (an image) scaled down."""
    return not figure["fits"] or figure["clipped"]


def figure_lines(result):
    """A line for one notebook: its widest figure and the width available; then the problems."""
    if not result.figures:
        return [f"{result.name}: no figures" + (f" (harness error: {result.error})"
                                                  if result.error else "")]
    widest = max(result.figures, key=lambda f: f["width"])
    least = min(f["available"] for f in result.figures)
    problems = result.figure_problems()
    misfits = sum(1 for f in result.figures if too_wide(f))
    return [f"{result.name}: widest {widest['kind']} {widest['width']} px (cell {widest['cell']}),"
            f" {widest['available']} px available (least available: {least} px); "
            f"{misfits} of {len(result.figures)} figures too wide"] + [f"  {p}" for p in problems]


def layout_line(layout):
    """The layout recorded by nbhTest.layout(), in one line."""
    if not layout:
        return "layout not recorded"
    left = (f"{layout['leftWidget']} open, {layout['leftWidth']} px" if not layout["leftCollapsed"]
            else "collapsed")
    line = (f"window {layout['window'][0]} x {layout['window'][1]}, zoom {layout['zoom']}, "
            f"device pixel ratio {layout['devicePixelRatio']}, {layout['mode']}, left side bar "
            f"{left}, right side bar {'collapsed' if layout['rightCollapsed'] else 'open'}")
    if layout["notebookWidth"] is not None:
        line += (f", notebook {layout['notebookWidth']} px wide without its scrollbar "
                 f"(windowing mode {layout['windowingMode']})")
    return line


def layout_problems(layout, viewport, file_browser):
    """How the layout differs from JupyterLab's default at the intended window size."""
    if not layout:
        return ["layout not recorded"]
    wanted = {"window": [viewport["width"], viewport["height"]], "zoom": 1,
              "devicePixelRatio": 1, "mode": "multiple-document", "leftCollapsed": False,
              "leftWidget": file_browser, "rightCollapsed": True}
    return [f"{key} is {layout[key]!r}, expected {value!r}"
            for key, value in wanted.items() if layout[key] != value]


def console_errors(messages):
    """Split console messages into (errors, allowed) using ALLOWED_CONSOLE_ERRORS."""
    errors, allowed = [], []
    for kind, text in messages:
        if kind not in ("error", "pageerror"):
            continue
        reason = next((why for key, why in ALLOWED_CONSOLE_ERRORS.items() if key in text), None)
        (allowed if reason else errors).append((kind, text, reason))
    return errors, allowed
