"""The conditional-request middleware, driven directly over a store and an earlier WARC."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy import Spider
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler

from topten_crawler.archive.records import CrawlInfo, HttpExchange
from topten_crawler.archive.revisits import FROM_ARCHIVE_FLAG, RevisitingArchiver
from topten_crawler.archive.writer import RotatingWarcWriter
from topten_crawler.crawlfolder.state import CrawlState
from topten_crawler.downloadermiddlewares.conditional import ConditionalRequestMiddleware
from topten_crawler.request_meta import CONDITIONAL

URL = "http://site.test/post/"
PAGE = b"<html><body><h1>Archived</h1></body></html>"


class OneSpider(Spider):
    name = "one"


def archive_day1(archive_dir: Path, headers: list[tuple[bytes, bytes]]) -> None:
    store = CrawlState.open(archive_dir)
    with RotatingWarcWriter(
        archive_dir / "day1" / "warc", CrawlInfo(crawl_id="day1"), root=archive_dir / "day1"
    ) as writer:
        RevisitingArchiver(writer, store, archive_dir, "day1").archive(
            HttpExchange(
                url=URL,
                date=datetime(2026, 11, 24, tzinfo=UTC),
                response_headers=headers,
                body=gzip.compress(PAGE, mtime=0),
            )
        )
    store.release()


def middleware(archive_dir: Path, **settings: Any) -> tuple[ConditionalRequestMiddleware, Any]:
    values = {"TOPTEN_OUTPUT_DIR": str(archive_dir), "TOPTEN_CRAWL_ID": "day2", **settings}
    crawler = get_crawler(OneSpider, values)
    return ConditionalRequestMiddleware.from_crawler(crawler), crawler


@pytest.fixture
def day2(tmp_path: Path) -> Any:
    archive_day1(
        tmp_path,
        [
            (b"Content-Type", b"text/html; charset=UTF-8"),
            (b"Content-Encoding", b"gzip"),
            (b"Etag", b'"abc"'),
            (b"Set-Cookie", b"a=1"),
            (b"Set-Cookie", b"b=2"),
        ],
    )
    mw, crawler = middleware(tmp_path)
    yield mw, crawler
    mw.spider_closed()


@pytest.mark.parametrize("name", ["TOPTEN_CONDITIONAL_REQUESTS", "TOPTEN_STATE_ENABLED"])
def test_off_raises_not_configured(tmp_path: Path, name: str) -> None:
    with pytest.raises(NotConfigured):
        middleware(tmp_path, **{name: False})


def test_validators_are_added_for_an_archived_url_only(day2: Any) -> None:
    mw, crawler = day2
    known, other = Request(URL), Request("http://site.test/other/")
    mw.process_request(known)
    mw.process_request(other)
    assert known.headers.get("If-None-Match") == b'"abc"'
    assert known.meta[CONDITIONAL] == URL
    assert b"If-None-Match" not in other.headers
    assert CONDITIONAL not in other.meta
    assert crawler.stats.get_value("topten/conditional/requests") == 1


def test_a_redirected_request_drops_validators_of_another_url(day2: Any) -> None:
    mw, _ = day2
    request = Request(URL)
    mw.process_request(request)
    moved = request.replace(url="http://site.test/moved/")
    mw.process_request(moved)
    assert b"If-None-Match" not in moved.headers
    assert CONDITIONAL not in moved.meta


def test_304_is_replaced_by_the_archived_200(day2: Any) -> None:
    mw, crawler = day2
    request = Request(URL)
    mw.process_request(request)
    not_modified = Response(
        URL, status=304, headers={"Etag": '"abc"', "Date": "Wed, 25 Nov 2026 06:00:00 GMT"}
    )
    replaced = mw.process_response(request, not_modified)
    assert replaced.status == 200
    assert FROM_ARCHIVE_FLAG in replaced.flags
    # As archived: still compressed, for HttpCompressionMiddleware below to decode.
    assert gzip.decompress(replaced.body) == PAGE
    assert replaced.headers.get("Content-Encoding") == b"gzip"
    assert replaced.headers.get("Date") == b"Wed, 25 Nov 2026 06:00:00 GMT"
    assert replaced.headers.getlist("Set-Cookie") == [b"a=1", b"b=2"]
    assert replaced.request is request
    assert crawler.stats.get_value("topten/conditional/not_modified") == 1
    # Then down the chain as any response off the wire: decoded, typed as HTML.
    decoded = HttpCompressionMiddleware.from_crawler(crawler).process_response(request, replaced)
    assert isinstance(decoded, HtmlResponse)
    assert decoded.body == PAGE


def test_a_full_answer_passes_through(day2: Any) -> None:
    mw, crawler = day2
    request = Request(URL)
    mw.process_request(request)
    fresh = HtmlResponse(URL, status=200, body=b"<html>new</html>")
    assert mw.process_response(request, fresh) is fresh
    assert crawler.stats.get_value("topten/conditional/modified") == 1
    unasked = Request("http://site.test/other/")
    lone = Response(unasked.url, status=304)
    assert mw.process_response(unasked, lone) is lone
