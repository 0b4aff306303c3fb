"""Reading time of every section of the lesson notebooks, by the method 00_index states.

The method
----------
- A section is everything from one ``## `` heading to the next (headings may sit inside a
  markdown cell). What comes before a notebook's first ``## `` heading (title, learning
  goals, the ``%matplotlib widget`` switch and the imports) is the section ``Opening``.
- Its words are the whitespace-separated tokens (Python's ``str.split``) of its markdown
  text, of its code, and of the text the code prints: stream output and the plain-text form
  of results. Outputs that carry a picture (figures) count nothing, and neither do the
  core/optional marks (the `` · core`` / `` · optional`` suffix of a heading and the
  ``*Optional: ...*`` line under an optional heading), which are signposts, not reading.
- A section's time is its words at 80 words a minute, rounded to the nearest whole minute
  (halves up), and at least 1 minute.
- A notebook's reading time is the words of all its sections before ``## Exercises``, at 80
  words a minute, rounded to the nearest 5 minutes. Its sections' rounded minutes need not
  add up to exactly that total.
- The exercises are not counted in words: they add about 15 minutes per notebook (an
  estimate, not measured).

Use ``python tools/reading_times.py [notebooks ...]`` to print the table in Markdown (every
lesson notebook by default), or import :func:`sections`, :func:`notebook_minutes`,
:func:`core_minutes` and :func:`markdown_table`.
"""

from __future__ import annotations

import argparse
import math
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

WORDS_PER_MINUTE = 80
EXERCISE_MINUTES = 15
TOTAL_ROUNDED_TO = 5
OPENING = "Opening"
EXERCISES = "Exercises"
MARKS = ("core", "optional")

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
HEADING = re.compile(r"^## (.+)$", re.M)
MARK = re.compile(r" · (core|optional)$")
OPTIONAL_NOTE = re.compile(r"^\*Optional: [^\n]*\*$", re.M)


@dataclass(frozen=True)
class Section:
    """One ``##`` section of a notebook.

    Attributes
    ----------
    notebook : str
        The notebook's two-digit number, such as ``"01"``.
    title : str
        The heading without ``## `` and without its mark (``"Opening"`` before the first
        heading).
    mark : str or None
        ``"core"`` or ``"optional"`` as the heading states it; None if it has no mark (the
        opening never has one).
    note : str or None
        For an optional section, what it adds (the text of its ``*Optional: ...*`` line).
    words : int
        The words counted (0 for the exercises, which are timed by estimate).
    minutes : int
        The section's reading time, or ``EXERCISE_MINUTES`` for the exercises.
    """

    notebook: str
    title: str
    mark: str | None
    note: str | None
    words: int
    minutes: int


