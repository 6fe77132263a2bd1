"""The suite's network fence (``helpers/network_guard.py``, set up in ``conftest.py``) trips on
any connection outside loopback, in pytest's process and in the Python children it starts.

192.0.2.1 (TEST-NET-1, RFC 5737) and 2001:db8::1 (RFC 3849) never answer anyway: without the
guard these connections would hang until a timeout, with it they fail at once. Each test sends
the guard's log to a file of its own, so that ``network_fence`` does not fail it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import network_guard
from tests.helpers.network_guard import NetworkGuardError, is_allowed

OUTSIDE = ("192.0.2.1", 80)
REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def guard_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the guard records refusals during this test (children inherit it)."""
    log = tmp_path / "refused.log"
    monkeypatch.setenv(network_guard.LOG_ENV, str(log))
    return log


@pytest.fixture
def listener() -> Iterator[tuple[str, int]]:
    """A TCP server on 127.0.0.1 that accepts connections."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(5)
        thread = threading.Thread(target=lambda: server.accept()[0].close(), daemon=True)
        thread.start()
        yield server.getsockname()[:2]
        thread.join(5)


def test_the_guard_is_on_for_the_whole_session() -> None:
    assert network_guard.installed()
    assert os.environ[network_guard.FLAG_ENV] == "1"
    assert os.environ["PYTHONPATH"].split(os.pathsep)[0] == network_guard.SITE_DIR


@pytest.mark.parametrize(
    ("family", "address", "allowed"),
    [
        (socket.AF_INET, ("127.0.0.1", 80), True),
        (socket.AF_INET, ("127.0.0.9", 8000), True),
        (socket.AF_INET, ("127.255.255.254", 1), True),
        (socket.AF_INET, ("localhost", 80), True),
        (socket.AF_INET6, ("::1", 80, 0, 0), True),
        (socket.AF_INET6, ("::ffff:127.0.0.1", 80, 0, 0), True),
        (socket.AF_UNIX, "/tmp/some.sock", True),
        (socket.AF_INET, ("www.googletagmanager.invalid", 443), True),  # fails at DNS by itself
        (socket.AF_INET, OUTSIDE, False),
        (socket.AF_INET, ("10.0.0.1", 80), False),
        (socket.AF_INET, ("0.0.0.0", 80), False),
        (socket.AF_INET, ("128.0.0.1", 80), False),
        (socket.AF_INET6, ("2001:db8::1", 80, 0, 0), False),
        (socket.AF_INET6, ("::ffff:192.0.2.1", 80, 0, 0), False),
    ],
)
def test_what_is_allowed(family: int, address: object, allowed: bool) -> None:
    assert is_allowed(family, address) is allowed


def test_connections_outside_loopback_raise_in_process(guard_log: Path) -> None:
    started = time.monotonic()
    with pytest.raises(NetworkGuardError, match=r"create_connection to 192\.0\.2\.1:80 refused"):
        socket.create_connection(OUTSIDE, timeout=30)
    with socket.socket() as sock, pytest.raises(NetworkGuardError, match=r"connect to 192\.0\.2"):
        sock.connect(OUTSIDE)
    with socket.socket() as sock, pytest.raises(NetworkGuardError, match=r"connect_ex to 192\."):
        sock.connect_ex(OUTSIDE)
    with (
        socket.socket(socket.AF_INET6) as sock,
        pytest.raises(NetworkGuardError, match=r"\[2001:db8::1\]:443"),
    ):
        sock.connect(("2001:db8::1", 443))
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock,
        pytest.raises(NetworkGuardError, match=r"sendto to 192\.0\.2\.1:53"),
    ):
        sock.sendto(b"x", ("192.0.2.1", 53))
    assert time.monotonic() - started < 5  # refused, not timed out
    assert len(guard_log.read_text(encoding="utf-8").splitlines()) == 5


def test_loopback_and_unix_sockets_still_connect(listener: tuple[str, int]) -> None:
    with socket.create_connection(listener, timeout=5):
        pass
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "s.sock")
        with socket.socket(socket.AF_UNIX) as server, socket.socket(socket.AF_UNIX) as client:
            server.bind(path)
            server.listen()
            client.connect(path)
    assert socket.getaddrinfo("localhost", 80)


def run_child(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """A child Python with the environment pytest's children inherit (no ``env=``)."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_a_child_python_is_guarded(guard_log: Path, tmp_path: Path) -> None:
    code = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=60)"
    started = time.monotonic()
    result = run_child("-c", code, cwd=tmp_path)
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert "NetworkGuardError" in result.stderr
    assert "create_connection to 192.0.2.1:80 refused" in result.stderr
    assert "create_connection to 192.0.2.1:80 refused" in guard_log.read_text(encoding="utf-8")


@pytest.mark.parametrize(("flag", "guarded"), [("1", "True"), ("0", "False")])
def test_the_flag_turns_the_childs_guard_on(tmp_path: Path, flag: str, guarded: str) -> None:
    code = (
        "import sys; guard = sys.modules.get('_topten_network_guard');"
        "print(guard is not None and guard.installed())"
    )
    env = {**os.environ, network_guard.FLAG_ENV: flag}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == guarded, result.stderr


@pytest.mark.e2e
def test_a_crawl_outside_loopback_fails_at_once(guard_log: Path, tmp_path: Path) -> None:
    # The crawler's own address guard refuses TEST-NET-1; allowing private addresses lets the
    # request reach the socket, where the test guard stops it.
    started = time.monotonic()
    result = run_child(
        "-m",
        "topten_crawler",
        "crawl",
        "http://192.0.2.1/",
        "--out",
        str(tmp_path / "out"),
        "-s",
        "TOPTEN_ALLOW_PRIVATE_ADDRESSES=True",
        "-s",
        "RETRY_ENABLED=False",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "DOWNLOAD_DELAY=0",
        cwd=tmp_path,
    )
    elapsed = time.monotonic() - started
    log = result.stdout + result.stderr
    assert "connect_ex to 192.0.2.1:80 refused" in result.stderr, log
    assert "connect_ex to 192.0.2.1:80 refused" in guard_log.read_text(encoding="utf-8")
    assert result.returncode != 0, log
    assert "FAILED" in log
    assert elapsed < 60, f"took {elapsed:.0f}s: a timeout, not the guard"


def test_a_swallowed_refusal_still_fails_the_test(tmp_path: Path) -> None:
    """Code that catches the guard's error (as a crawler does) cannot hide the attempt: the
    suite's ``network_fence`` fixture reads the guard's log after every test."""
    (tmp_path / "test_swallows.py").write_text(
        "import socket\n\n\n"
        "def test_swallows():\n"
        "    try:\n"
        "        socket.create_connection(('192.0.2.1', 80), timeout=60)\n"
        "    except OSError:\n"
        "        pass\n",
        encoding="utf-8",
    )
    pytest_args = [
        "-p",
        "tests.conftest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--rootdir",
        str(tmp_path),
    ]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *pytest_args, str(tmp_path / "test_swallows.py")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "connections outside loopback were attempted" in result.stdout
    assert "create_connection to 192.0.2.1:80 refused" in result.stdout
    assert "1 passed, 1 error" in result.stdout
