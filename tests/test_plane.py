"""Notebook 01's plane figures and scrubber: winner regions, the trace, the widget."""

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

from nbhelpers import CompetitiveLayer, make_clusters
from nbhelpers.plots import (
    legend_handles_2d,
    neuron_style,
    plane_limits,
    plot_winner_regions_2d,
    update_winner_regions_2d,
    winner_regions,
)
from nbhelpers.widgets import (
    PLANE_CSS_CLASSES,
    PlaneScrubber,
    PlaneTrace,
    plane_scrubber,
    plot_plane_moments,
    plot_plane_step,
    trace_training,
)

CENTRES = np.array([[-2.0, 2.0], [2.0, 2.5], [-1.5, -2.0], [2.5, -1.5]])


@pytest.fixture(scope="module")
def plane():
    rng = np.random.RandomState(2)
    X, _ = make_clusters(CENTRES, points_per_cluster=12, noise=0.5, random_state=rng)
    start = X[[rng.randint(len(X)) for _ in range(4)]]
    return X, start


@pytest.fixture
def fig():
    return Figure(figsize=(8, 4.6))


# --- winner_regions ---------------------------------------------------------------------------

def test_regions_are_the_argmin_of_the_distances():
    rng = np.random.RandomState(0)
    W = rng.uniform(-3, 3, (5, 2))
    regions, xs, ys = winner_regions(W, (-4, 4), (-2, 3), resolution=37)
    assert regions.shape == (37, 37) and xs.shape == ys.shape == (37,)
    assert xs[0] == -4 and xs[-1] == 4 and ys[0] == -2 and ys[-1] == 3
    for i in range(0, 37, 5):
        for j in range(0, 37, 6):
            point = np.array([xs[j], ys[i]])  # row i goes with y, column j with x
            assert regions[i, j] == np.argmin(np.linalg.norm(W - point, axis=1))
    assert set(np.unique(regions)) <= set(range(5))


def test_each_neuron_wins_its_own_place():
    W = np.array([[-1.0, -1.0], [1.0, 1.0]])
    regions, xs, ys = winner_regions(W, (-2, 2), (-2, 2), resolution=5)  # grid -2..2 step 1
    assert regions[1, 1] == 0 and regions[3, 3] == 1  # (-1, -1) and (1, 1)
    assert regions[0, 4] == 0  # (2, -2): a tie, broken towards the lower index


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(weights=[[0, 0, 0]]), ValueError, "2 features"),
    (dict(weights="ab"), TypeError, "2-D array"),
    (dict(weights=[[0, np.nan]]), ValueError, "NaN"),
    (dict(xlim=(1, 0)), ValueError, "low < high"),
    (dict(ylim=3), TypeError, "pair of numbers"),
    (dict(resolution=1), ValueError, ">= 2"),
    (dict(resolution=2.5), TypeError, "integer"),
])
def test_regions_refuse_bad_input(kwargs, error, words):
    args = dict(weights=[[0, 0], [1, 1]], xlim=(0, 1), ylim=(0, 1), resolution=10) | kwargs
    with pytest.raises(error, match=words):
        winner_regions(**args)


def test_plane_limits_cover_everything_with_the_same_margin():
    (x0, x1), (y0, y1) = plane_limits(np.array([[0.0, 0.0], [10.0, 2.0]]), margin=0.1)
    assert (x0, x1, y0, y1) == pytest.approx((-1, 11, -1, 3))
    with pytest.raises(ValueError, match="at least one"):
        plane_limits()
    with pytest.raises(ValueError, match=">= 0"):
        plane_limits(np.zeros((2, 2)), margin=-1)


# --- plot_winner_regions_2d ------------------------------------------------------------------

