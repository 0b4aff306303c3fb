"""Figures for the notebooks. Every function takes ``ax=`` like matplotlib and returns it.

Colours come from the Okabe-Ito palette, which stays distinct for the common kinds of colour
blindness, and every group also has its own marker shape, so the figures read in greyscale.
Each neuron keeps one colour, one marker and its number in every figure (``neuron_style``);
the true centroids are always black stars, drawn where the data cannot hide them.
Dragging a 3-D figure turns it about the vertical axis and tilts it, keeping z upright; under
``%matplotlib widget`` only the dragged axes is redrawn while the drag lasts (``drag3d``).
"""

import matplotlib
import matplotlib.patheffects as path_effects
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
from matplotlib.lines import Line2D

from ._validation import validate_data, validate_float, validate_int
from .drag3d import register_with_ipython

# matplotlib's default ("arcball") also rolls the view when you drag; "azel" keeps z upright.
matplotlib.rcParams["axes3d.mouserotationstyle"] = "azel"
# under %matplotlib widget, a dragged 3-D axes is redrawn alone and without ticks (drag3d)
register_with_ipython()

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
#: Colour and marker for true cluster i (cycled for more clusters).
CLUSTER_COLORS = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#CC79A7", "#D55E00", "#F0E442"]
CLUSTER_MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
#: Colour and marker for neuron k (colours cycle after 7; markers stay distinct up to 10).
#: Neuron k never takes cluster k's colour or marker, so neurons do not look like clusters.
NEURON_COLORS = ["#0072B2", "#D55E00", "#CC79A7", "#E69F00", "#009E73", "#56B4E9", "#000000"]
NEURON_MARKERS = ["h", "p", "X", "P", "d", "8", ">", "<", "^", "s"]

#: Largest figure width, in inches at matplotlib's 100 dpi: JupyterLab at 1280 x 800 with the
#: file browser open shows about 850 pixels of output, and ipympl never scales a canvas down.
MAX_WIDTH = 8.0

ACTUAL_STYLE = dict(marker="*", s=420, c=OKABE_ITO["black"], edgecolors="white",
                    linewidths=1.2, label="actual centroids", depthshade=False, zorder=6)
POINTS_STYLE = dict(marker=".", s=10, c=OKABE_ITO["grey"], alpha=0.4, label="data points",
                    depthshade=False, zorder=1)
#: Neurons are drawn smaller than the stars and on top of them, so both stay visible.
NEURON_SIZE = 110
_OUTLINE = [path_effects.withStroke(linewidth=3, foreground="white")]


def neuron_style(k):
    """``dict(color=..., marker=...)`` of neuron ``k``, the same in every figure."""
    k = validate_int(k, "k", minimum=0)
    return dict(color=NEURON_COLORS[k % len(NEURON_COLORS)],
                marker=NEURON_MARKERS[k % len(NEURON_MARKERS)])


def _axes_3d(ax, figsize=(6.0, 4.8)):
    if ax is None:
        fig = plt.figure(figsize=figsize, layout="constrained")
        ax = fig.add_subplot(projection="3d")
    elif getattr(ax, "name", "") != "3d":
        raise TypeError("ax must be a 3-D axes, e.g. fig.add_subplot(projection='3d')")
    ax.computed_zorder = False  # draw in zorder: points, then stars, then neurons
    return ax


def _columns(X, name, n):
    """``X`` as a validated array with ``n`` features: 2 to draw in a plane, 3 in 3-D."""
    X = validate_data(X, name)
    if X.shape[1] != n:
        where = "(x, y, z) to be drawn in 3-D" if n == 3 else "(x, y) to be drawn in a plane"
        raise ValueError(f"{name} must have {n} features {where}, got {X.shape[1]}")
    return X


def _three_columns(X, name):
    return _columns(X, name, 3)


def _label_axes(ax, units):
    suffix = f" ({units})" if units else ""
    ax.set_xlabel(f"x{suffix}")
    ax.set_ylabel(f"y{suffix}")
    ax.set_zlabel(f"z{suffix}")


