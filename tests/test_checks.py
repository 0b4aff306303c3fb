"""The exercise self-checks: right answers pass, unfinished and wrong ones get a hint, never a
traceback, always in one deterministic line."""

import itertools

import numpy as np
import pytest
import test_checks_nb01_plane as nb01_tests
import test_checks_nb08 as nb08_tests
import test_checks_nb09 as nb09_tests
import test_checks_nb10 as nb10_tests
import test_checks_nb11 as nb11_tests
import test_checks_nb12 as nb12_tests
import test_checks_nb13 as nb13_tests

from nbhelpers import (
    SEED_CENTROIDS,
    CompetitiveLayer,
    checks,
    dead_neurons,
    make_clusters,
    make_scaler,
    run_tutorial,
)


def stub(*args, **kwargs):
    raise NotImplementedError("Exercise: write it")


# --- right answers (the same as the notebooks' solution cells) ------------------------------

def tutorial_clusters(centroids, points_per_cluster, noise):
    centroids = np.asarray(centroids, dtype=float)
    k, dims = centroids.shape
    points = (centroids + noise * np.random.randn(points_per_cluster, k, dims)).reshape(-1, dims)
    np.random.shuffle(points)
    return points


def count_nearer_another(noise, seed):
    X, labels = make_clusters(noise=noise, random_state=seed)
    dist = np.linalg.norm(X[:, None, :] - SEED_CENTROIDS[None, :, :], axis=2)
    return int(np.sum(dist.argmin(axis=1) != labels))


def totals(noise):
    return sum(count_nearer_another(noise, seed) for seed in range(5))


def minmax_scale(X):
    X = np.asarray(X, dtype=float)
    return (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0))


def zscore(X):
    X = np.asarray(X, dtype=float)
    return (X - X.mean(axis=0)) / X.std(axis=0), X.mean(axis=0), X.std(axis=0)


def unzscore(Z, mean, std):
    return np.asarray(Z) * std + mean


def wta_step(W, x, lr):
    W = np.array(W, dtype=float)
    d = np.linalg.norm(W - x, axis=1)  # not np.sqrt(np.sum(...)): checks allow rounding
    winner = np.argmin(d)
    W[winner] += lr * d[winner] * (x - W[winner])
    return W


def best_matching_distance(actual, predicted):
    return min(np.linalg.norm(actual - predicted[list(p)], axis=1).mean()
               for p in itertools.permutations(range(len(predicted))))


def textbook_pass(X, W, lr):
    for x in X:
        winner = np.argmin(np.linalg.norm(W - x, axis=1))
        W[winner] += lr * (x - W[winner])


def plot_comparison(X, actual, predicted, ax):
    ax.scatter(*X.T, marker=".", label="data")
    ax.scatter(*actual.T, marker="*", label="actual")
    ax.plot(*predicted.T, marker="h", linestyle="", label="predicted")  # a Line3D works too
    ax.set(xlabel="x", ylabel="y", zlabel="z")
    ax.legend()
    return ax


def fewest_epochs(noise, tol, candidates=(10, 20, 50, 100, 200, 500, 1000, 2000)):
    for epochs in candidates:
        if run_tutorial(epochs=epochs, noise=noise).match.mean_distance <= tol:
            return epochs
    return None


X_MM = make_scaler("minmax").fit_transform(make_clusters(random_state=0)[0])
MEASURED = {(n, e): run_tutorial(epochs=e, noise=n).match.mean_distance
            for n in (0.8, 1.6) for e in (500, 2000)}

