"""Checks for the exercises of ``04_training_with_newc``."""

import itertools

import numpy as np

from ..layer import learning_pass
from ..metrics import match_centroids
from ._core import (
    Hint,
    call_answer,
    nearly_equal,
    need_array,
    need_function,
    need_number,
    printing_check,
)


def _step_variants(W, x, lr):
    """Common wrong versions of one winner-take-all step, for hints."""
    d = np.sqrt(np.sum((W - x) ** 2, axis=1))
    win, far = int(np.argmin(d)), int(np.argmax(d))
    variants = {}
    every = W + lr * d[:, None] * (x - W)
    variants["every"] = every
    farthest = W.copy()
    farthest[far] += lr * d[far] * (x - W[far])
    variants["farthest"] = farthest
    no_d = W.copy()
    no_d[win] += lr * (x - W[win])
    variants["no_d"] = no_d
    away = W.copy()
    away[win] += lr * d[win] * (W[win] - x)
    variants["away"] = away
    return variants


@printing_check
def check_wta_step(wta_step):
    """Exercise of ``04_training_with_newc``: one winner-take-all step, as ``newc`` makes it.

    ``wta_step(W, x, lr)`` must return new weights in which only the nearest neuron moved,
    by ``lr * d * (x - w)``, without changing ``W``; compared with ``learning_pass`` on one
    sample, for six random layers.
    """
    name = "wta_step"
    need_function(wta_step, name)
    rng = np.random.RandomState(3)
    hints = {
        "every": "every neuron moved: only the winner, the nearest neuron, moves",
        "farthest": "the farthest neuron moved: the winner is the nearest one",
        "no_d": "the winner moved lr * (x - w): neurolab also multiplies the step by the "
                "distance d",
        "away": "the winner moved away from the sample: it should move towards x",
    }
    shapes = [(2, 2), (3, 3), (5, 3), (6, 4), (4, 2), (5, 5)]
    lrs = [0.01, 0.1, 0.5, 1.0, 1.5, 0.3]
    for (k, dims), lr in zip(shapes, lrs, strict=True):
        W = rng.uniform(0, 1, (k, dims))
        x = rng.uniform(0, 1, dims)
        given = W.copy()
        out = call_answer(wta_step, name, given, x.copy(), lr)
        if out is None and not np.array_equal(given, W):
            raise Hint("wta_step changed W but returned None: return the new weights")
        got = need_array(out, name, W.shape)
        expected = W.copy()
        learning_pass(x[np.newaxis, :], expected, lr, False)
        if not np.array_equal(given, W):
            raise Hint("wta_step changed the W it was given: work on a copy, "
                       "np.array(W, dtype=float)")
        if nearly_equal(got, expected):
            continue
        if nearly_equal(got, W):
            raise Hint("no neuron moved: move the winner towards the sample")
        for key, variant in _step_variants(W, x, lr).items():
            if nearly_equal(got, variant):
                raise Hint(hints[key])
        raise Hint(f"with {k} neurons in {dims}-D and lr={lr} the new weights differ from "
                   "neurolab's: find the nearest neuron and move it by lr * d * (x - w)")
    return (f"wta_step moves exactly what neurolab moves, by the same amount, in "
            f"{len(shapes)} random cases.")


def _best_and_worst_pairing(actual, predicted):
    means = [np.linalg.norm(actual - predicted[list(p)], axis=1).mean()
             for p in itertools.permutations(range(len(predicted)))]
    return min(means), max(means)


@printing_check
def check_best_matching_distance(best_matching_distance):
    """Exercise of ``04_training_with_newc``: the best one-to-one pairing by brute force.

    ``best_matching_distance(actual, predicted)`` must return the smallest mean distance over
    all pairings; compared with ``match_centroids(...).mean_distance`` for 2 to 6 centroids.
    """
    name = "best_matching_distance"
    need_function(best_matching_distance, name)
    rng = np.random.RandomState(4)
    got, wrong = [], {"identity": [], "nearest": [], "total": [], "worst": []}
    expected = []
    for k, dims in [(2, 2), (3, 3), (5, 3), (6, 2)]:
        actual = rng.uniform(-2, 2, (k, dims))
        predicted = actual[rng.permutation(k)] + rng.normal(0, 0.9, (k, dims))
        out = call_answer(best_matching_distance, name, actual.copy(), predicted.copy())
        if isinstance(out, (np.ndarray, list, tuple)) and np.size(out) == 1:
            out = np.ravel(out)[0]
        if out is None:
            raise Hint(f"{name} returned None: end it with a return statement")
        got.append(need_number(out, f"the value {name} returns"))
        expected.append(match_centroids(actual, predicted).mean_distance)
        wrong["identity"].append(np.linalg.norm(actual - predicted, axis=1).mean())
        distances = np.linalg.norm(actual[:, None] - predicted[None], axis=2)
        wrong["nearest"].append(distances.min(axis=1).mean())
        wrong["total"].append(expected[-1] * k)
        wrong["worst"].append(_best_and_worst_pairing(actual, predicted)[1])
    if np.allclose(got, expected, rtol=1e-9, atol=1e-12):
        return (f"best_matching_distance agrees with match_centroids in {len(got)} random "
                "cases, up to 6 centroids (720 pairings).")
    hints = {
        "identity": "you paired row i with row i: neurons come in any order, so try every "
                    "permutation of the predicted rows",
        "nearest": "each actual centroid took its nearest prediction, but two may take the "
                   "same one: the pairing must be one to one",
        "total": "that is the total distance of the best pairing: return the mean",
        "worst": "that is the worst pairing: keep the smallest mean",
    }
    for key, values in wrong.items():  # the mistake that explains every case
        if np.allclose(got, values, rtol=1e-9, atol=1e-12):
            raise Hint(hints[key])
    k = [2, 3, 5, 6][int(np.argmax(~np.isclose(got, expected, rtol=1e-9, atol=1e-12)))]
    raise Hint(f"for {k} centroids the value is not the smallest mean distance over all "
               "one-to-one pairings (itertools.permutations gives every order)")
