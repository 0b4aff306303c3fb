"""The checks of notebook 05 as changed for issue 10 (second pass).

- 05 exercise 1: the task says "change W in place and return it"; a version that returns
  new weights but leaves W as it was no longer passes.
- 05 exercise 2: ``dead_neurons`` looks at the final weights only, so the success message
  says a dead neuron "ended exactly where it started" only when that is so, and never that
  it "never won" or "never moved".
"""

import numpy as np

from nbhelpers import CompetitiveLayer, checks, dead_neurons, make_clusters, make_scaler

X_MM = make_scaler("minmax").fit_transform(make_clusters(random_state=0)[0])


def textbook_pass(X, W, lr):
    for x in X:
        winner = np.argmin(np.linalg.norm(W - x, axis=1))
        W[winner] += lr * (x - W[winner])
    return W


# --- 05, exercise 1 --------------------------------------------------------------------------

def test_textbook_pass_in_place_passes_with_or_without_a_return():
    check = checks.check_textbook_pass
    assert check.verdict(textbook_pass)[0]

    def no_return(X, W, lr):
        textbook_pass(X, W, lr)

    assert check.verdict(no_return)[0]


def test_textbook_pass_on_a_copy_is_refused():
    check = checks.check_textbook_pass
    passed, message = check.verdict(lambda X, W, lr: textbook_pass(X, W.copy(), lr))
    assert not passed
    assert "in place" in message and "did not change" in message


def test_textbook_pass_returning_something_else_is_refused():
    check = checks.check_textbook_pass
    passed, message = check.verdict(lambda X, W, lr: textbook_pass(X, W, lr) * 0)
    assert not passed
    assert "return W" in message


def test_textbook_pass_wrong_rule_on_a_copy_still_names_the_rule():
    from nbhelpers.layer import learning_pass

    def neurolab_on_a_copy(X, W, lr):
        W = W.copy()
        learning_pass(X, W, lr, False)
        return W

    passed, message = checks.check_textbook_pass.verdict(neurolab_on_a_copy)
    assert not passed and "leaves out the distance" in message


# --- 05, exercise 2 --------------------------------------------------------------------------

def _moved_dead_start():
    # a start (found by random search) whose dead neuron under wta won and moved before it died
    rng = np.random.RandomState(1)
    for _ in range(17):
        start = rng.uniform(-0.3, 1.3, (5, 3))
    return start


def test_dead_neuron_message_says_what_is_measured():
    start = np.vstack([X_MM[:4], [2.0, 2.0, 2.0]])
    passed, message = checks.check_dead_neuron.verdict(start)
    assert passed
    assert "ended exactly where they started" in message
    assert "never" not in message


def test_dead_neuron_that_moved_is_not_said_to_have_stayed():
    start = _moved_dead_start()
    wta = CompetitiveLayer(5, lr=0.1, rule="wta").fit(X_MM, epochs=100, init_weights=start)
    dead = dead_neurons(X_MM, wta.weights_)
    assert len(dead) and all(not np.array_equal(wta.weights_[k], start[k]) for k in dead)
    passed, message = checks.check_dead_neuron.verdict(start)
    assert passed
    assert "won samples earlier" in message
    assert "ended exactly where" not in message and "never" not in message
