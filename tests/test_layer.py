import numpy as np
import pytest

from nbhelpers import CompetitiveLayer, TrainingDivergedError, _kernels, make_clusters
from nbhelpers.layer import learning_pass, sae_error


def test_fit_returns_self_and_sets_learned_attributes(tutorial_data):
    layer = CompetitiveLayer(5, random_state=0)
    assert layer.fit(tutorial_data, epochs=5) is layer
    assert layer.weights_.shape == (5, 3)
    assert layer.errors_.shape == (5,)
    assert layer.n_iter_ == 4
    assert layer.initial_weights_.shape == (5, 3)
    assert not np.array_equal(layer.initial_weights_, layer.weights_)


def test_initial_weights_are_samples_drawn_with_randint(tutorial_data):
    layer = CompetitiveLayer(5, random_state=3).fit(tutorial_data, epochs=1)
    rng = np.random.RandomState(3)
    expected = tutorial_data[[rng.randint(0, len(tutorial_data)) for _ in range(5)]]
    assert np.array_equal(layer.initial_weights_, expected)
    assert np.array_equal(layer.weights_, expected)  # epochs=1 makes no pass


def test_random_state_int_is_reproducible_and_global_rng_untouched(tutorial_data):
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    a = CompetitiveLayer(5, random_state=4).fit(tutorial_data, epochs=3).weights_
    b = CompetitiveLayer(5, random_state=4).fit(tutorial_data, epochs=3).weights_
    assert np.array_equal(a, b)
    assert np.array_equal(np.random.get_state()[1], before)


def test_predict_and_transform(tutorial_data):
    layer = CompetitiveLayer(5, random_state=0).fit(tutorial_data, epochs=20)
    d = layer.transform(tutorial_data)
    assert d.shape == (500, 5)
    np.testing.assert_allclose(
        d[7], np.linalg.norm(layer.weights_ - tutorial_data[7], axis=1), rtol=1e-12)
    assert np.array_equal(layer.predict(tutorial_data), d.argmin(axis=1))
    assert layer.score(tutorial_data) == pytest.approx(sae_error(tutorial_data, layer.weights_))


@pytest.mark.parametrize("rule", ["cwta", "wta"])
def test_engines_agree_including_history(tutorial_data, rule):
    runs = {}
    for engine in ("python", "numba"):
        runs[engine] = CompetitiveLayer(5, rule=rule, random_state=1, engine=engine).fit(
            tutorial_data, epochs=25, record_history=True)
    a, b = runs["python"], runs["numba"]
    assert np.array_equal(a.weights_, b.weights_)
    assert np.array_equal(a.errors_, b.errors_)
    assert np.array_equal(a.history_, b.history_)
    assert a.history_.shape == (25, 5, 3)
    assert np.array_equal(a.history_[0], a.initial_weights_)
    assert np.array_equal(a.history_[-1], a.weights_)


def test_conscience_changes_winners_compared_with_wta(tutorial_data):
    cwta = CompetitiveLayer(5, rule="cwta", random_state=5).fit(tutorial_data, epochs=10)
    wta = CompetitiveLayer(5, rule="wta", random_state=5).fit(tutorial_data, epochs=10)
    assert not np.array_equal(cwta.weights_, wta.weights_)


def test_single_pass_by_hand():
    X = np.array([[0.0, 0.0], [1.0, 0.0]])
    W = np.array([[0.0, 1.0], [3.0, 3.0]])
    learning_pass(X, W, 0.5, True)
    # sample 0: distances (1, 4.24), neuron 0 wins, moves 0.5 * 1 * (0 - 1) in y
    # sample 1: conscience (2, 1): scores (2 * |(1, -0.5)|, |(-2, -3)|) = (2.24, 3.61), 0 wins
    d1 = np.hypot(1.0, -0.5)
    expected0 = np.array([0.0, 0.5]) + 0.5 * d1 * (np.array([1.0, 0.0]) - [0.0, 0.5])
    np.testing.assert_array_equal(W[0], expected0)
    np.testing.assert_array_equal(W[1], [3.0, 3.0])


def test_pairwise_sum_matches_numpy_bit_for_bit():
    rng = np.random.default_rng(0)
    for n in [0, 1, 7, 8, 9, 127, 128, 129, 255, 256, 1000, 1500, 4099]:
        a = np.abs(rng.normal(size=n)) * 10.0 ** rng.uniform(-4, 4, size=n)
        assert _kernels.pairwise_sum(a) == np.sum(a), n


