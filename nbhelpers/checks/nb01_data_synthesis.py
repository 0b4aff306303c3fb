"""Checks for the exercises of ``01_data_synthesis``."""

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
    """Exercise of ``01_data_synthesis``: the tutorial's recipe written by hand.

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


def _mean_distance_to_own_centroid(noise):
    X, labels = make_clusters(noise=noise, random_state=0)
    return float(np.linalg.norm(X - SEED_CENTROIDS[labels], axis=1).mean())


@printing_check
def check_noise_factor(predicted_factor, measured_factor):
    """Exercise of ``01_data_synthesis``: predict, then measure, what doubling the noise does.

    ``measured_factor`` must be the mean distance from each point to its own centroid with
    noise 1.6 divided by the same with noise 0.8 (``random_state=0``); the prediction passes
    when it is within 10 % of the measurement.
    """
    if predicted_factor is Ellipsis:
        raise Hint("predicted_factor is still ...: write your prediction there first, before "
                   "you measure.")
    predicted = need_number(predicted_factor, "predicted_factor")
    measured = need_number(measured_factor, "measured_factor")
    reference = _mean_distance_to_own_centroid(1.6) / _mean_distance_to_own_centroid(0.8)
    if not np.isclose(measured, reference, rtol=1e-6, atol=0):
        raise Hint(f"measured_factor = {measured:.3f} is not the ratio the data give: for "
                   "noise 1.6 and 0.8 (random_state=0 both times) average each point's "
                   "distance to its own centroid, SEED_CENTROIDS[labels], then divide the 1.6 "
                   "result by the 0.8 result")
    if abs(predicted - measured) > 0.1 * measured:
        raise Hint(f"your measurement is right, but your prediction ({predicted:g}) missed "
                   "it. Look at the recipe again: noise multiplies every random offset. Why "
                   "does that give the factor you measured?")
    return (f"you predicted {predicted:g} and measured {measured:.2f}: the same seed draws the "
            "same random numbers, and noise multiplies every offset, so every distance "
            "doubles.")
