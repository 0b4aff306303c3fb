"""The stand-in's fast NumPy functions return exactly what NumPy's do, and neurolab trains the same.

``nbhelpers.neurolab_compat`` gives neurolab's modules a stand-in for NumPy whose ``sum``,
``max``, ``argmin``, ``argmax`` and ``zeros_like`` skip NumPy's Python-level wrappers for the
arguments neurolab passes. Checked here:

* each one against NumPy's function, on those arguments and on arguments it leaves to NumPy:
  same type, dtype, shape, memory order and bytes (so NaN and -0.0 count too), or the same
  exception;
* that neurolab's arguments take the fast path and the others reach NumPy's function;
* every trainer of neurolab that calls them (newc's cwta and wta, newlvq's two modes, newp,
  newff, newelm) ends with exactly the weights and errors it gets from plain forwarding.

Cost: about one second.
"""

import contextlib

import numpy as np
import pytest

from nbhelpers import neurolab_compat
from nbhelpers.data import make_clusters
from nbhelpers.neurolab_compat import neurolab as nl

STAND_IN = nl.core.np
FAST = ["sum", "max", "argmin", "argmax", "zeros_like"]


@contextlib.contextmanager
def plain_forwarding():
    """Let the stand-in hand out NumPy's own functions instead of its fast versions."""
    for name in FAST:
        setattr(STAND_IN, name, getattr(np, name))  # an instance entry hides the class's
    try:
        yield
    finally:
        for name in FAST:
            delattr(STAND_IN, name)


def assert_identical(got, expected):
    assert type(got) is type(expected)
    got_array, expected_array = np.asarray(got), np.asarray(expected)
    assert got_array.dtype == expected_array.dtype
    assert got_array.shape == expected_array.shape
    assert got_array.tobytes() == expected_array.tobytes()
    if isinstance(expected, np.ndarray):
        assert got.strides == expected.strides
        assert got.flags.c_contiguous == expected.flags.c_contiguous
        assert got.flags.f_contiguous == expected.flags.f_contiguous
        assert got.flags.writeable and expected.flags.writeable
    if isinstance(expected, np.ma.MaskedArray):
        np.testing.assert_array_equal(np.ma.getmaskarray(got), np.ma.getmaskarray(expected))


