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

The folder carries what the notebooks need without the repository: a wheel of ``nbhelpers``
built from this checkout and a ``requirements.txt`` (``pip install -r requirements.txt`` in
the folder installs both). A notebook that uses ``nbhelpers`` gets a first cell that prints
nothing when the package is installed; when it is missing, the cell installs the wheel on a
JupyterHub or Colab (``%pip``, only if the wheel is in the notebook's folder) and elsewhere
prints the one line that installs it.

Rerunning never destroys a student's work. ``.make_student.json`` in the folder records a
hash of every notebook as written (of its cells' types, sources and outputs; JupyterLab
rewrites metadata on save). A notebook that still matches its record is refreshed; one that
changed since, or that has no record, is kept as it is and reported. The wheel and
``requirements.txt`` are always rewritten.
"""

import argparse
import copy
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

STUB_TAG = "exercise"
SOLUTION_TAG = "solution"
CHECK_TAG = "check"
SKIP_TAGS = ("skip-execution", "nbval-skip")

PROJECT = Path(__file__).resolve().parents[1]
PACKAGE = "nbhelpers"
MANIFEST = ".make_student.json"
REQUIREMENTS = "requirements.txt"
STUDENT_README = "README.txt"
#: The student folder's README.txt: how to run the notebooks without the repository.
STUDENT_README_TEXT = f"""\
Competitive learning in Python: your copy of the notebooks

Start with 00_index.ipynb. To run the notebooks on your own computer (Python 3.11 or newer),
open a terminal in this folder and type:

    python3 -m venv .venv
    .venv/bin/pip install -r {REQUIREMENTS}
    .venv/bin/python -m nbhelpers.warmup
    .venv/bin/jupyter lab

(On Windows: py -m venv .venv, then .venv\\Scripts\\pip, .venv\\Scripts\\python and
.venv\\Scripts\\jupyter.) The `nbhelpers.warmup` line is optional: it prepares the compiled code
and the notebooks' kernel once, so that each notebook's first run is a few seconds shorter.
On a JupyterHub or Colab, upload this whole folder and open a notebook: its first cell installs
what it needs from the .whl file beside it.

The notebooks are yours to change. If your teacher hands out a new version into this folder,
every notebook you changed is kept as it is.
"""
SETUP_CELL_ID = "install-nbhelpers"
# Set in every kernel on a JupyterHub (also Binder) and on Colab: there installing into the
# kernel's environment is the student's own business, so the setup cell may do it.
HUB_VARIABLES = ("JUPYTERHUB_USER", "COLAB_RELEASE_TAG")
INSTALL_LINE = f"%pip install -r {REQUIREMENTS}"


def notebook_paths(src):
    """The notebooks (``*.ipynb``) in the folder ``src``, sorted by name.

    Raises ValueError if ``src`` is not a folder or holds no notebook. The other tools
    (make_html, make_nbgrader) read their notebooks with it too.
    """
    src = Path(src)
    if not src.is_dir():
        raise ValueError(f"src must be a folder of notebooks, got {src}")
    paths = sorted(src.glob("*.ipynb"))
    if not paths:
        raise ValueError(f"no notebooks (*.ipynb) in {src}")
    return paths


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


def setup_cell_source(wheel_name):
    """The source of the first cell of a student notebook that uses nbhelpers.

    It prints nothing when ``nbhelpers`` can be imported (a folder without modules, such as
    numba's cache left behind by ``pip uninstall``, does not count). Otherwise, on a
    JupyterHub or Colab (see ``HUB_VARIABLES``) with the wheel ``wheel_name`` in the
    kernel's working folder (the notebook's folder), it installs the wheel; anywhere else it
    prints ``INSTALL_LINE``.
    """
    if not (wheel_name.startswith(f"{PACKAGE}-") and wheel_name.endswith(".whl")):
        raise ValueError(f"not a wheel of {PACKAGE}: {wheel_name!r}")
    hub = " or ".join(f"{name!r} in os.environ" for name in HUB_VARIABLES).replace("'", '"')
    return f"""\
# Setup: makes sure the {PACKAGE} package is installed (prints nothing when it is).
import importlib.util
import os
from pathlib import Path

def {PACKAGE}_found():  # a folder left behind by an uninstall does not count
    spec = importlib.util.find_spec("{PACKAGE}")
    return spec is not None and spec.origin is not None

if not {PACKAGE}_found():
    on_a_hub = {hub}
    if on_a_hub and Path("{wheel_name}").exists():
        %pip install --quiet {wheel_name}
        importlib.invalidate_caches()
        print("{PACKAGE} is installed: " + ("carry on." if {PACKAGE}_found() else
              "restart the kernel, then run this notebook again."))
    else:
        print("This notebook needs the {PACKAGE} package. Add a cell (click + in the toolbar),"
              "\\nrun this line in it, then restart the kernel (Kernel menu):\\n{INSTALL_LINE}")
        raise ModuleNotFoundError("{PACKAGE} is not installed: see the lines above")"""


def uses_package(nb):
    """Whether any code cell of the notebook mentions ``nbhelpers`` (imports it)."""
    return any(cell.cell_type == "code" and PACKAGE in cell.source for cell in nb.cells)


def student_notebook(nb, name="notebook", wheel_name=None):
    """A copy of a teacher's notebook with solutions removed and exercise outputs cleared.

    With ``wheel_name`` (the file name of the wheel beside the student notebooks), a
    notebook that uses nbhelpers starts with the setup cell of ``setup_cell_source``.
    """
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
    if wheel_name is not None and uses_package(nb):
        if any(cell.get("id") == SETUP_CELL_ID for cell in cells):
            raise ValueError(f"{name} already has a cell with id {SETUP_CELL_ID!r}")
        cells.insert(0, nbformat.v4.new_code_cell(setup_cell_source(wheel_name),
                                                  id=SETUP_CELL_ID))
    student.cells = cells
    return student


def content_hash(nb):
    """A hash of what a student can change in a notebook: its cells' types, sources, outputs.

    Notebook and cell metadata are left out: JupyterLab rewrites them (kernel, language
    version, collapsed state) when it saves a notebook nobody changed.
    """
    cells = [[c.cell_type, c.source, c.get("outputs", [])] for c in nb.cells]
    return hashlib.sha256(json.dumps(cells, sort_keys=True).encode()).hexdigest()


def _read(path):
    """The notebook (``*.ipynb``) or text at ``path``; None if it cannot be read as one."""
    try:
        if path.suffix == ".ipynb":
            return nbformat.read(path, as_version=4)
        return path.read_text()
    except Exception:  # unreadable, not JSON, not a notebook: someone's, so keep it
        return None


def write_keeping_changes(dest, files, manifest, key, hash_of, about):
    """Write ``files`` into ``dest``, but keep every file changed since it was written there.

    Parameters
    ----------
    dest : Path
        The folder (a student's or a teacher's) to write to.
    files : dict
        Path relative to ``dest`` -> its new content: a notebook, or a text.
    manifest, key : str
        ``dest/manifest`` records, under ``key``, ``hash_of`` of each file as written.
    hash_of : callable
        Hashes a content (what counts as a change).
    about : str
        One sentence in the manifest on what wrote it.

    Returns
    -------
    (written, kept, removed) : lists of Path
        A file that differs from both its record and its new content, has no record or
        cannot be read is kept (and stays kept on later runs); a recorded file no longer in
        ``files`` is removed if unchanged, kept otherwise.
    """
    dest = Path(dest)
    recorded = read_manifest(dest, manifest, key)
    record, written, kept, removed = {}, [], [], []

    def current_hash(path):
        content = _read(path)
        return None if content is None else hash_of(content)

    for name, content in files.items():
        out, new_hash = dest / name, hash_of(content)
        if out.exists():
            current = current_hash(out)
            if current is None or current not in (recorded.get(name), new_hash):
                kept.append(out)
                if name in recorded:
                    record[name] = recorded[name]  # still changed next time
                continue
        out.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            out.write_text(content)
        else:
            nbformat.write(content, out)
        record[name] = new_hash
        written.append(out)
    for name in sorted(set(recorded) - set(files)):  # files no longer written
        out = dest / name
        if not out.exists():
            continue
        if current_hash(out) == recorded[name]:
            out.unlink()
            removed.append(out)
        else:
            kept.append(out)
            record[name] = recorded[name]
    text = json.dumps({"about": about, key: record}, indent=1, sort_keys=True)
    (dest / manifest).write_text(text + "\n")
    return written, kept, removed


def build_wheel(project, dest):
    """Build a wheel of nbhelpers from ``project`` into the folder ``dest``; return its path.

    The sources are copied to a temporary folder first (setuptools writes ``build/`` and
    ``*.egg-info`` beside them, and a stale ``build/`` would leak into the wheel). Uses
    ``pip wheel --no-deps``, which fetches the build backend (setuptools) from the index
    into an isolated build environment; raises RuntimeError with pip's output if it fails.
    """
    project = Path(project)
    if not (project / "pyproject.toml").is_file() or not (project / PACKAGE).is_dir():
        raise ValueError(f"not the project folder (no pyproject.toml and {PACKAGE}/): {project}")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source"
        shutil.copytree(project / PACKAGE, source / PACKAGE,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(project / name, source / name)
        out = Path(tmp) / "wheel"
        done = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out),
             str(source)], capture_output=True, text=True, cwd=tmp)
        wheels = sorted(out.glob(f"{PACKAGE}-*.whl"))
        if done.returncode != 0 or len(wheels) != 1:
            raise RuntimeError("pip could not build the nbhelpers wheel (it needs setuptools "
                               "from a package index):\n" + done.stdout + done.stderr)
        dest = Path(dest)
        dest.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy(wheels[0], dest / wheels[0].name))


def requirements_text(wheel_name, project=PROJECT):
    """``requirements.txt`` for the student folder: the wheel, then nbhelpers' dependencies.

    The wheel is named by a relative path, so ``pip install -r requirements.txt`` is run in
    the folder that holds both.
    """
    pyproject = tomllib.loads((Path(project) / "pyproject.toml").read_text())
    lines = [f"# Installs what the student notebooks need: run `pip install -r {REQUIREMENTS}`",
             "# in this folder (or `%pip install ...` in a notebook here), then restart the",
             "# kernel.", f"./{wheel_name}", *pyproject["project"]["dependencies"]]
    return "\n".join(lines) + "\n"


def read_manifest(dest, name=MANIFEST, key="notebooks"):
    """The hashes recorded in ``dest/name`` (file name -> hash); empty if there is no record."""
    path = Path(dest) / name
    try:
        recorded = json.loads(path.read_text())[key]
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # no record: every notebook in the folder counts as the student's
    return recorded if isinstance(recorded, dict) else {}


@dataclass
class Edition:
    """What ``make_student`` did in the folder ``dest``."""

    dest: Path
    written: list = field(default_factory=list)  # notebooks written (new or refreshed)
    kept: list = field(default_factory=list)  # notebooks changed since generated, left alone
    removed: list = field(default_factory=list)  # unchanged notebooks no longer in src
    wheel: Path = None
    requirements: Path = None


def make_student(src, dest, project=PROJECT, wheel=None):
    """Write the student edition of the notebooks in ``src`` to ``dest``; return an Edition.

    ``project`` is the folder with ``pyproject.toml`` and ``nbhelpers/``; the wheel is built
    from it, unless ``wheel`` names a wheel of nbhelpers built before (to copy). Notebooks
    in ``dest`` that changed since they were written (or have no record in ``MANIFEST``)
    are kept and listed in ``Edition.kept``; see the module docstring.
    """
    src, dest = Path(src), Path(dest)
    notebooks = notebook_paths(src)
    if dest.resolve() == src.resolve():
        raise ValueError("dest must differ from src: the student edition would overwrite "
                         "the teacher's notebooks")
    with tempfile.TemporaryDirectory() as tmp:  # nothing in dest changes until all is built
        if wheel is None:
            built = build_wheel(project, tmp)
        else:
            built = Path(wheel)
            if not (built.is_file() and built.name.startswith(f"{PACKAGE}-")
                    and built.suffix == ".whl"):
                raise ValueError(f"wheel must be a {PACKAGE}-*.whl file, got {wheel}")
        fresh = {path.name: student_notebook(nbformat.read(path, as_version=4), path.name,
                                             built.name) for path in notebooks}
        dest.mkdir(parents=True, exist_ok=True)
        for old in dest.glob(f"{PACKAGE}-*.whl"):
            old.unlink()
        edition = Edition(dest, wheel=Path(shutil.copy(built, dest / built.name)))
    edition.requirements = dest / REQUIREMENTS
    edition.requirements.write_text(requirements_text(edition.wheel.name, project))
    (dest / STUDENT_README).write_text(STUDENT_README_TEXT)

    edition.written, edition.kept, edition.removed = write_keeping_changes(
        dest, fresh, MANIFEST, "notebooks", content_hash,
        about="Written by tools/make_student.py: a hash of each notebook as it wrote it, so "
              "that a rerun keeps the notebooks changed since.")
    return edition


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", help="folder with the teacher's notebooks, e.g. notebooks")
    parser.add_argument("dest", help="folder to write the student edition to, e.g. student")
    parser.add_argument("--project", default=str(PROJECT),
                        help="folder with pyproject.toml and nbhelpers/ (default: this repo)")
    parser.add_argument("--wheel", help="a wheel of nbhelpers built before, to copy instead "
                                        "of building one (pip needs an index to build)")
    args = parser.parse_args(argv)
    try:
        edition = make_student(args.src, args.dest, args.project, args.wheel)
    except (ValueError, RuntimeError) as exc:
        print(f"make_student: {exc}", file=sys.stderr)
        return 2
    n_exercises = sum(STUB_TAG in tags(cell) for p in edition.written
                      for cell in nbformat.read(p, as_version=4).cells)
    print(f"wrote {len(edition.written)} notebooks with {n_exercises} exercises, "
          f"{edition.wheel.name} and {REQUIREMENTS} to {args.dest}/")
    for path in edition.removed:
        print(f"removed {path}: unchanged since it was written, and gone from {args.src}/")
    if edition.kept:
        print(f"KEPT {len(edition.kept)} notebook(s) as they are, not overwritten: they "
              "changed since they were written (or were not written by this command):")
        for path in edition.kept:
            print(f"  {path}")
        print("  For a fresh copy of one, rename it (your work stays in the renamed file) "
              "and run this again.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
