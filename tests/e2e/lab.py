"""A ``jupyter lab`` server for tests that always stops, kernels included.

The server runs in a process group of its own (a Ctrl-C in the terminal reaches pytest only).
It stops, with every kernel it started, in each of these cases:

- the ``with`` block ends, normally or by an exception: ``stop()``;
- pytest gets SIGINT (KeyboardInterrupt) or SIGTERM: from the first ``start()`` on, SIGTERM
  raises ``Terminated`` (a KeyboardInterrupt), so ``with`` blocks and fixture finalizers run
  instead of Python dying on the spot;
- pytest dies without running any code (SIGKILL, a crash): on Linux the operating system
  sends the server SIGTERM (``PR_SET_PDEATHSIG``) and the server shuts its kernels down
  itself (a kernel whose server is gone also exits on its own within a second).

Kernels are not in the server's process group (jupyter_client starts each one in a session of
its own), so ``stop()`` finds what is left by an environment variable that the server and
every kernel inherit, and kills it.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
# Set in the server's environment; kernels inherit it. Its value identifies one server.
MARKER_VARIABLE = "NBH_E2E_LAB"
PR_SET_PDEATHSIG = 1
# Seconds; they only catch hangs.
START_TIMEOUT = 60
STOP_TIMEOUT = 20


class Terminated(KeyboardInterrupt):
    """Raised in the main thread on SIGTERM, so that cleanup code runs as for Ctrl-C."""


def _raise_terminated(signum, frame):
    raise Terminated(f"received signal {signal.Signals(signum).name}")


def _install_sigterm_handler():
    """SIGTERM raises Terminated, unless someone else already handles SIGTERM."""
    if (threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL):
        signal.signal(signal.SIGTERM, _raise_terminated)


def _die_with_parent():
    """A preexec_fn: the child gets SIGTERM when the thread that started it ends (Linux only).

    The child runs it between fork and exec; the setting survives exec. Without prctl (not
    Linux) it returns None and only ``stop()`` and the SIGTERM handler protect the server.
    """
    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)
    if prctl is None:
        return None
    parent = os.getpid()

    def preexec():
        prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl: nobody would tell us
            os.kill(os.getpid(), signal.SIGTERM)

    return preexec


def marked_processes(marker):
    """Pids of the live processes (not zombies) whose environment has MARKER_VARIABLE=marker."""
    needle = f"{MARKER_VARIABLE}={marker}".encode()
    pids = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            environment = (entry / "environ").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if needle in environment and alive(int(entry.name)):
            pids.append(int(entry.name))
    return pids


def alive(pid):
    """Whether process pid exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def command_line(pid):
    """The command line of process pid ('' if it is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return ""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """``jupyter lab`` on 127.0.0.1 with a token, serving a temporary copy of the notebooks.

    Everything it writes (config, runtime files, workspaces, settings, the notebooks' copies)
    lives under ``workdir``. Use it as a context manager, or call ``start()`` and ``stop()``.
    """

    def __init__(self, workdir: Path, source: Path = NOTEBOOK_DIR):
        self.workdir = workdir
        self.root = workdir / "notebooks"
        shutil.copytree(source, self.root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.marker = secrets.token_hex(8)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "jupyter-lab.log"
        self.proc = None
        self._log = None

    def _environment(self):
        dirs = {name: self.workdir / name for name in ("config", "runtime", "data", "ipython")}
        for path in dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        settings = dirs["config"] / "lab" / "user-settings"
        # No "get Jupyter news?" toast (and no news fetch): this machine has no network.
        notification = settings / "@jupyterlab" / "apputils-extension"
        notification.mkdir(parents=True, exist_ok=True)
        (notification / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        env = dict(os.environ)
        env.update(
            JUPYTER_CONFIG_DIR=str(dirs["config"]),
            JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
            JUPYTER_DATA_DIR=str(dirs["data"]),
            JUPYTERLAB_SETTINGS_DIR=str(settings),
            JUPYTERLAB_WORKSPACES_DIR=str(dirs["config"] / "lab" / "workspaces"),
            IPYTHONDIR=str(dirs["ipython"]),
            PYDEVD_DISABLE_FILE_VALIDATION="1",
        )
        env[MARKER_VARIABLE] = self.marker
        env.pop("MPLBACKEND", None)
        return env

    def start(self):
        _install_sigterm_handler()
        cmd = [
            sys.executable, "-m", "jupyter", "lab",
            "--ip=127.0.0.1", f"--port={self.port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.open_browser=False",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if hasattr(os, "getuid") and os.getuid() == 0:
            cmd.append("--allow-root")
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen(cmd, env=self._environment(), stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT,
                                     process_group=0, preexec_fn=_die_with_parent())
        try:
            self._wait_until_answering()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_answering(self):
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.proc.returncode}:\n"
                                   + self.log_tail())
            try:
                self.api("GET", "/api/status")
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"jupyter lab did not answer within {START_TIMEOUT} s:\n"
                                       + self.log_tail()) from None
                time.sleep(0.2)

    def log_tail(self, chars=4000):
        with contextlib.suppress(OSError):
            return self.log_path.read_text()[-chars:]
        return ""

    def api(self, method, path, body=None):
        """Call the server's REST API; returns the decoded JSON answer (None if empty)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.url}{path}", method=method, data=data,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            answer = resp.read()
        return json.loads(answer) if answer else None

    def processes(self):
        """Pids of the server and of every live process it started (kernels included)."""
        return marked_processes(self.marker)

    def stop(self):
        """Stop the server and everything it started; a second call does nothing.

        SIGTERM makes the server shut its kernels down (a shutdown request, then a kill),
        as it does when you stop ``jupyter lab`` yourself. Whatever is left afterwards, in
        the server's process group or in a kernel's own session, is killed.
        """
        if self.proc is None:
            return
        # Another Ctrl-C or SIGTERM now would cut the cleanup short: hold them until the end.
        held = {signal.SIGINT, signal.SIGTERM}
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=10)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            _kill_and_wait(self.processes())
            self._log.close()
            self.proc = None
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, held)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def _kill_and_wait(pids, timeout=10):
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + timeout
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
