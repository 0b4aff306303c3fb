"""Lighter redraws while a 3-D figure is dragged under ``%matplotlib widget`` (ipympl).

With ipympl, every mouse move over a 3-D axes makes matplotlib draw the whole figure again in
the kernel, and ipympl then sends it to the browser as a PNG. While a drag lasts, a figure with
fast rotation draws only the axes being dragged, on a saved picture of the rest of the figure,
and leaves out that axes' ticks, tick labels and grid lines (most of a 3-D axes' drawing time).
When the mouse button is released, the whole figure is drawn once more, ticks included. Only
the frames during the drag are lighter: the figure ends as matplotlib alone leaves it, except
that the elevation stays between -90 and 90 degrees, so z never turns upside down (matplotlib
lets a long vertical drag tilt the box past the pole).

``enable_fast_rotation(fig)`` turns this on for one figure; ``dragging(fig)`` says whether a
drag is being drawn that way now, and ``figure_changed(fig)`` tells it that code redrew the
figure during the drag (the next frame then saves the rest of the figure again).

In IPython, importing ``nbhelpers.plots`` registers ``enable_on_open_figures`` to run after
every cell, so every pyplot figure with a 3-D axes gets it, including those a student makes.
Figures on other backends (inline pictures, files) are left alone.
"""

import sys

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

#: The canvas attribute that holds a figure's ``_FastRotation`` (set once per canvas).
_ATTRIBUTE = "_nbh_fast_rotation"


def _is_ipympl_like(canvas):
    """Whether ``canvas`` sends its pictures to a browser (ipympl, nbagg, webagg)."""
    core = sys.modules.get("matplotlib.backends.backend_webagg_core")
    return core is not None and isinstance(canvas, core.FigureCanvasWebAggCore)


def _check_figure(fig):
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    return fig


def enable_fast_rotation(fig):
    """Draw only the dragged 3-D axes, without its ticks, while a drag lasts.

    Parameters
    ----------
    fig : matplotlib Figure
        A figure on an ipympl (or another browser) canvas; on any other canvas nothing changes.

    Returns
    -------
    bool
        True when fast rotation is on for ``fig`` (now or already), False when its canvas is
        not a browser canvas.
    """
    canvas = _check_figure(fig).canvas
    if not _is_ipympl_like(canvas):
        return False
    if getattr(canvas, _ATTRIBUTE, None) is None:
        setattr(canvas, _ATTRIBUTE, _FastRotation(canvas))
    return True


def dragging(fig):
    """Whether a 3-D axes of ``fig`` is being dragged, drawn alone and without ticks."""
    rotation = getattr(_check_figure(fig).canvas, _ATTRIBUTE, None)
    return rotation is not None and rotation.dragging


def figure_changed(fig):
    """Say that ``fig`` was redrawn during a drag: the saved rest of the figure is stale."""
    rotation = getattr(_check_figure(fig).canvas, _ATTRIBUTE, None)
    if rotation is not None:
        rotation.background = None


def enable_on_open_figures():
    """``enable_fast_rotation`` on every open pyplot figure that has a 3-D axes."""
    numbers = plt.get_fignums()
    if not numbers:
        return
    current = plt.gcf()  # plt.figure(n) makes n current: the student's current figure stays
    for number in numbers:
        fig = plt.figure(number)
        if any(getattr(ax, "name", "") == "3d" for ax in fig.axes):
            enable_fast_rotation(fig)
    plt.figure(current)


