"""Each network constructor of neurolab 0.3.5 builds and trains on NumPy 2 via the compat module.

Two kinds of check:

* the ``>>>`` examples in the docstrings of ``neurolab.net``'s constructors, run with doctest
  in that module's namespace (so ``newff``, ``trans`` ... mean what the docstrings mean);
* one short, seeded training run per constructor with its default trainer (``newhop`` and
  ``newhem`` have none: their weights are set from the patterns, so the check is recall).

Cost: about a second.
"""

import doctest

import numpy as np
import pytest

from nbhelpers.neurolab_compat import neurolab as nl

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
