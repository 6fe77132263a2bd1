"""Revisit records: built with pinned ids and dates, written, read back with warcio."""

from __future__ import annotations

import gzip
import hashlib
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from topten_crawler.archive.records import (
    IDENTICAL_PAYLOAD_DIGEST,
    SERVER_NOT_MODIFIED,
    CrawlInfo,
    HttpExchange,
    RevisitOf,
    build_revisit_records,
    payload_digest,
    updated_headers,
)
from topten_crawler.archive.revisits import (
    RevisitingArchiver,
    load_original,
    read_response,
    validators,
)
from topten_crawler.archive.writer import RotatingWarcWriter
from topten_crawler.crawlfolder.state import CrawlState

DATE = datetime(2026, 11, 25, 6, 0, 0, 123456, tzinfo=UTC)
# Incompressible, as a picture is: a revisit saves about its size.
NOISE = b"".join(hashlib.sha256(str(i).encode()).digest() for i in range(128))
BODY = gzip.compress(b"<html>" + NOISE.hex().encode() + b"</html>", mtime=0)
ORIGINAL_ID = "<urn:uuid:00000000-0000-0000-0000-00000000000a>"
REVISIT_ID = "<urn:uuid:00000000-0000-0000-0000-00000000000b>"
REQUEST_ID = "<urn:uuid:00000000-0000-0000-0000-00000000000c>"
HEADERS = [
    (b"Content-Type", b"text/html; charset=UTF-8"),
    (b"Content-Encoding", b"gzip"),
    (b"Etag", b'"v1"'),
    (b"Last-Modified", b"Mon, 23 Nov 2026 10:00:00 GMT"),
    (b"Date", b"Tue, 24 Nov 2026 06:00:00 GMT"),
    (b"Set-Cookie", b"a=1"),
    (b"Set-Cookie", b"b=2"),
]


def exchange(url: str = "http://site.test/post/", **overrides: Any) -> HttpExchange:
    values: dict[str, Any] = {
        "url": url,
        "date": DATE,
        "request_headers": [(b"Accept-Encoding", b"gzip")],
        "response_headers": HEADERS,
        "body": BODY,
        "ip_address": "127.0.0.1",
    }
    values.update(overrides)
    return HttpExchange(**values)


def read_all(path: Path) -> list[Any]:
    with path.open("rb") as stream:
        records = []
        iterator = ArchiveIterator(stream)
        for record in iterator:
            record.offset = iterator.get_record_offset()
            record.payload = record.raw_stream.read()
            records.append(record)
        return records


def archiver(root: Path, store: CrawlState, crawl: str) -> RevisitingArchiver:
    writer = RotatingWarcWriter(root / crawl / "warc", CrawlInfo(crawl_id=crawl), root=root / crawl)
    return RevisitingArchiver(writer, store, root, crawl)


@dataclass
class TwoCrawls:
    root: Path
    day0: RevisitingArchiver
    day1: RevisitingArchiver

    def records(self) -> dict[str, Any]:
        """Every record of both crawls by id (their files closed)."""
        self.day0.writer.close()
        self.day1.writer.close()
        paths = [*self.day0.writer.files, *self.day1.writer.files]
        return {r.rec_headers.get_header("WARC-Record-ID"): r for p in paths for r in read_all(p)}


@pytest.fixture
def crawls(tmp_path: Path) -> Any:
    """Two crawls of one archive folder: ``day0`` archives, ``day1`` revisits."""
    store = CrawlState.at(tmp_path / "state.sqlite3")
    two = TwoCrawls(tmp_path, archiver(tmp_path, store, "day0"), archiver(tmp_path, store, "day1"))
    yield two
    two.day0.writer.close()
    two.day1.writer.close()
    store.close()


def test_first_crawl_archives_a_repeated_payload_in_full(tmp_path: Path) -> None:
    store = CrawlState.at(tmp_path / "state.sqlite3")
    first = archiver(tmp_path, store, "day0")
    assert first.archive(exchange()).profile is None
    assert first.archive(exchange("http://site.test/copy/")).profile is None
    first.writer.close()
    second = archiver(tmp_path, store, "day1")
    assert second.archive(exchange()).profile == IDENTICAL_PAYLOAD_DIGEST
    second.writer.close()
    store.close()


def test_revisit_record_is_deterministic_and_reads_back() -> None:
    refers_to = RevisitOf(
        profile=SERVER_NOT_MODIFIED,
        target_uri="http://site.test/post/",
        date="2026-11-24T06:00:00Z",
        record_id=ORIGINAL_ID,
        payload_digest=payload_digest(BODY),
    )
    headers = [("Content-Type", "text/html"), ("Content-Length", str(len(BODY)))]
    first, second = (
        build_revisit_records(
            exchange(status=304, body=b""),
            refers_to,
            http_status=200,
            http_headers=headers,
            response_id=REVISIT_ID,
            request_id=REQUEST_ID,
        )
        for _ in range(2)
    )
    buffers = []
    for records in (first, second):
        buffer = BytesIO()
        writer = WARCWriter(buffer, gzip=True, warc_version="WARC/1.1")
        writer.write_record(records.response)
        writer.write_record(records.request)
        buffers.append(buffer.getvalue())
    assert buffers[0] == buffers[1]
    revisit, request = ArchiveIterator(BytesIO(buffers[0]))
    warc = revisit.rec_headers
    assert revisit.rec_type == "revisit"
    assert warc.get_header("WARC-Record-ID") == REVISIT_ID
    assert warc.get_header("WARC-Date") == "2026-11-25T06:00:00.123456Z"
    assert warc.get_header("WARC-Profile") == SERVER_NOT_MODIFIED
    assert warc.get_header("WARC-Refers-To") == ORIGINAL_ID
    assert warc.get_header("WARC-Refers-To-Target-URI") == "http://site.test/post/"
    assert warc.get_header("WARC-Refers-To-Date") == "2026-11-24T06:00:00Z"
    assert warc.get_header("WARC-Payload-Digest") == payload_digest(BODY)
    assert revisit.http_headers.statusline == "200 OK"
    assert revisit.http_headers.headers == headers
    assert revisit.raw_stream.read() == b""
    assert request.rec_headers.get_header("WARC-Concurrent-To") == REVISIT_ID


