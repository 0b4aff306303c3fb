"""Self-checks for the exercises at the end of notebooks 01 to 06.

Each ``check_*`` function takes a student's answer (a function, a number, an array...), tests
what it *does* against the reference code of this package on fixed random inputs, and prints
one friendly line: ``Well done! ...``, or ``Not yet: ...`` followed by a hint that never gives
the answer away. Introduced in the exercises of ``01_data_synthesis`` and used by every
notebook after it.

Unlike the rest of the package, a check never raises on a wrong answer: checking the input is
its job, so a wrong type, a function that raises, or an exercise stub that is still unfinished
(a function that raises ``NotImplementedError``, a variable still set to ``...``) all give a
hint instead of a traceback. A check prints rather than returns, so the cell that calls it
shows that line and nothing else; ``check_x.verdict(...)`` returns ``(passed, message)``
instead, for tests. The inputs are drawn from fixed seeds, so the output is the same on every
run (nbval compares it).
"""

import functools
import itertools
import numbers
import warnings

import numpy as np

from .data import SEED_CENTROIDS, make_clusters
from .layer import CompetitiveLayer, TrainingDivergedError, learning_pass
from .metrics import dead_neurons, match_centroids
from .normalization import MinMaxScaler, ZScoreScaler, make_scaler
from .tutorial import run_tutorial

#: First words of the line a check prints when the answer is right, and when it is not.
PASSED = "Well done!"
NOT_YET = "Not yet:"

__all__ = [
    "NOT_YET",
    "PASSED",
    "check_best_matching_distance",
    "check_dead_neuron",
    "check_fewest_epochs",
    "check_lr_minmax",
    "check_minmax_scale",
    "check_noise_factor",
    "check_noise_prediction",
    "check_plot_comparison",
    "check_textbook_pass",
    "check_tutorial_clusters",
    "check_wta_step",
    "check_zscore",
]


class _Hint(Exception):
    """Stops a check with the hint to print after ``Not yet:``."""


def _check(func):
    """Turn ``func`` (returns the success message or raises ``_Hint``) into a printing check."""

    def verdict(*args, **kwargs):
        saved = np.random.get_state()  # the student's global RNG is left as it was
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the check prints one line, nothing else
                return True, func(*args, **kwargs)
        except _Hint as hint:
            return False, str(hint)
        except Exception as exc:  # a check must never end in a traceback
            return False, (f"the check could not use your answer ({_describe(exc)}); "
                           "read the task again and compare what your code returns")
        finally:
            np.random.set_state(saved)

    @functools.wraps(func)
    def check(*args, **kwargs):
        passed, message = verdict(*args, **kwargs)
        print(f"{PASSED if passed else NOT_YET} {message}")

    check.verdict = verdict
    return check


def _describe(exc):
    """``TypeError: message`` on one short line."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if len(text) > 120:
        text = text[:117] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _not_done(name):
    return _Hint(f"{name} still raises NotImplementedError: replace the ... and the raise line "
                 "with your code, run that cell, then run this check again.")


def _need_function(func, name):
    if func is Ellipsis:
        raise _not_done(name)
    if not callable(func):
        raise _Hint(f"{name} should be a function (def {name}(...):), "
                    f"got {type(func).__name__}")


def _call(func, name, *args, **kwargs):
    """Run the student's function, turning its exceptions into hints."""
    try:
        return func(*args, **kwargs)
    except NotImplementedError:
        raise _not_done(name) from None
    except Exception as exc:
        raise _Hint(f"{name} raised {_describe(exc)}") from None


