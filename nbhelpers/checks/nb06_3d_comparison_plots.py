"""Checks for the exercises of ``06_3d_comparison_plots``."""

import functools

import numpy as np

from ..layer import TrainingDivergedError
from ..metrics import match_centroids
from ..tutorial import run_tutorial
from ._core import (
    Hint,
    call_answer,
    need_function,
    need_number,
    printing_check,
    same_rows_any_order,
)


def _artist_points(artist):
    """The 3-D points an artist draws, as an (n, 3) array, or None."""
    if hasattr(artist, "get_data_3d"):
        xs, ys, zs = artist.get_data_3d()
    elif hasattr(artist, "_offsets3d"):
        xs, ys, zs = artist._offsets3d
    else:
        return None
    try:
        return np.column_stack([np.ravel(np.ma.getdata(v)).astype(float) for v in (xs, ys, zs)])
    except (TypeError, ValueError):
        return None


def _marker_shape(artist):
    """A comparable description of an artist's marker shape (size ignored), or None."""
    from matplotlib.markers import MarkerStyle

    if hasattr(artist, "get_marker"):
        marker = artist.get_marker()
        if marker in ("", " ", "None", "none", None):
            return None
        style = MarkerStyle(marker)
        path = style.get_path().transformed(style.get_transform())
    else:
        paths = artist.get_paths()
        if not paths:
            return None
        path = paths[0]
    vertices = np.asarray(path.vertices, dtype=float)
    extent = np.max(np.abs(vertices)) if vertices.size else 0.0
    if extent > 0:
        vertices = vertices / extent
    return (vertices.shape, tuple(np.round(vertices, 3).ravel()))


#: Words that name a group in a legend label (lower case; "predict" covers "predicted").
_GROUP_WORDS = {"actual centroids": ("actual", "true", "real", "known"),
                "predicted centroids": ("predict", "found", "neuron", "network", "learn",
                                        "estimat", "trained", "model")}


def _names(label, group):
    """Whether the legend label contains a word that names this group."""
    return any(word in label.lower() for word in _GROUP_WORDS[group])


@printing_check
def check_plot_comparison(plot_comparison):
    """Exercise of ``06_3d_comparison_plots``: the comparison figure, drawn by hand.

    ``plot_comparison(X, actual, predicted, ax)`` must draw the three groups of points on the
    3-D axes ``ax`` with three different marker shapes and labels, add a legend, label the
    three axes and return ``ax``. The check draws on its own figure and inspects it; a label
    that names the other group of centroids (e.g. "actual" on the predicted ones) is refused.
    """
    from matplotlib.figure import Figure

    name = "plot_comparison"
    need_function(plot_comparison, name)
    rng = np.random.RandomState(6)
    X = rng.normal(0, 1.5, (60, 3))
    actual = rng.uniform(-3, 3, (4, 3))
    predicted = actual + rng.normal(0, 0.3, (4, 3))
    fig = Figure()  # not pyplot: nothing is shown, nothing is left open
    ax = fig.add_subplot(projection="3d")
    out = call_answer(plot_comparison, name, X.copy(), actual.copy(), predicted.copy(), ax)
    if out is None and not (ax.collections or ax.lines):
        raise Hint(f"{name} draws nothing and returns None: replace the ... with your code, "
                   "delete the raise line, run that cell, then run this check again.")
    if out is not ax:
        raise Hint("return the axes ax at the end, so that the caller can keep drawing on it")
    artists = list(ax.collections) + list(ax.lines)
    groups = {}
    for label, target in (("data points", X), ("actual centroids", actual),
                          ("predicted centroids", predicted)):
        found = [a for a in artists if (p := _artist_points(a)) is not None
                 and same_rows_any_order(p, target)]
        if not found:
            raise Hint(f"the {label} are not in the figure: draw them with one "
                       "ax.scatter(xs, ys, zs, ...) call each")
        groups[label] = found[0]
    shapes = {label: _marker_shape(a) for label, a in groups.items()}
    if shapes["actual centroids"] == shapes["predicted centroids"]:
        raise Hint("actual and predicted centroids have the same marker shape: give them "
                   "different shapes (marker=...) so they differ in greyscale too")
    for centroids in ("actual centroids", "predicted centroids"):
        if shapes["data points"] == shapes[centroids]:
            raise Hint(f"the data points have the same marker shape as the {centroids} "
                       f"(size does not count: '.' and 'o', for example, are both round "
                       "marks): give each group its own shape")
    for label, artist in groups.items():
        if artist.get_label().startswith("_"):
            raise Hint(f"the {label} have no label: pass label=... so that the legend can "
                       "name them")
    for label, other in (("actual centroids", "predicted centroids"),
                         ("predicted centroids", "actual centroids")):
        text = groups[label].get_label()
        if _names(text, other) and not _names(text, label):
            raise Hint(f"the {label} are labelled {text!r}, a name for the {other}: check "
                       "which scatter call gets which label")
    if ax.get_legend() is None:
        raise Hint("add a legend (ax.legend()) so the reader knows which marker is which")
    if not (ax.get_xlabel() and ax.get_ylabel() and ax.get_zlabel()):
        raise Hint("label the x, y and z axes (with units) using ax.set_xlabel and friends")
    return ("your figure shows the points, the actual and the predicted centroids with three "
            "marker shapes, labels, a legend and labelled axes.")


