"""Every notebook follows the series' conventions and was executed, cleanly, before commit."""

import ast
import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00_")]
STRAY_REPR = re.compile(r"^(\[?<(matplotlib|mpl_toolkits)\.|Text\(|\(np\.float64)")


def _cells(path):
    return nbformat.read(path, as_version=4).cells


def _tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def test_the_series_is_complete():
    numbers = [p.name[:2] for p in NOTEBOOKS]
    assert numbers[:4] == ["00", "01", "02", "03"]
    assert numbers == sorted(set(numbers)), "notebook numbers must be unique"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_opens_with_goals_and_closes_with_summary(path):
    cells = _cells(path)
    first = cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {path.name[:2]} ·")
    for heading in ("Learning goals", "Time", "Prerequisites"):
        assert heading in first.source, f"{path.name}: first cell lacks {heading!r}"
    assert any(c.cell_type == "markdown" and "## Summary" in c.source for c in cells)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_3d_figures_come_with_the_ipympl_switch(path):
    cells = _cells(path)
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    switches = [c for c in cells if c.cell_type == "code" and c.source.strip() ==
                "%matplotlib widget"]
    has_3d = "_3d(" in code or 'projection="3d"' in code
    assert len(switches) == (1 if has_3d else 0)
    for switch in switches:
        assert {"skip-execution", "nbval-skip"} <= _tags(switch)
        assert not switch.outputs


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_executed_without_errors_warnings_or_stray_reprs(path):
    for i, cell in enumerate(_cells(path)):
        if cell.cell_type != "code" or "skip-execution" in _tags(cell):
            continue
        where = f"{path.name} cell {i}"
        assert cell.execution_count is not None, f"{where} was not executed"
        for out in cell.outputs:
            assert out.output_type != "error", f"{where} has an error output"
            if out.output_type == "stream":
                assert out.name == "stdout", f"{where} writes to stderr: {out.text[:200]}"
                assert "Warning" not in out.text, f"{where} prints a warning"
            text = out.get("data", {}).get("text/plain", "")
            if out.output_type == "execute_result":
                assert not STRAY_REPR.match(text), f"{where} shows a stray repr: {text[:80]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_same_kernel_name_and_no_test_machinery_in_the_source(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["display_name"] == "Python 3 (ipykernel)"
    for i, cell in enumerate(nb.cells):
        assert "NBVAL_" not in cell.source, f"{path.name} cell {i}: use a metadata tag instead"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_credits_the_tutorial(path):
    text = "\n".join(c.source for c in _cells(path) if c.cell_type == "markdown")
    assert "Prateek Joshi" in text, f"{path.name} does not credit the tutorial it follows"


def test_index_has_the_full_credit_and_references():
    text = "\n".join(c.source for c in _cells(NOTEBOOK_DIR / "00_index.ipynb"))
    for needed in ("prateekvjoshi.com", "Rumelhart", "Zipser", "DeSieno", "Kohonen",
                   "MacQueen"):
        assert needed in text, f"00_index lacks {needed!r}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_think_prompts_with_collapsed_discussions(path):
    markdown = [c.source for c in _cells(path) if c.cell_type == "markdown"]
    prompts = sum(s.count("**Think.**") for s in markdown)
    discussions = sum(s.count("<details>") for s in markdown)
    assert prompts >= 2, f"{path.name} has {prompts} Think prompts, needs at least 2"
    assert discussions >= prompts, f"{path.name}: every Think prompt needs a <details> discussion"


def test_index_times_match_each_notebook():
    index = _cells(NOTEBOOK_DIR / "00_index.ipynb")[0].source
    for path in LESSONS:
        row = re.search(rf"^\| {path.name[:2]} \|.*\| (\d+) min \| (\d+) / (\d+) min \|$",
                        index, re.M)
        header = re.search(r"\*\*Time\*\*: ~(\d+) minutes, plus ~(\d+) for the exercises",
                           _cells(path)[0].source)
        assert row and header, f"{path.name}: time missing in 00_index or in the notebook"
        core, reading, total = map(int, row.groups())
        assert (reading, total - reading) == tuple(map(int, header.groups())), path.name
        assert 0 < core < reading + 5, f"{path.name}: the core-only time must be the shorter one"


MARKED_HEADING = re.compile(r"^## (?P<title>.+) · (?P<mark>core|optional)$")
OPTIONAL_LINE = re.compile(r"^\*Optional: \S[^\n]*\*$")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_section_is_marked_core_or_optional(path):
    marks = {}
    for i, cell in enumerate(_cells(path)):
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.splitlines()
        for j, line in enumerate(lines):
            where = f"{path.name} cell {i}: {line!r}"
            if line.startswith("*Optional:"):
                assert j >= 2 and lines[j - 1] == "" and lines[j - 2].endswith(" · optional"), (
                    f"{where}: an *Optional: ...* line belongs right under an optional heading")
            if not line.startswith("## "):
                continue
            heading = MARKED_HEADING.match(line)
            assert heading, f"{where}: a ## heading ends with ' · core' or ' · optional'"
            title, mark = heading["title"], heading["mark"]
            assert " · core" not in title and " · optional" not in title, f"{where}: two marks"
            following = [x for x in lines[j + 1:j + 3] if x.strip()]
            if mark == "optional":
                assert following and OPTIONAL_LINE.match(following[0]), (
                    f"{where}: an optional section starts with '*Optional: what it adds.*'")
            else:
                assert not (following and following[0].startswith("*Optional")), where
            marks[title] = mark
    assert marks.get("Summary") == "core" and marks.get("Exercises") == "core", marks


def _bound_and_loaded(source):
    """(names a cell binds, names it loads) anywhere in its code, function bodies included."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("%"))
    bound, loaded = set(), set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return bound, loaded


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_core_code_needs_no_name_defined_only_in_an_optional_section(path):
    """A reader who skips every optional section can still run each core cell, in order."""
    mark = "core"  # the opening counts as core
    from_core, from_optional, problems = set(), set(), []
    for i, cell in enumerate(_cells(path)):
        if cell.cell_type == "markdown":
            for heading in re.findall(r"(?m)^## .* · (core|optional)$", cell.source):
                mark = heading
            continue
        bound, loaded = _bound_and_loaded(cell.source)
        if mark == "core":
            missing = (loaded - bound) & (from_optional - from_core)
            problems += [f"cell {i} uses {name!r}" for name in sorted(missing)]
            from_core |= bound
        else:
            from_optional |= bound
    assert not problems, f"{path.name}: core code needs optional code: {problems}"
