"""The package builds without warnings and ships every module the notebooks import."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_builds_without_warnings_and_holds_every_module(tmp_path):
    source = tmp_path / "source"  # a copy: setuptools writes build/ beside the sources
    shutil.copytree(ROOT / "nbhelpers", source / "nbhelpers",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path),
         str(source)], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "warning" not in output.lower(), output
    (wheel,) = tmp_path.glob("nbhelpers-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in ROOT.joinpath("nbhelpers").rglob("*.py"):
        assert module.relative_to(ROOT).as_posix() in names, f"{module} is not in the wheel"
