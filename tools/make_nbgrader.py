"""Write an nbgrader course folder from the teacher's notebooks.

    python tools/make_nbgrader.py notebooks course      (what `make nbgrader` runs)

The folder holds ``nbgrader_config.py`` and ``source/<lesson>/<lesson>.ipynb``: one nbgrader
assignment per lesson notebook that has exercises (01 to 13; the index has none), because a
course hands out and grades one lesson at a time, and a gradebook with one score per lesson
shows where a student stands. Run nbgrader inside the folder (or a copy of it where the
course lives), with the environment activated (nbgrader runs ``alembic`` from it):
``nbgrader generate_assignment 02_data_synthesis`` writes the students' version to
``release/``, ``nbgrader autograde 02_data_synthesis`` grades what is in ``submitted/``.
The notebooks import ``nbhelpers``, so it must be installed where students work and where
nbgrader grades.

Each exercise (see tools/make_student.py: a stub cell tagged ``exercise``, its ``solution``
cells and its ``check`` cells) becomes

- one *autograded answer* cell: the stub, with the solution's code between
  ``### BEGIN SOLUTION`` and ``### END SOLUTION`` where the stub differs from the solution.
  The stub's ``...`` lines stay (they are harmless before the solution's code), its
  ``raise NotImplementedError`` lines go, and nbgrader replaces each solution region with
  ``CODE_STUB``, a line that raises ``NotImplementedError``: the students' version reads like
  the stub. Solution lines that replace no ``...`` or ``raise`` line of the stub (such as the
  teacher's own prediction) join the nearest region at the same indentation in the cell.
- one *autograded test* cell per check cell, locked and worth ``POINTS_PER_CHECK`` point:
  it switches the checks to their grading mode (``checks.raise_on_failure()``), in which a
  wrong answer raises ``AssertionError`` with the check's hint, and calls the check. Every
  exercise of the series has one check, so each exercise is worth 1 point, each lesson 2.

Markdown cells become read-only (nbgrader restores them when it grades); the other code cells
stay plain, since students change their parameters and write their predictions in them.
"""

import argparse
import copy
import difflib
import hashlib
import importlib.util
import json
import re
import sys
from pathlib import Path

import nbformat

_spec = importlib.util.spec_from_file_location(
    "make_student", Path(__file__).resolve().parent / "make_student.py")
make_student = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_student)

#: Points of each autograded test cell (one per check cell).
POINTS_PER_CHECK = 1
#: What nbgrader writes in place of each solution region in the students' version.
CODE_STUB = 'raise NotImplementedError("Exercise: write your answer, then delete this line")'
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
#: Hashes of the files as written, in the course folder: a rerun keeps what changed since.
MANIFEST = ".make_nbgrader.json"
#: The first line the test cells add in front of the check call.
GRADING_LINE = ("checks.raise_on_failure()  # grading mode: a wrong answer raises "
                "AssertionError with the hint")
#: Tags of the teacher's exercise cells; nbgrader's metadata takes their place.
EXERCISE_TAGS = {make_student.STUB_TAG, make_student.SOLUTION_TAG, make_student.CHECK_TAG,
                 "skip-execution", "nbval-skip", "raises-exception"}

CONFIG = f'''"""nbgrader settings of this course folder, written by tools/make_nbgrader.py."""

c = get_config()  # noqa: F821 (nbgrader defines it)
# The students' version of a solution region: a line that raises, as the teacher's stubs do.
c.ClearSolutions.code_stub = {{"python": {CODE_STUB!r}}}
# Some lessons train for thousands of epochs in one cell; nbgrader's default is 30 s.
c.Execute.timeout = 600
'''

_RAISE = re.compile(r"^\s*raise NotImplementedError\b")
_PLACEHOLDER = re.compile(r"^\s*(?:[A-Za-z_]\w*\s*=\s*)?\.\.\.\s*(?:#.*)?$")
_HEADER = re.compile(r"^# Exercise \d+:")


def _indent(lines):
    """The indentation of the first non-blank line (empty when there is none)."""
    for line in lines:
        if line.strip():
            return line[:len(line) - len(line.lstrip())]
    return ""


