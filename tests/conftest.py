"""Crawls that several test modules read, made once per session.

A crawl runs in a subprocess (Twisted's reactor cannot be restarted inside pytest) and takes
seconds, so the modules that only read a crawl of the same shape share one:

- ``replica_crawl``: the replica's digest site, 8 posts, no sources, the site stopped before
  any test runs (the index, package and replay tests).
- ``served_crawl``: the byte-exact loopback server of ``helpers.archive_server`` (the WARC
  record tests and the pywb replay of those records).

Nothing may write into a shared crawl, nor beside it: a test that does (a WACZ, a rewritten
index, a second crawl folder for replay) works on a copy (``copy_crawl``). Each fixture checks
at the end of the session that its folder is as the crawl left it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.archive_server import ServedCrawl, crawl_served
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
