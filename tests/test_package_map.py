"""The package docstring maps each notebook to the helpers it introduces; keep it true.

Every helper that a notebook imports from ``nbhelpers`` must be listed under that notebook or
an earlier one, and every name in the map must exist in the package.
"""

import ast
import importlib
import importlib.util
import json
import re
from pathlib import Path

import pytest

import nbhelpers

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def package_map():
    """{notebook stem: set of names} from the list in ``nbhelpers.__doc__``."""
    entries = {}
    for item in re.split(r"\n- ", nbhelpers.__doc__)[1:]:
        item = item.split("\n\n")[0]
        names = re.findall(r"``([^`]+)``", item)
        entries[names[0]] = set(names[1:])
    return entries


def helpers_used(path):
    """Names a notebook takes from nbhelpers: ``make_clusters``, ``plots.plot_clusters_3d``..."""
    used = set()
    for cell in json.loads(path.read_text())["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        source = "\n".join(line for line in source.splitlines() if not line.startswith("%"))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nbhelpers"):
                module = node.module.removeprefix("nbhelpers").lstrip(".")
                for alias in node.names:
                    if module.startswith("checks"):
                        used.add("checks")
                    else:
                        used.add(f"{module}.{alias.name}" if module else alias.name)
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("nbhelpers") for a in node.names), \
                    f"{path.name}: use 'from nbhelpers import ...' so this test can follow it"
    return used


def test_the_map_lists_every_numbered_notebook_in_order():
    assert list(package_map()) == [p.stem for p in NOTEBOOKS if p.stem != "00_index"]


def test_every_name_in_the_map_exists():
    for notebook, names in package_map().items():
        for name in names:
            module, _, attr = name.rpartition(".")
            if not module and importlib.util.find_spec(f"nbhelpers.{attr}"):
                continue  # a module of the package
            owner = importlib.import_module(f"nbhelpers.{module}" if module else "nbhelpers")
            assert hasattr(owner, attr), f"{notebook}: {name} is not in nbhelpers"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_helper_a_notebook_imports_is_in_the_map(path):
    mapped, listed = package_map(), set()
    for notebook, names in mapped.items():
        if notebook <= path.stem:
            listed |= names
    missing = helpers_used(path) - listed
    assert not missing, (f"{path.name} imports {sorted(missing)}; list them in the docstring "
                         "of nbhelpers/__init__.py under the notebook that first uses them")
