"""Self-checks for the exercises at the end of notebooks 01 to 13.

Each ``check_*`` function takes a student's answer (a function, a number, an array...), tests
what it *does* against the reference code of this package on fixed random inputs, and prints
one friendly line: ``Well done! ...``, or ``Not yet: ...`` followed by a hint that never gives
the answer away.

Unlike the rest of the package, a check never raises on a wrong answer: checking the input is
its job, so a wrong type, a function that raises, or an exercise stub that is still unfinished
(a function that raises ``NotImplementedError``, a variable still set to ``...``) all give a
hint instead of a traceback. A check prints rather than returns, so the cell that calls it
shows that line and nothing else; ``check_x.verdict(...)`` returns ``(passed, message)``
instead, for tests. The inputs are drawn from fixed seeds, so the output is the same on every
run (nbval compares it).

For grading (nbgrader, see ``tools/make_nbgrader.py``), ``raise_on_failure()`` switches every
check to a mode in which a wrong answer raises ``AssertionError`` with its hint instead of
printing it; a right answer still prints ``Well done! ...``.

The machinery shared by all checks is in ``_core``; the checks of each notebook, with the
wrong answers they recognise, are in the module named after that notebook, from
``nb01_competitive_learning_in_a_plane`` to ``nb13_lvq_and_beyond``.
"""

from ._core import NOT_YET, PASSED, raise_on_failure
from .nb01_competitive_learning_in_a_plane import check_empty_cluster_start, check_winner
from .nb02_data_synthesis import check_noise_factor, check_tutorial_clusters
from .nb03_normalization import check_minmax_scale, check_zscore
from .nb04_training_with_newc import check_best_matching_distance, check_wta_step
from .nb05_competitive_layer_from_scratch import check_dead_neuron, check_textbook_pass
from .nb06_3d_comparison_plots import check_lr_minmax, check_plot_comparison
from .nb07_explore_epochs_and_noise import (
    DEFAULT_BUDGETS as DEFAULT_BUDGETS,  # not in __all__; the tests use checks.DEFAULT_BUDGETS
)
from .nb07_explore_epochs_and_noise import (
    check_fewest_epochs,
    check_noise_prediction,
)
from .nb08_sample_order_and_the_conscience import check_takeover, check_widen
from .nb09_how_many_neurons import check_elbow, check_silhouette_of
from .nb10_learning_rate_decay import check_linear_rates, check_sample_weights
from .nb11_online_k_means import check_lloyd_step, check_restarts
from .nb12_colour_quantization import check_lr_in_255_units, check_psnr
from .nb13_lvq_and_beyond import check_som_step, check_train_lvq1

__all__ = [
    "NOT_YET",
    "PASSED",
    "check_best_matching_distance",
    "check_dead_neuron",
    "check_elbow",
    "check_empty_cluster_start",
    "check_fewest_epochs",
    "check_linear_rates",
    "check_lloyd_step",
    "check_lr_in_255_units",
    "check_lr_minmax",
    "check_minmax_scale",
    "check_noise_factor",
    "check_noise_prediction",
    "check_plot_comparison",
    "check_psnr",
    "check_restarts",
    "check_sample_weights",
    "check_silhouette_of",
    "check_som_step",
    "check_takeover",
    "check_textbook_pass",
    "check_train_lvq1",
    "check_tutorial_clusters",
    "check_widen",
    "check_winner",
    "check_wta_step",
    "check_zscore",
    "raise_on_failure",
]
