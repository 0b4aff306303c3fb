"""A competitive layer written from scratch that reproduces neurolab's ``newc`` exactly.

The readable NumPy version of the algorithm is ``sae_error`` and ``learning_pass`` below;
``_kernels.py`` holds the same steps compiled with numba for speed (``engine="numba"``), and
the tests check both against neurolab. ``CompetitiveLayer._train`` is the one epoch loop that
calls them, for either engine.
"""

import inspect
import math

import numpy as np

from ._validation import (
    validate_choice,
    validate_data,
    validate_float,
    validate_int,
    validate_random_state,
)

#: How the winner is chosen, by the name that ``rule=`` takes.
RULES = {
    "cwta": "conscience winner-take-all (neurolab's default for newc)",
    "wta": "plain winner-take-all",
}
#: How far the winner moves, by the name that ``step=`` takes: neurolab's step is scaled by the
#: distance d; the textbook step is a fixed fraction of the way to the sample.
STEPS = {
    "neurolab": "lr * d * (x - w)",
    "textbook": "lr * (x - w)",
}
#: How the learning rate changes during training, by the name that ``lr_schedule=`` takes.
LR_SCHEDULES = {
    "constant": "lr in every step (neurolab)",
    "linear": "lr * (1 - p / P) in pass p of at most P passes: falls in a straight line",
    "1/wins": "lr / n for each neuron, n = 1 + its wins so far (its start counts as one)",
}
#: What runs the training, by the name that ``engine=`` takes.
ENGINES = {
    "numba": "the same steps compiled with numba (fast)",
    "python": "the readable NumPy functions of this module",
}


class TrainingDivergedError(ValueError):
    """Raised when the weights blow up to inf/NaN during training."""


def distances(X, W):
    """Euclidean distance from every sample to every neuron, shape (n_samples, n_neurons)."""
    return np.sqrt(np.sum(np.square(W[np.newaxis, :, :] - X[:, np.newaxis, :]), axis=2))


def sae_error(X, W):
    """neurolab's training error: sum of |sample - nearest neuron| over all samples and features."""
    winners = np.argmin(distances(X, W), axis=1)
    return float(np.sum(np.abs(W[winners] - X)))


def learning_pass(X, W, lr, use_conscience, textbook_step=False, wins=None):
    """One pass over the samples in order, updating ``W`` in place (neurolab's ``learn``).

    For each sample: the winner is the neuron with the smallest conscience x distance, its
    conscience count goes up by one, and it moves ``lr * distance`` of the way to the sample.
    Two variants that neurolab does not have: ``textbook_step=True`` moves the winner ``lr``
    of the way (``lr * (x - w)``, no distance), and with a ``wins`` array (one count per
    neuron, updated in place) the winner's count goes up by one and its rate is
    ``lr / wins[winner]``.
    """
    conscience = np.ones(len(W))  # neurolab resets the conscience to 1 before every pass
    for x in X:
        d = np.sqrt(np.sum(np.square(W - x), axis=1))
        winner = np.argmin(conscience * d)  # plain WTA: the conscience stays at 1
        if use_conscience:
            conscience[winner] += 1  # winning often makes a neuron less likely to win again
        rate = lr
        if wins is not None:
            wins[winner] += 1
            rate = lr / wins[winner]  # each win counts for less than the one before
        if textbook_step:
            W[winner] += rate * (x - W[winner])
        else:
            W[winner] += rate * d[winner] * (x - W[winner])  # the step grows with the distance


