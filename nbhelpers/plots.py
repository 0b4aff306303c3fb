"""Figures for the notebooks. Every function takes ``ax=`` like matplotlib and returns it.

Colours come from the Okabe-Ito palette, which stays distinct for the common kinds of colour
blindness, and every group also has its own marker shape, so the figures read in greyscale.
"""

import matplotlib.pyplot as plt
import numpy as np

from ._validation import validate_data

#: Okabe-Ito colours (colour-blind safe), by name.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
#: Colour and marker for cluster i (cycled for more clusters).
CLUSTER_COLORS = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#CC79A7", "#D55E00", "#F0E442"]
CLUSTER_MARKERS = ["o", "s", "^", "D", "v", "P", "X"]

ACTUAL_STYLE = dict(marker="*", s=380, c=OKABE_ITO["vermillion"], edgecolors="black",
                    linewidths=1.0, label="actual centroids", depthshade=False, zorder=5)
PREDICTED_STYLE = dict(marker="h", s=170, c=OKABE_ITO["blue"], edgecolors="white",
                       linewidths=1.2, label="predicted centroids", depthshade=False, zorder=6)
POINTS_STYLE = dict(marker=".", s=10, c=OKABE_ITO["grey"], alpha=0.45, label="data points",
                    depthshade=False)


def _axes_3d(ax, figsize=(6.4, 5.2)):
    if ax is None:
        fig = plt.figure(figsize=figsize)
        ax = fig.add_subplot(projection="3d")
    elif getattr(ax, "name", "") != "3d":
        raise TypeError("ax must be a 3-D axes, e.g. fig.add_subplot(projection='3d')")
    return ax


def _three_columns(X, name):
    X = validate_data(X, name)
    if X.shape[1] != 3:
        raise ValueError(f"{name} must have 3 features (x, y, z) to be drawn in 3-D, "
                         f"got {X.shape[1]}")
    return X


def _label_axes(ax, units):
    suffix = f" ({units})" if units else ""
    ax.set_xlabel(f"x{suffix}")
    ax.set_ylabel(f"y{suffix}")
    ax.set_zlabel(f"z{suffix}")


def plot_clusters_3d(X, labels=None, ax=None, title="Synthetic data", units="data units"):
    """Scatter 3-D points, one colour and marker per true cluster.


    Parameters
    ----------
    X : array-like of shape (n_samples, 3)
    labels : array-like of int, optional
        True cluster of each point; without it all points share one style.
    ax : 3-D matplotlib Axes, optional
        Draw here; a new figure is made when omitted.
    title, units : str
        Title of the axes and the units shown in the axis labels.
    """
    X = _three_columns(X, "X")
    ax = _axes_3d(ax)
    if labels is None:
        ax.scatter(*X.T, **POINTS_STYLE)
    else:
        labels = np.asarray(labels)
        if labels.shape != (len(X),):
            raise ValueError(f"labels must have one entry per point ({len(X)}), "
                             f"got shape {labels.shape}")
        for i, label in enumerate(np.unique(labels)):
            pts = X[labels == label]
            ax.scatter(*pts.T, s=14, alpha=0.7, depthshade=False,
                       c=CLUSTER_COLORS[i % len(CLUSTER_COLORS)],
                       marker=CLUSTER_MARKERS[i % len(CLUSTER_MARKERS)],
                       label=f"cluster {label}")
        ax.legend(loc="upper left", fontsize="small")
    _label_axes(ax, units)
    ax.set_title(title)
    return ax


def plot_comparison_3d(X, actual, predicted, ax=None, title="Actual vs predicted centroids",
                       units="data units"):
    """The tutorial's figure: data points, actual centroids and predicted centroids.

    Actual centroids are large vermillion stars, predicted ones blue hexagons, so they
    differ in shape as well as colour.
    """
    X = _three_columns(X, "X")
    actual = _three_columns(actual, "actual")
    predicted = _three_columns(predicted, "predicted")
    ax = _axes_3d(ax)
    ax.scatter(*X.T, **POINTS_STYLE)
    ax.scatter(*actual.T, **ACTUAL_STYLE)
    ax.scatter(*predicted.T, **PREDICTED_STYLE)
    _label_axes(ax, units)
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize="small")
    return ax


