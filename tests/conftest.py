"""Crawls that several test modules read, made once per session.

A crawl runs in a subprocess (Twisted's reactor cannot be restarted inside pytest) and takes
seconds, so the modules that only read a crawl of the same shape share one:

- ``replica_crawl``: the replica's digest site, 8 posts, no sources, the site stopped before
  any test runs (the index, package and replay tests).
- ``served_crawl``: the byte-exact loopback server of ``helpers.archive_server`` (the WARC
  record tests and the pywb replay of those records).
- ``over_time``: one archive folder crawled on the replica's day 0, day 1 and day 1 again
  (``helpers.over_time``: the archive over time, re-extraction, exports).

Nothing may write into a shared crawl, nor beside it: a test that does (a WACZ, a rewritten
index, a second crawl folder for replay) works on a copy (``copy_crawl``). Each fixture checks
at the end of the session that its folder is as the crawl left it.

No test reaches beyond loopback: ``pytest_configure`` fences this process and every Python
child it starts (``helpers/network_guard.py``), and ``network_fence`` fails the test during
which any of them tried to connect elsewhere.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import network_guard
from tests.helpers.archive_server import ServedCrawl, crawl_served
from tests.helpers.over_time import OverTime, crawl_over_time
from tests.helpers.replay_env import ReplicaCrawl, crawl_replica


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Relative path -> (size, mtime) of everything under ``folder``."""
    return {
        path.relative_to(folder).as_posix(): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
    }


def _unchanged(folder: Path, before: dict[str, tuple[int, int]]) -> None:
    after = _snapshot(folder)
    changed = sorted(
        path for path in before.keys() | after.keys() if before.get(path) != after.get(path)
    )
    assert changed == [], f"a test wrote into the shared crawl in {folder}; copy it first"


@pytest.fixture(scope="session")
def replica_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReplicaCrawl]:
    """The replica crawled with ``REPLICA_CRAWL_OPTIONS`` into ``<tmp>/replica``; read only."""
    out = tmp_path_factory.mktemp("replica-crawl")
    crawl = crawl_replica(out)
    before = _snapshot(out)
    yield crawl
    _unchanged(out, before)


@pytest.fixture(scope="session")
def served_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedCrawl]:
    """Every path of ``CRAWL_PATHS`` crawled with only the WARC extension; read only."""
    workdir = tmp_path_factory.mktemp("served-crawl")
    crawl = crawl_served(workdir)
    before = _snapshot(workdir)
    yield crawl
    _unchanged(workdir, before)


@pytest.fixture(scope="session")
def over_time(tmp_path_factory: pytest.TempPathFactory) -> OverTime:
    """Three daily crawls of the replica into one archive folder; read only."""
    return crawl_over_time(tmp_path_factory.mktemp("over-time"))


# --- the network fence ---------------------------------------------------------------------


_GUARD_ENV = ("PYTHONPATH", network_guard.FLAG_ENV, network_guard.LOG_ENV)
_saved_env: dict[str, str | None] = {}


def pytest_configure(config: pytest.Config) -> None:
    """Fence this process, and every Python child through the environment it inherits.

    A child started with an ``env=`` of its own keeps the fence as long as that environment
    comes from ``os.environ``; the pywb tools run with ``PYTHONPATH`` removed (their own venv),
    and serve only.
    """
    descriptor, log = tempfile.mkstemp(prefix="topten-network-guard-", suffix=".log")
    os.close(descriptor)
    _saved_env.update({name: os.environ.get(name) for name in _GUARD_ENV})
    os.environ.update(network_guard.child_environment(dict(os.environ), log))
    network_guard.install()


def pytest_unconfigure(config: pytest.Config) -> None:
    network_guard.uninstall()
    log = os.environ.get(network_guard.LOG_ENV)
    for name, value in _saved_env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if log:
        Path(log).unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def network_fence() -> Iterator[None]:
    """Fail the test if it, or a child it started, tried to connect outside loopback: the code
    under test may have swallowed the guard's error (a crawler logs a failed request and goes
    on), the guard's log keeps it."""
    log = Path(os.environ[network_guard.LOG_ENV])
    start = log.stat().st_size
    yield
    with log.open("r", encoding="utf-8") as stream:
        stream.seek(start)
        refused = stream.read()
    if refused:
        pytest.fail(f"connections outside loopback were attempted:\n{refused}", pytrace=False)
