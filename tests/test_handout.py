"""The HTML handout made by tools/make_html.py, in its two editions.

Both editions have one page per notebook in series order, every figure embedded, and read with
no network and no scripts. The student handout (``make html``) gives no exercise's answer
away: no line of a solution cell, no output of a solution or a check cell of the teacher's
notebooks appears in it. The teacher's edition (``make html-teacher``) has all of them, says on
every page that it is the teacher's edition, and renders the teacher's guide as its first page.

The two editions of the real notebooks are built once each, with the command line that the
Makefile runs; the teacher's guide is a temporary file written here.
"""

import base64
import html
import importlib.util
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EDITIONS = ("student", "teacher")
# what HTMLExporter shows instead of a PNG when an output has both
PREFERRED_OVER_PNG = ("text/html", "image/svg+xml")
MATH = re.compile(r"\$\$(.+?)\$\$|(?<![$\\])\$([^$\n]+?)\$", re.DOTALL)
GUIDE = """# Teacher's guide for the test

How to run the series in a class of fifty minutes.

## One lesson

Read [notebook 02](../notebooks/02_data_synthesis.ipynb#Exercises) first. The step is
$\\text{lr} \\cdot d$, and the rule

$$ w \\leftarrow w + \\text{lr} \\cdot d \\cdot (x - w) $$

<details><summary>Answer to the Think prompt</summary>

Distinctive guide answer: the noise limits how close the layer gets.

</details>
"""


def _load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_html = _load_tool("make_html")


