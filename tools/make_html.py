"""Render the executed notebooks to a static HTML handout that reads offline.

    python tools/make_html.py notebooks build/html                  (what `make html` runs)
    python tools/make_html.py --edition teacher notebooks build/html-teacher
                                                            (what `make html-teacher` runs)

Two editions, each in a folder of its own, one page per notebook (``NN_name.html``) plus
``index.html`` listing them in series order; every page and the index say which edition it is.

- The **student handout** (the default) gives no exercise's answer away: the solution cells
  (tag ``solution``) are left out, and every code cell after the first solution keeps no
  output, because the teacher's kernel ran it after a solution: the checks' verdicts ("Well
  done! with lr=0.1 min-max scaling gets within 0.3 after 3 epoch(s)...") state the
  answers. The exercise stubs stay, as code to copy, and so do the check cells, as code
  without output: the page tells the reader to run the check below the answer cell, and the
  check's call shows which names the answer must define. The Think prompts and their
  ``<details>`` discussions stay: they are the lesson.
- The **teacher's edition** keeps everything: the solutions, folded in a "Show a solution"
  box, and the checks' outputs. It also renders the teacher's guide (``docs/teacher_guide.md``,
  or ``--guide``) with the notebooks' Markdown renderer, as the first page; building it fails
  with a clear message when the guide is missing.

The notebooks are rendered as committed, with their outputs; nothing is executed. The pages
need no network and no scripts:

- figures are embedded in the page as base64 PNG;
- nbconvert's lab template loads require.js, MathJax and mermaid from a CDN; the template
  here drops those scripts, and the LaTeX in markdown cells is converted to MathML (which
  browsers render natively) with latex2mathml;
- widgets need a running kernel, so a widget output shows a one-line note instead (or its
  picture, if it saved one), and the saved widget state is left out;
- links to notebooks of the series (``03_normalization.ipynb``, also from the guide as
  ``../notebooks/03_normalization.ipynb``) point to their pages;
- the page says it is a static copy, and the ``%matplotlib widget`` cell, which does nothing
  here, is left out: the text that asks the reader to run it gives way to a note on how to
  rotate the figures in JupyterLab; the exercises' heading says where to do them.
"""

import argparse
import copy
import html
import importlib.util
import re
import sys
from pathlib import Path

import nbformat
from jinja2 import DictLoader, pass_context
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

try:
    from latex2mathml.converter import convert as latex_to_mathml
except ImportError:  # pragma: no cover - a missing dependency, reported with the fix
    sys.exit("make_html needs latex2mathml: .venv/bin/python -m pip install -e '.[dev]'")


