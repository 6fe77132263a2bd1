"""Two crawls on one archive folder: the second is refused at once and changes nothing."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.replay_env import run_topten
from topten_crawler.replica import ReplicaServer, build_content

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[1]


def wait_for_crawl_folder(archive: Path, timeout: float = 60) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        folders = [p for p in archive.iterdir() if p.is_dir()] if archive.exists() else []
        if folders and (folders[0] / "records.jsonl").exists():
            return folders[0]
        time.sleep(0.05)
    raise AssertionError(f"no crawl started in {archive}")


def test_a_second_crawl_on_a_held_archive_exits_3_and_changes_nothing(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    # A slow site keeps the first crawl running while the second one tries.
    with ReplicaServer(build_content(30), latency=0.2) as server:
        first = subprocess.Popen(
            [
                sys.executable, "-m", "topten_crawler", "crawl", server.base_url,
                "--out", str(archive), "--no-sources", "-q",
                "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
            ],
            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            running = wait_for_crawl_folder(archive)
            before = sorted(p.name for p in archive.iterdir())
            second = run_topten("crawl", server.base_url, "--out", str(archive), cwd=tmp_path)
            scrapy_second = subprocess.run(
                [sys.executable, "-m", "scrapy", "crawl", "topten", "-a",
                 f"seed={server.base_url}", "-s", f"TOPTEN_OUTPUT_DIR={archive}"],
                cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
            )  # fmt: skip
            after = sorted(p.name for p in archive.iterdir())
            still_running = first.poll() is None
        finally:
            out, err = first.communicate(timeout=300)
    assert still_running, "the first crawl ended before the second one tried: make it slower"
    assert second.returncode == 3, second.stdout + second.stderr
    assert f"in use by crawl {running.name}" in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1
    assert scrapy_second.returncode == 3, scrapy_second.stdout + scrapy_second.stderr[-2000:]
    assert f"in use by crawl {running.name}" in scrapy_second.stdout
    assert after == before  # no second crawl folder, nothing else
    assert first.returncode == 0, out + err[-2000:]
