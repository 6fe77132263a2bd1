"""WARC records of one exchange, written to memory and read back with warcio."""

from __future__ import annotations

import base64
import gzip
import hashlib
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from topten_crawler.archive.records import (
    HEADER_PROVENANCE,
    WARC_FORMAT,
    CrawlInfo,
    HttpExchange,
    build_exchange_records,
    build_warcinfo_record,
    host_header,
    normalise_response_headers,
    reason_phrase,
    request_target,
)

DATE = datetime(2026, 11, 24, 17, 11, 4, 123456, tzinfo=UTC)
RESPONSE_ID = "<urn:uuid:00000000-0000-0000-0000-000000000001>"
REQUEST_ID = "<urn:uuid:00000000-0000-0000-0000-000000000002>"
GZIP_BODY = gzip.compress(b"<html>" + b"x" * 500 + b"</html>", mtime=0)


def exchange(**overrides: Any) -> HttpExchange:
    values: dict[str, Any] = {
        "url": "http://example.org/news/item?id=7&lang=en#comments",
        "date": DATE,
        "request_headers": [
            (b"Accept", b"text/html"),
            (b"User-Agent", b"topten-crawler/test"),
            (b"Accept-Encoding", b"gzip, deflate"),
        ],
        "status": 200,
        "response_headers": [
            (b"Content-Type", b"text/html"),
            (b"Content-Encoding", b"gzip"),
            (b"Transfer-Encoding", b"chunked"),
            (b"Set-Cookie", b"a=1; Path=/"),
            (b"Set-Cookie", b"b=2; Path=/"),
        ],
        "body": GZIP_BODY,
        "ip_address": "93.184.216.34",
    }
    values.update(overrides)
    return HttpExchange(**values)


def round_trip(ex: HttpExchange) -> list[Any]:
    """Write the exchange's records to memory and read them back, fully loaded."""
    records = build_exchange_records(ex, response_id=RESPONSE_ID, request_id=REQUEST_ID)
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version="1.1")
    writer.write_record(records.response)
    writer.write_record(records.request)
    buffer.seek(0)
    loaded = []
    for record in ArchiveIterator(buffer):
        record.stored_payload = record.raw_stream.read()
        loaded.append(record)
    return loaded


def test_response_record_keeps_gzip_body_and_fixes_framing_headers() -> None:
    response, _ = round_trip(exchange())
    assert response.rec_type == "response"
    assert response.rec_headers.get_header("WARC-Record-ID") == RESPONSE_ID
    assert response.rec_headers.get_header("WARC-Date") == "2026-11-24T17:11:04.123456Z"
    assert response.rec_headers.get_header("WARC-Target-URI") == (
        "http://example.org/news/item?id=7&lang=en"
    )
    assert response.rec_headers.get_header("WARC-IP-Address") == "93.184.216.34"
    assert response.http_headers.protocol == "HTTP/1.1"
    assert response.http_headers.statusline == "200 OK"
    # The stored payload is the compressed body, as the server sent it.
    assert response.stored_payload == GZIP_BODY
    assert response.http_headers.get_header("Content-Encoding") == "gzip"
    assert response.http_headers.get_header("Transfer-Encoding") is None
    assert response.http_headers.get_header("Content-Length") == str(len(GZIP_BODY))


def test_repeated_headers_are_all_kept_in_order() -> None:
    response, _ = round_trip(exchange())
    cookies = [v for n, v in response.http_headers.headers if n == "Set-Cookie"]
    assert cookies == ["a=1; Path=/", "b=2; Path=/"]


def test_stale_content_length_is_replaced_in_place() -> None:
    ex = exchange(
        response_headers=[(b"Content-Length", b"9999"), (b"Content-Type", b"text/plain")],
        body=b"short",
        truncated="disconnect",
    )
    response, _ = round_trip(ex)
    assert response.http_headers.headers == [
        ("Content-Length", "5"),
        ("Content-Type", "text/plain"),
    ]
    assert response.rec_headers.get_header("WARC-Truncated") == "disconnect"


def test_only_one_content_length_even_if_several_were_sent() -> None:
    headers = [(b"Content-Length", b"3"), (b"Content-Length", b"3")]
    assert normalise_response_headers(headers, b"abc") == [("Content-Length", "3")]


def test_no_body_responses_keep_their_content_length() -> None:
    # A HEAD answer or a 304 has no body, and its Content-Length describes the resource.
    headers = [(b"Content-Length", b"1234")]
    assert normalise_response_headers(headers, b"", method="HEAD") == [("Content-Length", "1234")]
    assert normalise_response_headers(headers, b"", status=304) == [("Content-Length", "1234")]


def test_header_bytes_are_stored_exactly() -> None:
    # warcio would %-encode a non-ASCII value; the archive keeps the bytes as received.
    ex = exchange(
        response_headers=[(b"Content-Disposition", b'attachment; filename="caf\xc3\xa9.txt"')],
        body=b"x",
    )
    records = build_exchange_records(ex)
    buffer = BytesIO()
    WARCWriter(buffer, gzip=False, warc_version="1.1").write_record(records.response)
    assert b'Content-Disposition: attachment; filename="caf\xc3\xa9.txt"\r\n' in (buffer.getvalue())


