"""The exercises in notebooks 01-13 and the student edition made by tools/make_student.py.

The student edition is built into a temporary folder. Each lesson's student edition is then
executed once, in one kernel: the stubs must raise NotImplementedError and nothing else may
fail; the checks must say "Not yet" to the stubs; then the teacher's solution and check cells
are run at the end of the same kernel, and the checks must say "Well done!".

The student folder also carries a wheel of nbhelpers and a requirements.txt, and notebooks
that use nbhelpers start with a setup cell. One test copies only that folder, installs
`-r requirements.txt` into a new virtual environment and runs notebook 01 there; it needs a
package index (pip's cache helps) and took 65 to 110 s on a shared 2-core machine.
"""

import copy
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from nbhelpers import checks

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
LESSONS = [p for p in NOTEBOOKS if p.name[:2] != "00"]
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
def edition(tmp_path_factory):
    """The student edition of the notebooks, with a wheel built from this checkout."""
    return make_student.make_student(NOTEBOOK_DIR, tmp_path_factory.mktemp("student"))


@pytest.fixture(scope="module")
def student_dir(edition):
    return edition.dest


def _without_setup_cell(teacher, student, wheel_name):
    """The student notebook's cells after its setup cell, which is checked here."""
    cells = student.cells
    if not make_student.uses_package(teacher):
        assert all(c.get("id") != make_student.SETUP_CELL_ID for c in cells)
        return cells
    setup = cells[0]
    assert setup.get("id") == make_student.SETUP_CELL_ID and setup.cell_type == "code"
    assert setup.source == make_student.setup_cell_source(wheel_name)
    assert not setup.outputs and setup.execution_count is None and not _tags(setup)
    return cells[1:]


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
def test_student_edition_has_no_solutions_and_changes_nothing_else(path, edition):
    teacher, student = _read(path), _read(edition.dest / path.name)
    assert student.metadata == teacher.metadata
    kept = [c for c in teacher.cells if "solution" not in _tags(c)]
    cells = _without_setup_cell(teacher, student, edition.wheel.name)
    assert len(cells) == len(kept)
    for t, s in zip(kept, cells, strict=True):
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


def test_every_lesson_uses_nbhelpers_and_the_index_does_not():
    uses = {p.name[:2]: make_student.uses_package(_read(p)) for p in NOTEBOOKS}
    assert uses == {name: name != "00" for name in uses}


def test_the_folder_carries_the_wheel_and_a_requirements_file(edition):
    assert edition.wheel.parent == edition.dest
    names = set(zipfile.ZipFile(edition.wheel).namelist())
    for module in ROOT.joinpath("nbhelpers").rglob("*.py"):
        assert module.relative_to(ROOT).as_posix() in names, f"{module} is not in the wheel"
    lines = [line for line in edition.requirements.read_text().splitlines()
             if line and not line.startswith("#")]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert lines == [f"./{edition.wheel.name}", *project["dependencies"]]
    assert sorted(p.name for p in edition.dest.glob("*.whl")) == [edition.wheel.name]


def test_the_setup_cell_is_valid_ipython_and_names_the_wheel(edition):
    from IPython.core.inputtransformer2 import TransformerManager

    source = make_student.setup_cell_source(edition.wheel.name)
    python = TransformerManager().transform_cell(source)
    compile(python, "setup cell", "exec")  # raises SyntaxError if the magic is not turned
    assert f"run_line_magic('pip', 'install --quiet {edition.wheel.name}')" in python
    assert all(f'"{name}" in os.environ' in source for name in make_student.HUB_VARIABLES)
    assert len(source.splitlines()) <= 20, "the setup cell is for students: keep it short"
    readme = (edition.dest / make_student.STUDENT_README).read_text()
    assert f"pip install -r {make_student.REQUIREMENTS}" in readme and "jupyter lab" in readme
    assert "python -m nbhelpers.warmup" in readme  # the install step `make lab` runs
    with pytest.raises(ValueError, match="not a wheel"):
        make_student.setup_cell_source("requirements.txt")


