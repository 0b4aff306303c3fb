"""The tutorial from start to finish: data, scaling, training, comparison.

``run_tutorial`` runs it once (notebook 06 and ``python -m nbhelpers``). ``explore_step`` is
the model behind the explorer of notebook 07: the same run, with the data kept in a small
cache and a training that diverges reported in one line instead of raised. Both draw their
random numbers through ``_draw_data``, so the same settings give the same numbers.
"""

import functools
import time
from dataclasses import dataclass, field

import numpy as np

from ._validation import validate_choice, validate_float, validate_int
from .data import SEED_CENTROIDS, make_clusters
from .layer import CompetitiveLayer, TrainingDivergedError
from .metrics import (
    CentroidMatch,
    centroid_table,
    dead_neurons,
    match_centroids,
    quantization_error,
)
from .normalization import make_scaler

#: Who trains, by the name that ``trainer=`` takes.
TRAINERS = {
    "scratch": "nbhelpers.CompetitiveLayer (fast)",
    "neurolab": "neurolab's newc itself (the same numbers, a thousand times slower)",
}


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


def _draw_data(seed, noise, centroids, points_per_cluster):
    """The tutorial's random draws, in its order, from one ``RandomState(seed)``.

    Returns the data, their labels and the generator, which then draws the initial weights
    (as the tutorial's ``newc`` draws them after the data from the same global generator).
    """
    rng = np.random.RandomState(seed)
    X, labels = make_clusters(centroids, points_per_cluster, noise, random_state=rng)
    return X, labels, rng


def run_tutorial(epochs=100, noise=0.8, seed=0, n_neurons=5, lr=0.01, normalize="norm",
                 rule="cwta", trainer="scratch", points_per_cluster=100,
                 centroids=SEED_CENTROIDS, record_history=False, engine="numba"):
    """Synthesize, scale, train, map back and compare, as the tutorial does.

    With ``seed=s`` the numbers are those of the tutorial's code run after
    ``np.random.seed(s)``, for either trainer; NumPy's global RNG is left untouched.

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
    engine : {'numba', 'python'}
        Engine of the scratch trainer.

    Returns
    -------
    TutorialResult
    """
    seed = validate_int(seed, "seed", minimum=0)
    X, labels, rng = _draw_data(seed, noise, centroids, points_per_cluster)
    return train_and_compare(X, labels, centroids, rng, epochs=epochs, n_neurons=n_neurons,
                             lr=lr, normalize=normalize, rule=rule, trainer=trainer,
                             record_history=record_history, engine=engine)


def train_and_compare(X, labels, centroids, random_state, *, epochs, n_neurons, lr, normalize,
                      rule, trainer, record_history, engine):
    """The second half of ``run_tutorial``: scale ``X``, train, map back and compare.

    ``random_state`` draws the initial weights. ``explore_step`` calls this with data it keeps
    in a cache, so that only a change of noise or seed regenerates them.
    """
    validate_choice(trainer, "trainer", TRAINERS)
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
        from .neurolab_compat import train_neurolab  # imports neurolab: only when asked for

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


@functools.lru_cache(maxsize=16)
def _cached_data(noise, seed):
    """``_draw_data`` for the tutorial's centroids, and the generator's state after it.

    Keeping the state lets ``explore_step`` reuse the data and still draw the same initial
    weights as ``run_tutorial``.
    """
    X, labels, rng = _draw_data(seed, noise, SEED_CENTROIDS, 100)
    X.flags.writeable = False
    labels.flags.writeable = False
    return X, labels, rng.get_state()


@dataclass
class ExploreStep:
    """What ``explore_step`` returns: the settings, the run (or why it failed) and a summary.

    Attributes
    ----------
    params : dict
        The settings (epochs, noise, lr, n_neurons, seed, normalize, rule, engine).
    result : TutorialResult or None
        The data, the trained weights, the error curve and the history in data units
        (``history`` has shape (epochs recorded, n_neurons, 3)); None if training diverged.
    message : str
        One line saying why there is no result ('' when training succeeded).
    text : str
        The metrics as plain text: matched distances and dead neurons, or ``message``.
    seconds : float
        Wall time of the whole step (data, scaling, training, metrics).
    data_from_cache : bool
        Whether the data came from the cache (only noise and seed regenerate it).
    """

    params: dict
    result: TutorialResult | None
    message: str
    text: str
    seconds: float
    data_from_cache: bool = field(default=False)

    @property
    def ok(self):
        """True when training finished (did not diverge)."""
        return self.result is not None


