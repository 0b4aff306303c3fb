"""Checks for the exercises of ``03_normalization``."""

import numpy as np

from ..data import make_clusters
from ..normalization import MinMaxScaler, ZScoreScaler
from ._core import Hint, call_answer, nearly_equal, need_array, need_function, printing_check


def _scaling_cases():
    rng = np.random.RandomState(5)
    return [rng.normal(size=(50, 3)) * [1.0, 10.0, 100.0] + [0.0, -5.0, 50.0],
            rng.uniform(-3, 7, (20, 2)),
            make_clusters(random_state=0)[0]]


@printing_check
def check_minmax_scale(minmax_scale):
    """Exercise of ``03_normalization``: ``minmax_scale(X)`` maps each column onto [0, 1].

    Compared with ``make_scaler("minmax")`` on three arrays.
    """
    name = "minmax_scale"
    need_function(minmax_scale, name)
    cases = _scaling_cases()
    for X in cases:
        got = need_array(call_answer(minmax_scale, name, X.copy()), name, X.shape)
        if nearly_equal(got, MinMaxScaler().fit_transform(X)):
            continue
        lo, hi = X.min(axis=0), X.max(axis=0)
        if nearly_equal(got, (X - X.min()) / (X.max() - X.min())):
            raise Hint("you used one minimum and maximum for the whole array: use axis=0 so "
                       "that each column gets its own")
        if nearly_equal(got, (X - lo) / hi):
            raise Hint("each column starts at 0 but does not end at 1: divide by the range "
                       "of the column (max - min), not by its max")
        if nearly_equal(got, ZScoreScaler().fit_transform(X)):
            raise Hint("that is z-scoring (mean 0, spread 1): min-max uses each column's "
                       "minimum and range")
        if nearly_equal(got, X / (hi - lo)):
            raise Hint("the columns have the right spread but do not start at 0: subtract "
                       "each column's minimum first")
        raise Hint(f"for an array of shape {X.shape} the columns do not run from exactly 0 "
                   "to 1: subtract each column's minimum and divide by its range")
    return (f"minmax_scale agrees with make_scaler('minmax') on {len(cases)} arrays: every "
            "column now runs from 0 to 1.")


@printing_check
def check_zscore(zscore, unzscore):
    """Exercise of ``03_normalization``: ``zscore(X)`` returns ``(Z, mean, std)`` and
    ``unzscore(Z, mean, std)`` undoes it.

    Compared with ``make_scaler("zscore")`` and its ``inverse_transform`` on three arrays and
    on points that are not in the data (as trained weights are not).
    """
    need_function(zscore, "zscore")
    need_function(unzscore, "unzscore")
    rng = np.random.RandomState(7)
    for X in _scaling_cases():
        out = call_answer(zscore, "zscore", X.copy())
        if not isinstance(out, (tuple, list)) or len(out) != 3:
            raise Hint("zscore should return three things: Z, mean, std")
        ref = ZScoreScaler().fit(X)
        n, d = X.shape
        Z = need_array(out[0], "zscore's Z", X.shape)
        if np.ndim(out[1]) == 0 or np.ndim(out[2]) == 0:
            raise Hint("mean and std should hold one number per column: use axis=0")
        mean = need_array(out[1], "zscore's mean", (d,))
        std = need_array(out[2], "zscore's std", (d,))
        if nearly_equal(std, X.std(axis=0, ddof=1)):
            raise Hint("your std divides by n - 1: use the population standard deviation, "
                       "np.std's default (ddof=0)")
        if not (nearly_equal(mean, ref.mean_) and nearly_equal(std, ref.std_)):
            raise Hint("mean and std should hold one number per column: use axis=0")
        if not nearly_equal(Z, ref.transform(X)):
            raise Hint("Z is not (X - mean) / std column by column")
        points = rng.normal(size=(5, d))  # like trained weights: not rows of X
        back = call_answer(unzscore, "unzscore", points.copy(), ref.mean_.copy(), ref.std_.copy())
        back = need_array(back, "unzscore", points.shape)
        expected = ref.inverse_transform(points)
        if nearly_equal(back, expected):
            continue
        if nearly_equal(back, (points - ref.mean_) / ref.std_):
            raise Hint("unzscore scales again instead of undoing: undo the steps in reverse "
                       "order")
        if nearly_equal(back, (points + ref.mean_) * ref.std_):
            raise Hint("the order matters: undo the division first, then the subtraction")
        raise Hint("unzscore(zscore(X)) should give X back, and map any point the same way")
    return ("zscore matches make_scaler('zscore'), and unzscore undoes it exactly, also for "
            "points that are not in X, such as trained weights.")
