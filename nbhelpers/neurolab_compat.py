"""neurolab's side of the project: import neurolab 0.3.5 on NumPy 2, and train with it.

``neurolab`` is the package itself, imported without touching site-packages or NumPy;
``train_neurolab`` trains its ``newc`` exactly as the tutorial does, and
``train_neurolab_lvq`` trains its ``newlvq`` (learning vector quantization) on labelled data.

neurolab's last release (0.3.5) uses ``np.Inf`` and ``np.asfarray``, which NumPy 2 removed,
so ``import neurolab`` fails with an ``AttributeError``. This module imports it once with a
private stand-in for NumPy that adds back the few names neurolab needs and forwards
everything else to the real NumPy. Only neurolab's own modules see the stand-in: ``numpy.Inf`` stays
missing for everyone else.

``newlvq`` needs one more thing: it slices with the result of ``np.floor``, a float, which
NumPy has refused since 1.12 (``TypeError: slice indices must be integers``). It is
neurolab's only call of ``np.floor``, so the stand-in's ``floor`` returns integers. With
that, every constructor of neurolab 0.3.5 (newp, newff, newc, newlvq, newelm, newhop,
newhem) builds and trains as its docstring shows.

The stand-in also has faster versions of the five NumPy functions with a Python wrapper that
neurolab calls for every sample in its training loops: ``sum``, ``argmin`` and
``zeros_like`` (every ``Competitive`` layer, so ``newc`` and ``newlvq``), ``argmax``
(``train_wta``, ``train_cwta``, ``train_lvq``) and ``max`` (``train_lvq`` with
``adapt=True``). NumPy's own versions are Python wrappers that check and repack their
arguments before they reach the C code, which on neurolab's arrays of a few numbers is much
of each call's time (``np.argmin`` of five distances took 2.4 µs, the method it ends in 0.3
µs); with the faster versions ``newc`` trains the tutorial's data in about 30 % less time
(both measured without a profiler, NumPy 2.4). Each fast version takes a plain ``ndarray``
and at most an axis (``zeros_like``: a 1-D array of numbers) and returns exactly what NumPy
returns, bit for bit: ``sum``, ``max``, ``argmin`` and ``argmax`` make the very call NumPy's
wrapper ends in, and ``zeros_like`` an equal one (``zeros``, see its comment). Any other
argument goes to NumPy's function unchanged. tests/test_neurolab_compat.py checks both.

Examples
--------
>>> from nbhelpers.neurolab_compat import neurolab as nl
>>> net = nl.net.newc([[0, 1], [0, 1]], 3)
"""

import importlib
import sys
import types

import numpy

from ._validation import (
    validate_choice,
    validate_data,
    validate_float,
    validate_int,
    validate_random_state,
)
from .layer import RULES, TrainingDivergedError

INSTALL_HINT = "pip install neurolab  (or: make lab, which installs everything)"


def _asfarray(a, dtype=numpy.float64):
    # NumPy 1.x semantics: any non-float dtype request falls back to float64.
    if not numpy.issubdtype(dtype, numpy.inexact):
        dtype = numpy.float64
    return numpy.asarray(a, dtype=dtype)


# The fast versions below take a plain ndarray (``type(a) is ndarray``: no subclass, list or
# scalar) and at most an axis; anything else goes to NumPy's function as it was called.
# NumPy 2's wrappers (numpy/_core/fromnumeric.py, numeric.py), for a plain ndarray and no
# other argument, end in the very calls made here.


def _sum(a, axis=None, *args, **kwargs):
    # neurolab: np.sum(square(w - x), axis=1) per sample (the euclidean distance), and
    # np.sum(abs(e)) or np.sum(square(e)) per epoch (errors SAE, MSE ...). NumPy's sum goes
    # through _wrapreduction, which for a plain ndarray returns add.reduce(a, axis, None, None).
    if type(a) is numpy.ndarray and not args and not kwargs:
        return _add_reduce(a, axis)
    return numpy.sum(a, axis, *args, **kwargs)


def _max(a, axis=None, *args, **kwargs):
    # neurolab: np.max(target - output) per sample in train_lvq. NumPy's max goes through
    # _wrapreduction too, which for a plain ndarray returns maximum.reduce(a, axis, None, None).
    if type(a) is numpy.ndarray and not args and not kwargs:
        return _maximum_reduce(a, axis)
    return numpy.max(a, axis, *args, **kwargs)


