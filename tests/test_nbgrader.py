"""The nbgrader course folder of tools/make_nbgrader.py, run through the real nbgrader, offline.

nbgrader generates every lesson's assignment, then autogrades three submissions: the
teacher's notebook (full marks), the untouched students' version (zero) and the teacher's
notebook with one plausible wrong answer (only that exercise's point lost). Autograding runs
each notebook top to bottom, so to keep CI lean it grades the lessons in ``GRADED`` (02 by
default; ``NBGRADER_TEST_LESSONS=all`` grades all six, which takes minutes), with the three
submissions graded in parallel, each in its own copy of the course folder.
"""

import copy
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # nbgrader runs `alembic` from the same environment


def _load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_nbgrader = _load("make_nbgrader")
make_student = _load("make_student")

LESSONS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")
                 if not p.name.startswith("00_"))
#: One plausible wrong answer per lesson: (text of the teacher's solution, the wrong text,
#: grade_id of the check that must fail).
WRONG = {
    "01_competitive_learning_in_a_plane": (
        "    return int(np.argmin(np.linalg.norm(W - x, axis=1)))",
        "    return int(np.argmax(np.linalg.norm(W - x, axis=1)))", "exercise1_check1"),
    "02_data_synthesis": ("    np.random.shuffle(points)\n    return points",
                          "    return points  # forgot to shuffle", "exercise1_check1"),
    "03_normalization": ("return (X - lowest) / (highest - lowest)",
                         "return (X - lowest) / highest", "exercise1_check1"),
    "04_training_with_newc": ("W[winner] += lr * d[winner] * (x - W[winner])",
                              "W[winner] += lr * (x - W[winner])", "exercise1_check1"),
    "05_competitive_layer_from_scratch": (
        "        W[winner] += lr * (x - W[winner])",
        "        W[winner] += lr * np.linalg.norm(x - W[winner]) * (x - W[winner])",
        "exercise1_check1"),
    "06_3d_comparison_plots": ('    ax.legend(loc="upper left", fontsize="small")\n',
                               "", "exercise1_check1"),
    "07_explore_epochs_and_noise": ("            return epochs\n    return None",
                                    "            return epochs\n    return candidates[-1]",
                                    "exercise2_check1"),
    "08_sample_order_and_the_conscience": (
        "(count_owner + wins) * d_owner <= count_other * d_other",
        "(1 + wins) * d_owner <= d_other", "exercise1_check1"),
    "09_how_many_neurons": ("            return neuron_counts[i]\n",
                            "            return neuron_counts[i + 1]\n", "exercise2_check1"),
    "10_learning_rate_decay": (
        "    return lr * (1 - np.arange(passes) / passes)",
        "    return lr * (1 - np.arange(passes + 1) / (passes + 1))", "exercise2_check1"),
    "11_online_k_means": ("            centres[k] = X[nearest == k].mean(axis=0)",
                          "            centres[k] = np.median(X[nearest == k], axis=0)",
                          "exercise1_check1"),
    "12_colour_quantization": ("lr_255 = 0.1 / 255", "lr_255 = 0.1", "exercise1_check1"),
    "13_lvq_and_beyond": ("rate = lr * (1 - p / passes)", "rate = lr", "exercise1_check1"),
}
_chosen = os.environ.get("NBGRADER_TEST_LESSONS", "03_normalization")
GRADED = LESSONS if _chosen == "all" else _chosen.split(",")
STUDENTS = ("teacher", "stubs", "wrong")