def test_the_shading_is_the_regions_in_the_neurons_colours(plane, fig):
    X, start = plane
    ax = fig.add_subplot()
    plot_winner_regions_2d(X, start, ax=ax, centroids=CENTRES, xlim=(-4, 4), ylim=(-3, 4),
                           resolution=50)
    image = ax.images[0]
    expected, _, _ = winner_regions(start, (-4, 4), (-3, 4), 50)
    assert np.array_equal(image.get_array(), expected)
    colours = image.get_cmap().colors
    assert [matplotlib.colors.to_hex(c).upper() for c in colours] == [
        neuron_style(k)["color"].upper() for k in range(4)]
    assert ax.get_xlim() == (-4, 4) and ax.get_ylim() == (-3, 4)
    numbers = [t for t in ax.texts if t.get_gid() and t.get_gid().startswith("number-")]
    assert [t.get_text() for t in numbers] == ["0", "1", "2", "3"]
    for k, t in enumerate(numbers):
        assert np.allclose(t.xy, start[k])
    markers = {c.get_gid(): c for c in ax.collections if c.get_gid()}
    for k in range(4):
        assert np.allclose(markers[f"neuron-{k}"].get_offsets(), start[k][None])


def test_update_moves_everything_to_the_new_step(plane, fig):
    X, start = plane
    ax = fig.add_subplot()
    plot_winner_regions_2d(X, start, ax=ax, resolution=40)
    moved = start + [0.5, -0.25]
    paths = np.array([start, moved])
    update_winner_regions_2d(ax, moved, sample=X[3], winner=2, paths=paths, resolution=40)
    expected, _, _ = winner_regions(moved, ax.get_xlim(), ax.get_ylim(), 40)
    assert np.array_equal(ax.images[0].get_array(), expected)
    found = {a.get_gid(): a for a in ax.lines + ax.collections if a.get_gid()}
    assert np.allclose(found["sample"].get_offsets(), X[3][None])
    assert np.allclose(np.column_stack(found["winner-line"].get_data()), [X[3], moved[2]])
    assert np.allclose(np.column_stack(found["path-1"].get_data()), paths[:, 1])
    update_winner_regions_2d(ax, moved)  # no sample: ring and line disappear
    assert len(found["sample"].get_offsets()) == 0
    assert len(found["winner-line"].get_xdata()) == 0


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(X=np.zeros((5, 3))), ValueError, "X must have 2 features"),
    (dict(weights=np.zeros((2, 3))), ValueError, "weights must have 2 features"),
    (dict(centroids=[1, 2]), ValueError, "2-D"),
    (dict(sample=[1, 2, 3]), ValueError, "one finite point"),
    (dict(winner=1), ValueError, "needs the sample"),
    (dict(sample=[0, 0], winner=2), ValueError, "below 2"),
    (dict(sample=[0, 0], winner=-1), ValueError, ">= 0"),
    (dict(paths=np.zeros((3, 3, 2))), ValueError, "paths must be"),
])
def test_plot_refuses_bad_input(kwargs, error, words, fig):
    args = dict(X=np.zeros((5, 2)), weights=[[0, 0], [1, 1]]) | kwargs
    with pytest.raises(error, match=words):
        plot_winner_regions_2d(ax=fig.add_subplot(), **args)


def test_update_refuses_an_axes_without_regions_or_other_neurons(plane, fig):
    X, start = plane
    with pytest.raises(ValueError, match="no figure"):
        update_winner_regions_2d(fig.add_subplot(), start)
    ax = fig.add_subplot()
    plot_winner_regions_2d(X, start, ax=ax, resolution=10)
    with pytest.raises(ValueError, match="4 rows"):
        update_winner_regions_2d(ax, start[:3])


def test_legend_has_one_entry_per_neuron_in_its_style():
    handles = legend_handles_2d(3, sample=True)
    labels = [h.get_label() for h in handles]
    assert labels[:3] == ["data points", "true centres", "sample shown"]
    for k, h in enumerate(handles[3:]):
        assert h.get_marker() == neuron_style(k)["marker"]
        assert h.get_label() == f"neuron {k} and its region"


# --- trace_training ---------------------------------------------------------------------------

