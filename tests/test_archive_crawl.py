"""A real Scrapy crawl of the loopback test server, its WARC files read back with warcio.

The tests read the session's crawl of the server (``served_crawl`` in conftest.py); the ones
that need other settings crawl again.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.helpers.archive_server import (
    CHUNKED_GZIP_PAGE,
    CRAWL_PATHS,
    GZIP_PAGE,
    ROUTES,
    CrawlResult,
    ServedCrawl,
    run_archive_crawl,
    serve,
)

pytestmark = pytest.mark.e2e


@dataclass
class Rec:
    type: str
    offset: int
    file: Path
    warc: dict[str, str]
    http: Any
    payload: bytes

    @property
    def path(self) -> str:
        """Path and query of the target URI, the key of the server's routes."""
        parts = urlsplit(self.warc["WARC-Target-URI"])
        return parts.path + (f"?{parts.query}" if parts.query else "")

    @property
    def route(self) -> str:
        return self.path.split("?", 1)[0]


@dataclass
class Crawl:
    result: CrawlResult
    records: list[Rec]
    received: list[tuple[str, bytes]]

    def responses(self) -> dict[str, Rec]:
        return {rec.path: rec for rec in self.records if rec.type == "response"}

    def requests(self) -> list[Rec]:
        return [rec for rec in self.records if rec.type == "request"]


def load(path: Path) -> list[Rec]:
    out = []
    with path.open("rb") as fh:
        records = ArchiveIterator(fh)
        for record in records:
            # Read the payload first: asking for the offset reads the record to its end.
            payload = record.raw_stream.read()
            out.append(
                Rec(
                    record.rec_type,
                    records.get_record_offset(),
                    path,
                    dict(record.rec_headers.headers),
                    record.http_headers,
                    payload,
                )
            )
    return out


@pytest.fixture(scope="module")
def crawl(served_crawl: ServedCrawl) -> Crawl:
    result = served_crawl.result
    records = [rec for path in result.warc_files for rec in load(path)]
    return Crawl(result, records, served_crawl.received)


def test_crawl_closed_its_files(crawl: Crawl) -> None:
    warc_dir = crawl.result.crawl_dir / "warc"
    assert crawl.result.warc_files, crawl.result.log
    assert not list(warc_dir.glob("*.open"))
    assert crawl.result.stats["warc/files"] == [
        f"warc/{path.name}" for path in crawl.result.warc_files
    ]
    assert "warc/errors" not in crawl.result.stats


def test_every_network_exchange_is_archived(crawl: Crawl) -> None:
    responses = crawl.responses()
    # One response record per request the server answered: robots.txt and the redirect hop too.
    assert sorted(responses) == sorted(target for target, _ in crawl.received)
    assert "/robots.txt" in responses
    assert "/redirect" in responses and "/final" in responses
    assert crawl.result.stats["warc/exchanges"] == len(crawl.received)
    assert crawl.result.stats["warc/records"] == len(crawl.records)
    assert crawl.result.stats["warc/bytes"] == sum(
        p.stat().st_size for p in crawl.result.warc_files
    )


def test_stored_payload_is_what_the_server_sent(crawl: Crawl) -> None:
    for path, rec in crawl.responses().items():
        route = ROUTES[rec.route]
        assert rec.payload == route.stored_body, path
        assert rec.http.get_header("Transfer-Encoding") is None, path
        assert rec.http.get_header("Content-Length") == str(len(rec.payload)), path
        assert rec.http.protocol == "HTTP/1.1"
        assert rec.http.statusline == route.status.decode(), path


def test_gzip_bodies_stay_compressed(crawl: Crawl) -> None:
    responses = crawl.responses()
    for path, page in [("/gzip", GZIP_PAGE), ("/chunked-gzip", CHUNKED_GZIP_PAGE)]:
        rec = responses[path]
        assert rec.http.get_header("Content-Encoding") == "gzip"
        assert rec.payload[:2] == b"\x1f\x8b"
        assert gzip.decompress(rec.payload) == page


def test_chunked_body_is_dechunked(crawl: Crawl) -> None:
    rec = crawl.responses()["/chunked"]
    assert rec.payload == ROUTES["/chunked"].body
    assert b"\r\n0\r\n" not in rec.payload


def test_repeated_headers_are_kept(crawl: Crawl) -> None:
    rec = crawl.responses()["/headers"]
    headers = rec.http.headers
    assert [v for n, v in headers if n.lower() == "set-cookie"] == [
        "session=abc; Path=/",
        "theme=dark; Path=/",
    ]
    assert [v for n, v in headers if n.lower() == "link"] == [
        "</style.css>; rel=preload; as=style",
        "</next>; rel=next",
    ]


def test_redirect_hop_is_its_own_exchange(crawl: Crawl) -> None:
    responses = crawl.responses()
    hop = responses["/redirect"]
    assert hop.http.statusline == "301 Moved Permanently"
    assert hop.http.get_header("Location") == "/final"
    linked = [
        r for r in crawl.requests() if r.warc["WARC-Concurrent-To"] == hop.warc["WARC-Record-ID"]
    ]
    assert len(linked) == 1
    assert linked[0].http.statusline == "/redirect HTTP/1.1"


