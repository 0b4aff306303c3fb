"""CompetitiveLayer reproduces neurolab's newc + train_cwta / train_wta exactly."""

import numpy as np
import pytest

from nbhelpers import CompetitiveLayer
from nbhelpers.data import make_clusters
from nbhelpers.neurolab_compat import neurolab as nl


def _datasets():
    rng = np.random.RandomState(7)
    tutorial, _ = make_clusters(random_state=0)
    yield "tutorial-norm", tutorial / np.linalg.norm(tutorial)
    yield "2d-uniform", rng.uniform(0, 1, size=(60, 2))
    blobs, _ = make_clusters(rng.uniform(-3, 3, size=(4, 5)), 20, 0.5, random_state=1)
    yield "5d-blobs", blobs / 10
    yield "3d-minmax", (lambda X: (X - X.min(0)) / (X.max(0) - X.min(0)))(
        make_clusters(random_state=3)[0][:150])
    yield "10d-pairwise", rng.normal(size=(80, 10)) / 5  # 10 features: NumPy sums pairwise


DATASETS = dict(_datasets())

CASES = [
    (data, k, lr, rule, epochs)
    for data, k in [("tutorial-norm", 5), ("2d-uniform", 3), ("5d-blobs", 8), ("3d-minmax", 5),
                    ("10d-pairwise", 3)]
    for lr in (0.01, 0.1)
    for rule in ("cwta", "wta")
    for epochs in (1, 30)
]


def _neurolab(X, k, lr, rule, epochs, seed):
    np.random.seed(seed)
    net = nl.net.newc([[0.0, 1.0]] * X.shape[1], k)
    if rule == "wta":
        net.trainf = nl.train.train_wta
    errors = net.train(X, epochs=epochs, show=0, lr=lr)
    return net.layers[0].np["w"].copy(), np.asarray(errors)


@pytest.mark.parametrize("engine", ["python", "numba"])
@pytest.mark.parametrize(("data", "k", "lr", "rule", "epochs"), CASES)
def test_same_weights_and_errors_as_neurolab(data, k, lr, rule, epochs, engine):
    X = DATASETS[data]
    seed = 11
    ref_w, ref_err = _neurolab(X, k, lr, rule, epochs, seed)
    np.random.seed(seed)
    layer = CompetitiveLayer(k, lr=lr, rule=rule, engine=engine).fit(X, epochs=epochs)
    assert layer.weights_.shape == ref_w.shape
    assert np.max(np.abs(layer.weights_ - ref_w)) <= 1e-12
    assert np.array_equal(layer.weights_, ref_w), "expected bit-identical weights"
    assert np.array_equal(layer.errors_, ref_err)
    assert len(layer.errors_) == epochs and layer.n_iter_ == epochs - 1


def test_tutorial_run_100_epochs_matches(tutorial_data):
    ref_w, ref_err = _neurolab(tutorial_data, 5, 0.01, "cwta", 100, seed=0)
    np.random.seed(0)
    layer = CompetitiveLayer(5).fit(tutorial_data, epochs=100)
    assert np.array_equal(layer.weights_, ref_w)
    assert np.array_equal(layer.errors_, ref_err)


def test_goal_stops_early_like_neurolab(tutorial_data):
    ref_w, ref_err = _neurolab(tutorial_data, 5, 0.01, "cwta", 50, seed=2)
    goal = float(ref_err[5]) + 1e-9  # reached at the 6th recorded error
    np.random.seed(2)
    net = nl.net.newc([[0.0, 1.0]] * 3, 5)
    ref_errors = net.train(tutorial_data, epochs=50, show=0, goal=goal)
    np.random.seed(2)
    layer = CompetitiveLayer(5, goal=goal).fit(tutorial_data, epochs=50)
    assert len(layer.errors_) == len(ref_errors) < 50
    assert np.array_equal(layer.weights_, net.layers[0].np["w"])