RIGHT = [
    (checks.check_tutorial_clusters, (tutorial_clusters,)),
    (checks.check_noise_factor, (14, totals(2.0) / totals(1.0))),
    (checks.check_minmax_scale, (minmax_scale,)),
    (checks.check_zscore, (zscore, unzscore)),
    (checks.check_wta_step, (wta_step,)),
    (checks.check_best_matching_distance, (best_matching_distance,)),
    (checks.check_textbook_pass, (textbook_pass,)),
    (checks.check_dead_neuron, (np.vstack([X_MM[:4], [2.0, 2.0, 2.0]]),)),
    (checks.check_plot_comparison, (plot_comparison,)),
    (checks.check_lr_minmax, (0.1,)),
    (checks.check_noise_prediction, ("b", MEASURED)),
    (checks.check_fewest_epochs, (fewest_epochs,)),
    # the lessons after the tutorial: their solutions are those of their own test files
    (checks.check_winner, (nb01_tests.winner,)),
    (checks.check_empty_cluster_start, (nb01_tests.SOLUTION_START,)),
    (checks.check_takeover, (nb08_tests.takeover_solution,)),
    (checks.check_widen, (nb08_tests.widen_solution,)),
    (checks.check_silhouette_of, (nb09_tests.silhouette_of,)),
    (checks.check_elbow, (nb09_tests.elbow,)),
    (checks.check_sample_weights, (nb10_tests.sample_weights,)),
    (checks.check_linear_rates, (nb10_tests.linear_rates,)),
    (checks.check_lloyd_step, (nb11_tests.lloyd_step,)),
    (checks.check_restarts, (10, nb11_tests._distances(10))),
    (checks.check_lr_in_255_units, (0.1 / 255,)),
    (checks.check_psnr, (nb12_tests.solution_psnr,)),
    (checks.check_train_lvq1, (nb13_tests.train_lvq1, "falling", nb13_tests.HELD_OUT)),
    (checks.check_som_step, (nb13_tests.som_step,)),
]
NAMES = [check.__name__ for check, _ in RIGHT]
# (check, argument position) of predictions: never marked, so any positive number passes
PREDICTIONS = {("check_noise_factor", 0)}  # check_restarts: 0 to 10 seeds, so 42 is refused


def test_every_check_is_covered():
    public = {name for name in checks.__all__ if name.startswith("check_")}
    assert public == set(NAMES)


def _one_line(capsys, check, *args):
    check(*args)
    out, err = capsys.readouterr()
    assert err == ""
    assert out.endswith("\n") and out.count("\n") == 1, f"not one line: {out!r}"
    return out.rstrip("\n")


@pytest.mark.parametrize(("check", "args"), RIGHT, ids=NAMES)
def test_right_answer_passes_in_one_deterministic_line(capsys, check, args):
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    first = _one_line(capsys, check, *args)
    assert first.startswith(checks.PASSED + " "), first
    assert np.array_equal(np.random.get_state()[1], before), "the global RNG was disturbed"
    assert _one_line(capsys, check, *args) == first


@pytest.mark.parametrize(("check", "args"), RIGHT, ids=NAMES)
def test_unfinished_stub_gets_not_done_yet(capsys, check, args):
    # the stub of a function raises NotImplementedError; the stub of a value is `...`
    unfinished = tuple(stub if callable(a) else ... for a in args)
    line = _one_line(capsys, check, *unfinished)
    assert line.startswith(checks.NOT_YET + " ")
    assert "..." in line, line  # every not-done message points at the ... to replace


def raises_value_error(*args, **kwargs):
    raise ValueError("boom")


GARBAGE = [None, 42, "text", [1, 2], raises_value_error, lambda *a, **k: None,
           lambda *a, **k: "text", lambda *a, **k: np.zeros((2, 2, 2)), float("nan")]


@pytest.mark.parametrize(("check", "args"), RIGHT, ids=NAMES)
def test_garbage_never_raises_and_never_passes(capsys, check, args):
    for junk in GARBAGE:
        for position in range(len(args)):
            bad = list(args)
            bad[position] = junk
            line = _one_line(capsys, check, *bad)
            if (check.__name__, position) in PREDICTIONS and junk == 42:
                assert line.startswith(checks.PASSED + " ") and "42" in line, line
                continue
            assert line.startswith(checks.NOT_YET + " "), (junk, line)


def _hint(check, *args):
    passed, message = check.verdict(*args)
    assert not passed, message
    return message


# --- wrong answers get the hint that fits ---------------------------------------------------

def test_tutorial_clusters_hints():
    def unshuffled(c, p, noise):
        c = np.asarray(c, dtype=float)
        return (c + noise * np.random.randn(p, *c.shape)).reshape(-1, c.shape[1])

    def permuted_after(c, p, noise):
        X = unshuffled(c, p, noise)
        return X[np.random.permutation(len(X))][::-1]

    def no_reshape(c, p, noise):
        return c + noise * np.random.randn(p, *np.shape(c))

    def other_noise(c, p, noise):
        return tutorial_clusters(c, p, 2 * noise)

    check = checks.check_tutorial_clusters
    assert "first order" in _hint(check, unshuffled)
    assert "another order" in _hint(check, permuted_after)
    assert "shape" in _hint(check, no_reshape)
    assert "differ from the tutorial" in _hint(check, other_noise)