def test_requests_are_linked_to_their_responses(crawl: Crawl) -> None:
    responses = {rec.warc["WARC-Record-ID"]: rec for rec in crawl.records if rec.type == "response"}
    requests = crawl.requests()
    assert len(requests) == len(responses)
    assert sorted(r.warc["WARC-Concurrent-To"] for r in requests) == sorted(responses)
    for request in requests:
        response = responses[request.warc["WARC-Concurrent-To"]]
        assert request.warc["WARC-Target-URI"] == response.warc["WARC-Target-URI"]
        assert request.warc["WARC-Date"] == response.warc["WARC-Date"]
        assert request.file == response.file
        assert request.warc["WARC-IP-Address"] == "127.0.0.1"
        assert response.warc["WARC-IP-Address"] == "127.0.0.1"


def test_request_records_match_what_the_server_received(crawl: Crawl) -> None:
    by_target = {target: raw for target, raw in crawl.received}
    for request in crawl.requests():
        raw = by_target[request.path]
        request_line, *header_lines = raw.decode("latin-1").split("\r\n")
        assert f"{request.http.protocol} {request.http.statusline}" == request_line
        sent = sorted(line for line in header_lines if line)
        archived = sorted(f"{name}: {value}" for name, value in request.http.headers)
        assert archived == sent, request.path
        # Host comes first in the record, as the brief for replay tools expects.
        assert request.http.headers[0][0] == "Host"


def test_query_string_is_kept(crawl: Crawl) -> None:
    rec = crawl.responses()["/search?q=warc+files&page=2"]
    assert rec.warc["WARC-Target-URI"].endswith("/search?q=warc+files&page=2")
    (request,) = [r for r in crawl.requests() if r.path == rec.path]
    assert request.http.statusline == "/search?q=warc+files&page=2 HTTP/1.1"


def test_truncation_is_marked(crawl: Crawl) -> None:
    responses = crawl.responses()
    cut = responses["/dataloss"]
    assert cut.warc["WARC-Truncated"] == "disconnect"
    assert cut.payload == ROUTES["/dataloss"].stored_body
    assert cut.http.get_header("Content-Length") == str(len(cut.payload))
    # A body that ends with the connection is complete by HTTP's rules: not truncated.
    assert "WARC-Truncated" not in responses["/close-delimited"].warc
    assert crawl.result.stats["warc/truncated"] == 1


def test_meta_pointer_resolves_to_the_final_response(crawl: Crawl) -> None:
    items = {urlsplit(item["url"]).path: item for item in crawl.result.items}
    assert len(crawl.result.items) == len(CRAWL_PATHS)
    assert "/redirect" not in items  # followed: the item is for /final
    for item in crawl.result.items:
        pointer = item["warc"]
        assert set(pointer) == {"file", "offset", "record_id"}
        with (crawl.result.crawl_dir / pointer["file"]).open("rb") as fh:
            fh.seek(pointer["offset"])
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Record-ID") == pointer["record_id"]
            assert record.rec_headers.get_header("WARC-Target-URI") == item["url"]
        (rec,) = [r for r in crawl.records if r.warc["WARC-Record-ID"] == pointer["record_id"]]
        assert rec.offset == pointer["offset"]
    # The spider saw the decoded body; the archive has the compressed one.
    assert items["/gzip"]["body"].encode("latin-1") == GZIP_PAGE


def test_each_file_starts_with_warcinfo(crawl: Crawl) -> None:
    for path in crawl.result.warc_files:
        first = load(path)[0]
        assert first.type == "warcinfo"
        assert first.warc["WARC-Filename"] == path.name
        text = first.payload.decode("utf-8")
        assert "isPartOf: x\r\n" in text
        for seed_path in CRAWL_PATHS:
            assert "seed: http://127.0.0.1:" in text
            assert f"{seed_path}\r\n" in text
        assert '"ROBOTSTXT_OBEY": true' in text
        assert '"TOPTEN_WARC_PREFIX": "topten"' in text


def test_files_pass_gzip_and_warcio_checks(crawl: Crawl) -> None:
    warcio = Path(sys.executable).with_name("warcio")
    for path in crawl.result.warc_files:
        subprocess.run(["gzip", "-t", str(path)], check=True)
        result = subprocess.run(
            [str(warcio), "check", "-v", str(path)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "digest pass" in result.stdout


def test_rotation_in_a_real_crawl(tmp_path: Path) -> None:
    with serve() as server:
        result = run_archive_crawl(
            server.base_url, tmp_path, extra_settings={"TOPTEN_WARC_MAX_SIZE": 1}
        )
    # One exchange per file with a 1-byte limit: every file is warcinfo + one exchange.
    assert len(result.warc_files) == result.stats["warc/exchanges"]
    for path in result.warc_files:
        assert [rec.type for rec in load(path)] == ["warcinfo", "response", "request"]


def test_disabled_extension_writes_nothing(tmp_path: Path) -> None:
    with serve() as server:
        result = run_archive_crawl(
            server.base_url, tmp_path, extra_settings={"TOPTEN_WARC_ENABLED": False}
        )
    assert result.warc_files == []
    assert not any(key.startswith("warc/") for key in result.stats)
    assert all(item["warc"] is None for item in result.items)
