"""tools/execute_notebooks.py: executes in place, also two at a time, and refuses bad --jobs."""

import importlib.util
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("execute_notebooks",
                                              ROOT / "tools" / "execute_notebooks.py")
execute_notebooks = importlib.util.module_from_spec(spec)
sys.modules["execute_notebooks"] = execute_notebooks  # the worker processes unpickle by name
spec.loader.exec_module(execute_notebooks)


def _notebook(path, value):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"print({value} * 2)")]
    nbformat.write(nb, path)


def test_two_jobs_execute_every_notebook_in_place(tmp_path, capsys):
    paths = [tmp_path / "a.ipynb", tmp_path / "b.ipynb"]
    for value, path in enumerate(paths, start=20):
        _notebook(path, value)
    execute_notebooks.main(["--jobs", "2", *map(str, paths)])
    for value, path in enumerate(paths, start=20):
        nb = nbformat.read(path, as_version=4)
        assert nb.cells[0].outputs[0]["text"] == f"{value * 2}\n"
        assert nb.metadata["kernelspec"]["name"] == "python3"
    out = capsys.readouterr().out
    assert "wall time with 2 job(s)" in out and out.count(".ipynb") == 2


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_bad_jobs_is_a_clear_error(tmp_path, jobs, capsys):
    with pytest.raises(SystemExit):
        execute_notebooks.main(["--jobs", jobs, str(tmp_path / "a.ipynb")])
    assert "--jobs" in capsys.readouterr().err
