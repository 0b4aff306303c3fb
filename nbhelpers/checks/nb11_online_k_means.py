"""Checks for the exercises of ``11_online_k_means``."""

import functools

import numpy as np

from ..data import SEED_CENTROIDS
from ..metrics import match_centroids
from ..normalization import make_scaler
from ..tutorial import _draw_data
from ._core import Hint, call_answer, nearly_equal, need_array, need_function, printing_check


def _lloyd_step(X, centres):
    """One iteration of Lloyd's k-means: each centre moves to the mean of its nearest points."""
    nearest = np.linalg.norm(X[:, None] - centres[None], axis=2).argmin(axis=1)
    return np.array([X[nearest == k].mean(axis=0) if np.any(nearest == k) else c
                     for k, c in enumerate(centres)])


def _median_step(X, centres):
    """The typical slip: the median of each centre's points instead of their mean."""
    nearest = np.linalg.norm(X[:, None] - centres[None], axis=2).argmin(axis=1)
    return np.array([np.median(X[nearest == k], axis=0) if np.any(nearest == k) else c
                     for k, c in enumerate(centres)])


def _lloyd_cases():
    """(X, centres) pairs: 3-D and 2-D data, and one centre that no point is nearest to."""
    rng = np.random.RandomState(11)
    cases = [(rng.randn(40, 3), rng.randn(4, 3)), (rng.rand(25, 2), rng.rand(3, 2))]
    X = rng.randn(30, 2)
    cases.append((X, np.array([X[0], X[1], [40.0, 40.0]])))  # the third centre wins nothing
    return cases


@printing_check
def check_lloyd_step(lloyd_step):
    """Exercise 1 of ``11_online_k_means``: one iteration of Lloyd's k-means.

    ``lloyd_step(X, centres)`` must return new centres: each one the mean of the points
    nearest to it, or unchanged if no point is nearest to it, without changing ``centres``.
    Compared with a reference on three cases, one with a centre that wins no point.
    """
    name = "lloyd_step"
    need_function(lloyd_step, name)
    for i, (X, centres) in enumerate(_lloyd_cases()):
        given = centres.copy()
        got = need_array(call_answer(lloyd_step, name, X.copy(), given), name, centres.shape)
        expected = _lloyd_step(X, centres)
        if not np.array_equal(given, centres):
            raise Hint(f"{name} changed the centres it was given: work on a copy "
                       "(np.array(centres, dtype=float)) and return that")
        if nearly_equal(got, expected):
            continue
        if np.isnan(got).any():
            raise Hint(f"{name} returned NaN: a centre that no point is nearest to has no "
                       "mean (the mean of an empty array is NaN); leave such a centre where "
                       "it is")
        if nearly_equal(got, centres):
            raise Hint(f"{name} returned the centres unchanged: move each one to the mean of "
                       "the points nearest to it")
        if nearly_equal(got, _median_step(X, centres)):
            raise Hint(f"{name} moved each centre to the median of its points: k-means uses "
                       "their mean")
        case = "the case where one centre wins no point" if i == 2 else f"case {i + 1}"
        raise Hint(f"{name} gives other centres than the reference in {case}: find each "
                   "point's nearest centre (argmin over the centres' axis), then average the "
                   "points of each centre")
    return (f"{name} agrees with the reference in {len(_lloyd_cases())} cases, including a "
            "centre that wins no point and stays where it is.")


#: The seeds and noise of Exercise 2.
RESTART_SEEDS = tuple(range(10))
RESTART_NOISE = 0.8