def _legend(ax, legend, handles=None):
    """A legend under the 3-D box, where it covers no data (``legend=False``: none)."""
    if not legend:
        return
    handles = handles if handles is not None else ax.get_legend_handles_labels()[0]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
              ncols=min(3, len(handles)), fontsize="small", columnspacing=1.0,
              handletextpad=0.3, frameon=False)


def _draw_neurons(ax, W, numbers=True, **kwargs):
    """One marker per neuron in its own colour and shape, with its number beside it."""
    for k, w in enumerate(W):
        style = neuron_style(k)
        ax.scatter(*w, s=NEURON_SIZE, c=style["color"], marker=style["marker"],
                   edgecolors="white", linewidths=1.0, depthshade=False, zorder=8, **kwargs)
        if numbers:
            ax.text(*w, f" {k}", color=style["color"], fontsize=11, fontweight="bold",
                    zorder=9, path_effects=_OUTLINE)


def legend_handles(n_neurons, *, points=True, actual=True, path=False):
    """Legend entries for the 3-D figures: data points, actual centroids, each neuron.

    Use it for one legend shared by several panels (``fig.legend(handles=...)``); with
    ``path=True`` it adds the entry for the paths of ``plot_trajectories_3d``.
    """
    n_neurons = validate_int(n_neurons, "n_neurons", minimum=0)
    handles = []
    if points:
        handles.append(Line2D([], [], ls="", marker=".", markersize=8, color=OKABE_ITO["grey"],
                              label="data points"))
    if actual:
        handles.append(Line2D([], [], ls="", marker="*", markersize=15, markerfacecolor="black",
                              markeredgecolor="white", label="actual centroids"))
    if path:
        handles.append(Line2D([], [], ls="-", color="black", marker="o", markevery=[0],
                              markerfacecolor="white", label="path from the start (hollow)"))
    for k in range(n_neurons):
        style = neuron_style(k)
        handles.append(Line2D([], [], ls="", markersize=8, markeredgecolor="white",
                              markerfacecolor=style["color"], marker=style["marker"],
                              label=f"neuron {k}"))
    return handles


def plot_clusters_3d(X, labels=None, ax=None, title="Synthetic data", units="data units",
                     legend=True):
    """Scatter 3-D points, one colour and marker per true cluster.

    Parameters
    ----------
    X : array-like of shape (n_samples, 3)
    labels : array-like of int, optional
        True cluster of each point; without it all points share one grey style (what the
        network sees: points without labels).
    ax : 3-D matplotlib Axes, optional
        Draw here; a new figure is made when omitted.
    title, units : str
        Title of the axes and the units shown in the axis labels.
    legend : bool
        Show the legend beside the axes.
    """
    X = _three_columns(X, "X")
    ax = _axes_3d(ax)
    if labels is None:
        ax.scatter(*X.T, **dict(POINTS_STYLE, alpha=0.6, s=12))
        legend = False  # one style: nothing to explain
    else:
        labels = np.asarray(labels)
        if labels.shape != (len(X),):
            raise ValueError(f"labels must have one entry per point ({len(X)}), "
                             f"got shape {labels.shape}")
        for i, label in enumerate(np.unique(labels)):
            pts = X[labels == label]
            ax.scatter(*pts.T, s=14, alpha=0.7, depthshade=False, zorder=1,
                       c=CLUSTER_COLORS[i % len(CLUSTER_COLORS)],
                       marker=CLUSTER_MARKERS[i % len(CLUSTER_MARKERS)],
                       label=f"cluster {label}")
    _label_axes(ax, units)
    ax.set_title(title)
    _legend(ax, legend)
    return ax


def plot_centroids_3d(centroids, ax=None, numbers=True):
    """Black stars at the true centroids, drawn over the data points, labelled c0, c1...

    The labels sit to the left of each star; neuron numbers sit to the right of neurons.
    """
    centroids = _three_columns(centroids, "centroids")
    ax = _axes_3d(ax)
    ax.scatter(*centroids.T, **ACTUAL_STYLE)
    if numbers:
        for i, c in enumerate(centroids):
            ax.text(*c, f"c{i}  ", ha="right", va="top", fontsize=9, color="black", zorder=9,
                    path_effects=_OUTLINE)
    return ax


