import subprocess
import sys

import numpy as np
import pytest

from nbhelpers import dead_neurons, match_centroids, quantization_error, win_counts


def test_match_centroids_finds_the_optimal_pairing():
    actual = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    predicted = actual[[2, 0, 1]] + np.array([[0.1, 0.0], [0.0, 0.2], [0.3, 0.0]])
    m = match_centroids(actual, predicted)
    assert m.actual_index.tolist() == [0, 1, 2]
    assert m.predicted_index.tolist() == [1, 2, 0]
    np.testing.assert_allclose(m.distances, [0.2, 0.3, 0.1])
    assert m.mean_distance == pytest.approx(0.2)
    assert m.max_distance == pytest.approx(0.3)


def test_greedy_would_be_wrong_but_assignment_is_not():
    actual = np.array([[0.0], [1.0]])
    predicted = np.array([[0.6], [2.0]])  # greedy pairs 1-0.6 first, then 0-2: total 2.4
    m = match_centroids(actual, predicted)
    assert m.distances.sum() == pytest.approx(0.6 + 1.0)


def test_quantization_error_and_dead_neurons():
    X = np.array([[0.0, 0.0], [0.0, 2.0], [10.0, 0.0]])
    W = np.array([[0.0, 1.0], [10.0, 0.0], [50.0, 50.0]])
    assert quantization_error(X, W) == pytest.approx((1 + 1 + 0) / 3)
    assert win_counts(X, W).tolist() == [2, 1, 0]
    assert dead_neurons(X, W).tolist() == [2]


def test_metrics_reject_mismatched_features():
    with pytest.raises(ValueError, match="same number of features"):
        match_centroids(np.ones((2, 3)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="weights contains NaN"):
        quantization_error(np.ones((2, 2)), np.array([[np.nan, 1.0]]))


def test_centroid_table_lists_every_pair_with_its_distance():
    from nbhelpers import centroid_table

    actual = np.array([[0.0, 0.0], [10.0, 0.0]])
    predicted = np.array([[10.0, 0.5], [0.0, 0.25]])
    lines = centroid_table(actual, predicted).splitlines()
    assert len(lines) == 4
    assert lines[1].split() == ["0", "0.00", "0.00", "0.00", "0.25", "0.250"]
    assert lines[2].split() == ["1", "10.00", "0.00", "10.00", "0.50", "0.500"]
    assert lines[3] == "mean distance 0.375"
    with pytest.raises(ValueError, match="same number of features"):
        centroid_table(actual, np.ones((2, 3)))


def test_scipy_optimize_is_imported_only_when_centroids_are_matched():
    # scipy.optimize takes about half a second to import: a notebook that never matches
    # centroids must not pay for it when it imports the package and its checks.
    code = ("import sys, nbhelpers, nbhelpers.checks\n"
            "print('scipy.optimize' in sys.modules)\n"
            "nbhelpers.match_centroids([[0.0, 0.0]], [[1.0, 0.0]])\n"
            "print('scipy.optimize' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True)
    assert out.stdout.split() == ["False", "True"], out.stdout + out.stderr
