"""The exercises in notebooks 01-06 and the student edition made by tools/make_student.py.

The student edition is built into a temporary folder. Each lesson's student edition is then
executed once, in one kernel: the stubs must raise NotImplementedError and nothing else may
fail; the checks must say "Not yet" to the stubs; then the teacher's solution and check cells
are run at the end of the same kernel, and the checks must say "Well done!".
"""

import copy
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from nbhelpers import checks

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
LESSONS = [p for p in NOTEBOOKS if "01" <= p.name[:2] <= "06"]
SKIP_TAGS = {"skip-execution", "nbval-skip"}


def _load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_student = _load_tool("make_student")


def _tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def _read(path):
    return nbformat.read(path, as_version=4)


def _stdout(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.output_type == "stream" and o.name == "stdout")


def _one_line(text, where):
    assert text.endswith("\n") and text.count("\n") == 1, f"{where}: not one line: {text!r}"
    return text.rstrip("\n")


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    dest = tmp_path_factory.mktemp("student")
    make_student.make_student(NOTEBOOK_DIR, dest)
    return dest


def test_the_lessons_are_there():
    assert [p.name[:2] for p in LESSONS][:3] == ["01", "02", "03"]


# --- the exercises in the teacher's notebooks -----------------------------------------------

@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_lesson_ends_with_two_or_three_exercises(path):
    nb = _read(path)
    exercises = make_student.find_exercises(nb, path.name)  # raises if one is malformed
    assert 2 <= len(exercises) <= 3, f"{path.name} has {len(exercises)} exercises"
    summary = max(i for i, c in enumerate(nb.cells)
                  if c.cell_type == "markdown" and "## Summary" in c.source)
    for ex in exercises:
        stub = nb.cells[ex.stub]
        where = f"{path.name} cell {ex.stub}"
        assert ex.stub > summary, f"{where}: exercises go after the summary"
        assert {"exercise", *SKIP_TAGS} <= _tags(stub), f"{where}: stub tags {_tags(stub)}"
        assert "..." in stub.source and 'raise NotImplementedError("Exercise:' in stub.source
        assert not stub.outputs and stub.execution_count is None, f"{where} was executed"
        for i in ex.solutions:
            assert "NotImplementedError" not in nb.cells[i].source
            assert not _tags(nb.cells[i]) & SKIP_TAGS, f"{path.name} cell {i} is skipped"
        for i in ex.checks:
            names = re.findall(r"checks\.(check_\w+)\(", nb.cells[i].source)
            assert names, f"{path.name} cell {i} calls no nbhelpers.checks function"
            assert set(names) <= set(checks.__all__), names
            # the committed output (kept current by nbval) is the check passing the solution
            line = _one_line(_stdout(nb.cells[i]), f"{path.name} cell {i}")
            assert line.startswith(checks.PASSED), line


# --- the student edition, without a kernel --------------------------------------------------

def _answer_lines(nb):
    """Lines of the solution cells that appear in no other cell of the teacher's notebook."""
    solution, other = set(), set()
    for cell in nb.cells:
        lines = {line.strip() for line in cell.source.splitlines()} - {""}
        (solution if "solution" in _tags(cell) else other).update(lines)
    return solution - other


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_edition_has_no_solutions_and_changes_nothing_else(path, student_dir):
    teacher, student = _read(path), _read(student_dir / path.name)
    assert student.metadata == teacher.metadata
    kept = [c for c in teacher.cells if "solution" not in _tags(c)]
    assert len(student.cells) == len(kept)
    for t, s in zip(kept, student.cells, strict=True):
        assert s.source == t.source and s.cell_type == t.cell_type and s.get("id") == t.get("id")
        if "exercise" in _tags(t):
            assert _tags(s) == _tags(t) - SKIP_TAGS  # the stub runs (and raises) for students
            assert not s.outputs and s.execution_count is None
        elif "check" in _tags(t):
            assert _tags(s) == _tags(t)
            assert not s.outputs and s.execution_count is None  # no teacher's "Well done!"
        else:
            assert s == t
    text = {line.strip() for c in student.cells for line in c.source.splitlines()}
    leaked = _answer_lines(teacher) & text
    assert not leaked, f"solution lines in the student edition: {sorted(leaked)[:5]}"
    assert not any("solution" in _tags(c) for c in student.cells)


