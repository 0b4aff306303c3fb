"""A competitive layer written from scratch that reproduces neurolab's ``newc`` exactly.

Introduced in ``04_competitive_layer_from_scratch``. The readable NumPy version of the
algorithm is ``sae_error`` and ``learning_pass`` below; ``_kernels.py`` holds the same steps
compiled with numba for speed (``engine="numba"``), and the tests check both against neurolab.
"""

import numpy as np

from ._validation import (
    check_choice,
    check_data,
    check_float,
    check_int,
    check_random_state,
)

RULES = ("cwta", "wta")
ENGINES = ("auto", "numba", "python")


class TrainingDivergedError(ValueError):
    """Raised when the weights blow up to inf/NaN during training."""


def distances(X, W):
    """Euclidean distance from every sample to every neuron, shape (n_samples, n_neurons).

    Introduced in ``04_competitive_layer_from_scratch``.
    """
    return np.sqrt(np.sum(np.square(W[np.newaxis, :, :] - X[:, np.newaxis, :]), axis=2))


def sae_error(X, W):
    """neurolab's training error: sum of |sample - nearest neuron| over all samples and features.

    Introduced in ``04_competitive_layer_from_scratch``.
    """
    winners = np.argmin(distances(X, W), axis=1)
    return float(np.sum(np.abs(W[winners] - X)))


def learning_pass(X, W, lr, use_conscience):
    """One pass over the samples in order, updating ``W`` in place (neurolab's ``learn``).

    For each sample: the winner is the neuron with the smallest conscience x distance, its
    conscience count goes up by one, and it moves ``lr * distance`` of the way to the sample.
    Introduced in ``04_competitive_layer_from_scratch``.
    """
    conscience = np.ones(len(W))  # neurolab resets the conscience to 1 before every pass
    for x in X:
        d = np.sqrt(np.sum(np.square(W - x), axis=1))
        winner = np.argmin(conscience * d)  # plain WTA: the conscience stays at 1
        if use_conscience:
            conscience[winner] += 1  # winning often makes a neuron less likely to win again
        W[winner] += lr * d[winner] * (x - W[winner])  # the step grows with the distance


def _compiled():
    """The numba kernels, or None when numba is not installed."""
    try:
        from . import _kernels
    except ImportError:
        return None
    return _kernels