@pytest.mark.parametrize("rule", ["wta", "cwta"])
def test_trace_equals_competitive_layer_at_every_pass_end(plane, rule):
    X, start = plane
    trace = trace_training(X, start, passes=6, lr=0.1, rule=rule)
    layer = CompetitiveLayer(4, lr=0.1, rule=rule, goal=0.0).fit(
        X, epochs=7, init_weights=start, record_history=True)
    assert np.array_equal(trace.weights[::len(X)], layer.history_)  # bit for bit
    assert trace.n_steps == 6 * len(X) and trace.pass_end(6) == trace.n_steps


def test_trace_records_the_winner_the_nearest_and_the_wins(plane):
    X, start = plane
    trace = trace_training(X, start, passes=2, lr=0.1, rule="cwta")
    n = len(X)
    assert trace.pass_number[0] == 0 and trace.winner[0] == -1
    assert trace.pass_number[1:n + 1].tolist() == [1] * n
    assert trace.sample[1:n + 1].tolist() == list(range(n))
    for step in range(1, trace.n_steps + 1):
        before, x = trace.weights[step - 1], X[trace.sample[step]]
        d = np.sqrt(np.sum(np.square(before - x), axis=1))
        counts = 1 + (trace.wins[step - 1] if trace.sample[step] else 0)
        assert trace.winner[step] == np.argmin(counts * d)
        assert trace.nearest[step] == np.argmin(d)
        moved = np.any(trace.weights[step] != before, axis=1)
        assert not moved[np.arange(4) != trace.winner[step]].any()  # only the winner moves
    assert trace.wins[n].sum() == n and trace.wins[2 * n].sum() == n  # counted per pass
    assert (trace.winner != trace.nearest).any()  # the conscience passed some on
    wta = trace_training(X, start, passes=2, lr=0.1, rule="wta")
    assert np.array_equal(wta.winner[1:], wta.nearest[1:])


def test_describe_says_what_happened(plane):
    X, start = plane
    trace = trace_training(X, start, passes=1, lr=0.1, rule="cwta")
    assert trace.describe(0) == "start, before training"
    handed = int(np.nonzero(trace.winner != trace.nearest)[0][0])
    line = trace.describe(handed)
    assert line.startswith(f"pass 1, sample {handed} of {len(X)}: neuron "
                           f"{trace.winner[handed]} wins")
    assert line.endswith(f"(nearest: {trace.nearest[handed]})")
    with pytest.raises(ValueError, match="between 0 and"):
        trace.describe(trace.n_steps + 1)
    with pytest.raises(ValueError, match="at most 1"):
        trace.pass_end(2)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(init_weights=np.zeros((2, 3))), ValueError, "2 columns"),
    (dict(passes=0), ValueError, ">= 1"),
    (dict(lr=0), ValueError, "> 0"),
    (dict(rule="kohonen"), ValueError, "'cwta', 'wta'"),
    (dict(X="points"), TypeError, "2-D array"),
    (dict(lr=1e200), ValueError, "inf/NaN"),
])
def test_trace_refuses_bad_input(plane, kwargs, error, words):
    X, start = plane
    args = dict(X=X, init_weights=start, passes=1) | kwargs
    with pytest.raises(error, match=words):
        trace_training(**args)


# --- plot_plane_step, plot_plane_moments and the scrubber ------------------------------------

@pytest.fixture(scope="module")
def traces(plane):
    X, start = plane
    return [trace_training(X, start, passes=3, lr=0.1, rule=rule) for rule in ("wta", "cwta")]


def test_step_figure_updates_in_place(traces, fig):
    plot_plane_step(traces, 0, fig=fig, centroids=CENTRES)
    axes = list(fig.axes)
    assert len(axes) == 2 and axes[0].get_title().startswith("plain winner-take-all")
    plot_plane_step(traces, 50, fig=fig, centroids=CENTRES)
    assert fig.axes == axes  # the same axes, moved
    assert traces[1].describe(50) in axes[1].get_title()
    neuron = {c.get_gid(): c for c in axes[1].collections if c.get_gid()}["neuron-2"]
    assert np.allclose(neuron.get_offsets(), traces[1].weights[50][2][None])
    plot_plane_step(traces[:1], 5, fig=fig)  # another shape: built anew
    assert len(fig.axes) == 1


