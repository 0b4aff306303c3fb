"""The checks of notebook 11 (online k-means): each passes the solution, fails the stub with a
hint that says what is missing, recognises typical wrong answers, and raises when grading."""

import functools

import numpy as np
import pytest
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

from nbhelpers import SEED_CENTROIDS, make_clusters, make_scaler, match_centroids
from nbhelpers.checks import _core
from nbhelpers.checks import nb11_online_k_means as nb11


def lloyd_step(X, centres):  # the notebook's solution
    X = np.asarray(X, dtype=float)
    centres = np.array(centres, dtype=float)
    nearest = np.linalg.norm(X[:, None] - centres[None], axis=2).argmin(axis=1)
    for k in range(len(centres)):
        if np.any(nearest == k):
            centres[k] = X[nearest == k].mean(axis=0)
    return centres


def stub(X, centres):
    raise NotImplementedError("Exercise: write lloyd_step")


def nan_for_empty(X, centres):  # forgets the centre that wins no point
    X, centres = np.asarray(X, dtype=float), np.array(centres, dtype=float)
    nearest = np.linalg.norm(X[:, None] - centres[None], axis=2).argmin(axis=1)
    return np.array([X[nearest == k].mean(axis=0) for k in range(len(centres))])


def median_step(X, centres):
    X, centres = np.asarray(X, dtype=float), np.array(centres, dtype=float)
    nearest = np.linalg.norm(X[:, None] - centres[None], axis=2).argmin(axis=1)
    for k in range(len(centres)):
        if np.any(nearest == k):
            centres[k] = np.median(X[nearest == k], axis=0)
    return centres


def in_place(X, centres):  # right numbers, but changes the caller's array
    new = lloyd_step(X, centres)
    centres[:] = new
    return centres


def nearest_point(X, centres):  # moves each centre to its nearest point instead
    X, centres = np.asarray(X, dtype=float), np.array(centres, dtype=float)
    return X[np.linalg.norm(centres[:, None] - X[None], axis=2).argmin(axis=1)]


def test_lloyd_step_passes_the_solution():
    passed, message = nb11.check_lloyd_step.verdict(lloyd_step)
    assert passed, message
    assert "centre that wins no point" in message


@pytest.mark.parametrize("answer, words", [
    (stub, "NotImplementedError"),
    (..., "NotImplementedError"),
    (nan_for_empty, "NaN"),
    (median_step, "median"),
    (in_place, "changed the centres"),
    (lambda X, c: np.array(c, dtype=float), "unchanged"),
    (nearest_point, "other centres than the reference"),
    (lambda X, c: None, "returned None"),
])
def test_lloyd_step_hints(answer, words):
    passed, message = nb11.check_lloyd_step.verdict(answer)
    assert not passed
    assert words in message, message


@functools.cache
def _distances(n_init, init_on_starts=False, data_units=True):
    """Written independently of the check: KMeans on seeds 0-9, noise 0.8."""
    with threadpool_limits(1):  # one thread: much faster for 500 points on a busy machine
        return _kmeans_distances(n_init, init_on_starts, data_units)


def _kmeans_distances(n_init, init_on_starts, data_units):
    out = []
    for seed in range(10):
        rng = np.random.RandomState(seed)
        X, _ = make_clusters(noise=0.8, random_state=rng)
        scaler = make_scaler("norm").fit(X)
        X_norm = scaler.transform(X)
        if init_on_starts:
            init = X_norm[[rng.randint(0, len(X_norm)) for _ in range(5)]]
            km = KMeans(5, init=init, n_init=1)
        else:
            km = KMeans(5, n_init=n_init, random_state=seed)
        centres = km.fit(X_norm).cluster_centers_
        actual = SEED_CENTROIDS
        if data_units is True:
            centres = scaler.inverse_transform(centres)
        elif data_units is False:
            actual = scaler.transform(SEED_CENTROIDS)
        # data_units="mixed": scaled centres against the centroids in data units
        out.append(match_centroids(actual, centres).mean_distance)
    return out


def test_restarts_passes_the_solution_and_reports_the_stuck_starts():
    passed, message = nb11.check_restarts.verdict(3, _distances(10))
    assert passed, message
    stuck = sum(d > 1 for d in _distances(1, init_on_starts=True))
    assert stuck > 0 and f"more than 1 away in {stuck} of them" in message
    assert "you predicted 3; every cluster taken in " in message


def test_restarts_never_marks_the_prediction():
    for prediction in (0, 7, 10):
        passed, message = nb11.check_restarts.verdict(prediction, _distances(10))
        assert passed and f"you predicted {prediction};" in message, message


@pytest.mark.parametrize("prediction, words", [
    (..., "prediction is still ..."),
    (11, "from 0 to 10"),
    ("ten", "whole number"),
    (True, "whole number"),
])
def test_restarts_malformed_prediction(prediction, words):
    passed, message = nb11.check_restarts.verdict(prediction, _distances(10))
    assert not passed and words in message, message


@pytest.mark.parametrize("answer, words", [
    (..., "still ..."),
    ([0.1] * 9, "shape"),
    ("kmeans", "array of numbers"),
])
def test_restarts_malformed(answer, words):
    passed, message = nb11.check_restarts.verdict(5, answer)
    assert not passed and words in message, message


@pytest.mark.parametrize("kwargs, words", [
    (dict(n_init=1), "one start per seed"),
    (dict(n_init=1, init_on_starts=True), "tutorial's starts"),
    (dict(n_init=10, data_units=False), "scaled units"),
    (dict(n_init=10, data_units="mixed"), "scaled centres measured against"),
])
def test_restarts_typical_wrong_answers(kwargs, words):
    passed, message = nb11.check_restarts.verdict(5, _distances(**kwargs))
    assert not passed and words in message, message


def test_restarts_other_wrong_numbers():
    wrong = np.array(_distances(10)) + 0.01  # a new array: the cache is unchanged
    passed, message = nb11.check_restarts.verdict(5, wrong)
    assert not passed and "does not match" in message


def test_grading_mode_raises():
    _core.raise_on_failure()
    try:
        with pytest.raises(AssertionError, match="Not yet"):
            nb11.check_lloyd_step(median_step)
        with pytest.raises(AssertionError, match="Not yet"):
            nb11.check_restarts(5, ...)
        nb11.check_lloyd_step(lloyd_step)  # a right answer still passes
    finally:
        _core.raise_on_failure(False)
