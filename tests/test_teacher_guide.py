"""The teacher's guide (docs/teacher_guide.md) and the reading times it quotes.

The guide must agree with the notebooks: every section with its core/optional mark and its
time as tools/reading_times.py computes it, every Think prompt answered, every exercise
described, routes that fit their slots, references and paths that exist, and no decimal
figure that the notebooks do not print.
"""

import importlib.util
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "teacher_guide.md"
NOTEBOOK_DIR = ROOT / "notebooks"
LESSONS = sorted(p for p in NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb") if p.name[:2] != "00")
MARK = re.compile(r" · (core|optional)$")
ROW = re.compile(r"^\| (?P<step>\d+) \| (?P<nb>\d\d|–) \| (?P<title>[^|]+) \| (?P<mark>[^|]+) \| "
                 r"(?P<minutes>\d+) \|$", re.M)
TOTAL = re.compile(r"^\| \| \| \*\*Total\*\* \| \| \*\*(\d+)\*\* \|$", re.M)


def _load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


reading_times = _load_tool("reading_times")


def _guide():
    return GUIDE.read_text(encoding="utf-8")


def _part(heading):
    """The text of the guide's ``## heading`` section, up to the next ``## ``."""
    text = _guide()
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def _notebook_sections(path):
    """[(title, mark, markdown text)] for the ## sections of a notebook, parsed here directly."""
    found = [["Opening", None, ""]]
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        parts = re.split(r"(?m)^## (.+)$", cell.source)
        found[-1][2] += "\n" + parts[0]
        for heading, text in zip(parts[1::2], parts[2::2], strict=True):
            mark = MARK.search(heading)
            found.append([MARK.sub("", heading), mark.group(1) if mark else None, text])
    return found


def _minutes_of(number):
    return {s.title: s for s in reading_times.sections(number)}


def _route_rows(text):
    rows = [m.groupdict() for m in ROW.finditer(text)]
    assert rows, "no route table found"
    return rows


def _check_route(text, slot):
    rows = _route_rows(text)
    totals = [int(t) for t in TOTAL.findall(text)]
    assert len(totals) == 1, "a route table needs one Total row"
    minutes = sum(int(r["minutes"]) for r in rows)
    assert minutes == totals[0], f"the rows add up to {minutes}, the table says {totals[0]}"
    assert minutes <= slot, f"{minutes} minutes do not fit a {slot}-minute slot"
    assert [int(r["step"]) for r in rows] == list(range(1, len(rows) + 1))
    for r in rows:
        if r["nb"] == "–":
            continue
        section = _minutes_of(r["nb"]).get(r["title"])
        assert section is not None, f"{r['nb']} has no section {r['title']!r}"
        assert r["mark"] == section.mark, (r, section.mark)
        assert int(r["minutes"]) == section.minutes, (r, section.minutes)
    return rows


# --- tools/reading_times.py -------------------------------------------------------------------

@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_reading_times_reproduce_the_times_the_notebooks_state(path):
    index = nbformat.read(NOTEBOOK_DIR / "00_index.ipynb", as_version=4).cells[0].source
    row = re.search(rf"^\| {path.name[:2]} \|.*\| (\d+) min \| (\d+) / (\d+) min \|$",
                    index, re.M)
    header = re.search(r"\*\*Time\*\*: ~(\d+) minutes, plus ~(\d+) for the exercises",
                       nbformat.read(path, as_version=4).cells[0].source)
    reading, exercises = reading_times.notebook_minutes(path)
    core = reading_times.core_minutes(path)
    assert (core, reading, reading + exercises) == tuple(map(int, row.groups()))
    assert (reading, exercises) == tuple(map(int, header.groups()))


def test_reading_times_count_text_code_and_printed_output_but_not_figures_or_marks(tmp_path):
    nb = nbformat.v4.new_notebook()
    png = {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure size 100x100 with 1 Axes>"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 07 · Title\n\nfour words of goals"),  # 8 words
        nbformat.v4.new_code_cell("x = 1", outputs=[  # 3 words + 2 printed + 1 result
            nbformat.v4.new_output("stream", name="stdout", text="two words"),
            nbformat.v4.new_output("execute_result", data={"text/plain": "42"},
                                   execution_count=1),
            nbformat.v4.new_output("display_data", data=png)]),
        nbformat.v4.new_markdown_cell("## First part · core\n\n" + "word " * 120),
        nbformat.v4.new_markdown_cell(
            "end of it\n\n## Second part · optional\n\n*Optional: not counted at all.*\n\n"
            + "word " * 40),
        nbformat.v4.new_markdown_cell("## Exercises · core\n\n" + "word " * 999),
    ]
    path = tmp_path / "07_small.ipynb"
    nbformat.write(nb, path)
    found = reading_times.sections(path)
    assert [(s.title, s.mark, s.words, s.minutes) for s in found] == [
        ("Opening", None, 14, 1),
        ("First part", "core", 2 + 120 + 3, 2),  # 125 words: 1.56 minutes, rounded to 2
        ("Second part", "optional", 2 + 40, 1),  # 42 words: 0.53 minutes, rounded to 1
        ("Exercises", "core", 0, reading_times.EXERCISE_MINUTES),
    ]
    assert found[2].note == "not counted at all."
    assert reading_times.notebook_minutes(path) == (0, 15)  # 181 words: 2.26 minutes, rounded to 0
    assert reading_times.core_minutes(path) == 1 + 2
    assert reading_times.section_minutes(100) == 1 and reading_times.section_minutes(120) == 2