def _metrics_text(r, params):
    """The small table of matched distances, dead and unmatched neurons."""
    n_recorded = len(r.errors)
    stop = "" if n_recorded == params["epochs"] else " (stopped early: the error reached goal)"
    lines = [
        f"{n_recorded} epoch{'' if n_recorded == 1 else 's'} recorded{stop}, "
        f"final error {r.errors[-1]:.4g} (scaled units)",
        f"mean distance from a point to its nearest neuron: {r.quantization_error:.3f} "
        "(data units)",
        centroid_table(r.centroids, r.predicted, r.match),
    ]
    dead = ", ".join(str(i) for i in r.dead) if len(r.dead) else "none"
    extra = []
    unmatched_neurons = sorted(set(range(len(r.predicted))) - set(r.match.predicted_index))
    if unmatched_neurons:
        extra.append("neurons without a cluster: " + ", ".join(map(str, unmatched_neurons)))
    unmatched_clusters = sorted(set(range(len(r.centroids))) - set(r.match.actual_index))
    if unmatched_clusters:
        extra.append("clusters without a neuron: " + ", ".join(map(str, unmatched_clusters)))
    lines.append("; ".join([f"dead neurons (win no point): {dead}", *extra]))
    return "\n".join(lines)


def explore_step(epochs=100, noise=0.8, lr=0.01, n_neurons=5, seed=0, normalize="norm",
                 rule="cwta", engine="numba"):
    """Run the tutorial once with these settings and summarise it, without raising on divergence.

    This is the pure function behind ``explorer()``: the same settings give the same numbers
    as ``run_tutorial(..., record_history=True)``, bit for bit. The data for a (noise, seed)
    pair are kept in a small cache, so changing any other setting only retrains. Bad
    settings raise, as in ``run_tutorial``.

    Parameters
    ----------
    epochs : int
        Epochs as neurolab counts them (N makes N - 1 passes), >= 1.
    noise : float
        Standard deviation of the clusters, in data units, >= 0.
    lr : float
        Learning rate, > 0.
    n_neurons : int
        Number of neurons, 1 to 500 (the data have 500 points).
    seed : int
        Seed of the data and of the initial weights, >= 0.
    normalize : {'norm', 'minmax', 'zscore', 'none'}
        Scaling before training.
    rule : {'cwta', 'wta'}
        With or without conscience.
    engine : {'numba', 'python'}
        Engine of the ``CompetitiveLayer``.

    Returns
    -------
    ExploreStep
        With ``result=None`` and a one-line ``message`` when training diverged.
    """
    start = time.perf_counter()
    params = dict(epochs=epochs, noise=validate_float(noise, "noise", minimum=0.0), lr=lr,
                  n_neurons=n_neurons, seed=validate_int(seed, "seed", minimum=0),
                  normalize=normalize, rule=rule, engine=engine)
    hits = _cached_data.cache_info().hits
    X, labels, state = _cached_data(params["noise"], params["seed"])
    from_cache = _cached_data.cache_info().hits > hits
    rng = np.random.RandomState()
    rng.set_state(state)
    try:
        result = train_and_compare(
            X, labels, SEED_CENTROIDS, rng, epochs=params["epochs"],
            n_neurons=params["n_neurons"], lr=params["lr"], normalize=params["normalize"],
            rule=params["rule"], trainer="scratch", record_history=True,
            engine=params["engine"])
    except TrainingDivergedError as exc:
        text = " ".join(str(exc).split())  # one line, whatever the exception says
        message = text[:1].upper() + text[1:] + "."
        return ExploreStep(params, None, message, message, time.perf_counter() - start,
                           from_cache)
    text = _metrics_text(result, params)
    return ExploreStep(params, result, "", text, time.perf_counter() - start, from_cache)
