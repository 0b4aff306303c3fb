"""Fast rotation of 3-D figures on ipympl canvases (nbhelpers.drag3d), without a browser."""

from types import SimpleNamespace

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backend_bases import LocationEvent, MouseEvent
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nbhelpers import drag3d, run_tutorial
from nbhelpers.plots import legend_handles, plot_comparison_3d

IPYMPL = "module://ipympl.backend_nbagg"
# ipympl's own Toolbar triggers this traitlets warning whenever a canvas is made.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Passing unrecognized arguments:DeprecationWarning")


@pytest.fixture(autouse=True)
def _keep_the_backend():
    """Importing ipympl's backend module makes it pyplot's backend: put the old one back."""
    backend = matplotlib.get_backend()
    yield
    plt.switch_backend(backend)


def _figure(canvas_class="ipympl"):
    """Notebook 06's comparison figure: two 3-D axes and a legend under them."""
    fig = Figure(figsize=(8, 4.4), dpi=100)
    if canvas_class == "ipympl":
        from ipympl.backend_nbagg import Canvas, FigureManager

        FigureManager(Canvas(fig), 0)
    else:
        FigureCanvasAgg(fig)
    result = run_tutorial(epochs=20)
    for i in range(2):
        ax = fig.add_subplot(1, 2, i + 1, projection="3d")
        plot_comparison_3d(result.X, result.centroids, result.predicted, ax=ax, legend=False,
                           title=f"panel {i}")
    fig.legend(handles=legend_handles(5), loc="lower center", ncols=4, frameon=False)
    fig.subplots_adjust(left=0.0, right=0.95, bottom=0.13, top=0.92, wspace=0.08)
    FigureCanvasAgg.draw(fig.canvas)
    return fig


def _pixels(fig):
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def _centre(ax):
    x0, y0, x1, y1 = ax.bbox.extents
    return (x0 + x1) / 2, (y0 + y1) / 2


def _mouse(fig, name, xy, button=1):
    MouseEvent(name, fig.canvas, *xy, button=button)._process()


def _ticks(ax):
    return [(a.get_major_locator(), a.get_major_formatter(), a.isDefault_majloc,
             a.isDefault_majfmt) for a in (ax.xaxis, ax.yaxis, ax.zaxis)]


def _inside(fig, *bboxes):
    """A boolean mask of the canvas pixels inside any of ``bboxes`` (rows from the top)."""
    height, width = _pixels(fig).shape[:2]
    rows, cols = np.mgrid[0:height, 0:width]
    mask = np.zeros((height, width), bool)
    for x0, y0, x1, y1 in (b.extents for b in bboxes):
        mask |= (cols >= np.floor(x0) - 1) & (cols <= np.ceil(x1) + 1) & \
            (height - rows >= np.floor(y0) - 1) & (height - rows <= np.ceil(y1) + 1)
    return mask


def test_only_browser_canvases_get_fast_rotation():
    fig = _figure("agg")
    assert drag3d.enable_fast_rotation(fig) is False
    assert not hasattr(fig.canvas, drag3d._ATTRIBUTE)
    for function in (drag3d.enable_fast_rotation, drag3d.dragging, drag3d.figure_changed):
        with pytest.raises(TypeError, match="fig must be a matplotlib Figure, got Axes3D"):
            function(fig.axes[0])
    assert drag3d.dragging(fig) is False  # and figure_changed does nothing there
    drag3d.figure_changed(fig)


def test_a_drag_redraws_only_the_dragged_axes_without_ticks_then_the_whole_figure():
    fig = _figure()
    canvas = fig.canvas
    assert drag3d.enable_fast_rotation(fig) is True
    assert drag3d.enable_fast_rotation(fig) is True  # a second call changes nothing
    dragged, other = fig.axes
    ticks_before = _ticks(dragged)
    before = _pixels(fig)
    extent_before = dragged.get_tightbbox()  # the axes with its labels, as drawn
    x, y = _centre(dragged)
    _mouse(fig, "button_press_event", (x, y))
    _mouse(fig, "motion_notify_event", (x + 40, y + 10))
    assert (dragged.azim, dragged.elev) != (-60, 30)  # matplotlib turned the view
    view = (dragged.elev, dragged.azim, dragged.roll)
    canvas.draw()  # what ipympl's redraw request calls during the drag
    frame = _pixels(fig)
    # only the dragged axes changed (its old and new extents); the rest is the figure as it was
    changed = (frame != before).any(axis=-1)
    assert changed.any()
    assert not changed[~_inside(fig, extent_before, dragged.get_tightbbox())].any()
    assert not changed[_inside(fig, other.bbox) & ~_inside(fig, extent_before)].any()
    assert all(isinstance(a.get_major_locator(), matplotlib.ticker.NullLocator)
               for a in (dragged.xaxis, dragged.yaxis, dragged.zaxis))
    assert _ticks(other)[0][0] is not None and not isinstance(
        other.xaxis.get_major_locator(), matplotlib.ticker.NullLocator)
    # the frame is the dragged axes without ticks, drawn at the new view
    _mouse(fig, "button_release_event", (x + 40, y + 10))
    assert "draw" not in vars(canvas)  # the canvas draws whole again
    assert _ticks(dragged) == ticks_before  # the same locators and formatters, put back
    canvas.draw()
    after = _pixels(fig)
    # the end state is what matplotlib alone draws for that view
    fresh = _figure()
    fresh.axes[0].view_init(*view)
    FigureCanvasAgg.draw(fresh.canvas)
    assert np.array_equal(after, _pixels(fresh))


