"""Where the pywb replay environment lives, and how to run its tools.

pywb pins old versions of werkzeug and redis, so it cannot share the project's venv: it lives
in its own venv, ``<repo>/.venv-pywb`` unless ``$TOPTEN_PYWB_VENV`` names another one.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
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
