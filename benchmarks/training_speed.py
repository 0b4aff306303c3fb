"""How fast is training? neurolab vs the NumPy engine vs the compiled engine vs bare arithmetic.

    python benchmarks/training_speed.py            # the full table (about two minutes)
    python benchmarks/training_speed.py --quick    # a few seconds, for CI
    python benchmarks/training_speed.py --json results.json

For two workloads (the tutorial's 500 points and a larger one) it prints the seconds per 1000
epochs of each engine, the speed-up over neurolab measured in the same run, and the largest
difference of the trained weights (and errors) from neurolab's after the same number of epochs.
Slow engines are timed over fewer epochs and extrapolated linearly; the table says where.
"bare arithmetic" is the smallest numba loop doing the same floating-point work as the
compiled engine without any bookkeeping (no pairwise summation, no divergence checks, no
allocation, no history, no validation): what a straightforward compiled loop costs.
It is the benchmark's own loop on purpose, an independent yardstick for the package's.
The explorer of notebook 07 is timed too: retraining plus metrics, and the whole update after
a slider change including the redraw of the figure.
"""

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")

import numba  # noqa: E402
import numpy as np  # noqa: E402
from numba import njit  # noqa: E402

from nbhelpers import CompetitiveLayer, make_clusters, make_scaler  # noqa: E402
from nbhelpers.neurolab_compat import neurolab as nl  # noqa: E402

LR = 0.01
SEED = 0
TOLERANCE = 1e-12


@njit(cache=True)
def bare_fit(X, W, lr, use_conscience, epochs, errors):
    """The same arithmetic as the compiled engine, and nothing else.

    A plain loop per sample and neuron, written like the compiled engine's pass for few
    neurons (distance and competition together), with a running sum for the error instead
    of NumPy's pairwise one (so its errors differ from neurolab's in the last bits). It is
    a reference, not the fastest possible loop: the compiled engine also vectorizes the
    error over samples and switches to a branch-free pass for many neurons.
    """
    n_samples, n_features = X.shape
    n_neurons = W.shape[0]
    conscience = np.empty(n_neurons)
    for epoch in range(epochs):
        err = 0.0
        for i in range(n_samples):  # the error: distance to the nearest neuron
            winner = 0
            best = math.inf
            for k in range(n_neurons):
                total = 0.0
                for j in range(n_features):
                    diff = W[k, j] - X[i, j]
                    total += diff * diff
                dk = math.sqrt(total)
                better = dk < best or k == 0
                best = dk if better else best
                winner = k if better else winner
            for j in range(n_features):
                err += abs(W[winner, j] - X[i, j])
        errors[epoch] = err
        if epoch + 1 == epochs:
            break
        conscience[:] = 1.0
        for i in range(n_samples):  # the learning pass
            winner = 0
            best = math.inf
            d_winner = 0.0
            for k in range(n_neurons):
                total = 0.0
                for j in range(n_features):
                    diff = W[k, j] - X[i, j]
                    total += diff * diff
                dk = math.sqrt(total)
                score = conscience[k] * dk
                better = score < best or k == 0
                best = score if better else best
                winner = k if better else winner
                d_winner = dk if better else d_winner
            if use_conscience:
                conscience[winner] += 1.0
            step = lr * d_winner
            for j in range(n_features):
                W[winner, j] += step * (X[i, j] - W[winner, j])


def workloads(quick):
    """(name, description, scaled X, n_neurons, epochs per engine, repeats) per workload."""
    X, _ = make_clusters(random_state=SEED)
    tutorial = X / np.linalg.norm(X)
    rng = np.random.RandomState(1)
    per_cluster = 500 if quick else 5000
    big, _ = make_clusters(rng.uniform(-5, 5, size=(10, 3)), per_cluster, 0.8, random_state=2)
    big = make_scaler("minmax").fit_transform(big)
    if quick:
        yield ("tutorial", "500 points x 3 features, 5 neurons, X / ||X||",
               tutorial, 5, dict(neurolab=10, numpy=10, numba=1000, bare=1000), 3)
        yield ("larger", f"{len(big):,} points x 3 features, 10 neurons, min-max",
               big, 10, dict(neurolab=2, numpy=2, numba=100, bare=100), 3)
    else:
        yield ("tutorial", "500 points x 3 features, 5 neurons, X / ||X||",
               tutorial, 5, dict(neurolab=1000, numpy=200, numba=1000, bare=1000), 7)
        yield ("larger", f"{len(big):,} points x 3 features, 10 neurons, min-max",
               big, 10, dict(neurolab=3, numpy=5, numba=1000, bare=1000), 2)


def run_neurolab(X, k, epochs):
    np.random.seed(SEED)
    net = nl.net.newc([[0.0, 1.0]] * X.shape[1], k)
    errors = net.train(X, epochs=epochs, show=0, lr=LR)
    return net.layers[0].np["w"].copy(), np.asarray(errors, dtype=float)


