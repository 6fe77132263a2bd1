"""One crawl at a time per archive folder, and a killed crawl's lock never in the way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from topten_crawler.crawlfolder.lock import LOCK_FILENAME, ArchiveLock, ArchiveLocked
from topten_crawler.crawlfolder.run import CrawlRun

HOLD = textwrap.dedent(
    """
    import sys, time
    from topten_crawler.crawlfolder.lock import ArchiveLock
    lock = ArchiveLock.acquire(sys.argv[1], "holder-crawl")
    print("held", flush=True)
    time.sleep(60)
    """
)


def hold_in_another_process(archive: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(archive)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "held"
    return child


def stop(child: subprocess.Popen[str], how: signal.Signals = signal.SIGKILL) -> None:
    child.send_signal(how)
    child.wait()
    if child.stdout is not None:
        child.stdout.close()


def test_a_second_crawl_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    holder = hold_in_another_process(tmp_path)
    try:
        before = sorted(p.name for p in tmp_path.iterdir())
        with pytest.raises(ArchiveLocked) as refused:
            CrawlRun.create(tmp_path, "second")
        message = str(refused.value)
        assert "in use by crawl holder-crawl" in message
        assert f"pid {holder.pid}" in message
        assert sorted(p.name for p in tmp_path.iterdir()) == before  # no crawl folder made
    finally:
        stop(holder)


def test_a_killed_crawls_lock_is_taken_over(tmp_path: Path) -> None:
    holder = hold_in_another_process(tmp_path)
    stop(holder)  # kill -9: the kernel drops its lock, its file says who it was
    lock = ArchiveLock.acquire(tmp_path, "next")
    try:
        assert lock.taken_over is not None
        assert lock.taken_over["pid"] == holder.pid
        assert lock.taken_over["crawl_id"] == "holder-crawl"
        on_file = json.loads((tmp_path / LOCK_FILENAME).read_text(encoding="utf-8"))
        assert on_file["pid"] == os.getpid() and on_file["crawl_id"] == "next"
    finally:
        lock.release()


def test_one_process_shares_its_lock_and_gives_it_up_with_the_last_user(tmp_path: Path) -> None:
    first = ArchiveLock.acquire(tmp_path)
    second = ArchiveLock.acquire(tmp_path, "c1")
    assert second is first
    assert json.loads((tmp_path / LOCK_FILENAME).read_text())["crawl_id"] == "c1"
    second.release()
    child = subprocess.run(
        [sys.executable, "-c", HOLD.replace("time.sleep(60)", ""), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert child.returncode == 1 and "ArchiveLocked" in child.stderr  # still held by `first`
    first.release()
    child = subprocess.run(
        [sys.executable, "-c", HOLD.replace("time.sleep(60)", ""), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert child.returncode == 0, child.stderr