def _trim(lines):
    """``lines`` without blank lines at either end."""
    lines = list(lines)
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def answer_source(stub, solution, name="exercise"):
    """The source of an nbgrader answer cell from an exercise's stub and solution code.

    Parameters
    ----------
    stub, solution : str
        The stub cell's source and the solution cells' sources joined by newlines.
    name : str
        Names the exercise in error messages.

    Returns
    -------
    str
        The stub's lines, each stretch where the solution differs replaced by the stub's
        ``...`` lines followed by the solution's lines between ``### BEGIN SOLUTION`` and
        ``### END SOLUTION`` (see the module docstring). A first line ``# Exercise N: ...``
        is taken from the stub.
    """
    stub_lines, sol_lines = stub.splitlines(), solution.splitlines()
    head = []
    if stub_lines and sol_lines and _HEADER.match(stub_lines[0]) and _HEADER.match(sol_lines[0]):
        head, stub_lines, sol_lines = [stub_lines[0]], stub_lines[1:], sol_lines[1:]
    # pieces: ("code", lines) shown to everyone, or ("region", indent, lines) for a solution
    pieces, loose = [], []  # loose: (indent, solution lines) that replace no placeholder
    matcher = difflib.SequenceMatcher(None, stub_lines, sol_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = stub_lines[i1:i2], sol_lines[j1:j2]
        if op == "equal":
            pieces.append(["code", old])
            continue
        is_answer = any(_RAISE.match(line) or _PLACEHOLDER.match(line) for line in old)
        if is_answer:
            kept = [line for line in old if not _RAISE.match(line)]
            indent = _indent(new) or _indent(old)
            outside = [line for line in kept + new
                       if line.strip() and not line.startswith(indent)]
            if outside:
                raise ValueError(f"{name}: the stub and the solution differ in more than "
                                 f"one block, near {outside[0].strip()!r}; make the lines "
                                 "after a block (such as a function) the same in both")
            pieces.append(["code", kept])
            pieces.append(["region", indent, _trim(new)])
        else:
            pieces.append(["code", old])
            if _trim(new):
                loose.append((len(pieces), _indent(new), _trim(new)))
    regions = [i for i, piece in enumerate(pieces) if piece[0] == "region"]
    if not regions:
        raise ValueError(f"{name}: the stub has no ... or raise NotImplementedError line "
                         "where the solution's code could go")
    for position, indent, lines in reversed(loose):
        after = [i for i in regions if i >= position and pieces[i][1] == indent]
        before = [i for i in regions if i < position and pieces[i][1] == indent]
        if after:  # the nearest region after: the loose lines then run before the answer
            pieces[after[0]][2] = lines + pieces[after[0]][2]
        elif before:
            pieces[before[-1]][2] = pieces[before[-1]][2] + lines
        else:
            raise ValueError(f"{name}: the solution line {lines[0].strip()!r} has no place "
                             "to go: no ... or raise line of the stub at its indentation")
    out = list(head)
    for piece in pieces:
        if piece[0] == "code":
            out += piece[1]
        else:
            _, indent, lines = piece
            out += [indent + BEGIN] + lines + [indent + END]
    return "\n".join(out)


def _nbgrader(grade_id, *, grade=False, solution=False, locked=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def _exercise_cell(cell, grade_id, source, **nbgrader):
    """A copy of ``cell`` with ``source``, no outputs, no exercise tags, nbgrader metadata."""
    new = copy.deepcopy(cell)
    new.source = source
    new.outputs = []
    new.execution_count = None
    kept_tags = [t for t in make_student.tags(cell) if t not in EXERCISE_TAGS]
    new.metadata.pop("tags", None)
    if kept_tags:
        new.metadata["tags"] = kept_tags
    new.metadata["nbgrader"] = _nbgrader(grade_id, **nbgrader)
    return new


_NUMBERS = {1: "One", 2: "Two", 3: "Three", 4: "Four"}
#: The sentence about saved pictures: nbgrader's release carries no outputs.
_SAVED_PICTURES = re.compile(r"Until you run the notebook, the figures you see are the\s+"
                             r"pictures saved with it\.\s*")


def _for_graded_students(markdown, n_exercises):
    """Markdown as nbgrader's students need it: their checks raise, their copy has no outputs.

    The introduction of the exercises (a cell that starts with ``## Exercises``) is written
    anew; the sentence about the pictures saved with the notebook is dropped.
    """
    if markdown.startswith("## Exercises"):
        heading = markdown.splitlines()[0]
        count = _NUMBERS.get(n_exercises, str(n_exercises))
        return f"""{heading}

{count} exercises, graded with nbgrader. Each one has a task, a cell for your answer and a
locked check worth {POINTS_PER_CHECK} point:

1. in the answer cell, replace each `raise NotImplementedError(...)` line (and any `...`)
   with your code, and run it;
2. run the check below it. A right answer prints `Well done!`; a wrong one stops with an
   `AssertionError` whose last line is the hint, `Not yet: ...` (never the answer).

Run the next cell first: it imports what the exercises need."""
    return _SAVED_PICTURES.sub("", markdown)


def nbgrader_notebook(nb, name="notebook"):
    """The nbgrader source version of a teacher's notebook (see the module docstring).

    Returns
    -------
    (nbformat.NotebookNode, int)
        The notebook and its total points.
    """
    exercises = make_student.find_exercises(nb, name)
    if not exercises:
        raise ValueError(f"{name} has no exercises to grade")
    roles = {}  # cell index -> what to do with it
    for number, ex in enumerate(exercises, start=1):
        roles[ex.stub] = ("answer", number, ex)
        roles.update({i: ("drop",) for i in ex.solutions})
        roles.update({i: ("check", number, k) for k, i in enumerate(ex.checks, start=1)})
    cells, points = [], 0
    for i, cell in enumerate(nb.cells):
        role = roles.get(i, ("other",))
        if role[0] == "drop":
            continue
        if role[0] == "answer":
            _, number, ex = role
            solution = "\n".join(nb.cells[j].source for j in ex.solutions)
            source = answer_source(cell.source, solution, f"{name} exercise {number}")
            cells.append(_exercise_cell(cell, f"exercise{number}_answer", source,
                                        solution=True))
        elif role[0] == "check":
            _, number, k = role
            source = f"{GRADING_LINE}\n{cell.source.strip()}"
            cells.append(_exercise_cell(cell, f"exercise{number}_check{k}", source,
                                        grade=True, locked=True, points=POINTS_PER_CHECK))
            points += POINTS_PER_CHECK
        elif cell.cell_type == "markdown":
            new = copy.deepcopy(cell)
            new.source = _for_graded_students(new.source, len(exercises))
            new.metadata["nbgrader"] = _nbgrader(f"text{i}", locked=True)
            cells.append(new)
        else:
            cells.append(copy.deepcopy(cell))
    graded = copy.deepcopy(nb)
    graded.cells = cells
    return graded, points


def make_nbgrader(src, dest):
    """Write the nbgrader course folder for the notebooks in ``src`` to ``dest``.

    Returns
    -------
    dict
        Assignment name -> its total points, for every lesson with exercises.
    """
    src, dest = Path(src), Path(dest)
    notebooks = make_student.notebook_paths(src)
    lessons = {}
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        if not make_student.find_exercises(nb, path.name):
            continue
        lessons[path.stem] = nbgrader_notebook(nb, path.name)
    if not lessons:
        raise ValueError(f"no notebook in {src} has exercises")
    return _write_keeping_edits(dest, lessons)


def _write_keeping_edits(dest, lessons):
    """Write the config and the source notebooks to ``dest``; keep what the teacher changed.

    ``MANIFEST`` records a hash of every file as written. A file changed since (a teacher's
    points, a course id in the config), or found without a record, is kept and listed on
    stderr; nbgrader's own files (gradebook, release, submitted, ...) are never touched.
    """
    files = {"nbgrader_config.py": CONFIG}
    totals = {}
    for assignment, (nb, points) in lessons.items():
        files[f"source/{assignment}/{assignment}.ipynb"] = nb
        totals[assignment] = points
    dest.mkdir(parents=True, exist_ok=True)
    _, kept, _ = make_student.write_keeping_changes(
        dest, files, MANIFEST, "files", _hash,
        about="Written by tools/make_nbgrader.py: a hash of each file as it wrote it, so that "
              "a rerun keeps the files changed since.")
    if kept:
        print(f"KEPT {len(kept)} file(s) changed since they were written (delete one to get "
              "a fresh copy):", *(f"  {path}" for path in kept), sep="\n", file=sys.stderr)
    return totals


def _hash(content):
    """A hash of a config's text, or of a notebook's cells with their nbgrader metadata.

    Unlike ``make_student.content_hash`` it covers each cell's ``metadata.nbgrader``: the
    points and grade ids a teacher may change live there.
    """
    if isinstance(content, str):
        return hashlib.sha256(content.encode()).hexdigest()
    cells = [[c.cell_type, c.source, c.get("outputs", []), c.metadata.get("nbgrader")]
             for c in content.cells]
    return hashlib.sha256(json.dumps(cells, sort_keys=True).encode()).hexdigest()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", help="folder with the teacher's notebooks, e.g. notebooks")
    parser.add_argument("dest", help="course folder to write, e.g. course")
    args = parser.parse_args(argv)
    try:
        totals = make_nbgrader(args.src, args.dest)
    except ValueError as exc:
        print(f"make_nbgrader: {exc}", file=sys.stderr)
        return 2
    for assignment, points in totals.items():
        print(f"{points:3d} points  {args.dest}/source/{assignment}/{assignment}.ipynb")
    print(f"wrote {len(totals)} assignments to {args.dest}/; copy it to your course, then, "
          "with this environment activated, run there: nbgrader generate_assignment <name>")
    return 0


if __name__ == "__main__":
    sys.exit(main())
