"""The Scrapy adapter, driven directly (no reactor): settings, skips, errors, stats, meta."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy import Spider
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from topten_crawler.crawlfolder.run import CrawlRun, recorded_settings
from topten_crawler.extensions.warc import (
    WarcArchiveExtension,
    exchange_from_scrapy,
    truncation_reason,
)
from topten_crawler.request_meta import WARC_POINTER


class SeedSpider(Spider):
    name = "seeds"


SEEDS = ("http://example.org/", "http://example.org/b")


def make_extension(tmp_path: Path, **settings: Any) -> tuple[WarcArchiveExtension, Any]:
    values = {"TOPTEN_OUTPUT_DIR": str(tmp_path), "TOPTEN_CRAWL_ID": "crawl-1"}
    values.update(settings)
    crawler = get_crawler(SeedSpider, values)
    extension = WarcArchiveExtension.from_crawler(crawler)
    # The spider sets the run's seeds before the first response; the warcinfo names them.
    CrawlRun.from_crawler(crawler).set_seeds(SEEDS)
    return extension, crawler


def make_response(url: str = "http://example.org/a?b=1", **kwargs: Any) -> Response:
    values: dict[str, Any] = {
        "status": 200,
        "headers": {"Content-Type": "text/plain", "Set-Cookie": ["a=1", "b=2"]},
        "body": b"hello",
        "protocol": "HTTP/1.1",
        "ip_address": ipaddress.ip_address("127.0.0.1"),
    }
    values.update(kwargs)
    return Response(url, **values)


def test_disabled_raises_not_configured(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        make_extension(tmp_path, TOPTEN_WARC_ENABLED=False)
    assert not (tmp_path / "crawl-1").exists()  # no crawl folder made for nothing


def test_exchange_is_written_and_pointer_stored(tmp_path: Path) -> None:
    extension, crawler = make_extension(tmp_path, TOPTEN_WARC_PREFIX="news")
    spider = SeedSpider()
    request = Request("http://example.org/a?b=1", headers={"User-Agent": "ua"})
    extension.response_downloaded(make_response(request=request), request, spider)
    extension.spider_closed(spider, "finished")

    pointer = request.meta[WARC_POINTER]
    assert set(pointer) == {"file", "offset", "record_id"}
    assert pointer["file"].startswith("warc/news-")
    stats = crawler.stats.get_stats()
    assert stats["warc/exchanges"] == 1
    assert stats["warc/records"] == 3
    assert stats["warc/files"] == [pointer["file"]]
    path = tmp_path / "crawl-1" / pointer["file"]
    assert stats["warc/bytes"] == path.stat().st_size
    with path.open("rb") as fh:
        records = ArchiveIterator(fh)
        info = next(iter(records))
        text = info.content_stream().read().decode()
        assert "seed: http://example.org/\r\nseed: http://example.org/b\r\n" in text
        assert "isPartOf: crawl-1\r\n" in text
        fh.seek(pointer["offset"])
        response = next(iter(ArchiveIterator(fh)))
        assert response.rec_headers.get_header("WARC-Record-ID") == pointer["record_id"]
        assert response.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"


def test_cached_responses_are_skipped(tmp_path: Path) -> None:
    extension, crawler = make_extension(tmp_path)
    request = Request("http://example.org/")
    extension.response_downloaded(make_response(flags=["cached"]), request, SeedSpider())
    extension.spider_closed(SeedSpider(), "finished")
    assert WARC_POINTER not in request.meta
    assert crawler.stats.get_value("warc/skipped/cached") == 1
    assert crawler.stats.get_value("warc/files") == []
    assert not (tmp_path / "crawl-1" / "warc").exists()


def test_non_http_responses_are_skipped(tmp_path: Path) -> None:
    extension, crawler = make_extension(tmp_path)
    request = Request("data:,hello")
    extension.response_downloaded(Response("data:,hello", body=b"hello"), request, SeedSpider())
    assert crawler.stats.get_value("warc/skipped/scheme") == 1


def test_write_error_is_logged_and_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    extension, crawler = make_extension(tmp_path)
    spider = SeedSpider()
    good = Request("http://example.org/good")
    extension.response_downloaded(make_response(good.url), good, spider)
    writer = extension.writer
    assert writer is not None

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "write_exchange", fail)
    bad = Request("http://example.org/bad")
    extension.response_downloaded(make_response(bad.url, body=b"other"), bad, spider)
    monkeypatch.undo()
    extension.spider_closed(spider, "finished")

    assert WARC_POINTER not in bad.meta
    assert crawler.stats.get_value("warc/errors") == 1
    assert crawler.stats.get_value("warc/exchanges") == 1
    assert "Could not archive http://example.org/bad" in caplog.text
    (path,) = writer.files
    with path.open("rb") as fh:
        kinds = [record.rec_type for record in ArchiveIterator(fh)]
    assert kinds == ["warcinfo", "response", "request"]


def test_exchange_from_scrapy_keeps_every_header_value() -> None:
    request = Request(
        "http://example.org/p?q=1#frag", headers={"Accept": "text/html", "Proxy-Authorization": "x"}
    )
    response = make_response("http://example.org/p?q=1", flags=["dataloss"])
    exchange = exchange_from_scrapy(response, request, date=datetime.now(UTC))
    assert exchange.response_headers == [
        (b"Content-Type", b"text/plain"),
        (b"Set-Cookie", b"a=1"),
        (b"Set-Cookie", b"b=2"),
    ]
    # A proxy credential never went to the archived server: it is not archived.
    assert [name for name, _ in exchange.request_headers] == [b"Accept"]
    assert exchange.ip_address == "127.0.0.1"
    assert exchange.protocol == "HTTP/1.1"
    assert exchange.truncated == "disconnect"


@pytest.mark.parametrize(
    ("flags", "reason"),
    [
        ([], None),
        (["partial"], None),
        (["dataloss"], "disconnect"),
        (["download_stopped"], "unspecified"),
    ],
)
def test_truncation_reason(flags: list[str], reason: str | None) -> None:
    assert truncation_reason(flags) == reason


def test_the_run_records_the_settings_that_matter(tmp_path: Path) -> None:
    _, crawler = make_extension(tmp_path, TOPTEN_MAX_POSTS=5, DOWNLOAD_DELAY=0.25)
    config = CrawlRun.from_crawler(crawler).config
    assert config == recorded_settings(crawler.settings)
    assert config["DOWNLOAD_DELAY"] == 0.25
    assert config["TOPTEN_MAX_POSTS"] == 5
    assert config["TOPTEN_CRAWL_ID"] == "crawl-1"
    assert isinstance(config["DEFAULT_REQUEST_HEADERS"], dict)
    for name in ("USER_AGENT", "ROBOTSTXT_OBEY", "AUTOTHROTTLE_ENABLED", "CONCURRENT_REQUESTS"):
        assert name in config