def _argmin(a, axis=None, *args, **kwargs):
    # neurolab: np.argmin(distances) per sample (trans.Competitive, newc's transfer function).
    # NumPy's argmin goes through _wrapfunc, which calls the array's method a.argmin(axis=axis,
    # out=None).
    if type(a) is numpy.ndarray and not args and not kwargs:
        return a.argmin(axis)
    return numpy.argmin(a, axis, *args, **kwargs)


def _argmax(a, axis=None, *args, **kwargs):
    # neurolab: np.argmax(out) per sample (train_wta, train_cwta, train_lvq) and
    # np.argmax(output, axis=1) per epoch. As argmin: NumPy calls a.argmax(axis=axis, out=None).
    if type(a) is numpy.ndarray and not args and not kwargs:
        return a.argmax(axis)
    return numpy.argmax(a, axis, *args, **kwargs)


def _zeros_like(a, *args, **kwargs):
    # neurolab: np.zeros_like(distances) per sample (trans.Competitive), a 1-D float64 array.
    # NumPy's zeros_like makes empty_like(a) and copies zeros(1, dtype) into it, so that it
    # equals zeros(a.shape, a.dtype); for a 1-D array of numbers (bool, int, float, complex)
    # both are contiguous and all zero bits. Other dimensions are left to NumPy, whose
    # empty_like keeps the memory order of ``a`` (zeros would make a C-ordered array).
    if (type(a) is numpy.ndarray and not args and not kwargs and a.ndim == 1
            and a.dtype.kind in "biufc"):
        return numpy.zeros(a.shape, a.dtype)
    return numpy.zeros_like(a, *args, **kwargs)


_add_reduce = numpy.add.reduce
_maximum_reduce = numpy.maximum.reduce


class _NumpyForNeurolab(types.ModuleType):
    """Forward attribute access to NumPy, with neurolab's removed names added back.

    ``sum``, ``max``, ``argmin``, ``argmax`` and ``zeros_like`` are the fast versions above.
    """

    Inf = numpy.inf
    asfarray = staticmethod(_asfarray)
    row_stack = staticmethod(numpy.vstack)  # deprecated alias, warns on NumPy 2
    sum = staticmethod(_sum)
    max = staticmethod(_max)
    argmin = staticmethod(_argmin)
    argmax = staticmethod(_argmax)
    zeros_like = staticmethod(_zeros_like)

    @staticmethod
    def floor(x):
        # newlvq, neurolab's only caller, slices with the result: integers, as NumPy < 1.12
        # accepted floats there.
        return numpy.floor(x).astype(int)

    def __getattr__(self, name):
        # Called only for names not yet in the stand-in: keep each one, so that neurolab's
        # next ``np.sqrt`` is a plain lookup (neurolab looks NumPy names up in its inner
        # loop, several per sample; going through here every time costs about 2 µs each).
        value = getattr(numpy, name)
        setattr(self, name, value)
        return value


def _import_neurolab():
    if hasattr(numpy, "Inf") and hasattr(numpy, "asfarray"):  # NumPy 1.x: nothing to do
        return importlib.import_module("neurolab")
    already = sys.modules.get("neurolab")
    if already is not None and isinstance(getattr(already.core, "np", None), _NumpyForNeurolab):
        return already
    # A plain `import neurolab` that failed earlier can leave half-imported modules behind.
    for name in [m for m in sys.modules if m == "neurolab" or m.startswith("neurolab.")]:
        del sys.modules[name]
    stand_in = _NumpyForNeurolab("numpy")
    real = sys.modules["numpy"]
    sys.modules["numpy"] = stand_in  # seen only by the imports below
    try:
        return importlib.import_module("neurolab")
    except ModuleNotFoundError as exc:
        if exc.name != "neurolab":
            raise
        raise ModuleNotFoundError(
            f"neurolab is not installed in this Python ({sys.executable}). "
            f"Install it with: {INSTALL_HINT}",
            name="neurolab",
        ) from None
    finally:
        sys.modules["numpy"] = real


neurolab = _import_neurolab()


