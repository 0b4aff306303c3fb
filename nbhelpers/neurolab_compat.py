"""neurolab's side of the project: import neurolab 0.3.5 on NumPy 2, and train with it.

``neurolab`` is the package itself, imported without touching site-packages or NumPy;
``train_neurolab`` trains its ``newc`` exactly as the tutorial does.

neurolab's last release (0.3.5) uses ``np.Inf`` and ``np.asfarray``, which NumPy 2 removed,
so ``import neurolab`` fails with an ``AttributeError``. This module imports it once with a
private stand-in for NumPy that forwards everything to the real NumPy and adds back the few
names neurolab needs. Only neurolab's own modules see the stand-in: ``numpy.Inf`` stays
missing for everyone else.

``newlvq`` needs one more thing: it slices with the result of ``np.floor``, a float, which
NumPy has refused since 1.12 (``TypeError: slice indices must be integers``). It is
neurolab's only call of ``np.floor``, so the stand-in's ``floor`` returns integers. With
that, every constructor of neurolab 0.3.5 (newp, newff, newc, newlvq, newelm, newhop,
newhem) builds and trains as its docstring shows.

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


class _NumpyForNeurolab(types.ModuleType):
    """Forward attribute access to NumPy, with neurolab's removed names added back."""

    Inf = numpy.inf
    asfarray = staticmethod(_asfarray)
    row_stack = staticmethod(numpy.vstack)  # deprecated alias, warns on NumPy 2

    @staticmethod
    def floor(x):
        # newlvq, neurolab's only caller, slices with the result: integers, as NumPy < 1.12
        # accepted floats there.
        return numpy.floor(x).astype(int)

    def __getattr__(self, name):
        return getattr(numpy, name)


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


__all__ = ["neurolab", "train_neurolab"]
