"""The tutorial from start to finish in one call: data, scaling, training, comparison.

Used by ``python -m nbhelpers``, by the explorer widget and by ``05_3d_comparison_plots``.
"""

import time
from dataclasses import dataclass

import numpy as np

from ._validation import check_choice, check_data, check_float, check_int, check_random_state
from .data import SEED_CENTROIDS, make_clusters
from .layer import CompetitiveLayer, TrainingDivergedError
from .metrics import (
    CentroidMatch,
    centroid_table,
    dead_neurons,
    match_centroids,
    quantization_error,
)
from .normalization import SCALERS, make_scaler

TRAINERS = ("scratch", "neurolab")


@dataclass
class TutorialResult:
    """Everything ``run_tutorial`` made, for tables and plots.

    Attributes
    ----------
    X, labels : the synthetic points (data units) and their true clusters.
    centroids : the actual centroids (data units).
    scaler : the fitted scaler; ``X_scaled`` is what the layer was trained on.
    weights : trained weights in scaled units; ``predicted`` the same in data units.
    errors : the error recorded at each epoch.
    history : weights per epoch in data units (only with ``record_history=True``).
    match : ``CentroidMatch`` of actual vs predicted centroids (data units).
    dead : indices of neurons that win no sample (measured where training happened).
    quantization_error : mean distance from each point to its nearest neuron (data units).
    seconds : wall time of the training alone.
    """

    X: np.ndarray
    labels: np.ndarray
    centroids: np.ndarray
    scaler: object
    X_scaled: np.ndarray
    weights: np.ndarray
    predicted: np.ndarray
    errors: np.ndarray
    history: np.ndarray | None
    match: CentroidMatch
    dead: np.ndarray
    quantization_error: float
    seconds: float

    def table(self):
        """A plain-text table of actual vs predicted centroids and their distances."""
        return (centroid_table(self.centroids, self.predicted, self.match)
                + f", dead neurons {len(self.dead)}, epochs recorded {len(self.errors)}")


def train_neurolab(X_scaled, n_neurons, epochs, lr=0.01, rule="cwta", random_state=None):
    """Train neurolab's ``newc`` exactly as the tutorial does; returns (weights, errors).

    ``random_state`` is handled like ``CompetitiveLayer``'s: neurolab draws from NumPy's
    global RNG, so for an int or a RandomState the global state is swapped in for the
    training and restored afterwards. Introduced in ``03_training_with_newc``.
    """
    from .neurolab_compat import neurolab as nl

    X_scaled = check_data(X_scaled, "X_scaled")
    n_neurons = check_int(n_neurons, "n_neurons", minimum=1)
    epochs = check_int(epochs, "epochs", minimum=1)
    lr = check_float(lr, "lr", strictly_positive=True)
    check_choice(rule, "rule", ("cwta", "wta"))
    if len(X_scaled) < n_neurons:
        raise ValueError(f"X_scaled has {len(X_scaled)} samples but n_neurons={n_neurons}: "
                         "a competitive layer needs at least one sample per neuron")
    rng = check_random_state(random_state)
    global_rng = np.random.mtrand._rand
    saved = None if rng is global_rng else global_rng.get_state()
    try:
        if saved is not None:
            global_rng.set_state(rng.get_state())
        net = nl.net.newc([[0.0, 1.0]] * X_scaled.shape[1], n_neurons)
        if rule == "wta":
            net.trainf = nl.train.train_wta
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
            errors = net.train(X_scaled, epochs=epochs, show=0, lr=lr)
        if saved is not None:
            rng.set_state(global_rng.get_state())  # the RandomState moves on, as in fit()
    finally:
        if saved is not None:
            global_rng.set_state(saved)
    weights = net.layers[0].np["w"].copy()
    errors = np.asarray(errors, dtype=float)
    if not (np.all(np.isfinite(weights)) and np.all(np.isfinite(errors))):
        bad = int(np.argmax(~np.isfinite(errors))) + 1 if not np.all(np.isfinite(errors)) \
            else len(errors)
        raise TrainingDivergedError(
            f"training diverged by epoch {bad}: neurolab returned inf/NaN weights (lr={lr} "
            "times the distance to a sample exceeded 2). Scale the data first (e.g. "
            "normalize='minmax') or use a smaller lr"
        )
    return weights, errors


