import re

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nbhelpers import plots, run_tutorial
from nbhelpers.layer import TrainingDivergedError


def test_run_tutorial_is_the_tutorial_and_leaves_global_rng_alone():
    np.random.seed(99)
    state = np.random.get_state()[1].copy()
    result = run_tutorial(epochs=100)
    assert np.array_equal(np.random.get_state()[1], state)
    assert result.match.mean_distance < 1.0
    assert len(result.errors) == 100
    assert result.predicted.shape == (5, 3)
    assert "mean distance" in result.table()


def test_run_tutorial_same_result_with_neurolab():
    a = run_tutorial(epochs=10, trainer="scratch")
    b = run_tutorial(epochs=10, trainer="neurolab")
    assert np.array_equal(a.weights, b.weights)
    assert np.array_equal(a.errors, b.errors)


def test_run_tutorial_history_in_data_units():
    r = run_tutorial(epochs=5, normalize="minmax", record_history=True)
    assert r.history.shape == (5, 5, 3)
    np.testing.assert_allclose(r.history[-1], r.predicted)


def test_run_tutorial_errors():
    with pytest.raises(ValueError, match="trainer must be one of"):
        run_tutorial(trainer="sklearn")
    with pytest.raises(ValueError, match="record_history needs trainer='scratch'"):
        run_tutorial(trainer="neurolab", record_history=True)
    with pytest.raises(TrainingDivergedError, match="diverged"):
        run_tutorial(normalize="none", lr=0.5, epochs=10, trainer="neurolab")
    with pytest.raises(ValueError, match="seed must be >= 0"):
        run_tutorial(seed=-3)


def test_comparison_plot_uses_given_axes_and_distinct_markers():
    r = run_tutorial(epochs=5)
    fig = plt.figure()
    ax = fig.add_subplot(projection="3d")
    assert plots.plot_comparison_3d(r.X, r.centroids, r.predicted, ax=ax) is ax
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["data points", "actual centroids"] + [f"neuron {k}" for k in range(5)]
    assert ax.get_xlabel().startswith("x") and ax.get_zlabel().startswith("z")
    neuron_markers = [plots.neuron_style(k)["marker"] for k in range(10)]
    assert len(set(neuron_markers)) == 10  # up to 10 neurons, each has its own shape
    assert plots.ACTUAL_STYLE["marker"] not in neuron_markers
    labels = [t.get_text().strip() for t in ax.texts]
    assert labels == [f"c{i}" for i in range(5)] + [str(k) for k in range(5)]  # stars, neurons
    cluster_markers = plots.CLUSTER_MARKERS[:5]
    assert not set(neuron_markers[:5]) & set(cluster_markers)  # a neuron never looks like a cluster
    assert all(plots.neuron_style(k)["color"] != plots.CLUSTER_COLORS[k] for k in range(5))


def test_neurons_are_drawn_over_the_stars_and_the_stars_over_the_points():
    r = run_tutorial(epochs=5, record_history=True)
    for draw in (lambda ax: plots.plot_comparison_3d(r.X, r.centroids, r.predicted, ax=ax),
                 lambda ax: plots.plot_trajectories_3d(r.history, r.X, r.centroids, ax=ax)):
        ax = plt.figure().add_subplot(projection="3d")
        draw(ax)
        assert ax.computed_zorder is False  # zorder decides, not the depth of each marker
        order = {}
        for c in ax.collections:
            marker = c.get_paths()[0] if len(c.get_offsets()) else None
            kind = ("points" if c.get_label() == "data points" else
                    "stars" if c.get_label() == "actual centroids" else "neurons")
            if marker is not None:
                order.setdefault(kind, []).append(c.get_zorder())
        assert max(order["points"]) < min(order["stars"]) < min(order["neurons"])


def test_nearest_cluster_plot_shows_one_step_line_per_neuron():
    history = np.zeros((4, 2, 3))
    history[2:, 1] = [5.0, 5.0, 5.0]  # neuron 1 moves to the second centroid at epoch 3
    centroids = np.array([[0.0, 0.0, 0.0], [5.0, 5.0, 5.0]])
    ax = plots.plot_nearest_cluster(history, centroids, logx=False)
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == ["neuron 0", "neuron 1"]
    levels = np.round(lines[1].get_ydata()).tolist()
    assert levels == [0, 0, 1, 1]
    assert lines[0].get_color() != lines[1].get_color()


def test_mouse_drag_keeps_z_upright():
    import matplotlib

    assert matplotlib.rcParams["axes3d.mouserotationstyle"] == "azel"


