"""The explorer of notebook 06: the pure step function, its figure and the widget around them."""

import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nbhelpers import run_tutorial, widgets
from nbhelpers.tutorial import ExploreStep, explore_step
from nbhelpers.widgets import Explorer, explorer, plot_explorer


def _descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _descendants(child)


def _by_class(root, css_class):
    found = [w for w in _descendants(root) if css_class in w._dom_classes]
    assert len(found) == 1, f"expected one widget with class {css_class}, found {len(found)}"
    return found[0]


@pytest.mark.parametrize(
    "settings",
    [dict(epochs=40), dict(epochs=25, noise=1.7, seed=3, n_neurons=4, lr=0.05,
                           normalize="minmax", rule="wta")],
)
def test_step_is_run_tutorial_bit_for_bit(settings):
    step = explore_step(**settings)
    ref = run_tutorial(record_history=True, **settings)
    assert step.ok and step.message == ""
    for name in ("X", "weights", "predicted", "errors", "history"):
        assert np.array_equal(getattr(step.result, name), getattr(ref, name)), name
    assert np.array_equal(step.result.dead, ref.dead)
    assert step.result.history.shape == (settings["epochs"], ref.weights.shape[0], 3)
    assert step.params["normalize"] == settings.get("normalize", "norm")


def test_only_noise_and_seed_regenerate_the_data():
    first = explore_step(epochs=3, noise=0.65, seed=41)
    again = explore_step(epochs=9, noise=0.65, seed=41, lr=0.2, n_neurons=3, rule="wta",
                         normalize="zscore")
    other_noise = explore_step(epochs=3, noise=0.7, seed=41)
    other_seed = explore_step(epochs=3, noise=0.65, seed=42)
    assert again.data_from_cache and again.result.X is first.result.X
    assert not other_noise.data_from_cache and not other_seed.data_from_cache
    assert not np.array_equal(other_noise.result.X, first.result.X)
    assert not np.array_equal(other_seed.result.X, first.result.X)
    with pytest.raises(ValueError, match="read-only"):
        first.result.X[0, 0] = 1.0  # the cached data cannot be changed by accident


def test_metrics_text_has_distances_and_dead_neurons():
    text = explore_step(epochs=30).text
    assert "mean distance" in text and "dead neurons (win no point): " in text
    assert text.count("\n") == 9  # summary (2 lines), header, 5 clusters, mean, dead neurons
    more = explore_step(epochs=30, n_neurons=7).text
    assert "neurons without a cluster: " in more
    fewer = explore_step(epochs=30, n_neurons=3).text
    assert "clusters without a neuron: " in fewer
    assert fewer.count("\n") == 7