def _need_number(value, name, *, positive=False):
    if value is Ellipsis:
        raise _Hint(f"{name} is still ...: set it to a number, run that cell, then run this "
                    "check again.")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _Hint(f"{name} should be a number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise _Hint(f"{name} should be a finite number, got {value}")
    if positive and value <= 0:
        raise _Hint(f"{name} should be larger than 0, got {value:g}")
    return value


def _as_array(value, name, shape):
    """The student's result as a float array of the expected shape, or a hint."""
    if value is None:
        raise _Hint(f"{name} returned None: end it with a return statement")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise _Hint(f"{name} should return an array of numbers, got "
                    f"{type(value).__name__}") from None
    if arr.shape != shape:
        raise _Hint(f"{name} returned an array of shape {arr.shape}, expected {shape}")
    return arr


def _close(a, b, rtol=1e-9, atol=1e-12):
    return np.shape(a) == np.shape(b) and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def _same_rows(a, b):
    """Same rows in any order."""
    if np.shape(a) != np.shape(b):
        return False
    return _close(a[np.lexsort(a.T[::-1])], b[np.lexsort(b.T[::-1])])


# --- 01_data_synthesis ---------------------------------------------------------------------

@_check
def check_tutorial_clusters(tutorial_clusters):
    """Exercise of ``01_data_synthesis``: the tutorial's recipe written by hand.

    ``tutorial_clusters(centroids, points_per_cluster, noise)`` must use NumPy's global RNG
    as the tutorial does; after ``np.random.seed(s)`` it must equal
    ``make_clusters(..., random_state=s)[0]`` on three sets of centroids.
    """
    name = "tutorial_clusters"
    _need_function(tutorial_clusters, name)
    rng = np.random.RandomState(2024)
    cases = [(np.array(SEED_CENTROIDS), 100, 0.8, 0),
             (rng.uniform(-5, 5, (3, 2)), 7, 1.5, 1),
             (rng.uniform(-5, 5, (4, 4)), 5, 0.3, 2)]
    for centroids, points, noise, seed in cases:
        k, dims = centroids.shape
        where = f"for {k} centroids in {dims}-D, {points} points each and noise {noise}"
        np.random.seed(seed)
        out = _call(tutorial_clusters, name, centroids.copy(), points, noise)
        got = _as_array(out, name, (points * k, dims))
        expected, _ = make_clusters(centroids, points, noise, random_state=seed)
        if _close(got, expected):
            continue
        r = np.random.RandomState(seed)
        unshuffled = (centroids + noise * r.randn(points, k, dims)).reshape(points * k, dims)
        if _close(got, unshuffled):
            raise _Hint(f"{where} the points are right but still in their first order: "
                        "shuffle the rows with np.random.shuffle")
        if _same_rows(got, expected):
            raise _Hint(f"{where} the points are right but in another order: shuffle once, "
                        "with np.random.shuffle after the reshape (the order of NumPy's "
                        "random calls decides the result)")
        raise _Hint(f"{where} the points differ from the tutorial's: draw the offsets with "
                    "np.random.randn(points_per_cluster, k, dims), scale them by noise and add "
                    "the centroids before you reshape and shuffle")
    return ("tutorial_clusters gives exactly make_clusters' points on 3 data sets: the same "
            "recipe and the same random numbers.")


def _mean_distance_to_own_centroid(noise):
    X, labels = make_clusters(noise=noise, random_state=0)
    return float(np.linalg.norm(X - SEED_CENTROIDS[labels], axis=1).mean())


@_check
def check_noise_factor(predicted_factor, measured_factor):
    """Exercise of ``01_data_synthesis``: predict, then measure, what doubling the noise does.

    ``measured_factor`` must be the mean distance from each point to its own centroid with
    noise 1.6 divided by the same with noise 0.8 (``random_state=0``); the prediction passes
    when it is within 10 % of the measurement.
    """
    if predicted_factor is Ellipsis:
        raise _Hint("predicted_factor is still ...: write your prediction there first, before "
                    "you measure.")
    predicted = _need_number(predicted_factor, "predicted_factor")
    measured = _need_number(measured_factor, "measured_factor")
    reference = _mean_distance_to_own_centroid(1.6) / _mean_distance_to_own_centroid(0.8)
    if not np.isclose(measured, reference, rtol=1e-6, atol=0):
        raise _Hint(f"measured_factor = {measured:.3f} is not the ratio the data give: for "
                    "noise 1.6 and 0.8 (random_state=0 both times) average each point's "
                    "distance to its own centroid, SEED_CENTROIDS[labels], then divide the 1.6 "
                    "result by the 0.8 result")
    if abs(predicted - measured) > 0.1 * measured:
        raise _Hint(f"your measurement is right, but your prediction ({predicted:g}) missed "
                    "it. Look at the recipe again: noise multiplies every random offset. Why "
                    "does that give the factor you measured?")
    return (f"you predicted {predicted:g} and measured {measured:.2f}: the same seed draws the "
            "same random numbers, and noise multiplies every offset, so every distance "
            "doubles.")


# --- 02_normalization ----------------------------------------------------------------------

def _scaling_cases():
    rng = np.random.RandomState(5)
    return [rng.normal(size=(50, 3)) * [1.0, 10.0, 100.0] + [0.0, -5.0, 50.0],
            rng.uniform(-3, 7, (20, 2)),
            make_clusters(random_state=0)[0]]


@_check
def check_minmax_scale(minmax_scale):
    """Exercise of ``02_normalization``: ``minmax_scale(X)`` maps each column onto [0, 1].

    Compared with ``make_scaler("minmax")`` on three arrays.
    """
    name = "minmax_scale"
    _need_function(minmax_scale, name)
    cases = _scaling_cases()
    for X in cases:
        got = _as_array(_call(minmax_scale, name, X.copy()), name, X.shape)
        if _close(got, MinMaxScaler().fit_transform(X)):
            continue
        lo, hi = X.min(axis=0), X.max(axis=0)
        if _close(got, (X - X.min()) / (X.max() - X.min())):
            raise _Hint("you used one minimum and maximum for the whole array: use axis=0 so "
                        "that each column gets its own")
        if _close(got, (X - lo) / hi):
            raise _Hint("each column starts at 0 but does not end at 1: divide by the range "
                        "of the column (max - min), not by its max")
        if _close(got, ZScoreScaler().fit_transform(X)):
            raise _Hint("that is z-scoring (mean 0, spread 1): min-max uses each column's "
                        "minimum and range")
        if _close(got, X / (hi - lo)):
            raise _Hint("the columns have the right spread but do not start at 0: subtract "
                        "each column's minimum first")
        raise _Hint(f"for an array of shape {X.shape} the columns do not run from exactly 0 "
                    "to 1: subtract each column's minimum and divide by its range")
    return (f"minmax_scale agrees with make_scaler('minmax') on {len(cases)} arrays: every "
            "column now runs from 0 to 1.")


@_check
def check_zscore(zscore, unzscore):
    """Exercise of ``02_normalization``: ``zscore(X)`` returns ``(Z, mean, std)`` and
    ``unzscore(Z, mean, std)`` undoes it.

    Compared with ``make_scaler("zscore")`` and its ``inverse_transform`` on three arrays and
    on points that are not in the data (as trained weights are not).
    """
    _need_function(zscore, "zscore")
    _need_function(unzscore, "unzscore")
    rng = np.random.RandomState(7)
    for X in _scaling_cases():
        out = _call(zscore, "zscore", X.copy())
        if not isinstance(out, (tuple, list)) or len(out) != 3:
            raise _Hint("zscore should return three things: Z, mean, std")
        ref = ZScoreScaler().fit(X)
        n, d = X.shape
        Z = _as_array(out[0], "zscore's Z", X.shape)
        if np.ndim(out[1]) == 0 or np.ndim(out[2]) == 0:
            raise _Hint("mean and std should hold one number per column: use axis=0")
        mean = _as_array(out[1], "zscore's mean", (d,))
        std = _as_array(out[2], "zscore's std", (d,))
        if _close(std, X.std(axis=0, ddof=1)):
            raise _Hint("your std divides by n - 1: use the population standard deviation, "
                        "np.std's default (ddof=0)")
        if not (_close(mean, ref.mean_) and _close(std, ref.std_)):
            raise _Hint("mean and std should hold one number per column: use axis=0")
        if not _close(Z, ref.transform(X)):
            raise _Hint("Z is not (X - mean) / std column by column")
        points = rng.normal(size=(5, d))  # like trained weights: not rows of X
        back = _as_array(_call(unzscore, "unzscore", points.copy(), ref.mean_.copy(),
                               ref.std_.copy()), "unzscore", points.shape)
        expected = ref.inverse_transform(points)
        if _close(back, expected):
            continue
        if _close(back, (points - ref.mean_) / ref.std_):
            raise _Hint("unzscore scales again instead of undoing: undo the steps in reverse "
                        "order")
        if _close(back, (points + ref.mean_) * ref.std_):
            raise _Hint("the order matters: undo the division first, then the subtraction")
        raise _Hint("unzscore(zscore(X)) should give X back, and map any point the same way")
    return ("zscore matches make_scaler('zscore'), and unzscore undoes it exactly, also for "
            "points that are not in X, such as trained weights.")


# --- 03_training_with_newc -----------------------------------------------------------------

def _step_variants(W, x, lr):
    """Common wrong versions of one winner-take-all step, for hints."""
    d = np.sqrt(np.sum((W - x) ** 2, axis=1))
    win, far = int(np.argmin(d)), int(np.argmax(d))
    variants = {}
    every = W + lr * d[:, None] * (x - W)
    variants["every"] = every
    farthest = W.copy()
    farthest[far] += lr * d[far] * (x - W[far])
    variants["farthest"] = farthest
    no_d = W.copy()
    no_d[win] += lr * (x - W[win])
    variants["no_d"] = no_d
    away = W.copy()
    away[win] += lr * d[win] * (W[win] - x)
    variants["away"] = away
    return variants


@_check
def check_wta_step(wta_step):
    """Exercise of ``03_training_with_newc``: one winner-take-all step, as ``newc`` makes it.

    ``wta_step(W, x, lr)`` must return new weights in which only the nearest neuron moved,
    by ``lr * d * (x - w)``, without changing ``W``; compared with ``learning_pass`` on one
    sample, for six random layers.
    """
    name = "wta_step"
    _need_function(wta_step, name)
    rng = np.random.RandomState(3)
    hints = {
        "every": "every neuron moved: only the winner, the nearest neuron, moves",
        "farthest": "the farthest neuron moved: the winner is the nearest one",
        "no_d": "the winner moved lr * (x - w): neurolab also multiplies the step by the "
                "distance d",
        "away": "the winner moved away from the sample: it should move towards x",
    }
    shapes = [(2, 2), (3, 3), (5, 3), (6, 4), (4, 2), (5, 5)]
    lrs = [0.01, 0.1, 0.5, 1.0, 1.5, 0.3]
    for (k, dims), lr in zip(shapes, lrs, strict=True):
        W = rng.uniform(0, 1, (k, dims))
        x = rng.uniform(0, 1, dims)
        given = W.copy()
        out = _call(wta_step, name, given, x.copy(), lr)
        if out is None and not np.array_equal(given, W):
            raise _Hint("wta_step changed W but returned None: return the new weights")
        got = _as_array(out, name, W.shape)
        expected = W.copy()
        learning_pass(x[np.newaxis, :], expected, lr, False)
        if not np.array_equal(given, W):
            raise _Hint("wta_step changed the W it was given: work on a copy, "
                        "np.array(W, dtype=float)")
        if _close(got, expected):
            continue
        if _close(got, W):
            raise _Hint("no neuron moved: move the winner towards the sample")
        for key, variant in _step_variants(W, x, lr).items():
            if _close(got, variant):
                raise _Hint(hints[key])
        raise _Hint(f"with {k} neurons in {dims}-D and lr={lr} the new weights differ from "
                    "neurolab's: find the nearest neuron and move it by lr * d * (x - w)")
    return (f"wta_step moves exactly what neurolab moves, by the same amount, in "
            f"{len(shapes)} random cases.")


def _best_and_worst_pairing(actual, predicted):
    means = [np.linalg.norm(actual - predicted[list(p)], axis=1).mean()
             for p in itertools.permutations(range(len(predicted)))]
    return min(means), max(means)


@_check
def check_best_matching_distance(best_matching_distance):
    """Exercise of ``03_training_with_newc``: the best one-to-one pairing by brute force.

    ``best_matching_distance(actual, predicted)`` must return the smallest mean distance over
    all pairings; compared with ``match_centroids(...).mean_distance`` for 2 to 6 centroids.
    """
    name = "best_matching_distance"
    _need_function(best_matching_distance, name)
    rng = np.random.RandomState(4)
    got, wrong = [], {"identity": [], "nearest": [], "total": [], "worst": []}
    expected = []
    for k, dims in [(2, 2), (3, 3), (5, 3), (6, 2)]:
        actual = rng.uniform(-2, 2, (k, dims))
        predicted = actual[rng.permutation(k)] + rng.normal(0, 0.9, (k, dims))
        out = _call(best_matching_distance, name, actual.copy(), predicted.copy())
        if isinstance(out, (np.ndarray, list, tuple)) and np.size(out) == 1:
            out = np.ravel(out)[0]
        if out is None:
            raise _Hint(f"{name} returned None: end it with a return statement")
        got.append(_need_number(out, f"the value {name} returns"))
        expected.append(match_centroids(actual, predicted).mean_distance)
        wrong["identity"].append(np.linalg.norm(actual - predicted, axis=1).mean())
        distances = np.linalg.norm(actual[:, None] - predicted[None], axis=2)
        wrong["nearest"].append(distances.min(axis=1).mean())
        wrong["total"].append(expected[-1] * k)
        wrong["worst"].append(_best_and_worst_pairing(actual, predicted)[1])
    if np.allclose(got, expected, rtol=1e-9, atol=1e-12):
        return (f"best_matching_distance agrees with match_centroids in {len(got)} random "
                "cases, up to 6 centroids (720 pairings).")
    hints = {
        "identity": "you paired row i with row i: neurons come in any order, so try every "
                    "permutation of the predicted rows",
        "nearest": "each actual centroid took its nearest prediction, but two may take the "
                   "same one: the pairing must be one to one",
        "total": "that is the total distance of the best pairing: return the mean",
        "worst": "that is the worst pairing: keep the smallest mean",
    }
    for key, values in wrong.items():  # the mistake that explains every case
        if np.allclose(got, values, rtol=1e-9, atol=1e-12):
            raise _Hint(hints[key])
    k = [2, 3, 5, 6][int(np.argmax(~np.isclose(got, expected, rtol=1e-9, atol=1e-12)))]
    raise _Hint(f"for {k} centroids the value is not the smallest mean distance over all "
                "one-to-one pairings (itertools.permutations gives every order)")


# --- 04_competitive_layer_from_scratch -----------------------------------------------------

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


@_check
def check_textbook_pass(textbook_pass):
    """Exercise of ``04_competitive_layer_from_scratch``: the textbook competitive rule.

    ``textbook_pass(X, W, lr)`` must make one pass over the rows of ``X`` with plain
    winner-take-all, moving the winner by ``lr * (x - w)``, and update ``W`` in place
    (returning it is allowed); compared with a reference on four random data sets.
    """
    name = "textbook_pass"
    _need_function(textbook_pass, name)
    rng = np.random.RandomState(8)
    cases = [(30, 2, 3, 0.1), (40, 3, 5, 0.3), (25, 4, 4, 0.05), (50, 3, 2, 0.5)]
    for n, dims, k, lr in cases:
        X = rng.uniform(0, 1, (n, dims))
        W = X[rng.choice(n, k, replace=False)] + rng.normal(0, 0.05, (k, dims))
        given = W.copy()
        out = _call(textbook_pass, name, X.copy(), given, lr)
        got = given if out is None else _as_array(out, name, W.shape)
        expected = W.copy()
        _textbook_pass(X, expected, lr)
        if _close(got, expected):
            continue
        if _close(got, W):
            raise _Hint("no neuron moved: change W in place (W[winner] += ...)")
        variants = {"neurolab": (learning_pass, False), "conscience": (learning_pass, True)}
        for key, (func, conscience) in variants.items():
            other = W.copy()
            func(X, other, lr, conscience)
            if _close(got, other):
                if key == "neurolab":
                    raise _Hint("that is neurolab's step, lr * d * (x - w): the textbook step "
                                "leaves out the distance d")
                raise _Hint("that is neurolab's train_cwta: the textbook rule has no "
                            "conscience and no factor d")
        other = W.copy()
        _textbook_conscience_pass(X, other, lr)
        if _close(got, other):
            raise _Hint("the textbook rule has no conscience: the winner is simply the "
                        "nearest neuron")
        raise _Hint(f"for {n} samples, {k} neurons and lr={lr} the weights after the pass "
                    "differ from the textbook rule: for each sample in order, move the nearest "
                    "neuron by lr * (x - w)")
    return f"textbook_pass follows the textbook rule exactly on {len(cases)} random data sets."


def _minmax_tutorial_data():
    X, _ = make_clusters(random_state=0)
    return make_scaler("minmax").fit_transform(X)


@_check
def check_dead_neuron(init_weights):
    """Exercise of ``04_competitive_layer_from_scratch``: kill a neuron, then rescue it.

    ``init_weights`` (5 x 3, min-max scaled units) must leave at least one dead neuron after
    100 epochs of plain winner-take-all (``lr=0.1``) on the tutorial's data scaled with
    ``minmax``, and none with the conscience from the same start.
    """
    name = "init_weights"
    if init_weights is Ellipsis:
        raise _Hint("init_weights is still ...: set it to an array of 5 rows and 3 columns, "
                    "run that cell, then run this check again.")
    try:
        W0 = np.asarray(init_weights, dtype=float)
    except (TypeError, ValueError):
        raise _Hint(f"{name} should be an array of numbers, got "
                    f"{type(init_weights).__name__}") from None
    if W0.shape != (5, 3):
        raise _Hint(f"{name} should have 5 rows (neurons) and 3 columns (features), "
                    f"got shape {W0.shape}")
    if not np.all(np.isfinite(W0)):
        raise _Hint(f"{name} contains NaN or infinite values")
    X = _minmax_tutorial_data()
    dead = {}
    for rule in ("wta", "cwta"):
        layer = CompetitiveLayer(5, lr=0.1, rule=rule)
        try:
            layer.fit(X, epochs=100, init_weights=W0)
        except TrainingDivergedError:
            raise _Hint(f"training with rule='{rule}' diverged: a neuron that starts very far "
                        "out takes a huge first step when it wins (lr * d > 2); start it "
                        "nearer the data") from None
        dead[rule] = dead_neurons(X, layer.weights_).tolist()
    if not dead["wta"]:
        raise _Hint("with plain winner-take-all every neuron still wins some samples: start "
                    "one neuron where no sample has it as its nearest neuron")
    if dead["cwta"]:
        raise _Hint(f"plain winner-take-all leaves neuron(s) {dead['wta']} dead, good; but "
                    f"the conscience does not rescue neuron(s) {dead['cwta']} within 100 "
                    "epochs: it starts too far away")
    return (f"with plain winner-take-all neuron(s) {dead['wta']} never win, so they never "
            "move; with the conscience all 5 neurons win samples.")


# --- 05_3d_comparison_plots ----------------------------------------------------------------

def _artist_points(artist):
    """The 3-D points an artist draws, as an (n, 3) array, or None."""
    if hasattr(artist, "get_data_3d"):
        xs, ys, zs = artist.get_data_3d()
    elif hasattr(artist, "_offsets3d"):
        xs, ys, zs = artist._offsets3d
    else:
        return None
    try:
        return np.column_stack([np.ravel(np.ma.getdata(v)).astype(float) for v in (xs, ys, zs)])
    except (TypeError, ValueError):
        return None


def _marker_shape(artist):
    """A comparable description of an artist's marker shape (size ignored), or None."""
    from matplotlib.markers import MarkerStyle

    if hasattr(artist, "get_marker"):
        marker = artist.get_marker()
        if marker in ("", " ", "None", "none", None):
            return None
        style = MarkerStyle(marker)
        path = style.get_path().transformed(style.get_transform())
    else:
        paths = artist.get_paths()
        if not paths:
            return None
        path = paths[0]
    vertices = np.asarray(path.vertices, dtype=float)
    extent = np.max(np.abs(vertices)) if vertices.size else 0.0
    if extent > 0:
        vertices = vertices / extent
    return (vertices.shape, tuple(np.round(vertices, 3).ravel()))


@_check
def check_plot_comparison(plot_comparison):
    """Exercise of ``05_3d_comparison_plots``: the comparison figure, drawn by hand.

    ``plot_comparison(X, actual, predicted, ax)`` must draw the three groups of points on the
    3-D axes ``ax`` with three different marker shapes and labels, add a legend, label the
    three axes and return ``ax``. The check draws on its own figure and inspects it.
    """
    from matplotlib.figure import Figure

    name = "plot_comparison"
    _need_function(plot_comparison, name)
    rng = np.random.RandomState(6)
    X = rng.normal(0, 1.5, (60, 3))
    actual = rng.uniform(-3, 3, (4, 3))
    predicted = actual + rng.normal(0, 0.3, (4, 3))
    fig = Figure()  # not pyplot: nothing is shown, nothing is left open
    ax = fig.add_subplot(projection="3d")
    out = _call(plot_comparison, name, X.copy(), actual.copy(), predicted.copy(), ax)
    if out is not ax:
        raise _Hint("return the axes ax at the end, so that the caller can keep drawing on it")
    artists = list(ax.collections) + list(ax.lines)
    groups = {}
    for label, target in (("data points", X), ("actual centroids", actual),
                          ("predicted centroids", predicted)):
        found = [a for a in artists if (p := _artist_points(a)) is not None
                 and _same_rows(p, target)]
        if not found:
            raise _Hint(f"the {label} are not in the figure: draw them with one "
                        "ax.scatter(xs, ys, zs, ...) call each")
        groups[label] = found[0]
    shapes = {label: _marker_shape(a) for label, a in groups.items()}
    if shapes["actual centroids"] == shapes["predicted centroids"]:
        raise _Hint("actual and predicted centroids have the same marker shape: give them "
                    "different shapes (marker=...) so they differ in greyscale too")
    if shapes["data points"] in (shapes["actual centroids"], shapes["predicted centroids"]):
        raise _Hint("the data points share a marker shape with the centroids: give each group "
                    "its own shape")
    for label, artist in groups.items():
        if artist.get_label().startswith("_"):
            raise _Hint(f"the {label} have no label: pass label=... so that the legend can "
                        "name them")
    if ax.get_legend() is None:
        raise _Hint("add a legend (ax.legend()) so the reader knows which marker is which")
    if not (ax.get_xlabel() and ax.get_ylabel() and ax.get_zlabel()):
        raise _Hint("label the x, y and z axes (with units) using ax.set_xlabel and friends")
    return ("your figure shows the points, the actual and the predicted centroids with three "
            "marker shapes, labels, a legend and labelled axes.")


def _distance_curve(normalize, lr, epochs):
    """Mean matched distance (data units) after 1, 2, ..., epochs epochs (seed 0)."""
    result = run_tutorial(epochs=epochs, normalize=normalize, lr=lr, record_history=True)
    return np.array([match_centroids(result.centroids, w).mean_distance
                     for w in result.history])


def _first_epoch_below(curve, threshold):
    hits = np.flatnonzero(curve <= threshold)
    return int(hits[0]) + 1 if hits.size else None


@functools.lru_cache(maxsize=1)
def _tutorial_epochs_to_threshold():
    return _first_epoch_below(_distance_curve("norm", 0.01, 2000), 0.3)


@_check
def check_lr_minmax(lr_minmax):
    """Exercise of ``05_3d_comparison_plots``: a learning rate that is fast and still precise.

    With ``normalize="minmax"`` and ``lr=lr_minmax`` (seed 0) the mean matched distance must
    reach 0.3 data units within 5 epochs and be at most 0.2 after 100 epochs.
    """
    lr = _need_number(lr_minmax, "lr_minmax", positive=True)
    try:
        curve = _distance_curve("minmax", lr, 100)
    except TrainingDivergedError:
        raise _Hint(f"with lr={lr:g} training diverges (lr * d goes above 2): try a smaller "
                    "lr") from None
    first = _first_epoch_below(curve, 0.3)
    final = curve[-1]
    if first is None and final >= 0.95 * curve[49]:  # settled, but too far away
        raise _Hint(f"with lr={lr:g} the neurons settle {final:.3f} away and never get within "
                    "0.3: the steps are so big that each neuron keeps jumping after the last "
                    "samples it won; try a smaller lr")
    if first is None or first > 5:
        when = "more than 100" if first is None else str(first)
        raise _Hint(f"with lr={lr:g} min-max scaling needs {when} epochs to get within 0.3: "
                    "take bigger steps (a larger lr)")
    if final > 0.2:
        raise _Hint(f"with lr={lr:g} the neurons get within 0.3 after {first} epoch(s), but "
                    f"after 100 epochs they are {final:.3f} away, more than 0.2: the steps "
                    "are so big that each neuron keeps jumping after the last samples it won; "
                    "try a smaller lr")
    return (f"with lr={lr:g} min-max scaling gets within 0.3 after {first} epoch(s) and ends "
            f"{final:.3f} away; the tutorial's norm scaling with lr=0.01 needs "
            f"{_tutorial_epochs_to_threshold()} epochs.")


# --- 06_explore_epochs_and_noise -----------------------------------------------------------

@functools.lru_cache(maxsize=64)
def _mean_distance(noise, epochs):
    return run_tutorial(epochs=epochs, noise=noise).match.mean_distance


@_check
def check_noise_prediction(prediction, measured):
    """Exercise of ``06_explore_epochs_and_noise``: predict, then check, what doubling the
    noise does to training.

    ``prediction`` is ``'a'``, ``'b'`` or ``'c'``; ``measured`` maps ``(noise, epochs)`` to
    ``run_tutorial(epochs=epochs, noise=noise).match.mean_distance`` for noise 0.8 and 1.6 and
    500 and 2000 epochs. The right letter is decided from those measurements.
    """
    if prediction is Ellipsis:
        raise _Hint("prediction is still ...: write your prediction ('a', 'b' or 'c') there "
                    "first, before you measure.")
    if not isinstance(prediction, str) or prediction.strip().lower() not in ("a", "b", "c"):
        raise _Hint(f"prediction should be one of 'a', 'b' or 'c', got {prediction!r}")
    letter = prediction.strip().lower()
    if measured is Ellipsis:
        raise _Hint("measured is still ...: fill it in, run that cell, then run this check "
                    "again.")
    if not hasattr(measured, "get"):
        raise _Hint(f"measured should be a dict like {{(0.8, 500): ...}}, got "
                    f"{type(measured).__name__}")
    keys = [(noise, epochs) for noise in (0.8, 1.6) for epochs in (500, 2000)]
    for key in keys:
        if key not in measured:
            raise _Hint(f"measured has no entry for {key} (noise, epochs)")
        value = _need_number(measured[key], f"measured[{key}]")
        if not np.isclose(value, _mean_distance(*key), rtol=1e-9, atol=0):
            raise _Hint(f"measured[{key}] is not run_tutorial(epochs={key[1]}, "
                        f"noise={key[0]}).match.mean_distance")
    d = {key: _mean_distance(*key) for key in keys}
    settled = all(abs(d[(n, 500)] - d[(n, 2000)]) <= 0.05 * d[(n, 2000)] for n in (0.8, 1.6))
    ratio = d[(1.6, 2000)] / d[(0.8, 2000)]
    if settled:
        right = "b" if ratio >= 1.5 else "c"
    else:
        right = "a"
    if letter != right:
        raise _Hint(f"your measurements are right, but they do not show '{letter}'. Compare "
                    "the distance after 500 with that after 2000 epochs (has each run "
                    "settled?), then the two noise levels with each other.")
    return (f"both runs have settled by epoch 500, but with noise 1.6 the centroids end "
            f"{d[(1.6, 2000)]:.3f} away against {d[(0.8, 2000)]:.3f} with noise 0.8 "
            f"({ratio:.1f} times): noise limits how close the layer gets, not how fast.")


DEFAULT_BUDGETS = (10, 20, 50, 100, 200, 500, 1000, 2000)


def _fewest_epochs(noise, tol, candidates=DEFAULT_BUDGETS):
    for epochs in candidates:
        if _mean_distance(noise, epochs) <= tol:
            return epochs
    return None


@_check
def check_fewest_epochs(fewest_epochs):
    """Exercise of ``06_explore_epochs_and_noise``: the smallest epoch budget that is enough.

    ``fewest_epochs(noise, tol, candidates=...)`` must return the first number of epochs in
    ``candidates`` whose mean matched distance (``run_tutorial``, seed 0) is at most ``tol``,
    or None; compared with a reference in five cases.
    """
    name = "fewest_epochs"
    _need_function(fewest_epochs, name)
    cases = [(0.8, 0.3, None), (0.4, 0.1, None), (1.6, 0.3, None), (0.8, 2.0, None),
             (1.2, 0.3, (30, 150, 300, 700))]
    for noise, tol, candidates in cases:
        budgets = DEFAULT_BUDGETS if candidates is None else candidates
        kwargs = {} if candidates is None else {"candidates": candidates}
        got = _call(fewest_epochs, name, noise, tol, **kwargs)
        expected = _fewest_epochs(noise, tol, budgets)
        call = f"{name}({noise}, {tol}{'' if candidates is None else ', candidates=...'})"
        if isinstance(got, np.integer):
            got = int(got)
        if got == expected and (got is None) == (expected is None):
            continue
        if expected is None:
            raise _Hint(f"{call} should return None: no budget in candidates gets within tol")
        if got is None:
            raise _Hint(f"{call} returned None, but some budget in candidates is enough: "
                        "compare each mean distance with tol using <=")
        if isinstance(got, float) and got not in budgets:
            raise _Hint(f"{call} returned {got:.3f}: return the number of epochs, not the "
                        "distance")
        enough = [e for e in budgets if _mean_distance(noise, e) <= tol]
        if got in enough:
            raise _Hint(f"{call} returned a budget that is enough but not the smallest one: "
                        "try the candidates in order and stop at the first that is enough")
        raise _Hint(f"{call} returned {got!r}, which is not the first budget whose mean "
                    "matched distance is at most tol")
    return (f"fewest_epochs agrees with the reference in {len(cases)} cases, including one "
            "where no budget is enough.")