def test_payload_digest_is_warcios(crawls: TwoCrawls) -> None:
    pointer = crawls.day0.archive(exchange()).pointer
    record = read_response(crawls.root / "day0" / pointer.file, pointer.offset)
    assert record.payload_digest == payload_digest(BODY)
    assert record.body == BODY


def test_identical_payload_becomes_a_revisit_of_the_response(crawls: TwoCrawls) -> None:
    first = crawls.day0.archive(exchange())
    same_url = crawls.day1.archive(exchange())
    other_url = crawls.day1.archive(exchange("http://site.test/copy/"))
    assert first.profile is None
    assert same_url.profile == other_url.profile == IDENTICAL_PAYLOAD_DIGEST
    assert same_url.bytes_saved > len(BODY) // 2
    records = crawls.records()
    for revisit_pointer in (same_url.pointer, other_url.pointer):
        revisit = records[revisit_pointer.record_id]
        warc = revisit.rec_headers
        assert revisit.rec_type == "revisit"
        assert warc.get_header("WARC-Refers-To") == first.pointer.record_id
        assert records[warc.get_header("WARC-Refers-To")].rec_type == "response"
        assert warc.get_header("WARC-Refers-To-Target-URI") == "http://site.test/post/"
        assert warc.get_header("WARC-Payload-Digest") == payload_digest(BODY)
        assert revisit.payload == b""
        assert revisit.http_headers.get_header("Content-Length") == str(len(BODY))
        assert revisit.http_headers.get_header("Etag") == '"v1"'
    check = subprocess.run(
        [Path(sys.executable).parent / "warcio", "check", *map(str, crawls.day1.writer.files)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_not_modified_becomes_a_revisit_with_the_originals_headers(crawls: TwoCrawls) -> None:
    first = crawls.day0.archive(exchange())
    crawls.day1.archive(exchange())  # the last capture is now a revisit: still refer to the first
    archiver = crawls.day1
    assert validators(archiver.store, "http://site.test/post/") == {
        "If-None-Match": '"v1"',
        "If-Modified-Since": "Mon, 23 Nov 2026 10:00:00 GMT",
    }
    not_modified = exchange(
        status=304,
        body=b"",
        response_headers=[(b"Etag", b'"v1"'), (b"Date", b"Wed, 25 Nov 2026 06:00:00 GMT")],
    )
    result = archiver.archive(not_modified, conditional=True)
    assert result.profile == SERVER_NOT_MODIFIED
    records = crawls.records()
    revisit = records[result.pointer.record_id]
    assert revisit.rec_headers.get_header("WARC-Profile") == SERVER_NOT_MODIFIED
    assert revisit.rec_headers.get_header("WARC-Refers-To") == first.pointer.record_id
    assert revisit.http_headers.statusline == "200 OK"
    # The original's headers, in their order, with the 304's Date; two cookies stay two.
    assert revisit.http_headers.get_header("Date") == "Wed, 25 Nov 2026 06:00:00 GMT"
    assert revisit.http_headers.get_header("Content-Encoding") == "gzip"
    assert revisit.http_headers.get_header("Content-Length") == str(len(BODY))
    assert [v for k, v in revisit.http_headers.headers if k == "Set-Cookie"] == ["a=1", "b=2"]
    last = archiver.store.last_capture("http://site.test/post/")
    assert (last.status, last.record_id) == (304, result.pointer.record_id)
    original = load_original(archiver.store, crawls.root, "http://site.test/post/")
    assert original is not None
    assert (original.record_id, original.body) == (first.pointer.record_id, BODY)


def test_unconditional_304_and_errors_are_plain_responses(crawls: TwoCrawls) -> None:
    archiver = crawls.day0
    assert archiver.archive(exchange(status=304, body=b"")).profile is None
    assert archiver.archive(exchange(status=404)).profile is None
    assert archiver.archive(exchange(status=404)).profile is None  # a 404 is no original
    assert archiver.archive(exchange(truncated="disconnect")).profile is None
    assert archiver.store.original(payload_digest(BODY)) is None


def test_validators_need_an_original(crawls: TwoCrawls) -> None:
    archiver = crawls.day0
    archiver.archive(exchange(response_headers=[(b"Content-Type", b"text/html")]))
    assert validators(archiver.store, "http://site.test/post/") == {}
    assert validators(archiver.store, "http://site.test/never/") == {}


def test_updated_headers_replace_in_place() -> None:
    original = [("Content-Length", "10"), ("ETag", '"1"'), ("Vary", "a"), ("Vary", "b")]
    update = [("Etag", '"2"'), ("Content-Length", "0"), ("Vary", "c"), ("Age", "5")]
    assert updated_headers(original, update) == [
        ("Content-Length", "10"),
        ("Etag", '"2"'),
        ("Vary", "c"),
        ("Age", "5"),
    ]