@functools.lru_cache(maxsize=8)
def _restart_runs(n_init, init_on_starts=False, units="data"):
    """KMeans on the tutorial's data, seeds 0-9, noise 0.8: (mean matched distances, number
    of seeds whose centres take every cluster).

    ``units`` says how the distances are measured: ``"data"`` (centres mapped back to data
    units, the right answer), ``"scaled"`` (centres and centroids both in scaled units) or
    ``"mixed"`` (scaled centres against the centroids in data units: a forgotten
    ``inverse_transform``).
    """
    from sklearn.cluster import KMeans  # imported on first use: it takes a moment
    from threadpoolctl import threadpool_limits

    distances, taken = [], 0
    for seed in RESTART_SEEDS:
        X, _, rng = _draw_data(seed, RESTART_NOISE, SEED_CENTROIDS, 100)
        scaler = make_scaler("norm").fit(X)
        X_norm = scaler.transform(X)
        if init_on_starts:
            init = np.array([X_norm[rng.randint(0, len(X_norm))] for _ in range(5)])
            kmeans = KMeans(5, init=init, n_init=1)
        else:
            kmeans = KMeans(5, n_init=n_init, random_state=seed)
        with threadpool_limits(1):  # one thread: faster for 500 points
            centres = kmeans.fit(X_norm).cluster_centers_
        in_data_units = scaler.inverse_transform(centres)
        nearest = np.linalg.norm(in_data_units[:, None] - SEED_CENTROIDS[None],
                                 axis=2).argmin(axis=1)
        taken += len(set(nearest)) == len(SEED_CENTROIDS)
        actual = scaler.transform(SEED_CENTROIDS) if units == "scaled" else SEED_CENTROIDS
        distances.append(match_centroids(actual, in_data_units if units == "data" else
                                         centres).mean_distance)
    return tuple(distances), taken


def _restart_distances(n_init, init_on_starts=False, units="data"):
    """The mean matched distances of ``_restart_runs``."""
    return _restart_runs(n_init, init_on_starts, units)[0]


def _close(got, expected):
    return bool(np.allclose(got, expected, rtol=1e-6, atol=1e-6))


@printing_check
def check_restarts(prediction, restart_distances):
    """Exercise 2 of ``11_online_k_means``: k-means' own fix for bad starts, restarts.

    ``prediction`` is the number of seeds (0 to 10) in which the student expects k-means with
    10 k-means++ starts to take every cluster; it is never marked, only shown next to the
    measurement. ``restart_distances`` lists, for seeds 0 to 9 of the tutorial's data with
    noise 0.8, the mean matched distance (data units) of
    ``KMeans(5, n_init=10, random_state=seed)`` fitted on the normalized data. Wrong answers
    recognised: one start (``n_init=1``), the tutorial's starts, distances in scaled units,
    and scaled centres compared with the centroids in data units (no ``inverse_transform``).
    """
    if prediction is Ellipsis:
        raise Hint("prediction is still ...: write your prediction (a whole number from 0 to "
                   "10) there first, before you measure.")
    if (isinstance(prediction, bool) or not isinstance(prediction, (int, np.integer))
            or not 0 <= prediction <= len(RESTART_SEEDS)):
        raise Hint(f"prediction should be a whole number of seeds from 0 to "
                   f"{len(RESTART_SEEDS)}, got {prediction!r}")
    name = "restart_distances"
    if restart_distances is Ellipsis:
        raise Hint(f"{name} is still ...: fill it in, run that cell, then run this check "
                   "again.")
    got = need_array(restart_distances, name, (len(RESTART_SEEDS),))
    expected, taken = _restart_runs(10)
    if _close(got, expected):
        starts = _restart_distances(1, init_on_starts=True)
        return (f"you predicted {int(prediction)}; every cluster taken in {taken} of "
                f"{len(RESTART_SEEDS)} seeds. With 10 k-means++ starts each, k-means ends "
                f"{min(expected):.3f} to {max(expected):.3f} from the actual centroids (median "
                f"{np.median(expected):.3f}); from the tutorial's starts it ended more than 1 "
                f"away in {sum(d > 1 for d in starts)} of them. Restarts are k-means' answer "
                "to bad starts, as the conscience is the layer's.")
    if _close(got, _restart_distances(1)):
        raise Hint("those are the distances of one start per seed: ask KMeans for 10 starts "
                   "(n_init=10); it keeps the one with the lowest sum of squared distances")
    if _close(got, _restart_distances(1, init_on_starts=True)):
        raise Hint("those are k-means from the tutorial's starts: leave init at its default "
                   "(k-means++) and ask for n_init=10 starts")
    if _close(got, _restart_distances(10, units="scaled")):
        raise Hint("those distances are in scaled units: map the centres back with "
                   "scaler.inverse_transform before match_centroids")
    if _close(got, _restart_distances(10, units="mixed")):
        raise Hint("those are the scaled centres measured against the centroids in data "
                   "units: map the centres back with scaler.inverse_transform first")
    raise Hint(f"{name} does not match KMeans(5, n_init=10, random_state=seed) on the "
               "normalized data of seeds 0 to 9 (noise 0.8), matched in data units: check "
               "the seed order, the noise and random_state")
