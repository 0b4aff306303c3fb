"""Checks for the exercises of ``10_learning_rate_decay``.

Exercise 1, ``sample_weights(lr, m)``: how much each of the ``m`` samples a neuron wins in a
pass, and its start, count in where it ends, with the textbook step and a constant rate.
Exercise 2, ``linear_rates(lr, epochs)``: the rate of every pass under
``lr_schedule='linear'``. Both are tested against the formulas and against what
``CompetitiveLayer`` (or the step itself) does.
"""

import numpy as np

from ..layer import CompetitiveLayer
from ._core import (
    Hint,
    call_answer,
    nearly_equal,
    need_array,
    need_function,
    printing_check,
)

__all__ = ["check_linear_rates", "check_sample_weights"]

#: (lr, m) cases of exercise 1.
WEIGHT_CASES = [(0.1, 10), (0.01, 100), (0.5, 3), (0.25, 1), (1.0, 4)]
#: (lr, epochs) cases of exercise 2.
RATE_CASES = [(0.1, 11), (0.5, 2), (1.0, 5), (0.03, 101)]


def reference_sample_weights(lr, m):
    """Weight of the start, then of each of the ``m`` samples won, oldest first.

    With the textbook step ``w += lr * (x - w)`` and a constant ``lr``, after ``m`` wins the
    neuron is ``(1 - lr)**m * start + sum_j lr * (1 - lr)**(m - 1 - j) * x_j``.
    """
    j = np.arange(m)
    return np.concatenate([[(1 - lr) ** m], lr * (1 - lr) ** (m - 1 - j)])


def _stepped(lr, samples, start):
    """Where the textbook step takes a neuron that wins ``samples`` in order from ``start``."""
    w = np.array(start, dtype=float)
    for x in samples:
        w += lr * (x - w)
    return w


def _need_ndarray(value, call, used_as):
    """A hint unless ``value`` is a NumPy array (or None, which ``need_array`` explains).

    The exercise cells use the answer as an array (``used_as``), which a list does not allow.
    """
    if value is not None and not isinstance(value, np.ndarray):
        raise Hint(f"{call} returned a {type(value).__name__}, not a NumPy array: the cell "
                   f"uses {used_as}, which needs an array (np.array(...) makes one)")


@printing_check
def check_sample_weights(sample_weights):
    """Exercise 1 of ``10_learning_rate_decay``: the weights of the start and of the samples.

    ``sample_weights(lr, m)`` must return a NumPy array of ``m + 1`` numbers: the weight of
    the neuron's start first, then those of the ``m`` samples it wins, oldest first, such
    that the weighted sum is where the textbook step with the constant rate ``lr`` leaves the
    neuron. Recognised wrong answers: weights that do not add up to 1 (an exponent off by
    one), the newest sample first, equal weights (the running mean, which is the '1/wins'
    schedule) and a list instead of an array (the exercise cell sums a slice of it).
    """
    name = "sample_weights"
    need_function(sample_weights, name)
    rng = np.random.RandomState(10)
    for lr, m in WEIGHT_CASES:
        raw = call_answer(sample_weights, name, lr, m)
        _need_ndarray(raw, f"{name}({lr}, {m})", "weights[-10:].sum()")
        got = need_array(raw, f"{name}({lr}, {m})", (m + 1,))
        expected = reference_sample_weights(lr, m)
        if nearly_equal(got, expected):
            continue
        call = f"{name}({lr}, {m})"
        if m > 1 and np.allclose(got, 1 / (m + 1)):
            raise Hint(f"{call} gives every sample the same weight: that is the running mean "
                       "of the samples (the '1/wins' schedule), not a constant rate")
        if not np.isclose(got.sum(), 1.0):
            raise Hint(f"the weights of {call} add up to {got.sum():.4g}, not 1: the neuron "
                       "ends at a weighted average of its start and its samples. Check the "
                       "exponents: the last sample won moves it lr of the way, so its weight "
                       "is exactly lr")
        if m > 1 and nearly_equal(got[1:], expected[1:][::-1]):
            raise Hint(f"{call} lists the samples newest first, or gives the oldest sample "
                       "the largest weight: list them oldest first; the last sample won "
                       "weighs most (lr)")
        if not np.isclose(got[0], expected[0]):
            raise Hint(f"{call}: the first number, the weight of the start, is wrong: each "
                       "win keeps the fraction (1 - lr) of what was there")
        raise Hint(f"{call} is not right: with w += lr * (x - w), a sample won k wins before "
                   "the end keeps the fraction (1 - lr) of its weight at each of those wins")
    # the weights must describe what the step does, on random samples
    samples, start = rng.uniform(-1, 1, (6, 3)), rng.uniform(-1, 1, 3)
    weights = np.asarray(sample_weights(0.3, 6), dtype=float)
    if not np.allclose(weights[0] * start + weights[1:] @ samples,
                       _stepped(0.3, samples, start)):
        raise Hint("your weights do not give where the textbook step takes a neuron")
    last = reference_sample_weights(0.1, 100)[-10:].sum()
    return (f"{name} matches the step in {len(WEIGHT_CASES) + 1} cases; with lr = 0.1 the "
            f"last 10 of 100 samples won carry {last:.0%} of the neuron's position.")


