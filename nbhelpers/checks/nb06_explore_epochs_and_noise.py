"""Checks for the exercises of ``06_explore_epochs_and_noise``."""

import functools

import numpy as np

from ..tutorial import run_tutorial
from ._core import Hint, call_answer, need_function, need_number, printing_check


@functools.lru_cache(maxsize=64)
def _mean_distance(noise, epochs):
    return run_tutorial(epochs=epochs, noise=noise).match.mean_distance


@printing_check
def check_noise_prediction(prediction, measured):
    """Exercise of ``06_explore_epochs_and_noise``: predict, then check, what doubling the
    noise does to training.

    ``prediction`` is ``'a'``, ``'b'`` or ``'c'``; ``measured`` maps ``(noise, epochs)`` to
    ``run_tutorial(epochs=epochs, noise=noise).match.mean_distance`` for noise 0.8 and 1.6 and
    500 and 2000 epochs. The right letter is decided from those measurements.
    """
    if prediction is Ellipsis:
        raise Hint("prediction is still ...: write your prediction ('a', 'b' or 'c') there "
                   "first, before you measure.")
    if not isinstance(prediction, str) or prediction.strip().lower() not in ("a", "b", "c"):
        raise Hint(f"prediction should be one of 'a', 'b' or 'c', got {prediction!r}")
    letter = prediction.strip().lower()
    if measured is Ellipsis:
        raise Hint("measured is still ...: fill it in, run that cell, then run this check "
                   "again.")
    if not hasattr(measured, "get"):
        raise Hint(f"measured should be a dict like {{(0.8, 500): ...}}, got "
                   f"{type(measured).__name__}")
    keys = [(noise, epochs) for noise in (0.8, 1.6) for epochs in (500, 2000)]
    for key in keys:
        if key not in measured:
            raise Hint(f"measured has no entry for {key} (noise, epochs)")
        value = need_number(measured[key], f"measured[{key}]")
        if not np.isclose(value, _mean_distance(*key), rtol=1e-9, atol=0):
            raise Hint(f"measured[{key}] is not run_tutorial(epochs={key[1]}, "
                       f"noise={key[0]}).match.mean_distance")
    d = {key: _mean_distance(*key) for key in keys}
    settled = all(abs(d[(n, 500)] - d[(n, 2000)]) <= 0.05 * d[(n, 2000)] for n in (0.8, 1.6))
    ratio = d[(1.6, 2000)] / d[(0.8, 2000)]
    if settled:
        right = "b" if ratio >= 1.5 else "c"
    else:
        right = "a"
    if letter != right:
        raise Hint(f"your measurements are right, but they do not show '{letter}'. Compare "
                   "the distance after 500 with that after 2000 epochs (has each run "
                   "settled?), then the two noise levels with each other.")
    return (f"both runs have settled by epoch 500, but with noise 1.6 the centroids end "
            f"{d[(1.6, 2000)]:.3f} away against {d[(0.8, 2000)]:.3f} with noise 0.8 "
            f"({ratio:.1f} times): noise limits how close the layer gets, not how fast.")


DEFAULT_BUDGETS = (10, 20, 50, 100, 200, 500, 1000, 2000)


def _fewest_epochs(noise, tol, candidates=DEFAULT_BUDGETS):
    for epochs in candidates:
        if _mean_distance(noise, epochs) <= tol:
            return epochs
    return None


@printing_check
def check_fewest_epochs(fewest_epochs):
    """Exercise of ``06_explore_epochs_and_noise``: the smallest epoch budget that is enough.

    ``fewest_epochs(noise, tol, candidates=...)`` must return the first number of epochs in
    ``candidates`` whose mean matched distance (``run_tutorial``, seed 0) is at most ``tol``,
    or None; compared with a reference in five cases.
    """
    name = "fewest_epochs"
    need_function(fewest_epochs, name)
    cases = [(0.8, 0.3, None), (0.4, 0.1, None), (1.6, 0.3, None), (0.8, 2.0, None),
             (1.2, 0.3, (30, 150, 300, 700))]
    for noise, tol, candidates in cases:
        budgets = DEFAULT_BUDGETS if candidates is None else candidates
        kwargs = {} if candidates is None else {"candidates": candidates}
        got = call_answer(fewest_epochs, name, noise, tol, **kwargs)
        expected = _fewest_epochs(noise, tol, budgets)
        call = f"{name}({noise}, {tol}{'' if candidates is None else ', candidates=...'})"
        if isinstance(got, np.integer):
            got = int(got)
        if got == expected and (got is None) == (expected is None):
            continue
        if expected is None:
            raise Hint(f"{call} should return None: no budget in candidates gets within tol")
        if got is None:
            raise Hint(f"{call} returned None, but some budget in candidates is enough: "
                       "compare each mean distance with tol using <=")
        if isinstance(got, float) and got not in budgets:
            raise Hint(f"{call} returned {got:.3f}: return the number of epochs, not the "
                       "distance")
        enough = [e for e in budgets if _mean_distance(noise, e) <= tol]
        if got in enough:
            raise Hint(f"{call} returned a budget that is enough but not the smallest one: "
                       "try the candidates in order and stop at the first that is enough")
        raise Hint(f"{call} returned {got!r}, which is not the first budget whose mean "
                   "matched distance is at most tol")
    return (f"fewest_epochs agrees with the reference in {len(cases)} cases, including one "
            "where no budget is enough.")