def plot_comparison_3d(X, actual, predicted, ax=None, title="Actual vs predicted centroids",
                       units="data units", legend=True):
    """The tutorial's figure: data points, actual centroids and predicted centroids.

    Actual centroids are black stars; each predicted centroid (a neuron's weights) has its
    neuron's colour, marker and number, drawn on top of the stars.
    """
    X = _three_columns(X, "X")
    actual = _three_columns(actual, "actual")
    predicted = _three_columns(predicted, "predicted")
    ax = _axes_3d(ax)
    ax.scatter(*X.T, **POINTS_STYLE)
    plot_centroids_3d(actual, ax)
    _draw_neurons(ax, predicted)
    _label_axes(ax, units)
    ax.set_title(title)
    _legend(ax, legend, legend_handles(len(predicted)))
    return ax


def plot_error_curve(errors, ax=None, title="Training error per epoch", logy=False,
                     reference=None, reference_label="true cluster centres"):
    """Line plot of the error recorded at each epoch (``CompetitiveLayer.errors_``).

    neurolab records the error before each pass, so epoch 1 is the untrained network; it
    is marked. ``reference`` draws a horizontal line, for example the error of neurons
    placed exactly on the true cluster centres, so the curve can be read against it.
    """
    errors = np.asarray(errors, dtype=float)
    if errors.ndim != 1 or errors.size == 0:
        raise ValueError(f"errors must be a non-empty 1-D sequence, got shape {errors.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
    epochs = np.arange(1, errors.size + 1)
    ax.plot(epochs, errors, color=OKABE_ITO["blue"], marker="o" if errors.size < 30 else None,
            label="error (sum of |x - w|)")
    ax.plot(1, errors[0], ls="", marker="s", markersize=8, markerfacecolor="white",
            markeredgecolor=OKABE_ITO["blue"], markeredgewidth=2,
            label="epoch 1: untrained weights")
    if reference is not None:
        ax.axhline(reference, color=OKABE_ITO["black"], ls="--", lw=1.2,
                   label=f"{reference_label} ({reference:.4g})")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("error (sum of |x - w|)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
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
    for k, w in enumerate(weights):
        style = neuron_style(k)
        moved = k == winner
        ax.scatter(*w, marker=style["marker"], s=120, c=style["color"], edgecolors="black",
                   zorder=4, label=f"neuron {k}" + (" (winner), before" if moved else ""))
        ax.annotate(f" {k}", w, color=style["color"], fontweight="bold", fontsize=11,
                    xytext=(6, 6), textcoords="offset points", path_effects=_OUTLINE)
        ax.plot([x[0], w[0]], [x[1], w[1]], ls=":", color=OKABE_ITO["grey"], zorder=1)
    style = neuron_style(winner)
    ax.scatter(*new_weights[winner], marker=style["marker"], s=120, c="white",
               edgecolors=style["color"], linewidths=2, zorder=4,
               label=f"neuron {winner} (winner), after")
    ax.scatter(*x, marker="*", s=300, c=OKABE_ITO["black"], edgecolors="white",
               label="sample x", zorder=5)
    ax.annotate("", xy=new_weights[winner], xytext=weights[winner],
                arrowprops=dict(arrowstyle="->", color=style["color"], lw=2))
    ax.set_xlabel("feature 1")
    ax.set_ylabel("feature 2")
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small")
    return ax


def _check_history(history, epoch):
    history = np.asarray(history, dtype=float)
    if history.ndim != 3 or history.shape[0] == 0:
        raise ValueError(f"history must have shape (epochs, n_neurons, n_features), "
                         f"got {history.shape}")
    last = history.shape[0] if epoch is None else int(epoch)
    if not 1 <= last <= history.shape[0]:
        raise ValueError(f"epoch must be between 1 and {history.shape[0]}, got {epoch}")
    return history, last


def plot_trajectories_3d(history, X=None, actual=None, epoch=None, ax=None,
                         title="Where each neuron went", units="data units", legend=True):
    """Each neuron's path through training, up to ``epoch`` (default: the end).

    ``history`` has shape (epochs, n_neurons, 3), as ``CompetitiveLayer.history_`` mapped
    back to data units. Each neuron has its own colour and marker: a hollow marker where
    it started, its path, and a filled marker with its number where it is at ``epoch``.
    """
    history, last = _check_history(history, epoch)
    if history.shape[2] != 3:
        raise ValueError(f"history must have shape (epochs, n_neurons, 3), got {history.shape}")
    ax = _axes_3d(ax)
    if X is not None:
        ax.scatter(*_three_columns(X, "X").T, **POINTS_STYLE)
    if actual is not None:
        plot_centroids_3d(actual, ax)
    path = history[:last]
    for k in range(history.shape[1]):
        style = neuron_style(k)
        ax.plot(*path[:, k, :].T, color=style["color"], lw=1.6, alpha=0.9, zorder=7)
        ax.scatter(*path[0, k], marker=style["marker"], s=NEURON_SIZE * 0.7,
                   facecolors="white", edgecolors=style["color"], linewidths=1.5,
                   depthshade=False, zorder=7)
    _draw_neurons(ax, path[-1])
    handles = legend_handles(history.shape[1], points=X is not None,
                             actual=actual is not None, path=True)
    _label_axes(ax, units)
    ax.set_title(title)
    _legend(ax, legend, handles)
    return ax


def plot_nearest_cluster(history, centroids, ax=None, title="Which cluster each neuron is in",
                         logx=True):
    """For each neuron, the true cluster nearest to it at every epoch: relays show as steps.

    A neuron that moves from one cluster to another changes line level; neurons sharing a
    cluster are drawn slightly apart so every line stays visible.
    """
    history, _ = _check_history(history, None)
    centroids = validate_data(centroids, "centroids")
    if centroids.shape[1] != history.shape[2]:
        raise ValueError("centroids and history must have the same number of features")
    if ax is None:
        _, ax = plt.subplots(figsize=(7.2, 3.6), layout="constrained")
    n_epochs, n_neurons, _ = history.shape
    distance = np.linalg.norm(history[:, :, None, :] - centroids[None, None], axis=3)
    nearest = distance.argmin(axis=2)  # (epochs, neurons)
    epochs = np.arange(1, n_epochs + 1)
    spread = 0.32 / max(1, n_neurons - 1)
    marks = np.unique(np.geomspace(1, n_epochs, 8).astype(int)) - 1
    for k in range(n_neurons):
        style = neuron_style(k)
        offset = (k - (n_neurons - 1) / 2) * spread
        ax.step(epochs, nearest[:, k] + offset, where="post", color=style["color"], lw=2,
                marker=style["marker"], markevery=list(marks), markersize=7,
                markeredgecolor="white", label=f"neuron {k}")
    ax.set_yticks(range(len(centroids)), [f"cluster {c}" for c in range(len(centroids))])
    ax.set_ylim(-0.6, len(centroids) - 0.4)
    if logx and n_epochs > 10:
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())  # 1, 10, not 10^0
    ax.set_xlabel("epoch")
    ax.set_title(title)
    ax.grid(alpha=0.3, axis="x")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return ax


# --- 2-D figures of notebook 01 (competitive learning in a plane) ------------------------------

#: Opacity of the shaded winner regions: light enough for the points on top to stay readable.
REGION_ALPHA = 0.28


def _two_columns(X, name):
    return _columns(X, name, 2)


def _limits(value, name):
    try:
        low, high = (float(v) for v in value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a pair of numbers (low, high), got {value!r}") from None
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"{name} must be two finite numbers with low < high, got {value!r}")
    return low, high


def winner_regions(weights, xlim, ylim, resolution=200):
    """Which neuron is nearest to each point of a grid: the neurons' winner regions.

    The region of neuron k (its Voronoi cell) is the part of the plane where neuron k is
    the nearest neuron, so where plain winner-take-all makes it the winner.

    Parameters
    ----------
    weights : array-like of shape (n_neurons, 2)
    xlim, ylim : (float, float)
        The rectangle to cover, (low, high) along x and along y.
    resolution : int, default 200
        Grid points along each axis (>= 2).

    Returns
    -------
    regions : ndarray of int, shape (resolution, resolution)
        ``regions[i, j]`` is the index of the neuron nearest to the point ``(xs[j], ys[i])``
        (rows go up in y, as ``imshow(..., origin="lower")`` draws them); ties go to the
        lower index, as ``np.argmin`` breaks them.
    xs, ys : ndarray of shape (resolution,)
        The grid's coordinates along x and along y.
    """
    weights = _two_columns(weights, "weights")
    xlim, ylim = _limits(xlim, "xlim"), _limits(ylim, "ylim")
    resolution = validate_int(resolution, "resolution", minimum=2)
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    gx, gy = np.meshgrid(xs, ys)
    grid = np.stack([gx.ravel(), gy.ravel()], axis=1)
    distance = np.linalg.norm(grid[:, None, :] - weights[None, :, :], axis=2)
    return distance.argmin(axis=1).reshape(resolution, resolution), xs, ys


def plane_limits(*arrays, margin=0.1):
    """``(xlim, ylim)`` that show every point of ``arrays`` (each of shape (n, 2)), with a margin.

    The margin is the fraction of the larger of the two spans added on every side, so the
    x and y ranges stay on the same scale.
    """
    if not arrays:
        raise ValueError("plane_limits needs at least one array of points")
    xy = np.vstack([_two_columns(a, "each array") for a in arrays])
    margin = validate_float(margin, "margin", minimum=0.0)
    low, high = xy.min(axis=0), xy.max(axis=0)
    pad = margin * max(float((high - low).max()), 1e-9)
    return (low[0] - pad, high[0] + pad), (low[1] - pad, high[1] + pad)


def _check_step_marks(weights, sample, winner, paths):
    """Validate the sample, winner and paths drawn with ``weights``; return them."""
    n_neurons = len(weights)
    if sample is not None:
        sample = np.asarray(sample, dtype=float)
        if sample.shape != (2,) or not np.all(np.isfinite(sample)):
            raise ValueError(f"sample must be one finite point (x, y), got {sample!r}")
    if winner is not None:
        if sample is None:
            raise ValueError("winner needs the sample it won (sample=...)")
        winner = validate_int(winner, "winner", minimum=0)
        if winner >= n_neurons:
            raise ValueError(f"winner must be a neuron index below {n_neurons}, got {winner}")
    if paths is not None:
        paths = np.asarray(paths, dtype=float)
        if paths.ndim != 3 or paths.shape[1:] != weights.shape or not np.isfinite(paths).all():
            raise ValueError(f"paths must be finite, of shape (n_steps, {n_neurons}, 2), "
                             f"got {paths.shape}")
    return sample, winner, paths


def plot_winner_regions_2d(X, weights, ax=None, *, centroids=None, sample=None, winner=None,
                           paths=None, xlim=None, ylim=None, title=None, resolution=200,
                           numbers=True):
    """Points in a plane, each neuron's winner region shaded in that neuron's colour.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
        The data points (grey dots).
    weights : array-like of shape (n_neurons, 2)
        The neurons, drawn with ``neuron_style(k)`` and their number; the part of the plane
        nearest to neuron k (``winner_regions``) is shaded in neuron k's colour.
    ax : matplotlib Axes, optional
        Draw here; a new figure is made when omitted.
    centroids : array-like of shape (k, 2), optional
        The true cluster centres, drawn as black stars.
    sample : array-like of shape (2,), optional
        A sample to ring in black (the one just shown to the layer).
    winner : int, optional
        The neuron that won ``sample``: a line joins them. Needs ``sample``.
    paths : array-like of shape (n_steps, n_neurons, 2), optional
        Where each neuron was before: drawn as a thin line in its colour.
    xlim, ylim : (float, float), optional
        The rectangle shown and shaded (default: ``plane_limits`` of everything drawn).
    title : str, optional
    resolution : int, default 200
        Grid points along each axis for the shading.
    numbers : bool, default True
        Write each neuron's number beside it.
    """
    X = _two_columns(X, "X")
    weights = _two_columns(weights, "weights")
    n_neurons = len(weights)
    everything = [X, weights]
    if centroids is not None:
        centroids = _two_columns(centroids, "centroids")
        everything.append(centroids)
    sample, winner, paths = _check_step_marks(weights, sample, winner, paths)
    if paths is not None:
        everything.append(paths.reshape(-1, 2))
    if xlim is None or ylim is None:
        auto_x, auto_y = plane_limits(*everything)
        xlim = auto_x if xlim is None else xlim
        ylim = auto_y if ylim is None else ylim
    regions, xs, ys = winner_regions(weights, xlim, ylim, resolution)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.0, 4.4), layout="constrained")
    colors = [neuron_style(k)["color"] for k in range(n_neurons)]
    ax.imshow(regions, origin="lower", extent=(xs[0], xs[-1], ys[0], ys[-1]),
              cmap=matplotlib.colors.ListedColormap(colors), vmin=-0.5,
              vmax=n_neurons - 0.5, alpha=REGION_ALPHA, interpolation="nearest",
              aspect="auto", zorder=0, gid="regions")
    ax.scatter(*X.T, s=14, c=OKABE_ITO["black"], alpha=0.55, linewidths=0, zorder=2)
    if centroids is not None:
        ax.scatter(*centroids.T, marker="*", s=260, c=OKABE_ITO["black"], edgecolors="white",
                   linewidths=1.0, zorder=3, gid="centres")
    # the artists that change from step to step are always made (empty when not needed)
    # and named by gid, so that update_winner_regions_2d can move them
    for k in range(n_neurons):
        ax.plot([], [], color=colors[k], lw=1.2, alpha=0.9, zorder=4, gid=f"path-{k}")
    ax.plot([], [], color=OKABE_ITO["black"], lw=1.2, ls="--", zorder=5, gid="winner-line")
    ax.scatter([], [], s=150, facecolors="none", edgecolors=OKABE_ITO["black"],
               linewidths=1.8, zorder=6, gid="sample")
    for k in range(n_neurons):
        style = neuron_style(k)
        ax.scatter([], [], s=NEURON_SIZE, c=style["color"], marker=style["marker"],
                   edgecolors="white", linewidths=1.0, zorder=7, gid=f"neuron-{k}")
        if numbers:
            ax.annotate(str(k), (0, 0), xytext=NUMBER_OFFSETS[0], textcoords="offset points",
                        ha="center", va="center", color=style["color"], fontsize=11,
                        fontweight="bold", zorder=8, path_effects=_OUTLINE,
                        gid=f"number-{k}")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    _update_artists(ax, weights, regions, sample, winner, paths)  # after the limits: numbers
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    if title is not None:
        ax.set_title(title, fontsize="medium")
    return ax