def call(function, args, kwargs):
    """The result of ``function(*args, **kwargs)``, or the exception it raised."""
    try:
        return function(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 -- the exception is what is compared
        return exc


RNG = np.random.RandomState(0)
W = RNG.uniform(-1, 1, (5, 3))  # newc's weights: 5 neurons, 3 features
X_ROW = RNG.uniform(-1, 1, 3)
DIST = np.sqrt(np.add.reduce(np.square(W - X_ROW), 1))  # one sample's distances, 1-D
OUTPUTS = np.eye(5)[[0, 3, 3, 1]]  # net.sim's outputs: one-hot rows
WITH_NAN = np.array([0.5, np.nan, -0.0, 0.2])
TIES = np.array([0.3, 0.1, 0.1, 0.3])
TEN = RNG.normal(size=(4, 10))  # 10 terms: NumPy sums them pairwise
F_ORDER = np.asfortranarray(W)

# (args, kwargs) per function: first what neurolab passes (the fast path), then what the fast
# version leaves to NumPy: other types, subclasses, extra arguments, bad input.
CASES = {
    "sum": [
        ((np.square(W - X_ROW),), dict(axis=1)),  # the euclidean distance
        ((np.abs(W - W[::-1]),), {}),  # SAE
        ((TEN,), dict(axis=1)),
        ((TEN,), {}),
        ((WITH_NAN,), {}),
        ((np.arange(6).reshape(2, 3),), dict(axis=0)),
        ((np.array([True, False, True]),), {}),
        ((np.array([], dtype=float),), {}),
        ((W,), dict(axis=(0, 1))),
        ((W,), dict(axis=2)),  # AxisError, both ways
        (([[1.0, 2.0], [3.0, 4.0]],), dict(axis=1)),  # a list
        ((np.float64(2.5),), {}),
        ((np.ma.array(W, mask=W > 0.5),), dict(axis=1)),
        ((W, 1, np.float32), {}),  # dtype given positionally
        ((W,), dict(axis=1, keepdims=True)),
        ((W,), dict(initial=10.0)),
        ((W,), dict(where=W > 0)),
    ],
    "max": [
        ((OUTPUTS[0] - DIST,), {}),  # train_lvq: np.max(target - output)
        ((OUTPUTS - 0.5,), dict(axis=1)),  # train_lvq with adapt=False
        ((WITH_NAN,), {}),
        ((np.array([], dtype=float),), {}),  # ValueError, both ways
        (([3, 1, 2],), {}),
        ((np.ma.array(W, mask=W > 0.5),), {}),
        ((W,), dict(axis=0, keepdims=True)),
        ((np.array([], dtype=float),), dict(initial=-1.0)),
    ],
    "argmin": [
        ((DIST,), {}),  # trans.Competitive
        ((TIES,), {}),
        ((WITH_NAN,), {}),
        ((W,), {}),
        ((W,), dict(axis=1)),
        ((np.array([], dtype=float),), {}),  # ValueError, both ways
        (([-5, -0.1, 0, -6, 100],), {}),  # a list, as trans.Competitive's docstring passes
        ((np.ma.array(DIST, mask=DIST == DIST.min()),), {}),
        ((W,), dict(axis=1, keepdims=True)),
        ((W, 0, np.empty(3, dtype=np.intp)), {}),  # out given positionally
    ],
    "argmax": [
        ((np.eye(5)[2],), {}),  # train_wta, train_cwta, train_lvq: the one-hot output
        ((OUTPUTS,), dict(axis=1)),  # TrainWTA.error
        ((TIES,), {}),
        ((WITH_NAN,), {}),
        ((W,), dict(axis=-1)),
        (([0.0, 1.0, 0.0],), {}),
        ((np.ma.array(DIST, mask=DIST == DIST.max()),), {}),
        ((W,), dict(axis=0, keepdims=True)),
    ],
    "zeros_like": [
        ((DIST,), {}),  # trans.Competitive
        ((DIST[::2],), {}),  # a strided view
        ((np.arange(4),), {}),
        ((np.array([True, False]),), {}),
        ((np.ones(3, dtype=np.complex64),), {}),
        ((np.ones(3, dtype=">f8"),), {}),
        ((np.array([], dtype=float),), {}),
        ((OUTPUTS,), {}),  # TrainWTA.error: 2-D, left to NumPy
        ((F_ORDER,), {}),  # keeps Fortran order
        ((F_ORDER[:, ::2],), {}),
        ((np.float64(1.5),), {}),
        ((np.array(1.5),), {}),
        (([1, 2, 3],), {}),
        ((np.array(["ab", "c"]),), {}),
        ((np.array([None, 1], dtype=object),), {}),
        ((np.array([(1, 2.0)], dtype="i4,f8"),), {}),
        ((np.ma.array(DIST, mask=DIST > 1),), {}),
        ((DIST, np.int32), {}),
        ((DIST,), dict(shape=(2, 2))),
    ],
}

PARAMS = [pytest.param(name, args, kwargs, id=f"{name}-{i}")
          for name, cases in CASES.items() for i, (args, kwargs) in enumerate(cases)]


@pytest.mark.parametrize("name, args, kwargs", PARAMS)
def test_fast_function_returns_what_numpy_returns(name, args, kwargs):
    got = call(getattr(STAND_IN, name), args, kwargs)
    expected = call(getattr(np, name), args, kwargs)
    if isinstance(expected, Exception):
        assert type(got) is type(expected) and str(got) == str(expected)
    else:
        assert_identical(got, expected)


def test_the_fast_functions_are_the_stand_ins_own():
    # the stand-in, not NumPy, owns them; everything else is NumPy's own object
    for name in FAST:
        assert getattr(STAND_IN, name) is not getattr(np, name)
        assert getattr(STAND_IN, name).__module__ == "nbhelpers.neurolab_compat"
    assert STAND_IN.sqrt is np.sqrt and STAND_IN.zeros is np.zeros
    # every neurolab module that imported NumPy has this one stand-in
    for module in (nl.core, nl.layer, nl.trans, nl.error, nl.net, nl.train.wta, nl.train.lvq):
        assert module.np is STAND_IN


@pytest.mark.parametrize("name", FAST)
def test_neurolab_arguments_skip_numpys_wrapper_and_others_reach_it(name, monkeypatch):
    class Reached(Exception):
        pass

    def numpy_function(*args, **kwargs):
        raise Reached

    (array,), kwargs = CASES[name][0]  # what neurolab passes
    others = [array.tolist(), np.ma.array(array)]
    monkeypatch.setattr(neurolab_compat.numpy, name, numpy_function)  # NumPy's, for a moment
    getattr(STAND_IN, name)(array, **kwargs)
    for other in others:
        with pytest.raises(Reached):
            getattr(STAND_IN, name)(other, **kwargs)


def test_plain_forwarding_puts_numpys_functions_back_and_then_the_fast_ones():
    with plain_forwarding():
        assert all(getattr(STAND_IN, name) is getattr(np, name) for name in FAST)
    assert all(getattr(STAND_IN, name) is not getattr(np, name) for name in FAST)


# --- whole trainings: the fast functions against plain forwarding --------------------------

def _tutorial_data():
    X, _ = make_clusters(random_state=0)
    return X / np.linalg.norm(X)


def _train_newc(rule):
    net = nl.net.newc([[0.0, 1.0]] * 3, 5)
    if rule == "wta":
        net.trainf = nl.train.train_wta
    return net, net.train(_tutorial_data(), epochs=4, show=0, lr=0.1)


def _train_newlvq(adapt):
    X = _tutorial_data()[::5]
    labels = (X[:, 0] > np.median(X[:, 0])).astype(int)
    net = nl.net.newlvq([[X.min(), X.max()]] * 3, 4, [0.5, 0.5])
    net.layers[0].np["w"][:] = X[[0, 1, 2, 3]]
    return net, net.train(X, np.eye(2)[labels], epochs=4, show=0, goal=0.0, adapt=adapt)


def _train_newp():
    X = np.array([[-0.8, -0.6], [-0.7, -0.9], [0.6, 0.8], [0.9, 0.7]])
    net = nl.net.newp([[-1, 1], [-1, 1]], 2)
    return net, net.train(X, np.array([[1, 0], [1, 0], [0, 1], [0, 1]]), epochs=10, show=0)


def _train_newff(constructor):
    x = np.linspace(-0.5, 0.5, 10).reshape(-1, 1)
    net = constructor([[-0.5, 0.5]], [3, 1])
    return net, net.train(x, 0.5 * x, epochs=10, show=0)


TRAININGS = {
    "newc-cwta": lambda: _train_newc("cwta"),
    "newc-wta": lambda: _train_newc("wta"),
    "newlvq-adapt": lambda: _train_newlvq(True),
    "newlvq-batch": lambda: _train_newlvq(False),
    "newp": _train_newp,
    "newff": lambda: _train_newff(nl.net.newff),
    "newelm": lambda: _train_newff(nl.net.newelm),
}


def _seeded(training):
    saved = np.random.get_state()
    np.random.seed(1)
    try:
        net, errors = training()
    finally:
        np.random.set_state(saved)
    params = [layer.np[key].copy() for layer in net.layers for key in sorted(layer.np)]
    return params, np.asarray(errors, dtype=float)


@pytest.mark.parametrize("name", TRAININGS)
def test_training_ends_exactly_as_with_plain_forwarding(name):
    fast_params, fast_errors = _seeded(TRAININGS[name])
    with plain_forwarding():
        plain_params, plain_errors = _seeded(TRAININGS[name])
    assert len(fast_errors) > 1 and np.all(np.isfinite(fast_errors))
    assert fast_errors.tobytes() == plain_errors.tobytes()
    assert len(fast_params) == len(plain_params)
    for fast, plain in zip(fast_params, plain_params, strict=True):
        assert fast.dtype == plain.dtype and fast.tobytes() == plain.tobytes()
    assert any(not np.array_equal(p, 0) for p in fast_params)  # something was trained


def test_train_neurolab_on_the_tutorial_data_ends_exactly_as_with_plain_forwarding():
    X = _tutorial_data()
    fast = neurolab_compat.train_neurolab(X, 5, epochs=6, random_state=0)
    with plain_forwarding():
        plain = neurolab_compat.train_neurolab(X, 5, epochs=6, random_state=0)
    for got, expected in zip(fast, plain, strict=True):
        assert got.tobytes() == expected.tobytes()
    assert fast[1][-1] != fast[1][0]  # the training moved the weights
