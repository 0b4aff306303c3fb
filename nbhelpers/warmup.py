"""Compile the training kernels and build matplotlib's font cache once, at install time.

    python -m nbhelpers.warmup

numba compiles ``_kernels`` on first use, which costs seconds in the first notebook that
trains. This trains tiny layers (3 features, the tutorial's shape, and 8 features, the
general loop; every rule, step and learning-rate schedule), so that every kernel is compiled
for each set of argument types the package passes, and numba writes each to its
on-disk cache (``cache=True``): a new kernel process then loads the machine code instead of
compiling. numba keeps that cache in ``nbhelpers/__pycache__`` next to the source, or, where
that folder is not writable, in ``NUMBA_CACHE_DIR`` or a folder under the user's cache
directory; where no cache can be written at all, the kernels still work and compile in each
new process. It also builds matplotlib's font list, which matplotlib otherwise makes on its
first import.

It then installs a Jupyter kernelspec named ``python3`` ("Python 3 (ipykernel)", as
ipykernel's own) into this Python's prefix (``sys.prefix``: the project's ``.venv``, or the
conda environment on Binder), which starts each new kernel with ``warm_kernel()``: the
imports every lesson makes and the first load of the compiled kernels happen while the
kernel starts, so that the notebook's first Run All does not wait for them.

``make lab`` and ``make test`` run it as part of the install step, and so does Binder's
``postBuild``.
"""

import argparse
import gc
import itertools
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from .layer import LR_SCHEDULES, RULES, STEPS, CompetitiveLayer

#: Features of the training sets compiled for: the tutorial's 3 (the short-row error) and 8
#: (the general error loop, used from ``_kernels.SHORT_ROW`` features on).
WARMUP_FEATURES = (3, 8)

#: What the kernelspec's kernel runs as it starts (an expression: it binds no name in the
#: student's namespace).
KERNEL_START_LINE = "__import__('nbhelpers.warmup').warmup.warm_kernel()"


def compiled_kernels():
    """The numba dispatchers of ``_kernels``, by name."""
    from numba.core.registry import CPUDispatcher

    from . import _kernels

    return {name: value for name, value in vars(_kernels).items()
            if isinstance(value, CPUDispatcher)}


def warm_up():
    """Compile every kernel (writing numba's cache) and build matplotlib's font cache.

    Returns
    -------
    dict
        ``{"seconds": wall time, "kernels": {name: {"signatures", "cache_hits",
        "cache_misses", "cache_path"}}}``; a cache miss is a compilation in this process.
    """
    start = time.perf_counter()
    import matplotlib.font_manager  # noqa: F401  (building the font list is the import)

    rng = np.random.default_rng(0)
    for n_features in WARMUP_FEATURES:
        X = rng.random((20, n_features))
        # every combination of settings (the later lessons' textbook step and falling rates
        # included), so that no setting a notebook uses is left to compile in its kernel
        for rule, step, lr_schedule in itertools.product(RULES, STEPS, LR_SCHEDULES):
            CompetitiveLayer(2, rule=rule, step=step, lr_schedule=lr_schedule,
                             engine="numba", random_state=0).fit(X, epochs=3)
    kernels = {}
    for name, dispatcher in compiled_kernels().items():
        stats = dispatcher.stats
        kernels[name] = {"signatures": [str(s) for s in dispatcher.signatures],
                         "cache_hits": sum(stats.cache_hits.values()),
                         "cache_misses": sum(stats.cache_misses.values()),
                         "cache_path": stats.cache_path}
    return {"seconds": time.perf_counter() - start, "kernels": kernels}