def test_divergence_raises_with_epoch_and_remedy():
    X = np.array([[0.0, 0.0], [100.0, 100.0], [0.0, 100.0], [100.0, 0.0]] * 5)
    for engine in ("python", "numba"):
        layer = CompetitiveLayer(2, lr=0.5, random_state=0, engine=engine)
        with pytest.raises(TrainingDivergedError, match=r"epoch \d+.*(smaller lr|Scale)"):
            layer.fit(X, epochs=50)
        assert layer.weights_ is None


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"n_neurons": 0}, ValueError, "n_neurons must be >= 1"),
        ({"n_neurons": 2.5}, TypeError, "n_neurons must be an integer"),
        ({"n_neurons": 2, "lr": 0}, ValueError, "lr must be > 0"),
        ({"n_neurons": 2, "lr": -1}, ValueError, "lr must be > 0"),
        ({"n_neurons": 2, "lr": "fast"}, TypeError, "lr must be a number"),
        ({"n_neurons": 2, "rule": "kmeans"}, ValueError, "rule must be one of 'cwta', 'wta'"),
        ({"n_neurons": 2, "engine": "gpu"}, ValueError, "engine must be one of"),
        ({"n_neurons": 2, "random_state": "seed"}, TypeError, "random_state must be"),
        ({"n_neurons": 2, "goal": float("nan")}, ValueError, "goal must be finite"),
    ],
)
def test_bad_parameters(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        CompetitiveLayer(**kwargs).fit(np.zeros((5, 2)) + np.arange(5)[:, None], epochs=2)


@pytest.mark.parametrize(
    ("X", "fit_kwargs", "exc", "match"),
    [
        (np.arange(6.0), {}, ValueError, "X must be 2-D"),
        (np.empty((0, 3)), {}, ValueError, "at least 1 sample"),
        ([[1.0, np.nan], [0.0, 1.0], [2.0, 2.0]], {}, ValueError, "NaN or infinite"),
        ([[1.0, np.inf], [0.0, 1.0], [2.0, 2.0]], {}, ValueError, "NaN or infinite"),
        ([["a", "b"]], {}, TypeError, "X must be a 2-D array of numbers"),
        (np.ones((2, 3)), {}, ValueError, "2 samples but n_neurons=3"),
        (np.eye(4), {"epochs": 0}, ValueError, "epochs must be >= 1"),
        (np.eye(4), {"epochs": 2.0}, TypeError, "epochs must be an integer"),
        (np.eye(4), {"init_weights": np.zeros((2, 4))}, ValueError,
         r"init_weights must have shape \(n_neurons, n_features\) = \(3, 4\)"),
    ],
)
def test_bad_data(X, fit_kwargs, exc, match):
    with pytest.raises(exc, match=match):
        CompetitiveLayer(3).fit(X, **fit_kwargs)


def test_init_weights_are_used_and_not_modified(tutorial_data):
    init = tutorial_data[:5].copy()
    layer = CompetitiveLayer(5).fit(tutorial_data, epochs=3, init_weights=init)
    assert np.array_equal(layer.initial_weights_, tutorial_data[:5])
    assert np.array_equal(init, tutorial_data[:5])


def test_unfitted_layer_and_feature_mismatch(tutorial_data):
    with pytest.raises(RuntimeError, match="not fitted"):
        CompetitiveLayer(2).predict(tutorial_data)
    layer = CompetitiveLayer(2, random_state=0).fit(tutorial_data, epochs=2)
    with pytest.raises(ValueError, match="2 features but the layer was trained on 3"):
        layer.predict(np.ones((4, 2)))


def test_repr_shows_non_default_parameters():
    assert repr(CompetitiveLayer(5)) == "CompetitiveLayer(5)"
    assert repr(CompetitiveLayer(3, lr=0.1, rule="wta")) == \
        "CompetitiveLayer(3, lr=0.1, rule='wta')"


def test_compiled_engine_works_where_no_cache_can_be_written(tmp_path):
    """A read-only install: numba cannot write its cache anywhere, and training still works."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "nbhelpers"
    copy = tmp_path / "site" / "nbhelpers"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "__pycache__").write_text("a file where the cache folder would go")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "missing"),
           "NUMBA_CACHE_DIR": str(copy / "__pycache__" / "numba"),
           "PYTHONPATH": str(copy.parent), "PYTHONDONTWRITEBYTECODE": "1"}
    code = (
        "import numpy as np, nbhelpers\n"
        f"assert nbhelpers.__file__.startswith({str(copy)!r})\n"
        "from nbhelpers import CompetitiveLayer, make_clusters\n"
        "X, _ = make_clusters(random_state=0); X = X / np.linalg.norm(X)\n"
        "a = CompetitiveLayer(5, engine='numba', random_state=0).fit(X, epochs=20)\n"
        "b = CompetitiveLayer(5, engine='python', random_state=0).fit(X, epochs=20)\n"
        "print('same', np.array_equal(a.weights_, b.weights_))\n"
    )
    out = subprocess.run([sys.executable, "-W", "error::UserWarning", "-c", code],
                         capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "same True"
    assert not (copy / "__pycache__").is_dir()


# --- step= and lr_schedule=: the variants the later lessons compare with neurolab's layer ---

@pytest.mark.parametrize("step", ["neurolab", "textbook"])
@pytest.mark.parametrize("lr_schedule", ["constant", "linear", "1/wins"])
@pytest.mark.parametrize("rule", ["cwta", "wta"])
def test_both_engines_agree_on_every_step_and_schedule(step, lr_schedule, rule):
    X, _ = make_clusters(points_per_cluster=20, random_state=3)
    X = X / 10
    lr = 0.5 if step == "textbook" else 0.05
    runs = [CompetitiveLayer(5, lr=lr, rule=rule, step=step, lr_schedule=lr_schedule,
                             engine=engine, random_state=1).fit(X, epochs=6)
            for engine in ("python", "numba")]
    np.testing.assert_allclose(runs[0].weights_, runs[1].weights_, rtol=0, atol=1e-12)
    np.testing.assert_allclose(runs[0].errors_, runs[1].errors_, rtol=1e-12)


def test_textbook_step_with_1_over_wins_makes_each_neuron_the_mean_of_its_samples():
    # MacQueen (1967): one pass with rate 1/n and the textbook step keeps each neuron at the
    # mean of its starting sample and every sample it won.
    X, _ = make_clusters(points_per_cluster=30, random_state=5)
    layer = CompetitiveLayer(5, lr=1.0, rule="wta", step="textbook", lr_schedule="1/wins",
                             random_state=2, engine="python").fit(X, epochs=2)
    W = layer.initial_weights_.copy()
    members = [[w.copy()] for w in W]
    for x in X:  # the same pass written as running means
        k = int(np.argmin(np.linalg.norm(W - x, axis=1)))
        members[k].append(x)
        W[k] = np.mean(members[k], axis=0)
    np.testing.assert_allclose(layer.weights_, W, rtol=0, atol=1e-12)


@pytest.mark.parametrize("engine", ["python", "numba"])
def test_linear_schedule_lowers_the_rate_pass_by_pass(engine):
    # One neuron at 0 and one sample at 1, 2 passes at lr=0.5 with the textbook step:
    # constant moves it by 0.5 then 0.25 (half the rest); linear uses 0.5 then 0.25 as rates.
    for schedule, expected in [("constant", 0.75), ("linear", 0.5 + 0.25 * 0.5)]:
        layer = CompetitiveLayer(1, lr=0.5, step="textbook", lr_schedule=schedule, goal=0,
                                 engine=engine).fit([[1.0]], epochs=3, init_weights=[[0.0]])
        assert layer.weights_[0, 0] == pytest.approx(expected, abs=1e-15), schedule


def test_default_step_and_schedule_leave_neurolabs_numbers_alone():
    X, _ = make_clusters(random_state=0)
    X = X / np.linalg.norm(X)
    a = CompetitiveLayer(5, random_state=0).fit(X, epochs=30)
    b = CompetitiveLayer(5, random_state=0, step="neurolab",
                         lr_schedule="constant").fit(X, epochs=30)
    np.testing.assert_array_equal(a.weights_, b.weights_)


@pytest.mark.parametrize("param, value", [("step", "kohonen"), ("lr_schedule", "exp")])
def test_unknown_step_or_schedule_is_a_clear_error(param, value):
    X, _ = make_clusters(points_per_cluster=5, random_state=0)
    with pytest.raises(ValueError, match=param):
        CompetitiveLayer(2, **{param: value}).fit(X, epochs=2)


def test_divergence_message_names_the_step_that_was_used():
    X = np.array([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]] * 5)
    for step, formula in [("neurolab", "lr * d * (x - w)"), ("textbook", "lr * (x - w)")]:
        layer = CompetitiveLayer(1, lr=2.5, rule="wta", step=step)
        with pytest.raises(TrainingDivergedError) as info:
            layer.fit(X, epochs=200, init_weights=[[0.0, 0.0, 0.0]])
        assert f"steps of {formula} overshot" in str(info.value), str(info.value)
