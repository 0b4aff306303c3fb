"""Each network constructor of neurolab 0.3.5 builds and trains on NumPy 2 via the compat module.

Two kinds of check:

* the ``>>>`` examples in the docstrings of ``neurolab.net``'s constructors, run with doctest
  in that module's namespace (so ``newff``, ``trans`` ... mean what the docstrings mean);
* one short, seeded training run per constructor with its default trainer (``newhop`` and
  ``newhem`` have none: their weights are set from the patterns, so the check is recall).

Cost: about two seconds.
"""

import doctest

import numpy as np
import pytest

from nbhelpers.neurolab_compat import neurolab as nl
from nbhelpers.neurolab_compat import train_neurolab_lvq

CONSTRUCTORS = ["newff", "newp", "newc", "newlvq", "newelm", "newhop", "newhem"]

# Two well-separated classes in [-1, 1]^2, and their one-hot targets.
X = np.array([[-0.8, -0.6], [-0.7, -0.9], [-0.6, -0.7], [0.6, 0.8], [0.9, 0.7], [0.7, 0.6]])
T = np.array([[1, 0]] * 3 + [[0, 1]] * 3)


@pytest.fixture(autouse=True)
def seeded_global_rng():
    """neurolab draws initial weights from NumPy's global RNG: seed it, then restore it."""
    saved = np.random.get_state()
    np.random.seed(0)
    yield
    np.random.set_state(saved)


def test_every_constructor_of_net_py_is_checked():
    public = {name for name in vars(nl.net) if name.startswith("new")}
    assert public == set(CONSTRUCTORS)


@pytest.mark.parametrize("name", CONSTRUCTORS)
def test_docstring_examples_run(name):
    func = getattr(nl.net, name)
    test = doctest.DocTestParser().get_doctest(
        func.__doc__, dict(vars(nl.net)), f"neurolab.net.{name}", nl.net.__file__, 0)
    assert any(not ex.source.lstrip().startswith("#") for ex in test.examples)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    # newelm's expected output is printed the NumPy <= 1.13 way ("array([[ 1.],"); the
    # values are what is checked, so print that way here (no effect outside this block).
    with np.printoptions(legacy="1.13"):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{name}'s docstring examples failed (details above)"


def test_newlvq_docstring_example_splits_the_output_layer_by_percent():
    # 10 input-layer neurons, pc = [0.6, 0.4]: class 0 gets neurons 0-5, class 1 neurons 6-9.
    net = nl.net.newlvq([[-1, 1], [-1, 1]], 10, [0.6, 0.4])
    expected = np.array([[1.0] * 6 + [0.0] * 4, [0.0] * 6 + [1.0] * 4])
    np.testing.assert_array_equal(net.layers[1].np["w"], expected)
    assert net.ci == 2 and net.co == 2 and len(net.layers) == 2


def test_only_neurolab_sees_integer_floors():
    assert nl.net.np.floor(2.7) == 2 and isinstance(nl.net.np.floor(2.7), np.integer)
    assert np.floor(2.7) == 2.0 and isinstance(np.floor(2.7), np.floating)


def test_the_stand_in_keeps_what_it_forwards():
    # neurolab looks NumPy names up in its inner loop: after the first lookup each must be a
    # plain entry of the stand-in (the very object NumPy has), not another forwarding call.
    # (sum, argmin, argmax, zeros_like are the stand-in's own: tests/test_neurolab_compat.py)
    stand_in = nl.core.np
    net = nl.net.newc([[-1.0, 1.0]] * 2, 2)
    net.train(X, epochs=2, show=0)
    forwarded = {"sqrt", "square", "abs", "zeros"}
    assert forwarded <= set(vars(stand_in)), sorted(forwarded - set(vars(stand_in)))
    assert all(vars(stand_in)[name] is getattr(np, name) for name in forwarded)
    assert not hasattr(np, "Inf") and "Inf" not in vars(np)  # NumPy itself is untouched


def test_newp_trains_with_train_delta():
    net = nl.net.newp([[-1, 1], [-1, 1]], 2)
    errors = net.train(X, T, epochs=10, show=0)
    assert errors[-1] < errors[0]
    np.testing.assert_array_equal(net.sim(X), T)


def test_newff_trains_with_train_bfgs():
    x = np.linspace(-0.5, 0.5, 10).reshape(-1, 1)
    net = nl.net.newff([[-0.5, 0.5]], [3, 1])
    errors = net.train(x, 0.5 * x, epochs=20, show=0)
    assert np.all(np.isfinite(errors)) and errors[-1] < errors[0] / 10
    assert net.sim(x).shape == (10, 1)


def test_newc_trains_with_train_cwta():
    net = nl.net.newc([[-1, 1], [-1, 1]], 2)
    errors = net.train(X, epochs=5, show=0)
    assert len(errors) == 5 and np.all(np.isfinite(errors))
    weights = net.layers[0].np["w"]
    assert weights.shape == (2, 2) and np.all(np.isfinite(weights))


def test_newlvq_trains_with_train_lvq():
    net = nl.net.newlvq([[-1, 1], [-1, 1]], 4, [0.5, 0.5])
    errors = net.train(X, T, epochs=10, show=0)
    assert errors[0] > 0 and errors[-1] == 0
    np.testing.assert_array_equal(net.sim(X), T)


def test_newelm_trains_with_train_gdx():
    x = np.linspace(-0.5, 0.5, 10).reshape(-1, 1)
    net = nl.net.newelm([[-0.5, 0.5]], [3, 1])
    errors = net.train(x, 0.5 * x, epochs=10, show=0)
    assert np.all(np.isfinite(errors)) and errors[-1] < errors[0]
    assert net.sim(x).shape == (10, 1)


