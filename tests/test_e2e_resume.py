"""kill -9 at random moments, then the same command: one crawl, every record once, whole WARCs."""

from __future__ import annotations

import gzip
import json
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from topten_crawler.replica import ReplicaServer, build_content

pytestmark = pytest.mark.e2e

KILLS = 10
OPTIONS = [
    "-q", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
    # The replica's outlets, and nothing else private, may be fetched.
    "-s", "TOPTEN_ALLOWED_ADDRESSES=127.0.0.0/8",
]  # fmt: skip


def crawl_command(server: ReplicaServer, out: Path) -> list[str]:
    return [sys.executable, "-m", "topten_crawler", "crawl", server.base_url, "--out", str(out)]


def records_of(folder: Path) -> list[dict[str, object]]:
    lines = (folder / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_a_crawl_killed_ten_times_ends_whole(tmp_path: Path) -> None:
    out = tmp_path / "archive"
    moments = random.Random(7).sample([x / 10 for x in range(3, 40)], KILLS)
    with ReplicaServer(build_content(24), latency=0.03) as server:
        command = [*crawl_command(server, out), *OPTIONS]
        for moment in moments:
            child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(moment)
            child.send_signal(signal.SIGKILL)
            child.wait()
        last = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
        expected_posts = {p.url for p in server.expected_posts()}
        expected_sources = {s.url for s in server.expected_sources()}
    assert last.returncode == 0, last.stdout + last.stderr[-3000:]
    crawls = [p for p in out.iterdir() if p.is_dir()]
    assert len(crawls) == 1, "every run continued the one crawl"
    folder = crawls[0]
    records = records_of(folder)
    counts = Counter((r["type"], r["url"]) for r in records)
    assert [key for key, n in counts.items() if n > 1] == []
    assert {r["url"] for r in records if r["type"] == "post"} == expected_posts
    assert {r["url"] for r in records if r["type"] == "source"} == expected_sources
    assert all(r["cited_by"] for r in records if r["type"] == "source")
    # Every WARC whole; every pointer resolves; nothing answered 200 was fetched twice.
    captured: Counter[str] = Counter()
    for warc in sorted((folder / "warc").iterdir()):
        assert warc.name.endswith(".warc.gz"), warc.name
        gzip.decompress(warc.read_bytes())
        check = subprocess.run(
            [str(Path(sys.executable).with_name("warcio")), "check", str(warc)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert check.returncode == 0, check.stdout + check.stderr
        with warc.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response" and record.http_headers.get_statuscode() == "200":
                    captured[record.rec_headers.get_header("WARC-Target-URI")] += 1
    assert [url for url, n in captured.items() if n > 1] == []
    for record in records:
        pointer = record.get("warc")
        if isinstance(pointer, dict):
            with (folder / pointer["file"]).open("rb") as stream:
                stream.seek(pointer["offset"])
                found = next(iter(ArchiveIterator(stream)))
            assert found.rec_headers.get_header("WARC-Record-ID") == pointer["record_id"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    resumes = json.loads((folder / "resumes.json").read_text(encoding="utf-8"))
    assert manifest["ok"], manifest["problems"]
    assert 1 <= len(resumes) <= KILLS  # a kill before the crawl folder existed leaves none
    assert manifest["stats"]["topten/resume/count"] == len(resumes)


def test_a_killed_second_day_continues_with_its_revisits(tmp_path: Path) -> None:
    """Day 1 killed mid-crawl, then continued: what it revisited is read back, not fetched."""
    out = tmp_path / "archive"
    with ReplicaServer(build_content(12), latency=0.03) as server:
        command = [*crawl_command(server, out), *OPTIONS]
        first = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
        assert first.returncode == 0, first.stderr[-3000:]
        server.set_day(1)
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len([p for p in out.iterdir() if p.is_dir()]) < 2:
            time.sleep(0.05)
        time.sleep(1.0)
        child.send_signal(signal.SIGKILL)
        child.wait()
        last = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
        expected_posts = {p.url for p in server.expected_posts()}
    assert last.returncode == 0, last.stdout + last.stderr[-3000:]
    assert "Continuing the unfinished crawl" in last.stdout
    day0, day1 = sorted(p for p in out.iterdir() if p.is_dir())
    records = records_of(day1)
    counts = Counter((r["type"], r["url"]) for r in records)
    assert [key for key, n in counts.items() if n > 1] == []
    posts = {r["url"] for r in records if r["type"] == "post" and r.get("error") is None}
    assert posts == expected_posts
    revisits = 0
    for warc in sorted((day1 / "warc").iterdir()):
        with warc.open("rb") as stream:
            revisits += sum(1 for record in ArchiveIterator(stream) if record.rec_type == "revisit")
    assert revisits > 0
    for record in records:
        pointer = record.get("warc")
        if isinstance(pointer, dict):
            with (day1 / pointer["file"]).open("rb") as stream:
                stream.seek(pointer["offset"])
                found = next(iter(ArchiveIterator(stream)))
            assert found.rec_headers.get_header("WARC-Record-ID") == pointer["record_id"]
            assert found.rec_type in ("response", "revisit")
    assert json.loads((day0 / "manifest.json").read_text(encoding="utf-8"))["ok"]
    manifest = json.loads((day1 / "manifest.json").read_text(encoding="utf-8"))
    # The counts are of the whole crawl, its run before the kill included.
    assert manifest["counts"]["posts"] == sum(1 for r in records if r["type"] == "post")
    changes = manifest["counts"]["changes"]["posts"]
    assert sum(changes.values()) == manifest["counts"]["posts"]


def test_a_crawl_killed_after_its_last_post_still_succeeds(tmp_path: Path) -> None:
    """Every post recorded before the kill: the continued run writes none, and is fine."""
    out = tmp_path / "archive"
    with ReplicaServer(build_content(6)) as server:
        command = [*crawl_command(server, out), *OPTIONS]
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        folder = None
        while time.monotonic() < deadline:
            folders = [p for p in out.iterdir() if p.is_dir()] if out.exists() else []
            if folders and (folders[0] / "records.jsonl").exists():
                folder = folders[0]
                posts = sum(1 for r in records_of(folder) if r["type"] == "post")
                if posts == 6 or child.poll() is not None:
                    break
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert folder is not None
        if (folder / "manifest.json").exists():
            pytest.skip("the crawl finished before it could be killed")
        last = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert last.returncode == 0, last.stdout + last.stderr[-3000:]
    assert "posts: 6" in last.stdout


def test_a_crawl_stopped_with_sigterm_is_continued_too(tmp_path: Path) -> None:
    """A scheduler's time limit or systemctl stop: a manifest saying so, then the same
    command continues the crawl instead of starting over."""
    out = tmp_path / "archive"
    with ReplicaServer(build_content(16), latency=0.05) as server:
        command = [*crawl_command(server, out), *OPTIONS]
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            folders = [p for p in out.iterdir() if p.is_dir()] if out.exists() else []
            if folders and (folders[0] / "records.jsonl").exists() and records_of(folders[0]):
                break
            time.sleep(0.05)
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=120)
        assert child.returncode == 1
        (folder,) = [p for p in out.iterdir() if p.is_dir()]
        stopped = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if stopped["finish_reason"] != "shutdown":
            pytest.skip(f"the crawl ended before the signal ({stopped['finish_reason']})")
        last = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
        expected_posts = {p.url for p in server.expected_posts()}
    assert last.returncode == 0, last.stdout + last.stderr[-3000:]
    assert f"Continuing the unfinished crawl {folder.name}" in last.stdout
    assert [p for p in out.iterdir() if p.is_dir()] == [folder]
    records = records_of(folder)
    assert {r["url"] for r in records if r["type"] == "post"} == expected_posts
    assert len(records) == len({(r["type"], r["url"]) for r in records})
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["ok"]