@pytest.mark.parametrize("layout", ["constrained", "tight"])
def test_a_drag_works_in_a_figure_with_a_layout_engine(layout):
    # nbhelpers' own 3-D figures use constrained layout; leaving the dragged axes out of the
    # saved picture must not take it out of the layout (constrained layout then fails)
    fig = Figure(figsize=(6, 4.8), dpi=100, layout=layout)
    from ipympl.backend_nbagg import Canvas, FigureManager

    FigureManager(Canvas(fig), 0)
    result = run_tutorial(epochs=20)
    ax = fig.add_subplot(projection="3d")
    plot_comparison_3d(result.X, result.centroids, result.predicted, ax=ax)
    FigureCanvasAgg.draw(fig.canvas)
    before, place = _pixels(fig), ax.get_position().bounds
    drag3d.enable_fast_rotation(fig)
    x, y = _centre(ax)
    _mouse(fig, "button_press_event", (x, y))
    _mouse(fig, "motion_notify_event", (x + 30, y))
    fig.canvas.draw()  # raised in constrained layout when the axes was made invisible
    assert (_pixels(fig) != before).any()
    assert np.allclose(ax.get_position().bounds, place)  # the layout kept its place
    _mouse(fig, "button_release_event", (x + 30, y))
    view = (ax.elev, ax.azim, ax.roll)
    fig.canvas.draw()
    fresh = Figure(figsize=(6, 4.8), dpi=100, layout=layout)
    FigureCanvasAgg(fresh)
    other = fresh.add_subplot(projection="3d")
    plot_comparison_3d(result.X, result.centroids, result.predicted, ax=other)
    other.view_init(*view)
    FigureCanvasAgg.draw(fresh.canvas)
    assert np.array_equal(_pixels(fig), _pixels(fresh))


