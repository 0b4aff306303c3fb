"""Run by test_lab_stops.py in a pytest of its own, which it then interrupts or kills.

The fixture starts a LabServer and one kernel, writes their pids to the file named by
NBH_E2E_HOLD_INFO, and the test waits to be stopped. Not collected by a plain ``pytest tests``
(its name does not start with test_).
"""

import json
import os
import signal
import time
from pathlib import Path

import pytest

from e2e.lab import LabServer, command_line


@pytest.fixture
def lab_with_kernel(tmp_path):
    # A shell runs background jobs with SIGINT ignored; a user's Ctrl-C is never ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with LabServer(tmp_path) as server:
        server.api("POST", "/api/kernels", {"name": "python3"})
        kernels = [pid for pid in server.processes() if "ipykernel" in command_line(pid)]
        info = {"marker": server.marker, "server": server.proc.pid, "kernels": kernels}
        path = Path(os.environ["NBH_E2E_HOLD_INFO"])
        path.with_suffix(".tmp").write_text(json.dumps(info))
        path.with_suffix(".tmp").replace(path)  # the test never reads half a file
        yield server


def test_hold(lab_with_kernel):
    time.sleep(120)
