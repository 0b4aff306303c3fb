"""The explorer of notebook 06: its figure and its controls.

The model behind it is ``nbhelpers.tutorial.explore_step`` (one run, summarised). Here:

- ``plot_explorer(step, epoch)``: the explorer's figure (3-D comparison, neuron paths up to
  ``epoch``, error curve), drawn with ``nbhelpers.plots`` once and then updated in place;
- ``explorer(...)``: the ipywidgets user interface around both, with an epoch scrubber.

Notebook 01's plane scrubber is at the end: ``trace_training`` (every step of a run, kept),
``plot_plane_step`` (one step, each neuron's winner region shaded) and ``plane_scrubber``
(a slider through the steps).
"""

import base64
import contextlib
import functools
import html
import io
import time
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib
import matplotlib.collections
import matplotlib.lines
import matplotlib.text
import matplotlib.ticker
import numpy as np
from matplotlib.figure import Figure

from ._validation import validate_choice, validate_data, validate_float, validate_int
from .drag3d import dragging, enable_fast_rotation, figure_changed
from .layer import RULES
from .normalization import SCALERS
from .plots import (
    OKABE_ITO,
    _draw_neurons,
    legend_handles,
    legend_handles_2d,
    plane_limits,
    plot_comparison_3d,
    plot_error_curve,
    plot_trajectories_3d,
    plot_winner_regions_2d,
    update_winner_regions_2d,
)
from .tutorial import ExploreStep, explore_step

#: The values of the epochs slider: round numbers, spread so that every step of the
#: slider (mouse or arrow keys) lands on one.
EPOCH_CHOICES = (1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000, 1500, 2000)
#: The explorer's slider ranges: (min, max) of each setting.
RANGES = {
    "epochs": (EPOCH_CHOICES[0], EPOCH_CHOICES[-1]),
    "noise": (0.1, 2.5),
    "lr": (0.001, 1.0),
    "n_neurons": (1, 10),
    "seed": (0, 99),
}
#: Size of the explorer's figure in inches and its resolution: 800 x 560 pixels, which fits
#: JupyterLab at 1280 x 800 with the file browser open (an ipympl canvas is never scaled down)
#: and stays readable projected: the two 3-D panels on top, the error curve below.
FIGSIZE = (8.0, 5.6)
DPI = 100
_PANELS = ("nbh-comparison", "nbh-paths", "nbh-error")
#: CSS class of the explorer, its parts and each control, for browser tests and custom styling.
CSS_CLASSES = {
    "explorer": "nbh-explorer",
    "metrics": "nbh-metrics",
    "legend": "nbh-legend",
    "figure": "nbh-figure",
    "scrubber": "nbh-scrubber",
    "epochs": "nbh-epochs",
    "noise": "nbh-noise",
    "lr": "nbh-lr",
    "n_neurons": "nbh-neurons",
    "seed": "nbh-seed",
    "normalize": "nbh-normalize",
    "rule": "nbh-rule",
}


def _check_epoch(step, epoch):
    n = len(step.result.errors)
    if epoch is None:
        return n
    epoch = validate_int(epoch, "epoch", minimum=1)
    if epoch > n:
        raise ValueError(f"epoch must be between 1 and {n} (the epochs recorded), got {epoch}")
    return epoch


#: Ticks on each axis of the explorer's 3-D panels: at most 4 (``MaxNLocator(nbins=3)``),
#: enough to read a position and few texts to draw.
_TICK_BINS_3D = 3
#: Where the explorer's panels go (fractions of the figure), with the shared legend in the
#: figure (``legend=True``) and without it (the explorer widget shows it above the figure).
_LAYOUTS = {
    True: dict(bottom_3d=0.43, top_3d=0.96, top_error=0.27),
    False: dict(bottom_3d=0.27, top_3d=0.95, top_error=0.22),
}
#: The error axes' left, right and bottom edges (fractions of the figure).
_ERROR_LEFT, _ERROR_RIGHT, _ERROR_BOTTOM = 0.09, 0.97, 0.09
#: The centres' labels c0, c1... are drawn just above the stars (zorder 6) and under the
#: neurons' paths (7) and markers (8), so that they belong to the part that stays put.
_CENTRE_LABEL_ZORDER = 6.5