def test_noise_factor_hints():
    check = checks.check_noise_factor
    measured = totals(2.0) / totals(1.0)
    seed0 = count_nearer_another(2.0, 0) / count_nearer_another(1.0, 0)
    per_seed = np.mean([count_nearer_another(2.0, s) / count_nearer_another(1.0, s)
                        for s in range(5)])
    assert "prediction" in _hint(check, ..., measured)
    assert "prediction" in _hint(check, ..., 1.5)  # the prediction comes first
    assert "larger than 0" in _hint(check, -3, measured)
    assert "number" in _hint(check, "two", measured)
    assert "other way round" in _hint(check, 8, 1 / measured)
    assert "seed 0 alone" in _hint(check, 8, seed0)
    assert "per-seed" in _hint(check, 8, per_seed)
    assert "*another*" in _hint(check, 8, (2500 - totals(2.0)) / (2500 - totals(1.0)))
    assert "mean distance" in _hint(check, 8, 2.0)
    message = _hint(check, 8, 5.0)
    assert "not the factor" in message and f"{measured:.2f}" not in message


@pytest.mark.parametrize(("prediction", "verdict"), [
    (0.5, "more than your prediction of 0.5"),
    (2, "more than your prediction of 2"),
    (7, "close to your prediction of 7"),
    (14, "less than your prediction of 14"),
    (17, "less than your prediction of 17"),
    (1e3, "less than your prediction of 1000"),
])
def test_noise_factor_never_marks_the_prediction(prediction, verdict):
    measured = totals(2.0) / totals(1.0)
    passed, message = checks.check_noise_factor.verdict(prediction, measured)
    assert passed, message
    assert verdict in message and f"you measured {measured:.2f}" in message
    # the explanation's numbers are the data's: the 0.8 -> 1.6 growth and the counts at 1.0, 0.8
    assert f"{totals(1.6) / totals(0.8):.1f}-fold ({totals(0.8)} to {totals(1.6)}" in message
    assert f"({totals(1.0)}, against {totals(0.8)} at 0.8)" in message
    assert "seeds 0 to 4 together" in message


def test_minmax_scale_hints():
    check = checks.check_minmax_scale

    def whole_array(X):
        return (X - X.min()) / (X.max() - X.min())

    def by_max(X):
        return (X - X.min(axis=0)) / X.max(axis=0)

    def no_shift(X):
        return X / (X.max(axis=0) - X.min(axis=0))

    assert "axis=0" in _hint(check, whole_array)
    assert "not by its max" in _hint(check, by_max)
    assert "z-scoring" in _hint(check, lambda X: zscore(X)[0])
    assert "minimum first" in _hint(check, no_shift)
    assert "shape" in _hint(check, lambda X: X.T)


def test_zscore_hints():
    check = checks.check_zscore

    def sample_std(X):
        return (X - X.mean(axis=0)) / X.std(axis=0, ddof=1), X.mean(axis=0), X.std(axis=0, ddof=1)

    def two_things(X):
        return zscore(X)[:2]

    assert "ddof=0" in _hint(check, sample_std, unzscore)
    assert "three things" in _hint(check, two_things, unzscore)
    assert "reverse order" in _hint(check, zscore, lambda Z, m, s: (Z - m) / s)
    assert "order matters" in _hint(check, zscore, lambda Z, m, s: (Z + m) * s)
    assert "axis=0" in _hint(check, lambda X: (X, X.mean(), X.std()), unzscore)


