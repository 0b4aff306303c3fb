"""Checks for the exercises of ``08_sample_order_and_the_conscience``."""

import numbers

import numpy as np

from ..data import SEED_CENTROIDS, make_clusters
from ._core import Hint, call_answer, need_array, need_function, printing_check


def _takeover(d_owner, d_other, count_owner=1, count_other=1):
    """The reference: the run played out point by point (a tie goes to the owner)."""
    wins = 0
    while (count_owner + wins) * d_owner <= count_other * d_other:
        wins += 1
    return wins


#: (d_owner, d_other, count_owner, count_other): the start of a pass, later in a pass,
#: unequal counts, an owner that loses the very first point, and an exact tie (3 x 1.0 =
#: 1 x 3.0, exact in floating point), where a strict ``<`` stops one win early.
TAKEOVER_CASES = [
    (1.0, 3.5, 1, 1),
    (1.0, 3.0, 1, 1),
    (1.0, 3.63, 20, 20),
    (1.0, 3.63, 60, 60),
    (0.5, 1.9, 3, 7),
    (2.0, 7.3, 1, 4),
    (2.0, 1.0, 1, 1),
    (1.5, 2.0, 10, 2),
]


def _whole_number(value, call):
    """The student's result as an int, or a hint."""
    if value is None:
        raise Hint(f"{call} returned None: end the function with a return statement")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise Hint(f"{call} should return a number of wins, got {type(value).__name__}")
    if not float(value).is_integer():
        raise Hint(f"{call} returned {value!r}: a number of wins is a whole number; count "
                   "the wins one by one (or round down the right way)")
    return int(value)


@printing_check
def check_takeover(wins_before_takeover):
    """Exercise 1 of ``08_sample_order_and_the_conscience``: wins before a takeover.

    ``wins_before_takeover(d_owner, d_other, count_owner=1, count_other=1)`` must return how
    many points of a run the owner wins before the other neuron wins one: the owner wins
    while ``count * d_owner <= count_other * d_other`` and each win adds 1 to its count.
    Compared with a point-by-point simulation in ``TAKEOVER_CASES``; the hints recognise
    counts that are ignored, an answer off by one and an owner that wins although the other
    neuron's product is already smaller.
    """
    name = "wins_before_takeover"
    need_function(wins_before_takeover, name)
    for case in TAKEOVER_CASES:
        d_owner, d_other, count_owner, count_other = case
        call = f"{name}{case}"
        got = _whole_number(call_answer(wins_before_takeover, name, *case), call)
        expected = _takeover(*case)
        if got == expected:
            continue
        if got < 0:
            raise Hint(f"{call} returned {got}: a number of wins cannot be negative")
        if expected == 0:
            raise Hint(f"{call} returned {got}, but at the first point the owner's count "
                       f"times distance ({count_owner} x {d_owner}) is already larger than "
                       f"the other's ({count_other} x {d_other}): the owner wins none")
        if (count_owner, count_other) != (1, 1) and got == _takeover(d_owner, d_other):
            raise Hint(f"{call} returned {got}, the answer for counts of 1: the counts at "
                       "the start of the run matter, each neuron competes with count x "
                       "distance")
        if got == expected - 1 and (count_owner + got) * d_owner == count_other * d_other:
            raise Hint(f"{call} returned {got}, one too few: at the last point the two "
                       f"products are equal ({count_owner + got} x {d_owner} = {count_other} "
                       f"x {d_other}), and a tie goes to the owner (use <=, not <)")
        if abs(got - expected) == 1:
            raise Hint(f"{call} is off by one: the owner wins a point when its count times "
                       "its distance is at most the other's (a tie goes to the owner), and "
                       "only then does its count go up by 1")
        raise Hint(f"{call} returned {got}: play the run out point by point on paper and "
                   "compare with your code")
    start = _takeover(1.0, 3.63)
    later = _takeover(1.0, 3.63, 60, 60)
    return (f"wins_before_takeover agrees with a point-by-point run in "
            f"{len(TAKEOVER_CASES)} cases. With a neuron 3.63 times farther, the owner keeps "
            f"a run for {start} points at the start of a pass (counts 1), and for {later} "
            "with counts of 60.")


