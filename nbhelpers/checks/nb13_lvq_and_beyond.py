"""Checks for the exercises of ``13_lvq_and_beyond``."""

import numpy as np

from ._core import (
    Hint,
    call_answer,
    nearly_equal,
    need_array,
    need_function,
    printing_check,
)

__all__ = ["RATE_OPTIONS", "check_som_step", "check_train_lvq1"]


def _nearest(W, x):
    return int(np.argmin(np.sqrt(np.sum(np.square(W - x), axis=1))))


def _lvq1(X, labels, W, classes, lr, passes, rate_of=None, push=True):
    """Reference LVQ1 (W changes in place); ``rate_of(p, i)`` gives the rate of sample i in
    pass p (default: the exercise's falling rate, lr * (1 - p / passes))."""
    if rate_of is None:
        def rate_of(p, i):
            return lr * (1 - p / passes)
    for p in range(passes):
        for i, (x, label) in enumerate(zip(X, labels, strict=True)):
            winner = _nearest(W, x)
            if classes[winner] == label:
                W[winner] += rate_of(p, i) * (x - W[winner])
            elif push:
                W[winner] -= rate_of(p, i) * (x - W[winner])
    return W


def _lvq_cases():
    rng = np.random.RandomState(13)
    cases = []
    for n, dims, n_classes, per_class, lr, passes in [(30, 2, 2, 2, 0.2, 4), (40, 3, 3, 2, 0.3, 5),
                                                      (36, 2, 4, 1, 0.5, 3), (25, 3, 2, 3, 0.1, 6)]:
        centres = rng.uniform(-1, 1, (n_classes, dims))
        labels = rng.randint(0, n_classes, n)
        X = centres[labels] + rng.normal(0, 0.6, (n, dims))
        classes = np.repeat(np.arange(n_classes), per_class)
        W = np.array([X[rng.choice(np.flatnonzero(labels == c))] for c in classes])
        W += rng.normal(0, 0.05, W.shape)
        cases.append((X, labels, W, classes, lr, passes))
    return cases


def _lvq_variants(X, labels, W, classes, lr, passes):
    """The results of the usual wrong answers, with their hints."""
    n = len(X)
    return [
        (dict(rate_of=lambda p, i: lr), "the rate stays lr in every pass: in pass p (p = 0, "
         "1, ...) it should be lr * (1 - p / passes)"),
        (dict(rate_of=lambda p, i: lr * (1 - (p + 1) / passes)), "the first pass should use "
         "the full lr: in pass p = 0, 1, ... the rate is lr * (1 - p / passes)"),
        (dict(rate_of=lambda p, i: lr * (1 - (p * n + i) / (passes * n))), "the rate should "
         "stay the same for a whole pass and fall from one pass to the next, not from sample "
         "to sample"),
        (dict(push=False), "a winner of the wrong class should move away from the sample "
         "(w -= rate * (x - w)), not stay where it is"),
    ]


RATE_OPTIONS = ("constant", "falling")


def _wrong_weights(out, given, expected, name, update):
    """None if the answer changed ``given`` (its W) in place to ``expected``; else the weights
    it produced, to diagnose. ``out`` is what it returned; ``update`` shows the in-place line."""
    returned = None if out is None else need_array(out, name, given.shape)
    got = returned if returned is not None else given
    if nearly_equal(got, expected):
        if not nearly_equal(given, expected):
            raise Hint("the returned weights are right, but the W passed in did not "
                       f"change: update W itself, in place ({update}), and return it")
        return None
    if returned is None:
        raise Hint(f"{name} returned None: end it with return W")
    return got