def test_request_record_has_request_line_host_first_and_link_to_response() -> None:
    _, request = round_trip(exchange())
    assert request.rec_type == "request"
    assert request.rec_headers.get_header("WARC-Record-ID") == REQUEST_ID
    assert request.rec_headers.get_header("WARC-Concurrent-To") == RESPONSE_ID
    assert request.rec_headers.get_header("WARC-Date") == "2026-11-24T17:11:04.123456Z"
    assert request.rec_headers.get_header("WARC-IP-Address") == "93.184.216.34"
    assert request.rec_headers.get_header("WARC-Target-URI") == (
        "http://example.org/news/item?id=7&lang=en"
    )
    assert request.http_headers.protocol == "GET"
    assert request.http_headers.statusline == "/news/item?id=7&lang=en HTTP/1.1"
    assert request.http_headers.headers == [
        ("Host", "example.org"),
        ("Accept", "text/html"),
        ("User-Agent", "topten-crawler/test"),
        ("Accept-Encoding", "gzip, deflate"),
    ]
    assert request.stored_payload == b""


def test_request_body_is_stored_with_its_length() -> None:
    _, request = round_trip(exchange(method="POST", request_body=b"q=1"))
    assert request.http_headers.protocol == "POST"
    assert request.http_headers.get_header("Content-Length") == "3"
    assert request.stored_payload == b"q=1"


def test_digests_match_stored_bytes() -> None:
    response, _ = round_trip(exchange())
    digest = base64.b32encode(hashlib.sha1(GZIP_BODY).digest()).decode()
    assert response.rec_headers.get_header("WARC-Payload-Digest") == f"sha1:{digest}"
    assert response.rec_headers.get_header("WARC-Block-Digest").startswith("sha1:")


def test_no_ip_address_header_when_unknown() -> None:
    response, request = round_trip(exchange(ip_address=None))
    assert response.rec_headers.get_header("WARC-IP-Address") is None
    assert request.rec_headers.get_header("WARC-IP-Address") is None


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://example.org/", "example.org"),
        ("http://example.org:80/", "example.org"),
        ("https://example.org:443/a", "example.org"),
        ("http://example.org:8080/a", "example.org:8080"),
        ("https://example.org:80/a", "example.org:80"),
        ("http://user:pw@example.org:81/", "example.org:81"),
        ("http://[::1]:8080/", "[::1]:8080"),
        ("http://[::1]/", "[::1]"),
    ],
)
def test_host_header(url: str, host: str) -> None:
    assert host_header(url) == host


def test_request_target() -> None:
    assert request_target("http://example.org") == "/"
    assert request_target("http://example.org/a/b?x=1&y=%20#frag") == "/a/b?x=1&y=%20"


def test_reason_phrase() -> None:
    assert reason_phrase(301) == "Moved Permanently"
    assert reason_phrase(599) == "Unknown"


def test_unknown_status_gets_unknown_reason() -> None:
    response, _ = round_trip(exchange(status=599, body=b"", response_headers=[]))
    assert response.http_headers.statusline == "599 Unknown"


def test_warcinfo_record() -> None:
    info = CrawlInfo(
        crawl_id="20261124T171104Z-3f9a",
        seeds=["https://example.org/", "https://example.org/archive"],
        config={"USER_AGENT": "topten-crawler/test", "ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": 0.5},
        software="topten-crawler/0.1.0 warcio/1.8.1 scrapy/2.19.0",
        hostname="crawler-1",
    )
    record = build_warcinfo_record(
        info, filename="topten-x.warc.gz", date=DATE, record_id=RESPONSE_ID
    )
    buffer = BytesIO()
    WARCWriter(buffer, gzip=True, warc_version="1.1").write_record(record)
    buffer.seek(0)
    loaded = next(iter(ArchiveIterator(buffer)))
    assert loaded.rec_type == "warcinfo"
    assert loaded.rec_headers.protocol == "WARC/1.1"
    assert loaded.rec_headers.get_header("WARC-Filename") == "topten-x.warc.gz"
    assert loaded.rec_headers.get_header("Content-Type") == "application/warc-fields"
    # Read before the iterator moves on: it consumes the rest of the record when it does.
    text = loaded.content_stream().read().decode("utf-8")
    fields = [line.split(": ", 1) for line in text.splitlines()]
    values: dict[str, list[str]] = {}
    for name, value in fields:
        values.setdefault(name, []).append(value)
    assert values["software"] == ["topten-crawler/0.1.0 warcio/1.8.1 scrapy/2.19.0"]
    assert values["format"] == [WARC_FORMAT]
    assert values["conformsTo"][0].startswith("http://iipc.github.io/warc-specifications/")
    assert values["isPartOf"] == ["20261124T171104Z-3f9a"]
    assert values["hostname"] == ["crawler-1"]
    assert values["seed"] == ["https://example.org/", "https://example.org/archive"]
    assert values["robots"] == ["obey"]
    assert values["http-header-user-agent"] == ["topten-crawler/test"]
    assert '"DOWNLOAD_DELAY": 0.5' in values["crawl-config"][0]
    assert values["http-headers"] == [HEADER_PROVENANCE]


def test_default_software_names_the_libraries() -> None:
    software = CrawlInfo(crawl_id="x").software
    assert software.startswith("topten-crawler/")
    assert " warcio/" in software
    assert " scrapy/" in software
