"""Execute notebooks in place with a fresh kernel, as CI does, and print the time of each.

    python tools/execute_notebooks.py notebooks/*.ipynb
    python tools/execute_notebooks.py --jobs 2 notebooks/*.ipynb   # two at a time

With ``--jobs N``, N notebooks run at once, each in its own process and kernel (the outputs are
the same: every notebook seeds its own random numbers); the wall time is printed at the end.

Cells tagged ``skip-execution`` (the ipympl switch) are not run, so the committed outputs
come from the inline backend. Execution timestamps are not recorded and consecutive prints
are merged into one stream output, to keep diffs clean; every notebook names the same kernel.
"""

import argparse
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def execute(path):
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                            coalesce_streams=True,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nbformat.write(nb, path)
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="+", help="the notebooks to execute in place")
    parser.add_argument("--jobs", type=int, default=1,
                        help="notebooks to execute at once, each in its own process (default 1)")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be 1 or more, got {args.jobs}")
    start = time.perf_counter()
    total = 0.0
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for path, seconds in zip(args.notebooks, pool.map(execute, args.notebooks), strict=True):
            total += seconds
            print(f"{seconds:7.2f} s  {path}", flush=True)
    print(f"{total:7.2f} s  total, one after another")
    print(f"{time.perf_counter() - start:7.2f} s  wall time with {args.jobs} job(s)")


if __name__ == "__main__":
    main()
