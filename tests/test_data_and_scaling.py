import numpy as np
import pytest

from nbhelpers import SEED_CENTROIDS, make_clusters, make_scaler
from nbhelpers.normalization import GlobalNormScaler, MinMaxScaler, ZScoreScaler


def _tutorial_code(seed):
    """The tutorial's own sequence of NumPy calls."""
    np.random.seed(seed)
    centroids = np.array([[1, 2, 1], [2, 5, 2], [-3, 3, 0], [5, -1, -1], [-2, -2, -2]])
    gaussian = 0.8 * np.random.randn(100, 5, 3)
    points = np.array([centroids + x for x in gaussian])
    points.shape = (500, 3)
    np.random.shuffle(points)
    return points


@pytest.mark.parametrize("seed", [0, 1, 2024])
def test_make_clusters_equals_the_tutorials_calls(seed):
    X, labels = make_clusters(random_state=seed)
    assert np.array_equal(X, _tutorial_code(seed))
    np.random.seed(seed)
    X_global, _ = make_clusters()
    assert np.array_equal(X_global, X)


def test_labels_follow_the_shuffle():
    X, labels = make_clusters(noise=0.01, random_state=5)
    assert X.shape == (500, 3) and labels.shape == (500,)
    assert np.bincount(labels).tolist() == [100] * 5
    assert np.max(np.abs(X - SEED_CENTROIDS[labels])) < 0.1
    assert not np.array_equal(labels[:5], np.arange(5))  # shuffled


def test_noise_zero_gives_the_centroids_and_random_state_object_is_used():
    X, labels = make_clusters(noise=0.0, points_per_cluster=2, random_state=0)
    assert np.array_equal(X, SEED_CENTROIDS[labels])
    rng = np.random.RandomState(9)
    a, _ = make_clusters(random_state=rng)
    b, _ = make_clusters(random_state=rng)
    assert not np.array_equal(a, b)


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"noise": -0.1}, ValueError, "noise must be >= 0"),
        ({"noise": "big"}, TypeError, "noise must be a number"),
        ({"points_per_cluster": 0}, ValueError, "points_per_cluster must be >= 1"),
        ({"centroids": [1, 2, 3]}, ValueError, "centroids must be 2-D"),
        ({"centroids": [[np.nan, 1.0]]}, ValueError, "centroids contains NaN"),
        ({"random_state": 1.5}, TypeError, "random_state must be None, an int"),
        ({"random_state": -1}, ValueError, "random_state must be a non-negative int"),
    ],
)
def test_make_clusters_rejects_bad_input(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        make_clusters(**kwargs)


def test_global_norm_scaler_is_the_tutorials_division():
    X, _ = make_clusters(random_state=0)
    scaler = GlobalNormScaler().fit(X)
    assert np.array_equal(scaler.transform(X), X / np.linalg.norm(X))
    assert scaler.norm_ == np.linalg.norm(X)
    w = np.array([[0.01, 0.02, -0.03]])
    assert np.array_equal(scaler.inverse_transform(w), w * np.linalg.norm(X))


@pytest.mark.parametrize("name", ["norm", "minmax", "zscore", "none"])
def test_inverse_transform_round_trips(name):
    X, _ = make_clusters(random_state=1)
    scaler = make_scaler(name).fit(X)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(X)), X, atol=1e-12)


def test_minmax_and_zscore_ranges():
    X, _ = make_clusters(random_state=1)
    mm = MinMaxScaler().fit_transform(X)
    np.testing.assert_allclose(mm.min(axis=0), 0.0)
    np.testing.assert_allclose(mm.max(axis=0), 1.0)
    z = ZScoreScaler().fit_transform(X)
    np.testing.assert_allclose(z.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(z.std(axis=0), 1.0)


@pytest.mark.parametrize(
    ("scaler", "X", "match"),
    [
        (GlobalNormScaler(), np.zeros((4, 3)), "all zeros"),
        (MinMaxScaler(), np.array([[1.0, 2.0], [1.0, 3.0]]), r"constant feature\(s\) \[0\]"),
        (ZScoreScaler(), np.array([[1.0, 2.0], [3.0, 2.0]]), r"constant feature\(s\) \[1\]"),
    ],
)
def test_scalers_refuse_to_divide_by_zero(scaler, X, match):
    with pytest.raises(ValueError, match=match):
        scaler.fit(X)


def test_scaler_errors():
    with pytest.raises(ValueError, match="normalize must be one of 'norm', 'minmax'"):
        make_scaler("l2")
    with pytest.raises(RuntimeError, match="not fitted"):
        MinMaxScaler().transform(np.ones((2, 2)))
    scaler = MinMaxScaler().fit(np.eye(3))
    with pytest.raises(ValueError, match="X_scaled has 2 features but the scaler was fitted on 3"):
        scaler.inverse_transform(np.ones((1, 2)))