def test_a_frame_that_fails_still_sends_the_whole_figure(monkeypatch):
    fig = _figure()
    drag3d.enable_fast_rotation(fig)
    sent = []
    monkeypatch.setattr(fig.canvas.manager, "refresh_all", lambda: sent.append(1))
    x, y = _centre(fig.axes[0])
    _mouse(fig, "button_press_event", (x, y))
    _mouse(fig, "motion_notify_event", (x + 30, y))
    monkeypatch.setattr(fig, "draw_artist", lambda artist: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        fig.canvas.draw()
    assert sent and not drag3d.dragging(fig) and "draw" not in vars(fig.canvas)
    view = (fig.axes[0].elev, fig.axes[0].azim, fig.axes[0].roll)
    fresh = _figure()
    fresh.axes[0].view_init(*view)
    FigureCanvasAgg.draw(fresh.canvas)
    assert np.array_equal(_pixels(fig), _pixels(fresh))  # drawn whole, ticks included


def test_a_long_vertical_drag_never_turns_z_upside_down():
    fig = _figure()
    drag3d.enable_fast_rotation(fig)
    ax = fig.axes[0]
    x, y = _centre(ax)
    _mouse(fig, "button_press_event", (x, y))
    elevations = []
    for step in range(1, 9):  # drag downwards: matplotlib raises the elevation
        _mouse(fig, "motion_notify_event", (x, y - 20 * step))
        elevations.append(ax.elev)
    assert max(elevations) == 90
    _mouse(fig, "motion_notify_event", (x, y))  # and back: the box turns down again
    assert ax.elev < 90
    # without fast rotation, matplotlib alone goes past the pole
    plain = _figure()
    ax = plain.axes[0]
    _mouse(plain, "button_press_event", (x, y))
    for step in range(1, 9):
        _mouse(plain, "motion_notify_event", (x, y - 20 * step))
    assert ax.elev > 90


def test_z_stays_upright_on_axes_made_after_fast_rotation_was_enabled():
    # the explorer enables it on an empty figure; a re-run cell clears a figure and makes
    # new axes: then the axes' own handler comes after drag3d's in the canvas' callbacks
    fig = _figure()
    drag3d.enable_fast_rotation(fig)
    fig.clear()
    ax = fig.add_subplot(projection="3d")
    ax.scatter([0, 1], [0, 1], [0, 1])
    FigureCanvasAgg.draw(fig.canvas)
    x, y = _centre(ax)
    _mouse(fig, "button_press_event", (x, y))
    elevations = []
    for step in range(1, 9):
        _mouse(fig, "motion_notify_event", (x, y - 20 * step))
        elevations.append(ax.elev)
    _mouse(fig, "button_release_event", (x, y - 160))
    assert max(elevations) == 90 and ax.elev == 90


def test_a_figure_redrawn_by_code_during_a_drag_gets_a_new_background():
    fig = _figure()
    drag3d.enable_fast_rotation(fig)
    dragged, other = fig.axes
    ticks_before = _ticks(dragged)
    x, y = _centre(dragged)
    _mouse(fig, "button_press_event", (x, y))
    _mouse(fig, "motion_notify_event", (x + 30, y))
    fig.canvas.draw()
    assert drag3d.dragging(fig)
    other.set_title("changed by code")  # e.g. the explorer playing through the epochs
    FigureCanvasAgg.draw(fig.canvas)
    drag3d.figure_changed(fig)
    _mouse(fig, "motion_notify_event", (x + 40, y))
    fig.canvas.draw()
    frame = _pixels(fig)
    # the other axes shows its new title (the background was saved again), ticks still off
    reference = _figure()
    reference.axes[1].set_title("changed by code")
    FigureCanvasAgg.draw(reference.canvas)
    outside = ~_inside(fig, dragged.get_tightbbox(), dragged.bbox)
    changed = (frame != _pixels(reference)).any(axis=-1)
    assert not changed[outside & _inside(fig, other.bbox)].any()
    _mouse(fig, "button_release_event", (x + 40, y))
    assert not drag3d.dragging(fig)
    assert _ticks(dragged) == ticks_before  # hidden once, put back once


def test_a_click_without_a_move_draws_nothing_more(monkeypatch):
    fig = _figure()
    drag3d.enable_fast_rotation(fig)
    requests = []
    monkeypatch.setattr(fig.canvas, "draw_idle", lambda: requests.append(1))
    xy = _centre(fig.axes[1])
    _mouse(fig, "button_press_event", xy)
    _mouse(fig, "button_release_event", xy)
    assert requests == []
    assert "draw" not in vars(fig.canvas)


def test_leaving_the_figure_ends_the_light_frames():
    fig = _figure()
    drag3d.enable_fast_rotation(fig)
    rotation = getattr(fig.canvas, drag3d._ATTRIBUTE)
    x, y = _centre(fig.axes[0])
    _mouse(fig, "button_press_event", (x, y))
    _mouse(fig, "motion_notify_event", (x + 30, y))
    fig.canvas.draw()
    assert rotation.dragging
    LocationEvent("figure_leave_event", fig.canvas, -1, -1)._process()
    assert not rotation.dragging
    assert "draw" not in vars(fig.canvas)
    assert not any(isinstance(a.get_major_locator(), matplotlib.ticker.NullLocator)
                   for a in (fig.axes[0].xaxis, fig.axes[0].yaxis, fig.axes[0].zaxis))


def test_a_figure_cleared_during_a_drag_is_drawn_whole():
    fig = _figure()
    drag3d.enable_fast_rotation(fig)
    x, y = _centre(fig.axes[0])
    _mouse(fig, "button_press_event", (x, y))
    fig.clear()
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    fig.canvas.draw()
    assert not getattr(fig.canvas, drag3d._ATTRIBUTE).dragging
    reference = Figure(figsize=(8, 4.4), dpi=100)
    FigureCanvasAgg(reference)
    reference.add_subplot().plot([0, 1], [0, 1])
    reference.canvas.draw()
    assert np.array_equal(_pixels(fig), _pixels(reference))


def test_a_press_in_a_2d_axes_or_in_zoom_mode_is_not_a_rotation():
    fig = _figure()
    fig.add_axes((0.4, 0.0, 0.2, 0.1)).plot([0, 1])
    drag3d.enable_fast_rotation(fig)
    rotation = getattr(fig.canvas, drag3d._ATTRIBUTE)
    _mouse(fig, "button_press_event", _centre(fig.axes[2]))
    assert not rotation.dragging
    _mouse(fig, "button_release_event", _centre(fig.axes[2]))
    fig.canvas.toolbar.zoom()  # the toolbar's zoom button
    assert fig.axes[0].get_navigate_mode() == "ZOOM"
    _mouse(fig, "button_press_event", _centre(fig.axes[0]))
    assert not rotation.dragging


def test_after_each_cell_every_3d_pyplot_figure_gets_fast_rotation(monkeypatch):
    import IPython
    from IPython.core.events import EventManager, available_events

    shell = SimpleNamespace()
    shell.events = EventManager(shell, available_events)
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    assert drag3d.register_with_ipython() is True
    assert drag3d.register_with_ipython() is True
    assert shell.events.callbacks["post_execute"] == [drag3d.enable_on_open_figures]
    plt.switch_backend(IPYMPL)  # (the autouse fixture puts the old one back)
    try:
        flat = plt.figure()
        flat.add_subplot().plot([0, 1])
        deep = plt.figure()
        deep.add_subplot(projection="3d")
        plt.figure(flat)  # the student's current figure is not the last one made
        shell.events.trigger("post_execute")
        assert hasattr(deep.canvas, drag3d._ATTRIBUTE)
        assert not hasattr(flat.canvas, drag3d._ATTRIBUTE)
        assert plt.gcf() is flat  # and stays current
    finally:
        plt.close("all")


def test_outside_ipython_nothing_is_registered(monkeypatch):
    import IPython

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    assert drag3d.register_with_ipython() is False
