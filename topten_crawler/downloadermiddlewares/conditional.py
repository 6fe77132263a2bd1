"""Conditional requests for what the archive holds, and the archived page in place of a 304."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from topten_crawler.archive.records import target_uri, updated_headers
from topten_crawler.archive.revisits import FROM_ARCHIVE_FLAG, load_original, validators
from topten_crawler.crawlfolder.run import CrawlRun
from topten_crawler.crawlfolder.state import CrawlState
from topten_crawler.pages.archived import scrapy_headers
from topten_crawler.request_meta import CONDITIONAL

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

VALIDATOR_HEADERS = (b"If-None-Match", b"If-Modified-Since")


def _header_text(headers: Headers) -> list[tuple[str, str]]:
    pairs = []
    for name in headers:
        for value in headers.getlist(name):
            pairs.append((bytes(name).decode("latin-1"), bytes(value).decode("latin-1")))
    return pairs


class ConditionalRequestMiddleware:
    """Asks the server whether a page changed since the archive captured it.

    ``process_request``: a GET for a URL whose last capture in the archive folder's
    crawl-state store had an ``ETag`` or ``Last-Modified`` (digest pages, sources, requisites
    alike) gets ``If-None-Match`` / ``If-Modified-Since`` and ``request_meta.CONDITIONAL``; the
    WARC extension then writes a 304 as a ``server-not-modified`` revisit
    (``archive/revisits.py``). A redirect's new request loses validators of another URL.

    ``process_response``: the 304 is replaced by the original 200 read from the earlier WARC
    (its headers updated from the 304, its body as archived, still compressed) and flagged
    ``topten_from_archive``, so the spider extracts its record as from any 200, and the WARC
    extension never archives it again. Placed above HttpCompressionMiddleware (590) in
    ``DOWNLOADER_MIDDLEWARES``, so that its responses run through the decompression and every
    middleware below it, as a response off the wire would.

    Settings, read once: ``TOPTEN_CONDITIONAL_REQUESTS``, ``TOPTEN_STATE_ENABLED`` and
    ``TOPTEN_WARC_ENABLED`` (NotConfigured unless all are on: without the WARC and the store
    there is no original to answer a 304 with). Stats: ``topten/conditional/requests``,
    ``topten/conditional/not_modified``, ``topten/conditional/modified`` (a full answer to a
    conditional request), ``topten/conditional/unresolved`` (a 304 without an archived
    original: passed on as it is).
    """

    def __init__(self, crawler: Crawler, store: CrawlState, archive_dir: Path) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.store = store
        self.archive_dir = archive_dir

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        settings = crawler.settings
        for name in ("TOPTEN_CONDITIONAL_REQUESTS", "TOPTEN_STATE_ENABLED", "TOPTEN_WARC_ENABLED"):
            if not settings.getbool(name, True):
                raise NotConfigured(f"{name} is off")
        run = CrawlRun.from_crawler(crawler)
        archive_dir = run.directory.parent
        middleware = cls(crawler, CrawlState.open(archive_dir), archive_dir)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> None:
        if request.meta.get(CONDITIONAL) is not None:
            # Copied from another request (a redirect, a retry): ask afresh for this URL.
            for validator in VALIDATOR_HEADERS:
                request.headers.pop(validator, None)
            del request.meta[CONDITIONAL]
        if request.method != "GET" or any(v in request.headers for v in VALIDATOR_HEADERS):
            return
        found = validators(self.store, target_uri(request.url))
        if not found:
            return
        for name, value in found.items():
            request.headers[name.encode("latin-1")] = value.encode("latin-1")
        request.meta[CONDITIONAL] = request.url
        self.stats.inc_value("topten/conditional/requests")

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(CONDITIONAL) != request.url:
            return response
        if response.status != 304:
            self.stats.inc_value("topten/conditional/modified")
            return response
        original = load_original(self.store, self.archive_dir, target_uri(request.url))
        if original is None:
            self.stats.inc_value("topten/conditional/unresolved")
            logger.warning("304 for %s, but no archived original to stand for", request.url)
            return response
        self.stats.inc_value("topten/conditional/not_modified")
        headers = scrapy_headers(updated_headers(original.headers, _header_text(response.headers)))
        response_class = responsetypes.from_args(headers=headers, url=response.url)
        return response_class(
            url=response.url,
            status=original.status,
            headers=headers,
            body=original.body,
            request=request,
            flags=[*response.flags, FROM_ARCHIVE_FLAG],
            certificate=response.certificate,
            ip_address=response.ip_address,
            protocol=response.protocol,
        )

    def spider_closed(self) -> None:
        self.store.release()
