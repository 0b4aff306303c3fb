"""Checks for the exercises of ``09_how_many_neurons``."""

import functools
import math
from types import SimpleNamespace

import numpy as np

from ..tutorial import run_tutorial
from ._core import Hint, call_answer, need_function, printing_check

__all__ = ["check_elbow", "check_silhouette_of"]

#: The runs the silhouette check tries: (seed, neurons), 100 epochs as in the notebook.
SILHOUETTE_CASES = ((1, 2), (1, 5), (2, 7))


@functools.lru_cache(maxsize=8)
def _run(seed, n_neurons):
    return run_tutorial(epochs=100, seed=seed, n_neurons=n_neurons)


def _groups(X, weights):
    return np.linalg.norm(X[:, None, :] - weights[None, :, :], axis=2).argmin(axis=1)


def _reference_silhouette(result):
    from sklearn.metrics import silhouette_score  # imported when a check runs, not before

    groups = _groups(result.X, result.predicted)
    if len(set(groups.tolist())) < 2:
        return float("nan")
    return float(silhouette_score(result.X, groups))


def _one_group_result():
    """A result whose points all have the same nearest neuron (a far-away second neuron)."""
    r = _run(1, 2)
    far = r.X.max(axis=0) + 100.0
    predicted = np.vstack([r.X.mean(axis=0), far])
    return SimpleNamespace(X=r.X, labels=r.labels, centroids=r.centroids, scaler=r.scaler,
                           X_scaled=r.scaler.transform(r.X), predicted=predicted,
                           weights=r.scaler.transform(predicted))


def _as_float(value, name):
    if value is None:
        raise Hint(f"{name} returned None: end it with a return statement")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise Hint(f"{name} should return one number, got {type(value).__name__}") from None


@printing_check
def check_silhouette_of(silhouette_of):
    """Exercise 1 of ``09_how_many_neurons``: ``silhouette_of(result)``.

    Tries the student's function on three ``run_tutorial`` results (100 epochs; 2, 5 and 7
    neurons) and on one whose points all have the same nearest neuron (must give nan).
    Recognises the score of the true clusters (``result.labels``) instead of the neurons'
    groups, and a function that fails on a single group.
    """
    need_function(silhouette_of, "silhouette_of")
    for seed, n in SILHOUETTE_CASES:
        r = _run(seed, n)
        got = _as_float(call_answer(silhouette_of, "silhouette_of", r), "silhouette_of")
        want = _reference_silhouette(r)
        if math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-9):
            continue
        from sklearn.metrics import silhouette_score

        if math.isclose(got, silhouette_score(r.X, r.labels), rel_tol=1e-6):
            raise Hint(f"with {n} neurons (seed {seed}) you gave the score of the true "
                       "clusters (result.labels); score the groups the neurons make: each "
                       "point in the group of its nearest neuron (result.predicted)")
        raise Hint(f"with {n} neurons (seed {seed}) the score should be about {want:.4g}, "
                   f"got {got:.4g}: give each point the index of its nearest neuron "
                   "(result.predicted, in data units like result.X) and pass those indices "
                   "to silhouette_score as the labels")
    lonely = _one_group_result()
    try:
        got = silhouette_of(lonely)
    except NotImplementedError:
        raise Hint("silhouette_of still raises NotImplementedError") from None
    except Exception:
        raise Hint("when all points have the same nearest neuron there is only one group and "
                   "silhouette_score raises; check the number of groups first and return "
                   'float("nan") then') from None
    if got is None or not np.isnan(_as_float(got, "silhouette_of")):
        raise Hint('when all points have the same nearest neuron the score is not defined: '
                   f'return float("nan"), got {got!r}')
    return (f"silhouette_of agrees with the reference on {len(SILHOUETTE_CASES)} trained "
            "layers and gives nan for a single group.")