def _sibling_tool(name):
    """The module ``tools/<name>.py`` (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_student = _sibling_tool("make_student")  # finds the exercise, solution and check cells

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GUIDE = ROOT / "docs" / "teacher_guide.md"
EDITIONS = ("student", "teacher")
GUIDE_PAGE = "teacher_guide.html"
GUIDE_TITLE = "Teacher's guide"
SERIES_TITLE = "Competitive learning in Python, one notebook at a time"
EDITION_TITLES = {"student": "Student handout", "teacher": "Teacher's edition"}
# (HTML: shown on every page and on the index)
EDITION_NOTES = {
    "student": "Student handout: the lessons and their exercises, without solutions.",
    "teacher": ("Teacher's edition: the solutions and the checks' outputs, which state the "
                "answers, are shown. Do not give these pages to students: their handout, "
                "made by <code>make html</code>, has neither."),
}
#: How to get the notebooks running, as each edition's reader has them.
HOW_TO_RUN = {
    "student": ("in the folder of your student edition: <code>python3 -m venv .venv</code>, "
                "<code>.venv/bin/pip install -r requirements.txt</code>, "
                "<code>.venv/bin/jupyter lab</code>; see its README.txt"),
    "teacher": "<code>make lab</code> in the repository",
}
WIDGET_NOTE = ("Interactive widget: open this notebook in JupyterLab and run it to use the "
               "controls.")
FIGURE_ALT = "Figure made by the code cell above"
STATIC_NOTE = ("This page is a static copy of the notebook, with the outputs it was saved with. "
               "Where the text asks you to run a cell, open the notebook in JupyterLab.")
SWITCH = "%matplotlib widget"
FIGURES_NOTE = ("**3D figures.** On this page the figures are pictures. To rotate the 3D "
                "figures with the mouse, open the notebook in JupyterLab and run it: its "
                "`%matplotlib widget` cell makes them interactive.")
EXERCISES_NOTE = ("*On this page you can read the exercises; to do them (and run their checks), "
                  "open the notebook in JupyterLab.*")
# words of a paragraph that explains the ipympl switch (dropped with the switch)
SWITCH_WORDS = ("%matplotlib widget", "ipympl", "next cell")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

TEMPLATE = r"""
{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block extra_css %}
<style type="text/css">{{ resources.handout.css }}</style>
{% endblock extra_css %}
{%- block body_header -%}
{{ super() }}
<p class="handout-edition handout-edition-{{ resources.handout.edition }}">
{{- resources.handout.edition_note -}}
</p>
{{ resources.handout.nav }}
{%- if resources.handout.static_note %}
<p class="handout-static">{{ resources.handout.static_note }}</p>
{%- endif -%}
{%- endblock body_header -%}
{% block body_footer %}
{{ resources.handout.nav }}
{{ super() }}
{% endblock body_footer %}
{% block codecell %}
{%- if 'solution' in cell.metadata.get('tags', []) -%}
<details class="handout-solution"><summary>Show a solution</summary>
{{ super() }}
</details>
{%- else -%}
{{ super() }}
{%- endif -%}
{% endblock codecell %}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
 alt="{{ resources.handout.figure_alt }}"
{%- set width=output | get_metadata('width', 'image/png') -%}
{%- if width is not none %} width={{ width | escape_html }}{%- endif %}
{%- set height=output | get_metadata('height', 'image/png') -%}
{%- if height is not none %} height={{ height | escape_html }}{%- endif %}>
</div>
{%- endblock data_png %}
"""

CSS = """
.handout-nav { display: flex; gap: 1.5em; justify-content: space-between; max-width: 1100px;
  margin: 0.8em auto; padding: 0.5em 1em; border: 1px solid #ccc; border-radius: 4px;
  font-family: var(--jp-ui-font-family, sans-serif); font-size: 14px; }