class _ExplorerPanels:
    """The explorer figure's artists, made once and then updated in place.

    Building the three panels (``plot_comparison_3d``, ``plot_trajectories_3d``,
    ``plot_error_curve``, the shared legend) takes most of a redraw's time; a change of a
    setting or of the shown epoch only moves data. So the panels are built once per shape
    of the data (points, centroids) and afterwards ``update`` sets the new data on
    the same artists (``_offsets3d``, ``set_data_3d``, ``set_position_3d``, ``set_data``)
    and the titles, exactly as a fresh build would set them.

    The artists are of two kinds. The static ones depend only on the data (points, stars
    and their labels, the 3-D boxes, whose limits the points and stars set) and on the
    view; the dynamic ones change with every run or shown epoch (each neuron, its number
    and path, the 3-D panels' titles, the whole error axes). ``render`` draws the static
    ones once and keeps their pixels, then draws only the dynamic ones on a copy of them.
    Another number of neurons only replaces the neurons' artists (``_make_neurons``).
    """

    def __init__(self, fig, step, epoch, legend):
        r = step.result
        self.fig = fig
        self.legend = legend
        self.shape = (len(r.X), len(r.centroids))
        self.axes = self._make_axes(fig, legend)
        ax_cmp, ax_paths, ax_err = self.axes
        n_epochs = len(r.errors)
        plot_comparison_3d(r.X, r.centroids, r.predicted, ax=ax_cmp, legend=False, units="",
                           title=f"End of training ({_epochs(n_epochs)})")
        plot_trajectories_3d(r.history, X=r.X, actual=r.centroids, epoch=epoch, ax=ax_paths,
                             legend=False, units="", title=f"Neuron paths up to epoch {epoch}")
        n_centroids, n_neurons = len(r.centroids), len(r.predicted)
        # each panel's neurons: the artists made by _draw_neurons / plot_trajectories_3d
        self.neurons = {}
        for ax in (ax_cmp, ax_paths):
            made = set(ax.lines + ax.collections[2:] + ax.texts[n_centroids:])
            self.neurons[ax] = [a for a in ax.get_children() if a in made]
        self.n_neurons = n_neurons
        # under each title: which neurons are outside the box, if any (see update)
        self.notes = [ax.text2D(0.5, 0.86, "", transform=ax.transAxes, ha="center",
                                va="top", fontsize="small", color=OKABE_ITO["black"])
                      for ax in (ax_cmp, ax_paths)]
        for ax in (ax_cmp, ax_paths):
            for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
                axis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=_TICK_BINS_3D))
            for label in ax.texts[:n_centroids]:
                label.set_zorder(_CENTRE_LABEL_ZORDER)
        if legend:  # one legend for both 3-D panels, under them: a neuron looks the same
            fig.legend(handles=legend_handles(len(r.predicted), path=True),
                       loc="upper center", bbox_to_anchor=(0.5, 0.42), ncols=5,
                       fontsize="small", frameon=False, columnspacing=1.0,
                       handletextpad=0.3)
        plot_error_curve(r.errors, ax=ax_err, title="")
        ax_err.get_legend().remove()  # the title says what the marks are
        ax_err.lines[1].set_clip_on(False)  # epoch 1's square, often at the top edge, whole
        self.epoch_ticks = matplotlib.ticker.MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10],
                                                         integer=True)
        ax_err.xaxis.set_major_locator(self.epoch_ticks)
        ax_err.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=4))
        # over the axes' frame, so that it can be drawn last, alone (see render)
        ax_err.axvline(epoch, color=OKABE_ITO["vermillion"], ls="--", lw=1.2, zorder=2.6)
        # the error axes' title and axis labels never change: figure artists (not texts:
        # fig.texts holds the message only) that render draws with the static ones
        ax_err.set_xlabel("")
        ax_err.set_ylabel("")
        top, bottom = _LAYOUTS[legend]["top_error"], _ERROR_BOTTOM
        for x, y, text, style in [
            (_ERROR_LEFT, top + 0.015, "Error per epoch (square: epoch 1, untrained "
             "weights; dashed line: the epoch shown top right)", dict(va="bottom")),
            ((_ERROR_LEFT + _ERROR_RIGHT) / 2, 0.01, "epoch", dict(ha="center", va="bottom")),
            (0.02, (top + bottom) / 2, "error", dict(ha="center", va="center", rotation=90)),
        ]:
            fig.add_artist(matplotlib.text.Text(x, y, text, fontsize="medium",
                                                transform=fig.transFigure, **style))
        self.message = fig.text(0.5, 0.5, "", ha="center", va="center", wrap=True,
                                color=OKABE_ITO["vermillion"], visible=False)
        self.shown = None  # ((X, centroids), result) of the step shown

    @property
    def dynamic(self):
        """{axes: the artists that change from run to run, in the axes' draw order}."""
        dynamic = {}
        for ax, note in zip(self.axes[:2], self.notes, strict=True):
            changing = set(self.neurons[ax] + [note, ax.title])
            dynamic[ax] = [a for a in ax.get_children() if a in changing]
        dynamic[self.axes[2]] = [self.axes[2]]
        return dynamic

    def _make_neurons(self, step, epoch):
        """Replace the neurons' artists by ones for ``step``'s number of neurons."""
        r = step.result
        ax_cmp, ax_paths, _ = self.axes
        for artists in self.neurons.values():
            for artist in artists:
                artist.remove()
        for ax in (ax_cmp, ax_paths):
            before = set(ax.get_children())
            if ax is ax_cmp:
                _draw_neurons(ax, r.predicted)
            else:  # without data and centroids: only the paths and the neurons
                plot_trajectories_3d(r.history, epoch=epoch, ax=ax, legend=False, units="",
                                     title=ax.get_title())
            self.neurons[ax] = [a for a in ax.get_children() if a not in before]
        self.n_neurons = len(r.predicted)

    @staticmethod
    def _make_axes(fig, legend):
        fig.clear()
        layout = _LAYOUTS[legend]
        grid3d = fig.add_gridspec(1, 2, left=0.0, right=0.97, bottom=layout["bottom_3d"],
                                  top=layout["top_3d"], wspace=0.08)
        grid2d = fig.add_gridspec(1, 1, left=_ERROR_LEFT, right=_ERROR_RIGHT,
                                  bottom=_ERROR_BOTTOM, top=layout["top_error"])
        axes = [fig.add_subplot(grid3d[0, 0], projection="3d", label=_PANELS[0]),
                fig.add_subplot(grid3d[0, 1], projection="3d", label=_PANELS[1]),
                fig.add_subplot(grid2d[0, 0], label=_PANELS[2])]
        for ax in axes[:2]:
            ax.set_box_aspect(None, zoom=0.88)  # room for the z label beside each box
        return axes

    def owns(self, fig):
        """Whether these artists are still all of ``fig``'s axes (nobody cleared it)."""
        return fig is self.fig and fig.axes == self.axes

    def fits(self, fig, step, legend):
        """Whether these artists are still ``fig``'s and can show ``step``'s data.

        Another number of neurons fits (``update`` makes their artists), unless the
        figure's legend lists them.
        """
        r = step.result
        return (self.owns(fig) and legend == self.legend
                and self.shape == (len(r.X), len(r.centroids))
                and not (legend and len(r.predicted) != self.n_neurons))

    def show_message(self, text):
        """Hide the panels and show one line of text instead (a run that diverged)."""
        for artist in self.axes + self.fig.legends:
            artist.set_visible(False)
        self.message.set_text(text)
        self.message.set_visible(True)

    def update(self, step, epoch):
        """Put ``step``'s data, shown at ``epoch``, on the existing artists."""
        r = step.result
        n_epochs = len(r.errors)
        for artist in self.axes + self.fig.legends:
            artist.set_visible(True)
        self.message.set_visible(False)
        ax_cmp, ax_paths, ax_err = self.axes
        n_centroids, n_neurons = len(r.centroids), len(r.predicted)
        if n_neurons != self.n_neurons:
            self._make_neurons(step, epoch)
        # comparison panel: points, stars and their labels; each neuron's marker and number
        points, stars = ax_cmp.collections[:2]
        _move_points(points, r.X)
        _move_points(stars, r.centroids)
        markers, _, numbers = _by_kind(self.neurons[ax_cmp])
        for k, w in enumerate(r.predicted):
            _move_points(markers[k], w[None])
            numbers[k].set_position_3d(w)
        _move_texts(ax_cmp.texts[:n_centroids], r.centroids)
        # paths panel: points, stars, each neuron's start, then its marker where it is now
        path = r.history[:epoch]
        points, stars = ax_paths.collections[:2]
        _move_points(points, r.X)
        _move_points(stars, r.centroids)
        markers, lines, numbers = _by_kind(self.neurons[ax_paths])  # markers: starts, ends
        for k in range(n_neurons):
            lines[k].set_data_3d(*path[:, k, :].T)
            _move_points(markers[k], path[0, k][None])
            _move_points(markers[n_neurons + k], path[-1, k][None])
            numbers[k].set_position_3d(path[-1, k])
        _move_texts(ax_paths.texts[:n_centroids], r.centroids)
        # both boxes show the points and stars, wherever the neurons are
        for ax in (ax_cmp, ax_paths):
            _autoscale_3d(ax, r.X, r.centroids)
        # y given: the title stays on the box's top edge, where the axes' draw would put it,
        # without the costly search for a place above the tick labels
        ax_cmp.set_title(f"End of training ({_epochs(n_epochs)})", y=1.0)
        ax_paths.set_title(f"Neuron paths up to epoch {epoch}", y=1.0)
        # a neuron that overshot far can leave the box (and the panel): a note says so
        self.notes[0].set_text(_outside_the_box(ax_cmp, r.predicted))
        self.notes[1].set_text(_outside_the_box(ax_paths, path[-1]))
        self.shown = ((r.X, r.centroids), r)
        # error curve: the curve, its first point, the shown epoch
        curve, first, shown = ax_err.lines
        curve.set_data(np.arange(1, n_epochs + 1), r.errors)
        curve.set_marker("o" if n_epochs < 30 else "None")  # as plot_error_curve chooses
        first.set_data([1], [r.errors[0]])
        shown.set_xdata([epoch, epoch])
        ax_err.relim()
        ax_err.autoscale_view()
        # one epoch: one tick, 1 (the locator would put fractions of an epoch around it)
        ax_err.xaxis.set_major_locator(matplotlib.ticker.FixedLocator([1]) if n_epochs == 1
                                       else self.epoch_ticks)

    def background_key(self):
        """What the static artists' pixels depend on, but for the data (``self.shown``).

        The canvas size and resolution, and each 3-D panel's view angles, limits and place;
        with the legend in the figure, also the number of neurons it lists.
        """
        canvas = self.fig.canvas
        views = tuple((ax.elev, ax.azim, ax.roll, tuple(ax.get_w_lims()),
                       tuple(ax.get_position(original=True).bounds))
                      for ax in self.axes[:2])
        return (canvas.get_width_height(physical=True), self.fig.dpi, views,
                self.n_neurons if self.legend else None)

    def render(self):
        """Draw the figure on its canvas and send it (ipympl); returns what was drawn.

        The figure is drawn in three layers, and the pixels after each of the first two are
        kept: the static artists (drawn again only when ``background_key`` or the data
        changed: 'full'), what changes with the run (the comparison panel's neurons and
        title, the error curve and its axes: 'run') and what changes with the shown epoch
        (the paths panel's neurons, paths and title, the dashed line on the error curve:
        'epoch'). Only the layers from the first that changed on are drawn, on a copy of the
        kept pixels. The canvas then holds what a full draw of the figure gives;
        ``canvas.blit`` sends it (ipympl sends only the pixels that changed, an Agg canvas
        does nothing).
        """
        fig, canvas = self.fig, self.fig.canvas
        renderer = canvas.get_renderer()
        # no panels to keep; or a 3-D panel is being dragged (drag3d draws it without ticks,
        # pixels not worth keeping), whose saved picture of the rest is then stale
        if self.message.get_visible() or self.shown is None or dragging(fig):
            renderer.clear()
            fig.draw(renderer)
            setattr(fig, _BACKGROUND_ATTRIBUTE, None)
            figure_changed(fig)
            canvas.blit(fig.bbox)
            return "full"
        ax_cmp, ax_paths, ax_err = self.axes
        shown_line = ax_err.lines[-1]
        run_layer = [(ax_cmp, a) for a in self.dynamic[ax_cmp]] + [(ax_err, ax_err)]
        epoch_layer = [(ax_paths, a) for a in self.dynamic[ax_paths]] + [(ax_err, shown_line)]
        key = self.background_key()
        data, run = self.shown
        saved = getattr(fig, _BACKGROUND_ATTRIBUTE, None)
        if saved is None or saved["key"] != key or not all(
                np.array_equal(a, b) for a, b in zip(saved["data"], data, strict=True)):
            with _left_out([a for _, a in run_layer + epoch_layer]):
                renderer.clear()
                fig.draw(renderer)
            saved = {"key": key, "data": data, "static": canvas.copy_from_bbox(fig.bbox),
                     "run": None, "after_run": None}
            setattr(fig, _BACKGROUND_ATTRIBUTE, saved)
            drawn = "full"
        elif saved["run"] is not run:
            canvas.restore_region(saved["static"])
            drawn = "run"
        else:
            canvas.restore_region(saved["after_run"])
            drawn = "epoch"
        for ax in (ax_cmp, ax_paths):
            _project(ax)
        if drawn != "epoch":
            with _left_out([shown_line]):
                _draw_in_order(run_layer, renderer)
            saved.update(run=run, after_run=canvas.copy_from_bbox(fig.bbox))
        _draw_in_order(epoch_layer, renderer)
        canvas.blit(fig.bbox)
        return drawn


