"""Execute notebooks in place with a fresh kernel, as CI does, and print the time of each.

    python tools/execute_notebooks.py notebooks/*.ipynb

Cells tagged ``skip-execution`` (the ipympl switch) are not run, so the committed outputs
come from the inline backend. Execution timestamps are not recorded and consecutive prints
are merged into one stream output, to keep diffs clean; every notebook names the same kernel.
"""

import sys
import time
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


def main(paths):
    if not paths:
        sys.exit("usage: python tools/execute_notebooks.py NOTEBOOK.ipynb ...")
    total = 0.0
    for path in paths:
        seconds = execute(path)
        total += seconds
        print(f"{seconds:7.2f} s  {path}", flush=True)
    print(f"{total:7.2f} s  total")


if __name__ == "__main__":
    main(sys.argv[1:])