def test_divergence_is_one_line_not_an_exception():
    step = explore_step(epochs=50, lr=1.0, normalize="none")
    assert isinstance(step, ExploreStep) and not step.ok and step.result is None
    assert step.message.startswith("Training diverged in pass ")
    assert "\n" not in step.message and step.text == step.message
    fig = plot_explorer(step, fig=Figure())
    assert [t.get_text() for t in fig.texts] == [step.message]


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"epochs": 0}, ValueError, "epochs must be >= 1"),
        ({"epochs": 2.5}, TypeError, "epochs must be an integer"),
        ({"noise": -0.1}, ValueError, "noise must be >= 0"),
        ({"noise": "high"}, TypeError, "noise must be a number"),
        ({"lr": 0.0}, ValueError, "lr must be > 0"),
        ({"lr": float("inf")}, ValueError, "lr must be finite"),
        ({"n_neurons": 0}, ValueError, "n_neurons must be >= 1"),
        ({"n_neurons": 501}, ValueError, "n_neurons must be at most 500"),
        ({"seed": -1}, ValueError, "seed must be >= 0"),
        ({"normalize": "l2"}, ValueError, "normalize must be one of 'norm', 'minmax'"),
        ({"rule": "som"}, ValueError, "rule must be one of 'cwta', 'wta'"),
        ({"engine": "gpu"}, ValueError, "engine must be one of"),
    ],
)
def test_step_rejects_bad_settings(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        explore_step(**kwargs)


def test_plot_explorer_panels_epoch_and_reuse():
    step = explore_step(epochs=60)
    fig = plot_explorer(step, epoch=12, fig=Figure())
    cmp3d, paths, err = fig.axes
    assert [ax.get_label() for ax in fig.axes] == ["nbh-comparison", "nbh-paths", "nbh-error"]
    assert paths.get_title() == "Neuron paths up to epoch 12"
    assert err.lines[-1].get_xdata()[0] == 12  # the shown epoch is marked on the error curve
    (legend,) = fig.legends  # one legend for both 3-D panels, under them
    assert [t.get_text() for t in legend.get_texts()] == \
        ["data points", "actual centroids", "path from the start (hollow)"] + \
        [f"neuron {k}" for k in range(5)]
    assert cmp3d.get_legend() is None and paths.get_legend() is None
    cmp3d.view_init(elev=5, azim=70)  # a user's rotation survives the redraw
    assert plot_explorer(step, fig=fig) is fig
    assert fig.axes == [cmp3d, paths, err]
    assert (cmp3d.elev, cmp3d.azim) == (5, 70)
    assert paths.get_title() == "Neuron paths up to epoch 60"


def test_plot_explorer_rejects_bad_input():
    step = explore_step(epochs=10)
    with pytest.raises(ValueError, match=r"epoch must be between 1 and 10 \(the epochs"):
        plot_explorer(step, epoch=11, fig=Figure())
    with pytest.raises(ValueError, match="epoch must be >= 1"):
        plot_explorer(step, epoch=0, fig=Figure())
    with pytest.raises(TypeError, match="step must be an ExploreStep"):
        plot_explorer(step.result, fig=Figure())
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        plot_explorer(step, fig="figure")


def test_explorer_widget_retrains_redraws_in_place_and_scrubs():
    ex = explorer(epochs=50, noise=0.8)
    assert isinstance(ex, Explorer) and "nbh-explorer" in ex._dom_classes
    epochs = _by_class(ex, "nbh-epochs")
    noise = _by_class(ex, "nbh-noise")
    metrics = _by_class(ex, "nbh-metrics")
    figure = _by_class(ex, "nbh-figure")
    scrubber = _by_class(ex, "nbh-scrubber")
    assert (epochs.options[0], epochs.options[-1], noise.min, noise.max) == (1, 2000, 0.1, 2.5)
    assert all(len(str(v).rstrip("0")) <= 2 for v in epochs.options)  # round values only
    assert "50 epochs recorded" in metrics.value
    assert scrubber.max == scrubber.value == 50
    png = ex.png
    assert png.startswith(b"\x89PNG") and len(figure.outputs) == 1

    epochs.value = 100  # retrains on the cached data
    assert "100 epochs recorded" in metrics.value and ex.step.data_from_cache
    assert scrubber.max == scrubber.value == 100
    assert ex.png != png and len(figure.outputs) == 1  # replaced, not stacked
    text = metrics.value

    noise.value = 2.0  # new data
    assert not ex.step.data_from_cache and metrics.value != text
    assert ex.step.params["noise"] == 2.0 and len(figure.outputs) == 1

    before = ex.png
    scrubber.value = 5  # redraws without retraining
    assert ex.png != before and ex.step.params["noise"] == 2.0
    assert ex.figure.axes[1].get_title() == "Neuron paths up to epoch 5"
    assert set(ex.seconds) == {"compute", "update", "scrub"}


def test_explorer_shows_divergence_in_one_line_and_recovers():
    ex = explorer(epochs=30)
    ex.controls["normalize"].value = "none"
    (shown,) = ex.figure_output.outputs
    ex.controls["lr"].value = 1.0  # the slider's extreme: diverges on raw data
    # the line is shown once, in the metrics; the figure is hidden, not removed, so that
    # coming back is a redraw and not a new canvas in the browser
    assert ex.figure_output.layout.visibility == "hidden"
    assert ex.figure_output.outputs == (shown,)
    assert ex.metrics.value.count("Training diverged") == 1 and ex.scrubber.disabled
    ex.controls["lr"].value = 0.01
    (out,) = ex.figure_output.outputs
    assert "image/png" in out["data"] and not ex.scrubber.disabled
    assert ex.figure_output.layout.visibility == "visible"
    assert ex.figure.axes[1].get_title() == "Neuron paths up to epoch 30"


def _pixels(fig):
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


@pytest.fixture
def interactive(monkeypatch):
    """Explorers made meanwhile draw on an ipympl canvas, as under ``%matplotlib widget``."""
    monkeypatch.setattr(widgets, "_ipympl_active", lambda: True)
    backend = matplotlib.get_backend()
    yield
    plt.switch_backend(backend)  # importing ipympl's backend module makes it pyplot's backend


def _fresh(step, epoch=None, legend=True):
    """The explorer figure of ``step`` drawn on a new figure, from scratch."""
    fig = Figure(figsize=widgets.FIGSIZE, dpi=widgets.DPI)
    return _pixels(plot_explorer(step, epoch, fig=fig, legend=legend))


def _artist_ids(fig):
    return [id(a) for ax in fig.axes for a in ax.get_children()] + \
        [id(a) for legend in fig.legends for a in legend.get_children()]


def test_plot_explorer_updates_the_same_artists_to_the_same_pixels():
    fig = Figure(figsize=widgets.FIGSIZE, dpi=widgets.DPI)
    plot_explorer(explore_step(epochs=100), fig=fig)
    axes, ids = list(fig.axes), _artist_ids(fig)
    points = fig.axes[0].collections[0]
    # each change of a control or of the shown epoch, then a diverged run and back
    changes = [(dict(epochs=2000), None), (dict(epochs=2000), 7),
               (dict(epochs=2000, noise=2.5), None), (dict(epochs=1), None),
               (dict(epochs=20, noise=0.1, seed=4, lr=0.3, rule="wta"), 5),
               (dict(epochs=20, lr=1.0, normalize="zscore"), None), (dict(epochs=100), 50)]
    for settings, epoch in changes:
        step = explore_step(**settings)
        assert plot_explorer(step, epoch, fig=fig) is fig
        assert fig.axes == axes and _artist_ids(fig) == ids, settings  # nothing re-created
        if not step.ok:  # the message replaces the panels
            assert [t.get_text() for t in fig.texts if t.get_visible()] == [step.message]
            assert not any(ax.get_visible() for ax in fig.axes)
            continue
        assert all(ax.get_visible() for ax in fig.axes)
        assert not any(t.get_visible() for t in fig.texts)
        np.testing.assert_array_equal(np.column_stack(points._offsets3d), step.result.X)
        # the same pixels as the figure drawn from scratch: data, limits, titles, legends
        np.testing.assert_array_equal(_pixels(fig), _fresh(step, epoch), err_msg=str(settings))


def test_plot_explorer_rebuilds_for_another_number_of_neurons_keeping_the_view():
    fig = plot_explorer(explore_step(epochs=30), fig=Figure())
    fig.axes[0].view_init(elev=10, azim=-20)
    step = explore_step(epochs=30, n_neurons=7)
    plot_explorer(step, fig=fig)
    cmp3d, paths, _ = fig.axes
    assert (cmp3d.elev, cmp3d.azim) == (10, -20)  # the student's rotation stays
    assert [t.get_text() for t in fig.legends[0].get_texts()][-1] == "neuron 6"
    assert len(paths.lines) == 7


def test_explorer_redraws_the_same_figure_in_place():
    ex = explorer(epochs=50)
    fig, axes, ids = ex.figure, list(ex.figure.axes), _artist_ids(ex.figure)
    ex.controls["epochs"].value = 2000
    ex.controls["noise"].value = 2.5
    ex.scrubber.value = 3
    ex.controls["lr"].value, ex.controls["normalize"].value = 1.0, "zscore"  # diverges
    ex.controls["normalize"].value = "norm"
    assert ex.step.ok and ex.figure is fig and fig.axes == axes and _artist_ids(fig) == ids
    assert fig.axes[1].get_title() == "Neuron paths up to epoch 2000"
    # the explorer's figure leaves its legend out (the widget shows it, see legend_html)
    np.testing.assert_array_equal(_pixels(fig), _fresh(ex.step, legend=False))


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"epochs": 5000}, ValueError, r"epochs must be between 1 and 2000 \(the slider"),
        ({"epochs": 999}, ValueError, r"epochs must be one of the slider's values"),
        ({"noise": 3.0}, ValueError, "noise must be between 0.1 and 2.5"),
        ({"lr": 2.0}, ValueError, "lr must be between 0.001 and 1.0"),
        ({"n_neurons": 11}, ValueError, "n_neurons must be between 1 and 10"),
        ({"seed": 1.5}, TypeError, "seed must be an integer"),
        ({"normalize": "robust"}, ValueError, "normalize must be one of"),
        ({"rule": "kohonen"}, ValueError, "rule must be one of"),
    ],
)
def test_explorer_rejects_bad_start_values(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        explorer(**kwargs)


# ipympl's own Toolbar triggers this traitlets warning, with or without the explorer.
@pytest.mark.filterwarnings("ignore:Passing unrecognized arguments:DeprecationWarning")
def test_explorer_with_ipympl_shows_a_canvas_widget(interactive):
    ex = explorer(epochs=20)
    assert ex.figure.canvas.toolbar_visible is False  # no toolbar over the left panel
    assert hasattr(ex.figure.canvas, "_nbh_fast_rotation")  # a drag redraws one panel
    (out,) = ex.figure_output.outputs
    view = out["data"]["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == ex.figure.canvas.model_id
    ex.controls["epochs"].value = 30
    assert ex.figure_output.outputs == (out,)  # the same canvas, redrawn
    assert ex.figure.axes[1].get_title() == "Neuron paths up to epoch 30"


# --- redrawing only what changed (render_explorer) ------------------------------------------


def _shown(fig):
    """The canvas's pixels as the last redraw left them (no new draw)."""
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def _png_pixels(png):
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def _back_from_diverged(ex):
    ex.controls["normalize"].value = "zscore"
    ex.controls["lr"].value = 1.0  # diverges: the figure is hidden, not drawn
    assert not ex.step.ok
    ex.controls["lr"].value = 0.01


@pytest.mark.parametrize(
    ("move", "drawn"),
    [(lambda ex: setattr(ex.controls["epochs"], "value", 2000), "run"),
     (lambda ex: setattr(ex.scrubber, "value", 7), "epoch"),
     (lambda ex: setattr(ex.controls["n_neurons"], "value", 7), "run"),
     (lambda ex: setattr(ex.controls["rule"], "value", "wta"), "run"),
     (_back_from_diverged, "run")],
    ids=["epochs", "scrubber", "neurons", "rule", "back from diverged"],
)
def test_explorer_fast_redraw_gives_the_pixels_of_a_full_draw(move, drawn):
    ex = explorer(epochs=100)
    assert ex.drawn == "full"  # the first draw draws everything
    move(ex)
    assert ex.drawn == drawn  # only the layers that changed were drawn...
    # ...and the canvas and the PNG shown hold exactly what a fresh figure draws
    expected = _fresh(ex.step, ex.scrubber.value, legend=False)
    np.testing.assert_array_equal(_shown(ex.figure), expected)
    np.testing.assert_array_equal(_png_pixels(ex.png), expected)


def test_explorer_redraws_everything_for_new_data_a_turned_view_or_a_resized_canvas():
    ex = explorer(epochs=30)
    ex.controls["epochs"].value = 50
    assert ex.drawn == "run"
    ex.controls["noise"].value = 2.0  # new data, new boxes
    assert ex.drawn == "full"
    np.testing.assert_array_equal(_shown(ex.figure), _fresh(ex.step, legend=False))
    ex.controls["epochs"].value = 100
    assert ex.drawn == "run"
    ex.figure.axes[1].view_init(elev=10, azim=-30)  # what dragging the panel does
    ex.scrubber.value = 20
    assert ex.drawn == "full"
    turned = plot_explorer(ex.step, 20, fig=Figure(figsize=widgets.FIGSIZE, dpi=widgets.DPI),
                           legend=False)
    turned.axes[1].view_init(elev=10, azim=-30)
    np.testing.assert_array_equal(_shown(ex.figure), _pixels(turned))
    ex.scrubber.value = 21
    assert ex.drawn == "epoch"
    ex.figure.set_size_inches(6.0, 4.2)  # what ipympl does when the browser resizes it
    ex.scrubber.value = 22
    assert ex.drawn == "full" and _png_pixels(ex.png).shape == (420, 600, 4)


def test_render_explorer_rejects_other_figures():
    with pytest.raises(ValueError, match="fig must be a figure drawn by plot_explorer"):
        widgets.render_explorer(Figure())
    fig = plot_explorer(explore_step(epochs=5), fig=Figure())
    fig.clear()
    with pytest.raises(ValueError, match="fig must be a figure drawn by plot_explorer"):
        widgets.render_explorer(fig)


def test_explorer_boxes_fit_the_data_and_a_note_names_neurons_outside():
    fig = Figure(figsize=widgets.FIGSIZE, dpi=widgets.DPI)
    limits = []
    for settings in (dict(epochs=1), dict(epochs=2000, lr=0.2), dict(n_neurons=9)):
        step = explore_step(**settings)
        plot_explorer(step, fig=fig)
        limits.append([tuple(ax.get_w_lims()) for ax in fig.axes[:2]])
        assert [t.get_text() for t in (fig.axes[0].texts[-1], fig.axes[1].texts[-1])] == \
            ["", ""]
    # the same boxes in both panels and for every run on these data: points and stars fit
    assert limits[0][0] == limits[0][1] and limits[0] == limits[1] == limits[2]
    low, high = np.array(limits[0][0]).reshape(3, 2).T
    points = np.vstack([step.result.X, step.result.centroids])
    assert (points >= low).all() and (points <= high).all()
    # z-score with lr 0.5 overshoots: on this seed a neuron ends far outside the box
    step = explore_step(epochs=100, lr=0.5, normalize="zscore", seed=2)
    plot_explorer(step, fig=fig)
    outside = np.flatnonzero(((step.result.predicted < low)
                              | (step.result.predicted > high)).any(axis=1))
    assert len(outside) == 1
    assert fig.axes[0].texts[-1].get_text() == f"outside the box: neuron {outside[0]}"


def test_legend_html_lists_each_entry_with_its_marker():
    text = widgets.legend_html(3)
    assert text.count("<img ") == 6  # points, stars, path, three neurons
    assert "actual centroids" in text and "path from the start (hollow)" in text
    assert "neuron 2" in text and "neuron 3" not in text
    with pytest.raises(ValueError, match="n_neurons must be >= 0"):
        widgets.legend_html(-1)
    ex = explorer(epochs=10)
    assert "nbh-legend" in ex.legend._dom_classes and ex.legend.value == widgets.legend_html(5)
    ex.controls["n_neurons"].value = 7
    assert ex.legend.value == widgets.legend_html(7)


@pytest.mark.filterwarnings("ignore:Passing unrecognized arguments:DeprecationWarning")
def test_explorer_with_ipympl_sends_the_redrawn_pixels_at_once(interactive, monkeypatch):
    ex = explorer(epochs=20)
    canvas = ex.figure.canvas
    # before a browser shows the canvas, no picture is sent (ipympl would keep it as a
    # broken data URL, and the view would stay empty): the view asks for a draw instead
    assert ex.drawn is None and canvas._data_url is None
    canvas._handle_message(None, {"type": "initialized"}, [])  # what the view sends
    requests = []
    monkeypatch.setattr(canvas, "draw_idle", lambda: requests.append("draw"))
    for move, drawn in [(lambda: setattr(ex.controls["epochs"], "value", 30), "full"),
                        (lambda: setattr(ex.controls["epochs"], "value", 50), "run"),
                        (lambda: setattr(ex.scrubber, "value", 4), "epoch"),
                        (lambda: setattr(ex.controls["noise"], "value", 1.5), "full")]:
        move()
        assert ex.drawn == drawn
        # the image sent to the browser (ipympl keeps the last one to send differences)
        sent = canvas._last_buff.view(np.uint8).reshape(*canvas._last_buff.shape, 4)
        np.testing.assert_array_equal(sent, _fresh(ex.step, ex.scrubber.value,
                                                   legend=False))
    assert requests == []  # sent at once, without asking the browser to ask for a draw


def test_explorer_figure_keeps_its_axes_and_data_artists_for_another_number_of_neurons():
    fig = plot_explorer(explore_step(epochs=30), legend=False,
                        fig=Figure(figsize=widgets.FIGSIZE, dpi=widgets.DPI))
    axes, points = list(fig.axes), fig.axes[0].collections[0]
    plot_explorer(explore_step(epochs=30, n_neurons=8), fig=fig, legend=False)
    cmp3d, paths, _ = fig.axes
    assert fig.axes == axes and cmp3d.collections[0] is points  # only the neurons are new
    assert len(cmp3d.collections) == 2 + 8 and len(paths.lines) == 8
    plot_explorer(explore_step(epochs=30, n_neurons=2), fig=fig, legend=False)
    assert len(paths.lines) == 2 and len(paths.collections) == 2 + 2 * 2  # starts and ends
    np.testing.assert_array_equal(_pixels(fig), _fresh(explore_step(epochs=30, n_neurons=2),
                                                       legend=False))


@pytest.mark.filterwarnings("ignore:Passing unrecognized arguments:DeprecationWarning")
def test_explorer_playing_during_a_drag_keeps_no_pixels_without_ticks(interactive):
    from matplotlib.backend_bases import MouseEvent

    from nbhelpers import drag3d

    ex = explorer(epochs=100)
    canvas = ex.figure.canvas
    canvas._handle_message(None, {"type": "initialized"}, [])
    ex.controls["epochs"].value = 200  # a first full render, with layers kept
    paths = ex.figure.axes[1]
    x0, y0, x1, y1 = paths.bbox.extents
    x, y = (x0 + x1) / 2, (y0 + y1) / 2
    MouseEvent("button_press_event", canvas, x, y, button=1)._process()
    MouseEvent("motion_notify_event", canvas, x + 30, y, button=1)._process()
    canvas.draw()  # a drag frame: the paths panel without ticks
    assert drag3d.dragging(ex.figure)
    ex.scrubber.value = 40  # the play button moves on during the drag
    assert ex.drawn == "full"  # drawn whole, nothing kept
    MouseEvent("button_release_event", canvas, x + 30, y, button=1)._process()
    canvas.draw()  # what the release asks for: the whole figure, ticks back
    view = (paths.elev, paths.azim, paths.roll)
    ex.scrubber.value = 50
    fresh = Figure(figsize=widgets.FIGSIZE, dpi=widgets.DPI)
    plot_explorer(ex.step, 50, fig=fresh, legend=False)
    fresh.axes[1].view_init(*view)
    np.testing.assert_array_equal(np.asarray(canvas.buffer_rgba()), _pixels(fresh))


def test_the_outside_the_box_note_sits_under_the_title():
    step = explore_step(epochs=200, seed=2, normalize="zscore", lr=0.5)
    for legend in (True, False):
        fig = plot_explorer(step, 2, fig=Figure(figsize=widgets.FIGSIZE, dpi=widgets.DPI),
                            legend=legend)
        _pixels(fig)
        for ax in fig.axes[:2]:
            notes = [t for t in ax.texts if t.get_text().startswith("outside the box")]
            assert [t.get_text() for t in notes] == ["outside the box: neuron 0"]
            renderer = fig.canvas.get_renderer()
            note, title = notes[0].get_window_extent(renderer), ax.title.get_window_extent(
                renderer)
            assert note.y1 < title.y0  # below the title, not over it
