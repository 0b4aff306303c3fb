"""The checks of notebook 01 (competitive learning in a plane): solutions pass, stubs and
typical wrong answers get a hint, and the grading mode raises."""

import numpy as np
import pytest

from nbhelpers import CompetitiveLayer
from nbhelpers.checks import _core
from nbhelpers.checks import nb01_competitive_learning_in_a_plane as checks

C = checks.PLANE_CENTRES


def winner(x, W):  # the notebook's solution
    return int(np.argmin(np.linalg.norm(W - x, axis=1)))


def stub_winner(x, W):
    ...
    raise NotImplementedError("Exercise: write winner")


SOLUTION_START = np.array([[-2.0, 2.0], [-1.6, -2.0], [-1.5, -2.0], [2.5, -1.5]])


@pytest.fixture(autouse=True)
def learning_mode():
    _core.raise_on_failure(False)
    yield
    _core.raise_on_failure(False)


# --- exercise 1: winner -----------------------------------------------------------------------

def test_winner_solution_passes_and_numpy_integers_or_whole_floats_are_fine():
    for answer in (winner, lambda x, W: np.argmin(np.linalg.norm(W - x, axis=1)),
                   lambda x, W: float(winner(x, W))):
        passed, message = checks.check_winner.verdict(answer)
        assert passed, message
    assert "nearest neuron" in message


@pytest.mark.parametrize("answer, words", [
    (stub_winner, "NotImplementedError"),
    (..., "NotImplementedError"),
    (lambda x, W: np.argmax(np.linalg.norm(W - x, axis=1)), "farthest"),
    (lambda x, W: np.argmin(np.abs(W - x).sum(axis=1)), "city-block"),
    (lambda x, W: np.min(np.linalg.norm(W - x, axis=1)), "smallest distance"),
    (lambda x, W: np.linalg.norm(W - x, axis=1), "one whole number"),
    (lambda x, W: None, "return statement"),
    (lambda x, W: np.argmin(np.linalg.norm(W - x, axis=0)), "the index of the smallest"),
    (lambda x, W: W[0, 5], "winner raised IndexError"),
    (3, "should be a function"),
])
def test_winner_wrong_answers_get_a_hint(answer, words):
    passed, message = checks.check_winner.verdict(answer)
    assert not passed
    assert words in message


def test_winner_check_prints_one_line(capsys):
    checks.check_winner(winner)
    checks.check_winner(stub_winner)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(_core.PASSED) and lines[1].startswith(_core.NOT_YET)
    assert len(lines) == 2


# --- exercise 2: a start that leaves a cluster empty under wta ---------------------------------

def _empty_after(W0, rule):
    X, _ = checks.plane_data()
    W = CompetitiveLayer(4, lr=0.1, rule=rule).fit(X, epochs=11, init_weights=W0).weights_
    nearest = np.argmin(np.linalg.norm(W[:, None] - C[None], axis=2), axis=1)
    return sorted(set(range(4)) - set(nearest.tolist()))


def test_empty_cluster_solution_passes_and_the_message_is_true():
    passed, message = checks.check_empty_cluster_start.verdict(SOLUTION_START)
    assert passed, message
    assert _empty_after(SOLUTION_START, "wta") == [1] and _empty_after(SOLUTION_START,
                                                                       "cwta") == []
    assert "cluster 1 starts empty" in message
    assert "leaves cluster(s) [1] without a neuron" in message


@pytest.mark.parametrize("answer, words", [
    (..., "still ..."),
    ([[0, 0]] * 3, "4 rows"),
    ("corners", "array of numbers"),
    ([[0, 0], [1, 1], [2, 2], [np.nan, 0]], "NaN"),
    (C, "every cluster has a neuron already at the start"),
    # all four in one cluster: plain wta leaves clusters empty, but the start is not the task
    ([C[2], C[2] + 0.1, C[2] - 0.1, C[2] + 0.2], "at the start clusters [0, 1, 3] have no"),
    ([C[0] * 1e3, C[2] * 1e3, C[3] * 1e3, C[3] * 1.1e3], "diverged"),
])
def test_empty_cluster_wrong_answers_get_a_hint(answer, words):
    passed, message = checks.check_empty_cluster_start.verdict(answer)
    assert not passed
    assert words in message


def test_a_spare_next_to_the_empty_cluster_relays_and_the_hint_names_it():
    # the spare shares the top-left cluster with neuron 0 and wins top-right points
    start = np.array([C[0], C[0] + 0.1, C[2], C[3]])
    assert checks._empty_clusters(start) == [1] and _empty_after(start, "wta") == []
    X, _ = checks.plane_data()
    W = CompetitiveLayer(4, lr=0.1, rule="wta").fit(X, epochs=11, init_weights=start).weights_
    relays = np.flatnonzero(np.argmin(np.linalg.norm(W[:, None] - C[None], axis=2),
                                      axis=1) == 1).tolist()
    assert relays and set(relays) <= {0, 1}
    passed, message = checks.check_empty_cluster_start.verdict(start)
    assert not passed
    assert f"neuron {relays[0]} relayed there" in message and "cluster 1 starts empty" in message


def test_empty_cluster_that_the_conscience_does_not_fix_either_is_refused():
    # the spare starts far out beyond the bottom-right cluster: the conscience does not
    # bring it to the empty top-right cluster within 10 passes
    start = np.array([C[0], C[2], C[3], [25.0, -15.0]])
    assert checks._empty_clusters(start) == [1] and _empty_after(start, "cwta") == [1]
    passed, message = checks.check_empty_cluster_start.verdict(start)
    assert not passed and "so does the conscience (cluster(s) [1])" in message


def test_grading_mode_raises_on_wrong_answers_and_prints_on_right_ones(capsys):
    _core.raise_on_failure()
    with pytest.raises(AssertionError, match="Not yet: .*farthest"):
        checks.check_winner(lambda x, W: np.argmax(np.linalg.norm(W - x, axis=1)))
    with pytest.raises(AssertionError, match="Not yet: .*still ..."):
        checks.check_empty_cluster_start(...)
    checks.check_winner(winner)
    checks.check_empty_cluster_start(SOLUTION_START)
    assert capsys.readouterr().out.count(_core.PASSED) == 2