#: Where a neuron's number may go, in points from the neuron (the first is preferred).
NUMBER_OFFSETS = [(10, 9), (-10, 9), (10, -9), (-10, -9), (0, 13), (0, -13), (13, 0), (-13, 0)]


def number_offsets(weights, obstacles, span, limits=None):
    """For each neuron, the entry of ``NUMBER_OFFSETS`` that keeps its number clearest.

    Numbers are placed one neuron after another; each takes the offset whose spot lies
    farthest from the other neurons, the ``obstacles`` (for example the true centres) and
    the numbers already placed, so that numbers cover neither each other nor a star.

    Parameters
    ----------
    weights : ndarray of shape (n_neurons, 2)
    obstacles : ndarray of shape (m, 2)
    span : float
        How far an offset of about 13 points reaches in data units (a fraction of the
        axes' range).
    limits : ((float, float), (float, float)), optional
        The axes' ``(xlim, ylim)``: a spot closer than ``span / 2`` to their edge is avoided.
    """
    directions = np.array(NUMBER_OFFSETS, dtype=float)
    directions = span * directions / np.linalg.norm(directions, axis=1, keepdims=True)
    placed, chosen = [], []
    for k, w in enumerate(weights):
        others = [np.delete(weights, k, axis=0), np.asarray(obstacles).reshape(-1, 2)]
        others = np.vstack(others + [np.array(placed).reshape(-1, 2)])
        spots = w + directions
        if len(others):
            clearance = np.linalg.norm(spots[:, None] - others[None], axis=2).min(axis=1)
        else:
            clearance = np.full(len(spots), np.inf)
        if limits is not None:
            (x0, x1), (y0, y1) = (sorted(lim) for lim in limits)
            edge = span / 2
            inside = ((spots[:, 0] > x0 + edge) & (spots[:, 0] < x1 - edge)
                      & (spots[:, 1] > y0 + edge) & (spots[:, 1] < y1 - edge))
            clearance = np.where(inside, clearance, -1.0)
        # keep the preferred spot unless another is clearly clearer
        best = int(np.argmax(clearance))
        pick = 0 if clearance[0] >= min(clearance[best], 1.5 * span) else best
        chosen.append(NUMBER_OFFSETS[pick])
        placed.append(spots[pick])
    return chosen