@contextlib.contextmanager
def _left_out(artists):
    """Leave ``artists`` out of the draws of their figure and axes meanwhile (animated)."""
    for artist in artists:
        artist.set_animated(True)
    try:
        yield
    finally:
        for artist in artists:
            artist.set_animated(False)


def _draw_in_order(layer, renderer):
    """Draw (axes, artist) pairs alone: axes by axes as listed, each in zorder (its draw)."""
    axes = list(dict.fromkeys(ax for ax, _ in layer))
    for _, artist in sorted(layer, key=lambda pair: (axes.index(pair[0]),
                                                     pair[1].get_zorder())):
        if hasattr(artist, "do_3d_projection"):
            artist.do_3d_projection()  # what a 3-D axes' draw does for its collections
        artist.draw(renderer)


def _project(ax):
    """Set a 3-D axes' projection (``ax.M``) as its draw does, to draw its artists alone."""
    ax.apply_aspect()
    ax.M = ax.get_proj()
    ax.invM = np.linalg.inv(ax.M)


def _move_points(collection, points):
    """Move a 3-D scatter's points (what ``ax.scatter(*points.T)`` would have drawn)."""
    collection._offsets3d = tuple(np.asarray(points, dtype=float).T)


def _by_kind(artists):
    """(collections, lines, texts) among ``artists``, each in the order given."""
    return ([a for a in artists if isinstance(a, matplotlib.collections.Collection)],
            [a for a in artists if isinstance(a, matplotlib.lines.Line2D)],
            [a for a in artists if isinstance(a, matplotlib.text.Text)])


def _move_texts(texts, points):
    """Move 3-D texts (the labels c0, c1...) to their points, one each."""
    for text, xyz in zip(texts, points, strict=True):
        text.set_position_3d(xyz)


def _outside_the_box(ax, neurons):
    """'' if every neuron is inside ``ax``'s limits, else 'outside the box: neuron k...'."""
    low, high = np.array(ax.get_w_lims()).reshape(3, 2).T
    outside = np.flatnonzero(((neurons < low) | (neurons > high)).any(axis=1))
    if not len(outside):
        return ""
    names = ", ".join(str(k) for k in outside)
    return f"outside the box: neuron{'s' if len(outside) > 1 else ''} {names}"


def _autoscale_3d(ax, *arrays):
    """The limits a fresh ``ax.scatter``/``ax.plot`` of these points would give ``ax``."""
    xyz = np.vstack(arrays)
    ax.auto_scale_xyz(xyz[:, 0], xyz[:, 1], xyz[:, 2], had_data=False)