def run_tutorial(epochs=100, noise=0.8, seed=0, n_neurons=5, lr=0.01, normalize="norm",
                 rule="cwta", trainer="scratch", points_per_cluster=100,
                 centroids=SEED_CENTROIDS, record_history=False, engine="auto"):
    """Synthesize, scale, train, map back and compare, as the tutorial does.

    With ``seed=s`` the numbers are those of the tutorial's code run after
    ``np.random.seed(s)``, for either trainer; NumPy's global RNG is left untouched.
    Introduced in ``05_3d_comparison_plots``.

    Parameters
    ----------
    epochs, lr, rule : passed to the layer (see ``CompetitiveLayer``).
    noise, points_per_cluster, centroids : passed to ``make_clusters``.
    seed : int
        Seed for the data and the initial weights.
    n_neurons : int
        Number of neurons (5 in the tutorial, one per cluster).
    normalize : {'norm', 'minmax', 'zscore', 'none'}
        How to scale before training ('norm' is the tutorial's).
    trainer : {'scratch', 'neurolab'}
        ``nbhelpers.CompetitiveLayer`` or neurolab's ``newc`` (slow, no history).
    record_history : bool
        Keep the weights of every epoch (scratch trainer only).
    engine : {'auto', 'numba', 'python'}
        Engine of the scratch trainer.

    Returns
    -------
    TutorialResult
    """
    check_choice(trainer, "trainer", TRAINERS)
    seed = check_int(seed, "seed", minimum=0)
    rng = np.random.RandomState(seed)
    X, labels = make_clusters(centroids, points_per_cluster, noise, random_state=rng)
    return train_and_compare(X, labels, centroids, rng, epochs=epochs, n_neurons=n_neurons,
                             lr=lr, normalize=normalize, rule=rule, trainer=trainer,
                             record_history=record_history, engine=engine)


def train_and_compare(X, labels, centroids, random_state, *, epochs, n_neurons, lr, normalize,
                      rule, trainer, record_history, engine):
    """The second half of ``run_tutorial``: scale ``X``, train, map back and compare.

    ``random_state`` draws the initial weights. The explorer (``06``) calls this with data it
    keeps in a cache, so that only a change of noise or seed regenerates them.
    """
    check_choice(trainer, "trainer", TRAINERS)
    check_choice(normalize, "normalize", tuple(SCALERS))
    if record_history and trainer != "scratch":
        raise ValueError("record_history needs trainer='scratch' (neurolab keeps no history)")
    scaler = make_scaler(normalize).fit(X)
    X_scaled = scaler.transform(X)
    start = time.perf_counter()
    history = None
    if trainer == "scratch":
        layer = CompetitiveLayer(n_neurons, lr=lr, rule=rule, random_state=random_state,
                                 engine=engine)
        layer.fit(X_scaled, epochs=epochs, record_history=record_history)
        weights, errors = layer.weights_, layer.errors_
        if record_history:
            flat = layer.history_.reshape(-1, X.shape[1])
            history = scaler.inverse_transform(flat).reshape(layer.history_.shape)
    else:
        weights, errors = train_neurolab(X_scaled, n_neurons, epochs, lr, rule, random_state)
    seconds = time.perf_counter() - start
    predicted = scaler.inverse_transform(weights)
    actual = np.asarray(centroids, dtype=float)
    return TutorialResult(
        X=X, labels=labels, centroids=actual, scaler=scaler, X_scaled=X_scaled,
        weights=weights, predicted=predicted, errors=errors, history=history,
        match=match_centroids(actual, predicted), dead=dead_neurons(X_scaled, weights),
        quantization_error=quantization_error(X, predicted), seconds=seconds,
    )