def train_neurolab(X_scaled, n_neurons, epochs, lr=0.01, rule="cwta", random_state=None):
    """Train neurolab's ``newc`` exactly as the tutorial does; returns (weights, errors).

    ``random_state`` is handled like ``CompetitiveLayer``'s: neurolab draws from NumPy's
    global RNG, so for an int or a RandomState the global state is swapped in for the
    training and restored afterwards.

    Parameters
    ----------
    X_scaled : array-like of shape (n_samples, n_features)
        Training data, already scaled.
    n_neurons, epochs : int
        Number of neurons; epochs as neurolab counts them (N makes N - 1 passes).
    lr : float, default 0.01
        Learning rate, > 0.
    rule : {'cwta', 'wta'}, default 'cwta'
        ``train_cwta`` (newc's default) or ``train_wta``.
    random_state : None, int or numpy.random.RandomState, default None
        Source of the initial weights; None uses NumPy's global RNG as the tutorial does.
    """
    X_scaled = validate_data(X_scaled, "X_scaled")
    n_neurons = validate_int(n_neurons, "n_neurons", minimum=1)
    epochs = validate_int(epochs, "epochs", minimum=1)
    validate_choice(rule, "rule", RULES)
    if len(X_scaled) < n_neurons:
        raise ValueError(f"n_neurons must be at most {len(X_scaled)} (X_scaled has "
                         f"{len(X_scaled)} samples but n_neurons={n_neurons}; each neuron "
                         "starts on a sample)")
    lr = validate_float(lr, "lr", strictly_positive=True)
    rng = validate_random_state(random_state)
    global_rng = numpy.random.mtrand._rand
    saved = None if rng is global_rng else global_rng.get_state()
    try:
        if saved is not None:
            global_rng.set_state(rng.get_state())
        net = neurolab.net.newc([[0.0, 1.0]] * X_scaled.shape[1], n_neurons)
        if rule == "wta":
            net.trainf = neurolab.train.train_wta
        with numpy.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
            errors = net.train(X_scaled, epochs=epochs, show=0, lr=lr)
        if saved is not None:
            rng.set_state(global_rng.get_state())  # the RandomState moves on, as in fit()
    finally:
        if saved is not None:
            global_rng.set_state(saved)
    weights = net.layers[0].np["w"].copy()
    errors = numpy.asarray(errors, dtype=float)
    if not (numpy.all(numpy.isfinite(weights)) and numpy.all(numpy.isfinite(errors))):
        finite = numpy.isfinite(errors)
        # the pass after the last finite error (epochs=N records N errors, makes N - 1 passes)
        bad = len(errors) - 1 if finite.all() else int(numpy.argmin(finite))
        raise TrainingDivergedError(
            f"training diverged by pass {bad}: neurolab returned inf/NaN weights (with "
            f"lr={lr}, steps of lr * d * (x - w) overshot their samples further and further). "
            "Scale the data down or use a smaller lr"
        )
    return weights, errors


#: Where ``train_neurolab_lvq`` starts the neurons, by the name that ``init=`` takes.
LVQ_INITS = {
    "samples": "each neuron on a random training sample of its own class",
    "midpoint": "neurolab's own start: every neuron at the centre of the data's range",
}