#: The attributes of an explorer figure that hold its ``_ExplorerPanels`` and the saved
#: pixels of its static artists (kept on the figure, so that all go away together; the
#: pixels outlive a rebuild of the panels for another number of neurons).
_PANELS_ATTRIBUTE = "_nbh_explorer_panels"
_BACKGROUND_ATTRIBUTE = "_nbh_explorer_background"


def plot_explorer(step, epoch=None, fig=None, *, legend=True):
    """The explorer's figure for an ``explore_step`` result; returns the figure.

    Top left: data, actual and predicted centroids at the end of training. Top right: where
    each neuron was at ``epoch`` and the path it took to get there. One legend under both.
    Below: the error curve with ``epoch`` marked. Both 3-D boxes fit the data points and the
    actual centroids. For a step that did not train, the figure shows its message instead.

    Parameters
    ----------
    step : ExploreStep
    epoch : int, optional
        Epoch to show in the paths panel, 1 to the number recorded (default: the last).
    fig : matplotlib Figure, optional
        Draw here; a figure that already shows an explorer figure keeps its axes and artists
        (and the 3-D view angles a user turned them to) and only gets the new data. A new
        pyplot figure is made when omitted.
    legend : bool, default True
        Draw the legend of the 3-D panels in the figure; ``False`` leaves it out (the
        explorer widget shows it beside the figure, see ``legend_html``) and gives the
        panels its room.
    """
    if not isinstance(step, ExploreStep):
        raise TypeError(f"step must be an ExploreStep (from explore_step), "
                        f"got {type(step).__name__}")
    if not isinstance(legend, bool):
        raise TypeError(f"legend must be True or False, got {legend!r}")
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=FIGSIZE, dpi=DPI)
    elif not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    panels = getattr(fig, _PANELS_ATTRIBUTE, None)
    if not step.ok:
        if panels is None or not panels.owns(fig):
            fig.clear()
            setattr(fig, _PANELS_ATTRIBUTE, None)
            fig.text(0.5, 0.5, step.message, ha="center", va="center", wrap=True,
                     color=OKABE_ITO["vermillion"])
        else:
            panels.show_message(step.message)
        return fig
    epoch = _check_epoch(step, epoch)
    if panels is None or not panels.fits(fig, step, legend):
        views = [(ax.elev, ax.azim, ax.roll) for ax in fig.axes
                 if ax.get_label() in _PANELS[:2]]
        panels = _ExplorerPanels(fig, step, epoch, legend)
        setattr(fig, _PANELS_ATTRIBUTE, panels)
        if len(views) == 2:  # a rotated view stays rotated
            for ax, (elev, azim, roll) in zip(panels.axes, views, strict=False):
                ax.view_init(elev=elev, azim=azim, roll=roll)
    panels.update(step, epoch)
    return fig


def render_explorer(fig):
    """Draw an explorer figure on its canvas, redrawing only what changed; returns what.

    For a figure of ``plot_explorer`` (on an Agg-based canvas: Agg, ipympl): 'full' when
    everything was drawn (new data, a turned or zoomed view, a resized canvas, the first
    time, a figure that shows a message), 'run' when only the comparison panel's neurons
    and title, the error curve and the paths panel's neurons were drawn on the kept pixels
    of the rest (another run on the same data), 'epoch' when only the paths panel's
    neurons and title and the dashed line were (another epoch of the same run). The canvas
    then holds what a full draw of the figure gives; an ipympl canvas sends the pixels
    that changed.

    Raises
    ------
    ValueError
        If ``fig`` was not drawn by ``plot_explorer`` (or was cleared since).
    """
    panels = getattr(fig, _PANELS_ATTRIBUTE, None) if isinstance(fig, Figure) else None
    if panels is None or not panels.owns(fig):
        raise ValueError("fig must be a figure drawn by plot_explorer")
    return panels.render()


#: Size in pixels of each legend entry's picture in ``legend_html``.
_LEGEND_GLYPH = (28, 20)


