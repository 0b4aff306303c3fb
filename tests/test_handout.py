"""The HTML handout made by tools/make_html.py: one page per notebook in series order, every
figure embedded, readable with no network and no scripts."""

import base64
import html
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
# what HTMLExporter shows instead of a PNG when an output has both
PREFERRED_OVER_PNG = ("text/html", "image/svg+xml")
MATH = re.compile(r"\$\$(.+?)\$\$|(?<![$\\])\$([^$\n]+?)\$", re.DOTALL)


def _load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_html = _load_tool("make_html")


def _build(src, out):
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "make_html.py"), str(src),
                           str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    return _build(NOTEBOOK_DIR, tmp_path_factory.mktemp("html"))


def _page(handout, path):
    page = handout / f"{path.stem}.html"
    assert page.is_file(), f"no page for {path.name}"
    return page.read_text(encoding="utf-8")


def _pngs(nb):
    return ["".join(out.data["image/png"].split())
            for cell in nb.cells if cell.cell_type == "code"
            for out in cell.outputs
            if "image/png" in out.get("data", {})
            and not any(m in out.data for m in PREFERRED_OVER_PNG)]


def _offline_problems(text):
    """Everything in a page that would need the network or a script to show."""
    problems = re.findall(r"<script\b[^>]*>", text)
    problems += re.findall(r"<(?:img|iframe|source|embed)\b[^>]*\bsrc=\"(?!data:)[^\"]*\"", text)
    problems += re.findall(r"<link\b[^>]*>", text)
    problems += re.findall(r"@import[^;]*;|url\(\s*['\"]?(?:https?:)?//[^)]*\)", text)
    return problems


def test_index_lists_every_notebook_in_series_order(handout):
    index = (handout / "index.html").read_text(encoding="utf-8")
    assert NOTEBOOKS, "no notebooks to render"
    links = re.findall(r'<a href="([^"]+)">', index)
    assert links == [f"{p.stem}.html" for p in NOTEBOOKS]
    for path in NOTEBOOKS:
        title = make_html.notebook_title(nbformat.read(path, as_version=4), path.stem)
        assert html.escape(title) in index
    assert not _offline_problems(index)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_page_embeds_every_figure_and_reads_offline(handout, path):
    nb = nbformat.read(path, as_version=4)
    page = _page(handout, path)
    embedded = ["".join(b.split()) for b in
                re.findall(r'<img\b[^>]*\bsrc="data:image/png;base64,([^"]+)"', page)]
    assert embedded == _pngs(nb)  # the same figures, in the same order
    for data in embedded:
        assert base64.b64decode(data).startswith(b"\x89PNG")
    assert not _offline_problems(page)
    solutions = sum("solution" in c.get("metadata", {}).get("tags", []) for c in nb.cells)
    assert page.count('<details class="handout-solution">') == solutions
    stems = "|".join(re.escape(p.stem) for p in NOTEBOOKS)
    assert not re.search(rf'href="(?:\./)?(?:{stems})\.ipynb', page), "link to a notebook left"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_math_is_mathml(handout, path):
    nb = nbformat.read(path, as_version=4)
    page = _page(handout, path)
    markdown = "\n".join(re.sub(r"`[^`]*`", "", c.source) for c in nb.cells
                         if c.cell_type == "markdown")
    spans = MATH.findall(markdown)
    assert page.count("<math ") >= len(spans)
    for display, inline in spans:
        raw = f"$${display}$$" if display else f"${inline}$"
        assert raw not in page and html.escape(raw) not in page, f"TeX left as is: {raw[:40]}"