def _env():
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    # the kernels nbgrader starts import this checkout's nbhelpers
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _nbgrader(course, *args):
    """Start ``nbgrader args...`` in the course folder; the Popen."""
    return subprocess.Popen([str(BIN / "nbgrader"), *args, "--log-level=WARN"], cwd=course,
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def _finish(proc):
    out, _ = proc.communicate(timeout=1800)
    assert proc.returncode == 0, out
    return out


def _wrong_notebook(nb, lesson):
    old, new, _ = WRONG[lesson]
    wrong = copy.deepcopy(nb)
    hits = [c for c in wrong.cells if old in c.source and c.metadata["nbgrader"]["solution"]]
    assert len(hits) == 1, f"{lesson}: the text to make wrong is in {len(hits)} answer cells"
    assert hits[0].source.count(old) == 1
    hits[0].source = hits[0].source.replace(old, new)
    return wrong


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The course folder after ``nbgrader generate_assignment`` of every lesson."""
    root = tmp_path_factory.mktemp("course")
    totals = make_nbgrader.make_nbgrader(ROOT / "notebooks", root)
    assert sorted(totals) == LESSONS
    start = time.perf_counter()
    _finish(_nbgrader(root, "generate_assignment", "*"))
    print(f"\nnbgrader generate_assignment, {len(LESSONS)} lessons: "
          f"{time.perf_counter() - start:.1f} s")
    return root


@pytest.fixture(scope="module")
def graded(course):
    """{student: {lesson: {grade_id: (score, max_score)}}} and the autograded folders."""
    folders, procs = {}, {}
    for student in STUDENTS:  # a copy of the course each, so that they can run in parallel
        folder = course.parent / f"grading-{student}"
        shutil.copytree(course, folder)
        for lesson in GRADED:
            name = f"{lesson}.ipynb"
            nb = nbformat.read(course / "source" / lesson / name, as_version=4)
            if student == "stubs":
                nb = nbformat.read(course / "release" / lesson / name, as_version=4)
            elif student == "wrong":
                nb = _wrong_notebook(nb, lesson)
            (folder / "submitted" / student / lesson).mkdir(parents=True)
            nbformat.write(nb, folder / "submitted" / student / lesson / name)
        folders[student] = folder
    start = time.perf_counter()
    for student, folder in folders.items():  # one nbgrader per lesson would start 3x slower
        script = " && ".join(f"{BIN / 'nbgrader'} autograde {lesson} --log-level=WARN"
                             for lesson in GRADED)
        procs[student] = subprocess.Popen(script, shell=True, cwd=folder, env=_env(),
                                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                          text=True)
    for proc in procs.values():
        _finish(proc)
    print(f"nbgrader autograde, {len(STUDENTS)} submissions x {len(GRADED)} lesson(s), "
          f"in parallel: {time.perf_counter() - start:.1f} s")

    from nbgrader.api import Gradebook

    grades = {}
    for student, folder in folders.items():
        with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gb:
            grades[student] = {
                lesson: {g.name: (g.score, g.max_score)
                         for g in gb.find_submission_notebook(lesson, lesson, student).grades}
                for lesson in GRADED}
    print(_table(grades))
    return grades, folders


def _table(grades):
    lines = ["", f"{'lesson':36s}" + "".join(f"{s:>10s}" for s in STUDENTS)]
    for lesson in GRADED:
        cells = []
        for student in STUDENTS:
            got = grades[student][lesson].values()
            cells.append(f"{sum(s for s, _ in got):g}/{sum(m for _, m in got):g}")
        lines.append(f"{lesson:36s}" + "".join(f"{c:>10s}" for c in cells))
    return "\n".join(lines)


def test_every_lesson_has_a_wrong_answer_to_try():
    assert sorted(WRONG) == LESSONS
    assert set(GRADED) <= set(LESSONS), GRADED


def test_teacher_gets_full_marks(graded):
    grades, _ = graded
    for lesson in GRADED:
        scores = grades["teacher"][lesson]
        assert len(scores) == 2, scores  # two exercises, one check each
        assert all(score == most == make_nbgrader.POINTS_PER_CHECK
                   for score, most in scores.values()), (lesson, scores)


def test_untouched_stubs_get_zero(graded):
    grades, _ = graded
    for lesson in GRADED:
        scores = grades["stubs"][lesson]
        assert len(scores) == 2 and all(score == 0 for score, _ in scores.values()), scores


def test_one_wrong_answer_loses_only_its_exercise(graded):
    grades, folders = graded
    for lesson in GRADED:
        failing = WRONG[lesson][2]
        scores = grades["wrong"][lesson]
        assert scores[failing] == (0, make_nbgrader.POINTS_PER_CHECK), scores
        others = {k: v for k, v in scores.items() if k != failing}
        assert others and all(score == most > 0 for score, most in others.values()), scores
        # the failing test cell raised the check's hint, not some other error
        nb = nbformat.read(folders["wrong"] / "autograded" / "wrong" / lesson /
                           f"{lesson}.ipynb", as_version=4)
        cell = next(c for c in nb.cells
                    if c.metadata.get("nbgrader", {}).get("grade_id") == failing)
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert [e.ename for e in errors] == ["AssertionError"], cell.outputs
        assert errors[0].evalue.startswith("Not yet: "), errors[0].evalue


def _answer_cells(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]


def test_release_has_the_stubs_and_no_solution_code(course):
    """In every lesson, each answer cell of the students' version keeps the stub's lines
    (its raise lines become nbgrader's stub) and shows no line of the solution that the stub
    does not have; the check cells are locked and graded."""
    n_answers = 0
    for lesson in LESSONS:
        teacher = nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)
        release = nbformat.read(course / "release" / lesson / f"{lesson}.ipynb", as_version=4)
        exercises = make_student.find_exercises(teacher, lesson)
        answers = _answer_cells(release)
        assert len(answers) == len(exercises)
        for ex, answer in zip(exercises, answers, strict=True):
            n_answers += 1
            stub = teacher.cells[ex.stub].source.splitlines()
            lines = answer.source.splitlines()
            assert make_nbgrader.CODE_STUB in [line.strip() for line in lines], answer.source
            assert "### BEGIN SOLUTION" not in answer.source
            kept = [line for line in stub if "raise NotImplementedError" not in line]
            shown = [line for line in lines if line.strip() != make_nbgrader.CODE_STUB]
            assert shown == kept, (lesson, answer.source)
            for i in ex.solutions:
                leaked = {line for line in teacher.cells[i].source.splitlines()
                          if line.strip() and line not in stub} & set(lines)
                assert not leaked, (lesson, leaked)
        checks = [c for c in release.cells if c.metadata.get("nbgrader", {}).get("grade")]
        assert len(checks) == sum(len(ex.checks) for ex in exercises)
        for cell in checks:
            meta = cell.metadata["nbgrader"]
            assert meta["locked"] and meta["points"] == make_nbgrader.POINTS_PER_CHECK
            assert cell.source.startswith("checks.raise_on_failure()")
        # what the students read fits their copy: checks that raise, no saved outputs
        text = "\n".join(c.source for c in release.cells if c.cell_type == "markdown")
        flat = " ".join(text.split())
        for stale in ("answers in one line", "teacher's edition", "pictures saved with it"):
            assert stale not in flat, (lesson, stale)
        assert "stops with an `AssertionError`" in flat, lesson
    assert n_answers == 2 * len(LESSONS)


def test_answer_source_puts_the_solution_where_the_stub_has_its_placeholders():
    stub = ("# Exercise 1: your answer\n"
            "def f(x):\n"
            "    \"\"\"Twice x.\"\"\"\n"
            "    ...\n"
            "    raise NotImplementedError(\"Exercise: write f\")\n"
            "\n"
            "\n"
            "print(f(2))\n"
            "guess = ...\n"
            "raise NotImplementedError(\"Exercise: guess\")")
    solution = ("# Exercise 1: a solution\n"
                "teachers_note = 1\n"
                "\n"
                "\n"
                "def f(x):\n"
                "    \"\"\"Twice x.\"\"\"\n"
                "    return 2 * x\n"
                "\n"
                "\n"
                "print(f(2))\n"
                "guess = 4")
    assert make_nbgrader.answer_source(stub, solution) == (
        "# Exercise 1: your answer\n"
        "def f(x):\n"
        "    \"\"\"Twice x.\"\"\"\n"
        "    ...\n"
        "    ### BEGIN SOLUTION\n"
        "    return 2 * x\n"
        "    ### END SOLUTION\n"
        "\n"
        "\n"
        "print(f(2))\n"
        "guess = ...\n"
        "### BEGIN SOLUTION\n"
        "teachers_note = 1\n"  # replaced no placeholder: joins the next region
        "guess = 4\n"
        "### END SOLUTION")


def test_answer_source_refuses_a_stub_without_placeholders():
    with pytest.raises(ValueError, match="no ... or raise NotImplementedError line"):
        make_nbgrader.answer_source("x = 1", "x = 2")
    with pytest.raises(ValueError, match="has no place to go"):
        make_nbgrader.answer_source("def f():\n    ...\n\n\nprint(1)",
                                    "def f():\n    return 1\n\n\nprint(2)")
    with pytest.raises(ValueError, match="differ in more than one block, near 'print"):
        make_nbgrader.answer_source("def f():\n    ...\nprint(1)",
                                    "def f():\n    return 1\nprint(2)")


def test_make_nbgrader_refuses_bad_folders(tmp_path):
    with pytest.raises(ValueError, match="must be a folder"):
        make_nbgrader.make_nbgrader(tmp_path / "missing", tmp_path / "out")
    with pytest.raises(ValueError, match=r"no notebooks \(\*\.ipynb\)"):
        make_nbgrader.make_nbgrader(tmp_path, tmp_path / "out")
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("hi")]),
                   tmp_path / "00_index.ipynb")
    with pytest.raises(ValueError, match="has exercises"):
        make_nbgrader.make_nbgrader(tmp_path, tmp_path / "out")


def test_a_rerun_keeps_what_the_teacher_changed_and_nbgraders_files(tmp_path, capsys):
    src = tmp_path / "notebooks"
    src.mkdir()
    for name in ("02_data_synthesis.ipynb", "03_normalization.ipynb"):
        (src / name).write_bytes((ROOT / "notebooks" / name).read_bytes())
    course = tmp_path / "course"
    make_nbgrader.make_nbgrader(src, course)
    edited = course / "source" / "02_data_synthesis" / "02_data_synthesis.ipynb"
    nb = nbformat.read(edited, as_version=4)
    nb.cells[0].source += "\n\nThe teacher's own note."
    nbformat.write(nb, edited)
    points_only = course / "source" / "03_normalization" / "03_normalization.ipynb"
    nb = nbformat.read(points_only, as_version=4)
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    graded[0].metadata.nbgrader.points = 3  # nbgrader keeps points in the cell metadata
    nbformat.write(nb, points_only)
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text() + 'c.CourseDirectory.course_id = "cl101"\n')
    gradebook = course / "gradebook.db"
    gradebook.write_bytes(b"grades")
    (src / "04_training_with_newc.ipynb").write_bytes(
        (ROOT / "notebooks" / "04_training_with_newc.ipynb").read_bytes())
    new = course / "source" / "04_training_with_newc" / "04_training_with_newc.ipynb"

    capsys.readouterr()
    make_nbgrader.make_nbgrader(src, course)
    err = capsys.readouterr().err
    assert "KEPT 3 file(s)" in err and all(str(p) in err for p in (edited, config, points_only))
    assert "The teacher's own note." in nbformat.read(edited, as_version=4).cells[0].source
    assert "cl101" in config.read_text()
    points = [c.metadata.nbgrader["points"] for c in nbformat.read(points_only, as_version=4).cells
              if c.metadata.get("nbgrader", {}).get("grade")]
    assert points[0] == 3
    assert gradebook.read_bytes() == b"grades"
    assert new.exists()  # a new lesson is written
    # kept files stay kept on the next run too
    make_nbgrader.make_nbgrader(src, course)
    assert "KEPT 3 file(s)" in capsys.readouterr().err