def _widen(X, labels, centroids, cluster, factor):
    """The reference: the points of ``cluster`` ``factor`` times as far from its centroid."""
    X = np.array(X, dtype=float)
    members = np.asarray(labels) == cluster
    X[members] = centroids[cluster] + factor * (X[members] - centroids[cluster])
    return X


def _widen_cases():
    """Two cases on fixed data: the tutorial's centroids, and centroids moved by (1, -2, 3)."""
    X, labels = make_clusters(points_per_cluster=20, random_state=8)
    moved = np.asarray(SEED_CENTROIDS) + np.array([1.0, -2.0, 3.0])
    X_moved, _ = make_clusters(moved, points_per_cluster=20, random_state=8)
    return [(X, labels, np.array(SEED_CENTROIDS), 3, 2.5),
            (X_moved, labels.copy(), moved, 0, 0.5)]


@printing_check
def check_widen(widen):
    """Exercise 2 of ``08_sample_order_and_the_conscience``: widen one cluster.

    ``widen(X, labels, centroids, cluster, factor)`` must return a new array in which the
    points of ``cluster`` lie ``factor`` times as far from ``centroids[cluster]``, in the
    same direction, the other points unchanged, and ``X`` left as it was. Compared with a
    reference on two fixed cases (the second with other centroids, so that the centroids
    passed in must be used); the hints recognise a changed ``X``, scaling about the cluster's
    mean or about the origin, moving every cluster, dividing by the factor and using the
    tutorial's centroids instead of the ones passed in.
    """
    name = "widen"
    need_function(widen, name)
    for X, labels, centroids, cluster, factor in _widen_cases():
        call = f"widen(X, labels, centroids, {cluster}, {factor})"
        X_before = X.copy()
        got = need_array(call_answer(widen, name, X, labels, centroids, cluster, factor),
                         name, X.shape)
        if not np.array_equal(X, X_before):
            raise Hint(f"{call} changed the X it was given: work on a copy "
                       "(np.array(X, dtype=float) or X.copy()) and return that")
        expected = _widen(X, labels, centroids, cluster, factor)
        if np.allclose(got, expected):
            continue
        members = labels == cluster
        if not np.allclose(got[~members], X[~members]):
            raise Hint(f"{call} moved points of other clusters: only the points with "
                       f"labels == {cluster} should move")
        mean = X[members].mean(axis=0)
        about_mean = X.copy()
        about_mean[members] = mean + factor * (X[members] - mean)
        if np.allclose(got, about_mean):
            raise Hint(f"{call} widened the cluster about the mean of its points: use its "
                       "centroid, centroids[cluster]")
        about_origin = X.copy()
        about_origin[members] = factor * X[members]
        if np.allclose(got, about_origin):
            raise Hint(f"{call} multiplied the points themselves by the factor: multiply "
                       "their offset from the centroid (point - centroid), then add the "
                       "centroid back")
        if np.allclose(got, _widen(X, labels, centroids, cluster, 1 / factor)):
            raise Hint(f"{call} moved the points 1 / factor as far: multiply the offset by "
                       "the factor")
        if not np.allclose(centroids, SEED_CENTROIDS) and np.allclose(
                got, _widen(X, labels, SEED_CENTROIDS, cluster, factor)):
            raise Hint(f"{call} used the tutorial's centroids: use the centroids passed in")
        raise Hint(f"{call} does not put the points of cluster {cluster} at centroid + "
                   "factor x (point - centroid)")
    return ("widen moves only the chosen cluster's points, factor times as far from its "
            "centroid, and leaves X as it was.")
