"""Synthetic clusters in the style of the tutorial."""

import numpy as np

from ._validation import validate_data, validate_float, validate_int, validate_random_state

#: The tutorial's five cluster centres in 3-D (rows are centroids, columns x, y, z).
SEED_CENTROIDS = np.array(
    [[1, 2, 1], [2, 5, 2], [-3, 3, 0], [5, -1, -1], [-2, -2, -2]], dtype=np.float64
)
SEED_CENTROIDS.flags.writeable = False


def make_clusters(centroids=SEED_CENTROIDS, points_per_cluster=100, noise=0.8, random_state=None):
    """Draw Gaussian blobs around fixed centroids, in the tutorial's order of NumPy calls.

    The points are made exactly as the tutorial makes them: ``noise * randn(points, k, dims)``
    is added to the centroids, the result is reshaped to ``(points * k, dims)`` and its rows are
    shuffled. With ``random_state=s`` the array equals what the tutorial's code gives after
    ``np.random.seed(s)``.

    Parameters
    ----------
    centroids : array-like of shape (k, n_features), default SEED_CENTROIDS
        The true cluster centres.
    points_per_cluster : int, default 100
        Points drawn around each centroid.
    noise : float, default 0.8
        Standard deviation of the Gaussian noise, in data units (>= 0).
    random_state : None, int or numpy.random.RandomState, default None
        None uses NumPy's global RNG (as the tutorial does); an int seeds a new one.

    Returns
    -------
    X : ndarray of shape (points_per_cluster * k, n_features)
        The shuffled points.
    labels : ndarray of shape (points_per_cluster * k,)
        Index of the centroid each point was drawn around (follows the shuffle).
    """
    centroids = validate_data(centroids, "centroids")
    points_per_cluster = validate_int(points_per_cluster, "points_per_cluster", minimum=1)
    noise = validate_float(noise, "noise", minimum=0.0)
    rng = validate_random_state(random_state)

    n_centroids, n_features = centroids.shape
    gaussian = noise * rng.randn(points_per_cluster, n_centroids, n_features)
    X = (centroids + gaussian).reshape(points_per_cluster * n_centroids, n_features)
    labels = np.tile(np.arange(n_centroids), points_per_cluster)
    # permutation(n) draws the same numbers as the tutorial's shuffle(X), so both agree.
    order = rng.permutation(len(X))
    return X[order], labels[order]
