"""How close are the predicted centroids?"""

from dataclasses import dataclass

import numpy as np

from ._validation import validate_data


def _pair(a, b, names=("actual", "predicted")):
    a = validate_data(a, names[0])
    b = validate_data(b, names[1])
    if a.shape[1] != b.shape[1]:
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same number of features, got "
            f"{a.shape[1]} and {b.shape[1]}"
        )
    return a, b


@dataclass(frozen=True)
class CentroidMatch:
    """The result of ``match_centroids``.

    Attributes
    ----------
    actual_index, predicted_index : ndarray of int
        Row ``i`` pairs ``actual[actual_index[i]]`` with ``predicted[predicted_index[i]]``,
        sorted by ``actual_index``.
    distances : ndarray of float
        Euclidean distance of each matched pair, in the units of the inputs.
    """

    actual_index: np.ndarray
    predicted_index: np.ndarray
    distances: np.ndarray

    @property
    def mean_distance(self):
        """Mean distance over the matched pairs."""
        return float(np.mean(self.distances))

    @property
    def max_distance(self):
        """Largest distance over the matched pairs."""
        return float(np.max(self.distances))


def match_centroids(actual, predicted):
    """Pair each actual centroid with a predicted one so the total distance is smallest.

    Neurons have no names: neuron 0 may have found cluster 3. The optimal one-to-one pairing
    (the Hungarian algorithm, ``scipy.optimize.linear_sum_assignment``) lines them up. With
    unequal counts, only ``min(len(actual), len(predicted))`` pairs are made.

    Parameters
    ----------
    actual : array-like of shape (k, n_features)
    predicted : array-like of shape (m, n_features)

    Returns
    -------
    CentroidMatch
    """
    # imported on first use: scipy.optimize takes about 0.5 s to import, which the notebooks
    # that never match centroids (01, 03, 12, 13) need not pay
    from scipy.optimize import linear_sum_assignment

    actual, predicted = _pair(actual, predicted)
    cost = np.linalg.norm(actual[:, None, :] - predicted[None, :, :], axis=2)
    rows, cols = linear_sum_assignment(cost)
    return CentroidMatch(rows, cols, cost[rows, cols])


def quantization_error(X, weights):
    """Mean Euclidean distance from each sample to its nearest neuron."""
    X, weights = _pair(X, weights, ("X", "weights"))
    d = np.linalg.norm(X[:, None, :] - weights[None, :, :], axis=2)
    return float(np.mean(d.min(axis=1)))


def win_counts(X, weights):
    """How many samples each neuron is the nearest neuron for."""
    X, weights = _pair(X, weights, ("X", "weights"))
    d = np.linalg.norm(X[:, None, :] - weights[None, :, :], axis=2)
    return np.bincount(np.argmin(d, axis=1), minlength=len(weights))


def dead_neurons(X, weights):
    """Indices of neurons that are the nearest neuron for no sample at all.

    Measured on the final weights: a neuron that is dead now does not move in the next pass
    (it may have won and moved earlier, and a conscience can still make it win later).
    """
    return np.flatnonzero(win_counts(X, weights) == 0)


def centroid_table(actual, predicted, match=None):
    """Plain-text table pairing each actual centroid with its matched prediction.

    Parameters
    ----------
    actual, predicted : array-like of shape (k, n_features) and (m, n_features)
    match : CentroidMatch, optional
        Reuse a match already computed by ``match_centroids``.
    """
    actual, predicted = _pair(actual, predicted)
    match = match_centroids(actual, predicted) if match is None else match
    width = 8 * actual.shape[1]
    lines = [f"{'cluster':>7}  {'actual':>{width}}  {'predicted':>{width}}  {'distance':>8}"]
    for a, p, d in zip(match.actual_index, match.predicted_index, match.distances, strict=True):
        left = "".join(f"{round(v, 2) + 0.0:8.2f}" for v in actual[a])  # + 0.0: no "-0.00"
        right = "".join(f"{round(v, 2) + 0.0:8.2f}" for v in predicted[p])
        lines.append(f"{a:>7}  {left}  {right}  {d:8.3f}")
    pairs = len(match.distances)
    note = "" if len(actual) == len(predicted) else f" (over the {pairs} matched pairs only)"
    lines.append(f"mean distance {match.mean_distance:.3f}{note}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Objectives:
    """The result of ``objectives``: three ways to add up how far samples are from neurons.

    Each sample counts once, with its nearest neuron (Euclidean distance ``d``); all three
    are in the units of the inputs (scaled by ``s``, they scale by ``s``, ``s**2`` and ``s**3``).

    Attributes
    ----------
    sse : float
        Sum of squared distances, ``sum(d**2)``: what k-means minimizes (scikit-learn's
        ``inertia_``); the textbook step ``lr * (x - w)`` descends ``sum(d**2) / 2``.
    sae : float
        Sum of absolute differences feature by feature, ``sum(|x - w|)``: the error neurolab
        reports (``layer.sae_error``).
    cubed_over_3 : float
        Sum of cubed distances divided by 3, ``sum(d**3) / 3``: what neurolab's step
        ``lr * d * (x - w)`` descends without the conscience (each step is ``-lr`` times the
        gradient of ``d**3 / 3``).
    """

    sse: float
    sae: float
    cubed_over_3: float


def objectives(X, weights):
    """Sum of squared distances, neurolab's SAE and the sum of cubed distances / 3.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    weights : array-like of shape (n_neurons, n_features)
        The neurons (or k-means' centres), in the units of ``X``.

    Returns
    -------
    Objectives
    """
    X, weights = _pair(X, weights, ("X", "weights"))
    d = np.linalg.norm(X[:, None, :] - weights[None, :, :], axis=2)
    nearest = np.argmin(d, axis=1)
    d_min = d[np.arange(len(X)), nearest]
    return Objectives(sse=float(np.sum(d_min**2)),
                      sae=float(np.sum(np.abs(X - weights[nearest]))),
                      cubed_over_3=float(np.sum(d_min**3) / 3))
