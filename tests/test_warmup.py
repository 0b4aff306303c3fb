"""`python -m nbhelpers.warmup` (the install step runs it) fills the numba cache new kernels use."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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

# What the later lessons train: every rule, step and schedule (notebook 10's textbook step at
# a constant or falling rate, notebook 11's 1 / wins), and the general error loop's 8 features.
EVERY_SETTING = """
import itertools, json
import numpy as np
from nbhelpers import CompetitiveLayer
from nbhelpers.layer import LR_SCHEDULES, RULES, STEPS
from nbhelpers.warmup import compiled_kernels
X = np.random.default_rng(1).random((30, 8))
for n_features in (3, 8):
    for rule, step, lr_schedule in itertools.product(RULES, STEPS, LR_SCHEDULES):
        CompetitiveLayer(3, rule=rule, step=step, lr_schedule=lr_schedule,
                         random_state=0).fit(X[:, :n_features], epochs=4)
print(json.dumps({name: [sum(d.stats.cache_hits.values()), sum(d.stats.cache_misses.values()),
                         len(d.signatures)]
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

    warm = _python(["-m", "nbhelpers.warmup", "--prefix", str(tmp_path / "prefix")], copy)
    assert warm.returncode == 0, warm.stderr[-2000:]
    assert "learning_pass: compiled" in warm.stdout, warm.stdout
    spec = tmp_path / "prefix" / "share" / "jupyter" / "kernels" / "python3" / "kernel.json"
    assert f"kernels start warm: {spec}" in warm.stdout, warm.stdout
    assert "warm_kernel()" in json.loads(spec.read_text())["argv"][-1]
    assert sorted(p.suffix for p in (copy / "__pycache__").glob("_kernels.*.nb[ic]")), \
        "no numba cache files were written next to _kernels.py"

    first = _python(["-c", FIRST_RUN], copy)
    assert first.returncode == 0, first.stderr[-2000:]
    used = json.loads(first.stdout)
    # the tutorial's kernels came from the cache: loaded, none compiled in this process
    assert {"learning_pass", "_sae_error_short_rows"} <= set(used), used
    for name, (hits, misses) in used.items():
        assert hits >= 1 and misses == 0, (name, hits, misses)

    every = _python(["-c", EVERY_SETTING], copy)
    assert every.returncode == 0, every.stderr[-2000:]
    used = json.loads(every.stdout)
    # three learning passes (neurolab's step; the textbook step at a rate of lr or lr / wins)
    # and both error loops, all loaded: a setting warm-up skipped would compile here
    assert used["learning_pass"][2] == 3, used
    assert {"_sae_error_short_rows", "_sae_error_general"} <= set(used), used
    for name, (hits, misses, _) in used.items():
        assert hits >= 1 and misses == 0, (name, hits, misses)

    again = _python(["-m", "nbhelpers.warmup", "--prefix", str(tmp_path / "prefix")],
                    copy)  # a second warm-up only loads
    assert again.returncode == 0 and "compiled" not in again.stdout, again.stdout


def test_warmup_rejects_unknown_arguments():
    out = subprocess.run([sys.executable, "-m", "nbhelpers.warmup", "--fast"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "unrecognized arguments: --fast" in out.stderr


def test_the_kernelspec_is_ipykernels_own_plus_the_warm_start(tmp_path):
    from ipykernel.kernelspec import get_kernel_dict

    from nbhelpers.warmup import KERNEL_START_LINE, install_kernelspec

    path = install_kernelspec(prefix=tmp_path)
    assert path == tmp_path / "share" / "jupyter" / "kernels" / "python3" / "kernel.json"
    spec = json.loads(path.read_text())
    plain = get_kernel_dict()
    assert spec["argv"] == plain["argv"] + [f"--IPKernelApp.exec_lines={KERNEL_START_LINE}"]
    assert {k: v for k, v in spec.items() if k != "argv"} == \
        {k: v for k, v in plain.items() if k != "argv"}
    compile(KERNEL_START_LINE, "<exec_lines>", "eval")  # an expression: it binds no name


def test_install_kernelspec_rejects_a_prefix_that_is_not_a_path(tmp_path):
    from nbhelpers.warmup import install_kernelspec

    with pytest.raises(TypeError, match="prefix must be a folder path .* got int"):
        install_kernelspec(prefix=5)
    assert install_kernelspec(prefix=str(tmp_path)).exists()  # a str is a path too


def test_warm_kernel_leaves_numpys_global_generator_and_reports_a_failure(monkeypatch, capsys):
    import gc

    import numpy as np

    from nbhelpers import warmup

    np.random.seed(123)
    before = np.random.get_state()
    try:
        warmup.warm_kernel()
        after = np.random.get_state()  # the student's seeds hold
        assert after[0] == before[0] and np.array_equal(after[1], before[1])
        assert after[2:] == before[2:]
        assert gc.get_freeze_count() > 0
        assert capsys.readouterr().err == ""

        def broken(*args, **kwargs):
            raise RuntimeError("no cache")

        monkeypatch.setattr(warmup.CompetitiveLayer, "fit", broken)
        monkeypatch.setattr(sys, "__stderr__", sys.stderr)  # the terminal, in a kernel
        warmup.warm_kernel()  # does not raise: the kernel must start
        assert "could not warm this kernel up (RuntimeError('no cache'))" in \
            capsys.readouterr().err
    finally:
        gc.unfreeze()


def test_a_kernel_started_from_the_kernelspec_is_warm_and_its_namespace_clean(tmp_path):
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    from nbhelpers.warmup import install_kernelspec

    install_kernelspec(prefix=tmp_path)
    specs = KernelSpecManager(kernel_dirs=[str(tmp_path / "share" / "jupyter" / "kernels")])
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=specs)
    env = dict(os.environ, PYTHONPATH=str(PACKAGE.parent))
    manager.start_kernel(env=env)
    client = manager.client()
    client.start_channels()
    printed = []
    try:
        client.wait_for_ready(timeout=120)
        code = ("import gc, json, sys\n"
                "from nbhelpers import _kernels\n"
                "print(json.dumps([[m for m in ('nbhelpers.plots', 'nbhelpers.widgets', "
                "'ipympl.backend_nbagg', 'scipy.optimize') if m in sys.modules], "
                "bool(_kernels.learning_pass.signatures), gc.get_freeze_count() > 0, "
                "[n for n in ('nbhelpers', 'np', 'warmup') if n in globals()], "
                "__import__('matplotlib').get_backend(), "
                "__import__('matplotlib.pyplot').pyplot.isinteractive()]))")
        reply = client.execute_interactive(
            code, timeout=60, output_hook=lambda msg: printed.append(msg["content"].get("text")))
        assert reply["content"]["status"] == "ok", reply["content"]
        assert reply["content"]["execution_count"] == 1  # the warm start is not a cell
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    modules, kernels_loaded, frozen, names, backend, interactive = json.loads(
        "".join(t for t in printed if t))
    assert modules == ["nbhelpers.plots", "nbhelpers.widgets", "ipympl.backend_nbagg",
                       "scipy.optimize"]
    assert kernels_loaded and frozen
    assert names == []  # the warm start defined nothing in the student's namespace
    # the backend is still the one a plain kernel starts with (inline): importing pyplot and
    # ipympl did not choose it; %matplotlib widget in a notebook still does
    assert backend == "module://matplotlib_inline.backend_inline" and not interactive