def _distance_curve(normalize, lr, epochs):
    """Mean matched distance (data units) after 1, 2, ..., epochs epochs (seed 0)."""
    result = run_tutorial(epochs=epochs, normalize=normalize, lr=lr, record_history=True)
    return np.array([match_centroids(result.centroids, w).mean_distance
                     for w in result.history])


def _first_epoch_below(curve, threshold):
    hits = np.flatnonzero(curve <= threshold)
    return int(hits[0]) + 1 if hits.size else None


@functools.lru_cache(maxsize=1)
def _tutorial_epochs_to_threshold():
    return _first_epoch_below(_distance_curve("norm", 0.01, 2000), 0.3)


@printing_check
def check_lr_minmax(lr_minmax):
    """Exercise of ``06_3d_comparison_plots``: a learning rate that is fast and still precise.

    With ``normalize="minmax"`` and ``lr=lr_minmax`` (seed 0) the mean matched distance must
    reach 0.3 data units within 5 epochs and be at most 0.2 after 100 epochs.
    """
    lr = need_number(lr_minmax, "lr_minmax", positive=True)
    try:
        curve = _distance_curve("minmax", lr, 100)
    except TrainingDivergedError:
        raise Hint(f"with lr={lr:g} training diverges: steps overshoot their samples again "
                   "and again until the weights overflow; try a smaller lr") from None
    first = _first_epoch_below(curve, 0.3)
    final = curve[-1]
    if first is None and final >= 0.95 * curve[49]:  # settled, but too far away
        raise Hint(f"with lr={lr:g} the neurons settle {final:.3f} away and never get within "
                   "0.3: the steps are so big that each neuron keeps jumping after the last "
                   "samples it won; try a smaller lr")
    if first is None or first > 5:
        when = "more than 100" if first is None else str(first)
        raise Hint(f"with lr={lr:g} min-max scaling needs {when} epochs to get within 0.3: "
                   "take bigger steps (a larger lr)")
    if final > 0.2:
        raise Hint(f"with lr={lr:g} the neurons get within 0.3 after {first} epoch(s), but "
                   f"after 100 epochs they are {final:.3f} away, more than 0.2: the steps "
                   "are so big that each neuron keeps jumping after the last samples it won; "
                   "try a smaller lr")
    return (f"with lr={lr:g} min-max scaling gets within 0.3 after {first} epoch(s) and ends "
            f"{final:.3f} away; the tutorial's norm scaling with lr=0.01 needs "
            f"{_tutorial_epochs_to_threshold()} epochs.")
