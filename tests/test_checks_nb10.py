"""The checks of notebook 10 (learning-rate decay): each passes the solution, fails the stub
with a hint that says what is missing, fails the typical wrong answers with a helpful hint,
and raises in the grading mode."""

import numpy as np
import pytest

from nbhelpers import CompetitiveLayer
from nbhelpers.checks import _core
from nbhelpers.checks import nb10_learning_rate_decay as nb10


def sample_weights(lr, m):
    """The notebook's solution of exercise 1."""
    wins_after = m - 1 - np.arange(m)
    return np.concatenate([[(1 - lr) ** m], lr * (1 - lr) ** wins_after])


def linear_rates(lr, epochs):
    """The notebook's solution of exercise 2."""
    passes = epochs - 1
    return lr * (1 - np.arange(passes) / passes)


def stub(*args):
    raise NotImplementedError("Exercise: write it")


@pytest.fixture(autouse=True)
def learning_mode():
    yield
    _core.raise_on_failure(False)  # a test that switches to grading leaves it switched off


# --- the reference itself is what the layer does ---------------------------------------------

def test_sample_weights_describe_the_textbook_step():
    rng = np.random.RandomState(0)
    samples, start = rng.normal(size=(7, 3)), rng.normal(size=3)
    w = start.copy()
    for x in samples:
        w += 0.2 * (x - w)
    weights = nb10.reference_sample_weights(0.2, 7)
    assert np.isclose(weights.sum(), 1.0)
    assert np.allclose(weights[0] * start + weights[1:] @ samples, w)


def test_linear_rates_are_the_layers():
    # one neuron, one sample: each pass multiplies the distance by 1 - rate
    layer = CompetitiveLayer(1, lr=0.5, step="textbook", lr_schedule="linear", goal=0.0)
    layer.fit(np.array([[1.0]]), epochs=6, init_weights=np.array([[0.0]]))
    assert np.isclose(1.0 - layer.weights_[0, 0],
                      np.prod(1.0 - nb10.reference_linear_rates(0.5, 6)))
    assert len(nb10.reference_linear_rates(0.1, 51)) == 50


# --- exercise 1 -------------------------------------------------------------------------------

def test_sample_weights_solution_passes():
    passed, message = nb10.check_sample_weights.verdict(sample_weights)
    assert passed, message
    assert "65%" in message  # 1 - 0.9 ** 10, stated in the notebook too


def test_sample_weights_rejects_a_list():
    # the exercise cell runs weights[-10:].sum(), which a list cannot do
    with pytest.raises(AttributeError):
        list(sample_weights(0.1, 100))[-10:].sum()
    passed, message = nb10.check_sample_weights.verdict(lambda lr, m: list(sample_weights(lr, m)))
    assert not passed
    assert "returned a list, not a NumPy array" in message, message


@pytest.mark.parametrize(("answer", "hint"), [
    (stub, "still raises NotImplementedError"),
    (..., "still raises NotImplementedError"),
    (lambda lr, m: None, "returned None"),
    (lambda lr, m: sample_weights(lr, m)[1:], "shape"),
    # an exponent off by one: the newest sample gets lr * (1 - lr)
    (lambda lr, m: np.concatenate([[(1 - lr) ** m], lr * (1 - lr) ** (m - np.arange(m))]),
     "add up to"),
    # newest first
    (lambda lr, m: np.concatenate([[(1 - lr) ** m], sample_weights(lr, m)[1:][::-1]]),
     "oldest first"),
    # the running mean: every sample the same weight
    (lambda lr, m: np.full(m + 1, 1 / (m + 1)), "running mean"),
])
def test_sample_weights_wrong_answers_get_hints(answer, hint):
    passed, message = nb10.check_sample_weights.verdict(answer)
    assert not passed
    assert hint in message, message
    assert "0.9 **" not in message and "(1 - lr) ** (m - 1" not in message  # no answer given


# --- exercise 2 -------------------------------------------------------------------------------

def test_linear_rates_solution_passes():
    passed, message = nb10.check_linear_rates.verdict(linear_rates)
    assert passed, message


@pytest.mark.parametrize(("answer", "hint"), [
    (stub, "still raises NotImplementedError"),
    (lambda lr, epochs: None, "returned None"),
    # epochs passes instead of epochs - 1
    (lambda lr, epochs: lr * (1 - np.arange(epochs) / epochs), "makes"),
    # p counted from 1: the last rate is 0
    (lambda lr, epochs: lr * (1 - np.arange(1, epochs) / (epochs - 1)), "p counts from 0"),
    # a rate that never falls
    (lambda lr, epochs: np.full(epochs - 1, lr), "same rate in every pass"),
    # the right numbers in a list: the exercise cell's r ** 2 fails on it
    (lambda lr, epochs: list(linear_rates(lr, epochs)), "returned a list, not a NumPy array"),
    # falls, but not in a straight line
    (lambda lr, epochs: lr / (1 + np.arange(epochs - 1)), "not lr * (1 - p / P)"),
])
def test_linear_rates_wrong_answers_get_hints(answer, hint):
    passed, message = nb10.check_linear_rates.verdict(answer)
    assert not passed
    assert hint in message, message


# --- printing and grading ----------------------------------------------------------------------

def test_checks_print_one_line(capsys):
    nb10.check_linear_rates(linear_rates)
    nb10.check_sample_weights(stub)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Well done!") and lines[1].startswith("Not yet:")


def test_grading_mode_raises_on_a_wrong_answer_only(capsys):
    _core.raise_on_failure()
    with pytest.raises(AssertionError, match="Not yet: .*makes"):
        nb10.check_linear_rates(lambda lr, epochs: lr * (1 - np.arange(epochs) / epochs))
    with pytest.raises(AssertionError, match="Not yet: .*running mean"):
        nb10.check_sample_weights(lambda lr, m: np.full(m + 1, 1 / (m + 1)))
    nb10.check_sample_weights(sample_weights)
    assert capsys.readouterr().out.startswith("Well done!")