def _by_gid(ax):
    artists = ax.images + ax.lines + ax.collections + ax.texts
    return {a.get_gid(): a for a in artists if a.get_gid() is not None}


def _update_artists(ax, weights, regions, sample, winner, paths):
    found = _by_gid(ax)
    found["regions"].set_data(regions)
    # the numbers keep clear of the true centres and of the sample ring
    obstacles = [found["centres"].get_offsets()] if "centres" in found else []
    if sample is not None:
        obstacles.append(sample[None])
    obstacles = np.vstack(obstacles) if obstacles else np.empty((0, 2))
    xlim, ylim = ax.get_xlim(), ax.get_ylim()
    span = 0.07 * max(abs(xlim[1] - xlim[0]), abs(ylim[1] - ylim[0]))
    offsets = number_offsets(weights, obstacles, span, limits=(xlim, ylim))
    for k, w in enumerate(weights):
        found[f"neuron-{k}"].set_offsets(w[None])
        if f"number-{k}" in found:
            found[f"number-{k}"].xy = tuple(w)
            found[f"number-{k}"].xyann = offsets[k]
        path = paths[:, k, :] if paths is not None else np.empty((0, 2))
        found[f"path-{k}"].set_data(*path.T)
    found["sample"].set_offsets(np.empty((0, 2)) if sample is None else sample[None])
    line = np.empty((0, 2)) if winner is None else np.array([sample, weights[winner]])
    found["winner-line"].set_data(*line.T)