def train_neurolab_lvq(X_scaled, labels, neurons_per_class, epochs, lr=0.01, init="samples",
                       random_state=None):
    """Train neurolab's ``newlvq`` on labelled data; returns (weights, neuron_classes, errors).

    The network has ``neurons_per_class * n_classes`` neurons in its competitive layer, in
    blocks of ``neurons_per_class`` per class (class 0 first), and trains with neurolab's
    ``train_lvq`` with ``adapt=True`` (LVQ1: the nearest neuron moves ``lr`` of the way
    towards a sample of its own class and ``lr`` of the way away from a sample of another
    class; ``adapt=False`` is a batch mode that ignores the classes), for all of
    ``epochs - 1`` passes over the samples in their order: neurolab's early stop (an error
    below ``goal=0.01``) is switched off.

    Parameters
    ----------
    X_scaled : array-like of shape (n_samples, n_features)
        Training data, already scaled.
    labels : array-like of int, shape (n_samples,)
        Class of each sample: 0, 1, ..., n_classes - 1, each present at least once.
    neurons_per_class : int
        Neurons (prototypes) per class, >= 2 (``newlvq`` wants more neurons than classes).
    epochs : int
        Epochs as neurolab counts them (N makes N - 1 passes), >= 1.
    lr : float, default 0.01
        Learning rate, > 0.
    init : {'samples', 'midpoint'} or array-like of shape (n_neurons, n_features)
        The start: ``'samples'`` puts each neuron on a training sample of its own class,
        drawn with ``random_state``; ``'midpoint'`` keeps neurolab's own start (every neuron
        at the centre of the range it is given, here each feature's min and max in
        ``X_scaled``); an array gives the starting weights, row k for neuron k.
    random_state : None, int or numpy.random.RandomState, default None
        Draws the starting samples for ``init='samples'`` (None: NumPy's global RNG).

    Returns
    -------
    weights : ndarray of shape (n_neurons, n_features)
        The trained neurons (prototypes), in scaled units.
    neuron_classes : ndarray of int, shape (n_neurons,)
        The class of each neuron, read from the network's output layer.
    errors : ndarray of shape (epochs,)
        neurolab's error before each pass: the mean squared difference between the one-hot
        targets and the outputs, that is 2 / n_classes times the fraction misclassified.
    """
    X_scaled = validate_data(X_scaled, "X_scaled")
    labels = numpy.asarray(labels)
    if labels.shape != (len(X_scaled),) or not numpy.issubdtype(labels.dtype, numpy.integer):
        raise ValueError(f"labels must be {len(X_scaled)} integers, one per row of X_scaled; "
                         f"got shape {labels.shape} and dtype {labels.dtype}")
    n_classes = int(labels.max()) + 1 if labels.size else 0
    missing = sorted(set(range(n_classes)) - set(labels.tolist()))
    if labels.min() < 0 or missing:
        raise ValueError("labels must be 0, 1, ..., n_classes - 1, each present at least once"
                         f"; got values from {labels.min()} to {labels.max()}, missing {missing}")
    if n_classes < 2:
        raise ValueError("LVQ needs at least 2 classes; labels has only one")
    neurons_per_class = validate_int(neurons_per_class, "neurons_per_class", minimum=2)
    epochs = validate_int(epochs, "epochs", minimum=1)
    lr = validate_float(lr, "lr", strictly_positive=True)
    n_neurons = neurons_per_class * n_classes
    classes = numpy.repeat(numpy.arange(n_classes), neurons_per_class)
    if isinstance(init, str):
        validate_choice(init, "init", LVQ_INITS)
        start = None
        if init == "samples":
            rng = validate_random_state(random_state)
            start = numpy.array([X_scaled[rng.choice(numpy.flatnonzero(labels == c))]
                                 for c in classes])
    else:
        start = validate_data(init, "init")
        if start.shape != (n_neurons, X_scaled.shape[1]):
            raise ValueError(f"init must have shape {(n_neurons, X_scaled.shape[1])} (one row "
                             f"per neuron), got {start.shape}")
    minmax = numpy.column_stack([X_scaled.min(axis=0), X_scaled.max(axis=0)])
    # newlvq asserts that the class shares add up to exactly 1; equal shares of 1 / n_classes
    # may miss by a rounding error, so the last share takes up the difference.
    shares = [1.0 / n_classes] * (n_classes - 1)
    shares.append(1.0 - sum(shares))
    net = neurolab.net.newlvq(minmax.tolist(), n_neurons, shares)
    # newlvq splits its neurons by floor(n_neurons * cumsum(shares)), which rounding can shift
    # by one: set the blocks it means, neurons_per_class each.
    net.layers[1].np["w"][:] = (classes[numpy.newaxis, :] ==
                                numpy.arange(n_classes)[:, numpy.newaxis])
    if start is not None:
        net.layers[0].np["w"][:] = start  # train_lvq keeps the weights it is given
    targets = numpy.eye(n_classes)[labels]
    # adapt=True is train_lvq's default (its docstring says False): LVQ1, sample by sample.
    # adapt=False is a batch mode that ignores the classes (every winner is pulled).
    errors = net.train(X_scaled, targets, epochs=epochs, show=0, lr=lr, goal=0.0,
                       adapt=True)
    neuron_classes = numpy.argmax(net.layers[1].np["w"], axis=0)
    return net.layers[0].np["w"].copy(), neuron_classes, numpy.asarray(errors, dtype=float)


__all__ = ["LVQ_INITS", "neurolab", "train_neurolab", "train_neurolab_lvq"]