def warm_kernel():
    """Do, as a new Jupyter kernel starts, the work every lesson's first cells would wait for.

    Imports ``nbhelpers`` with its plots and widgets (so matplotlib's pyplot and ipywidgets),
    ipympl's backend (what ``%matplotlib widget`` loads) and ``scipy.optimize``
    (``match_centroids``);
    loads the compiled training kernels from numba's cache by training a tiny layer (with its
    own random state: NumPy's global generator is not touched); then moves every object made
    so far out of the garbage collector's full passes (``gc.freeze``), which a notebook's run
    would otherwise make rescan them again and again. Measured in JupyterLab on this project's
    2-core machine: a kernel is ready 2-3 s later, and a lesson's first Run All is 1.5-4 s
    shorter.

    It changes nothing a notebook prints, and a failure here only costs time: it is reported
    in the terminal that runs Jupyter (``sys.__stderr__``: the kernel's own stderr reaches no
    notebook at this point) and the kernel starts as usual. Frozen objects are still freed
    when nothing refers to them, but ``gc.get_referrers`` no longer sees them, so
    ``%autoreload`` cannot update objects made here (it matters only when developing
    nbhelpers itself).
    """
    try:
        import ipympl.backend_nbagg  # noqa: F401  (what ``%matplotlib widget`` imports)
        import scipy.optimize  # noqa: F401

        from . import plots, widgets  # noqa: F401

        X = np.random.RandomState(0).random_sample((20, 3))
        CompetitiveLayer(2, random_state=0).fit(X, epochs=3)
    except Exception as error:  # noqa: BLE001  (a kernel must start whatever happens here)
        print(f"nbhelpers could not warm this kernel up ({error!r}); the first run will be "
              "slower, nothing else changes", file=sys.__stderr__, flush=True)
    gc.collect()
    gc.freeze()


def kernelspec():
    """The kernelspec (``kernel.json``) that starts kernels with ``warm_kernel()``: ipykernel's
    own, with ``KERNEL_START_LINE`` as the kernel's ``exec_lines``."""
    from ipykernel.kernelspec import get_kernel_dict

    return get_kernel_dict(extra_arguments=[f"--IPKernelApp.exec_lines={KERNEL_START_LINE}"])


def install_kernelspec(prefix=None):
    """Write ``kernelspec()`` as the ``python3`` kernelspec of ``prefix`` (default: this
    Python's ``sys.prefix``); returns the path of the ``kernel.json`` written.

    The file is replaced in one step, so a Jupyter starting a kernel meanwhile reads either
    the old kernelspec or the new one. (Written here rather than by ipykernel's ``install``,
    which takes no extra kernel arguments, or ``KernelSpecManager.install_kernel_spec``,
    which deletes the folder before it copies the new one in.)
    """
    if prefix is None:
        prefix = sys.prefix
    if not isinstance(prefix, (str, os.PathLike)):
        raise TypeError(f"prefix must be a folder path (str or os.PathLike), got "
                        f"{type(prefix).__name__}")
    folder = Path(prefix) / "share/jupyter/kernels/python3"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kernel.json"
    partial = folder / f".kernel.json.{os.getpid()}"
    partial.write_text(json.dumps(kernelspec(), indent=1) + "\n")
    os.replace(partial, path)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m nbhelpers.warmup",
        description="Compile nbhelpers' numba kernels into numba's on-disk cache, build "
                    "matplotlib's font cache and install the kernelspec whose kernels start "
                    "warm, so that the first notebook run is fast.")
    parser.add_argument("--prefix", type=Path,
                        help="where to install the warm kernelspec (default: this Python's "
                             "prefix, sys.prefix: the .venv)")
    args = parser.parse_args(argv)
    report = warm_up()
    for name, kernel in report["kernels"].items():
        if not kernel["signatures"]:
            continue
        how = ("loaded from the cache" if not kernel["cache_misses"]
               else f"compiled {kernel['cache_misses']} signature(s)")
        print(f"{name}: {how} ({kernel['cache_path']})")
    print(f"nbhelpers kernels ready in {report['seconds']:.1f} s")
    try:
        print(f"kernels start warm: {install_kernelspec(args.prefix)}")
    except OSError as error:  # e.g. a system Python's prefix: the lessons still run
        print(f"could not install the warm kernelspec ({error}); new kernels start cold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
