"""`python -m nbhelpers.warmup` (the install step runs it) fills the numba cache new kernels use."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "nbhelpers"

# What a new kernel does first: train as the tutorial does, then report numba's cache use.
FIRST_RUN = """
import json
from nbhelpers import run_tutorial
from nbhelpers.warmup import compiled_kernels
run_tutorial(epochs=20)
print(json.dumps({name: [sum(d.stats.cache_hits.values()), sum(d.stats.cache_misses.values())]
                  for name, d in compiled_kernels().items() if d.signatures}))
"""


def _python(args, copy, **kwargs):
    env = dict(os.environ, PYTHONPATH=str(copy.parent), PYTHONDONTWRITEBYTECODE="1")
    env.pop("NUMBA_CACHE_DIR", None)
    env.pop("NUMBA_DISABLE_JIT", None)
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env,
                          timeout=600, cwd=copy.parent, **kwargs)


def test_warmup_writes_the_cache_that_a_new_process_loads(tmp_path):
    copy = tmp_path / "nbhelpers"  # a fresh copy: no cache yet, and a cache of its own
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))

    warm = _python(["-m", "nbhelpers.warmup"], copy)
    assert warm.returncode == 0, warm.stderr[-2000:]
    assert "learning_pass: compiled" in warm.stdout, warm.stdout
    assert sorted(p.suffix for p in (copy / "__pycache__").glob("_kernels.*.nb[ic]")), \
        "no numba cache files were written next to _kernels.py"

    first = _python(["-c", FIRST_RUN], copy)
    assert first.returncode == 0, first.stderr[-2000:]
    used = json.loads(first.stdout)
    # the tutorial's kernels came from the cache: loaded, none compiled in this process
    assert {"learning_pass", "_sae_error_short_rows"} <= set(used), used
    for name, (hits, misses) in used.items():
        assert hits >= 1 and misses == 0, (name, hits, misses)

    again = _python(["-m", "nbhelpers.warmup"], copy)  # a second warm-up only loads
    assert again.returncode == 0 and "compiled" not in again.stdout, again.stdout


def test_warmup_takes_no_arguments():
    out = subprocess.run([sys.executable, "-m", "nbhelpers.warmup", "--fast"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "unrecognized arguments: --fast" in out.stderr