def update_winner_regions_2d(ax, weights, *, sample=None, winner=None, paths=None,
                             resolution=200):
    """Move what ``plot_winner_regions_2d`` drew on ``ax`` to new weights, in place.

    Faster than drawing again (the axes, points, centres and labels stay as they are): the
    shading, each neuron, its number and path, the sample ring and the winner's line move.
    The arguments mean what they mean for ``plot_winner_regions_2d``; the limits stay.
    """
    found = _by_gid(ax)
    if "regions" not in found:
        raise ValueError("ax holds no figure of plot_winner_regions_2d to update")
    weights = _two_columns(weights, "weights")
    n_neurons = sum(1 for gid in found if gid.startswith("neuron-"))
    if len(weights) != n_neurons:
        raise ValueError(f"weights must have {n_neurons} rows (the neurons drawn), "
                         f"got {len(weights)}")
    sample, winner, paths = _check_step_marks(weights, sample, winner, paths)
    regions, _, _ = winner_regions(weights, ax.get_xlim(), ax.get_ylim(), resolution)
    _update_artists(ax, weights, regions, sample, winner, paths)
    return ax


def legend_handles_2d(n_neurons, *, centroids=True, sample=False):
    """Legend entries for ``plot_winner_regions_2d``: points, true centres, each neuron."""
    n_neurons = validate_int(n_neurons, "n_neurons", minimum=0)
    handles = [Line2D([], [], ls="", marker="o", markersize=4, color=OKABE_ITO["black"],
                      alpha=0.55, label="data points")]
    if centroids:
        handles.append(Line2D([], [], ls="", marker="*", markersize=13,
                              markerfacecolor="black", markeredgecolor="white",
                              label="true centres"))
    if sample:
        handles.append(Line2D([], [], ls="", marker="o", markersize=10,
                              markerfacecolor="none", markeredgecolor="black",
                              markeredgewidth=1.8, label="sample shown"))
    for k in range(n_neurons):
        style = neuron_style(k)
        handles.append(Line2D([], [], ls="", markersize=9, markeredgecolor="white",
                              markerfacecolor=style["color"], marker=style["marker"],
                              label=f"neuron {k} and its region"))
    return handles