@functools.cache
def _legend_glyphs(n_neurons):
    """PNGs (base64) of the entries of ``legend_handles(n_neurons, path=True)``.

    All are drawn in one strip, side by side, and cut apart: one figure and one draw (one
    small figure per entry took about 40 ms each).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    handles = legend_handles(n_neurons, path=True)
    width, height = _LEGEND_GLYPH
    pad = 8  # pixels between the cells of the strip, so no marker reaches into the next
    cell = width + pad
    fig = Figure(figsize=(cell * len(handles) / DPI, height / DPI), dpi=DPI)
    fig.patch.set_alpha(0)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1), xlim=(0, len(handles)), ylim=(0, 1))
    ax.set_axis_off()
    for k, handle in enumerate(handles):
        x = [k + 0.5] if handle.get_linestyle() == "None" else [k + 0.25, k + 0.8]
        line = matplotlib.lines.Line2D(x, [0.5] * len(x))
        line.update_from(handle)  # a marker, or a path with its hollow start
        line.set_markevery(handle.get_markevery())
        ax.add_line(line)
    canvas.draw()
    strip = np.asarray(canvas.buffer_rgba())
    glyphs = []
    for k in range(len(handles)):
        buf = io.BytesIO()
        left = k * cell + pad // 2
        Image.fromarray(strip[:, left:left + width]).save(buf, "png")
        glyphs.append(base64.b64encode(buf.getvalue()).decode("ascii"))
    return tuple(glyphs)


def legend_html(n_neurons):
    """The legend of the explorer's 3-D panels as HTML: each entry's marker and name.

    The same entries as ``plots.legend_handles(n_neurons, path=True)`` (data points,
    actual centroids, a path from its start, each neuron), each marker a small picture
    drawn by matplotlib. The explorer widget shows it above its figure.
    """
    n_neurons = validate_int(n_neurons, "n_neurons", minimum=0)
    width, height = _LEGEND_GLYPH
    # the entries of n neurons are the first of those of more: one strip serves every n
    glyphs = _legend_glyphs(max(n_neurons, RANGES["n_neurons"][1]))
    entries = []
    for index, handle in enumerate(legend_handles(n_neurons, path=True)):
        image = (f"<img src='data:image/png;base64,{glyphs[index]}' "
                 f"width='{width}' height='{height}' alt='' style='vertical-align: middle'>")
        entries.append(f"<span style='white-space: nowrap; margin-right: 0.8em'>{image}"
                       f"{html.escape(handle.get_label())}</span>")
    # two lines tall for any number of neurons: the figure under it does not jump
    return (f"<div style='font-size: 12px; line-height: 22px; min-height: 44px'>"
            f"{' '.join(entries)}</div>")


def _epochs(n):
    return f"{n} epoch" if n == 1 else f"{n} epochs"


def _ipympl_active():
    return matplotlib.get_backend() in ("widget", "ipympl", "module://ipympl.backend_nbagg")


def _check_start(name, value, kind):
    low, high = RANGES[name]
    value = validate_int(value, name, minimum=low) if kind is int else validate_float(value, name)
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high} (the slider's range), "
                         f"got {value}")
    if name == "epochs" and value not in EPOCH_CHOICES:
        raise ValueError(f"epochs must be one of the slider's values {EPOCH_CHOICES}, "
                         f"got {value}")
    return value


def explorer(epochs=100, noise=0.8, lr=0.01, n_neurons=5, seed=0, normalize="norm",
             rule="cwta"):
    """Sliders for the tutorial's settings that retrain and redraw at once; returns the widget.

    Every change of a setting calls ``explore_step`` (the data are regenerated only when
    noise or seed change), updates the metrics and redraws the figure of ``plot_explorer``
    in place. The scrubber under the figure steps through the recorded epochs without
    retraining. With ``%matplotlib widget`` the figure is an interactive canvas that you can
    rotate; otherwise it is a picture.

    Parameters
    ----------
    epochs, noise, lr, n_neurons, seed, normalize, rule
        Starting values (see ``explore_step``); numbers must lie in the ranges of ``RANGES``.

    Returns
    -------
    Explorer
        An ``ipywidgets.VBox``; its ``controls``, ``scrubber``, ``metrics`` and ``figure``
        attributes give access to the parts, ``step`` to the last ``ExploreStep``.
    """
    return Explorer(epochs=epochs, noise=noise, lr=lr, n_neurons=n_neurons, seed=seed,
                    normalize=normalize, rule=rule)


class Explorer(widgets.VBox):
    """The widget made by ``explorer()`` (CSS class ``nbh-explorer``); see ``explorer``.

    Its parts: ``controls`` (one widget per setting of ``explore_step``), ``scrubber`` (the
    epoch shown in the paths panel, stepped by ``play``), ``metrics`` (the text of the last
    step, or why training failed), ``legend`` (the 3-D panels' legend, ``legend_html``),
    ``figure`` (drawn by ``plot_explorer`` without its legend, shown in ``figure_output``),
    ``step`` (the last ``ExploreStep``), ``drawn`` (what the last redraw drew, see
    ``render_explorer``: 'full', 'run' or 'epoch') and ``seconds`` (wall time of the last
    retrain + metrics, 'compute'; whole update with redraw, 'update'; scrubber redraw,
    'scrub').

    Each redraw draws only what changed (``render_explorer``): the points, stars and 3-D
    boxes are drawn again only for new data (noise, seed), a turned view or a resized
    canvas; a scrubber move draws only the paths panel's neurons and the shown epoch.
    """

    def __init__(self, *, epochs=100, noise=0.8, lr=0.01, n_neurons=5, seed=0,
                 normalize="norm", rule="cwta"):
        start = dict(
            epochs=_check_start("epochs", epochs, int),
            noise=_check_start("noise", noise, float),
            lr=_check_start("lr", lr, float),
            n_neurons=_check_start("n_neurons", n_neurons, int),
            seed=_check_start("seed", seed, int),
            normalize=validate_choice(normalize, "normalize", SCALERS),
            rule=validate_choice(rule, "rule", RULES),
        )
        w = widgets
        style = {"description_width": "8em"}
        wide = w.Layout(width="27em")
        lr_low, lr_high = np.log10(RANGES["lr"])
        self.controls = {
            "epochs": w.SelectionSlider(options=EPOCH_CHOICES, description="epochs"),
            "noise": w.FloatSlider(step=0.05, description="noise (std)"),
            "lr": w.FloatLogSlider(base=10, min=lr_low, max=lr_high, step=0.1,
                                   readout_format=".3g", description="learning rate"),
            "n_neurons": w.IntSlider(description="neurons"),
            "seed": w.IntSlider(description="seed"),
            "normalize": w.Dropdown(
                options=[(f"{name}: {scaler.description}", name)
                         for name, scaler in SCALERS.items()],
                description="normalization"),
            "rule": w.ToggleButtons(options=list(RULES), tooltips=list(RULES.values()),
                                    description="rule"),
        }
        for name, control in self.controls.items():
            if name in ("noise", "n_neurons", "seed"):
                control.min, control.max = RANGES[name]
            control.value = start[name]
            control.style = style
            control.add_class(CSS_CLASSES[name])
            if hasattr(control, "continuous_update"):
                control.continuous_update = False  # retrain on release, not while dragging
            if name != "rule":
                control.layout = wide
        self.controls["rule"].style.button_width = "6em"
        self.metrics = w.HTML()
        self.metrics.add_class(CSS_CLASSES["metrics"])
        self.figure_output = w.Output()
        self.figure_output.add_class(CSS_CLASSES["figure"])
        # the 3-D panels' legend, outside the figure: a redraw of the figure never draws it
        self.legend = w.HTML(legend_html(RANGES["n_neurons"][1]))  # every marker, made once
        self.legend.add_class(CSS_CLASSES["legend"])
        self.scrubber = w.IntSlider(value=1, min=1, max=1, description="show epoch",
                                    continuous_update=False, style=style,
                                    layout=w.Layout(width="40em"))
        self.scrubber.add_class(CSS_CLASSES["scrubber"])
        self.play = w.Play(value=1, min=1, max=1, interval=300, description="play the epochs")
        w.jslink((self.play, "value"), (self.scrubber, "value"))
        self.step = None
        self.seconds = {}
        self.drawn = None
        self.png = b""
        self._busy = False
        self._interactive = _ipympl_active()
        self.figure = self._make_figure()

        c = self.controls
        left = w.VBox([c["epochs"], c["noise"], c["lr"], c["n_neurons"]])
        right = w.VBox([c["seed"], c["normalize"], c["rule"]])
        super().__init__([w.HBox([left, right]), self.metrics, self.legend, self.figure_output,
                          w.HBox([self.play, self.scrubber])])
        self.add_class(CSS_CLASSES["explorer"])
        for control in self.controls.values():
            control.observe(self._on_setting, names="value")
        self.scrubber.observe(self._on_scrub, names="value")
        self.update()

    def __repr__(self):
        # what a static copy of the notebook shows instead of the live controls
        return ("Explorer: sliders for epochs, noise, learning rate, neurons and seed "
                "(run the cell in JupyterLab to use them)")

    def _make_figure(self):
        if self._interactive:  # %matplotlib widget: a canvas that can be rotated
            from ipympl.backend_nbagg import Canvas, FigureManager

            fig = Figure(figsize=FIGSIZE, dpi=DPI)
            canvas = Canvas(fig)  # kept out of pyplot's list, so plt.show() never shows it
            FigureManager(canvas, 0)
            canvas.header_visible = False
            canvas.toolbar_visible = False  # it would cover the left panel; dragging rotates
            enable_fast_rotation(fig)  # not a pyplot figure: drag3d's hook does not see it
            return fig
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        fig = Figure(figsize=FIGSIZE, dpi=DPI)
        FigureCanvasAgg(fig)  # its own canvas: each redraw reuses the renderer
        return fig

    @property
    def values(self):
        """The current settings, as keyword arguments of ``explore_step``."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self):
        """Retrain with the current settings and redraw (what each change of a control does)."""
        start = time.perf_counter()
        try:
            self.step = explore_step(**self.values)
        except (ValueError, TypeError) as exc:  # the sliders' ranges should prevent this
            self.step = None
            self._show_line(f"Cannot train with these settings: {exc}")
            return
        self.seconds = {"compute": self.step.seconds}
        if not self.step.ok:
            self._show_line(self.step.message)
            self.seconds["update"] = time.perf_counter() - start
            return
        self.metrics.value = _pre(self.step.text)
        n = len(self.step.result.errors)
        self._busy = True
        try:  # move the scrubber to the last epoch without drawing twice
            self.scrubber.max = self.play.max = n
            self.scrubber.value = self.play.value = n
            self.play.step = max(1, n // 40)
        finally:
            self._busy = False
        self._draw(n)
        self.seconds["update"] = time.perf_counter() - start

    def _show_line(self, line):
        """Say why there is no figure, once, in the metrics; the figure is hidden.

        The figure's output stays in place, hidden (its space kept, so the page does not
        jump): showing it again costs one redraw, not a new canvas in the browser.
        """
        self.metrics.value = _pre(line)
        self.png = b""
        self.scrubber.disabled = self.play.disabled = True
        self.figure_output.layout.visibility = self.legend.layout.visibility = "hidden"

    def _draw(self, epoch):
        self.scrubber.disabled = self.play.disabled = False
        plot_explorer(self.step, epoch, fig=self.figure, legend=False)
        self.legend.value = legend_html(len(self.step.result.predicted))
        if self._interactive and getattr(self.figure.canvas, "syncing_data_url", False):
            # No browser view yet: the view asks for a draw when it starts. (A picture sent
            # now would become a broken image there: ipympl 0.10 stores it without its
            # 'data:image/png;base64,' prefix.)
            self.drawn = None
            self.figure.canvas.draw_idle()
        else:  # draws what changed; an ipympl canvas sends the changed pixels at once
            self.drawn = render_explorer(self.figure)
        if self._interactive:
            view = {"version_major": 2, "version_minor": 0,
                    "model_id": self.figure.canvas.model_id}
            data = {"application/vnd.jupyter.widget-view+json": view,
                    "text/plain": "explorer figure"}
            metadata = {}
        else:  # the canvas holds the figure just drawn: save its pixels
            from PIL import Image

            buf = io.BytesIO()
            Image.fromarray(np.asarray(self.figure.canvas.buffer_rgba())).save(buf, "png")
            self.png = buf.getvalue()
            width, height = (np.array(FIGSIZE) * DPI).astype(int).tolist()
            data = {"image/png": base64.b64encode(self.png).decode("ascii"),
                    "text/plain": f"<explorer figure, epoch {epoch}>"}
            metadata = {"image/png": {"width": width, "height": height}}
        output = {"output_type": "display_data", "data": data, "metadata": metadata}
        if self.figure_output.outputs != (output,):  # replaced in place: nothing stacks up
            self.figure_output.outputs = (output,)
        self.figure_output.layout.visibility = self.legend.layout.visibility = "visible"

    def _on_setting(self, change):
        self.update()

    def _on_scrub(self, change):
        if self._busy or self.step is None or not self.step.ok:
            return
        start = time.perf_counter()
        self._draw(change["new"])
        self.seconds["scrub"] = time.perf_counter() - start


def _pre(text):
    return f"<pre style='margin: 0; font-size: 12px'>{html.escape(text)}</pre>"


# --- notebook 01: a scrubber through training in a plane ---------------------------------------

#: CSS classes of the plane scrubber and its parts (browser tests, custom styling).
PLANE_CSS_CLASSES = {
    "scrubber": "nbh-plane-scrubber",
    "step": "nbh-plane-step",
    "by": "nbh-plane-by",
    "figure": "nbh-plane-figure",
}
#: Width of the plane scrubber's figure in inches, and its height for one or two panels.
PLANE_WIDTH = 8.0
PLANE_HEIGHTS = {1: 5.2, 2: 4.6}


@dataclass(frozen=True)
class PlaneTrace:
    """Every step of a training run, for ``plane_scrubber`` and for figures of moments.

    Step 0 is the start; step ``s >= 1`` is the state just after the layer was shown sample
    ``sample[s]`` in pass ``pass_number[s]`` (counted from 1).

    Attributes
    ----------
    X : ndarray of shape (n_samples, n_features)
    rule : str
        'cwta' (with the conscience) or 'wta' (plain winner-take-all).
    lr : float
    weights : ndarray of shape (n_steps + 1, n_neurons, n_features)
        The weights at every step.
    pass_number, sample, winner, nearest : ndarray of int, shape (n_steps + 1,)
        For step s >= 1: its pass, the index of its sample, the neuron that won it and the
        neuron nearest to it (they differ when the conscience passed the sample on). Step 0
        holds 0, -1, -1, -1.
    wins : ndarray of int, shape (n_steps + 1, n_neurons)
        Each neuron's wins so far in the current pass (the conscience counts minus 1).
    """

    X: np.ndarray
    rule: str
    lr: float
    weights: np.ndarray
    pass_number: np.ndarray
    sample: np.ndarray
    winner: np.ndarray
    nearest: np.ndarray
    wins: np.ndarray

    @property
    def n_steps(self):
        """Number of steps after the start (passes x samples)."""
        return len(self.weights) - 1

    def pass_end(self, p):
        """The step at the end of pass ``p`` (0: the start)."""
        p = validate_int(p, "p", minimum=0)
        if p * len(self.X) > self.n_steps:
            raise ValueError(f"p must be at most {self.n_steps // len(self.X)} (the passes "
                             f"traced), got {p}")
        return p * len(self.X)

    def describe(self, step):
        """One line saying what happened at ``step``."""
        step = _check_plane_step(self, step)
        if step == 0:
            return "start, before training"
        n = len(self.X)
        w, near = self.winner[step], self.nearest[step]
        line = (f"pass {self.pass_number[step]}, sample {(step - 1) % n + 1} of {n}: "
                f"neuron {w} wins")
        if w != near:
            line += f" (nearest: {near})"
        return line


def trace_training(X, init_weights, passes, lr=0.01, rule="cwta"):
    """Train like ``CompetitiveLayer`` (neurolab's step) and keep every step.

    The same arithmetic as ``layer.learning_pass``, sample by sample, so the weights at the
    end of pass p equal ``CompetitiveLayer(..., rule=rule, lr=lr).fit(X, epochs=passes + 1,
    init_weights=init_weights, record_history=True).history_[p]`` to the last bit (the
    tests check it); in addition each step's winner, nearest neuron and win counts are kept.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    init_weights : array-like of shape (n_neurons, n_features)
    passes : int
        Learning passes to make (>= 1).
    lr : float, default 0.01
    rule : {'cwta', 'wta'}, default 'cwta'

    Returns
    -------
    PlaneTrace
    """
    X = validate_data(X, "X")
    W = validate_data(init_weights, "init_weights").copy()
    if W.shape[1] != X.shape[1]:
        raise ValueError(f"init_weights must have {X.shape[1]} columns (the features of X), "
                         f"got shape {W.shape}")
    passes = validate_int(passes, "passes", minimum=1)
    lr = validate_float(lr, "lr", strictly_positive=True)
    rule = validate_choice(rule, "rule", RULES)
    n_steps = passes * len(X)
    weights = np.empty((n_steps + 1, *W.shape))
    weights[0] = W
    pass_number, sample, winner, nearest = (np.full(n_steps + 1, -1) for _ in range(4))
    pass_number[0] = 0
    wins = np.zeros((n_steps + 1, len(W)), dtype=int)
    step = 0
    with np.errstate(over="ignore", invalid="ignore"):  # a run that diverges is caught below
        for p in range(1, passes + 1):
            conscience = np.ones(len(W))  # reset before every pass, as in neurolab
            for i, x in enumerate(X):
                d = np.sqrt(np.sum(np.square(W - x), axis=1))
                won = np.argmin(conscience * d)
                if rule == "cwta":
                    conscience[won] += 1
                W[won] += lr * d[won] * (x - W[won])
                step += 1
                weights[step] = W
                pass_number[step], sample[step] = p, i
                winner[step], nearest[step] = won, np.argmin(d)
                wins[step] = wins[step - 1] if i else 0
                wins[step, won] += 1
    if not np.isfinite(weights).all():
        raise ValueError("the weights became inf/NaN: use a smaller lr or scale the data down")
    return PlaneTrace(X=X, rule=rule, lr=lr, weights=weights, pass_number=pass_number,
                      sample=sample, winner=winner, nearest=nearest, wins=wins)


def _check_plane_step(trace, step):
    step = validate_int(step, "step", minimum=0)
    if step > trace.n_steps:
        raise ValueError(f"step must be between 0 and {trace.n_steps}, got {step}")
    return step


def plot_plane_step(traces, step, fig=None, *, titles=None, centroids=None, limits=None):
    """One step of one or two traces side by side, each with its winner regions; returns fig.

    Parameters
    ----------
    traces : PlaneTrace or list of 1 or 2 PlaneTrace
        2-D traces of the same data with the same number of steps (for example the same
        start with ``rule='wta'`` and with ``rule='cwta'``).
    step : int
        The step to show, 0 (the start) to ``n_steps``.
    fig : matplotlib Figure, optional
        Draw here; a figure that already shows traces of the same shape keeps its axes and
        only gets the new step (fast), any other is cleared first. A new pyplot figure is
        made when omitted.
    titles : list of str, optional
        One heading per trace (default: the rule's name).
    centroids : array-like of shape (k, 2), optional
        True cluster centres, drawn as black stars.
    limits : ((float, float), (float, float)), optional
        ``(xlim, ylim)``, the same at every step (default: ``plots.plane_limits`` of the
        data and of every step's weights, so the view never jumps).
    """
    traces = _check_traces(traces)
    step = _check_plane_step(traces[0], step)
    if titles is None:
        titles = [RULE_NAMES[t.rule] for t in traces]
    elif isinstance(titles, str) or len(titles) != len(traces):
        raise ValueError(f"titles must be a list of {len(traces)} str, one per trace")
    if limits is None:
        limits = plane_limits(traces[0].X, *[t.weights.reshape(-1, 2) for t in traces])
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(PLANE_WIDTH, PLANE_HEIGHTS[len(traces)]), dpi=DPI)
    elif not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    shape = (len(traces), traces[0].weights.shape)
    axes = getattr(fig, _PLANE_ATTRIBUTE, None)
    if axes is None or fig.axes != axes[1] or axes[0] != shape:  # build once, then move
        fig.clear()
        axes = (shape, list(fig.subplots(1, len(traces), squeeze=False)[0]))
        setattr(fig, _PLANE_ATTRIBUTE, axes)
        for ax, trace in zip(axes[1], traces, strict=True):
            plot_winner_regions_2d(trace.X, trace.weights[0], ax=ax, centroids=centroids,
                                   xlim=limits[0], ylim=limits[1])
        n_neurons = traces[0].weights.shape[1]
        fig.legend(handles=legend_handles_2d(n_neurons, centroids=centroids is not None,
                                             sample=True),
                   loc="lower center", ncols=4, fontsize="small", frameon=False,
                   columnspacing=1.0, handletextpad=0.3)
        fig.subplots_adjust(left=0.08, right=0.98, top=0.84, bottom=0.2, wspace=0.25)
    for ax, trace, title in zip(axes[1], traces, titles, strict=True):
        sample = None if step == 0 else trace.X[trace.sample[step]]
        winner = None if step == 0 else int(trace.winner[step])
        update_winner_regions_2d(ax, trace.weights[step], sample=sample, winner=winner,
                                 paths=trace.weights[:step + 1])
        wins = "  ".join(f"{k}: {n}" for k, n in enumerate(trace.wins[step]))
        ax.set_title(f"{title}\n{trace.describe(step)}\nwins in this pass:  {wins}",
                     fontsize="small")
    return fig


#: The attribute of a plane figure that holds (shape of the traces, its axes): kept on the
#: figure, so that the next step only moves the artists.
_PLANE_ATTRIBUTE = "_nbh_plane_axes"


#: Short names of the rules for headings.
RULE_NAMES = {"cwta": "with the conscience (cwta)", "wta": "plain winner-take-all (wta)"}


def _check_traces(traces):
    if isinstance(traces, PlaneTrace):
        traces = [traces]
    traces = list(traces) if isinstance(traces, (list, tuple)) else traces
    if not isinstance(traces, list) or not 1 <= len(traces) <= 2 or not all(
            isinstance(t, PlaneTrace) for t in traces):
        raise TypeError("traces must be a PlaneTrace (from trace_training) or a list of one "
                        "or two")
    first = traces[0]
    if first.X.shape[1] != 2:
        raise ValueError(f"the plane scrubber draws 2-D data, got {first.X.shape[1]} features")
    for t in traces[1:]:
        if t.weights.shape != first.weights.shape or not np.array_equal(t.X, first.X):
            raise ValueError("the traces must be of the same data, with the same number of "
                             "neurons and passes")
    return traces


def plane_scrubber(traces, *, titles=None, centroids=None, step=0):
    """A slider through every step of training in a plane; returns the widget.

    Moving the slider redraws the figure of ``plot_plane_step`` in place (a picture, so it
    works with the inline backend). "move by" chooses whether the slider and the play
    button go one sample or one whole pass at a time.

    Parameters
    ----------
    traces : PlaneTrace or list of 1 or 2 PlaneTrace
        See ``plot_plane_step``.
    titles, centroids
        See ``plot_plane_step``.
    step : int, default 0
        The step shown first.

    Returns
    -------
    PlaneScrubber
        An ``ipywidgets.VBox``; its ``slider``, ``play``, ``by``, ``figure`` and
        ``figure_output`` attributes give access to the parts.
    """
    return PlaneScrubber(traces, titles=titles, centroids=centroids, step=step)


class PlaneScrubber(widgets.VBox):
    """The widget made by ``plane_scrubber()`` (CSS class ``nbh-plane-scrubber``)."""

    def __init__(self, traces, *, titles=None, centroids=None, step=0):
        self.traces = _check_traces(traces)
        first = self.traces[0]
        step = _check_plane_step(first, step)
        self._options = dict(titles=titles, centroids=centroids,
                             limits=plane_limits(first.X, *[t.weights.reshape(-1, 2)
                                                            for t in self.traces]))
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.figure = Figure(figsize=(PLANE_WIDTH, PLANE_HEIGHTS[len(self.traces)]), dpi=DPI)
        FigureCanvasAgg(self.figure)  # its own canvas, outside pyplot: plt.show() skips it
        w = widgets
        n = len(first.X)
        self.slider = w.IntSlider(value=step, min=0, max=first.n_steps, step=1,
                                  description="step", continuous_update=True,
                                  layout=w.Layout(width="36em"))
        self.slider.add_class(PLANE_CSS_CLASSES["step"])
        self.play = w.Play(value=step, min=0, max=first.n_steps, step=1, interval=250,
                           description="play the steps")
        w.jslink((self.play, "value"), (self.slider, "value"))
        self.by = w.ToggleButtons(options=[("one sample", 1), ("one pass", n)], value=1,
                                  description="move by")
        self.by.style.button_width = "7em"
        self.by.add_class(PLANE_CSS_CLASSES["by"])
        self.figure_output = w.Output()
        self.figure_output.add_class(PLANE_CSS_CLASSES["figure"])
        self.png = b""
        super().__init__([w.HBox([self.play, self.slider]), self.by, self.figure_output])
        self.add_class(PLANE_CSS_CLASSES["scrubber"])
        self.slider.observe(self._on_step, names="value")
        self.by.observe(self._on_by, names="value")
        self._draw(step)

    def __repr__(self):
        # what a static copy of the notebook shows instead of the live slider
        return ("Plane scrubber: a slider through every step of training "
                "(run the cell in JupyterLab to use it)")

    def _draw(self, step):
        plot_plane_step(self.traces, step, fig=self.figure, **self._options)
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", dpi=DPI)
        self.png = buf.getvalue()
        width, height = (np.array(self.figure.get_size_inches()) * DPI).astype(int).tolist()
        data = {"image/png": base64.b64encode(self.png).decode("ascii"),
                "text/plain": f"<plane scrubber figure, step {step}>"}
        output = {"output_type": "display_data", "data": data,
                  "metadata": {"image/png": {"width": width, "height": height}}}
        self.figure_output.outputs = (output,)  # replaced in place: nothing stacks up

    def _on_step(self, change):
        self._draw(change["new"])

    def _on_by(self, change):
        size = change["new"]
        self.slider.step = self.play.step = size
        # land on a pass end when moving by passes (the slider's values are multiples of it)
        self.slider.value = (self.slider.value // size) * size


def plot_plane_moments(traces, steps, *, titles=None, centroids=None, fig=None):
    """Small multiples: chosen steps of one or two traces, one row per trace; returns fig.

    What the scrubber shows, for a page that cannot move a slider: each panel is one step
    (same limits everywhere), with each neuron's winner region, its path so far, and the
    sample of that step ringed, joined to its winner.

    Parameters
    ----------
    traces : PlaneTrace or list of 1 or 2 PlaneTrace
        See ``plot_plane_step``; one row each.
    steps : list of int
        The steps to show, one column each (1 to 4 of them).
    titles : list of str, optional
        One label per trace, written at the left of its row (default: the rule's name).
    centroids : array-like of shape (k, 2), optional
        True cluster centres, drawn as black stars.
    fig : matplotlib Figure, optional
        Draw here (cleared first); a new pyplot figure is made when omitted.
    """
    traces = _check_traces(traces)
    steps = [_check_plane_step(traces[0], s) for s in steps]
    if not 1 <= len(steps) <= 4:
        raise ValueError(f"steps must list 1 to 4 steps (the columns), got {len(steps)}")
    if titles is None:
        titles = [RULE_NAMES[t.rule] for t in traces]
    elif isinstance(titles, str) or len(titles) != len(traces):
        raise ValueError(f"titles must be a list of {len(traces)} str, one per trace")
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(PLANE_WIDTH, 1.0 + 3.0 * len(traces)), dpi=DPI)
    elif not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    fig.clear()
    limits = plane_limits(traces[0].X, *[t.weights.reshape(-1, 2) for t in traces])
    axes = fig.subplots(len(traces), len(steps), squeeze=False, sharex=True, sharey=True)
    for row, (trace, title) in enumerate(zip(traces, titles, strict=True)):
        for col, step in enumerate(steps):
            ax = axes[row, col]
            sample = None if step == 0 else trace.X[trace.sample[step]]
            winner = None if step == 0 else int(trace.winner[step])
            plot_winner_regions_2d(trace.X, trace.weights[step], ax=ax, centroids=centroids,
                                   sample=sample, winner=winner,
                                   paths=trace.weights[:step + 1], xlim=limits[0],
                                   ylim=limits[1], resolution=120)
            ax.set_title(trace.describe(step).replace(": ", ":\n", 1), fontsize="medium")
            ax.tick_params(labelsize="small")
            ax.set_xlabel("x")
            ax.set_ylabel(f"{title}\ny", fontsize="medium")
            ax.label_outer()  # tick labels and axis labels only on the outer panels
    handles = legend_handles_2d(traces[0].weights.shape[1], centroids=centroids is not None,
                                sample=True)
    width, height = fig.get_size_inches()
    ncols = 4 if width >= 7.5 else 3  # a narrower figure needs more rows of legend
    fig.legend(handles=handles, loc="lower center", ncols=ncols, fontsize="small",
               frameon=False, columnspacing=1.0, handletextpad=0.3)
    legend_rows = -(-len(handles) // ncols)
    # room for the x label and the legend at the bottom, the titles at the top
    fig.subplots_adjust(left=0.75 / width, right=0.99, top=1 - 0.5 / height,
                        bottom=(0.5 + 0.25 * legend_rows) / height,
                        hspace=0.4, wspace=0.08)
    return fig
