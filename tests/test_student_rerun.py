"""Regenerating the student edition never destroys a student's work; `make clean` keeps it.

tools/make_student.py records a hash of every notebook it writes (.make_student.json in the
student folder). These tests run it on small teacher's notebooks with a stand-in wheel (the
real wheel is built and tested in test_student_edition.py); make_student only copies it.
"""

import importlib.util
import json
import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "make_student.py"
WHEEL_NAME = "nbhelpers-0.1.0-py3-none-any.whl"

spec = importlib.util.spec_from_file_location("make_student", TOOL)
make_student = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_student)


def _lesson(title, answer="x = 42"):
    """A small teacher's notebook: a title, an import of nbhelpers and one exercise."""
    cell = nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}\n\n## Summary", id="title"),
        cell("import nbhelpers", id="import"),
        cell('x = ...\nraise NotImplementedError("Exercise: x")', id="stub",
             metadata={"tags": ["exercise", "skip-execution", "nbval-skip"]}),
        cell(answer, id="solution", metadata={"tags": ["solution"]}),
        cell("print(x == 42)", id="check", metadata={"tags": ["check"]}),
    ]
    return nb


@pytest.fixture
def course(tmp_path):
    """A teacher's folder with two lessons, a stand-in wheel and an empty place for students."""
    src = tmp_path / "notebooks"
    src.mkdir()
    for name in ("01_a.ipynb", "02_b.ipynb"):
        nbformat.write(_lesson(name), src / name)
    wheel = tmp_path / "dist" / WHEEL_NAME
    wheel.parent.mkdir()
    wheel.write_bytes(b"a stand-in: make_student only copies the wheel")
    return src, tmp_path / "student", wheel


@pytest.fixture
def run(capsys):
    """The command line's main(), as `make student` runs it (in this process, which is
    quicker; test_student_edition.py runs the script); returns what it printed."""
    def run(src, dest, wheel):
        code = make_student.main([str(src), str(dest), "--wheel", str(wheel)])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out
    return run


def _edit(path, text):
    """What a student does: write an answer into the exercise stub and save."""
    nb = nbformat.read(path, as_version=4)
    stub = next(c for c in nb.cells if c.get("id") == "stub")
    stub.source = text
    nbformat.write(nb, path)


def _stub_source(path):
    return next(c.source for c in nbformat.read(path, as_version=4).cells
                if c.get("id") == "stub")


def _update_title(src, name, title):
    """What a teacher does between two runs: change a lesson."""
    nbformat.write(_lesson(title), src / name)


def test_a_rerun_keeps_an_edited_notebook_says_so_and_refreshes_the_others(course, run):
    src, dest, wheel = course
    first = run(src, dest, wheel)
    assert "wrote 2 notebooks" in first and "KEPT" not in first
    _edit(dest / "01_a.ipynb", "x = 6 * 7  # my answer")
    for name in ("01_a.ipynb", "02_b.ipynb"):
        _update_title(src, name, f"{name}, revised")

    second = run(src, dest, wheel)

    assert _stub_source(dest / "01_a.ipynb") == "x = 6 * 7  # my answer"  # the work is there
    assert "KEPT 1 notebook(s)" in second and str(dest / "01_a.ipynb") in second
    assert "rename it" in second
    assert "wrote 1 notebooks" in second
    refreshed = nbformat.read(dest / "02_b.ipynb", as_version=4)
    assert "revised" in refreshed.cells[1].source  # cells[0] is the setup cell
    # and the next run still knows the kept notebook changed
    third = run(src, dest, wheel)
    assert _stub_source(dest / "01_a.ipynb") == "x = 6 * 7  # my answer"
    assert "KEPT 1 notebook(s)" in third


def test_once_the_student_renames_it_a_fresh_copy_is_written(course, run):
    src, dest, wheel = course
    run(src, dest, wheel)
    _edit(dest / "01_a.ipynb", "x = 42  # mine")
    (dest / "01_a.ipynb").rename(dest / "01_a-mine.ipynb")
    out = run(src, dest, wheel)
    assert "KEPT" not in out and "wrote 2 notebooks" in out
    assert _stub_source(dest / "01_a.ipynb") == _stub_source(src / "01_a.ipynb")
    assert _stub_source(dest / "01_a-mine.ipynb") == "x = 42  # mine"