def _build(src, out, *options):
    """Build with the command line, as the Makefile does."""
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "make_html.py"),
                           *map(str, options), str(src), str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    path = tmp_path_factory.mktemp("docs") / "teacher_guide.md"
    path.write_text(GUIDE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def student_handout(tmp_path_factory):
    """The student handout of the real notebooks, built as `make html` builds it."""
    return _build(NOTEBOOK_DIR, tmp_path_factory.mktemp("html"))


@pytest.fixture(scope="module")
def teacher_edition(tmp_path_factory, guide):
    """The teacher's edition, built as `make html-teacher` builds it, with the test's guide."""
    return _build(NOTEBOOK_DIR, tmp_path_factory.mktemp("html-teacher"),
                  "--edition", "teacher", "--guide", guide)


@pytest.fixture
def built(request):
    """The folder of an edition, built when a test first asks for it: built["student"]."""

    class Editions:
        def __getitem__(self, edition):
            return request.getfixturevalue({"student": "student_handout",
                                            "teacher": "teacher_edition"}[edition])

    return Editions()


def _tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def _page(folder, path):
    page = folder / f"{path.stem}.html"
    assert page.is_file(), f"no page for {path.name}"
    return page.read_text(encoding="utf-8")


class _Text(HTMLParser):
    """The text a reader sees: tags dropped, entities decoded, style sheets left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._style = [], 0

    def handle_starttag(self, tag, attrs):
        self._style += tag == "style"

    def handle_endtag(self, tag):
        self._style -= tag == "style"

    def handle_data(self, data):
        if not self._style:
            self.parts.append(data)


def _visible(page):
    """(lines, text) of a page: its stripped text lines, and its text with whitespace runs
    made single spaces (so that a sentence is found across line breaks)."""
    parser = _Text()
    parser.feed(page)
    text = "".join(parser.parts)
    return {line.strip() for line in text.splitlines()} - {""}, " ".join(text.split())


def _shows(line, lines, text):
    """Whether the page shows ``line``: as one of its lines, or (a long line) anywhere."""
    return line in lines or (len(line) >= 20 and " ".join(line.split()) in text)


def _output_lines(cell):
    """The lines a cell's outputs show as text (stream text, and text/plain or HTML where no
    picture is shown instead)."""
    lines = []
    for out in cell.get("outputs", []):
        text = out.get("text", "")
        data = out.get("data", {})
        if not any(m in data for m in ("image/png", "image/svg+xml")):
            text += data.get("text/plain", "")
        lines += text.splitlines()
    return {line.strip() for line in lines} - {""}


def _answers(nb):
    """What gives the exercises' answers away, from a teacher's notebook.

    Returns (solution code lines, output lines, figures): the lines of solution cells, and the
    output lines of solution and check cells, that appear in no other cell (its source or its
    outputs), and the PNGs the solution and check cells drew.
    """
    code, outputs, other = set(), set(), set()
    figures = []
    for cell in nb.cells:
        source = {line.strip() for line in cell.source.splitlines()} - {""}
        if _tags(cell) & {"solution", "check"}:
            if "solution" in _tags(cell):
                code |= source
            outputs |= _output_lines(cell)
            figures += _pngs_of(cell)
        else:
            other |= source | _output_lines(cell)
    other_text = " ".join(" ".join(other).split())

    def distinctive(lines):  # shown by no other cell, with the test the pages get
        return {line for line in lines if not _shows(line, other, other_text)}

    return distinctive(code), distinctive(outputs), figures


def _pngs_of(cell):
    return ["".join(out.data["image/png"].split()) for out in cell.get("outputs", [])
            if "image/png" in out.get("data", {})
            and not any(m in out.data for m in PREFERRED_OVER_PNG)]


def _first_solution(nb):
    return min((i for i, c in enumerate(nb.cells) if "solution" in _tags(c)),
               default=len(nb.cells))


def _expected_pngs(nb, edition):
    """The student handout shows no output made after the first solution ran."""
    cells = nb.cells if edition == "teacher" else nb.cells[:_first_solution(nb)]
    return [png for cell in cells if cell.cell_type == "code" for png in _pngs_of(cell)]


def _offline_problems(text):
    """Everything in a page that would need the network or a script to show."""
    problems = re.findall(r"<script\b[^>]*>", text)
    problems += re.findall(r"<(?:img|iframe|source|embed)\b[^>]*\bsrc=\"(?!data:)[^\"]*\"", text)
    problems += re.findall(r"<link\b[^>]*>", text)
    problems += re.findall(r"@import[^;]*;|url\(\s*['\"]?(?:https?:)?//[^)]*\)", text)
    return problems


def _title(page):
    titles = re.findall(r"<title>([^<]*)</title>", page)
    assert len(titles) == 1, titles
    return html.unescape(titles[0])


def _details(text):
    return len(re.findall(r"<details\b", text))


# --- both editions ---------------------------------------------------------------------------

@pytest.mark.parametrize("edition", EDITIONS)
def test_index_lists_every_notebook_in_series_order_and_names_the_edition(built, edition):
    index = (built[edition] / "index.html").read_text(encoding="utf-8")
    assert NOTEBOOKS, "no notebooks to render"
    links = re.findall(r'<a href="([^"]+)">', index)
    guide = [make_html.GUIDE_PAGE] if edition == "teacher" else []
    assert links == guide + [f"{p.stem}.html" for p in NOTEBOOKS]
    for path in NOTEBOOKS:
        title = make_html.notebook_title(nbformat.read(path, as_version=4), path.stem)
        assert html.escape(title) in index
    assert make_html.EDITION_NOTES[edition] in index
    name = {"student": "student handout", "teacher": "teacher's edition"}[edition]
    assert _title(index) == f"{make_html.SERIES_TITLE}: {name}"
    assert not _offline_problems(index)
    assert sorted(p.name for p in built[edition].glob("*.html")) == sorted(["index.html", *links])


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_page_embeds_its_figures_reads_offline_and_names_the_edition(built, edition, path):
    nb = nbformat.read(path, as_version=4)
    page = _page(built[edition], path)
    embedded = ["".join(b.split()) for b in
                re.findall(r'<img\b[^>]*\bsrc="data:image/png;base64,([^"]+)"', page)]
    assert embedded == _expected_pngs(nb, edition)  # the same figures, in the same order
    for data in embedded:
        assert base64.b64decode(data).startswith(b"\x89PNG")
    assert not _offline_problems(page)
    solutions = sum("solution" in _tags(c) for c in nb.cells)
    folded = page.count('<details class="handout-solution">')
    assert folded == (solutions if edition == "teacher" else 0)
    stems = "|".join(re.escape(p.stem) for p in NOTEBOOKS)
    assert not re.search(rf'href="(?:\./)?(?:{stems})\.ipynb', page), "link to a notebook left"
    banner = f'<p class="handout-edition handout-edition-{edition}">'
    assert page.count(banner + make_html.EDITION_NOTES[edition]) == 1
    title = make_html.notebook_title(nb, path.stem)
    suffix = " (teacher's edition)" if edition == "teacher" else ""
    assert _title(page) == title + suffix


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_math_is_mathml(built, edition, path):
    nb = nbformat.read(path, as_version=4)
    page = _page(built[edition], path)
    markdown = "\n".join(re.sub(r"`[^`]*`", "", c.source) for c in nb.cells
                         if c.cell_type == "markdown")
    spans = MATH.findall(markdown)
    assert page.count("<math ") >= len(spans)
    for display, inline in spans:
        raw = f"$${display}$$" if display else f"${inline}$"
        assert raw not in page and html.escape(raw) not in page, f"TeX left as is: {raw[:40]}"


def _is_switch(cell):
    return cell.cell_type == "code" and cell.source.strip() == "%matplotlib widget"


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_page_says_it_is_static_and_drops_the_ipympl_switch(built, edition, path):
    nb = nbformat.read(path, as_version=4)
    page = _page(built[edition], path)
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


# --- the student handout: no answers ----------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_handout_gives_no_answer_away(built, path):
    nb = nbformat.read(path, as_version=4)
    page = _page(built["student"], path)
    lines, text = _visible(page)
    code, outputs, figures = _answers(nb)
    leaked = sorted(line for line in code | outputs if _shows(line, lines, text))
    assert not leaked, f"{len(leaked)} answer lines in the student handout: {leaked[:3]}"
    for line in outputs:  # not in an attribute or a comment either
        assert html.escape(line, quote=False) not in page, f"check output in the page: {line}"
    assert not any(png in "".join(page.split()) for png in figures), "a solution's figure"
    assert "celltag_solution" not in page
    # what the student needs stays: the stubs (to copy), the checks (as code), the discussions
    for cell in nb.cells:
        if _tags(cell) & {"exercise", "check"}:
            missing = [line.strip() for line in cell.source.splitlines()
                       if line.strip() and line.strip() not in lines]
            assert not missing, f"exercise or check code missing: {missing[:3]}"
    discussions = sum(_details(c.source) for c in nb.cells if c.cell_type == "markdown")
    assert _details(page) == discussions


def test_student_handout_has_no_check_output_at_all(built):
    """Stricter than the line test: no output area below any check cell, in any page."""
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        checks = [c for c in nb.cells if "check" in _tags(c)]
        page = _page(built["student"], path)
        assert page.count("celltag_check") == len(checks)
        for cell in re.split(r'(?=<div class="jp-Cell )', page):
            if "celltag_check" in cell:
                assert "jp-OutputArea-output" not in cell, f"{path.name}: a check's output"


# --- the teacher's edition: everything, and the guide -----------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_teacher_edition_shows_the_solutions_and_the_checks_outputs(built, path):
    nb = nbformat.read(path, as_version=4)
    page = _page(built["teacher"], path)
    lines, text = _visible(page)
    code, outputs, figures = _answers(nb)
    missing = sorted(line for line in code | outputs if not _shows(line, lines, text))
    assert not missing, f"{len(missing)} answer lines not in the teacher's edition: {missing[:3]}"
    assert all(png in "".join(page.split()) for png in figures)
    assert _details(page) == (sum(_details(c.source) for c in nb.cells if c.cell_type == "markdown")
                              + sum("solution" in _tags(c) for c in nb.cells))


def test_teacher_edition_renders_the_guide_as_its_first_page(built):
    page = (built["teacher"] / make_html.GUIDE_PAGE).read_text(encoding="utf-8")
    assert _title(page) == "Teacher's guide for the test"
    lines, text = _visible(page)
    assert "Teacher's guide for the test" in lines  # the heading
    assert "Distinctive guide answer: the noise limits how close the layer gets." in text
    assert page.count("<math ") == 2 and 'display="block"' in page and "$" not in page
    assert 'href="02_data_synthesis.html#Exercises"' in page  # ../notebooks/02_...ipynb
    assert _details(page) == 1
    assert make_html.EDITION_NOTES["teacher"] in page
    assert make_html.STATIC_NOTE not in page  # the guide is no copy of a notebook
    first = f"{NOTEBOOKS[0].stem}.html"
    assert page.count(f'<a href="{first}">') == 2  # "next" in the two navigation bars
    assert page.count('<a href="index.html">Contents</a>') == 2
    assert not _offline_problems(page)
    # the first notebook's page goes back to the guide
    assert f'<a href="{make_html.GUIDE_PAGE}">' in _page(built["teacher"], NOTEBOOKS[0])
    index = (built["teacher"] / "index.html").read_text(encoding="utf-8")
    assert "How to run the series in a class of fifty minutes." in index  # its summary
    # the guide is the teacher's: the student handout has no trace of it
    for student_page in built["student"].glob("*.html"):
        assert "Distinctive guide answer" not in student_page.read_text(encoding="utf-8")


def test_teacher_edition_fails_clearly_without_its_guide(tmp_path, capsys):
    out = tmp_path / "html-teacher"
    out.mkdir()
    (out / "index.html").write_text("an earlier build", encoding="utf-8")
    missing = tmp_path / "docs" / "teacher_guide.md"
    args = ["--edition", "teacher", "--guide", str(missing), str(NOTEBOOK_DIR), str(out)]
    assert make_html.main(args) == 2
    stderr = capsys.readouterr().err
    assert "teacher's guide" in stderr and str(missing) in stderr
    assert (out / "index.html").read_text(encoding="utf-8") == "an earlier build"  # untouched
    empty = tmp_path / "empty.md"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(ValueError, match="is empty"):
        make_html.build(NOTEBOOK_DIR, out, edition="teacher", guide=empty)


def test_bad_arguments_are_refused(tmp_path, guide, capsys):
    with pytest.raises(ValueError, match="the student handout has no teacher's guide"):
        make_html.build(NOTEBOOK_DIR, tmp_path, guide=guide)
    with pytest.raises(ValueError, match="edition must be one of"):
        make_html.build(NOTEBOOK_DIR, tmp_path, edition="teachers")
    with pytest.raises(ValueError, match="no notebooks"):
        make_html.build(tmp_path, tmp_path / "out")
    with pytest.raises(ValueError, match="must be a folder"):
        make_html.build(tmp_path / "nowhere", tmp_path / "out")
    with pytest.raises(SystemExit) as exited:
        make_html.main(["--edition", "teachers", str(NOTEBOOK_DIR), str(tmp_path)])
    assert exited.value.code == 2 and "invalid choice" in capsys.readouterr().err


# --- a small notebook, both editions ----------------------------------------------------------

def _small_series(folder):
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 20).decode()
    answer_png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"1" * 20).decode()
    widget = {"application/vnd.jupyter.widget-view+json": {"model_id": "abc",
                                                           "version_major": 2,
                                                           "version_minor": 0},
              "text/plain": "interactive(children=(IntSlider(value=1),))"}
    stream = nbformat.v4.new_output
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# 01 · Small `test`\n\nThe step $\\text{lr} \\cdot d$ and\n\n"
            "$$ w \\leftarrow w + \\text{lr} \\cdot d \\cdot (x - w) $$\n\n"
            "Next: [notebook 02](02_next.ipynb#top), [elsewhere](other.ipynb).", id="a"),
        nbformat.v4.new_code_cell("plot()", id="b", outputs=[stream(
            "display_data", data={"image/png": png, "text/plain": "<Figure>"})]),
        nbformat.v4.new_code_cell("explorer()", id="c", outputs=[stream(
            "display_data", data=widget)]),
        nbformat.v4.new_markdown_cell(
            "Keep this paragraph.\n\n**Rotate.** Run the next cell: it switches to `ipympl`.",
            id="f"),
        nbformat.v4.new_code_cell("%matplotlib widget", id="g",
                                  metadata={"tags": ["skip-execution", "nbval-skip"]}),
        nbformat.v4.new_code_cell("y = 1", id="j"),
        nbformat.v4.new_code_cell("%matplotlib widget", id="h"),  # a switch after code
        nbformat.v4.new_markdown_cell("## Exercises\n\nRun the next cell first.", id="i"),
        nbformat.v4.new_code_cell('x = ...\nraise NotImplementedError("Exercise: x")', id="k",
                                  metadata={"tags": ["exercise", "skip-execution",
                                                     "nbval-skip", "raises-exception"]}),
        nbformat.v4.new_code_cell("x = 9137", id="d", metadata={"tags": ["solution"]},
                                  outputs=[stream("display_data", data={
                                      "image/png": answer_png, "text/plain": "<Figure>"})]),
        nbformat.v4.new_code_cell("check(x)", id="l", metadata={"tags": ["check"]},
                                  execution_count=7,
                                  outputs=[stream("stream", text="Well done! x is 9137\n")]),
        nbformat.v4.new_markdown_cell("**Think.** Why?\n\n<details><summary>Discussion"
                                      "</summary>\n\nBecause.\n\n</details>", id="m"),
        nbformat.v4.new_code_cell("print(x + 1)", id="n", execution_count=8,
                                  outputs=[stream("stream", text="x plus one is 9138\n")]),
    ]
    nbformat.write(nb, folder / "01_small.ipynb")
    nb2 = nbformat.v4.new_notebook()
    nb2.cells = [nbformat.v4.new_markdown_cell("# 02 · Next", id="e")]
    nbformat.write(nb2, folder / "02_next.ipynb")
    return png, answer_png


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_small_notebook_with_math_widgets_links_and_an_exercise(tmp_path, edition):
    src = tmp_path / "notebooks"
    src.mkdir()
    png, answer_png = _small_series(src)
    guide = tmp_path / "guide.md"
    guide.write_text("# Guide\n\nRead [01](01_small.ipynb).", encoding="utf-8")
    out = tmp_path / "html"
    make_html.build(src, out, edition=edition, guide=guide if edition == "teacher" else None)
    page = (out / "01_small.html").read_text(encoding="utf-8")
    _, text = _visible(page)
    assert page.count("<math ") == 2 and 'display="block"' in page and "$" not in page
    assert make_html.WIDGET_NOTE in page and "IntSlider" not in page
    assert "widget-state" not in page
    assert 'href="02_next.html#top"' in page and 'href="other.ipynb"' in page
    assert 'href="02_next.html"' in page  # the "next" link of the navigation bar
    assert not _offline_problems(page)
    assert html.escape(make_html.STATIC_NOTE) in page
    assert "Keep this paragraph." in page and "Run the next cell:" not in page
    assert "%matplotlib widget</pre>" not in page and "matplotlib</span>" not in page
    assert page.count("On this page the figures are pictures") == 2
    assert page.count("to do them (and run their checks)") == 1
    assert "Exercise: x" in page and "Because." in page and ">check</span>" in page
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">', index)
    if edition == "teacher":
        assert _title(page) == "01 · Small test (teacher's edition)"
        assert page.count('<details class="handout-solution">') == 1
        assert "x = 9137" in text and "Well done! x is 9137" in text and "9138" in text
        assert page.count('src="data:image/png;base64,') == 2 and answer_png in page
        assert links == ["teacher_guide.html", "01_small.html", "02_next.html"]
        guide_page = (out / "teacher_guide.html").read_text(encoding="utf-8")
        assert 'href="01_small.html"' in guide_page
    else:
        assert _title(page) == "01 · Small test"
        assert '<details class="handout-solution"' not in page
        assert "9137" not in text and "9138" not in text
        assert page.count('src="data:image/png;base64,') == 1 and answer_png not in page
        assert "[7]" not in page and "[8]" not in page  # no execution counts after a solution
        assert links == ["01_small.html", "02_next.html"]


def test_a_student_build_over_a_teacher_build_leaves_no_teacher_page(tmp_path):
    src = tmp_path / "notebooks"
    src.mkdir()
    _small_series(src)
    guide = tmp_path / "guide.md"
    guide.write_text("# Guide\n\nThe teacher's notes.", encoding="utf-8")
    out = tmp_path / "html"
    make_html.build(src, out, edition="teacher", guide=guide)
    assert (out / "teacher_guide.html").is_file()
    make_html.build(src, out)
    assert sorted(p.name for p in out.iterdir()) == ["01_small.html", "02_next.html",
                                                     "index.html"]
    assert not any("9137" in _visible(p.read_text(encoding="utf-8"))[1] for p in out.iterdir())
