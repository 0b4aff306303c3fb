"""The two steps of training compiled with numba: ``sae_error`` and ``learning_pass``.

They do the arithmetic of ``layer.py``'s functions of the same names, in loops; the epoch
loop that calls them is ``CompetitiveLayer._train``, the same for both engines. Every
floating-point operation happens in the same order as in NumPy/neurolab, so the results are
identical to the last bit (``tests/test_equivalence.py`` checks it). In particular NumPy's
``np.sum`` uses pairwise summation, which ``pairwise_sum`` reproduces. Compiled functions
are cached on disk (``cache=True``) so a new kernel does not recompile.

Only the order of the work differs from NumPy's, for speed, in one tuned variant that
``benchmarks/training_speed.py`` measures (its "kernel variants" table): for fewer than 8
features the error visits one neuron at a time over all samples (SIMD). A fused learning
pass for few neurons was dropped: on the tutorial's data it saved 17-23 % of a pass but only
13 % of a whole training run (a variant must buy 20 % to stay), and it lost 40 % of a pass
with 10 neurons.
"""

import math

import numpy as np
from numba import njit

_CACHE = True

@njit(cache=_CACHE)
def _block_sum(a, start, n):
    """NumPy's pairwise summation for one block of at most 128 values."""
    if n < 8:
        res = 0.0
        for i in range(start, start + n):
            res += a[i]
        return res
    r0, r1, r2, r3 = a[start], a[start + 1], a[start + 2], a[start + 3]
    r4, r5, r6, r7 = a[start + 4], a[start + 5], a[start + 6], a[start + 7]
    i = 8
    stop = n - n % 8
    while i < stop:
        j = start + i
        r0 += a[j]
        r1 += a[j + 1]
        r2 += a[j + 2]
        r3 += a[j + 3]
        r4 += a[j + 4]
        r5 += a[j + 5]
        r6 += a[j + 6]
        r7 += a[j + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += a[start + i]
        i += 1
    return res


@njit(cache=_CACHE)
def pairwise_sum(a):
    """Sum a 1-D array exactly as ``np.sum`` does (pairwise, blocks of 128, 8 accumulators).

    NumPy recurses on halves rounded down to a multiple of 8; numba cannot cache recursive
    functions, so the recursion runs on an explicit stack here.
    """
    n = a.shape[0]
    if n <= 128:
        return _block_sum(a, 0, n)
    seg_start = np.empty(128, np.int64)
    seg_len = np.empty(128, np.int64)
    seg_stage = np.empty(128, np.int64)
    values = np.empty(128)
    top = 1
    n_values = 0
    seg_start[0], seg_len[0], seg_stage[0] = 0, n, 0
    while top > 0:
        s, m, stage = seg_start[top - 1], seg_len[top - 1], seg_stage[top - 1]
        half = m // 2
        half -= half % 8
        if m <= 128:
            values[n_values] = _block_sum(a, s, m)
            n_values += 1
            top -= 1
        elif stage == 0:  # sum the left half first
            seg_stage[top - 1] = 1
            seg_start[top], seg_len[top], seg_stage[top] = s, half, 0
            top += 1
        elif stage == 1:  # then the right half
            seg_stage[top - 1] = 2
            seg_start[top], seg_len[top], seg_stage[top] = s + half, m - half, 0
            top += 1
        else:  # then left + right
            values[n_values - 2] = values[n_values - 2] + values[n_values - 1]
            n_values -= 1
            top -= 1
    return values[0]


# Rows shorter than this are summed one by one by np.sum; longer ones pairwise.
SHORT_ROW = 8


@njit(cache=_CACHE)
def _distances(W, X, i, d, buf):
    """d[k] = Euclidean distance between neuron k and sample X[i] (NumPy's summation order)."""
    n_features = W.shape[1]
    for k in range(W.shape[0]):
        if n_features < SHORT_ROW:  # np.sum adds short rows one by one, starting from 0.0
            total = 0.0
            for j in range(n_features):
                diff = W[k, j] - X[i, j]
                total += diff * diff
        else:
            for j in range(n_features):
                diff = W[k, j] - X[i, j]
                buf[j] = diff * diff
            total = _block_sum(buf, 0, n_features) if n_features <= 128 else pairwise_sum(buf)
        d[k] = math.sqrt(total)


@njit(cache=_CACHE)
def _sae_error_general(X, W):
    """sae_error for any shape (used from 8 features on, where distances are pairwise sums)."""
    n_samples, n_features = X.shape
    d = np.empty(W.shape[0])
    buf = np.empty(n_features)
    absdiff = np.empty(n_samples * n_features)
    for i in range(n_samples):
        _distances(W, X, i, d, buf)
        winner = 0
        best = d[0]
        for k in range(1, W.shape[0]):
            dk = d[k]
            better = dk < best  # strict: ties go to the first neuron, as np.argmin
            best = dk if better else best
            winner = k if better else winner
        for j in range(n_features):
            absdiff[i * n_features + j] = abs(W[winner, j] - X[i, j])
    return pairwise_sum(absdiff)


@njit(cache=_CACHE)
def _sae_error_short_rows(X, XT, W, total, best, winner, absdiff):
    """sae_error for fewer than 8 features, one neuron at a time over all samples.

    The samples are independent, so each loop over them runs in SIMD registers (``XT`` is
    ``X`` transposed, so that one feature of consecutive samples is contiguous). Each
    distance is still ``sqrt(((0 + a0) + a1) + ...)`` and a later neuron wins only when
    strictly nearer. The other arguments are work arrays: ``total``, ``best`` (n_samples
    floats), ``winner`` (n_samples ints) and ``absdiff`` (n_samples * n_features floats).
    """
    n_samples, n_features = X.shape
    for k in range(W.shape[0]):
        w = W[k, 0]
        for i in range(n_samples):
            diff = w - XT[0, i]
            total[i] = diff * diff  # = 0.0 + diff * diff: a square is never -0.0
        for j in range(1, n_features):
            w = W[k, j]
            for i in range(n_samples):
                diff = w - XT[j, i]
                total[i] += diff * diff
        if k == 0:
            for i in range(n_samples):
                best[i] = math.sqrt(total[i])
                winner[i] = 0
        else:
            for i in range(n_samples):
                dk = math.sqrt(total[i])
                better = dk < best[i]  # strict: ties go to the first neuron, as np.argmin
                best[i] = dk if better else best[i]
                winner[i] = k if better else winner[i]
    for i in range(n_samples):
        for j in range(n_features):
            absdiff[i * n_features + j] = abs(W[winner[i], j] - X[i, j])
    return pairwise_sum(absdiff)


def _short_rows_work(X):
    """The work arrays of ``_sae_error_short_rows`` for ``X``."""
    n_samples, n_features = X.shape
    return (np.ascontiguousarray(X.T), np.empty(n_samples), np.empty(n_samples),
            np.empty(n_samples, np.int64), np.empty(n_samples * n_features))


def sae_error(X, W):
    """Sum of absolute differences between every sample and its nearest neuron."""
    return error_function(X)(X, W)


def error_function(X):
    """``sae_error`` for one training set, as a function of ``(X, W)``.

    For fewer than 8 features it runs the SIMD variant, which the benchmark measures at
    63-71 % less time than the general loop (tutorial data and 50,000 points). Its work
    arrays are made here, once per training run: on 50,000 points, making them at every
    epoch took 2.8 ms per error against 1.1 ms with the arrays reused.
    """
    if X.shape[1] >= SHORT_ROW:
        return _sae_error_general
    XT, total, best, winner, absdiff = _short_rows_work(X)

    def error(X_again, W):  # the training loop passes the same X every epoch
        return _sae_error_short_rows(X, XT, W, total, best, winner, absdiff)

    return error


@njit(cache=_CACHE)
def learning_pass(X, W, lr, use_conscience, textbook_step=False, wins=None):
    """One pass over the samples in order, updating W in place (``layer.learning_pass``).

    For each sample: all distances first, then the competition, then the winner's step.
    """
    n_neurons, n_features = W.shape
    conscience = np.ones(n_neurons)  # reset to 1 at the start of every pass
    d = np.empty(n_neurons)
    buf = np.empty(n_features)
    for i in range(X.shape[0]):
        _distances(W, X, i, d, buf)
        winner = 0
        best = conscience[0] * d[0]
        for k in range(1, n_neurons):
            score = conscience[k] * d[k]
            better = score < best  # branch-free selects: the winner is hard to predict
            best = score if better else best
            winner = k if better else winner
        if use_conscience:
            conscience[winner] += 1.0
        rate = lr
        if wins is not None:
            wins[winner] += 1.0
            rate = lr / wins[winner]
        step = rate if textbook_step else rate * d[winner]  # neurolab: scaled by the distance
        for j in range(n_features):
            W[winner, j] += step * (X[i, j] - W[winner, j])
