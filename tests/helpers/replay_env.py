"""Where the pywb replay environment lives, and how to run its tools and the replay command.

pywb pins old versions of werkzeug and redis, so it cannot share the project's venv: it lives
in its own venv, where ``topten-crawler replay`` looks for it (``<repo>/.venv-pywb``, which
``make setup`` makes, unless ``$TOPTEN_PYWB_VENV`` names another one). The tests never install
it: without it they skip and say how to make it.

Every server started here is stopped whatever ends the test, never by SIGINT (a background job
of a script inherits SIGINT ignored): SIGTERM, then SIGKILL to its whole process group; it runs
in a session of its own and, on Linux, dies with the test process. ``servers_left()`` names any
that still listens, for the modules' end-of-module checks.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from topten_crawler.archive.replay import (
    PYWB_VENV_ENV,
    default_pywb_venv,
    die_with_parent,
    pywb_env,
    signal_group,
    start_child,
    stop,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
PYWB_INSTALL_COMMAND = "make setup"
READY_LINE = "Press Ctrl-C to stop."
START_TIMEOUT = 90.0
STOP_TIMEOUT = 30.0
# (what, port) of every server started by these helpers, for ``servers_left``.
_STARTED: list[tuple[str, int]] = []


def pywb_venv() -> Path:
    """The pywb venv that ``topten-crawler replay`` uses (``<repo>/.venv-pywb`` by default)."""
    return default_pywb_venv()


def pywb_tool(name: str) -> Path | None:
    """Path of a pywb command (``wb-manager``, ``wayback``), or None if pywb is not there."""
    tool = pywb_venv() / "bin" / name
    return tool if tool.is_file() and os.access(tool, os.X_OK) else None


def missing_reason() -> str | None:
    """Why replay tests cannot run, naming the command that fixes it; None if they can."""
    if pywb_tool("wb-manager") and pywb_tool("wayback"):
        return None
    return (
        f"pywb venv not found at {pywb_venv()} (run `{PYWB_INSTALL_COMMAND}` from the "
        f"repository root, or set ${PYWB_VENV_ENV} to a venv with pywb 2.10)"
    )


def _tool(name: str) -> str:
    tool = pywb_tool(name)
    if tool is None:
        raise FileNotFoundError(missing_reason())
    return str(tool)


def make_collection(root: Path, collection: str, warcs: list[Path]) -> None:
    """``wb-manager init`` and ``wb-manager add`` (which copies and indexes) in ``root``."""
    for args in (["init", collection], ["add", collection, *map(str, warcs)]):
        result = subprocess.run(
            [_tool("wb-manager"), *args],
            cwd=root,
            env=pywb_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"wb-manager {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
            )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def listening(port: int, host: str = "127.0.0.1") -> bool:
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError:
        return False
    return True


def servers_left() -> list[str]:
    """The servers started by these helpers that still listen."""
    return [f"{what} on port {port}" for what, port in _STARTED if listening(port)]


def wait_closed(port: int, timeout: float = 15.0) -> bool:
    """Wait until nothing listens on ``port``; False if something still does at the end."""
    deadline = time.monotonic() + timeout
    while listening(port):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@contextmanager
def wayback(root: Path, *, timeout: float = 30.0) -> Iterator[str]:
    """Run ``wayback`` on a free loopback port in ``root``; yield its base URL; stop it."""
    port = free_port()
    _STARTED.append(("wayback", port))
    base = f"http://127.0.0.1:{port}"
    with (root / "wayback.log").open("wb") as log:
        proc = start_child(
            [_tool("wayback"), "-b", "127.0.0.1", "-p", str(port)],
            cwd=root,
            log=log,
            env=pywb_env(),
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(
                        f"wayback exited with {proc.returncode}: "
                        + (root / "wayback.log").read_text(errors="replace")
                    )
                try:
                    with urllib.request.urlopen(base + "/", timeout=2):
                        break
                except urllib.error.HTTPError:
                    break  # it answers, even if not with 200
                except OSError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"wayback did not start within {timeout}s") from None
                    time.sleep(0.2)
            yield base
        finally:
            stop(proc)


@dataclass
class ReplayCommand:
    """``topten-crawler replay`` running in a subprocess (see ``replay_command``)."""

    proc: subprocess.Popen[bytes]
    log: Path
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self) -> str:
        """Wait until the command says where to look; what it printed."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            output = self.output()
            if READY_LINE in output:
                return output
            if self.proc.poll() is not None:
                raise AssertionError(f"replay exited with {self.proc.returncode}:\n{output}")
            time.sleep(0.1)
        raise AssertionError(f"replay not ready after {START_TIMEOUT} s:\n{self.output()}")

    def stop(self, signum: int = signal.SIGTERM) -> int:
        """Send ``signum`` (SIGTERM: a service manager's stop); the exit status.

        A command that does not exit within 30 s is killed with its process group, and the
        test fails.
        """
        if self.proc.poll() is None:
            self.proc.send_signal(signum)
        try:
            return self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(
                f"replay did not stop within {STOP_TIMEOUT} s of signal {signum}:\n" + self.output()
            ) from None

    def kill(self) -> None:
        """SIGKILL to the command's process group: it gets no chance to clean up."""
        signal_group(self.proc, signal.SIGKILL)
        self.proc.wait(timeout=STOP_TIMEOUT)