def test_a_notebook_the_student_only_ran_is_kept_but_one_only_resaved_is_refreshed(course, run):
    src, dest, wheel = course
    run(src, dest, wheel)
    ran = nbformat.read(dest / "01_a.ipynb", as_version=4)
    ran.cells[2].outputs = [nbformat.v4.new_output("stream", text="a result\n")]
    nbformat.write(ran, dest / "01_a.ipynb")
    resaved = nbformat.read(dest / "02_b.ipynb", as_version=4)
    resaved.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    resaved.cells[1].metadata["collapsed"] = True
    nbformat.write(resaved, dest / "02_b.ipynb")

    out = run(src, dest, wheel)
    assert str(dest / "01_a.ipynb") in out and str(dest / "02_b.ipynb") not in out
    kept = nbformat.read(dest / "01_a.ipynb", as_version=4)
    assert kept.cells[2].outputs[0].text == "a result\n"
    assert "kernelspec" not in nbformat.read(dest / "02_b.ipynb", as_version=4).metadata


def test_notebooks_without_a_record_are_the_students(course, run):
    src, dest, wheel = course
    dest.mkdir()
    nbformat.write(_lesson("a student's own copy"), dest / "01_a.ipynb")
    (dest / "notes.ipynb").write_text("not even a notebook")
    (dest / "02_b.ipynb").write_text("half-saved, not JSON")
    out = run(src, dest, wheel)
    assert "KEPT 2 notebook(s)" in out and str(dest / "01_a.ipynb") in out
    assert (dest / "02_b.ipynb").read_text() == "half-saved, not JSON"
    (dest / "02_b.ipynb").unlink()
    run(src, dest, wheel)
    own = nbformat.read(dest / "01_a.ipynb", as_version=4)
    assert "a student's own copy" in own.cells[0].source
    assert (dest / "notes.ipynb").read_text() == "not even a notebook"
    # a lost or broken record makes every notebook there the student's
    _edit(dest / "02_b.ipynb", "x = 42  # mine")
    (dest / make_student.MANIFEST).write_text("{broken")
    out = run(src, dest, wheel)
    assert "KEPT 2 notebook(s)" in out
    assert _stub_source(dest / "02_b.ipynb") == "x = 42  # mine"


def test_a_notebook_identical_to_the_new_one_is_not_reported(course, run):
    src, dest, wheel = course
    run(src, dest, wheel)
    (dest / make_student.MANIFEST).unlink()  # no record, but nothing in it to lose
    out = run(src, dest, wheel)
    assert "KEPT" not in out and "wrote 2 notebooks" in out
    recorded = json.loads((dest / make_student.MANIFEST).read_text())["notebooks"]
    assert sorted(recorded) == ["01_a.ipynb", "02_b.ipynb"]


def test_a_lesson_gone_from_the_teachers_folder(course, run):
    src, dest, wheel = course
    run(src, dest, wheel)
    _edit(dest / "02_b.ipynb", "x = 42  # mine")
    (src / "02_b.ipynb").unlink()
    nbformat.write(_lesson("c"), src / "03_c.ipynb")
    out = run(src, dest, wheel)
    assert (dest / "02_b.ipynb").exists() and str(dest / "02_b.ipynb") in out  # kept
    run(src, dest, wheel)
    (src / "01_a.ipynb").unlink()  # 01 was never changed by the student: it goes
    out = run(src, dest, wheel)
    assert not (dest / "01_a.ipynb").exists() and f"removed {dest / '01_a.ipynb'}" in out


def test_a_failed_run_changes_nothing_in_the_student_folder(course, run):
    src, dest, wheel = course
    run(src, dest, wheel)
    before = {p.name: p.read_bytes() for p in dest.iterdir()}
    broken = _lesson("broken")
    broken.cells[3].metadata["tags"] = ["check"]  # the exercise loses its solution
    nbformat.write(broken, src / "02_b.ipynb")
    with pytest.raises(ValueError, match="has no cell tagged 'solution'"):
        make_student.make_student(src, dest, wheel=wheel)
    with pytest.raises(ValueError, match="wheel must be"):
        make_student.make_student(src, dest, wheel=src / "01_a.ipynb")
    assert {p.name: p.read_bytes() for p in dest.iterdir()} == before


def test_the_wheel_and_requirements_are_replaced(course, run):
    src, dest, wheel = course
    run(src, dest, wheel)
    newer = wheel.with_name("nbhelpers-0.2.0-py3-none-any.whl")
    newer.write_bytes(b"newer")
    run(src, dest, newer)
    assert sorted(p.name for p in dest.glob("*.whl")) == [newer.name]
    assert f"./{newer.name}\n" in (dest / "requirements.txt").read_text()
    setup = nbformat.read(dest / "01_a.ipynb", as_version=4).cells[0]
    assert setup.source == make_student.setup_cell_source(newer.name)


def test_make_clean_leaves_the_student_and_course_folders_alone():
    """student/ holds students' work, course/ a teacher's nbgrader course (make nbgrader)."""
    done = subprocess.run(["make", "-n", "clean"], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "rm -rf" in done.stdout  # the recipe is there and removes the build products
    assert "student" not in done.stdout and "course" not in done.stdout, done.stdout