def test_step_figure_refuses_bad_input(traces, plane, fig):
    X, start = plane
    with pytest.raises(ValueError, match="between 0 and"):
        plot_plane_step(traces, traces[0].n_steps + 1, fig=fig)
    with pytest.raises(TypeError, match="PlaneTrace"):
        plot_plane_step("trace", 0, fig=fig)
    with pytest.raises(TypeError, match="PlaneTrace"):
        plot_plane_step(traces * 2, 0, fig=fig)
    with pytest.raises(ValueError, match="same data"):
        plot_plane_step([traces[0], trace_training(X, start, passes=2, lr=0.1)], 0, fig=fig)
    with pytest.raises(ValueError, match="titles"):
        plot_plane_step(traces, 0, fig=fig, titles="one")
    with pytest.raises(TypeError, match="Figure"):
        plot_plane_step(traces, 0, fig="figure")
    X3 = np.random.RandomState(0).rand(10, 3)
    with pytest.raises(ValueError, match="2-D data"):
        plot_plane_step(trace_training(X3, X3[:2], passes=1), 0, fig=fig)


def test_moments_one_panel_per_trace_and_step(traces, fig):
    plot_plane_moments(traces, [0, 10, traces[0].n_steps], fig=fig, centroids=CENTRES)
    assert len(fig.axes) == 6
    assert fig.axes[4].get_title() == traces[1].describe(10).replace(": ", ":\n", 1)
    with pytest.raises(ValueError, match="1 to 4"):
        plot_plane_moments(traces, [0, 1, 2, 3, 4], fig=fig)
    with pytest.raises(ValueError, match=">= 0"):
        plot_plane_moments(traces, [-1], fig=fig)


def test_scrubber_redraws_in_place_and_moves_by_passes(traces):
    widget = plane_scrubber(traces, centroids=CENTRES)
    assert isinstance(widget, PlaneScrubber) and PLANE_CSS_CLASSES["scrubber"] in \
        widget._dom_classes
    assert widget.slider.max == traces[0].n_steps and widget.slider.value == 0
    first = widget.png
    assert first.startswith(b"\x89PNG") and len(widget.figure_output.outputs) == 1
    widget.slider.value = 7
    assert widget.png != first and len(widget.figure_output.outputs) == 1
    assert traces[0].describe(7) in widget.figure.axes[0].get_title()
    n = len(traces[0].X)
    widget.by.value = n  # one pass at a time: the slider lands on a pass end
    assert widget.slider.step == widget.play.step == n and widget.slider.value == 0
    widget.slider.value = 2 * n
    assert "pass 2, sample 48 of 48" in widget.figure.axes[1].get_title()
    assert "run the cell in JupyterLab" in repr(widget)


def test_scrubber_refuses_bad_input(traces):
    with pytest.raises(ValueError, match="between 0 and"):
        plane_scrubber(traces, step=10**6)
    with pytest.raises(TypeError, match="PlaneTrace"):
        plane_scrubber([])
    assert isinstance(traces[0], PlaneTrace)


def test_neuron_numbers_keep_clear_of_each_other_and_of_the_stars():
    from nbhelpers.plots import NUMBER_OFFSETS, number_offsets

    # two neurons side by side on a star: the numbers go different ways, none onto the star
    weights = np.array([[0.0, 0.0], [0.3, 0.0]])
    star = np.array([[0.15, 0.3]])
    offsets = number_offsets(weights, star, span=0.3)
    assert all(o in NUMBER_OFFSETS for o in offsets) and offsets[0] != offsets[1]
    assert all(o[1] < 0 for o in offsets)  # the star is above both: the numbers go below
    # alone in an empty plane the number takes the preferred spot; near an edge it turns away
    assert number_offsets(weights[:1], np.empty((0, 2)), span=0.3) == [NUMBER_OFFSETS[0]]
    at_top_right = number_offsets(np.array([[0.95, 0.95]]), np.empty((0, 2)), span=0.1,
                                  limits=((0, 1), (0, 1)))
    assert at_top_right[0][0] <= 0 and at_top_right[0][1] <= 0
