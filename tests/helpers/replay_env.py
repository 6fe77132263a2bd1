"""Where the pywb replay environment lives, and how to run its tools.

pywb pins old versions of werkzeug and redis, so it cannot share the project's venv: it lives
in its own venv, ``<repo>/.venv-pywb`` unless ``$TOPTEN_PYWB_VENV`` names another one.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
PYWB_VENV_ENV = "TOPTEN_PYWB_VENV"
PYWB_INSTALL_COMMAND = "python3 -m venv .venv-pywb && .venv-pywb/bin/pip install 'pywb==2.10.*'"


def pywb_venv() -> Path:
    """The pywb venv: ``$TOPTEN_PYWB_VENV`` if set, else ``<repo>/.venv-pywb``."""
    configured = os.environ.get(PYWB_VENV_ENV)
    return Path(configured) if configured else REPO_ROOT / ".venv-pywb"


def pywb_tool(name: str) -> Path | None:
    """Path of a pywb command (``wb-manager``, ``wayback``), or None if pywb is not there."""
    tool = pywb_venv() / "bin" / name
    return tool if tool.is_file() and os.access(tool, os.X_OK) else None


def missing_reason() -> str | None:
    """Why replay tests cannot run, naming the command that fixes it; None if they can."""
    if pywb_tool("wb-manager") and pywb_tool("wayback"):
        return None
    return (
        f"pywb venv not found at {pywb_venv()} (set ${PYWB_VENV_ENV} or create it from the "
        f"repository root with: {PYWB_INSTALL_COMMAND})"
    )


def _tool(name: str) -> str:
    tool = pywb_tool(name)
    if tool is None:
        raise FileNotFoundError(missing_reason())
    return str(tool)


def _clean_env() -> dict[str, str]:
    env = dict(os.environ)
    # The pywb venv must not see the project's packages (a different warcio, werkzeug...).
    for name in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"):
        env.pop(name, None)
    return env


def make_collection(root: Path, collection: str, warcs: list[Path]) -> None:
    """``wb-manager init`` and ``wb-manager add`` (which copies and indexes) in ``root``."""
    for args in (["init", collection], ["add", collection, *map(str, warcs)]):
        result = subprocess.run(
            [_tool("wb-manager"), *args],
            cwd=root,
            env=_clean_env(),
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


@contextmanager
def wayback(root: Path, *, timeout: float = 30.0) -> Iterator[str]:
    """Run ``wayback`` on a free loopback port in ``root``; yield its base URL; stop it."""
    port = free_port()
    log = (root / "wayback.log").open("wb")
    proc = subprocess.Popen(
        [_tool("wayback"), "-b", "127.0.0.1", "-p", str(port)],
        cwd=root,
        env=_clean_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
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
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


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