def reference_linear_rates(lr, epochs):
    """The rate of each pass under ``lr_schedule='linear'``: ``lr * (1 - p / P)``."""
    n_passes = epochs - 1
    return lr * (1 - np.arange(n_passes) / n_passes)


def _layer_shrink(lr, epochs):
    """The factor by which ``lr_schedule='linear'`` shrinks a neuron's distance to its sample.

    One neuron, one sample, textbook step: each pass multiplies the distance by 1 - rate.
    """
    layer = CompetitiveLayer(1, lr=lr, step="textbook", lr_schedule="linear", goal=0.0)
    layer.fit(np.array([[1.0]]), epochs=epochs, init_weights=np.array([[0.0]]))
    return 1.0 - float(layer.weights_[0, 0])


@printing_check
def check_linear_rates(linear_rates):
    """Exercise 2 of ``10_learning_rate_decay``: the rates of ``lr_schedule='linear'``.

    ``linear_rates(lr, epochs)`` must return, as a NumPy array, the rate of each of the
    ``epochs - 1`` passes, ``lr * (1 - p / P)`` for p = 0, ..., P - 1 with P = epochs - 1.
    It is compared with the formula and with what ``CompetitiveLayer`` does to one neuron
    and one sample. Recognised wrong answers: ``epochs`` passes instead of ``epochs - 1``, p
    counted from 1 (the first rate below lr, the last one 0), a rate that never falls and a
    list instead of an array (the exercise cell squares it).
    """
    name = "linear_rates"
    need_function(linear_rates, name)
    for lr, epochs in RATE_CASES:
        call = f"{name}({lr}, {epochs})"
        raw = call_answer(linear_rates, name, lr, epochs)
        if raw is None:
            raise Hint(f"{call} returned None: end it with a return statement")
        _need_ndarray(raw, call, "r ** 2 and r.sum()")
        try:
            got = np.asarray(raw, dtype=float).ravel()
        except (TypeError, ValueError):
            raise Hint(f"{call} should return numbers, got {type(raw).__name__}") from None
        expected = reference_linear_rates(lr, epochs)
        if len(got) == epochs:
            raise Hint(f"{call} returned {epochs} rates: epochs={epochs} makes {epochs - 1} "
                       "passes (neurolab's epochs count recorded errors, notebook 05)")
        if len(got) != len(expected):
            raise Hint(f"{call} returned {len(got)} rates, one per pass is {len(expected)}")
        if nearly_equal(got, expected):
            continue
        if len(got) > 1 and np.allclose(got, got[0]):
            raise Hint(f"{call} gives the same rate in every pass: the linear schedule falls "
                       "from lr in a straight line")
        if np.isclose(got[-1], 0.0):
            raise Hint(f"{call} ends with the rate 0: p counts from 0, so the first pass "
                       "has the full lr and the last pass lr / P, not 0")
        raise Hint(f"{call} is not lr * (1 - p / P) for the passes p = 0, ..., P - 1, with "
                   "P = epochs - 1")
    # the rates must be the layer's: one neuron, one sample, distance shrinks by (1 - rate)
    rates = np.asarray(linear_rates(0.5, 6), dtype=float)
    if not np.isclose(np.prod(1.0 - rates), _layer_shrink(0.5, 6)):
        raise Hint("your rates do not move a neuron as CompetitiveLayer(lr_schedule="
                   "'linear') does")
    return (f"{name} agrees with the formula in {len(RATE_CASES)} cases and with "
            "CompetitiveLayer on a one-neuron run.")
