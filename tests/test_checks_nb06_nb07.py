"""The checks of notebooks 06 and 07 as changed for issue 10.

- 07 exercise 1 (predict, then measure): a wrong prediction is not a wrong answer. The check
  reports the prediction next to what the measurements show and passes; it says "Not yet"
  only for a missing or malformed prediction or a missing or wrong measurement. Its options
  are decided by the measurement itself (the factor by which the settled distance grows).
  Values read from the explorer's 3-decimal readout pass; the message says, measured, why
  the layer's distance grows more than the points' offsets (the clusters begin to overlap).
- 06 exercise 1: the stub raises before it draws; a function whose body is still ``...``
  gets a hint that points at the ``...``; '.' and 'o' are named as the same round shape;
  swapped labels ("actual" on the predicted centroids) are refused.
- 06 exercise 2: the divergence hint no longer claims a criterion (``lr * d > 2``).
"""

import numpy as np
import pytest

from nbhelpers import checks, match_centroids, run_tutorial
from nbhelpers.checks import nb07_explore_epochs_and_noise as nb07

KEYS = [(noise, epochs) for noise in (0.8, 1.6) for epochs in (500, 2000)]
MEASURED = {key: run_tutorial(epochs=key[1], noise=key[0]).match.mean_distance for key in KEYS}
FACTOR = MEASURED[(1.6, 2000)] / MEASURED[(0.8, 2000)]


def _answer_key(noise):
    r = run_tutorial(epochs=1, noise=noise)
    means = np.array([r.X[r.labels == c].mean(axis=0) for c in range(5)])
    return np.linalg.norm(means - r.centroids, axis=1).mean()


# --- 07, exercise 1 --------------------------------------------------------------------------

def test_the_measurement_decides_the_option():
    # the options are bins of the measured factor, so the measurement always decides
    assert nb07._option(1.49) == "a" and nb07._option(1.5) == "b"
    assert nb07._option(2.5) == "b" and nb07._option(2.51) == "c"
    shown = nb07._option(FACTOR)
    passed, message = checks.check_noise_prediction.verdict("a", MEASURED)
    assert passed
    assert f"option '{shown}'" in message
    assert f"{FACTOR:.1f} times as far" in message


@pytest.mark.parametrize("letter", ["a", "b", "c", " B "])
def test_every_prediction_passes_and_is_reported(letter):
    passed, message = checks.check_noise_prediction.verdict(letter, MEASURED)
    assert passed, message
    shown = nb07._option(FACTOR)
    clean = letter.strip().lower()
    if clean == shown:
        assert f"your prediction '{clean}' agrees" in message
    else:
        assert f"you predicted '{clean}'" in message and nb07.NOISE_OPTIONS[clean] in message
    assert "Not yet" not in message


def test_the_message_states_only_measured_numbers():
    _, message = checks.check_noise_prediction.verdict("b", MEASURED)
    assert "seed 0" in message  # one seed: the message says so
    assert f"{MEASURED[(1.6, 2000)]:.3f}" in message and f"{MEASURED[(0.8, 2000)]:.3f}" in message
    key_factor = _answer_key(1.6) / _answer_key(0.8)
    assert f"{key_factor:.1f} times as far" in message
    change = max(abs(MEASURED[(n, 500)] - MEASURED[(n, 2000)]) / MEASURED[(n, 2000)]
                 for n in (0.8, 1.6))
    assert change <= 0.05 and "settled by epoch 500" in message
    assert "not how fast" not in message  # 500 vs 2000 epochs cannot show speed


def test_missing_or_malformed_answers_are_not_yet():
    check = checks.check_noise_prediction
    for prediction, measured, expected in [
        (..., MEASURED, "prediction is still ..."),
        ("d", MEASURED, "'a', 'b' or 'c'"),
        (None, MEASURED, "'a', 'b' or 'c'"),
        ("b", ..., "measured is still ..."),
        ("b", [1, 2], "should be a dict"),
        ("b", {k: v for k, v in MEASURED.items() if k != (1.6, 500)},
         "no entry for (1.6, 500)"),
        ("b", {**MEASURED, (0.8, 500): 0.5}, "measured[(0.8, 500)] is not"),
        ("b", {**MEASURED, (1.6, 2000): "x"}, "should be a number"),
    ]:
        passed, message = check.verdict(prediction, measured)
        assert not passed and expected in message, (prediction, message)


