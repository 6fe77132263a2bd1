"""End to end: the sources that posts cite, crawled from the replica's outlets.

One crawl (sources allowed on loopback, a download timeout under the slow outlet's delay) is
shared by the tests of this module; a second crawl proves the blocked-address rule.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator
from warcio.archiveiterator import ArchiveIterator

from topten_crawler.items import record_schema
from topten_crawler.replica import ReplicaServer, build_content
from topten_crawler.replica.articles import ExpectedSource
from topten_crawler.replica.outlets import BOILERPLATE_MARKERS

pytestmark = pytest.mark.e2e

SLOW_SECONDS = 4
DOWNLOAD_TIMEOUT = 1.5
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]


@dataclass
class SourceCrawl:
    server: ReplicaServer
    expected: list[ExpectedSource]
    folder: Path
    result: subprocess.CompletedProcess[str]
    records: list[dict[str, Any]]

    def sources(self) -> dict[str, dict[str, Any]]:
        return {r["url"]: r for r in self.records if r["type"] == "source"}

    def posts(self) -> list[dict[str, Any]]:
        return [r for r in self.records if r["type"] == "post"]


def crawl_replica(
    server: ReplicaServer, out: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "topten_crawler", "crawl", server.base_url, "--out", str(out),
         *FAST, "-s", "TOPTEN_CRAWL_ID=c", *extra],
        cwd=out, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def read_records(folder: Path) -> list[dict[str, Any]]:
    lines = (folder / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SourceCrawl]:
    out = tmp_path_factory.mktemp("sources")
    with ReplicaServer(build_content(), slow_seconds=SLOW_SECONDS) as server:
        result = crawl_replica(
            server,
            out,
            "-s", "TOPTEN_ALLOW_PRIVATE_ADDRESSES=True",
            "-s", f"DOWNLOAD_TIMEOUT={DOWNLOAD_TIMEOUT}",
            "-s", f"TOPTEN_SOURCE_TIMEOUT={DOWNLOAD_TIMEOUT}",
        )  # fmt: skip
        yield SourceCrawl(
            server=server,
            expected=server.expected_sources(download_timeout=DOWNLOAD_TIMEOUT),
            folder=out / "c",
            result=result,
            records=read_records(out / "c"),
        )


def warc_records(folder: Path) -> list[tuple[str, str, Any]]:
    """(type, target URI, http headers) of every request and response record."""
    found = []
    for warc in sorted((folder / "warc").glob("*.warc.gz")):
        with warc.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type in ("request", "response"):
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    found.append((record.rec_type, uri, record.http_headers))
    return found


def same_instant(expected: str | None, got: str | None) -> bool:
    # The record normalises "Z" to "+00:00"; the instant is what must not change.
    if expected is None or got is None or len(expected) == 10:
        return expected == got
    return datetime.fromisoformat(expected.replace("Z", "+00:00")) == datetime.fromisoformat(got)


def test_the_crawl_succeeds(crawl: SourceCrawl) -> None:
    assert crawl.result.returncode == 0, crawl.result.stdout + crawl.result.stderr[-3000:]
    manifest = json.loads((crawl.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ok"] is True
    assert manifest["counts"]["sources"] == len(crawl.expected)
    assert not (crawl.folder / ".pending-sources.jsonl").exists()


def test_every_cited_source_is_accounted_for_exactly_once(crawl: SourceCrawl) -> None:
    urls = [r["url"] for r in crawl.records if r["type"] == "source"]
    assert len(urls) == len(set(urls))
    cited = {c["url"] for post in crawl.posts() for c in post["citations"]}
    assert set(urls) == cited == {e.url for e in crawl.expected}


def test_each_source_is_fetched_once_however_many_posts_cite_it(crawl: SourceCrawl) -> None:
    shared = [e for e in crawl.expected if len(e.cited_by) > 1]
    assert shared
    requests = [uri for kind, uri, _ in warc_records(crawl.folder) if kind == "request"]
    for source in shared:
        assert requests.count(source.url) == 1


def test_cited_by_matches_the_posts(crawl: SourceCrawl) -> None:
    citing: dict[str, set[str]] = {}
    for post in crawl.posts():
        for citation in post["citations"]:
            citing.setdefault(citation["url"], set()).add(post["url"])
    for url, record in crawl.sources().items():
        assert sorted(citing[url]) == record["cited_by"]


@pytest.mark.parametrize("field", ExpectedSource.RECORD_FIELDS)
def test_source_fields_match_the_replica(crawl: SourceCrawl, field: str) -> None:
    got = crawl.sources()
    mismatched = {}
    for expected in crawl.expected:
        want, have = expected.record()[field], got[expected.url][field]
        equal = same_instant(want, have) if field == "published" else want == have  # type: ignore[arg-type]
        if not equal:
            mismatched[f"{expected.case} {expected.url}"] = (want, have)
    assert mismatched == {}


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("not_found", "http_404"),
        ("slow", "timeout"),
        ("robots_disallowed", "robots"),
        ("server_error_recovers", None),
        ("redirect", None),
        ("windows_1252", None),
        ("pdf", None),
    ],
)
def test_each_http_case(crawl: SourceCrawl, case: str, error: str | None) -> None:
    expected = next(e for e in crawl.expected if e.has(case))
    assert crawl.sources()[expected.url]["error"] == error


def test_no_boilerplate_leaks_into_source_text(crawl: SourceCrawl) -> None:
    leaks = {
        (url, marker)
        for url, record in crawl.sources().items()
        for marker in BOILERPLATE_MARKERS
        if marker in record["text"]
    }
    assert leaks == set()


def test_outlet_boilerplate_is_reported_and_gone_from_the_text(crawl: SourceCrawl) -> None:
    report = json.loads((crawl.folder / "outlet-boilerplate.json").read_text(encoding="utf-8"))
    manifest = json.loads((crawl.folder / "manifest.json").read_text(encoding="utf-8"))
    assert "outlet-boilerplate.json" in {entry["path"] for entry in manifest["files"]}
    for host, outlet in report["outlets"].items():
        texts = [
            r["text"]
            for r in crawl.sources().values()
            if urlsplit(r["final_url"] or "").hostname == host
        ]
        for block in outlet["blocks"]:
            assert block["dropped"] >= 1
            assert block["reason"] == "repeated" or block["reason"].startswith("pattern:")
            assert all(block["text"] not in "\n\n".join(["", t, ""]) for t in texts), block


def test_records_are_valid_and_pointers_resolve(crawl: SourceCrawl) -> None:
    validator = Draft202012Validator(record_schema())
    for record in crawl.records:
        assert [e.message for e in validator.iter_errors(record)] == []
    for record in crawl.sources().values():
        pointer = record["warc"]
        if record["final_url"] is None:
            assert pointer is None
            continue
        with (crawl.folder / pointer["file"]).open("rb") as stream:
            stream.seek(pointer["offset"])
            warc_record = next(iter(ArchiveIterator(stream)))
        assert warc_record.rec_type == "response"
        assert warc_record.rec_headers.get_header("WARC-Target-URI") == record["final_url"]
        assert int(warc_record.http_headers.get_statuscode()) == record["status"]


def test_the_archive_holds_robots_txt_of_every_source_host(crawl: SourceCrawl) -> None:
    responses = {uri for kind, uri, _ in warc_records(crawl.folder) if kind == "response"}
    # Every host that answered at all (the slow outlet times out on robots.txt too).
    hosts = {urlsplit(e.url).netloc for e in crawl.expected if e.final_url is not None}
    assert len(hosts) >= 3
    for host in hosts:
        assert f"http://{host}/robots.txt" in responses
    # A robots-disallowed source is not fetched, only its host's robots.txt is.
    disallowed = next(e for e in crawl.expected if e.has("robots_disallowed"))
    assert disallowed.url not in responses
    # Every source with a response is archived, redirect hops and retried 500 included.
    for record in crawl.sources().values():
        if record["final_url"]:
            assert record["final_url"] in responses
    statuses = [
        h.get_statuscode() for kind, _, h in warc_records(crawl.folder) if kind == "response"
    ]
    assert "500" in statuses and "301" in statuses


def test_sources_on_private_addresses_are_blocked_by_default(tmp_path: Path) -> None:
    with ReplicaServer(build_content(), slow_seconds=SLOW_SECONDS) as server:
        result = crawl_replica(server, tmp_path)
        source_hosts = {urlsplit(url).netloc for url in server.source_base_urls}
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    folder = tmp_path / "c"
    sources = [r for r in read_records(folder) if r["type"] == "source"]
    assert sources
    assert {(r["error"], r["status"], r["warc"]) for r in sources} == {
        ("blocked_address", None, None)
    }
    # Nothing at all was asked of a source host, not even its robots.txt.
    assert not [uri for _, uri, _ in warc_records(folder) if urlsplit(uri).netloc in source_hosts]
    # The digest site itself, on loopback too, is exempt.
    assert any(r["type"] == "post" for r in read_records(folder))


def test_no_sources_stays_on_the_digest_site(tmp_path: Path) -> None:
    with ReplicaServer(build_content(), slow_seconds=SLOW_SECONDS) as server:
        result = crawl_replica(
            server, tmp_path, "--no-sources", "-s", "TOPTEN_ALLOW_PRIVATE_ADDRESSES=True"
        )
        site = urlsplit(server.base_url).netloc
    assert result.returncode == 0
    folder = tmp_path / "c"
    assert {r["type"] for r in read_records(folder)} == {"post"}
    assert {urlsplit(uri).netloc for _, uri, _ in warc_records(folder)} == {site}


def test_a_source_over_the_size_limit_is_an_error_record(tmp_path: Path) -> None:
    with ReplicaServer(build_content(), slow_seconds=SLOW_SECONDS) as server:
        result = crawl_replica(
            server, tmp_path, "--max-posts", "6",
            "-s", "TOPTEN_ALLOW_PRIVATE_ADDRESSES=True",
            "-s", "TOPTEN_SOURCE_MAX_SIZE=1500", "-s", f"TOPTEN_SOURCE_TIMEOUT={DOWNLOAD_TIMEOUT}",
        )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    sources = [r for r in read_records(tmp_path / "c") if r["type"] == "source"]
    too_large = [r for r in sources if r["error"] == "too_large"]
    assert too_large
    assert all(r["text"] == "" and r["warc"] is None for r in too_large)
    # The digest's own pages are bigger than that, and are not limited by the source setting.
    assert any(r["type"] == "post" for r in read_records(tmp_path / "c"))
