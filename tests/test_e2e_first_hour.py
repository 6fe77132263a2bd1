"""End to end, as a new user meets the command: the demo, progress, the console, scrapy crawl."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.replay_env import run_topten
from topten_crawler.replica import ReplicaServer, build_content

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[1]
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]
# A request as Scrapy logs it (``<GET http://host/...>``): every one must be on loopback.
LOGGED_REQUEST = re.compile(r"<(?:GET|HEAD|POST) https?://([^/:\s>]+)")


def requested_hosts(text: str) -> set[str]:
    return set(LOGGED_REQUEST.findall(text))


def test_the_demo_fetches_the_replicas_sources_and_ends_with_a_tour(tmp_path: Path) -> None:
    result = run_topten(
        "demo", "--posts", "12", "--out", str(tmp_path), "-s", "TOPTEN_LOG_FILE_LEVEL=DEBUG",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    (folder,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    lines = (folder / "records.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    sources = [r for r in records if r["type"] == "source"]
    fetched = [s for s in sources if s["error"] is None]
    assert fetched and len(fetched) > len(sources) // 2
    assert not [s for s in sources if s["error"] == "blocked_address"]
    # Exactly the replica's addresses were let through, not every private one.
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    allowed = manifest["settings"]["TOPTEN_ALLOWED_ADDRESSES"].split(",")
    assert allowed[0] == "127.0.0.1" and all(a.startswith("127.0.0.") for a in allowed)
    assert manifest["settings"]["TOPTEN_ALLOW_PRIVATE_ADDRESSES"] is False
    # The tour: the records, one post with its sources and their outcome, what to run next.
    out = result.stdout
    assert "A tour of this crawl:" in out
    assert f"records: {folder / 'records.jsonl'}" in out
    assert re.search(r'a post:  "[^"]+"', out)
    assert re.search(r"\n\s+(200 |not fetched \()", out)
    assert f"replay {tmp_path}" in out and f"package {folder}" in out
    # No traceback anywhere, and no request to a host off the loopback interface, not even
    # to the replica's unresolvable (.invalid) tag manager: the whole log at DEBUG says so.
    log = (folder / "crawl.log").read_text(encoding="utf-8")
    assert "Traceback" not in result.stderr and "Traceback" not in log
    assert "<GET http://127.0.0.1:" in log
    assert {h for h in requested_hosts(log) if not h.startswith("127.")} == set()


def test_progress_in_a_log_is_one_entry_every_interval(tmp_path: Path) -> None:
    with ReplicaServer(build_content(20)) as server:
        result = run_topten(
            "crawl", server.base_url, "--out", str(tmp_path), "--no-sources", *FAST,
            "-s", "TOPTEN_PROGRESS_INTERVAL=0.2", "-s", "TOPTEN_CRAWL_ID=c", cwd=tmp_path,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    entries = [line for line in result.stderr.splitlines() if "Progress: " in line]
    assert entries, result.stderr[-3000:]
    last = entries[-1]
    assert re.search(r"posts 20 found, 20 recorded \| sources 0 of 0 fetched, 0 failed", last)
    assert re.search(r"queue \d+ \| [\d.]+ pages/s \| WARC [\d.]+ [KM]B \| 0:00:\d\d$", last)
    log = (tmp_path / "c" / "crawl.log").read_text(encoding="utf-8")
    assert last.split("Progress: ")[1] in log
    manifest = json.loads((tmp_path / "c" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["stats"]["topten/progress/entries"] == len(entries)
    assert "crawl.log" not in [f["path"] for f in manifest["files"]]


def test_quiet_prints_the_summary_alone(tmp_path: Path) -> None:
    with ReplicaServer(build_content(5)) as server:
        result = run_topten(
            "crawl", server.base_url, "--out", str(tmp_path), "--no-sources", "-q", *FAST,
            cwd=tmp_path,
        )  # fmt: skip
    assert result.returncode == 0
    assert result.stderr == ""
    assert "succeeded" in result.stdout


def test_an_unreachable_seed_fails_without_a_traceback_on_the_console(tmp_path: Path) -> None:
    result = run_topten(
        "crawl", "http://127.0.0.1:9/", "--out", str(tmp_path), *FAST,
        "-s", "RETRY_TIMES=0", "-s", "TOPTEN_CRAWL_ID=c", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    assert "seed unreachable: http://127.0.0.1:9/ (connection)" in result.stdout
    assert "WARC:     none written" in result.stdout
    assert "Traceback" not in result.stderr
    assert "Gave up retrying" not in result.stderr  # per-request noise: in the log file only
    # The log file keeps every detail: the download that failed, the robots.txt before it.
    log = (tmp_path / "c" / "crawl.log").read_text(encoding="utf-8")
    assert "Gave up retrying <GET http://127.0.0.1:9/" in log or "<GET http://127.0.0.1:9/>" in log
    assert "seed: http://127.0.0.1:9/ (connection)" in log
    assert not (tmp_path / "c" / "warc").exists()


def run_scrapy(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_scrapy_crawl_prints_the_summary_and_exits_1_on_failure(tmp_path: Path) -> None:
    # Scrapy's own command, run from the project's folder (scrapy.cfg) as its docs say.
    failed = run_scrapy(
        "crawl", "topten", "-a", "seed=http://127.0.0.1:9/", "-s", f"TOPTEN_OUTPUT_DIR={tmp_path}",
        "-s", "RETRY_TIMES=0", "-s", "TOPTEN_CRAWL_ID=bad", cwd=REPO,
    )  # fmt: skip
    assert failed.returncode == 1, failed.stderr[-3000:]
    assert "Crawl bad FAILED" in failed.stdout
    assert "seed unreachable" in failed.stdout
    with ReplicaServer(build_content(5)) as server:
        good = run_scrapy(
            "crawl", "topten", "-a", f"seed={server.base_url}", "-s",
            f"TOPTEN_OUTPUT_DIR={tmp_path}", "-s", "TOPTEN_FOLLOW_SOURCES=False",
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
            "-s", "TOPTEN_CRAWL_ID=good", cwd=REPO,
        )  # fmt: skip
    assert good.returncode == 0, good.stderr[-3000:]
    assert "Crawl good succeeded" in good.stdout
    assert "posts: 5" in good.stdout
