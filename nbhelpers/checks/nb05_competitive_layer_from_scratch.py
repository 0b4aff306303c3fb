"""Checks for the exercises of ``05_competitive_layer_from_scratch``."""

import numpy as np

from ..data import make_clusters
from ..layer import CompetitiveLayer, TrainingDivergedError, learning_pass
from ..metrics import dead_neurons
from ..normalization import make_scaler
from ._core import (
    Hint,
    call_answer,
    nearly_equal,
    need_array,
    need_function,
    need_start_weights,
    printing_check,
)


def _textbook_pass(X, W, lr):
    """Reference: plain winner-take-all whose step is not scaled by the distance."""
    for x in X:
        winner = np.argmin(np.sqrt(np.sum((W - x) ** 2, axis=1)))
        W[winner] += lr * (x - W[winner])


def _textbook_conscience_pass(X, W, lr):
    conscience = np.ones(len(W))
    for x in X:
        winner = np.argmin(conscience * np.sqrt(np.sum((W - x) ** 2, axis=1)))
        conscience[winner] += 1
        W[winner] += lr * (x - W[winner])


@printing_check
def check_textbook_pass(textbook_pass):
    """Exercise of ``05_competitive_layer_from_scratch``: the textbook competitive rule.

    ``textbook_pass(X, W, lr)`` must make one pass over the rows of ``X`` with plain
    winner-take-all, moving the winner by ``lr * (x - w)``, and update ``W`` in place, as
    the task says; what it returns, if anything, must be those weights. Compared with a
    reference on four random data sets.
    """
    name = "textbook_pass"
    need_function(textbook_pass, name)
    rng = np.random.RandomState(8)
    cases = [(30, 2, 3, 0.1), (40, 3, 5, 0.3), (25, 4, 4, 0.05), (50, 3, 2, 0.5)]
    for n, dims, k, lr in cases:
        X = rng.uniform(0, 1, (n, dims))
        W = X[rng.choice(n, k, replace=False)] + rng.normal(0, 0.05, (k, dims))
        given = W.copy()
        out = call_answer(textbook_pass, name, X.copy(), given, lr)
        returned = None if out is None else need_array(out, name, W.shape)
        expected = W.copy()
        _textbook_pass(X, expected, lr)
        in_place = not np.array_equal(given, W)
        if nearly_equal(given, expected):
            if returned is not None and not nearly_equal(returned, given):
                raise Hint("W was changed in place correctly, but the function returned "
                           "something else: return W")
            continue
        if not in_place and returned is not None and nearly_equal(returned, expected):
            raise Hint("the returned weights are right, but the W passed in did not change: "
                       "change W itself, in place (W[winner] += ...), and return it")
        got = given if in_place or returned is None else returned
        if nearly_equal(got, W):
            raise Hint("no neuron moved: change W in place (W[winner] += ...)")
        variants = {"neurolab": (learning_pass, False), "conscience": (learning_pass, True)}
        for key, (func, conscience) in variants.items():
            other = W.copy()
            func(X, other, lr, conscience)
            if nearly_equal(got, other):
                if key == "neurolab":
                    raise Hint("that is neurolab's step, lr * d * (x - w): the textbook step "
                               "leaves out the distance d")
                raise Hint("that is neurolab's train_cwta: the textbook rule has no "
                           "conscience and no factor d")
        other = W.copy()
        _textbook_conscience_pass(X, other, lr)
        if nearly_equal(got, other):
            raise Hint("the textbook rule has no conscience: the winner is simply the "
                       "nearest neuron")
        raise Hint(f"for {n} samples, {k} neurons and lr={lr} the weights after the pass "
                   "differ from the textbook rule: for each sample in order, move the nearest "
                   "neuron by lr * (x - w)")
    return f"textbook_pass follows the textbook rule exactly on {len(cases)} random data sets."


def _minmax_tutorial_data():
    X, _ = make_clusters(random_state=0)
    return make_scaler("minmax").fit_transform(X)


@printing_check
def check_dead_neuron(init_weights):
    """Exercise of ``05_competitive_layer_from_scratch``: kill a neuron, then rescue it.

    ``init_weights`` (5 x 3, min-max scaled units) must leave at least one dead neuron after
    100 epochs of plain winner-take-all (``lr=0.1``) on the tutorial's data scaled with
    ``minmax``, and none with the conscience from the same start. Dead is measured on the
    final weights (``dead_neurons``): the message says a dead neuron never moved only when
    its final weights equal its starting ones.
    """
    W0 = need_start_weights(init_weights, "init_weights", (5, 3), "features")
    X = _minmax_tutorial_data()
    dead, final = {}, {}
    for rule in ("wta", "cwta"):
        layer = CompetitiveLayer(5, lr=0.1, rule=rule)
        try:
            layer.fit(X, epochs=100, init_weights=W0)
        except TrainingDivergedError:
            raise Hint(f"training with rule='{rule}' diverged: a neuron that starts very far "
                       "out takes a huge first step when it wins (lr * d > 2); start it "
                       "nearer the data") from None
        dead[rule] = dead_neurons(X, layer.weights_).tolist()
        final[rule] = layer.weights_
    if not dead["wta"]:
        raise Hint("with plain winner-take-all every neuron still wins some samples: start "
                   "one neuron where no sample has it as its nearest neuron")
    if dead["cwta"]:
        raise Hint(f"plain winner-take-all leaves neuron(s) {dead['wta']} dead, good; but "
                   f"the conscience does not rescue neuron(s) {dead['cwta']} within 100 "
                   "epochs: it starts too far away")
    unmoved = [k for k in dead["wta"] if np.array_equal(final["wta"][k], W0[k])]
    if unmoved == dead["wta"]:
        how = "and ended exactly where they started"
    elif not unmoved:
        how = "although they won samples earlier (they ended away from where they started)"
    else:
        how = (f"and neuron(s) {unmoved} ended exactly where they started (the others won "
               "samples earlier)")
    return (f"after 100 epochs of plain winner-take-all neuron(s) {dead['wta']} win no "
            f"sample, {how}; with the conscience all 5 neurons win samples at the end.")