def test_wta_step_hints():
    check = checks.check_wta_step

    def every(W, x, lr):
        d = np.linalg.norm(W - x, axis=1)
        return W + lr * d[:, None] * (x - W)

    def farthest(W, x, lr):
        W = W.copy()
        d = np.linalg.norm(W - x, axis=1)
        k = np.argmax(d)
        W[k] += lr * d[k] * (x - W[k])
        return W

    def without_d(W, x, lr):
        W = W.copy()
        k = np.argmin(np.linalg.norm(W - x, axis=1))
        W[k] += lr * (x - W[k])
        return W

    def in_place(W, x, lr):
        W[:] = wta_step(W, x, lr)
        return W

    def in_place_none(W, x, lr):
        W[:] = wta_step(W, x, lr)

    assert "only the winner" in _hint(check, every)
    assert "farthest" in _hint(check, farthest)
    assert "distance d" in _hint(check, without_d)
    assert "copy" in _hint(check, in_place)
    assert "returned None" in _hint(check, in_place_none)
    assert "no neuron moved" in _hint(check, lambda W, x, lr: W.copy())


def test_best_matching_distance_hints():
    check = checks.check_best_matching_distance

    def row_by_row(a, p):
        return np.linalg.norm(a - p, axis=1).mean()

    def nearest(a, p):
        return np.linalg.norm(a[:, None] - p[None], axis=2).min(axis=1).mean()

    def total(a, p):
        return best_matching_distance(a, p) * len(a)

    def worst(a, p):
        return max(np.linalg.norm(a - p[list(q)], axis=1).mean()
                   for q in itertools.permutations(range(len(p))))

    assert "row i with row i" in _hint(check, row_by_row)
    assert "one to one" in _hint(check, nearest)
    assert "return the mean" in _hint(check, total)
    assert "worst" in _hint(check, worst)
    # a one-element array is accepted as a number
    assert check.verdict(lambda a, p: np.array([best_matching_distance(a, p)]))[0]


def test_textbook_pass_hints():
    check = checks.check_textbook_pass
    from nbhelpers.layer import learning_pass

    assert "leaves out the distance" in _hint(check, lambda X, W, lr: learning_pass(X, W, lr,
                                                                                    False))
    assert "no conscience" in _hint(check, lambda X, W, lr: learning_pass(X, W, lr, True))
    assert "no neuron moved" in _hint(check, lambda X, W, lr: None)
    # returning W after changing it in place is fine, as is returning a new array
    assert check.verdict(lambda X, W, lr: textbook_pass(X, W, lr) or W)[0]


def test_dead_neuron_hints():
    check = checks.check_dead_neuron
    assert "every neuron still wins" in _hint(check, X_MM[:5])
    assert "too far away" in _hint(check, np.vstack([X_MM[:4], [20.0, 20.0, 20.0]]))
    assert "5 rows" in _hint(check, X_MM[:4])
    assert "NaN" in _hint(check, np.full((5, 3), np.nan))
    # the property the check promises, measured independently
    start = np.vstack([X_MM[:4], [2.0, 2.0, 2.0]])
    for rule, expect_dead in (("wta", True), ("cwta", False)):
        layer = CompetitiveLayer(5, lr=0.1, rule=rule).fit(X_MM, epochs=100, init_weights=start)
        assert (len(dead_neurons(X_MM, layer.weights_)) > 0) == expect_dead


def test_plot_comparison_hints():
    check = checks.check_plot_comparison

    def same_markers(X, actual, predicted, ax):
        plot_comparison(X, actual, np.zeros((0, 3)), ax)
        ax.scatter(*predicted.T, marker="*", label="predicted")
        return ax

    def no_legend(X, actual, predicted, ax):
        plot_comparison(X, actual, predicted, ax)
        ax.get_legend().remove()
        return ax

    def no_labels(X, actual, predicted, ax):
        plot_comparison(X, actual, predicted, ax)
        ax.set_zlabel("")
        return ax

    def missing_predicted(X, actual, predicted, ax):
        return plot_comparison(X, actual, predicted[:0], ax)

    def unlabelled(X, actual, predicted, ax):
        ax.scatter(*X.T, marker=".", label="data")
        ax.scatter(*actual.T, marker="*")
        ax.scatter(*predicted.T, marker="h", label="predicted")
        ax.set(xlabel="x", ylabel="y", zlabel="z")
        ax.legend()
        return ax

    assert "same marker shape" in _hint(check, same_markers)
    assert "legend" in _hint(check, no_legend)
    assert "label the x, y and z" in _hint(check, no_labels)
    assert "predicted centroids are not in the figure" in _hint(check, missing_predicted)
    assert "actual centroids have no label" in _hint(check, unlabelled)
    assert "return the axes" in _hint(check, lambda *a: plot_comparison(*a) and None)