def plot_error_curve(errors, ax=None, title="Training error per epoch", logy=False):
    """Line plot of the error recorded at each epoch (``CompetitiveLayer.errors_``)."""
    errors = np.asarray(errors, dtype=float)
    if errors.ndim != 1 or errors.size == 0:
        raise ValueError(f"errors must be a non-empty 1-D sequence, got shape {errors.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    epochs = np.arange(1, errors.size + 1)
    ax.plot(epochs, errors, color=OKABE_ITO["blue"], marker="o" if errors.size < 30 else None,
            label="sum of absolute errors")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("error (sum of |x - w|, scaled units)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


def plot_winner_step(x, weights, winner, new_weights, ax=None,
                     title="One competitive step"):
    """A 2-D sketch of one learning step: the sample, the neurons, the winner's move."""
    x = np.asarray(x, dtype=float)
    weights = validate_data(weights, "weights")
    new_weights = validate_data(new_weights, "new_weights")
    if x.shape != (2,) or weights.shape[1] != 2 or new_weights.shape != weights.shape:
        raise ValueError("plot_winner_step draws 2-D examples: x must have shape (2,) and "
                         "weights/new_weights shape (n_neurons, 2)")
    if ax is None:
        # constrained layout keeps the outside legend inside the figure (also under ipympl)
        _, ax = plt.subplots(figsize=(7.2, 4.4), layout="constrained")
    losers = np.arange(len(weights)) != winner
    ax.scatter(*weights[losers].T, marker="s", s=90, c=OKABE_ITO["grey"], edgecolors="black",
               label="other neurons (do not move)", zorder=3)
    ax.scatter(*weights[winner], marker="h", s=170, c=OKABE_ITO["blue"], edgecolors="black",
               label="winner, before", zorder=4)
    ax.scatter(*new_weights[winner], marker="h", s=170, c="white", edgecolors=OKABE_ITO["blue"],
               linewidths=2, label="winner, after", zorder=4)
    ax.scatter(*x, marker="*", s=300, c=OKABE_ITO["vermillion"], edgecolors="black",
               label="sample x", zorder=5)
    for w in weights:
        ax.plot([x[0], w[0]], [x[1], w[1]], ls=":", color=OKABE_ITO["grey"], zorder=1)
    ax.annotate("", xy=new_weights[winner], xytext=weights[winner],
                arrowprops=dict(arrowstyle="->", color=OKABE_ITO["blue"], lw=2))
    ax.set_xlabel("feature 1")
    ax.set_ylabel("feature 2")
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small")
    return ax


def plot_trajectories_3d(history, X=None, actual=None, epoch=None, ax=None,
                         title="Where each neuron went", units="data units"):
    """Each neuron's path through training, up to ``epoch`` (default: the end).

    ``history`` has shape (epochs, n_neurons, 3), as ``CompetitiveLayer.history_`` mapped
    back to data units.
    """
    history = np.asarray(history, dtype=float)
    if history.ndim != 3 or history.shape[2] != 3 or history.shape[0] == 0:
        raise ValueError(f"history must have shape (epochs, n_neurons, 3), got {history.shape}")
    last = history.shape[0] if epoch is None else int(epoch)
    if not 1 <= last <= history.shape[0]:
        raise ValueError(f"epoch must be between 1 and {history.shape[0]}, got {epoch}")
    ax = _axes_3d(ax)
    if X is not None:
        ax.scatter(*_three_columns(X, "X").T, **POINTS_STYLE)
    if actual is not None:
        ax.scatter(*_three_columns(actual, "actual").T, **ACTUAL_STYLE)
    path = history[:last]
    for k in range(history.shape[1]):
        ax.plot(*path[:, k, :].T, color=OKABE_ITO["blue"], lw=1.2, alpha=0.8,
                label="neuron paths" if k == 0 else None)
    ax.scatter(*path[0].T, marker="o", s=50, facecolors="none", edgecolors=OKABE_ITO["blue"],
               depthshade=False, label="start (epoch 1)")
    current = dict(PREDICTED_STYLE, label=f"neurons at epoch {last}")
    ax.scatter(*path[-1].T, **current)
    _label_axes(ax, units)
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize="small")
    return ax