@printing_check
def check_train_lvq1(train_lvq1, prediction, held_out):
    """Exercise 1 of ``13_lvq_and_beyond``: LVQ1 with a rate that falls from pass to pass.

    ``train_lvq1(X, labels, W, classes, lr, passes)`` must make ``passes`` passes over the
    samples in order; in pass p (from 0) the nearest neuron moves ``lr * (1 - p / passes)``
    of the way towards a sample of its own class and as far away from a sample of another
    class. ``W`` changes in place and is returned. Compared with a reference on four random
    labelled data sets; a constant rate, an off-by-one rate, a rate falling per sample and a
    rule without the push get their own hints.

    ``prediction`` (``'constant'`` or ``'falling'``: which rate gives the better worst seed)
    is shown next to the measurement, ``held_out`` (``{'constant': accuracies, 'falling':
    accuracies}``, one per seed, as the exercise cell computes them), and never marked: a
    wrong prediction is not a wrong answer. Only a missing or malformed one is "Not yet".
    """
    name = "train_lvq1"
    need_function(train_lvq1, name)
    cases = _lvq_cases()
    for X, labels, W, classes, lr, passes in cases:
        given = W.copy()
        out = call_answer(train_lvq1, name, X.copy(), labels.copy(), given, classes.copy(),
                          lr, passes)
        expected = _lvq1(X, labels, W.copy(), classes, lr, passes)
        got = _wrong_weights(out, given, expected, name, "W[winner] += ...")
        if got is None:
            continue
        if nearly_equal(got, W):
            raise Hint("no neuron moved: for each sample, move the nearest neuron "
                       "(W[winner] += ... or -= ...)")
        for kwargs, hint in _lvq_variants(X, labels, W, classes, lr, passes):
            if nearly_equal(got, _lvq1(X, labels, W.copy(), classes, lr, passes, **kwargs)):
                raise Hint(hint)
        raise Hint(f"for {len(X)} samples, {len(W)} neurons, lr={lr} and {passes} passes the "
                   "weights differ from LVQ1 with a falling rate: in pass p, for each sample "
                   "in order, the nearest neuron moves lr * (1 - p / passes) of the way "
                   "towards the sample if its class is the sample's, and away from it if not")
    if prediction is Ellipsis:
        raise Hint("prediction is still ...: write 'constant' or 'falling' there, the rate "
                   "you expect to do better on the worst seed, and run that cell again")
    if not isinstance(prediction, str) or prediction.strip().lower() not in RATE_OPTIONS:
        raise Hint(f"prediction should be 'constant' or 'falling', got {prediction!r}")
    guess = prediction.strip().lower()
    worst = {}
    for option in RATE_OPTIONS:
        if not hasattr(held_out, "get") or held_out.get(option) is None:
            raise Hint(f"held_out has no {option!r} accuracies: run the whole exercise cell, "
                       "then this check again")
        values = np.asarray(held_out[option], dtype=float)
        if values.ndim != 1 or values.size == 0 or not np.all((values >= 0) & (values <= 1)):
            raise Hint(f"held_out[{option!r}] should hold one accuracy (0 to 1) per seed: run "
                       "the whole exercise cell again")
        worst[option] = float(values.min())
    better = max(RATE_OPTIONS, key=worst.get)
    verdict = (f"your prediction '{guess}' agrees" if guess == better else
               f"you predicted '{guess}', the measurement says '{better}'")
    return (f"{name} follows LVQ1 with a rate falling from pass to pass on {len(cases)} "
            f"random data sets. Worst seed: {worst['falling']:.3f} with the falling rate, "
            f"{worst['constant']:.3f} with the constant one; {verdict}. The note below the "
            "check says why the constant rate fails.")


def _som_step(W, grid, x, lr, sigma, neighbourhood="grid", two=True, square=True):
    """Reference SOM step (W changes in place), and the usual wrong variants."""
    winner = _nearest(W, x)
    if neighbourhood == "winner":
        h = (np.arange(len(W)) == winner).astype(float)
    elif neighbourhood == "index":
        h = np.exp(-np.square(np.arange(len(W)) - winner) / (2 * sigma ** 2))
    else:
        where = grid if neighbourhood == "grid" else W
        dist = np.sqrt(np.sum(np.square(where - where[winner]), axis=1))
        power = np.square(dist) if square else dist
        h = np.exp(-power / ((2 if two else 1) * sigma ** 2))
    W += lr * h[:, None] * (x - W)
    return W


