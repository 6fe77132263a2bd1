"""End to end: ``topten-crawler crawl`` on the replica site, as a user runs it.

One crawl of the replica (in a subprocess, through the console command) is shared by the tests
of this module; each test checks one promise of the output.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import json
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator
from warcio.archiveiterator import ArchiveIterator

from tests.helpers.replay_env import make_collection, missing_reason, wayback
from topten_crawler.items import record_schema
from topten_crawler.replica import ExpectedPost, ReplicaServer, build_content

pytestmark = pytest.mark.e2e

# The replica answers at once: no politeness delays needed on loopback.
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO"]
# The digest site alone: cited sources have tests of their own (test_e2e_sources.py).
SITE_ONLY = [*FAST, "--no-sources"]

# Strings of the site's boilerplate that must never reach a record's text.
BOILERPLATE_STRINGS = (
    "Total 0 Shares",
    "Untitled(Required)",
    "The first task of the day",
    "Sign Up for Lisa's Top Ten",
    "Sign Up for Lisa’s Top Ten",
    "Related Posts",
    "Related Story:",
    "Read More",
    "Leave a Reply",
    "Your email address will not be published",
    "Home of Lisa's Top Ten",
    "Home of Lisa’s Top Ten",
    "DONATE",
    "SUBSCRIBE",
    "From: ",
)


@dataclass
class Crawl:
    server: ReplicaServer
    expected: list[ExpectedPost]
    folder: Path
    result: subprocess.CompletedProcess[str]
    records: list[dict[str, Any]]
    manifest: dict[str, Any]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "topten_crawler", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    out = tmp_path_factory.mktemp("e2e")
    with ReplicaServer(build_content()) as server:
        result = run_cli(
            "crawl",
            server.base_url,
            "--out",
            str(out),
            *SITE_ONLY,
            "-s",
            "TOPTEN_CRAWL_ID=e2e",
            cwd=out,
        )
        folder = out / "e2e"
        lines = (folder / "records.jsonl").read_text(encoding="utf-8").splitlines()
        yield Crawl(
            server=server,
            expected=server.expected_posts(),
            folder=folder,
            result=result,
            records=[json.loads(line) for line in lines],
            manifest=json.loads((folder / "manifest.json").read_text(encoding="utf-8")),
        )


def posts(crawl: Crawl) -> dict[str, dict[str, Any]]:
    return {r["url"]: r for r in crawl.records if r["type"] == "post"}


def test_the_crawl_succeeds_and_says_where_its_output_is(crawl: Crawl) -> None:
    assert crawl.result.returncode == 0, crawl.result.stdout + crawl.result.stderr[-3000:]
    assert "succeeded" in crawl.result.stdout
    assert str(crawl.folder) in crawl.result.stdout
    assert crawl.manifest["ok"] is True
    assert crawl.manifest["problems"] == []


def test_every_post_is_found_exactly_once(crawl: Crawl) -> None:
    counts = Counter(r["url"] for r in crawl.records if r["type"] == "post")
    assert [url for url, n in counts.items() if n > 1] == []
    assert set(counts) == {e.url for e in crawl.expected}
    # Posts that no listing links to are found through the sitemap and the feed.
    hidden = [e.url for e in crawl.expected if e.hidden_from_listings]
    assert hidden and set(hidden) <= set(counts)


def test_pages_that_are_not_posts_make_no_record(crawl: Crawl) -> None:
    assert not set(crawl.server.non_post_urls()) & {r["url"] for r in crawl.records}


def test_each_post_is_fetched_once(crawl: Crawl) -> None:
    fetched: Counter[str] = Counter()
    for warc in sorted((crawl.folder / "warc").glob("*.warc.gz")):
        with warc.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    fetched[record.rec_headers.get_header("WARC-Target-URI")] += 1
    assert {e.url: fetched[e.url] for e in crawl.expected} == {e.url: 1 for e in crawl.expected}


def test_every_record_is_valid_against_the_schema(crawl: Crawl) -> None:
    validator = Draft202012Validator(record_schema())
    errors = {r["url"]: [e.message for e in validator.iter_errors(r)] for r in crawl.records}
    assert {url: e for url, e in errors.items() if e} == {}
    assert not (crawl.folder / "invalid-records.jsonl").exists()


@pytest.mark.parametrize("field", ExpectedPost.RECORD_FIELDS)
def test_post_fields_match_the_replica(crawl: Crawl, field: str) -> None:
    got = posts(crawl)
    mismatched = {
        e.url: (e.record()[field], got[e.url].get(field))
        for e in crawl.expected
        if got[e.url].get(field) != e.record()[field]
    }
    assert mismatched == {}


def test_no_boilerplate_string_in_any_text(crawl: Crawl) -> None:
    leaks = {(r["url"], s) for r in crawl.records for s in BOILERPLATE_STRINGS if s in r["text"]}
    assert leaks == set()


def test_text_that_looks_like_boilerplate_survives(crawl: Crawl) -> None:
    texts = " ".join(r["text"] for r in crawl.records).lower()
    for word in ("total", "shares", "subscribe", "related"):
        assert word in texts


def test_every_warc_pointer_resolves_to_the_response_of_its_url(crawl: Crawl) -> None:
    for record in crawl.records:
        pointer = record["warc"]
        with (crawl.folder / pointer["file"]).open("rb") as stream:
            stream.seek(pointer["offset"])
            warc_record = next(iter(ArchiveIterator(stream)))
            assert warc_record.rec_type == "response"
            assert warc_record.rec_headers.get_header("WARC-Target-URI") == record["url"]
            assert warc_record.rec_headers.get_header("WARC-Record-ID") == pointer["record_id"]
            assert warc_record.http_headers.get_statuscode() == "200"


def test_warc_files_pass_gzip_and_warcio_checks(crawl: Crawl) -> None:
    warcs = sorted((crawl.folder / "warc").glob("*.warc.gz"))
    assert warcs
    assert not list((crawl.folder / "warc").glob("*.open"))
    for warc in warcs:
        assert subprocess.run(["gzip", "-t", str(warc)], check=False).returncode == 0
        with gzip.open(warc) as stream:  # a full read also catches a cut last record
            while stream.read(1 << 20):
                pass
    warcio = Path(sys.executable).with_name("warcio")
    check = subprocess.run(
        [str(warcio), "check", *map(str, warcs)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_archive_holds_robots_redirects_and_discovery(crawl: Crawl) -> None:
    statuses: dict[str, str] = {}
    for warc in sorted((crawl.folder / "warc").glob("*.warc.gz")):
        with warc.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    statuses[uri] = record.http_headers.get_statuscode()
    base = crawl.server.base_url
    assert statuses[base + "robots.txt"] == "200"
    assert statuses[base + "sitemap_index.xml"] == "200"
    assert statuses[base + "feed/"] == "200"
    assert "301" in statuses.values()


def test_manifest_lists_every_file_with_its_digest(crawl: Crawl) -> None:
    listed = {f["path"]: f for f in crawl.manifest["files"]}
    on_disk = {
        p.relative_to(crawl.folder).as_posix()
        for p in crawl.folder.rglob("*")
        # The manifest lists every file but itself and the log, which grows until the end.
        if p.is_file() and p.name not in ("manifest.json", "crawl.log")
    }
    assert set(listed) == on_disk
    assert (crawl.folder / "crawl.log").is_file()
    for path, entry in listed.items():
        data = (crawl.folder / path).read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert crawl.manifest["seeds"] == [crawl.server.base_url]
    assert crawl.manifest["counts"]["posts"] == len(crawl.expected)
    assert crawl.manifest["settings"]["ROBOTSTXT_OBEY"] is True


def test_max_posts_stops_the_crawl(tmp_path: Path) -> None:
    with ReplicaServer(build_content()) as server:
        result = run_cli(
            "crawl",
            server.base_url,
            "--out",
            str(tmp_path),
            "--max-posts",
            "5",
            *FAST,
            cwd=tmp_path,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    (folder,) = [p for p in tmp_path.iterdir() if p.is_dir()]  # beside it: the lock file
    lines = (folder / "records.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    posts = [r for r in records if r["type"] == "post"]
    assert len(posts) == 5
    # The sources those five posts cite are still recorded before the crawl stops, and no
    # other source is.
    cited = {c["url"] for post in posts for c in post["citations"]}
    assert {r["url"] for r in records if r["type"] == "source"} == cited
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["finish_reason"] == "max_posts"
    assert manifest["ok"] is True


def test_unreachable_seed_fails_with_a_clear_message(tmp_path: Path) -> None:
    # Nothing listens on port 9 of the loopback interface: the connection is refused at once.
    result = run_cli(
        "crawl", "http://127.0.0.1:9/", "--out", str(tmp_path), *FAST, "-s", "RETRY_TIMES=0",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    assert "FAILED" in result.stdout
    assert "seed unreachable: http://127.0.0.1:9/ (connection)" in result.stdout
    assert "no post was found" in result.stdout


def test_a_site_without_posts_fails(tmp_path: Path) -> None:
    with ReplicaServer(build_content()) as server:
        # A source host of the replica is a web site, but not a digest: no post is found.
        result = run_cli(
            "crawl", server.source_base_urls[0], "--out", str(tmp_path), *SITE_ONLY, cwd=tmp_path
        )
    assert result.returncode == 1
    assert "no post was found" in result.stdout


def test_bad_seed_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("crawl", "not-a-url", "--out", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert "not an http(s) URL" in result.stderr
    assert not list(tmp_path.iterdir())


def fetch(url: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        # skip_accept_encoding: send exactly the Accept-Encoding asked for, if any.
        connection.putrequest("GET", parts.path + (f"?{parts.query}" if parts.query else ""),
                              skip_accept_encoding=True)  # fmt: skip
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read(), {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


@pytest.mark.replay
@pytest.mark.skipif(missing_reason() is not None, reason=missing_reason() or "")
def test_pywb_replays_post_pages_byte_for_byte(crawl: Crawl, tmp_path: Path) -> None:
    post = next(r for r in crawl.records if r["type"] == "post")
    with (crawl.folder / post["warc"]["file"]).open("rb") as stream:
        stream.seek(post["warc"]["offset"])
        warc_date = next(iter(ArchiveIterator(stream))).rec_headers.get_header("WARC-Date")
    timestamp = "".join(ch for ch in warc_date if ch.isdigit())[:14]
    # What the server sends today, gzip-encoded and plain (the replica is deterministic).
    _, sent_gzip, sent_headers = fetch(post["url"], {"Accept-Encoding": "gzip"})
    _, sent_plain, _ = fetch(post["url"], {})
    assert sent_headers.get("content-encoding") == "gzip"
    make_collection(tmp_path, "topten", sorted((crawl.folder / "warc").glob("*.warc.gz")))
    with wayback(tmp_path) as base:
        replay_url = f"{base}/topten/{timestamp}id_/{post['url']}"
        status, body, headers = fetch(replay_url, {"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers.get("content-encoding") == "gzip"
        assert body == sent_gzip
        status, body, _ = fetch(replay_url, {})
        assert status == 200
        assert body == sent_plain


def start_cli(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "topten_crawler", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for_records(folder: Path, at_least: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    records = folder / "records.jsonl"
    while time.monotonic() < deadline:
        if records.exists() and records.read_bytes().count(b"\n") >= at_least:
            return
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} records in {records} after {timeout} s")


def test_a_killed_crawl_leaves_every_closed_record_readable(tmp_path: Path) -> None:
    # A slow server keeps the crawl going long enough to be killed in the middle of it.
    with ReplicaServer(build_content(), latency=0.05) as server:
        crawl = start_cli(
            "crawl", server.base_url, "--out", str(tmp_path), *SITE_ONLY, "-s", "TOPTEN_CRAWL_ID=k",
            cwd=tmp_path,
        )  # fmt: skip
        wait_for_records(tmp_path / "k", 5)
        crawl.send_signal(signal.SIGKILL)
        crawl.communicate(timeout=30)
    folder = tmp_path / "k"
    lines = (folder / "records.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    complete = [line for line in lines if line.endswith("\n")]
    assert len(complete) >= 5
    records = [json.loads(line) for line in complete]
    (open_warc,) = (folder / "warc").glob("*.warc.gz.open")
    with open_warc.open("rb") as stream:
        responses = {
            record.rec_headers.get_header("WARC-Record-ID")
            for record in ArchiveIterator(stream)
            if record.rec_type == "response"
        }
    # Every record written before the kill points at a response record that can be read.
    assert {r["warc"]["record_id"] for r in records} <= responses


def test_an_interrupted_crawl_reports_failure(tmp_path: Path) -> None:
    with ReplicaServer(build_content(), latency=0.05) as server:
        crawl = start_cli(
            "crawl", server.base_url, "--out", str(tmp_path), *SITE_ONLY, "-s", "TOPTEN_CRAWL_ID=t",
            cwd=tmp_path,
        )  # fmt: skip
        wait_for_records(tmp_path / "t", 3)
        # SIGTERM, as a scheduler's time limit sends it: Scrapy stops gracefully.
        crawl.send_signal(signal.SIGTERM)
        output, _ = crawl.communicate(timeout=120)
    assert crawl.returncode == 1, output[-3000:]
    manifest = json.loads((tmp_path / "t" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ok"] is False
    assert manifest["finish_reason"] == "shutdown"
    assert any("did not finish normally" in p for p in manifest["problems"])
    # Closed cleanly: no WARC file is left open, and every record it wrote is in the archive.
    assert not list((tmp_path / "t" / "warc").glob("*.open"))


def test_scrapy_crawl_runs_the_same_spider(tmp_path: Path) -> None:
    repository = Path(__file__).resolve().parent.parent
    with ReplicaServer(build_content()) as server:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "topten", "-a", f"seed={server.base_url}",
             "-a", "max_posts=3", "-s", f"TOPTEN_OUTPUT_DIR={tmp_path}", *FAST],
            cwd=repository, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    (folder,) = [p for p in tmp_path.iterdir() if p.is_dir()]  # beside it: the lock file
    lines = (folder / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["type"] for line in lines].count("post") == 3
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["ok"] is True


def test_page_requisites_are_archived_once_and_make_no_record(crawl: Crawl) -> None:
    responses: Counter[str] = Counter()
    for warc in sorted((crawl.folder / "warc").glob("*.warc.gz")):
        with warc.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    responses[record.rec_headers.get_header("WARC-Target-URI")] += 1
    images = {e.image["url"] for e in crawl.expected if e.image}
    assert images and all(responses[url] == 1 for url in images)
    stylesheets = [url for url in responses if url.split("?", 1)[0].endswith(".css")]
    assert stylesheets and all(responses[url] == 1 for url in stylesheets)
    assert {r["type"] for r in crawl.records} == {"post"}
    assert crawl.manifest["stats"]["topten/requisites/fetched"] > len(images)


def test_requisites_can_be_turned_off(tmp_path: Path) -> None:
    with ReplicaServer(build_content()) as server:
        result = run_cli(
            "crawl", server.base_url, "--out", str(tmp_path), "--max-posts", "3", *SITE_ONLY,
            "-s", "TOPTEN_REQUISITES_ENABLED=False", "-s", "TOPTEN_CRAWL_ID=r", cwd=tmp_path,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    uris = []
    for warc in (tmp_path / "r" / "warc").glob("*.warc.gz"):
        with warc.open("rb") as stream:
            uris += [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)]
    assert not [u for u in uris if u and "/wp-content/" in u]
