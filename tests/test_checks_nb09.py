"""The checks of ``09_how_many_neurons``: each passes the solution, fails the stub and the
typical wrong answers with a hint that says what is wrong, and raises in grading mode."""

import numpy as np
import pytest
from sklearn.metrics import silhouette_score

from nbhelpers.checks import _core
from nbhelpers.checks import nb09_how_many_neurons as nb09

# --- the notebook's solutions -----------------------------------------------------------------

def silhouette_of(result):
    gaps = np.linalg.norm(result.X[:, None, :] - result.predicted[None, :, :], axis=2)
    groups = gaps.argmin(axis=1)
    if len(set(groups)) < 2:
        return float("nan")
    return float(silhouette_score(result.X, groups))


def elbow(neuron_counts, errors, threshold):
    for i in range(len(errors) - 1):
        if (errors[i] - errors[i + 1]) / errors[i] < threshold:
            return neuron_counts[i]
    return None


def _stub(*args):
    ...
    raise NotImplementedError("Exercise: write it")


@pytest.fixture(autouse=True)
def _learning_mode():
    _core.raise_on_failure(False)
    yield
    _core.raise_on_failure(False)


# --- Exercise 1 -------------------------------------------------------------------------------

def test_silhouette_passes_the_solution():
    passed, message = nb09.check_silhouette_of.verdict(silhouette_of)
    assert passed, message


def test_silhouette_on_scaled_data_passes_too():
    # the tutorial's scaling divides by one number, which leaves the silhouette unchanged
    def scaled(result):
        gaps = np.linalg.norm(result.X_scaled[:, None] - result.weights[None], axis=2)
        groups = gaps.argmin(axis=1)
        return float("nan") if len(set(groups)) < 2 else silhouette_score(result.X_scaled,
                                                                            groups)
    passed, message = nb09.check_silhouette_of.verdict(scaled)
    assert passed, message


@pytest.mark.parametrize("stub", [..., _stub])
def test_silhouette_fails_the_stub(stub):
    passed, message = nb09.check_silhouette_of.verdict(stub)
    assert not passed and "NotImplementedError" in message


def test_silhouette_recognises_the_true_labels():
    passed, message = nb09.check_silhouette_of.verdict(
        lambda r: silhouette_score(r.X, r.labels))
    assert not passed and "true clusters" in message


def test_silhouette_needs_nan_for_a_single_group():
    def no_guard(result):
        groups = np.linalg.norm(result.X[:, None] - result.predicted[None], axis=2).argmin(1)
        return silhouette_score(result.X, groups)
    passed, message = nb09.check_silhouette_of.verdict(no_guard)
    assert not passed and 'float("nan")' in message and "one group" in message


def test_silhouette_refuses_a_wrong_number():
    passed, message = nb09.check_silhouette_of.verdict(lambda r: 0.5)
    assert not passed and "nearest neuron" in message


def test_silhouette_hint_gives_both_numbers_to_four_digits():
    passed, message = nb09.check_silhouette_of.verdict(lambda r: 0.5)
    r = nb09._run(*nb09.SILHOUETTE_CASES[0])
    assert not passed and f"about {nb09._reference_silhouette(r):.4g}, got 0.5:" in message


# --- Exercise 2 -------------------------------------------------------------------------------

def test_elbow_passes_the_solution():
    passed, message = nb09.check_elbow.verdict(elbow)
    assert passed, message
    assert "without an elbow" in message


def test_elbow_cases_are_distinct_and_cover_none():
    answers = [nb09._reference_elbow(*case) for case in nb09.ELBOW_CASES]
    assert answers == [5, 6, None, 2, 3, 1]


@pytest.mark.parametrize("stub", [..., _stub])
def test_elbow_fails_the_stub(stub):
    passed, message = nb09.check_elbow.verdict(stub)
    assert not passed and "NotImplementedError" in message


def test_elbow_recognises_an_index():
    def index(counts, errors, threshold):
        for i in range(len(errors) - 1):
            if (errors[i] - errors[i + 1]) / errors[i] < threshold:
                return i
        return None
    passed, message = nb09.check_elbow.verdict(index)
    assert not passed and "position in the list" in message


def test_elbow_recognises_one_count_too_late():
    def late(counts, errors, threshold):
        for i in range(len(errors) - 1):
            if (errors[i] - errors[i + 1]) / errors[i] < threshold:
                return counts[i + 1]
        return None
    passed, message = nb09.check_elbow.verdict(late)
    assert not passed and "one count too late" in message


def test_elbow_recognises_an_absolute_drop():
    def absolute(counts, errors, threshold):
        for i in range(len(errors) - 1):
            if errors[i] - errors[i + 1] < threshold:
                return counts[i]
        return None
    passed, message = nb09.check_elbow.verdict(absolute)
    assert not passed and "relative" in message


def test_elbow_recognises_a_drop_divided_by_the_next_error():
    def over_next(counts, errors, threshold):
        for i in range(len(errors) - 1):
            if (errors[i] - errors[i + 1]) / errors[i + 1] < threshold:
                return counts[i]
        return None
    passed, message = nb09.check_elbow.verdict(over_next)
    assert not passed and "errors[i + 1]" in message and "[1.0, 0.905, 0.5]" in message


def test_elbow_recognises_a_missing_none():
    def last(counts, errors, threshold):
        return elbow(counts, errors, threshold) or counts[-1]
    passed, message = nb09.check_elbow.verdict(last)
    assert not passed and "return None" in message


# --- grading mode -----------------------------------------------------------------------------

def test_grading_mode_raises_on_a_wrong_answer_and_prints_on_a_right_one(capsys):
    _core.raise_on_failure()
    with pytest.raises(AssertionError, match="^Not yet:"):
        nb09.check_elbow(_stub)
    with pytest.raises(AssertionError, match="^Not yet:"):
        nb09.check_silhouette_of(lambda r: silhouette_score(r.X, r.labels))
    nb09.check_elbow(elbow)
    assert capsys.readouterr().out.startswith("Well done!")