def test_command_line(tmp_path, edition):
    tool = [sys.executable, str(ROOT / "tools" / "make_student.py")]
    done = subprocess.run([*tool, str(NOTEBOOK_DIR), str(tmp_path / "student"),
                           "--wheel", str(edition.wheel)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"{edition.wheel.name} and requirements.txt" in done.stdout
    assert sorted(p.name for p in (tmp_path / "student").glob("*.ipynb")) == \
        [p.name for p in sorted(NOTEBOOK_DIR.glob("*.ipynb"))]
    refused = subprocess.run([*tool, str(NOTEBOOK_DIR), str(NOTEBOOK_DIR)],
                             capture_output=True, text=True)
    assert refused.returncode == 2 and "overwrite" in refused.stderr


# --- the student edition, executed ----------------------------------------------------------

def _check_student_run(nb, n_student, appended, name):
    """Assert what a run of a student notebook must show (plus appended teacher's cells).

    Cells tagged skip-execution are not run; the stubs raise NotImplementedError and no other
    cell fails or writes to stderr; the setup cell prints nothing; the student's checks say
    "Not yet" and the appended checks after the teacher's solutions say "Well done!".
    """
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "skip-execution" in _tags(cell):
            continue
        where = f"{name} (student edition) cell {i}"
        assert cell.execution_count is not None, f"{where} did not run"
        errors = [o.ename for o in cell.outputs if o.output_type == "error"]
        stub = i < n_student and "exercise" in _tags(cell)
        assert errors == (["NotImplementedError"] if stub else []), f"{where}: {errors}"
        assert not any(o.output_type == "stream" and o.name == "stderr" for o in cell.outputs), \
            f"{where} writes to stderr"
        if cell.get("id") == make_student.SETUP_CELL_ID:
            assert cell.outputs == [], f"{where}: the setup cell printed {cell.outputs}"
        if i < n_student and "check" in _tags(cell):
            line = _one_line(_stdout(cell), where)
            assert line.startswith(checks.NOT_YET), f"{where} accepts the stub: {line}"
        if appended.get(i) == "check":
            line = _one_line(_stdout(cell), where)
            assert line.startswith(checks.PASSED), f"{where} rejects the solution: {line}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_student_edition_runs_and_checks_tell_stub_from_solution(path, student_dir):
    teacher = _read(path)
    exercises = make_student.find_exercises(teacher, path.name)
    assert exercises, f"{path.name} has no exercises"
    nb = _read(student_dir / path.name)
    assert nb.cells[0].get("id") == make_student.SETUP_CELL_ID
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
    _check_student_run(nb, n_student, appended, path.name)
    n_stubs = sum("exercise" in _tags(c) for c in nb.cells[:n_student])
    assert n_stubs == len(exercises)


# --- the student folder alone, in a new virtual environment ---------------------------------

# Runs in the new environment's Python: executes a notebook with nbclient (cells tagged
# skip-execution are skipped, errors are recorded in the outputs) in the current folder.
RUNNER = """\
import sys

import nbformat
from nbclient import NotebookClient

nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
               record_timing=False, resources={"metadata": {"path": "."}}).execute()
nbformat.write(nb, sys.argv[2])
"""

WHERE = ("import sys\nimport nbhelpers\n"
         "print(sys.prefix)\nprint(nbhelpers.__file__)")


def _pip(venv_python, *args, cwd):
    """Run pip (this environment's, so its cache) on the new environment; fail clearly."""
    command = [sys.executable, "-m", "pip", "--python", str(venv_python), *args]
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd,
                          env=_clean_env(), timeout=1800)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-25:])
        pytest.fail(f"pip failed (is a package index reachable? this test needs one):\n"
                    f"$ {' '.join(command)}\n{tail}", pytrace=False)


