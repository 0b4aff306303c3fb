"""Checks for the exercises of ``01_competitive_learning_in_a_plane``."""

import numpy as np

from ..data import make_clusters
from ..layer import CompetitiveLayer, TrainingDivergedError
from ._core import Hint, call_answer, need_function, need_start_weights, printing_check

__all__ = ["PLANE_CENTRES", "check_empty_cluster_start", "check_winner", "plane_data"]

#: The four true centres of the notebook's data, and how its points are drawn.
PLANE_CENTRES = np.array([[-2.0, 2.0], [2.0, 2.5], [-1.5, -2.0], [2.5, -1.5]])
PLANE_CENTRES.flags.writeable = False
POINTS_PER_CLUSTER, NOISE, SEED = 12, 0.5, 2
#: Exercise 2's training: 10 passes (epochs=11) with this learning rate.
LR, EPOCHS = 0.1, 11


def plane_data():
    """The notebook's points and their cluster labels (seed 2)."""
    return make_clusters(PLANE_CENTRES, points_per_cluster=POINTS_PER_CLUSTER, noise=NOISE,
                         random_state=SEED)


def _winner_cases():
    """(x, W) pairs in 2-D and 3-D, with the farthest neuron never also the nearest."""
    rng = np.random.RandomState(11)
    cases = [(np.array([0.0, 0.0]), np.array([[3.0, 0.0], [1.0, 1.0], [-2.0, 2.0]])),
             # Euclidean and city-block distance disagree here: neuron 1 is nearer
             (np.array([0.0, 0.0]), np.array([[2.0, 0.0], [1.5, 1.3], [4.0, 4.0]]))]
    for dims, k in [(2, 4), (2, 3), (3, 5), (2, 6), (2, 4)]:
        cases.append((rng.uniform(-3, 3, dims), rng.uniform(-3, 3, (k, dims))))
    return cases


@printing_check
def check_winner(winner):
    """Exercise 1 of ``01_competitive_learning_in_a_plane``: the nearest neuron.

    ``winner(x, W)`` must return the index (row of ``W``) of the neuron nearest to the
    sample ``x`` in Euclidean distance, for 2-D and 3-D cases.
    """
    name = "winner"
    need_function(winner, name)
    cases = _winner_cases()
    for x, W in cases:
        got = call_answer(winner, name, x.copy(), W.copy())
        if got is None:
            raise Hint("winner returned None: end it with a return statement")
        d = np.sqrt(np.sum((W - x) ** 2, axis=1))
        expected = int(np.argmin(d))
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer)):
            if np.ndim(got) == 0 and isinstance(got, (float, np.floating)):
                if np.isclose(got, d.min()):
                    raise Hint("winner returned the smallest distance; return the index of "
                               "the neuron that has it (np.argmin)")
                if float(got).is_integer():  # 2.0 for neuron 2: fine
                    got = int(got)
                else:
                    raise Hint(f"winner should return a whole number (a neuron's index), "
                               f"got {got!r}")
            else:
                shape = np.shape(got)
                raise Hint(f"winner should return one whole number (a neuron's index), got "
                           f"{type(got).__name__}" + (f" of shape {shape}" if shape else ""))
        if got == expected:
            continue
        if got == int(np.argmax(d)):
            raise Hint("winner returned the farthest neuron: the winner is the nearest one")
        if got == int(np.argmin(np.sum(np.abs(W - x), axis=1))):
            raise Hint("that is the nearest neuron in city-block distance (sum of |x - w|); "
                       "use the straight-line distance, the square root of the sum of "
                       "squares (np.linalg.norm(W - x, axis=1))")
        raise Hint(f"for x = {np.round(x, 2).tolist()} and {len(W)} neurons winner returned "
                   f"{got}, but neuron {expected} is the nearest: compute the distance from "
                   "x to every row of W, then take the index of the smallest")
    return f"winner picks the nearest neuron in all {len(cases)} cases, in 2-D and 3-D."


def _empty_clusters(W):
    """True clusters that are no neuron's nearest cluster."""
    nearest = np.argmin(np.linalg.norm(W[:, None, :] - PLANE_CENTRES[None], axis=2), axis=1)
    return sorted(set(range(len(PLANE_CENTRES))) - set(nearest.tolist()))


def _relayed_into(W_end, cluster):
    """The neurons that end in ``cluster`` (nearest to its true centre)."""
    nearest = np.argmin(np.linalg.norm(W_end[:, None, :] - PLANE_CENTRES[None], axis=2), axis=1)
    return np.flatnonzero(nearest == cluster).tolist()


@printing_check
def check_empty_cluster_start(init_weights):
    """Exercise 2 of ``01_competitive_learning_in_a_plane``: a cluster left without a neuron.

    ``init_weights`` (4 x 2) must leave exactly one cluster without a neuron at the start
    (no neuron has that cluster's true centre as the centre nearest to it) and at least one
    after 10 passes of plain winner-take-all (``lr=0.1``) on the notebook's data, and none
    with the conscience from the same start.
    """
    W0 = need_start_weights(init_weights, "init_weights", (4, 2), "x, y")
    at_start = _empty_clusters(W0)
    if not at_start:
        raise Hint("every cluster has a neuron already at the start: put one neuron in each "
                   "of three clusters and the fourth, the spare, in one of those three, so "
                   "that exactly one cluster starts empty")
    if len(at_start) > 1:
        raise Hint(f"at the start clusters {at_start} have no neuron; the exercise asks for "
                   "exactly one: one neuron in each of three clusters, and the spare in one "
                   "of those three")
    X, _ = plane_data()
    empty, ends = {}, {}
    for rule in ("wta", "cwta"):
        layer = CompetitiveLayer(4, lr=LR, rule=rule)
        try:
            layer.fit(X, epochs=EPOCHS, init_weights=W0)
        except TrainingDivergedError:
            raise Hint(f"training with rule='{rule}' diverged: a neuron that starts very far "
                       "from the points takes a huge first step; start the neurons among the "
                       "points") from None
        empty[rule], ends[rule] = _empty_clusters(layer.weights_), layer.weights_
    if not empty["wta"]:
        relays = _relayed_into(ends["wta"], at_start[0])
        who = "neurons" if len(relays) > 1 else "neuron"
        raise Hint(f"cluster {at_start[0]} starts empty, but under plain winner-take-all "
                   f"{who} {', '.join(map(str, relays))} relayed there within 10 passes: "
                   "some of its points lay in that neuron's region. Place the spare where the "
                   "other neurons' regions stand between it and the empty cluster")
    if empty["cwta"]:
        raise Hint(f"plain winner-take-all leaves cluster(s) {empty['wta']} without a neuron, "
                   f"good; but so does the conscience (cluster(s) {empty['cwta']}) from this "
                   "start: start the neurons nearer the points")
    return (f"cluster {at_start[0]} starts empty; after 10 passes plain winner-take-all "
            f"leaves cluster(s) {empty['wta']} without a neuron, and with the conscience "
            "every cluster has one.")
