"""Checks for the exercises of ``02_data_synthesis``."""

import numpy as np

from ..data import SEED_CENTROIDS, make_clusters
from ._core import (
    Hint,
    call_answer,
    nearly_equal,
    need_array,
    need_function,
    need_number,
    printing_check,
    same_rows_any_order,
)


@printing_check
def check_tutorial_clusters(tutorial_clusters):
    """Exercise of ``02_data_synthesis``: the tutorial's recipe written by hand.

    ``tutorial_clusters(centroids, points_per_cluster, noise)`` must use NumPy's global RNG
    as the tutorial does; after ``np.random.seed(s)`` it must equal
    ``make_clusters(..., random_state=s)[0]`` on three sets of centroids.
    """
    name = "tutorial_clusters"
    need_function(tutorial_clusters, name)
    rng = np.random.RandomState(2024)
    cases = [(np.array(SEED_CENTROIDS), 100, 0.8, 0),
             (rng.uniform(-5, 5, (3, 2)), 7, 1.5, 1),
             (rng.uniform(-5, 5, (4, 4)), 5, 0.3, 2)]
    for centroids, points, noise, seed in cases:
        k, dims = centroids.shape
        where = f"for {k} centroids in {dims}-D, {points} points each and noise {noise}"
        np.random.seed(seed)
        out = call_answer(tutorial_clusters, name, centroids.copy(), points, noise)
        got = need_array(out, name, (points * k, dims))
        expected, _ = make_clusters(centroids, points, noise, random_state=seed)
        if nearly_equal(got, expected):
            continue
        r = np.random.RandomState(seed)
        unshuffled = (centroids + noise * r.randn(points, k, dims)).reshape(points * k, dims)
        if nearly_equal(got, unshuffled):
            raise Hint(f"{where} the points are right but still in their first order: "
                       "shuffle the rows with np.random.shuffle")
        if same_rows_any_order(got, expected):
            raise Hint(f"{where} the points are right but in another order: shuffle once, "
                       "with np.random.shuffle after the reshape (the order of NumPy's "
                       "random calls decides the result)")
        raise Hint(f"{where} the points differ from the tutorial's: draw the offsets with "
                   "np.random.randn(points_per_cluster, k, dims), scale them by noise and add "
                   "the centroids before you reshape and shuffle")
    return ("tutorial_clusters gives exactly make_clusters' points on 3 data sets: the same "
            "recipe and the same random numbers.")


#: The exercise's noise levels (the factor is measured from the first to the second), and
#: the pair the notebook's noise table shows (totals of seeds 0 to 4), used in the explanation.
NOISE_LEVELS = (1.0, 2.0)
TABLE_LEVELS = (0.8, 1.6)
SEEDS = range(5)


def _count_nearer_another(noise, seed):
    """Points of ``make_clusters(noise=noise, random_state=seed)`` nearer another centroid."""
    X, labels = make_clusters(noise=noise, random_state=seed)
    dist = np.linalg.norm(X[:, None, :] - SEED_CENTROIDS[None, :, :], axis=2)
    return int(np.sum(dist.argmin(axis=1) != labels))


def _growth(low, high, seeds=SEEDS):
    """Total count over ``seeds`` at noise ``high`` divided by the total at noise ``low``."""
    return (sum(_count_nearer_another(high, s) for s in seeds)
            / sum(_count_nearer_another(low, s) for s in seeds))


def _mean_distance_factor(low, high):
    """How much the mean distance to the own centroid grows (seed 0): the distances' factor."""

    def mean_distance(noise):
        X, labels = make_clusters(noise=noise, random_state=0)
        return float(np.linalg.norm(X - SEED_CENTROIDS[labels], axis=1).mean())

    return mean_distance(high) / mean_distance(low)


def _raise_measurement_hint(measured, low, high):
    """Raise the hint for a wrong measured factor that fits the likely mistake."""
    seeds = list(SEEDS)
    counts = {n: [_count_nearer_another(n, s) for s in seeds] for n in (low, high)}
    n_points = len(make_clusters(noise=low, random_state=0)[0])
    mistakes = [
        (1 / _growth(low, high), "you divided the other way round: the total at noise "
         f"{high:.1f} goes on top"),
        (counts[high][0] / counts[low][0], "that is the factor of seed 0 alone: add up the "
         f"counts of seeds {seeds[0]} to {seeds[-1]} first, then divide"),
        (float(np.mean(np.array(counts[high]) / np.array(counts[low]))),
         "that is the mean of the five per-seed factors: add up the counts first, then divide "
         "once"),
        ((len(seeds) * n_points - sum(counts[high])) / (len(seeds) * n_points - sum(counts[low])),
         "that counts the points nearer their own centroid: count the ones nearer *another* "
         "centroid"),
        (_mean_distance_factor(low, high), "that is how much the mean distance to the own "
         "centroid grows: count the points nearer another centroid instead"),
    ]
    for value, hint in mistakes:
        if np.isclose(measured, value, rtol=1e-6, atol=0):
            raise Hint(f"measured_factor = {measured:.3f}: {hint}")
    raise Hint(f"measured_factor = {measured:.3f} is not the factor the data give: for each "
               f"seed 0 to 4 count the points whose nearest centroid is not their own (label), "
               f"at noise {low:.1f} and at noise {high:.1f}; add up each noise level's counts "
               f"and divide the {high:.1f} total by the {low:.1f} total")


@printing_check
def check_noise_factor(predicted_factor, measured_factor):
    """Exercise of ``02_data_synthesis``: predict, then measure, how fast the overlap grows.

    ``measured_factor`` must be the number of points nearer another centroid than their own,
    added up over seeds 0 to 4, at noise 2.0 divided by the same total at noise 1.0. The
    prediction is never marked: any positive number passes, and the message sets it beside
    the measurement. A missing or malformed prediction, or a wrong measurement, gets a hint.
    """
    if predicted_factor is Ellipsis:
        raise Hint("predicted_factor is still ...: write your prediction in its cell and run "
                   "it first, before you measure.")
    predicted = need_number(predicted_factor, "predicted_factor", positive=True)
    measured = need_number(measured_factor, "measured_factor")
    low, high = NOISE_LEVELS
    reference = _growth(low, high)
    if not np.isclose(measured, reference, rtol=1e-6, atol=0):
        _raise_measurement_hint(measured, low, high)
    if abs(predicted - measured) <= 0.25 * measured:
        verdict = f"close to your prediction of {predicted:g}"
    elif predicted < measured:
        verdict = f"more than your prediction of {predicted:g}"
    else:
        verdict = f"less than your prediction of {predicted:g}"
    a, b = TABLE_LEVELS
    crossed = {n: sum(_count_nearer_another(n, s) for s in SEEDS) for n in (a, b, low)}
    return (f"you measured {measured:.2f} (seeds 0 to 4 together), {verdict}. Distances "
            "double with the noise, but a point counts only once its offset carries it past "
            "the plane halfway to another centroid, and the share of points that far out grows "
            f"by no fixed factor: from noise {a:.1f} to {b:.1f} the count grew "
            f"{_growth(a, b):.1f}-fold ({crossed[a]} to {crossed[b]}, in the noise table), "
            f"from {low:.1f} to {high:.1f} less, because at {low:.1f} more points had crossed "
            f"already ({crossed[low]}, against {crossed[a]} at {a:.1f}).")
