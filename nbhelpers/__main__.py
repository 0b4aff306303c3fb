"""Command line: run the tutorial end to end without a browser.

    python -m nbhelpers --epochs 100 --out comparison.png
"""

import argparse
import sys

from .layer import RULES
from .normalization import SCALERS
from .tutorial import TRAINERS


def _describe(choices, default):
    """``'a' what a does; 'b' what b does (default a)`` for a --help text."""
    return "; ".join(f"'{name}' {text}" for name, text in choices.items()) + \
        f" (default {default})"


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m nbhelpers",
        description="Cluster 3-D points with a competitive layer, as in the tutorial: make the "
                    "data, scale it, train, map the weights back and compare them with the "
                    "actual centroids.",
    )
    parser.add_argument("--epochs", type=int, default=100,
                        help="epochs as neurolab counts them: N makes N-1 passes (default 100)")
    parser.add_argument("--noise", type=float, default=0.8,
                        help="standard deviation of the Gaussian noise around each centroid "
                             "(default 0.8)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed for the data and the initial weights (default 0)")
    parser.add_argument("--neurons", type=int, default=5,
                        help="number of neurons, one per cluster to find (default 5)")
    parser.add_argument("--lr", type=float, default=0.01, help="learning rate (default 0.01)")
    parser.add_argument("--normalize", choices=SCALERS, default="norm",
                        help="scaling before training: " + _describe(
                            {name: scaler.description for name, scaler in SCALERS.items()},
                            "norm"))
    parser.add_argument("--rule", choices=RULES, default="cwta",
                        help="how the winner is chosen: " + _describe(RULES, "cwta"))
    parser.add_argument("--trainer", choices=TRAINERS, default="scratch",
                        help="who trains: " + _describe(TRAINERS, "scratch"))
    parser.add_argument("--out", metavar="FILE.png",
                        help="save the 3-D comparison figure to this file")
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    from .tutorial import run_tutorial

    try:
        result = run_tutorial(epochs=args.epochs, noise=args.noise, seed=args.seed,
                              n_neurons=args.neurons, lr=args.lr, normalize=args.normalize,
                              rule=args.rule, trainer=args.trainer)
    except (ValueError, TypeError, ImportError) as exc:
        parser.exit(2, f"error: {exc}\n")
    who = TRAINERS[args.trainer].split(" (")[0]  # e.g. "nbhelpers.CompetitiveLayer"
    print(f"Trained {who} for {args.epochs} epochs in {result.seconds:.3f} s "
          f"(noise {args.noise}, seed {args.seed}, normalize {args.normalize}, lr {args.lr})")
    print(result.table())
    if args.out:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from .plots import plot_comparison_3d

        ax = plot_comparison_3d(result.X, result.centroids, result.predicted,
                                title=f"After {args.epochs} epochs "
                                      f"(mean distance {result.match.mean_distance:.3f})")
        try:
            ax.figure.savefig(args.out, dpi=120, bbox_inches="tight")
        except (OSError, ValueError) as exc:
            parser.exit(2, f"error: could not save --out {args.out}: {exc}\n")
        plt.close(ax.figure)
        print(f"Saved the figure to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