def run_layer(engine):
    def run(X, k, epochs):
        layer = CompetitiveLayer(k, lr=LR, random_state=SEED, engine=engine).fit(X, epochs)
        return layer.weights_, layer.errors_
    return run


def run_bare(X, k, epochs):
    rng = np.random.RandomState(SEED)
    W = np.array([X[rng.randint(0, len(X))] for _ in range(k)])  # as neurolab draws them
    errors = np.empty(epochs)
    bare_fit(X, W, LR, True, epochs, errors)
    return W, errors


ENGINES = {
    "neurolab": ("neurolab newc", run_neurolab),
    "numpy": ("numpy engine", run_layer("python")),
    "numba": ("compiled engine (numba)", run_layer("numba")),
    "bare": ("bare arithmetic (numba)", run_bare),
}


def timed(run, X, k, epochs, repeats):
    """Best wall time of ``repeats`` runs, and the result of the last one."""
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        out = run(X, k, epochs)
        best = min(best, time.perf_counter() - start)
    return best, out


def bench_workload(X, k, epochs, repeats):
    rows = {}
    reference_epochs = epochs["neurolab"]
    reference = None
    for key, (_, run) in ENGINES.items():
        n = epochs[key]
        reps = repeats if key in ("numba", "bare") else 1
        seconds, (weights, errors) = timed(run, X, k, n, reps)
        if key == "neurolab":
            reference = (weights, errors)
        elif n != reference_epochs:  # compare after the same number of epochs as neurolab
            weights, errors = run(X, k, reference_epochs)
        row = {"seconds": seconds, "epochs": n, "repeats": reps,
               "seconds_per_1000_epochs": seconds / n * 1000, "extrapolated": n < 1000}
        if key != "neurolab":
            row["max_weight_diff"] = float(np.max(np.abs(weights - reference[0])))
            row["max_error_diff"] = float(np.max(np.abs(errors - reference[1])))
            row["compared_after_epochs"] = reference_epochs
        rows[key] = row
    base = rows["neurolab"]["seconds_per_1000_epochs"]
    for row in rows.values():
        row["speedup_vs_neurolab"] = base / row["seconds_per_1000_epochs"]
    return rows


def bench_variants(X, k, quick):
    """Microseconds per call of each compiled kernel variant, on weights drawn as neurolab does.

    The tuned variants of ``nbhelpers._kernels`` stay only where they save at least 20 %.
    """
    from nbhelpers import _kernels as kern

    rng = np.random.RandomState(SEED)
    W = np.array([X[rng.randint(0, len(X))] for _ in range(k)])
    work = kern._short_rows_work(X)
    W_pass = W.copy()  # the pass trains it in place
    calls = {
        "error, general loop": lambda: kern._sae_error_general(X, W),
        "error, short rows (SIMD), arrays made per call": lambda: kern.sae_error(X, W),
        "error, short rows (SIMD), arrays reused": lambda: kern._sae_error_short_rows(
            X, work[0], W, *work[1:]),
        "pass": lambda: kern.learning_pass(X, W_pass, LR, True),
    }
    number = max(1, int((2e4 if quick else 2e5) / len(X)))
    out = {}
    for name, call in calls.items():
        call()
        best = math.inf
        for _ in range(5 if quick else 15):
            start = time.perf_counter()
            for _ in range(number):
                call()
            best = min(best, (time.perf_counter() - start) / number)
        out[name] = best * 1e6
    return out


def bench_explorer(repeats):
    """Retrain + metrics for 1000 epochs, and a whole slider update with the redraw."""
    from nbhelpers import explore_step
    from nbhelpers.widgets import explorer

    explore_step(epochs=1000)  # fills the data cache, as the explorer's first draw does
    compute = []
    for _ in range(repeats):
        start = time.perf_counter()
        explore_step(epochs=1000)
        compute.append(time.perf_counter() - start)
    ex = explorer(epochs=1000)
    update = []
    for i in range(repeats):  # move the epochs slider: retrain, metrics, redraw, new picture
        start = time.perf_counter()
        ex.controls["epochs"].value = 1500 if i % 2 == 0 else 1000
        update.append(time.perf_counter() - start)
    scrub = []
    for i in range(repeats):
        start = time.perf_counter()
        ex.scrubber.value = 10 + i
        scrub.append(time.perf_counter() - start)
    return {name: {"best": min(v), "median": statistics.median(v), "repeats": len(v)}
            for name, v in (("compute", compute), ("update", update), ("scrub", scrub))}


def _fmt_seconds(s):
    return f"{s:.4f}" if s < 1 else f"{s:.2f}"


def _fmt_diff(x):
    return "0" if x == 0 else f"{x:.1e}"