def test_plot_helpers_reject_bad_input():
    with pytest.raises(TypeError, match="ax must be a 3-D axes"):
        _, ax2d = plt.subplots()
        plots.plot_clusters_3d(np.ones((4, 3)), ax=ax2d)
    with pytest.raises(ValueError, match="X must have 3 features"):
        plots.plot_clusters_3d(np.ones((4, 2)))
    with pytest.raises(ValueError, match="labels must have one entry per point"):
        plots.plot_clusters_3d(np.ones((4, 3)), labels=[0, 1])
    with pytest.raises(ValueError, match="errors must be a non-empty 1-D"):
        plots.plot_error_curve([])
    with pytest.raises(ValueError, match="history must have shape"):
        plots.plot_trajectories_3d(np.ones((3, 2)))
    with pytest.raises(ValueError, match="epoch must be between 1 and 3"):
        plots.plot_trajectories_3d(np.ones((3, 2, 3)), epoch=4)
    with pytest.raises(ValueError, match="history must have shape"):
        plots.plot_nearest_cluster(np.ones((3, 2)), np.ones((2, 3)))
    with pytest.raises(ValueError, match="same number of features"):
        plots.plot_nearest_cluster(np.ones((3, 2, 3)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="centroids must have 3 features"):
        plots.plot_centroids_3d(np.ones((2, 2)))
    with pytest.raises(TypeError, match="ax must be a 3-D axes"):
        plots.plot_centroids_3d(np.ones((2, 3)), ax=plt.subplots()[1])
    with pytest.raises(TypeError, match="k must be an integer"):
        plots.neuron_style(1.5)
    with pytest.raises(ValueError, match="n_neurons must be >= 0"):
        plots.legend_handles(-1)


def test_other_plots_return_their_axes():
    r = run_tutorial(epochs=5, record_history=True)
    ax = plots.plot_error_curve(r.errors, reference=0.5)
    assert ax.get_xlabel() == "epoch"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "epoch 1: untrained weights" in legend and any("0.5" in t for t in legend)
    ax = plots.plot_trajectories_3d(r.history, X=r.X, actual=r.centroids, epoch=3)
    assert ax.get_title()
    ax = plots.plot_winner_step(np.array([0.0, 0.0]), np.array([[0.0, 1.0], [2.0, 2.0]]), 0,
                                np.array([[0.0, 0.5], [2.0, 2.0]]))
    assert ax.get_xlabel() == "feature 1"
    ax = plots.plot_clusters_3d(r.X, r.labels)
    assert len(ax.get_legend().get_texts()) == 5


@pytest.mark.parametrize(
    ("args", "kwargs", "exc", "match"),
    [
        ((np.ones((4, 3)) * np.nan, 2, 5), {}, ValueError, "X_scaled contains NaN"),
        ((np.eye(3), 0, 5), {}, ValueError, "n_neurons must be >= 1"),
        ((np.eye(3), 2, 0), {}, ValueError, "epochs must be >= 1"),
        ((np.eye(3), 2, 5), {"lr": -0.1}, ValueError, "lr must be > 0"),
        ((np.eye(3), 2, 5), {"rule": "som"}, ValueError, "rule must be one of"),
        ((np.eye(3), 4, 5), {}, ValueError, "3 samples but n_neurons=4"),
        ((np.eye(3), 2, 5), {"random_state": "x"}, TypeError, "random_state must be"),
    ],
)
def test_train_neurolab_rejects_bad_input(args, kwargs, exc, match):
    from nbhelpers.neurolab_compat import train_neurolab

    with pytest.raises(exc, match=match):
        train_neurolab(*args, **kwargs)


def test_train_neurolab_equals_the_layer_and_leaves_global_rng_alone():
    from nbhelpers import CompetitiveLayer
    from nbhelpers.neurolab_compat import train_neurolab

    X = np.random.RandomState(0).uniform(size=(40, 2))
    np.random.seed(5)
    state = np.random.get_state()[1].copy()
    weights, errors = train_neurolab(X, 3, 15, lr=0.1, rule="wta", random_state=8)
    assert np.array_equal(np.random.get_state()[1], state)
    layer = CompetitiveLayer(3, lr=0.1, rule="wta", random_state=8).fit(X, epochs=15)
    assert np.array_equal(weights, layer.weights_)
    assert np.array_equal(errors, layer.errors_)


def test_train_and_compare_on_given_data_matches_run_tutorial_and_checks_input():
    from nbhelpers import SEED_CENTROIDS, make_clusters
    from nbhelpers.tutorial import train_and_compare

    rng = np.random.RandomState(3)
    X, labels = make_clusters(random_state=rng)
    kwargs = dict(epochs=20, n_neurons=5, lr=0.01, normalize="minmax", rule="cwta",
                  trainer="scratch", record_history=False, engine="numba")
    r = train_and_compare(X, labels, SEED_CENTROIDS, rng, **kwargs)
    ref = run_tutorial(seed=3, epochs=20, normalize="minmax")
    assert np.array_equal(r.weights, ref.weights)
    for bad, match in [({"trainer": "sklearn"}, "trainer must be one of"),
                       ({"normalize": "l1"}, "normalize must be one of"),
                       ({"trainer": "neurolab", "record_history": True}, "record_history needs")]:
        with pytest.raises(ValueError, match=match):
            train_and_compare(X, labels, SEED_CENTROIDS, 0, **{**kwargs, **bad})


def test_train_neurolab_reports_divergence_in_the_same_pass_as_the_layer():
    from nbhelpers import CompetitiveLayer
    from nbhelpers.neurolab_compat import train_neurolab

    X = np.array([[0.0, 0.0], [100.0, 100.0], [0.0, 100.0], [100.0, 0.0]] * 5)
    with pytest.raises(TrainingDivergedError) as ours:
        CompetitiveLayer(2, lr=0.5, random_state=0).fit(X, epochs=5)
    with pytest.raises(TrainingDivergedError, match=r"diverged by pass \d+") as theirs:
        train_neurolab(X, 2, 5, lr=0.5, random_state=0)
    pass_number = re.compile(r"pass (\d+)")
    assert pass_number.search(str(ours.value))[1] == pass_number.search(str(theirs.value))[1]