def _engine_kernels(engine, X):
    """The (error, learning pass) functions of an engine for training on ``X``.

    'python': this module's NumPy functions; 'numba': their compiled copies in ``_kernels``.
    """
    if engine == "python":
        return sae_error, learning_pass
    from . import _kernels  # imported on first use: loading numba takes a moment

    return _kernels.error_function(X), _kernels.learning_pass


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
      it depends on how the data are scaled; a step with ``lr * d > 2`` lands farther from
      the sample than it started, and if such steps repeat the weights grow without bound
      (``TrainingDivergedError``).

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
    step : {'neurolab', 'textbook'}, default 'neurolab'
        How far the winner moves: ``lr * d * (x - w)`` as in neurolab, or the textbook
        ``lr * (x - w)``, a fixed fraction of the way whatever the distance.
    lr_schedule : {'constant', 'linear', '1/wins'}, default 'constant'
        The rate of each step. 'constant': ``lr`` (neurolab). 'linear': ``lr * (1 - p / P)``
        in pass p = 0, 1, ... of the P = epochs - 1 passes allowed, so it falls in a straight
        line towards 0. '1/wins': ``lr / n`` for the winner, where n counts the neuron's
        starting sample and each of its wins so far, over all passes (it never resets); with
        ``lr=1``, ``step='textbook'`` and ``rule='wta'`` each neuron is then the mean of its
        start and the samples it has won (MacQueen's online k-means).
    engine : {'numba', 'python'}, default 'numba'
        'python' runs the readable NumPy code in this module; 'numba' runs the compiled copy
        in ``_kernels.py`` (same numbers, hundreds of times faster).

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
                 step="neurolab", lr_schedule="constant", engine="numba"):
        self.n_neurons = n_neurons
        self.lr = lr
        self.rule = rule
        self.goal = goal
        self.random_state = random_state
        self.step = step
        self.lr_schedule = lr_schedule
        self.engine = engine

    def __repr__(self):
        # Like scikit-learn: show the parameters that differ from the signature's defaults.
        args = []
        for name, param in inspect.signature(type(self)).parameters.items():
            value = getattr(self, name)
            if param.default is inspect.Parameter.empty:
                args.append(repr(value))
            elif value is not param.default and value != param.default:
                args.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(args)})"

    def _validate_params(self):
        validate_int(self.n_neurons, "n_neurons", minimum=1)
        validate_float(self.lr, "lr", strictly_positive=True)
        validate_choice(self.rule, "rule", RULES)
        validate_float(self.goal, "goal")
        validate_choice(self.step, "step", STEPS)
        validate_choice(self.lr_schedule, "lr_schedule", LR_SCHEDULES)
        validate_choice(self.engine, "engine", ENGINES)

    def fit(self, X, epochs=500, init_weights=None, record_history=False):
        """Train on ``X`` (samples x features) and return self.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data, already scaled (see ``nbhelpers.normalization``).
        epochs : int, default 500
            Maximum number of errors to record (neurolab's ``epochs``): N - 1 passes at most.
        init_weights : array-like of shape (n_neurons, n_features), optional
            Start from these weights instead of drawing samples.
        record_history : bool, default False
            Keep the weights of every epoch in ``history_``.
        """
        self._validate_params()
        X = np.ascontiguousarray(validate_data(X, "X", min_samples=1))
        epochs = validate_int(epochs, "epochs", minimum=1)
        if len(X) < self.n_neurons:
            raise ValueError(
                f"n_neurons must be at most {len(X)} (X has {len(X)} samples but "
                f"n_neurons={self.n_neurons}; each neuron starts on a sample)"
            )
        if init_weights is None:
            rng = validate_random_state(self.random_state)
            # neurolab's TrainWTA.__init__: one randint per neuron, in neuron order.
            W = np.array([X[rng.randint(0, len(X))] for _ in range(self.n_neurons)])
        else:
            W = validate_data(init_weights, "init_weights").copy()
            if W.shape != (self.n_neurons, X.shape[1]):
                raise ValueError(
                    f"init_weights must have shape (n_neurons, n_features) = "
                    f"{(self.n_neurons, X.shape[1])}, got {W.shape}"
                )
        W = np.ascontiguousarray(W)
        self.initial_weights_ = W.copy()
        errors, history, bad_pass = self._train(X, W, epochs, record_history)
        self.errors_ = np.array(errors)
        self.n_iter_ = len(errors) - 1
        if record_history:
            self.history_ = np.array(history)
        if bad_pass is not None:
            self.weights_ = None
            raise TrainingDivergedError(
                f"training diverged in pass {bad_pass}, after epoch {bad_pass}: the weights "
                f"became inf/NaN (with lr={self.lr}, steps of {STEPS[self.step]} "
                "overshot their samples further and further). Scale the data down or use a "
                "smaller lr"
            )
        self.weights_ = W
        return self

    def _train(self, X, W, epochs, record_history):
        """neurolab's training loop; updates ``W`` in place.

        Returns the errors recorded, the weights at each of them (or None) and the number of
        the learning pass after which the weights were inf/NaN (None if they never were).
        """
        error_fn, pass_fn = _engine_kernels(self.engine, X)
        lr, goal, use_conscience = float(self.lr), float(self.goal), self.rule == "cwta"
        textbook_step = self.step == "textbook"
        wins = np.ones(len(W)) if self.lr_schedule == "1/wins" else None
        n_passes = epochs - 1
        errors, history = [], [] if record_history else None
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is checked here
            while True:
                errors.append(error_fn(X, W))  # recorded before the pass, as in neurolab
                if record_history:
                    history.append(W.copy())
                if not math.isfinite(errors[-1]):
                    return errors, history, len(errors) - 1
                if errors[-1] < goal or len(errors) == epochs:  # epochs=N: N - 1 passes
                    return errors, history, None
                pass_lr = lr
                if self.lr_schedule == "linear":
                    pass_lr = lr * (1.0 - (len(errors) - 1) / n_passes)
                if textbook_step or wins is not None:
                    pass_fn(X, W, pass_lr, use_conscience, textbook_step, wins)
                else:  # neurolab's own step: the call that the equivalence tests check
                    pass_fn(X, W, pass_lr, use_conscience)
                if not np.isfinite(W).all():
                    return errors, history, len(errors)

    def _fitted_weights(self, X):
        if getattr(self, "weights_", None) is None:
            raise RuntimeError("this CompetitiveLayer is not fitted yet; call fit(X) first")
        X = validate_data(X, "X")
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