def _is_switch(cell):
    return cell.cell_type == "code" and cell.source.strip() == "%matplotlib widget"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_page_says_it_is_static_and_drops_the_ipympl_switch(handout, path):
    nb = nbformat.read(path, as_version=4)
    page = _page(handout, path)
    assert html.escape(make_html.STATIC_NOTE) in page
    switches = [i for i, c in enumerate(nb.cells) if _is_switch(c)]
    prepared = make_html._prepared(nb)
    assert not any(_is_switch(c) for c in prepared.cells)
    assert len(prepared.cells) == len(nb.cells) - len(switches)
    for i in switches:  # the text before the switch no longer asks to run it
        before = prepared.cells[i - 1]
        assert before.source.endswith(make_html.FIGURES_NOTE)
        assert "next cell" not in before.source.lower() and "ipympl" not in before.source
    assert page.count("On this page the figures are pictures") == len(switches)
    exercises = sum(c.cell_type == "markdown" and c.source.startswith("## Exercises")
                    for c in nb.cells)
    assert page.count("to do them (and run their checks)") == exercises


def test_a_small_notebook_with_math_widgets_links_and_solutions(tmp_path):
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 20).decode()
    widget = {"application/vnd.jupyter.widget-view+json": {"model_id": "abc",
                                                           "version_major": 2,
                                                           "version_minor": 0},
              "text/plain": "interactive(children=(IntSlider(value=1),))"}
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# 01 · Small `test`\n\nThe step $\\text{lr} \\cdot d$ and\n\n"
            "$$ w \\leftarrow w + \\text{lr} \\cdot d \\cdot (x - w) $$\n\n"
            "Next: [notebook 02](02_next.ipynb#top), [elsewhere](other.ipynb).", id="a"),
        nbformat.v4.new_code_cell("plot()", id="b", outputs=[nbformat.v4.new_output(
            "display_data", data={"image/png": png, "text/plain": "<Figure>"})]),
        nbformat.v4.new_code_cell("explorer()", id="c", outputs=[nbformat.v4.new_output(
            "display_data", data=widget)]),
        nbformat.v4.new_code_cell("x = 42", id="d", metadata={"tags": ["solution"]}),
        nbformat.v4.new_markdown_cell(
            "Keep this paragraph.\n\n**Rotate.** Run the next cell: it switches to `ipympl`.",
            id="f"),
        nbformat.v4.new_code_cell("%matplotlib widget", id="g",
                                  metadata={"tags": ["skip-execution", "nbval-skip"]}),
        nbformat.v4.new_code_cell("y = 1", id="j"),
        nbformat.v4.new_code_cell("%matplotlib widget", id="h"),  # a switch after code
        nbformat.v4.new_markdown_cell("## Exercises\n\nRun the next cell first.", id="i"),
    ]
    src = tmp_path / "notebooks"
    src.mkdir()
    nbformat.write(nb, src / "01_small.ipynb")
    nb2 = nbformat.v4.new_notebook()
    nb2.cells = [nbformat.v4.new_markdown_cell("# 02 · Next", id="e")]
    nbformat.write(nb2, src / "02_next.ipynb")
    out = _build(src, tmp_path / "html")
    page = (out / "01_small.html").read_text(encoding="utf-8")
    assert page.count("<math ") == 2 and 'display="block"' in page and "$" not in page
    assert page.count('src="data:image/png;base64,') == 1 and f"base64,{png}" in page
    assert make_html.WIDGET_NOTE in page and "IntSlider" not in page
    assert "widget-state" not in page
    assert page.count('<details class="handout-solution">') == 1
    assert 'href="02_next.html#top"' in page and 'href="other.ipynb"' in page
    assert "<title>01 · Small test</title>" in page
    assert 'href="02_next.html"' in page  # the "next" link of the navigation bar
    assert not _offline_problems(page)
    assert html.escape(make_html.STATIC_NOTE) in page
    assert "Keep this paragraph." in page and "Run the next cell:" not in page
    assert "%matplotlib widget</pre>" not in page and "matplotlib</span>" not in page
    assert page.count("On this page the figures are pictures") == 2
    assert page.count("to do them (and run their checks)") == 1
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="([^"]+)">', index) == ["01_small.html", "02_next.html"]
