import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

from nbhelpers.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


def _python(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_plain_neurolab_import_fails_on_numpy2_but_compat_works():
    assert int(np.__version__.split(".")[0]) >= 2
    code = (
        "import numpy as np\n"
        "try:\n    import neurolab\nexcept AttributeError as e:\n    print('plain failed:', e)\n"
        "from nbhelpers.neurolab_compat import neurolab as nl\n"
        "net = nl.net.newc([[0, 1], [0, 1]], 2)\n"
        "print('newc ok', net.ci, net.co)\n"
        "print('np.Inf still missing:', not hasattr(np, 'Inf'))\n"
        "import sys; print('numpy restored:', sys.modules['numpy'] is np)\n"
    )
    out = _python(code)
    assert out.returncode == 0, out.stderr
    assert "plain failed:" in out.stdout
    assert "newc ok 2 2" in out.stdout
    assert "np.Inf still missing: True" in out.stdout
    assert "numpy restored: True" in out.stdout


def test_missing_neurolab_names_the_install_command():
    code = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name == 'neurolab':\n"
        "            raise ModuleNotFoundError('No module named neurolab', name='neurolab')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import nbhelpers.neurolab_compat\n"
    )
    out = _python(code)
    assert out.returncode != 0
    assert "pip install neurolab" in out.stderr


def test_cli_prints_table_and_writes_figure(tmp_path, capsys):
    out = tmp_path / "fig.png"
    assert main(["--epochs", "20", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "actual" in text and "predicted" in text and "mean distance" in text
    assert len([ln for ln in text.splitlines() if ln.strip()[:1].isdigit()]) == 5
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_neurolab_and_scratch_print_the_same_table(capsys):
    main(["--epochs", "5", "--trainer", "neurolab"])
    a = capsys.readouterr().out.splitlines()[1:]
    main(["--epochs", "5", "--trainer", "scratch"])
    b = capsys.readouterr().out.splitlines()[1:]
    assert a == b


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--epochs", "0"], "epochs must be >= 1"),
        (["--noise", "-1"], "noise must be >= 0"),
        (["--lr", "0"], "lr must be > 0"),
        (["--neurons", "0"], "n_neurons must be >= 1"),
        (["--normalize", "none", "--lr", "0.5"], "training diverged"),
        (["--normalize", "l2"], "invalid choice"),
        (["--epochs", "ten"], "invalid int value"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_code_2(argv, message):
    out = subprocess.run([sys.executable, "-m", "nbhelpers", *argv], capture_output=True,
                         text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1].count("error") >= 1


def test_cli_help_explains_each_option():
    out = subprocess.run([sys.executable, "-m", "nbhelpers", "--help"], capture_output=True,
                         text=True, cwd=ROOT, timeout=60)
    for option in ["--epochs", "--noise", "--seed", "--neurons", "--lr", "--normalize",
                   "--trainer", "--out"]:
        assert option in out.stdout


def _base_name(requirement):
    for sep in "<>=!~ [;":
        requirement = requirement.split(sep)[0]
    return requirement.strip().lower()


def _environment_entries():
    """The dependency lines of environment.yml: (entry, True if in its ``pip:`` list)."""
    text = (ROOT / "environment.yml").read_text()
    entries, in_pip = [], False
    for line in text.split("dependencies:", 1)[1].splitlines():
        indent, line = len(line) - len(line.lstrip()), line.strip()
        if line.startswith("- "):
            if line == "- pip:":
                in_pip, pip_indent = True, indent
                continue
            in_pip = in_pip and indent > pip_indent
            entries.append((line[2:], in_pip))
    return entries


def test_environment_yml_names_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_base_name(r) for r in project["dependencies"]}
    wanted |= {_base_name(r) for r in project["optional-dependencies"]["dev"]}
    names = {_base_name(entry) for entry, _ in _environment_entries() if entry != "-e ."}
    names -= {"python", "pip"}
    assert names == wanted


def test_environment_yml_installs_the_project_itself_for_binder():
    # repo2docker (Binder) reads environment.yml; a local pip entry makes it copy the
    # repository in before installing, and pip runs in the repository's top folder.
    assert ("-e .", True) in _environment_entries()


def test_environment_yml_pins_a_python_that_pyproject_allows_in_the_form_binder_reads():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    (python,) = [e for e, in_pip in _environment_entries() if _base_name(e) == "python"]
    # repo2docker chooses its base environment from `python=X.Y` (or `==`) only
    pin = re.fullmatch(r"python\s*=+\s*(\d+)\.(\d+)", python)
    assert pin, f"environment.yml: {python!r} is not of the form python=X.Y"
    minimum = re.fullmatch(r">=\s*(\d+)\.(\d+)", project["requires-python"])
    assert minimum, f"update this test for requires-python = {project['requires-python']!r}"
    assert tuple(map(int, pin.groups())) >= tuple(map(int, minimum.groups()))


def test_nbgraders_jupyterlab_parts_are_switched_off_in_this_environment():
    """`make` installs nbgrader for teachers; students' JupyterLab shows none of its menus."""
    prefix = Path(sys.prefix) / "etc" / "jupyter"
    page = json.loads((prefix / "labconfig" / "page_config.json").read_text())
    assert page["disabledExtensions"].get("@jupyter/nbgrader") is True
    server = {}
    for path in sorted((prefix / "jupyter_server_config.d").glob("*.json")):
        server.update(json.loads(path.read_text())["ServerApp"]["jpserver_extensions"])
    nbgrader = {name: on for name, on in server.items() if name.startswith("nbgrader")}
    assert nbgrader and not any(nbgrader.values()), nbgrader


def test_binder_switches_nbgrader_off_the_way_make_does():
    root = Path(__file__).resolve().parents[1]
    post_build = root / "postBuild"  # repo2docker runs it after installing environment.yml
    assert os.access(post_build, os.X_OK)
    assert "tools/hide_nbgrader.sh" in post_build.read_text()
    assert "tools/hide_nbgrader.sh" in (root / "Makefile").read_text()


def test_binder_warms_up_the_way_make_does():
    """Binder compiles the kernels and installs the warm kernelspec, as `make`'s install step."""
    root = Path(__file__).resolve().parents[1]
    assert "python -m nbhelpers.warmup" in (root / "postBuild").read_text()
    assert "$(BIN)/python -m nbhelpers.warmup" in (root / "Makefile").read_text()
