"""A continued crawl gets what its killed run archived from the archive, not the network."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.responsetypes import responsetypes

from topten_crawler.archive.readback import StoredResponse, index_responses, read_stored
from topten_crawler.archive.revisits import FROM_ARCHIVE_FLAG
from topten_crawler.crawlfolder.run import CrawlRun
from topten_crawler.crawlfolder.state import CrawlState
from topten_crawler.pages.archived import scrapy_headers
from topten_crawler.request_meta import WARC_DATE, WARC_POINTER

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler


class ArchivedResponsesMiddleware:
    """Answers a resumed crawl's requests from the responses its earlier run archived.

    Enabled when the crawl's :class:`CrawlRun` continues a killed crawl (``TOPTEN_RESUME``);
    NotConfigured otherwise. A request for a URL the crawl archived gets that response (the
    next one, for a URL archived more than once, as a retry did), read back from the WARC with
    its pointer in ``request_meta.WARC_POINTER``: nothing is fetched or archived twice, and the
    spider sees every page again, so the links it found before are found again. Requests for
    anything else go to the network as usual. Stats: ``topten/resume/from_archive``, and at
    the start ``topten/resume/count`` (how often the crawl was continued),
    ``topten/resume/bytes_cut`` (torn bytes cut from its files, in all), and the records the
    earlier runs wrote, added to ``topten/records/written/<type>``.
    """

    def __init__(self, crawler: Crawler, run: CrawlRun) -> None:
        self.crawler = crawler
        self.run = run
        self.root = run.folder.path
        self.archive_dir = run.folder.path.parent
        self.captures = index_responses(self.root, run.folder.closed_warcs())
        self._served: dict[str, int] = defaultdict(int)
        self._store: CrawlState | None = None

    def _original(self, digest: str) -> tuple[Path, int] | None:
        """Where the original of a revisit's payload lies (the archive folder's store)."""
        if self._store is None:
            self._store = CrawlState.open(self.archive_dir)
        original = self._store.original(digest)
        return None if original is None else (self.archive_dir / original.file, original.offset)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivedResponsesMiddleware:
        run = CrawlRun.from_crawler(crawler)
        if run.progress is None:
            raise NotConfigured("not a resumed crawl")
        middleware = cls(crawler, run)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_closed(self) -> None:
        if self._store is not None:
            self._store.release()
            self._store = None

    def spider_opened(self) -> None:
        resumes = self.run.resumes
        cut = 0
        for resume in resumes:
            jsonl_cuts = resume.get("jsonl_bytes_cut") or {}
            cut += int(resume.get("warc_bytes_cut", 0) or 0)  # type: ignore[call-overload]
            cut += sum(jsonl_cuts.values()) if isinstance(jsonl_cuts, dict) else 0
        self.crawler.stats.set_value("topten/resume/count", len(resumes))
        self.crawler.stats.set_value("topten/resume/bytes_cut", cut)
        # The records file holds the earlier runs' records too: the counts (and the verdict,
        # "no post was found") are of the whole crawl, not of its last run alone.
        progress = self.run.progress
        if progress is not None:
            stats = self.crawler.stats
            stats.inc_value("topten/records/written/post", len(progress.citations))
            stats.inc_value("topten/records/written/source", len(progress.written_sources))
            for (kind, change), count in progress.changes.items():
                stats.inc_value(f"topten/changes/{kind}/{change}", count)

    def process_request(self, request: Request) -> Response | None:
        captures = self.captures.get(request.url)
        if request.method != "GET" or not captures:
            return None
        served = self._served[request.url]
        if served >= len(captures):
            return None  # every archived answer given: the rest comes from the network
        self._served[request.url] = served + 1
        try:
            return self._response(captures[served], request)
        except LookupError:
            # A revisit whose original is gone from the archive: fetch the page afresh.
            self.crawler.stats.inc_value("topten/resume/original_missing")
            return None

    def _response(self, capture: StoredResponse, request: Request) -> Response:
        archived = read_stored(self.root, capture, self._original)
        headers = scrapy_headers(archived.headers)
        response_class = responsetypes.from_args(headers=headers, url=archived.uri)
        request.meta[WARC_POINTER] = capture.as_pointer()
        request.meta[WARC_DATE] = archived.date
        self.crawler.stats.inc_value("topten/resume/from_archive")
        return response_class(
            url=archived.uri,
            status=archived.status,
            headers=headers,
            body=archived.body,
            request=request,
            flags=[FROM_ARCHIVE_FLAG],
        )
