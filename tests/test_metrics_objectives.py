import numpy as np
import pytest
from sklearn.cluster import KMeans

from nbhelpers import layer
from nbhelpers.metrics import objectives


def test_objectives_by_hand():
    X = np.array([[0.0, 0.0], [3.0, 4.0], [10.0, 1.0]])
    W = np.array([[0.0, 0.0], [10.0, 0.0], [50.0, 50.0]])
    # nearest neurons 0, 0, 1; distances 0, 5, 1; absolute differences 0, 3 + 4, 0 + 1
    o = objectives(X, W)
    assert o.sse == pytest.approx(0 + 25 + 1)
    assert o.sae == pytest.approx(0 + 7 + 1)
    assert o.cubed_over_3 == pytest.approx((0 + 125 + 1) / 3)


def test_objectives_agree_with_kmeans_inertia_and_neurolab_sae():
    rng = np.random.RandomState(0)
    X = rng.randn(60, 3)
    km = KMeans(4, init=X[:4], n_init=1).fit(X)
    o = objectives(X, km.cluster_centers_)
    assert o.sse == pytest.approx(km.inertia_, rel=1e-9)
    assert o.sae == pytest.approx(layer.sae_error(X, km.cluster_centers_), rel=1e-12)


def test_objectives_scale_with_the_data():
    rng = np.random.RandomState(1)
    X, W = rng.randn(20, 2), rng.randn(3, 2)
    small, large = objectives(X, W), objectives(10 * X, 10 * W)
    assert large.sse == pytest.approx(100 * small.sse)
    assert large.sae == pytest.approx(10 * small.sae)
    assert large.cubed_over_3 == pytest.approx(1000 * small.cubed_over_3)


def test_the_cubed_objective_is_what_the_neurolab_step_descends():
    # its gradient with respect to the winner is minus the step / lr: d * (x - w)
    x, w = np.array([[1.0, 2.0]]), np.array([0.2, -0.5])
    h, grad = 1e-6, []
    for e in np.eye(2):
        grad.append((objectives(x, [w + h * e]).cubed_over_3
                     - objectives(x, [w - h * e]).cubed_over_3) / (2 * h))
    d = np.linalg.norm(x[0] - w)
    np.testing.assert_allclose(-np.array(grad), d * (x[0] - w), rtol=1e-6)


def test_objectives_reject_mismatched_features():
    with pytest.raises(ValueError, match="same number of features"):
        objectives(np.zeros((3, 2)), np.zeros((2, 3)))