def _som_cases():
    rng = np.random.RandomState(31)
    line = np.arange(6.0)[:, None]
    square = np.array([[r, c] for r in range(3) for c in range(3)], dtype=float)
    cases = []
    for grid, dims, lr, sigma in [(line, 2, 0.5, 1.0), (square, 3, 0.3, 0.8),
                                  (line, 3, 0.2, 2.0), (square, 2, 0.7, 1.5)]:
        W = rng.uniform(0, 1, (len(grid), dims))
        x = rng.uniform(0, 1, dims)
        cases.append((W, grid, x, lr, sigma))
    return cases


@printing_check
def check_som_step(som_step):
    """Exercise 2 of ``13_lvq_and_beyond``: one step of a self-organizing map.

    ``som_step(W, grid, x, lr, sigma)`` must find the winner (the neuron nearest to ``x``)
    and move every neuron k by ``lr * h_k * (x - W[k])``, where
    ``h_k = exp(-|grid[k] - grid[winner]|**2 / (2 * sigma**2))`` is measured on the grid;
    ``W`` changes in place and is returned. Compared with a reference on four cases (a line
    and a square grid); moving the winner only, measuring the neighbourhood between the
    weights instead of on the grid, the neuron's index in place of its grid position, a
    Gaussian without the 2 or the square, and an ``h`` that does not broadcast against
    ``x - W`` get their own hints.
    """
    name = "som_step"
    need_function(som_step, name)
    cases = _som_cases()
    for W, grid, x, lr, sigma in cases:
        given = W.copy()
        try:
            out = call_answer(som_step, name, given, grid.copy(), x.copy(), lr, sigma)
        except Hint as hint:
            if "ValueError" in str(hint) and "broadcast" in str(hint):
                raise Hint(f"{name} raised a ValueError (shapes that do not broadcast): h has "
                           "one value per neuron, shape (n,), and x - W one row per neuron, "
                           "shape (n, features); make h a column, h[:, None], to scale each "
                           "row by its neuron's h") from None
            raise
        expected = _som_step(W.copy(), grid, x, lr, sigma)
        got = _wrong_weights(out, given, expected, name, "W += ...")
        if got is None:
            continue
        if nearly_equal(got, W):
            raise Hint("no neuron moved: every neuron k moves lr * h[k] * (x - W[k])")
        variants = [
            (dict(neighbourhood="winner"), "only the winner moved: that is the competitive "
             "layer. In a SOM every neuron moves, by lr * h * (x - w), with h from its "
             "distance to the winner on the grid"),
            (dict(neighbourhood="weights"), "the neighbourhood is measured on the grid "
             "(grid[k] - grid[winner]), not between the neurons' weights"),
            (dict(neighbourhood="index"), "use the rows of grid, not the neuron's index: "
             "neuron k sits at grid[k] (on a square grid, a row and a column), and the "
             "distance on the grid is |grid[k] - grid[winner]|"),
            (dict(two=False), "the Gaussian divides by 2 * sigma**2, not by sigma**2"),
            (dict(square=False), "the Gaussian uses the squared grid distance: "
             "exp(-dist**2 / (2 * sigma**2))"),
        ]
        for kwargs, hint in variants:
            if nearly_equal(got, _som_step(W.copy(), grid, x, lr, sigma, **kwargs)):
                raise Hint(hint)
        raise Hint(f"for a grid of {len(grid)} neurons, lr={lr} and sigma={sigma} the weights "
                   "differ from one SOM step: find the winner (nearest neuron to x), then move "
                   "every neuron k by lr * exp(-|grid[k] - grid[winner]|**2 / (2 * sigma**2)) "
                   "* (x - W[k])")
    return (f"{name} makes one SOM step exactly, on a line and on a square grid "
            f"({len(cases)} cases). In the output above, neighbours on the chain should end "
            "much closer together than two neurons taken at random (with the solution: 2.91 "
            "against 5.52 data units), and the chain should visit the clusters in pairs "
            "(two neighbouring neurons per cluster).")
