"""Helpers for the competitive-learning notebooks.

The helpers, by the notebook that first uses them (``tests/test_package_map.py`` checks that
every helper a notebook imports is listed here, under that notebook or an earlier one):

- ``01_competitive_learning_in_a_plane``: ``make_clusters``, ``CompetitiveLayer`` (both
  ahead of their lessons, in 2-D), ``plots.plot_winner_regions_2d``,
  ``plots.legend_handles_2d``, ``widgets.trace_training``, ``widgets.plane_scrubber``,
  ``widgets.plot_plane_moments``, and ``checks``, the self-checks of the exercises at the end
  of notebooks 01 to 13;
- ``02_data_synthesis``: ``make_clusters``, ``SEED_CENTROIDS``, ``plots.plot_clusters_3d``,
  ``plots.plot_centroids_3d``, ``plots.CLUSTER_COLORS``, ``plots.CLUSTER_MARKERS``,
  ``CompetitiveLayer`` and ``match_centroids`` (used ahead of their lessons, to measure how
  the order of the samples matters);
- ``03_normalization``: ``make_scaler`` (the scalers live in ``normalization``);
- ``04_training_with_newc``: ``neurolab_compat.neurolab`` (neurolab, working on NumPy 2),
  ``centroid_table``, ``layer.learning_pass``, ``plots.plot_winner_step``,
  ``plots.plot_error_curve``, ``plots.plot_comparison_3d``;
- ``05_competitive_layer_from_scratch``: ``TrainingDivergedError``, ``layer`` (the package's
  copy of the algorithm the notebook writes out), ``win_counts``, ``dead_neurons``,
  ``plots.plot_trajectories_3d``, ``plots.plot_nearest_cluster``, ``plots.legend_handles``,
  ``plots.OKABE_ITO``, ``plots.CLUSTER_MARKERS``;
- ``06_3d_comparison_plots``: ``run_tutorial``;
- ``07_explore_epochs_and_noise``: ``explore_step``, ``widgets.explorer``,
  ``widgets.plot_explorer``, ``widgets.FIGSIZE``, ``widgets.DPI``;
- ``08_sample_order_and_the_conscience``: ``plots.neuron_style``;
- ``09_how_many_neurons``: nothing new (``run_tutorial`` and ``plots.neuron_style`` again);
- ``10_learning_rate_decay``: nothing new (``CompetitiveLayer`` with its textbook step and
  its falling learning rates);
- ``11_online_k_means``: ``metrics.objectives``;
- ``12_colour_quantization``: nothing new (``CompetitiveLayer`` on the pixels of a photograph,
  ``plots.OKABE_ITO``);
- ``13_lvq_and_beyond``: ``neurolab_compat.train_neurolab_lvq``.

Where things live: ``data``, ``normalization``, ``layer`` (with its compiled copy in
``_kernels``), ``metrics``, ``plots`` (with ``drag3d``, which makes dragging a 3-D figure
lighter under ``%matplotlib widget``), ``tutorial`` (``run_tutorial`` and the explorer's
model, ``explore_step``), ``widgets`` (the explorer's figure and controls),
``neurolab_compat`` (everything neurolab-side, ``newlvq`` included) and ``checks``.
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
from .tutorial import explore_step, run_tutorial

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
    "explore_step",
    "make_clusters",
    "make_scaler",
    "match_centroids",
    "quantization_error",
    "run_tutorial",
    "win_counts",
]

__version__ = "0.1.0"