.handout-nav a { text-decoration: none; color: #0072B2; }
details.handout-solution { margin: 0.4em 0 0.8em 0; padding: 0.3em 0.6em;
  border-left: 4px solid #009E73; background: #f3faf7; }
details.handout-solution > summary { cursor: pointer; font-weight: bold; color: #00674b; }
.celltag_exercise .jp-InputArea-editor { border-left: 4px solid #E69F00; }
.handout-widget { font-style: italic; color: #555; padding: 0.4em 0; }
.handout-static { max-width: 1100px; margin: 0.4em auto; padding: 0 1em; color: #555;
  font-family: var(--jp-ui-font-family, sans-serif); font-size: 14px; font-style: italic; }
math[display="block"] { margin: 0.8em 0; }
.handout-edition { max-width: 1100px; margin: 0.8em auto 0 auto; padding: 0.4em 1em;
  font-family: var(--jp-ui-font-family, sans-serif); font-size: 14px; }
.handout-edition-student { color: #555; }
.handout-edition-teacher { border: 2px solid #D55E00; border-radius: 4px; background: #fdf0e6;
  color: #8a3d00; font-weight: bold; }
"""

INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<style type="text/css">
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #222; }}
a {{ color: #0072B2; }}
ul {{ list-style: none; padding-left: 0; }}
li {{ margin-bottom: 1em; }}
.number {{ font-variant-numeric: tabular-nums; color: #555; }}
.summary {{ margin: 0.2em 0 0 0; }}
.edition {{ font-weight: bold; }}
.edition-teacher {{ border: 2px solid #D55E00; border-radius: 4px; background: #fdf0e6;
  color: #8a3d00; padding: 0.4em 0.8em; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="edition edition-{edition}">{edition_note}</p>
<p>The notebooks of the series, rendered with their outputs. Read them here in order, or open
them in JupyterLab to run the code, rotate the 3D figures and use the sliders ({how_to_run}).</p>
<ul>
{items}
</ul>
</body>
</html>
"""


def _mathml(tex, display):
    try:
        return latex_to_mathml(tex.strip(), display=display)
    except Exception as exc:  # an unsupported command: show the TeX rather than fail
        print(f"make_html: could not convert ${tex}$ to MathML ({exc}); shown as TeX",
              file=sys.stderr)
        return f'<code class="tex">{html.escape(tex)}</code>'


class _MathMLRenderer(IPythonRenderer):
    """nbconvert's markdown renderer, with math turned into MathML instead of left for MathJax."""

    def block_math(self, body):
        return _mathml(body, "block")

    def inline_math(self, body):
        return _mathml(body, "inline")

    def latex_environment(self, name, body):
        return _mathml(f"\\begin{{{name}}}{body}\\end{{{name}}}", "block")


class HandoutExporter(HTMLExporter):
    """HTMLExporter with the handout template and MathML math (no scripts, no CDN)."""

    def __init__(self, **kw):
        super().__init__(template_name="lab", template_file="handout.html.j2",
                         extra_loaders=[DictLoader({"handout.html.j2": TEMPLATE})],
                         theme="light", **kw)

    @pass_context
    def markdown2html(self, context, source):
        cell = context.get("cell", {})
        renderer = _MathMLRenderer(
            escape=False,
            attachments=cell.get("attachments", {}),
            embed_images=self.embed_images,
            path=context.get("resources", {}).get("metadata", {}).get("path", ""),
            anchor_link_text=self.anchor_link_text,
            exclude_anchor_links=self.exclude_anchor_links,
            **getattr(self, "lexer_options", {}),
        )
        return MarkdownWithMath(renderer=renderer).render(source)


def notebook_title(nb, fallback):
    """The first ``# heading`` of the notebook, or ``fallback``."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return re.sub(r"[*`]", "", line[2:]).strip()
    return fallback


def notebook_summary(nb):
    """The first paragraph after the title, as plain text (markdown marks removed)."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        paragraphs = [p.strip() for p in cell.source.split("\n\n") if p.strip()]
        for paragraph in paragraphs:
            if not paragraph.startswith("#"):
                text = " ".join(paragraph.split())
                return re.sub(r"[*`]", "", text)
        return ""
    return ""


def _nav(pages, i):
    link = '<a href="{href}">{label}</a>'
    parts = [link.format(href="index.html", label="Contents")]
    if i > 0:
        prev = pages[i - 1]
        parts.append(link.format(href=prev["href"], label="&larr; " + html.escape(prev["title"])))
    else:
        parts.append("<span></span>")
    if i + 1 < len(pages):
        nxt = pages[i + 1]
        parts.append(link.format(href=nxt["href"], label=html.escape(nxt["title"]) + " &rarr;"))
    else:
        parts.append("<span></span>")
    return '<nav class="handout-nav">' + "".join(parts) + "</nav>"


def _link_pages(page, stems):
    """Point relative links to notebooks of the series (``02_x.ipynb``, ``./02_x.ipynb``,
    ``../notebooks/02_x.ipynb``) at their pages; other links stay as they are."""

    def repl(m):
        stem = m.group(2)
        if stem not in stems:
            return m.group(0)
        return f'{m.group(1)}{stem}.html{m.group(3) or ""}"'

    return re.sub(r'(href=")(?![\w+.-]+:)(?:[^"#]*/)?([^"/#]+)\.ipynb(#[^"]*)?"', repl, page)


def student_handout_notebook(nb, name="notebook"):
    """A copy of a teacher's notebook with nothing that gives an exercise's answer away.

    The solution cells are left out, and every code cell after the first solution loses its
    outputs (and execution count): the teacher's kernel ran it after a solution, so what it
    printed may state the answer, as the checks' verdicts do. Exercise stubs, check cells (as
    code) and markdown, Think prompts with their discussions included, stay. ValueError if an
    exercise is malformed (``make_student.find_exercises``), rather than leak something.
    """
    exercises = make_student.find_exercises(nb, name)
    solutions = {i for ex in exercises for i in ex.solutions}
    first_solution = min(solutions, default=len(nb.cells))
    student = copy.deepcopy(nb)
    cells = []
    for i, cell in enumerate(student.cells):
        if i in solutions:
            continue
        if cell.cell_type == "code" and i > first_solution:
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    student.cells = cells
    return student


def guide_notebook(path):
    """The teacher's guide (a Markdown file) as a notebook of one markdown cell, so that it is
    rendered by the notebooks' template and Markdown renderer; ValueError if it is missing."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"the teacher's edition renders the teacher's guide, but {path} does "
                         "not exist (in the repository it is docs/teacher_guide.md; another "
                         "file can be given with --guide)")
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        raise ValueError(f"the teacher's guide {path} is empty")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(text, id="teacher-guide")]
    return nb


def _prepared(nb):
    """A copy without widgets, which need a kernel (and a CDN) to show anything.

    The saved widget state is dropped; a widget output shows its picture if it has one, and
    otherwise a note instead of its text form (``interactive(children=(IntSlider(...``). The
    ``%matplotlib widget`` cell is left out (``_for_a_static_page``).
    """
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                if not any(m in data for m in ("image/png", "image/svg+xml", "text/html")):
                    data.clear()
                    data["text/html"] = f'<p class="handout-widget">{html.escape(WIDGET_NOTE)}</p>'
    return _for_a_static_page(nb)


def _is_switch(cell):
    return cell.cell_type == "code" and cell.source.strip() == SWITCH


def _for_a_static_page(nb):
    """Leave out the ``%matplotlib widget`` cell and the text that asks to run it; add
    ``EXERCISES_NOTE`` under the ``## Exercises`` heading.

    On a static page the switch does nothing and "run the next cell" is wrong. The paragraphs
    of the markdown cell just before the switch that explain it (they mention the switch,
    ipympl or "the next cell") give way to ``FIGURES_NOTE``; its other paragraphs stay.
    """
    cells = []
    for cell in nb.cells:
        if not _is_switch(cell):
            cells.append(cell)
            continue
        before = cells[-1] if cells else None
        if before is not None and before.cell_type == "markdown":
            kept = [p for p in re.split(r"\n\s*\n", before.source)
                    if not any(w in p.lower() for w in SWITCH_WORDS)]
            before.source = "\n\n".join([*kept, FIGURES_NOTE])
        else:
            cells.append(nbformat.v4.new_markdown_cell(FIGURES_NOTE, id=f"{cell.id}-note"))
    for cell in cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## Exercises"):
            cell.source = cell.source.rstrip() + "\n\n" + EXERCISES_NOTE
    nb.cells = cells
    return nb


def build(src, out, edition="student", guide=None):
    """Render every notebook in ``src`` into ``out``; return the written page paths.

    Parameters
    ----------
    src : str or Path
        Folder with the executed teacher's notebooks (``*.ipynb``).
    out : str or Path
        Folder for the pages; the ``*.html`` files already there are deleted first, so no
        page of another edition stays behind.
    edition : {"student", "teacher"}
        ``"student"``: the handout without solutions and without the checks' outputs;
        ``"teacher"``: everything, with the teacher's guide as the first page.
    guide : str or Path, optional
        The teacher's guide (Markdown), for the teacher's edition only; by default the
        repository's ``docs/teacher_guide.md``.

    Returns
    -------
    list of Path
        ``index.html`` first, then the pages in series order.
    """
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, got {edition!r}")
    if edition == "student" and guide is not None:
        raise ValueError("the student handout has no teacher's guide: the guide belongs to "
                         "the teacher's edition (edition='teacher', --edition teacher)")
    src, out = Path(src), Path(out)
    paths = make_student.notebook_paths(src)
    if edition == "teacher":
        guide = Path(guide) if guide is not None else DEFAULT_GUIDE
        guide_nb = guide_notebook(guide)  # first: a missing guide changes nothing in out
    notebooks = [nbformat.read(p, as_version=4) for p in paths]
    if edition == "student":
        notebooks = [student_handout_notebook(nb, p.name)
                     for p, nb in zip(paths, notebooks, strict=True)]
    sources = [{"nb": _prepared(nb), "href": f"{p.stem}.html", "folder": p.parent,
                "title": notebook_title(nb, p.stem), "summary": notebook_summary(nb),
                "static_note": STATIC_NOTE} for p, nb in zip(paths, notebooks, strict=True)]
    if edition == "teacher":
        sources.insert(0, {"nb": guide_nb, "href": GUIDE_PAGE, "folder": guide.parent,
                           "title": notebook_title(guide_nb, GUIDE_TITLE),
                           "summary": notebook_summary(guide_nb),
                           "static_note": ""})
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.html"):
        stale.unlink()
    stems = {p.stem for p in paths}
    exporter = HandoutExporter()
    edition_note = EDITION_NOTES[edition]
    written = []
    for i, page in enumerate(sources):
        name = page["title"]
        if edition == "teacher" and page["href"] != GUIDE_PAGE:
            name += " (teacher's edition)"
        resources = {
            "metadata": {"name": name, "path": str(page["folder"])},
            "handout": {"css": CSS, "nav": _nav(sources, i), "figure_alt": FIGURE_ALT,
                        "static_note": html.escape(page["static_note"]),
                        "edition": edition, "edition_note": edition_note},
        }
        body, _ = exporter.from_notebook_node(page["nb"], resources=resources)
        target = out / page["href"]
        target.write_text(_link_pages(body, stems), encoding="utf-8")
        written.append(target)
    items = "\n".join(
        f'<li><a href="{p["href"]}">{html.escape(p["title"])}</a>'
        f'<p class="summary">{html.escape(p["summary"])}</p></li>' for p in sources)
    index = out / "index.html"
    title = f"{SERIES_TITLE}: {EDITION_TITLES[edition].lower()}"
    index.write_text(INDEX_TEMPLATE.format(title=html.escape(title), items=items,
                                           edition=edition,
                                           edition_note=edition_note,
                                           how_to_run=HOW_TO_RUN[edition]),
                     encoding="utf-8")
    return [index, *written]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", help="folder with the executed notebooks, e.g. notebooks")
    parser.add_argument("out", help="folder for the pages, e.g. build/html")
    parser.add_argument("--edition", choices=EDITIONS, default="student",
                        help="student (default): no solutions, no check outputs; teacher: "
                             "everything, and the teacher's guide")
    parser.add_argument("--guide", default=None,
                        help="the teacher's guide, for --edition teacher (default: "
                             "docs/teacher_guide.md of the repository)")
    args = parser.parse_args(argv)
    try:
        written = build(args.src, args.out, edition=args.edition, guide=args.guide)
    except ValueError as exc:
        print(f"make_html: {exc}", file=sys.stderr)
        return 2
    print(f"wrote the {EDITION_TITLES[args.edition].lower()}, {len(written)} pages, to "
          f"{args.out}/ (open {written[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
