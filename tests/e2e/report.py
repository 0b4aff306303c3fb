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