def register_with_ipython():
    """Run ``enable_on_open_figures`` after every cell of the running IPython (once).

    Returns
    -------
    bool
        Whether an IPython shell was found (outside IPython there is nothing to do).
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    if enable_on_open_figures not in shell.events.callbacks["post_execute"]:
        shell.events.register("post_execute", enable_on_open_figures)
    return True


class _FastRotation:
    """The drag handling of one canvas (see the module docstring).

    On a button press inside a 3-D axes (not in the toolbar's pan or zoom mode), the canvas'
    ``draw`` is replaced by ``_draw_frame`` until the button is released or the mouse leaves
    the figure: ipympl's redraw requests during the drag then come here. The first frame saves
    the figure without the dragged axes; each frame restores it, draws the axes (ticks hidden)
    and sends the changed pixels (``canvas.blit``).
    """

    def __init__(self, canvas):
        self.canvas = canvas
        self.ax = None  # the 3-D axes being dragged
        self.background = None  # the figure without it, saved at the first frame
        self.hidden = []  # (axis, formatter, locator, defaults) to put back after the drag
        self.upright = None  # connection id of _keep_upright, during a drag
        canvas.mpl_connect("button_press_event", self._press)
        canvas.mpl_connect("button_release_event", self._release)
        canvas.mpl_connect("figure_leave_event", self._release)

    @property
    def dragging(self):
        """Whether a drag is being drawn the light way now."""
        return self.ax is not None

    def _press(self, event):
        ax = event.inaxes
        if self.ax is not None or getattr(ax, "name", "") != "3d":
            return
        if ax.get_navigate_mode() is not None:  # the toolbar pans or zooms: not a rotation
            return
        self.ax = ax
        self.background = None
        self.canvas.draw = self._draw_frame  # this canvas only, until the drag ends
        # connected now, so that it runs after the axes' own handler has turned the view
        # (whenever the axes was made)
        self.upright = self.canvas.mpl_connect("motion_notify_event", self._keep_upright)

    def _keep_upright(self, event):
        if self.ax is not None and abs(self.ax.elev) > 90:
            self.ax.elev = max(-90.0, min(90.0, self.ax.elev))

    def _release(self, event):
        if self.ax is None:
            return
        drew = self.background is not None
        self._stop()
        if drew:  # once more, whole, with the ticks
            self.canvas.draw_idle()

    def _stop(self):
        if self.upright is not None:
            self.canvas.mpl_disconnect(self.upright)
            self.upright = None
        self._show_ticks()
        self.canvas.__dict__.pop("draw", None)  # the canvas' own draw again
        self.ax = None
        self.background = None

    def _draw_frame(self):
        try:
            self._draw_light_frame()
        except Exception:
            # whatever this figure holds that a light frame cannot draw: the browser still
            # gets the whole figure (else ipympl waits for that picture for ever), then the error
            self._stop()
            self.canvas.draw()
            raise

    def _draw_light_frame(self):
        canvas, ax = self.canvas, self.ax
        if ax not in canvas.figure.axes:  # the figure was cleared during the drag
            self._stop()
            canvas.draw()
            return
        if self.background is None:
            # left out of the draw as an animated artist: unlike an invisible one, it keeps
            # its place in a layout engine's sums (constrained layout fails without it)
            animated = ax.get_animated()
            ax.set_animated(True)
            try:
                FigureCanvasAgg.draw(canvas)  # drawn, not sent: the browser keeps its picture
            finally:
                ax.set_animated(animated)
            self.background = canvas.copy_from_bbox(canvas.figure.bbox)
            if not self.hidden:  # hidden at the first frame (not again after figure_changed)
                self._hide_ticks()
        canvas.restore_region(self.background)
        canvas.figure.draw_artist(ax)
        canvas.blit(ax.bbox)

    def _hide_ticks(self):
        for axis in (self.ax.xaxis, self.ax.yaxis, self.ax.zaxis):
            self.hidden.append((axis, axis.get_major_formatter(), axis.get_major_locator(),
                                (axis.isDefault_majfmt, axis.isDefault_majloc)))
            axis.set_major_locator(mticker.NullLocator())
            axis.set_major_formatter(mticker.NullFormatter())

    def _show_ticks(self):
        for axis, formatter, locator, (default_formatter, default_locator) in self.hidden:
            axis.set_major_locator(locator)
            axis.set_major_formatter(formatter)
            axis.isDefault_majfmt, axis.isDefault_majloc = default_formatter, default_locator
        self.hidden = []
