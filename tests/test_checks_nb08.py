"""The checks of notebook 08 (sample order and the conscience).

Each check passes the notebook's solution, fails the exercise stub with a hint that says
what is missing, fails typical wrong answers with a hint that names the mistake, and raises
in the grading mode.
"""

import math

import numpy as np
import pytest

from nbhelpers import checks
from nbhelpers.checks import nb08_sample_order_and_the_conscience as nb08


@pytest.fixture
def grading():
    checks.raise_on_failure()
    yield
    checks.raise_on_failure(False)


# --- exercise 1: wins before a takeover --------------------------------------------------------

def takeover_solution(d_owner, d_other, count_owner=1, count_other=1):
    wins = 0
    while (count_owner + wins) * d_owner <= count_other * d_other:
        wins += 1
    return wins


def takeover_formula(d_owner, d_other, count_owner=1, count_other=1):
    # the closed form is a right answer too
    return max(0, math.floor(count_other * d_other / d_owner) - count_owner + 1)


def takeover_stub(d_owner, d_other, count_owner=1, count_other=1):
    ...
    raise NotImplementedError("Exercise: write wins_before_takeover")


def takeover_ignores_counts(d_owner, d_other, count_owner=1, count_other=1):
    return takeover_solution(d_owner, d_other)


def takeover_strict(d_owner, d_other, count_owner=1, count_other=1):
    wins = 0
    while (count_owner + wins) * d_owner < count_other * d_other - 1e-12 and wins < 10**6:
        wins += 1
    return wins - 1 if wins else 0  # stops one win early


def takeover_strict_less(d_owner, d_other, count_owner=1, count_other=1):
    # a tie goes to the other neuron: right in every case but the tie
    wins = 0
    while (count_owner + wins) * d_owner < count_other * d_other:
        wins += 1
    return wins


def takeover_counts_the_loss(d_owner, d_other, count_owner=1, count_other=1):
    return takeover_solution(d_owner, d_other, count_owner, count_other) + 1


def takeover_adds_first(d_owner, d_other, count_owner=1, count_other=1):
    wins = 0
    while (count_owner + wins + 1) * d_owner <= count_other * d_other:
        wins += 1
    return wins


def takeover_float(d_owner, d_other, count_owner=1, count_other=1):
    return count_other * d_other / d_owner - count_owner


def takeover_never_zero(d_owner, d_other, count_owner=1, count_other=1):
    return max(1, takeover_solution(d_owner, d_other, count_owner, count_other))


def test_the_reference_is_the_point_by_point_run():
    assert nb08._takeover(1.0, 3.5) == 3  # counts 1 -> 2 -> 3 -> 4: 4 > 3.5 loses
    assert nb08._takeover(1.0, 3.5, 2, 1) == 2
    assert nb08._takeover(2.0, 1.0) == 0
    assert nb08._takeover(1.0, 3.0) == 3  # the tie at the third point goes to the owner
    ties = []
    for case in nb08.TAKEOVER_CASES:  # a tie only where it is exact, never by rounding
        d_owner, d_other, count_owner, count_other = case
        ratio = count_other * d_other / d_owner
        if ratio == round(ratio):
            ties.append(case)
        else:
            assert abs(ratio - round(ratio)) > 1e-6, case
    assert ties == [(1.0, 3.0, 1, 1)]


@pytest.mark.parametrize("answer", [takeover_solution, takeover_formula])
def test_takeover_passes_right_answers(answer):
    passed, message = nb08.check_takeover.verdict(answer)
    assert passed, message
    assert "3 points at the start of a pass" in message


def test_takeover_stub_says_what_is_missing():
    passed, message = nb08.check_takeover.verdict(takeover_stub)
    assert not passed
    assert "NotImplementedError" in message
    passed, message = nb08.check_takeover.verdict(...)
    assert not passed and "NotImplementedError" in message


@pytest.mark.parametrize("answer, hint", [
    (takeover_ignores_counts, "counts at the start of the run matter"),
    (takeover_strict, "off by one"),
    (takeover_strict_less, "a tie goes to the owner (use <=, not <)"),
    (takeover_counts_the_loss, "off by one"),
    (takeover_adds_first, "off by one"),
    (takeover_float, "whole number"),
    (takeover_never_zero, "the owner wins none"),
    (lambda *args: None, "return statement"),
    (lambda *args: "3", "number of wins"),
])
def test_takeover_wrong_answers_get_their_hint(answer, hint):
    passed, message = nb08.check_takeover.verdict(answer)
    assert not passed
    assert hint in message, message


def test_takeover_grading_mode_raises(grading, capsys):
    with pytest.raises(AssertionError, match="Not yet: .*counts at the start"):
        nb08.check_takeover(takeover_ignores_counts)
    nb08.check_takeover(takeover_solution)
    assert capsys.readouterr().out.startswith("Well done!")


# --- exercise 2: widen one cluster -------------------------------------------------------------

def widen_solution(X, labels, centroids, cluster, factor):
    X = np.array(X, dtype=float)
    members = labels == cluster
    X[members] = centroids[cluster] + factor * (X[members] - centroids[cluster])
    return X


def widen_stub(X, labels, centroids, cluster, factor):
    ...
    raise NotImplementedError("Exercise: write widen")


def widen_in_place(X, labels, centroids, cluster, factor):
    members = labels == cluster
    X[members] = centroids[cluster] + factor * (X[members] - centroids[cluster])
    return X


def widen_about_mean(X, labels, centroids, cluster, factor):
    X = X.copy()
    members = labels == cluster
    mean = X[members].mean(axis=0)
    X[members] = mean + factor * (X[members] - mean)
    return X


def widen_about_origin(X, labels, centroids, cluster, factor):
    X = X.copy()
    X[labels == cluster] *= factor
    return X


def widen_every_cluster(X, labels, centroids, cluster, factor):
    return centroids[labels] + factor * (X - centroids[labels])


def widen_divides(X, labels, centroids, cluster, factor):
    return widen_solution(X, labels, centroids, cluster, 1 / factor)


def widen_tutorial_centroids(X, labels, centroids, cluster, factor):
    return widen_solution(X, labels, np.array(nb08.SEED_CENTROIDS), cluster, factor)


def test_widen_passes_the_solution():
    passed, message = nb08.check_widen.verdict(widen_solution)
    assert passed, message


def test_widen_stub_says_what_is_missing():
    passed, message = nb08.check_widen.verdict(widen_stub)
    assert not passed and "NotImplementedError" in message


@pytest.mark.parametrize("answer, hint", [
    (widen_in_place, "changed the X it was given"),
    (widen_about_mean, "mean of its points"),
    (widen_about_origin, "multiplied the points themselves"),
    (widen_every_cluster, "moved points of other clusters"),
    (widen_divides, "1 / factor"),
    (widen_tutorial_centroids, "use the centroids passed in"),
    (lambda X, labels, centroids, cluster, factor: X[labels == cluster], "shape"),
])
def test_widen_wrong_answers_get_their_hint(answer, hint):
    passed, message = nb08.check_widen.verdict(answer)
    assert not passed
    assert hint in message, message


def test_widen_grading_mode_raises(grading):
    with pytest.raises(AssertionError, match="Not yet: .*mean of its points"):
        nb08.check_widen(widen_about_mean)