def _teacher_notebook(cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [(nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell)(
        source, id=f"c{i}", metadata={"tags": tags} if tags else {})
        for i, (kind, source, tags) in enumerate(cells)]
    return nb


STUB = ("code", 'x = ...\nraise NotImplementedError("Exercise: x")',
        ["exercise", "skip-execution", "nbval-skip"])


def test_make_student_on_a_small_notebook():
    nb = _teacher_notebook([("md", "## Summary", []), STUB, ("code", "x = 42", ["solution"]),
                            ("code", "print(x)", ["check"]), ("code", "y = 1", [])])
    nb.cells[3].outputs = [nbformat.v4.new_output("stream", text="Well done! 42\n")]
    nb.cells[3].execution_count = 3
    student = make_student.student_notebook(nb)
    assert [c.source for c in student.cells] == [nb.cells[i].source for i in (0, 1, 3, 4)]
    assert student.cells[1].metadata.tags == ["exercise"]
    assert student.cells[2].outputs == [] and student.cells[2].execution_count is None
    assert nb.cells[3].outputs, "the teacher's notebook must not be changed"


@pytest.mark.parametrize("cells, message", [
    ([("code", "x = 42", ["solution"])], "no exercise stub comes before"),
    ([STUB, ("code", "print(x)", ["check"])], "has no cell tagged 'solution'"),
    ([STUB, ("code", "x = 42", ["solution"])], "has no cell tagged 'check'"),
    ([("code", "x = ...", ["exercise"])], "without raise NotImplementedError"),
    ([STUB, ("code", "x = 1", ["solution", "check"])], "tagged both"),
    ([STUB, ("code", "c", ["check"]), ("code", "s", ["solution"])], "after the check"),
])
def test_malformed_exercises_are_refused(cells, message):
    with pytest.raises(ValueError, match=message):
        make_student.student_notebook(_teacher_notebook(cells))


def test_command_line(tmp_path):
    tool = [sys.executable, str(ROOT / "tools" / "make_student.py")]
    done = subprocess.run([*tool, str(NOTEBOOK_DIR), str(tmp_path / "student")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "student").glob("*.ipynb")) == \
        [p.name for p in sorted(NOTEBOOK_DIR.glob("*.ipynb"))]
    refused = subprocess.run([*tool, str(NOTEBOOK_DIR), str(NOTEBOOK_DIR)],
                             capture_output=True, text=True)
    assert refused.returncode == 2 and "overwrite" in refused.stderr


# --- the student edition, executed ----------------------------------------------------------

@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_student_edition_runs_and_checks_tell_stub_from_solution(path, student_dir):
    teacher = _read(path)
    exercises = make_student.find_exercises(teacher, path.name)
    assert exercises, f"{path.name} has no exercises"
    nb = _read(student_dir / path.name)
    n_student = len(nb.cells)
    appended = {}  # index in nb -> role, for the teacher's solutions and checks run afterwards
    for ex in exercises:
        for i in ex.solutions + ex.checks:
            cell = copy.deepcopy(teacher.cells[i])
            cell.outputs, cell.execution_count = [], None
            cell["id"] = f"appended-{i}"
            appended[len(nb.cells)] = "check" if i in ex.checks else "solution"
            nb.cells.append(cell)
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                   record_timing=False,
                   resources={"metadata": {"path": str(student_dir)}}).execute()

    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "skip-execution" in _tags(cell):
            continue
        where = f"{path.name} (student edition) cell {i}"
        assert cell.execution_count is not None, f"{where} did not run"
        errors = [o.ename for o in cell.outputs if o.output_type == "error"]
        stub = i < n_student and "exercise" in _tags(cell)
        assert errors == (["NotImplementedError"] if stub else []), f"{where}: {errors}"
        assert not any(o.output_type == "stream" and o.name == "stderr" for o in cell.outputs), \
            f"{where} writes to stderr"
        if i < n_student and "check" in _tags(cell):
            line = _one_line(_stdout(cell), where)
            assert line.startswith(checks.NOT_YET), f"{where} accepts the stub: {line}"
        if appended.get(i) == "check":
            line = _one_line(_stdout(cell), where)
            assert line.startswith(checks.PASSED), f"{where} rejects the solution: {line}"
    n_stubs = sum("exercise" in _tags(c) for c in nb.cells[:n_student])
    assert n_stubs == len(exercises)