class CompetitiveLayer:
    """A layer of neurons that compete for each sample; the winner moves towards it.

    This is neurolab's ``newc`` trained with ``train_cwta`` (or ``train_wta``), written out so
    that every step is visible, and with the same results to the last bit. What neurolab
    does, and so what this class does too:

    - the initial weights are ``n_neurons`` samples drawn one at a time with
      ``randint(0, len(X))`` from ``random_state`` (None: NumPy's global RNG, as neurolab);
    - each epoch first records the error (sum of absolute differences between each sample and
      its nearest neuron) and stops when it is below ``goal`` or when ``epochs`` errors have
      been recorded, so ``epochs=N`` makes at most N - 1 learning passes;
    - a pass visits the samples in order; the winner is the argmin of conscience x distance
      (``rule="cwta"``) or of the distance alone (``rule="wta"``), and its conscience count
      goes up by 1; the counts are reset to 1 after every pass;
    - the winner moves by ``lr * d * (x - w)``: the step is scaled by the distance ``d``, so
      it depends on how the data are scaled, and training diverges when ``lr * d`` exceeds 2.

    Introduced in ``04_competitive_layer_from_scratch``.

    Parameters
    ----------
    n_neurons : int
        Number of neurons (clusters to find), >= 1.
    lr : float, default 0.01
        Learning rate, > 0.
    rule : {'cwta', 'wta'}, default 'cwta'
        Conscience winner-take-all (neurolab's default for ``newc``) or plain winner-take-all.
    goal : float, default 0.01
        Stop once the error falls below this value.
    random_state : None, int or numpy.random.RandomState, default None
        Source of the initial weights; None uses NumPy's global RNG like neurolab.
    engine : {'auto', 'numba', 'python'}, default 'auto'
        'python' runs the readable NumPy code in this module; 'numba' runs the compiled copy
        (same numbers, about a thousand times faster); 'auto' picks numba when installed.

    Attributes
    ----------
    weights_ : ndarray of shape (n_neurons, n_features)
        The trained weights: one prototype (predicted centroid) per neuron, in scaled units.
    initial_weights_ : ndarray of shape (n_neurons, n_features)
        The weights before the first pass.
    errors_ : ndarray of shape (n_epochs_recorded,)
        The error recorded at the start of each epoch (neurolab's ``train`` return value).
    n_iter_ : int
        Number of learning passes made (``len(errors_) - 1``).
    history_ : ndarray of shape (n_epochs_recorded, n_neurons, n_features)
        Weights at each recorded error (only with ``fit(..., record_history=True)``).

    Examples
    --------
    >>> from nbhelpers import CompetitiveLayer, make_clusters
    >>> X, _ = make_clusters(random_state=0)
    >>> layer = CompetitiveLayer(5, random_state=0).fit(X / 100, epochs=20)
    >>> layer.weights_.shape
    (5, 3)
    """

    def __init__(self, n_neurons, lr=0.01, rule="cwta", goal=0.01, random_state=None,
                 engine="auto"):
        self.n_neurons = n_neurons
        self.lr = lr
        self.rule = rule
        self.goal = goal
        self.random_state = random_state
        self.engine = engine

    def __repr__(self):
        args = [f"{self.n_neurons!r}"]
        defaults = {"lr": 0.01, "rule": "cwta", "goal": 0.01, "random_state": None,
                    "engine": "auto"}
        args += [f"{k}={getattr(self, k)!r}" for k, v in defaults.items()
                 if getattr(self, k) != v]
        return f"CompetitiveLayer({', '.join(args)})"

    def _check_params(self):
        check_int(self.n_neurons, "n_neurons", minimum=1)
        check_float(self.lr, "lr", strictly_positive=True)
        check_choice(self.rule, "rule", RULES)
        check_float(self.goal, "goal")
        check_choice(self.engine, "engine", ENGINES)
        if self.engine == "numba" and _compiled() is None:
            raise ImportError("engine='numba' needs numba: pip install numba")

    def _kernels(self):
        """(error function, pass function, compiled module or None) for the chosen engine."""
        compiled = None if self.engine == "python" else _compiled()
        if compiled is None:
            return sae_error, learning_pass, None
        return compiled.sae_error, compiled.learning_pass, compiled

    def fit(self, X, epochs=500, init_weights=None, callback=None, record_history=False,
            progress=False):
        """Train on ``X`` (samples x features) and return self.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data, already scaled (see ``nbhelpers.normalization``).
        epochs : int, default 500
            Maximum number of errors to record (neurolab's ``epochs``): N - 1 passes at most.
        init_weights : array-like of shape (n_neurons, n_features), optional
            Start from these weights instead of drawing samples.
        callback : callable, optional
            Called as ``callback(epoch, error, weights)`` after each recorded error, with a
            1-based epoch, the error and a read-only view of the current weights.
        record_history : bool, default False
            Keep the weights of every epoch in ``history_``.
        progress : bool, default False
            Show a progress bar (tqdm, which renders as a widget in Jupyter).
        """
        self._check_params()
        X = check_data(X, "X", min_samples=1)
        epochs = check_int(epochs, "epochs", minimum=1)
        if len(X) < self.n_neurons:
            raise ValueError(
                f"X has {len(X)} samples but n_neurons={self.n_neurons}: a competitive layer "
                "needs at least one sample per neuron"
            )
        if callback is not None and not callable(callback):
            raise TypeError(f"callback must be callable, got {type(callback).__name__}")
        if init_weights is None:
            rng = check_random_state(self.random_state)
            # neurolab's TrainWTA.__init__: one randint per neuron, in neuron order.
            W = np.array([X[rng.randint(0, len(X))] for _ in range(self.n_neurons)])
        else:
            W = check_data(init_weights, "init_weights").copy()
            if W.shape != (self.n_neurons, X.shape[1]):
                raise ValueError(
                    f"init_weights must have shape (n_neurons, n_features) = "
                    f"{(self.n_neurons, X.shape[1])}, got {W.shape}"
                )
        W = np.ascontiguousarray(W)
        X = np.ascontiguousarray(X)
        self.initial_weights_ = W.copy()
        use_conscience = self.rule == "cwta"
        error_fn, pass_fn, compiled = self._kernels()
        errors = np.empty(epochs)
        history = np.empty((epochs if record_history else 0, *W.shape))

        if compiled is not None and callback is None and not progress:
            n_recorded, status = compiled.fit_loop(
                X, W, float(self.lr), use_conscience, epochs, float(self.goal), errors, history,
                record_history)
            diverged = status == compiled.DIVERGED
        else:
            n_recorded, diverged = self._python_loop(
                X, W, epochs, error_fn, pass_fn, use_conscience, errors, history,
                record_history, callback, progress)

        self.errors_ = errors[:n_recorded].copy()
        self.n_iter_ = n_recorded - 1
        if record_history:
            self.history_ = history[:n_recorded].copy()
        if diverged:
            self.weights_ = None
            raise TrainingDivergedError(
                f"training diverged in epoch {n_recorded}: the weights became inf/NaN "
                f"(lr={self.lr} times the distance to a sample exceeded 2). Scale the data "
                "first (e.g. normalize='minmax') or use a smaller lr"
            )
        self.weights_ = W
        return self

    def _python_loop(self, X, W, epochs, error_fn, pass_fn, use_conscience, errors, history,
                     record_history, callback, progress):
        """neurolab's Trainer loop, one epoch at a time. Returns (n_recorded, diverged)."""
        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=epochs, desc="training", unit="epoch", leave=False)
        try:
            for epoch in range(epochs):
                err = error_fn(X, W)  # the error is recorded before the pass, as in neurolab
                errors[epoch] = err
                if record_history:
                    history[epoch] = W
                if bar is not None:
                    bar.update(1)
                if callback is not None:
                    view = W.view()
                    view.flags.writeable = False
                    callback(epoch + 1, float(err), view)
                if not np.isfinite(err):
                    return epoch + 1, True
                if err < self.goal or epoch + 1 == epochs:  # so epochs=N makes N-1 passes
                    return epoch + 1, False
                with np.errstate(over="ignore", invalid="ignore"):  # divergence is checked below
                    pass_fn(X, W, float(self.lr), use_conscience)
                if not np.all(np.isfinite(W)):
                    return epoch + 1, True
            return epochs, False
        finally:
            if bar is not None:
                bar.close()

    def _fitted_weights(self, X):
        if getattr(self, "weights_", None) is None:
            raise RuntimeError("this CompetitiveLayer is not fitted yet; call fit(X) first")
        X = check_data(X, "X")
        if X.shape[1] != self.weights_.shape[1]:
            raise ValueError(
                f"X has {X.shape[1]} features but the layer was trained on "
                f"{self.weights_.shape[1]}"
            )
        return X, self.weights_

    def transform(self, X):
        """Distances from each sample to each neuron, shape (n_samples, n_neurons)."""
        X, W = self._fitted_weights(X)
        return distances(X, W)

    def predict(self, X):
        """Index of the nearest neuron (the winner) for each sample."""
        return np.argmin(self.transform(X), axis=1)

    def score(self, X):
        """neurolab's error (sum of absolute differences) of ``X`` against the weights."""
        X, W = self._fitted_weights(X)
        return sae_error(X, W)
