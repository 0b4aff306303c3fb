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

``make lab`` and ``make test`` run it as part of the install step.
"""

import argparse
import itertools
import sys
import time

import numpy as np

from .layer import LR_SCHEDULES, RULES, STEPS, CompetitiveLayer

#: Features of the training sets compiled for: the tutorial's 3 (the short-row error) and 8
#: (the general error loop, used from ``_kernels.SHORT_ROW`` features on).
WARMUP_FEATURES = (3, 8)


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


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m nbhelpers.warmup",
        description="Compile nbhelpers' numba kernels into numba's on-disk cache and build "
                    "matplotlib's font cache, so that the first notebook run is fast.")
    parser.parse_args(argv)
    report = warm_up()
    for name, kernel in report["kernels"].items():
        if not kernel["signatures"]:
            continue
        how = ("loaded from the cache" if not kernel["cache_misses"]
               else f"compiled {kernel['cache_misses']} signature(s)")
        print(f"{name}: {how} ({kernel['cache_path']})")
    print(f"nbhelpers kernels ready in {report['seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