def count_words(text):
    """Number of whitespace-separated tokens in ``text``."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    return len(text.split())


def section_minutes(words):
    """Minutes for ``words`` words: 80 a minute, nearest whole minute (halves up), at least 1."""
    if not isinstance(words, int) or words < 0:
        raise ValueError(f"words must be a non-negative int, got {words!r}")
    return max(1, math.floor(words / WORDS_PER_MINUTE + 0.5))


def _output_words(output):
    if output.output_type == "stream":
        return count_words(output.text)
    data = output.get("data", {})
    if any(kind.startswith("image/") for kind in data):
        return 0  # a figure: looked at, not read
    return count_words(data.get("text/plain", ""))


def _notebook_path(notebook):
    path = Path(notebook)
    if path.suffix != ".ipynb":
        matches = sorted(NOTEBOOK_DIR.glob(f"{notebook}_*.ipynb"))
        if len(matches) != 1:
            raise ValueError(f"no single notebook numbered {notebook!r} in {NOTEBOOK_DIR}")
        path = matches[0]
    if not path.is_file():
        raise FileNotFoundError(f"no notebook at {path}")
    return path


def sections(notebook):
    """The sections of one notebook, in order, with their marks, words and minutes.

    Parameters
    ----------
    notebook : str or pathlib.Path
        A path to an ``.ipynb`` file, or a notebook number such as ``"03"`` (looked up in
        the repository's ``notebooks`` folder).

    Returns
    -------
    list of Section
        ``Opening`` first, then one entry per ``##`` heading. The ``Exercises`` section gets
        ``EXERCISE_MINUTES`` instead of a word count.
    """
    path = _notebook_path(notebook)
    number = path.name[:2]
    found = [[OPENING, None, None, 0]]  # title, mark, note, words
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            parts = HEADING.split(cell.source)  # text, heading, text, heading, text ...
            found[-1][3] += count_words(OPTIONAL_NOTE.sub("", parts[0]))
            for heading, text in zip(parts[1::2], parts[2::2], strict=True):
                mark = MARK.search(heading)
                title = MARK.sub("", heading).strip()
                note = OPTIONAL_NOTE.search(text)
                note = note.group(0)[len("*Optional: "):-1] if note else None
                words = count_words(title) + count_words(OPTIONAL_NOTE.sub("", text))
                found.append([title, mark.group(1) if mark else None, note, words])
        else:
            found[-1][3] += count_words(cell.source)
            found[-1][3] += sum(_output_words(out) for out in cell.get("outputs", []))
    result = []
    for title, mark, note, words in found:
        if title == EXERCISES:
            result.append(Section(number, title, mark, note, 0, EXERCISE_MINUTES))
        else:
            result.append(Section(number, title, mark, note, words, section_minutes(words)))
    return result


def notebook_minutes(notebook):
    """(reading, exercises) minutes of one notebook, as 00_index and its Time line state them.

    Reading: the words of every section before ``Exercises`` at 80 words a minute, rounded to
    the nearest 5 minutes. Exercises: ``EXERCISE_MINUTES`` if the notebook has an
    ``Exercises`` section, else 0.
    """
    found = sections(notebook)
    words = sum(s.words for s in found if s.title != EXERCISES)
    reading = TOTAL_ROUNDED_TO * math.floor(words / WORDS_PER_MINUTE / TOTAL_ROUNDED_TO + 0.5)
    exercises = EXERCISE_MINUTES if any(s.title == EXERCISES for s in found) else 0
    return reading, exercises


def core_minutes(notebook):
    """Minutes of the opening and the core sections before ``Exercises`` (rounded minutes summed).

    The time of a first reading that skips the optional sections.
    """
    return sum(s.minutes for s in sections(notebook)
               if s.title != EXERCISES and (s.title == OPENING or s.mark == "core"))


def lesson_notebooks(folder=NOTEBOOK_DIR):
    """The lesson notebooks (01, 02, ...) of ``folder``, in order."""
    paths = sorted(p for p in Path(folder).glob("[0-9][0-9]_*.ipynb") if p.name[:2] != "00")
    if not paths:
        raise FileNotFoundError(f"no lesson notebooks in {folder}")
    return paths


def markdown_table(notebooks=None):
    """A Markdown table: notebook, section, mark, words, minutes; a total row per notebook."""
    rows = ["| Notebook | Section | Mark | Words | Minutes |", "|---|---|---|---|---|"]
    for notebook in notebooks if notebooks is not None else lesson_notebooks():
        found = sections(notebook)
        number = found[0].notebook
        for s in found:
            mark = s.mark or "–"
            if s.note:
                mark += f": {s.note}"
            words = "–" if s.title == EXERCISES else str(s.words)
            rows.append(f"| {number} | {s.title} | {mark} | {words} | {s.minutes} |")
        reading, exercises = notebook_minutes(notebook)
        rows.append(f"| {number} | **total** | | {sum(s.words for s in found)} | "
                    f"**{reading} + {exercises}** |")
    return "\n".join(rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks (default: every lesson)")
    args = parser.parse_args(argv)
    print(markdown_table(args.notebooks or None))


if __name__ == "__main__":
    main()