def _command_preexec() -> Callable[[], None]:
    die_with_tests = die_with_parent()

    def preexec() -> None:
        # A background job of a script inherits SIGINT ignored, and Python then never raises
        # KeyboardInterrupt: the Ctrl-C test restores what a terminal's foreground job has.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if die_with_tests is not None:
            die_with_tests()

    return preexec


@contextmanager
def replay_command(*args: str, cwd: Path, port: int | None = None) -> Iterator[ReplayCommand]:
    """``python -m topten_crawler replay ARGS --port PORT`` until the block ends.

    The command runs in a session of its own (a terminal's Ctrl-C reaches only the test run),
    with SIGINT at its default so that a test can press Ctrl-C; on the way out it gets SIGTERM,
    then its process group SIGKILL; its ``wayback`` dies with it either way.
    """
    port = port or free_port()
    _STARTED.append(("topten-crawler replay", port))
    log = cwd / f"replay-{port}-{time.monotonic_ns()}.log"
    with log.open("wb") as stream:
        proc = subprocess.Popen(
            [sys.executable, "-m", "topten_crawler", "replay", *args, "--port", str(port)],
            cwd=cwd,
            env={**os.environ, PYWB_VENV_ENV: str(pywb_venv())},
            stdin=subprocess.DEVNULL,
            stdout=stream,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_command_preexec(),
        )
    command = ReplayCommand(proc, log, port)
    try:
        yield command
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                command.kill()
        wait_closed(port)


# The crawl the package, index and replay tests share (``replica_crawl`` in conftest.py): the
# replica site, the digest site only, no politeness delays on loopback, a few posts to keep the
# tests quick.
REPLICA_CRAWL_OPTIONS = (
    "--no-sources",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "DOWNLOAD_DELAY=0",
)


@dataclass
class ReplicaCrawl:
    folder: Path  # <out>/<crawl id>/
    base_url: str  # where the replica served; nothing listens there once the crawl returns
    result: subprocess.CompletedProcess[str]
    records: list[dict[str, Any]]

    @property
    def posts(self) -> list[dict[str, Any]]:
        return [r for r in self.records if r["type"] == "post"]


def run_topten(*args: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """``python -m topten_crawler ARGS`` in a subprocess, as a user runs the command."""
    return subprocess.run(
        [sys.executable, "-m", "topten_crawler", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def crawl_replica(out: Path, *, crawl_id: str = "replica", max_posts: int = 8) -> ReplicaCrawl:
    """Crawl the replica site into ``out/<crawl_id>/`` and stop the site before returning.

    The site is stopped so that whatever reads the archive afterwards (pywb above all) cannot
    be served by the live site by mistake.
    """
    # Imported here: the pywb helpers above must not need the crawler's packages.
    from topten_crawler.replica import ReplicaServer, build_content

    with ReplicaServer(build_content()) as server:
        result = run_topten(
            "crawl", server.base_url, "--out", str(out), "--max-posts", str(max_posts),
            *REPLICA_CRAWL_OPTIONS, "-s", f"TOPTEN_CRAWL_ID={crawl_id}",
            cwd=out,
        )  # fmt: skip
        base_url = server.base_url
    folder = out / crawl_id
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    lines = (folder / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return ReplicaCrawl(folder, base_url, result, [json.loads(line) for line in lines])


def copy_crawl(crawl: ReplicaCrawl, folder: Path) -> ReplicaCrawl:
    """The same crawl copied to ``folder``, for a test that writes into it or beside it."""
    shutil.copytree(crawl.folder, folder)
    return dataclasses.replace(crawl, folder=folder)