def _reference_elbow(neuron_counts, errors, threshold):
    for i in range(len(errors) - 1):
        if (errors[i] - errors[i + 1]) / errors[i] < threshold:
            return neuron_counts[i]
    return None


#: (counts, errors, threshold) the elbow check tries; chosen so that the typical slips differ.
ELBOW_CASES = (
    ([1, 2, 3, 4, 5, 6, 7], [4.1, 3.2, 2.4, 1.67, 1.26, 1.25, 1.23], 0.05),  # clear: 5
    ([2, 4, 6, 8, 10], [9.0, 5.0, 2.0, 1.95, 1.9], 0.1),  # counts from 2 in steps of 2: 6
    ([1, 2, 3, 4], [4.0, 3.0, 2.0, 1.0], 0.1),  # no elbow: None
    ([1, 2, 3, 4, 5], [4.0, 3.0, 2.8, 2.0, 1.99], 0.1),  # relative: 2 (absolute drops: 4)
    ([3, 4, 5, 6], [1.0, 0.99, 0.5, 0.49], 0.05),  # the first count already: 3
    ([1, 2, 3], [1.0, 0.905, 0.5], 0.1),  # 1; dividing by errors[i + 1] instead gives None
)


@printing_check
def check_elbow(elbow):
    """Exercise 2 of ``09_how_many_neurons``: ``elbow(neuron_counts, errors, threshold)``.

    Compares with the reference on six curves (``ELBOW_CASES``): a clear elbow, counts that
    do not start at 1, no elbow (None), a curve where an absolute drop would mislead, an
    elbow at the first count, and one where dividing the drop by the next error misleads.
    Recognises an index returned instead of a count, the count one too late (``n + 1``), a
    drop measured in data units, a drop divided by ``errors[i + 1]``, and a missing ``None``.
    """
    need_function(elbow, "elbow")
    for counts, errors, threshold in ELBOW_CASES:
        want = _reference_elbow(counts, errors, threshold)
        got = call_answer(elbow, "elbow", list(counts), np.array(errors), threshold)
        if got == want and (got is None) == (want is None):
            continue
        shown = f"elbow({counts}, {errors}, {threshold})"
        if want is None:
            raise Hint(f"{shown} gave {got!r}, but every step lowers that error by more than "
                       f"{threshold:.0%}: return None when no count qualifies")
        if got == _elbow_over_next(counts, errors, threshold):
            raise Hint(f"{shown} gave {got!r}: divide the drop by the error at n, errors[i], "
                       "not by the error after it, errors[i + 1]")
        if got is None:
            raise Hint(f"{shown} gave None, but one step lowers the error by less than "
                       f"{threshold:.0%}: compare (errors[i] - errors[i + 1]) / errors[i] "
                       "with threshold")
        i = counts.index(want)
        if got == i:
            raise Hint(f"{shown} gave {got!r}, the position in the list; return the number "
                       "of neurons at that position (neuron_counts[i])")
        if i + 1 < len(counts) and got == counts[i + 1]:
            raise Hint(f"{shown} gave {got!r}, one count too late: return the count n whose "
                       "next neuron gains little, not the count after it")
        if got == _absolute_elbow(counts, errors, threshold):
            raise Hint(f"{shown} gave {got!r}: the drop is relative, divide it by the error "
                       "at n before comparing with threshold")
        raise Hint(f"{shown} gave {got!r}: go through the counts in order and return the "
                   "first n whose next neuron lowers the error by less than threshold times "
                   "the error at n")
    return f"elbow agrees with the reference on {len(ELBOW_CASES)} curves, including one " \
           "without an elbow."


def _elbow_over_next(counts, errors, threshold):
    for i in range(len(errors) - 1):
        if (errors[i] - errors[i + 1]) / errors[i + 1] < threshold:
            return counts[i]
    return None


def _absolute_elbow(counts, errors, threshold):
    for i in range(len(errors) - 1):
        if errors[i] - errors[i + 1] < threshold:
            return counts[i]
    return None