def print_table(results, quick):
    print("Training speed: seconds per 1000 epochs (neurolab's epochs: N epochs record N "
          "errors and make N - 1 passes)")
    print(f"python {platform.python_version()}, numpy {np.__version__}, numba "
          f"{numba.__version__}, {os.cpu_count()} CPU(s), {platform.machine()}"
          f"{', --quick' if quick else ''}; compiled timings are the best of several runs")
    for name, w in results["workloads"].items():
        rows = w["rows"]
        print()
        print(f"{name}: {w['description']}, cwta, lr {LR}")
        header = (f"  {'engine':<25} {'s / 1000 epochs':>15}  {'timed over':<36} "
                  f"{'vs neurolab':>11}  {'max |dW|':>8}  {'max |d error|':>13}")
        print(header)
        print("  " + "-" * (len(header) - 2))
        for key, row in rows.items():
            label = ENGINES[key][0]
            over = f"{row['epochs']} epochs"
            over += ", extrapolated" if row["extrapolated"] else ""
            over += f", best of {row['repeats']}" if row["repeats"] > 1 else ""
            if key == "neurolab":
                diffs = f"{'reference':>8}  {'':>13}"
            else:
                diffs = f"{_fmt_diff(row['max_weight_diff']):>8}  " \
                        f"{_fmt_diff(row['max_error_diff']):>13}"
            print(f"  {label:<25} {_fmt_seconds(row['seconds_per_1000_epochs']):>15}  "
                  f"{over:<36} {row['speedup_vs_neurolab']:>10.0f}x  {diffs}")
        compared = rows["numba"]["compared_after_epochs"]
        ratio = rows["numba"]["seconds_per_1000_epochs"] / rows["bare"]["seconds_per_1000_epochs"]
        print(f"  differences after {compared} epochs, against neurolab's; bare arithmetic sums "
              f"the error sequentially; compiled / bare = {ratio:.2f}")
    print()
    print("kernel variants: microseconds per call, best of several (a tuned variant stays where "
          "it saves >= 20 %)")
    names = list(next(iter(results["workloads"].values()))["variants_us"])
    print(f"  {'':<48}" + "".join(f"{name:>12}" for name in results["workloads"]))
    for variant in names:
        cells = "".join(f"{w['variants_us'][variant]:12.1f}"
                        for w in results["workloads"].values())
        print(f"  {variant:<48}{cells}")
    for name, w in results["workloads"].items():
        v = w["variants_us"]
        error = 1 - v["error, short rows (SIMD), arrays reused"] / v["error, general loop"]
        reuse = 1 - (v["error, short rows (SIMD), arrays reused"]
                     / v["error, short rows (SIMD), arrays made per call"])
        print(f"  {name}: SIMD error saves {error:.0%}, reusing its arrays {reuse:.0%}")
    e = results["explorer"]
    print()
    print("explorer (tutorial data, 1000 epochs), best / median of "
          f"{e['compute']['repeats']}:")
    print(f"  retrain + metrics (explore_step)         {e['compute']['best'] * 1e3:6.1f} / "
          f"{e['compute']['median'] * 1e3:6.1f} ms   (target <= 50 ms)")
    print(f"  whole update with redraw (slider moved)  {e['update']['best'] * 1e3:6.1f} / "
          f"{e['update']['median'] * 1e3:6.1f} ms   (target <= 300 ms)")
    print(f"  scrubber redraw (no retraining)          {e['scrub']['best'] * 1e3:6.1f} / "
          f"{e['scrub']['median'] * 1e3:6.1f} ms")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="small epoch counts and a 5,000-point larger workload (seconds)")
    parser.add_argument("--json", metavar="FILE", help="also write the results to FILE")
    args = parser.parse_args(argv)

    # Load (or compile) every numba function before timing anything.
    warm = np.random.RandomState(0).uniform(size=(20, 3))
    run_layer("numba")(warm, 2, 3)
    run_bare(warm, 2, 3)

    results = {"quick": args.quick, "tolerance": TOLERANCE, "workloads": {}}
    for name, description, X, k, epochs, repeats in workloads(args.quick):
        results["workloads"][name] = {"description": description,
                                      "rows": bench_workload(X, k, epochs, repeats),
                                      "variants_us": bench_variants(X, k, args.quick)}
    results["explorer"] = bench_explorer(3 if args.quick else 7)
    print_table(results, args.quick)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=1)
    failures = [f"{name}/{key}: {what} differs by {row[what]:.3g}"
                for name, w in results["workloads"].items() for key, row in w["rows"].items()
                for what in ("max_weight_diff", "max_error_diff")
                if key in ("numpy", "numba") or what == "max_weight_diff"
                if row.get(what, 0.0) > TOLERANCE]
    if failures:
        print(f"FAILED (tolerance {TOLERANCE}): " + "; ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
