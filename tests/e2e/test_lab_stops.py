"""The Jupyter server of the browser test stops, kernels included, however pytest ends.

Three pytests in subprocesses (hold_lab.py) each start a LabServer and a kernel; one is then
sent SIGTERM, one SIGINT (Ctrl-C) and one SIGKILL. Afterwards no process of any of these
servers may be left. Needs no browser, only jupyter (always installed in this project).
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from e2e.lab import ROOT, alive, command_line, marked_processes

HOLDER = Path(__file__).with_name("hold_lab.py")
SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGKILL)
READY_TIMEOUT = 60
GONE_TIMEOUT = 15  # after SIGKILL the server shuts down on its parent-death signal


def start_holder(tmp_path):
    tmp_path.mkdir()
    info_path = tmp_path / "info.json"
    # --noconftest: tests/conftest.py imports the package, which the holder does not need
    cmd = [sys.executable, "-m", "pytest", str(HOLDER), "-q", "-p", "no:cacheprovider",
           "--noconftest", f"--basetemp={tmp_path / 'holder'}"]
    env = dict(os.environ, NBH_E2E_HOLD_INFO=str(info_path))
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    return proc, info_path


def wait_ready(proc, info_path):
    """{"marker", "server", "kernels"} once the holder's server and kernel run."""
    deadline = time.monotonic() + READY_TIMEOUT
    while not info_path.exists():
        assert proc.poll() is None, "the holder exited early:\n" + proc.stdout.read()
        assert time.monotonic() < deadline, f"no server and kernel after {READY_TIMEOUT} s"
        time.sleep(0.1)
    info = json.loads(info_path.read_text())
    started = [info["server"], *info["kernels"]]
    assert info["kernels"] and all(alive(pid) for pid in started), (
        f"the server and a kernel should be running: {info}")
    return info


def survivors(info):
    started = [info["server"], *info["kernels"]]
    return {pid for pid in started if alive(pid)} | set(marked_processes(info["marker"]))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux only)")
def test_no_server_or_kernel_survives_pytest(tmp_path):
    holders = {sig: start_holder(tmp_path / sig.name) for sig in SIGNALS}
    infos = {}
    try:
        for sig, (proc, info_path) in holders.items():
            infos[sig] = wait_ready(proc, info_path)
        for sig, (proc, _) in holders.items():
            proc.send_signal(sig)
        outputs = {sig: proc.communicate(timeout=60)[0] for sig, (proc, _) in holders.items()}
        deadline = time.monotonic() + GONE_TIMEOUT
        while True:
            left = {sig: survivors(info) for sig, info in infos.items()}
            if not any(left.values()) or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        report = [f"after {sig.name} to pytest, these processes of its Jupyter server still run:\n"
                  + "\n".join(f"  {pid}: {command_line(pid)[:200]}" for pid in sorted(pids))
                  + "\npytest said:\n" + outputs[sig][-2000:]
                  for sig, pids in left.items() if pids]
        assert not report, "\n".join(report)
    finally:  # leave nothing behind, even when the test failed
        for proc, _ in holders.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        for info in infos.values():
            for pid in survivors(info):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