def test_lr_minmax_hints():
    check = checks.check_lr_minmax
    assert "larger lr" in _hint(check, 0.01)
    assert "smaller lr" in _hint(check, 1.0)
    assert "diverges" in _hint(check, 10.0)
    assert "larger than 0" in _hint(check, -0.1)


def test_noise_prediction_hints():
    check = checks.check_noise_prediction
    for letter in "abc":  # a prediction is reported beside the measurement, never marked
        assert check.verdict(letter, MEASURED)[0]
    assert check.verdict(" B ", MEASURED)[0]
    assert "'a', 'b' or 'c'" in _hint(check, "d", MEASURED)
    assert "prediction" in _hint(check, ..., MEASURED)
    wrong = dict(MEASURED)
    wrong[(1.6, 500)] = 0.5
    assert "measured[(1.6, 500)]" in _hint(check, "b", wrong)
    partial = {k: v for k, v in MEASURED.items() if k != (0.8, 2000)}
    assert "no entry for (0.8, 2000)" in _hint(check, "b", partial)


def test_fewest_epochs_hints():
    check = checks.check_fewest_epochs

    def largest(noise, tol, candidates=checks.DEFAULT_BUDGETS):
        ok = [e for e in candidates
              if run_tutorial(epochs=e, noise=noise).match.mean_distance <= tol]
        return ok[-1] if ok else None

    def distance(noise, tol, candidates=checks.DEFAULT_BUDGETS):
        return run_tutorial(epochs=candidates[-1], noise=noise).match.mean_distance

    def never_none(noise, tol, candidates=checks.DEFAULT_BUDGETS):
        return fewest_epochs(noise, tol, candidates) or candidates[-1]


    assert "not the smallest" in _hint(check, largest)
    assert "not the distance" in _hint(check, distance)
    assert "should return None" in _hint(check, never_none)
    assert "returned None" in _hint(check, lambda noise, tol, candidates=(): None)
    assert check.verdict(lambda n, t, candidates=checks.DEFAULT_BUDGETS:
                         None if (e := fewest_epochs(n, t, candidates)) is None
                         else np.int64(e))[0]


# --- the grading mode (raise_on_failure): wrong answers raise, right ones print -------------

@pytest.fixture
def grading_mode():
    checks.raise_on_failure(True)
    yield
    checks.raise_on_failure(False)


CHEAP = [(check, args) for check, args in RIGHT
         if check.__name__ in {"check_minmax_scale", "check_zscore", "check_wta_step",
                               "check_noise_factor"}]


@pytest.mark.parametrize(("check", "args"), CHEAP, ids=[c.__name__ for c, _ in CHEAP])
def test_grading_mode_prints_a_right_answer(capsys, grading_mode, check, args):
    line = _one_line(capsys, check, *args)
    assert line.startswith(checks.PASSED + " "), line


@pytest.mark.parametrize(("check", "args"), CHEAP, ids=[c.__name__ for c, _ in CHEAP])
def test_grading_mode_raises_the_hint_of_a_wrong_answer(capsys, check, args):
    unfinished = tuple(stub if callable(a) else ... for a in args)
    printed = _one_line(capsys, check, *unfinished)  # the learning mode: a printed hint
    checks.raise_on_failure(True)
    try:
        with pytest.raises(AssertionError) as raised:
            check(*unfinished)
        for junk in GARBAGE:  # anything wrong becomes an AssertionError, nothing else
            with pytest.raises(AssertionError, match=f"^{checks.NOT_YET} "):
                check(*args[:-1], junk)  # the last argument: never a prediction
        assert check.verdict(*unfinished) == (False, printed[len(checks.NOT_YET) + 1:])
    finally:
        checks.raise_on_failure(False)
    assert str(raised.value) == printed
    assert capsys.readouterr() == ("", "")  # raised instead of printing
    assert _one_line(capsys, check, *unfinished) == printed  # back to the learning mode


@pytest.mark.parametrize("bad", [1, 0, "yes", None])
def test_raise_on_failure_rejects_anything_but_a_bool(bad):
    with pytest.raises(TypeError, match="True or False"):
        checks.raise_on_failure(bad)
