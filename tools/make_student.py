"""Write the student edition of the notebooks: the exercises without their solutions.

    python tools/make_student.py notebooks student      (what `make student` runs)

An exercise in a teacher's notebook is a stub cell tagged ``exercise`` (a ``...`` and a
``raise NotImplementedError("Exercise: ...")``, also tagged ``skip-execution`` and
``nbval-skip`` so that execution and nbval pass it by), followed by one or more cells tagged
``solution`` and then one or more cells tagged ``check`` (calls to ``nbhelpers.checks``).

In the student edition the solution cells are gone; the stubs lose ``skip-execution`` and
``nbval-skip``, so running them raises ``NotImplementedError`` until the student fills them
in; the outputs of stubs and checks are cleared (a check's output is the teacher's
"Well done!"). Every other cell, its outputs and the notebook's metadata stay as they are.
"""

import argparse
import copy
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

STUB_TAG = "exercise"
SOLUTION_TAG = "solution"
CHECK_TAG = "check"
SKIP_TAGS = ("skip-execution", "nbval-skip")


def tags(cell):
    """The cell's tags as a list (empty when it has none)."""
    return list(cell.get("metadata", {}).get("tags", []))


@dataclass
class Exercise:
    """Cell indices of one exercise: its stub, its solution cells and its check cells."""

    stub: int
    solutions: list = field(default_factory=list)
    checks: list = field(default_factory=list)


def find_exercises(nb, name="notebook"):
    """The exercises of a teacher's notebook, in order; ValueError if one is malformed.

    Solution and check cells belong to the nearest stub before them. Every stub must be a
    code cell that raises ``NotImplementedError`` and have at least one solution and one
    check cell, and its solutions must come before its checks.
    """
    exercises = []
    for i, cell in enumerate(nb.cells):
        cell_tags = tags(cell)
        roles = [t for t in (STUB_TAG, SOLUTION_TAG, CHECK_TAG) if t in cell_tags]
        if len(roles) > 1:
            raise ValueError(f"{name} cell {i} is tagged both {roles[0]!r} and {roles[1]!r}")
        if not roles:
            continue
        if cell.cell_type != "code":
            raise ValueError(f"{name} cell {i} is tagged {roles[0]!r} but is not a code cell")
        if roles[0] == STUB_TAG:
            if "NotImplementedError" not in cell.source:
                raise ValueError(f"{name} cell {i} is an exercise stub without "
                                 "raise NotImplementedError(...)")
            exercises.append(Exercise(i))
            continue
        if not exercises:
            raise ValueError(f"{name} cell {i} is tagged {roles[0]!r} but no exercise stub "
                             "comes before it")
        current = exercises[-1]
        if roles[0] == SOLUTION_TAG:
            if current.checks:
                raise ValueError(f"{name} cell {i}: a solution after the check of the "
                                 f"exercise in cell {current.stub}")
            current.solutions.append(i)
        else:
            current.checks.append(i)
    for ex in exercises:
        if not ex.solutions:
            raise ValueError(f"{name}: the exercise stub in cell {ex.stub} has no cell tagged "
                             f"{SOLUTION_TAG!r}")
        if not ex.checks:
            raise ValueError(f"{name}: the exercise stub in cell {ex.stub} has no cell tagged "
                             f"{CHECK_TAG!r}")
    return exercises


def student_notebook(nb, name="notebook"):
    """A copy of a teacher's notebook with solutions removed and exercise outputs cleared."""
    find_exercises(nb, name)  # refuse malformed exercises rather than leak or lose something
    student = copy.deepcopy(nb)
    cells = []
    for cell in student.cells:
        cell_tags = tags(cell)
        if SOLUTION_TAG in cell_tags:
            continue
        if STUB_TAG in cell_tags:
            cell.metadata["tags"] = [t for t in cell_tags if t not in SKIP_TAGS]
        if STUB_TAG in cell_tags or CHECK_TAG in cell_tags:
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    student.cells = cells
    return student


def make_student(src, dest):
    """Write the student edition of every notebook in ``src`` to ``dest``; return the paths."""
    src, dest = Path(src), Path(dest)
    if not src.is_dir():
        raise ValueError(f"src must be a folder of notebooks, got {src}")
    if dest.resolve() == src.resolve():
        raise ValueError("dest must differ from src: the student edition would overwrite "
                         "the teacher's notebooks")
    notebooks = sorted(src.glob("*.ipynb"))
    if not notebooks:
        raise ValueError(f"no notebooks (*.ipynb) in {src}")
    dest.mkdir(parents=True, exist_ok=True)
    for stale in dest.glob("*.ipynb"):
        stale.unlink()
    written = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        out = dest / path.name
        nbformat.write(student_notebook(nb, path.name), out)
        written.append(out)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", help="folder with the teacher's notebooks, e.g. notebooks")
    parser.add_argument("dest", help="folder to write the student edition to, e.g. student")
    args = parser.parse_args(argv)
    try:
        written = make_student(args.src, args.dest)
    except ValueError as exc:
        print(f"make_student: {exc}", file=sys.stderr)
        return 2
    n_exercises = sum(STUB_TAG in tags(cell) for p in written
                      for cell in nbformat.read(p, as_version=4).cells)
    print(f"wrote {len(written)} notebooks with {n_exercises} exercises to {args.dest}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
