"""End to end: page extraction in worker processes.

The replica crawled with the pool on (two workers) and off (inline) gives the same records and
the same WARC records; a page whose extraction hangs, and one whose worker dies, are listed as
failures while the crawl goes on; SIGTERM stops a crawl within seconds even while a page's
extraction hangs, and the crawl still writes its manifest.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from topten_crawler.replica import ReplicaServer, build_content

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parent.parent
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "TOPTEN_PROGRESS=off"]
# Fields that differ between two crawls of the same site whatever the extraction: when, which
# crawl, where in which WARC file.
RUN_FIELDS = ("fetched_at", "crawl_id", "warc", "first_seen")


def crawl_cli(base_url: str, out: Path, workers: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "topten_crawler", "crawl", base_url, "--out", str(out)]
    command += [*FAST, "-s", "TOPTEN_ALLOW_PRIVATE_ADDRESSES=True"]
    command += ["-s", f"TOPTEN_EXTRACT_WORKERS={workers}", "-s", "TOPTEN_CRAWL_ID=c"]
    out.mkdir()
    result = subprocess.run(command, cwd=out, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    folder = out / "c"
    records = {}
    for line in (folder / "records.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records[(record["type"], record["url"])] = {
            k: v for k, v in record.items() if k not in RUN_FIELDS
        }
    exchanges = set()
    for warc in sorted((folder / "warc").glob("*.warc.gz")):
        with warc.open("rb") as stream:
            for entry in ArchiveIterator(stream):
                uri = entry.rec_headers.get_header("WARC-Target-URI")
                status = entry.http_headers.get_statuscode() if entry.http_headers else None
                exchanges.add((entry.rec_type, uri, status))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {"records": records, "warc": exchanges, "manifest": manifest}


def test_the_pool_on_and_off_give_the_same_records_and_warc_records(tmp_path: Path) -> None:
    with ReplicaServer(build_content()) as server:
        pooled = crawl_cli(server.base_url, tmp_path / "pooled", workers=2)
        server.reset_source_failures()  # its outlets that fail once fail again
        inline = crawl_cli(server.base_url, tmp_path / "inline", workers=1)
    assert pooled["manifest"]["stats"]["topten/extract/workers"] == 2
    assert inline["manifest"]["stats"]["topten/extract/workers"] == 1
    sources = [key for key in inline["records"] if key[0] == "source"]
    assert len(sources) > 50  # cited sources went through the pool too
    assert pooled["records"].keys() == inline["records"].keys()
    for key, record in inline["records"].items():
        assert pooled["records"][key] == record, key
    assert pooled["warc"] == inline["warc"]


def run_faulty(
    base_url: str, out: Path, environment: dict[str, str], *settings: str
) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "scrapy", "runspider", "tests/helpers/faulty_spider.py"]
    command += ["-a", f"seed={base_url}", *FAST, "-s", "TOPTEN_FOLLOW_SOURCES=False"]
    command += ["-s", "TOPTEN_REQUISITES_ENABLED=False", "-s", f"TOPTEN_OUTPUT_DIR={out}"]
    command += ["-s", "TOPTEN_CRAWL_ID=c", "-s", "TOPTEN_EXTRACT_WORKERS=2", *settings]
    return subprocess.Popen(
        command,
        cwd=REPO,
        env={**os.environ, **environment},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_a_page_that_hangs_and_one_whose_worker_dies_are_listed_failures(
    tmp_path: Path,
) -> None:
    with ReplicaServer(build_content()) as server:
        expected = [post.url for post in server.expected_posts()]
        hanging, dying = expected[3], expected[5]
        environment = {
            "TOPTEN_TEST_HANG_PATH": urlsplit(hanging).path,
            "TOPTEN_TEST_DIE_PATH": urlsplit(dying).path,
        }
        crawl = run_faulty(server.base_url, tmp_path, environment, "-s", "TOPTEN_EXTRACT_TIMEOUT=3")
        output, _ = crawl.communicate(timeout=300)
    manifest = json.loads((tmp_path / "c" / "manifest.json").read_text(encoding="utf-8"))
    failures = {f["url"]: f for f in manifest["failures"]}
    assert failures[hanging]["reason"] == "extraction_timeout", output[-3000:]
    assert failures[dying]["reason"] == "extraction_worker_died"
    assert failures[hanging]["kind"] == "topten/errors/page"
    stats = manifest["stats"]
    assert stats["topten/extract/failed/extraction_timeout"] == 1
    assert stats["topten/extract/failed/extraction_worker_died"] == 1
    lines = (tmp_path / "c" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    recorded = {json.loads(line)["url"] for line in lines}
    # Every other post is recorded: the replaced workers went on with the rest of the site.
    assert recorded == set(expected) - {hanging, dying}


def test_sigterm_stops_a_crawl_within_seconds_while_an_extraction_hangs(tmp_path: Path) -> None:
    marker = tmp_path / "hanging"
    with ReplicaServer(build_content()) as server:
        hanging = server.expected_posts()[0].url
        environment = {
            "TOPTEN_TEST_HANG_PATH": urlsplit(hanging).path,
            "TOPTEN_TEST_HANG_MARKER": str(marker),
        }
        crawl = run_faulty(
            server.base_url, tmp_path, environment, "-s", "TOPTEN_EXTRACT_TIMEOUT=600"
        )
        try:
            deadline = time.monotonic() + 120
            while not marker.exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert marker.exists(), "the hanging page was never extracted"
            stopping = time.monotonic()
            crawl.send_signal(signal.SIGTERM)
            output, _ = crawl.communicate(timeout=60)
            stopped_in = time.monotonic() - stopping
        finally:
            if crawl.poll() is None:
                crawl.kill()
                crawl.wait()
    assert stopped_in < 15, output[-3000:]
    manifest = json.loads((tmp_path / "c" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["stats"]["finish_reason"] == "shutdown"
    assert manifest["stats"]["topten/extract/failed/extraction_cancelled"] >= 1
    assert not list((tmp_path / "c" / "warc").glob("*.open"))
