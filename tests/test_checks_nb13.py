"""The checks of 13_lvq_and_beyond: each passes the solution, fails the stub with a hint that
says what is missing, recognises the typical wrong answers, and raises in grading mode."""

import numpy as np
import pytest

from nbhelpers.checks import _core, raise_on_failure
from nbhelpers.checks.nb13_lvq_and_beyond import check_som_step, check_train_lvq1

# --- exercise 1: LVQ1 with a falling rate ----------------------------------------------------

def train_lvq1(X, labels, W, classes, lr, passes):
    """The notebook's solution."""
    for p in range(passes):
        rate = lr * (1 - p / passes)
        for x, label in zip(X, labels, strict=True):
            winner = np.argmin(np.sqrt(np.sum((W - x) ** 2, axis=1)))
            sign = 1.0 if classes[winner] == label else -1.0
            W[winner] += sign * rate * (x - W[winner])
    return W


def _lvq_variant(rate, push=True, in_place=True, returns=True):
    def answer(X, labels, W, classes, lr, passes):
        V = W if in_place else W.copy()
        n = len(X)
        for p in range(passes):
            for i, (x, label) in enumerate(zip(X, labels, strict=True)):
                winner = np.argmin(np.linalg.norm(V - x, axis=1))
                step = rate(lr, p, passes, i, n) * (x - V[winner])
                if classes[winner] == label:
                    V[winner] += step
                elif push:
                    V[winner] -= step
        return V if returns else None
    return answer


def falling(lr, p, passes, i, n):
    return lr * (1 - p / passes)


def test_lvq_solution_passes():
    passed, message = check_train_lvq1.verdict(train_lvq1)
    assert passed, message
    assert "4 random data sets" in message


def test_lvq_in_place_without_return_passes():
    # W changed in place is the answer; the return is a convenience the task asks for
    passed, message = check_train_lvq1.verdict(_lvq_variant(falling, returns=False))
    assert passed, message


def test_lvq_stub_fails_with_a_hint():
    def stub(X, labels, W, classes, lr, passes):
        raise NotImplementedError("Exercise: write train_lvq1")

    for answer in (stub, ...):
        passed, message = check_train_lvq1.verdict(answer)
        assert not passed and "NotImplementedError" in message


@pytest.mark.parametrize("answer, words", [
    (_lvq_variant(lambda lr, p, P, i, n: lr), "stays lr in every pass"),
    (_lvq_variant(lambda lr, p, P, i, n: lr * (1 - (p + 1) / P)), "first pass should use"),
    (_lvq_variant(lambda lr, p, P, i, n: lr * (1 - (p * n + i) / (P * n))), "not from sample"),
    (_lvq_variant(falling, push=False), "should move away"),
    (_lvq_variant(falling, in_place=False), "did not change"),
    (_lvq_variant(falling, in_place=False, returns=False), "returned None"),
    (lambda X, labels, W, classes, lr, passes: W, "no neuron moved"),
    (_lvq_variant(lambda lr, p, P, i, n: 2 * lr), "differ from LVQ1 with a falling rate"),
])
def test_lvq_wrong_answers_get_their_hints(answer, words):
    passed, message = check_train_lvq1.verdict(answer)
    assert not passed
    assert words in message, message


# --- exercise 2: one SOM step ---------------------------------------------------------------

def som_step(W, grid, x, lr, sigma):
    """The notebook's solution."""
    winner = np.argmin(np.sqrt(np.sum((W - x) ** 2, axis=1)))
    h = np.exp(-np.sum((grid - grid[winner]) ** 2, axis=1) / (2 * sigma ** 2))
    W += lr * h[:, np.newaxis] * (x - W)
    return W


def test_som_solution_passes():
    passed, message = check_som_step.verdict(som_step)
    assert passed, message


def test_som_stub_fails_with_a_hint():
    def stub(W, grid, x, lr, sigma):
        raise NotImplementedError("Exercise: write som_step")

    for answer in (stub, ...):
        passed, message = check_som_step.verdict(answer)
        assert not passed and "NotImplementedError" in message


def _som_variant(kind):
    def answer(W, grid, x, lr, sigma):
        winner = np.argmin(np.linalg.norm(W - x, axis=1))
        if kind == "winner only":
            W[winner] += lr * (x - W[winner])
            return W
        where = W if kind == "weights" else grid
        dist2 = np.sum((where - where[winner]) ** 2, axis=1)
        if kind == "no two":
            h = np.exp(-dist2 / sigma ** 2)
        elif kind == "no square":
            h = np.exp(-np.sqrt(dist2) / (2 * sigma ** 2))
        else:
            h = np.exp(-dist2 / (2 * sigma ** 2))
        if kind == "copy":
            return W + lr * h[:, None] * (x - W)
        W += lr * h[:, None] * (x - W)
        return W
    return answer


@pytest.mark.parametrize("kind, words", [
    ("winner only", "that is the competitive layer"),
    ("weights", "measured on the grid"),
    ("no two", "2 * sigma**2"),
    ("no square", "squared grid distance"),
    ("copy", "did not change"),
])
def test_som_wrong_answers_get_their_hints(kind, words):
    passed, message = check_som_step.verdict(_som_variant(kind))
    assert not passed
    assert words in message, message


# --- grading mode ---------------------------------------------------------------------------

@pytest.fixture
def grading():
    raise_on_failure()
    yield
    raise_on_failure(False)


def test_grading_mode_raises_on_wrong_answers_and_passes_solutions(grading, capsys):
    with pytest.raises(AssertionError, match="Not yet: .*should move away"):
        check_train_lvq1(_lvq_variant(falling, push=False))
    with pytest.raises(AssertionError, match="Not yet: .*competitive layer"):
        check_som_step(_som_variant("winner only"))
    check_train_lvq1(train_lvq1)
    check_som_step(som_step)
    printed = capsys.readouterr().out
    assert printed.count(_core.PASSED) == 2
