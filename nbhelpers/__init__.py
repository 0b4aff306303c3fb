"""Helpers for the competitive-learning notebooks.

The pieces, in the order the notebooks introduce them:

- ``make_clusters``, ``SEED_CENTROIDS`` (01): the tutorial's synthetic data;
- ``make_scaler`` and the scalers in ``nbhelpers.normalization`` (02);
- ``match_centroids``, ``quantization_error``, ``dead_neurons`` (03): metrics;
- ``CompetitiveLayer`` (04): neurolab's ``newc`` rewritten, with identical results;
- ``run_tutorial`` (05): the whole tutorial in one call;
- ``nbhelpers.plots`` (every notebook) and ``nbhelpers.widgets``: ``explore_step``,
  ``plot_explorer``, ``explorer`` (06);
- ``nbhelpers.checks`` (exercises of 01-06): self-checks that print one line.

neurolab itself is imported with ``from nbhelpers.neurolab_compat import neurolab as nl``.
"""

from .data import SEED_CENTROIDS, make_clusters
from .layer import CompetitiveLayer, TrainingDivergedError
from .metrics import centroid_table, dead_neurons, match_centroids, quantization_error, win_counts
from .normalization import (
    GlobalNormScaler,
    IdentityScaler,
    MinMaxScaler,
    ZScoreScaler,
    make_scaler,
)
from .tutorial import run_tutorial, train_neurolab

__all__ = [
    "SEED_CENTROIDS",
    "CompetitiveLayer",
    "GlobalNormScaler",
    "IdentityScaler",
    "MinMaxScaler",
    "TrainingDivergedError",
    "ZScoreScaler",
    "centroid_table",
    "dead_neurons",
    "make_clusters",
    "make_scaler",
    "match_centroids",
    "quantization_error",
    "run_tutorial",
    "train_neurolab",
    "win_counts",
]

__version__ = "0.1.0"