def test_values_read_from_the_readout_pass_and_others_do_not():
    check = checks.check_noise_prediction
    rounded = {key: round(value, 3) for key, value in MEASURED.items()}
    assert check.verdict("b", rounded)[0]
    for key in KEYS:
        off = {**rounded, key: round(MEASURED[key], 3) + 0.002}
        passed, message = check.verdict("b", off)
        assert not passed and f"measured[{key}] is not" in message and "3 decimals" in message


def _kmeans(X, centres):
    """Lloyd's algorithm, written independently of the check's."""
    centres = np.array(centres, dtype=float)
    while True:
        nearest = np.argmin(((X[:, None] - centres[None]) ** 2).sum(axis=2), axis=1)
        moved = np.array([X[nearest == k].mean(axis=0) for k in range(len(centres))])
        if np.allclose(moved, centres, rtol=0, atol=1e-12):
            return moved
        centres = moved


def test_the_message_explains_why_the_factor_exceeds_two_with_measured_numbers():
    _, message = checks.check_noise_prediction.verdict("b", MEASURED)
    shares, kmeans = {}, {}
    for noise in (0.8, 1.6):
        r = run_tutorial(epochs=1, noise=noise)
        nearest = np.linalg.norm(r.X[:, None] - r.centroids[None], axis=2).argmin(axis=1)
        shares[noise] = np.mean(nearest != r.labels)
        kmeans[noise] = match_centroids(r.centroids, _kmeans(r.X, r.centroids)).mean_distance
    assert shares[0.8] < 0.02 < 0.1 < shares[1.6]  # overlap appears between 0.8 and 1.6
    assert kmeans[1.6] / kmeans[0.8] > 2.5  # nearest-centre splitting alone grows > 2x
    assert f"{100 * shares[1.6]:.0f} % of the points" in message
    assert f"against {100 * shares[0.8]:.0f} % with 0.8" in message
    assert f"{kmeans[1.6] / kmeans[0.8]:.1f} times as far" in message
    assert f"{kmeans[1.6]:.3f} against {kmeans[0.8]:.3f}" in message


def test_the_solution_cell_passes_with_its_wrong_guess(capsys):
    checks.check_noise_prediction("b", dict(MEASURED))
    line = capsys.readouterr().out
    assert line.startswith(checks.PASSED) and line.count("\n") == 1


# --- 06, exercises 1 and 2 ---------------------------------------------------------------------

def test_plot_comparison_with_an_unfinished_body_points_at_the_dots():
    def unfinished(X, actual, predicted, ax):
        ...

    passed, message = checks.check_plot_comparison.verdict(unfinished)
    assert not passed
    assert "..." in message and "raise line" in message


def test_plot_comparison_that_draws_but_returns_none_is_told_to_return():
    def forgets_return(X, actual, predicted, ax):
        ax.scatter(*X.T, marker=".", label="data")

    passed, message = checks.check_plot_comparison.verdict(forgets_return)
    assert not passed and "return the axes" in message


def _figure(labels, markers=(".", "*", "h")):
    """A plot_comparison that uses these labels and markers for data, actual, predicted."""
    def plot(X, actual, predicted, ax):
        for points, label, marker in zip((X, actual, predicted), labels, markers, strict=True):
            ax.scatter(*points.T, marker=marker, label=label)
        ax.set(xlabel="x", ylabel="y", zlabel="z")
        ax.legend()
        return ax
    return plot


def test_plot_comparison_refuses_swapped_labels():
    check = checks.check_plot_comparison
    assert check.verdict(_figure(["data", "actual", "predicted"]))[0]
    assert check.verdict(_figure(["points", "true centroids", "neurons"]))[0]
    for labels in (["data", "predicted", "actual"], ["data", "actual", "actual centroids"],
                   ["data", "neurons", "true centroids"]):
        passed, message = check.verdict(_figure(labels))
        assert not passed and "which scatter call gets which label" in message, labels


def test_plot_comparison_names_dot_and_circle_as_one_shape():
    passed, message = checks.check_plot_comparison.verdict(
        _figure(["data", "actual", "predicted"], markers=(".", "*", "o")))
    assert not passed
    assert "same marker shape as the predicted centroids" in message
    assert "'.' and 'o'" in message and "round" in message


def test_lr_minmax_divergence_hint_claims_no_criterion():
    passed, message = checks.check_lr_minmax.verdict(10.0)
    assert not passed and "diverges" in message and "smaller lr" in message
    assert "above 2" not in message and "> 2" not in message