def _clean_env(**extra):
    """This process's environment without what would leak the repository's nbhelpers."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "JUPYTER_PATH",
                        *make_student.HUB_VARIABLES}}
    return {**env, **extra}


def _run_in_venv(venv_python, nb, folder, tmp_path, env):
    source, executed = tmp_path / "in.ipynb", tmp_path / "out.ipynb"
    nbformat.write(nb, source)
    done = subprocess.run([str(venv_python), str(tmp_path / "runner.py"), str(source),
                           str(executed)], capture_output=True, text=True, cwd=folder,
                          env=env, timeout=1200)
    assert done.returncode == 0, done.stdout + done.stderr
    return _read(executed)


def test_the_student_folder_alone_runs_notebook_01_in_a_new_environment(edition, tmp_path):
    folder = tmp_path / "student"  # only the student folder, nothing of the repository
    shutil.copytree(edition.dest, folder)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   env=_clean_env())
    python = venv / "bin" / "python"
    assert "include-system-site-packages = false" in (venv / "pyvenv.cfg").read_text()
    _pip(python, "install", "--quiet", "--no-compile", "--retries", "1", "--timeout", "30",
         "-r", "requirements.txt", "ipykernel", "nbclient", "pip", cwd=folder)
    (tmp_path / "runner.py").write_text(RUNNER)
    # matplotlib writes "building the font cache" to stderr once per version: not in a cell
    subprocess.run([str(python), "-c", "import matplotlib.font_manager"], check=True,
                   cwd=folder, env=_clean_env(), capture_output=True)
    # kernels of the new environment only, whatever kernels the user has registered
    jupyter = {"JUPYTER_PATH": str(venv / "share" / "jupyter"),
               "JUPYTER_DATA_DIR": str(tmp_path / "jupyter-data")}

    # notebook 01 top to bottom, then where nbhelpers came from
    name = next(p.name for p in LESSONS if p.name.startswith("01_"))
    nb = _read(folder / name)
    n_student = len(nb.cells)
    nb.cells.append(nbformat.v4.new_code_cell(WHERE, id="where"))
    nb = _run_in_venv(python, nb, folder, tmp_path, _clean_env(**jupyter))
    _check_student_run(nb, n_student, {}, name)
    prefix, module = _stdout(nb.cells[-1]).splitlines()
    assert Path(prefix) == venv and Path(module).is_relative_to(venv), (prefix, module)

    # without nbhelpers, the setup cell prints the one line to install it ...
    _pip(python, "uninstall", "--yes", "--quiet", "nbhelpers", cwd=folder)
    setup = copy.deepcopy(nb.cells[0])
    assert setup.get("id") == make_student.SETUP_CELL_ID
    probe = nbformat.v4.new_notebook(metadata=nb.metadata)
    probe.cells = [setup, nbformat.v4.new_code_cell(WHERE, id="where")]
    ran = _run_in_venv(python, probe, folder, tmp_path, _clean_env(**jupyter))
    assert _stdout(ran.cells[0]).splitlines()[-1:] == [make_student.INSTALL_LINE], \
        ran.cells[0].outputs
    # ... and stops there, so that Run All ends on those lines, not on a puzzling error below
    assert [o.ename for o in ran.cells[0].outputs if o.output_type == "error"] == \
        ["ModuleNotFoundError"], ran.cells[0].outputs
    # (pip uninstall leaves numba's cache in site-packages/nbhelpers/__pycache__: an empty
    # namespace package, which the setup cell does not take for the package)
    errors = [o.ename for o in ran.cells[1].outputs if o.output_type == "error"]
    assert errors == ["ModuleNotFoundError"] or _stdout(ran.cells[1]).endswith("\nNone\n"), \
        ran.cells[1].outputs
    # ... and on a JupyterHub it installs the wheel beside the notebook, in the same kernel
    ran = _run_in_venv(python, probe, folder, tmp_path,
                       _clean_env(**jupyter, JUPYTERHUB_USER="student"))
    assert not any(o.output_type == "error" for c in ran.cells for o in c.outputs), \
        [c.outputs for c in ran.cells]
    assert _stdout(ran.cells[0]).splitlines()[-1] == "nbhelpers is installed: carry on."
    prefix, module = _stdout(ran.cells[1]).splitlines()
    assert Path(module).is_relative_to(venv), module