def test_reading_times_reject_bad_input(tmp_path):
    with pytest.raises(ValueError, match="non-negative int"):
        reading_times.section_minutes(-1)
    with pytest.raises(TypeError, match="must be a str"):
        reading_times.count_words(None)
    with pytest.raises(ValueError, match="no single notebook numbered"):
        reading_times.sections("99")
    with pytest.raises(FileNotFoundError):
        reading_times.sections(tmp_path / "missing.ipynb")
    with pytest.raises(FileNotFoundError, match="no lesson notebooks"):
        reading_times.lesson_notebooks(tmp_path)


# --- the guide ----------------------------------------------------------------------------------

def test_the_guide_has_the_table_of_every_section_mark_and_time():
    assert reading_times.markdown_table() in _guide(), (
        "the table in the guide is not tools/reading_times.py's: paste its output again")
    listed = re.findall(r"^\| (\d\d) \| ([^|*]+?) \| (core|optional|–)[^|]* \| [\d–]+ \| \d+ \|$",
                        _part("How the times were estimated"), re.M)
    in_notebooks = [(p.name[:2], title, mark or "–")
                    for p in LESSONS for title, mark, _ in _notebook_sections(p)]
    assert listed == in_notebooks


def test_the_guide_answers_every_think_prompt_where_it_is():
    answers = re.findall(r"^- \*\*(\d\d) · ([^*]+?)\*\* \*", _part("Answers to the Think "
                                                                       "questions"), re.M)
    prompts = [(p.name[:2], title) for p in LESSONS for title, _, text in _notebook_sections(p)
               for _ in range(text.count("**Think.**"))]
    assert len(prompts) >= 2 * len(LESSONS)
    assert answers == prompts


def test_the_guide_describes_every_exercise():
    described = re.findall(r"^### (\d\d) · (Exercise \d: .+)$",
                           _part("The exercises: what each checks, and common wrong answers"),
                           re.M)
    exercises = [(p.name[:2], title) for p in LESSONS for _, _, text in _notebook_sections(p)
                 for title in re.findall(r"(?m)^### (Exercise \d: .+)$", text)]
    assert len(exercises) == 2 * len(LESSONS)
    assert described == exercises


def test_the_50_minute_route_fits_and_uses_core_sections_only():
    rows = _check_route(_part("Route A: one 50-minute lesson"), slot=50)
    assert {r["mark"] for r in rows if r["nb"] != "–"} == {"core"}
    assert not any(r["title"] == "Exercises" for r in rows)


def test_each_lesson_of_the_lab_fits_90_minutes_with_exercises():
    lessons = re.split(r"\n\*\*Lesson \d: ", _part("Route B: a lab of two lessons (2 × 90 "
                                                   "minutes)"))[1:]
    assert len(lessons) == 2
    for lesson in lessons:
        rows = _check_route(lesson, slot=90)
        assert any(r["title"] == "Exercises" for r in rows)


def test_the_self_study_table_has_the_computed_times():
    rows = re.findall(r"^\| (\d\d) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$",
                      _part("Route C: self-study"), re.M)
    assert [r[0] for r in rows] == [p.name[:2] for p in LESSONS]
    sums = [0, 0, 0, 0]
    for number, *values in rows:
        reading, exercises = reading_times.notebook_minutes(number)
        expected = [reading, reading_times.core_minutes(number), exercises, reading + exercises]
        assert list(map(int, values)) == expected, number
        sums = [a + b for a, b in zip(sums, expected, strict=True)]
    total = re.search(r"^\| \*\*Total\*\* \| " + r" \| ".join([r"\*\*(\d+)\*\*"] * 4) + r" \|$",
                      _part("Route C: self-study"), re.M)
    assert total and list(map(int, total.groups())) == sums


def test_every_section_the_guide_names_exists():
    headings = {}
    for p in LESSONS:
        titles = {title for title, _, _ in _notebook_sections(p)}
        for _, _, text in _notebook_sections(p):
            titles |= set(re.findall(r"(?m)^### (.+)$", text))
        headings[p.name[:2]] = titles
    references = re.findall(r"\b(\d\d) ·\s+\*([^*]+)\*", _guide())
    assert len(references) >= 20
    for number, title in references:
        assert " ".join(title.split()) in headings[number], (number, title)


def test_the_misconceptions_asked_for_are_all_there():
    part = _part("Misconceptions to expect")
    items = re.findall(r"(?m)^\d+\. \*\*", part)
    assert len(items) >= 8
    for words in ["shuffled", "overshoots", "[0, 1]", "floor", "starts near", "conscience always",
                  "`lr * d > 2`", "More epochs", "textbook step"]:
        assert words in part, words


def test_links_paths_and_make_targets_exist():
    text = _guide()
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if "://" not in target:
            assert (GUIDE.parent / target).resolve().exists(), target
    for path in re.findall(r"`((?:notebooks|tools|nbhelpers|docs|tests)/[^`\s]*)`", text):
        assert (ROOT / path).exists(), path
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"(?m)^([a-z][\w-]*):", makefile))
    named = set(re.findall(r"`make ([\w-]+)`", text))
    assert named and named <= targets, named - targets


def test_every_decimal_figure_in_the_guide_is_printed_in_the_notebooks():
    corpus = []
    for p in LESSONS:
        for cell in nbformat.read(p, as_version=4).cells:
            corpus.append(cell.source)
            for out in cell.get("outputs", []):
                corpus.append(out.get("text", "") + out.get("data", {}).get("text/plain", ""))
    corpus = "\n".join(corpus)
    # the guide's own measurements say so and how they were made: "(measured for this guide, ...)"
    measured = re.compile(r"\(measured for this guide, with [^()]+\)")
    assert len(measured.findall(_guide())) <= 3, "the guide should quote the notebooks, not itself"
    for figure in set(re.findall(r"(?<![\w.])\d+\.\d+(?![\w.])", measured.sub("", _guide()))):
        assert figure in corpus, f"{figure} is not in the notebooks"