def test_newhop_recalls_its_patterns():
    patterns = np.array([[-1, -1, -1], [1, -1, 1]])
    net = nl.net.newhop(patterns)
    assert net.trainf is None  # no trainer: the patterns set the weights
    np.testing.assert_array_equal(net.sim(patterns), patterns)


def test_newhem_picks_the_nearest_pattern():
    net = nl.net.newhem([[-1, -1, -1], [1, -1, 1]])
    assert net.trainf is None
    out = net.sim([[-1, 1, -1], [1, 1, 1], [1, -1, 1]])
    # [-1, 1, -1] differs from pattern 0 in one place and from pattern 1 in three;
    # [1, 1, 1] the other way round.
    np.testing.assert_array_equal(np.argmax(out, axis=1), [0, 1, 1])


# --- train_neurolab_lvq: newlvq on labelled data -------------------------------------------

def _lvq1_reference(X, labels, W, classes, lr, passes):
    """LVQ1 written out: the nearest neuron moves lr towards a sample of its class, else away."""
    W = W.copy()
    for _ in range(passes):
        for x, label in zip(X, labels, strict=True):
            winner = np.argmin(np.sqrt(np.sum(np.square(W - x), axis=1)))
            sign = 1.0 if classes[winner] == label else -1.0
            W[winner] += sign * lr * (x - W[winner])
    return W


def _labelled_blobs(n_classes=3, per_class=8, seed=1):
    rng = np.random.RandomState(seed)
    centres = rng.uniform(-1, 1, (n_classes, 2))
    labels = rng.permutation(np.repeat(np.arange(n_classes), per_class))
    return centres[labels] + rng.normal(0, 0.4, (len(labels), 2)), labels


def test_train_neurolab_lvq_is_lvq1_exactly():
    X, labels = _labelled_blobs()
    start = X[[0, 1, 2, 3, 4, 5]] + 0.01  # neuron k of class k // 2
    weights, classes, errors = train_neurolab_lvq(X, labels, 2, epochs=6, lr=0.1, init=start)
    np.testing.assert_array_equal(classes, [0, 0, 1, 1, 2, 2])
    expected = _lvq1_reference(X, labels, start, classes, 0.1, passes=5)
    np.testing.assert_array_equal(weights, expected)
    assert len(errors) == 6
    # some step pushed a neuron away, so attracting alone would have ended elsewhere
    attract_only = start.copy()
    for x, label in zip(np.tile(X, (5, 1)), np.tile(labels, 5), strict=True):
        winner = np.argmin(np.linalg.norm(attract_only - x, axis=1))
        if classes[winner] == label:
            attract_only[winner] += 0.1 * (x - attract_only[winner])
    assert not np.allclose(weights, attract_only)


def test_train_neurolab_lvq_errors_count_the_misclassified():
    X, labels = _labelled_blobs()
    weights, classes, errors = train_neurolab_lvq(X, labels, 2, epochs=1, init="samples",
                                                  random_state=3)
    winners = np.argmin(np.linalg.norm(X[:, None] - weights[None], axis=2), axis=1)
    wrong = np.mean(classes[winners] != labels)
    assert errors[0] == pytest.approx(2 / 3 * wrong)


def test_train_neurolab_lvq_starts():
    X, labels = _labelled_blobs()
    # epochs=1 makes no pass: the weights are the start
    w, classes, _ = train_neurolab_lvq(X, labels, 2, epochs=1, init="midpoint")
    np.testing.assert_allclose(w, np.tile((X.min(axis=0) + X.max(axis=0)) / 2, (6, 1)))
    w1, classes, _ = train_neurolab_lvq(X, labels, 2, epochs=1, random_state=5)
    w2, _, _ = train_neurolab_lvq(X, labels, 2, epochs=1, random_state=5)
    np.testing.assert_array_equal(w1, w2)
    for row, c in zip(w1, classes, strict=True):  # each neuron on a sample of its own class
        assert any(np.array_equal(row, x) for x in X[labels == c])


def test_train_neurolab_lvq_seven_classes_get_equal_blocks():
    # 1/7 does not add up to exactly 1 seven times: the blocks must still be 2 neurons each
    X, labels = _labelled_blobs(n_classes=7, per_class=3)
    _, classes, _ = train_neurolab_lvq(X, labels, 2, epochs=2, random_state=0)
    np.testing.assert_array_equal(classes, np.repeat(np.arange(7), 2))


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(neurons_per_class=1), ValueError, "neurons_per_class must be >= 2"),
    (dict(labels=np.array([0, 2] * 12)), ValueError, "missing [1]"),
    (dict(labels=np.zeros(24, dtype=int)), ValueError, "at least 2 classes"),
    (dict(labels=np.arange(24) % 3 * 1.0), ValueError, "integers"),
    (dict(labels=np.arange(5)), ValueError, "one per row"),
    (dict(init="centres"), ValueError, "init must be one of"),
    (dict(init=np.zeros((5, 2))), ValueError, "shape (6, 2)"),
    (dict(lr=0), ValueError, "lr must be > 0"),
    (dict(epochs=0), ValueError, "epochs must be >= 1"),
])
def test_train_neurolab_lvq_rejects_bad_input(kwargs, error, words):
    X, labels = _labelled_blobs()
    args = dict(X_scaled=X, labels=labels, neurons_per_class=2, epochs=2) | kwargs
    with pytest.raises(error) as info:
        train_neurolab_lvq(**args)
    assert words in str(info.value)
