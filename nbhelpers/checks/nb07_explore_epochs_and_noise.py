"""Checks for the exercises of ``07_explore_epochs_and_noise``."""

import functools

import numpy as np

from ..metrics import match_centroids
from ..tutorial import run_tutorial
from ._core import Hint, call_answer, need_function, need_number, printing_check


@functools.lru_cache(maxsize=64)
def _mean_distance(noise, epochs):
    return run_tutorial(epochs=epochs, noise=noise).match.mean_distance


@functools.lru_cache(maxsize=8)
def _answer_key_distance(noise):
    """Mean distance from each cluster's own mean to its centroid (seed 0)."""
    r = run_tutorial(epochs=1, noise=noise)
    means = np.array([r.X[r.labels == c].mean(axis=0) for c in range(len(r.centroids))])
    return float(np.linalg.norm(means - r.centroids, axis=1).mean())


def _kmeans(X, centres, iterations=100):
    """Lloyd's k-means from the given centres: each centre moves to the mean of the points
    nearest to it, until nothing changes."""
    centres = np.array(centres, dtype=float)
    for _ in range(iterations):
        nearest = np.linalg.norm(X[:, None] - centres[None], axis=2).argmin(axis=1)
        moved = np.array([X[nearest == k].mean(axis=0) if np.any(nearest == k) else c
                          for k, c in enumerate(centres)])
        if np.array_equal(moved, centres):
            break
        centres = moved
    return centres


@functools.lru_cache(maxsize=8)
def _overlap(noise):
    """Share of the points nearer another cluster's centroid than their own, and the mean
    distance to the actual centroids of k-means started on them (seed 0)."""
    r = run_tutorial(epochs=1, noise=noise)
    nearest = np.linalg.norm(r.X[:, None] - r.centroids[None], axis=2).argmin(axis=1)
    centres = _kmeans(r.X, r.centroids)
    return float(np.mean(nearest != r.labels)), match_centroids(r.centroids, centres).mean_distance


#: The options of the exercise: the factor by which the settled mean distance grows.
NOISE_OPTIONS = {"a": "less than 1.5 times as far", "b": "1.5 to 2.5 times as far",
                 "c": "more than 2.5 times as far"}


def _option(factor):
    return "a" if factor < 1.5 else "b" if factor <= 2.5 else "c"


@printing_check
def check_noise_prediction(prediction, measured):
    """Exercise of ``07_explore_epochs_and_noise``: predict, then measure, what doubling the
    noise does to where the layer settles.

    ``prediction`` is ``'a'``, ``'b'`` or ``'c'`` (``NOISE_OPTIONS``: the factor by which the
    mean matched distance grows from noise 0.8 to 1.6); ``measured`` maps ``(noise, epochs)``
    to ``run_tutorial(epochs=epochs, noise=noise).match.mean_distance`` for noise 0.8 and 1.6
    and 500 and 2000 epochs. A wrong prediction is not a wrong answer: the check reports the
    prediction next to what the measurements show, and says "Not yet" only when the
    prediction is missing or malformed or a measurement is missing or wrong (values read
    from the explorer's 3-decimal readout are accepted). The message says, measured, why the
    layer's distance grows more than the points' offsets: the clusters begin to overlap.
    """
    if prediction is Ellipsis:
        raise Hint("prediction is still ...: write your prediction ('a', 'b' or 'c') there "
                   "first, before you measure.")
    if not isinstance(prediction, str) or prediction.strip().lower() not in NOISE_OPTIONS:
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
        # values read from the explorer's readout (3 decimals) are accepted
        if not np.isclose(value, _mean_distance(*key), rtol=1e-3, atol=5e-4):
            raise Hint(f"measured[{key}] is not run_tutorial(epochs={key[1]}, "
                       f"noise={key[0]}).match.mean_distance, not even to 3 decimals: check "
                       "the noise, the epochs and the seed (0)")
    d = {key: _mean_distance(*key) for key in keys}
    change = max(abs(d[(n, 500)] - d[(n, 2000)]) / d[(n, 2000)] for n in (0.8, 1.6))
    factor = d[(1.6, 2000)] / d[(0.8, 2000)]
    shown = _option(factor)
    key_factor = _answer_key_distance(1.6) / _answer_key_distance(0.8)
    verdict = (f"your prediction '{letter}' agrees" if letter == shown else
               f"you predicted '{letter}' ({NOISE_OPTIONS[letter]})")
    settled = ("both runs had settled by epoch 500" if change <= 0.05 else
               "the runs were still changing after epoch 500")
    (share_low, kmeans_low), (share_high, kmeans_high) = _overlap(0.8), _overlap(1.6)
    return (f"the measurements (seed 0): after 2000 epochs the layer is {d[(1.6, 2000)]:.3f} "
            f"away with noise 1.6 against {d[(0.8, 2000)]:.3f} with noise 0.8, {factor:.1f} "
            f"times as far: option '{shown}'; {verdict}. Each cluster's own mean is only "
            f"{key_factor:.1f} times as far. Why more: with noise 1.6 the clusters begin to "
            f"overlap ({100 * share_high:.0f} % of the points lie nearer another cluster's "
            f"centroid, against {100 * share_low:.0f} % with 0.8), and a centre that stands "
            "for the points nearest to it is pulled off its centroid by them: k-means, started "
            f"on the actual centroids, also ends {kmeans_high / kmeans_low:.1f} times as far "
            f"({kmeans_high:.3f} against {kmeans_low:.3f}). And {settled} (change at most "
            f"{100 * change:.0f} %).")


DEFAULT_BUDGETS = (10, 20, 50, 100, 200, 500, 1000, 2000)


def _fewest_epochs(noise, tol, candidates=DEFAULT_BUDGETS):
    for epochs in candidates:
        if _mean_distance(noise, epochs) <= tol:
            return epochs
    return None


@printing_check
def check_fewest_epochs(fewest_epochs):
    """Exercise of ``07_explore_epochs_and_noise``: the smallest epoch budget that is enough.

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
