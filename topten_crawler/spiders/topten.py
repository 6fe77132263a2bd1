"""The ``topten`` spider: crawl policy only. Where to start, what to follow, what becomes a record.

Every post is found through several paths, so that one missing path (a sitemap plugin turned
off, a feed that lists only ten posts) loses nothing: the home page and its pagination, the
category archives, the Yoast sitemaps and the RSS feed. Every URL is fetched in its normal form
(``urls.normal_url``: no tracking parameters, no fragment) and each page of the site once under
all its spellings (``DigestSite.page_key``); redirects (``/?p=ID``) end on a URL that Scrapy's
duplicate filter has seen, and a post that still arrives twice under two URLs is recognised by
its canonical URL.

Bounded work per page: at most ``TOPTEN_MAX_LINKS_PER_PAGE`` links are read from a page; a page
that is no post (a listing) has its links followed only while it shows a post that no listing
earlier in its own chain showed (the listings whose links led to it: page 1, 2 ... of its walk,
so that the outcome does not depend on which extraction completes first), and for at most
``TOPTEN_MAX_LISTING_PAGES`` pages; URLs that look like traps (``urls.trap_reason``) are not
followed. Every cut is counted (``topten/cut/<reason>``) and listed in the manifest with where
it happened.

Extraction is the page classes' (``pages/``); the crawl's identity, folder and failures are the
:class:`CrawlRun`'s; each kind of request's priority and callbacks are :class:`RequestKind`'s.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.http import Response, TextResponse

from topten_crawler import request_meta as meta
from topten_crawler.crawlfolder.citations import CitationLedger
from topten_crawler.crawlfolder.files import UnwritableOutput, write_atomically
from topten_crawler.crawlfolder.folder import outlet_boilerplate_reports
from topten_crawler.crawlfolder.run import CrawlRun, Cut, isoformat_utc, utc_now
from topten_crawler.crawlfolder.state import archived_post_urls
from topten_crawler.errors import failure_reason
from topten_crawler.extraction import jobs
from topten_crawler.extraction.jobs import Fetched, PageExtraction
from topten_crawler.faults import page_fault, url_fault
from topten_crawler.items import Capture, PostRecord, SourceRecord
from topten_crawler.pages.feeds import UnreadableList
from topten_crawler.pages.source import OutletBoilerplate
from topten_crawler.reasons import Reason, reason_named
from topten_crawler.rules.site_urls import FEED_PATHS, SITEMAP_PATHS
from topten_crawler.spiders.extraction import ExtractionFailed, Extractor, cancelled
from topten_crawler.spiders.params import ToptenParams
from topten_crawler.spiders.request_kinds import RequestKind
from topten_crawler.spiders.requisites import FollowsRequisites
from topten_crawler.urls import DigestSite, UrlKind, normal_url, trap_reason

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

FLUSH_URL = "data:,flush-source-records"
Listed = TypeVar("Listed")


class ToptenSpider(FollowsRequisites, Spider):
    """Crawl the digest site of each seed; one record per post and per source a post cites.

    Arguments (``-a NAME=VALUE``) and settings: see :class:`ToptenParams`, read once.

    Sources are followed one hop off the digest site, never further: each distinct cited URL
    is fetched once, and its record (or error record) is written when the site crawl is done,
    listing every post that cites it.
    """

    name = "topten"
    # What reads a page of the site (a test spider swaps in one that hangs or dies).
    page_job: Callable[..., PageExtraction] = staticmethod(jobs.extract_page)
    params: ToptenParams
    run: CrawlRun
    ledger: CitationLedger
    extractor: Extractor

    def __init__(self, **kwargs: Any) -> None:
        self._arguments = {name: kwargs.pop(name, None) for name in ToptenParams.ARGUMENTS}
        super().__init__(**kwargs)
        self._posts_recorded: set[str] = set()
        self._recorded_before: set[str] = set()
        self._archived_posts: set[str] = set()
        self._requisites_seen: set[str] = set()
        self.outlet_boilerplate = OutletBoilerplate()
        # Page keys (``DigestSite.page_key``) of the site's pages asked for; and per listing
        # page, the listing that linked it and the candidates it showed (a listing showing none
        # that its chain did not show ends its walk).
        self._site_pages: set[str] = set()
        self._listings: dict[str, tuple[str | None, frozenset[str]]] = {}
        self._listing_pages: dict[str, int] = {}
        self._cut_urls: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ToptenSpider:
        spider: ToptenSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.params = ToptenParams.from_arguments(crawler.settings, **spider._arguments)
        spider.run = CrawlRun.from_crawler(crawler)
        spider.run.set_seeds(spider.params.seeds)
        spider.ledger = CitationLedger(spider.run.folder.pending_sources_file)
        # What earlier crawls of the archive (and this one's killed run) learned of outlets'
        # boilerplate holds now too, so that a source's text does not change with the set of
        # its outlet's articles this crawl happens to fetch.
        for report in outlet_boilerplate_reports(spider.run.folder.path.parent):
            spider.outlet_boilerplate.remember(report)
        spider.extractor = Extractor.from_crawler(crawler)
        if spider.run.progress is not None:  # a resumed crawl: what its killed run did stays done
            spider._recorded_before = {
                spider.run.site_of(url).page_key(url) for url in spider.run.progress.recorded_posts
            }
            spider.ledger.recover(spider.run.progress.citations, spider.run.progress.held_sources)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.on_robots_parsed, signal=signals.robots_parsed)
        return spider

    def _request(
        self, kind: RequestKind, url: str, site: DigestSite | None = None, **more_meta: Any
    ) -> Request:
        """A request of its kind; ``site``: the digest site a site page belongs to."""
        request_meta: dict[str, Any] = {meta.REQUEST_KIND: kind.name, **more_meta}
        if kind.spec.site_page and site is not None:
            request_meta[meta.SITE_PAGE] = site.seed
        return Request(
            url,
            callback=getattr(self, kind.spec.callback),
            errback=self.on_source_error if kind is RequestKind.SOURCE else self.on_error,
            priority=kind.spec.priority,
            dont_filter=kind.spec.refetch,
            meta=request_meta,
        )

    def _site_request(
        self, kind: RequestKind, url: str, site: DigestSite, listed_by: str | None = None
    ) -> Request | None:
        """A request for a page of the site in its normal form; None when one of its
        spellings was asked for already. ``listed_by``: the URL of the listing linking it."""
        key = site.page_key(url)
        if key in self._site_pages:
            return None
        self._site_pages.add(key)
        if listed_by is None:
            return self._request(kind, normal_url(url), site)
        return self._request(kind, normal_url(url), site, **{meta.LISTED_BY: listed_by})

    # --- Start ----------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        self.crawler.stats.set_value("topten/seeds", len(self.run.seeds))
        for site in self.run.sites:
            self._site_pages.add(site.page_key(site.seed))
            yield self._request(RequestKind.SEED, site.seed, site)
            for path in SITEMAP_PATHS:
                yield self._request(RequestKind.SITEMAP, site.url(path), site)
            for path in FEED_PATHS:
                yield self._request(RequestKind.FEED, site.url(path), site)
        if self.run.progress is not None and self.params.follow_sources:
            for url in self.run.progress.unfetched_sources():  # cited before the kill
                if (request := self._source_request(normal_url(url))) is not None:
                    yield request
        # Every post the archive folder holds is asked for again, linked or not: one deleted
        # since is recorded as gone (on_error), one still there as unchanged or changed.
        self._archived_posts = set(archived_post_urls(self.crawler.settings, self.run))
        for url in sorted(self._archived_posts):
            if self.run.owns(url):
                request = self._site_request(RequestKind.PAGE, url, self.run.site_of(url))
                if request is not None:
                    yield request

    # --- Pages of the site ----------------------------------------------------------------------
    async def parse_page(self, response: Response) -> AsyncIterator[Request | PostRecord]:
        fault = page_fault(response.body, isinstance(response, TextResponse))
        if fault is not None or not isinstance(response, TextResponse):
            # A page of the site that answers nothing, or a file, is a failure of its own URL.
            for gone in self._page_failed(
                self._kind(response.meta), _asked_url(response), fault or Reason.NOT_HTML, response
            ):
                yield gone
            return
        site = self.run.site_of(response.url, response.meta.get(meta.SITE_PAGE))
        capture = self._capture(response)
        requisites = self.params.fetch_requisites
        try:
            page = await self.extractor.run(
                self.page_job,
                Fetched.of(response),
                site,
                capture,
                requisites,
                self.params.max_links_per_page,
            )
        except ExtractionFailed as failed:
            if not cancelled(failed):  # a page of the site that could not be read is listed
                reason = Reason(failed.reason)
                kind = self._kind(response.meta)
                for gone in self._page_failed(kind, _asked_url(response), reason, response):
                    yield gone
            return
        if page.is_post:
            self._count("topten/pages/post")
            record = self._new_post(page, response)
            if record is not None:
                yield record
                for request in self._follow_citations(record):
                    yield request
                if self._post_limit_reached():
                    # Queued site pages are dropped from here on (PostLimitMiddleware); the
                    # sources already cited are still fetched and written.
                    self.run.post_limit_reached = True
        else:
            self._count("topten/pages/not_post")
        for request in self._requisite_requests(page.requisites, depth=0):
            yield request
        if page.links_cut:
            self._cut("links_per_page", response.url, page.links_cut)
        if not self._post_limit_reached():
            listed_by = response.meta.get(meta.LISTED_BY)
            links = self._follow_links(response.url, page.links, site, page.is_post, listed_by)
            for request in links:
                yield request

    def _new_post(self, page: PageExtraction, response: TextResponse) -> PostRecord | None:
        site = self.run.site_of(response.url, response.meta.get(meta.SITE_PAGE))
        key = site.page_key(page.canonical_url or response.url)
        if key in self._recorded_before or site.page_key(response.url) in self._recorded_before:
            self._count("topten/resume/posts_recorded_before")
            return None
        if key in self._posts_recorded:
            self._count("topten/posts/duplicate")
            logger.info("Post already recorded under its canonical URL: %s", response.url)
            return None
        if self._post_limit_reached():
            self._count("topten/posts/over_limit")
            return None
        self._posts_recorded.add(key)
        record = page.record
        if record is None:
            raise ValueError(f"a post page without its record: {response.url}")
        self._count_each("topten/extract/fallback/", record.fallbacks)
        self._count_each("topten/extract/problem/", page.problems)
        return record

    def _post_limit_reached(self) -> bool:
        limit, before = self.params.max_posts, self.run.progress
        done = len(self._posts_recorded) + (len(before.citations) if before else 0)
        return bool(limit) and done >= limit

    def _follow_links(
        self,
        page_url: str,
        links: list[str],
        site: DigestSite,
        is_post: bool,
        listed_by: str | None,
    ) -> Iterator[Request]:
        """The site's pages a page links to (``links``: in normal form, at most the page
        limit). A page that is no post is a listing (``listed_by``: the URL of the listing
        whose links asked for it): its links are followed while it shows a candidate that no
        listing earlier in its chain showed, and for at most ``max_listing_pages`` listings of
        the site."""
        candidates: list[str] = []
        listings: list[str] = []
        for url in links:
            kind = site.classify(url)
            if (
                kind is not UrlKind.SKIP
                and self._requestable(url)
                and not self._is_trap(url, page_url)
            ):
                (listings if kind is UrlKind.LISTING else candidates).append(url)
        listing = None if is_post else page_url
        if not is_post:
            listed = self._listing_pages.get(site.seed, 0) + 1
            self._listing_pages[site.seed] = listed
            if self.params.max_listing_pages and listed > self.params.max_listing_pages:
                self._cut("listing_pages", page_url, len(candidates) + len(listings))
                return
            shown = frozenset(site.page_key(url) for url in candidates)
            earlier = None if listed_by is None else site.page_key(listed_by)
            self._listings.setdefault(site.page_key(page_url), (earlier, shown))
            if not self._shows_new(shown, earlier):
                unfollowed = [u for u in listings if site.page_key(u) not in self._site_pages]
                if unfollowed:
                    self._cut("listing_exhausted", page_url, len(unfollowed))
                return
        for url in listings:
            request = self._site_request(RequestKind.LISTING, url, site, listing)
            if request is not None:
                yield request
        for url in candidates:
            request = self._site_request(RequestKind.PAGE, url, site, listing)
            if request is not None:
                yield request

    def _shows_new(self, shown: frozenset[str], listed_by: str | None) -> bool:
        """Whether a listing shows a candidate that none of the listings before it in its
        chain (page key ``listed_by``, the listing that linked that one, ...) showed."""
        unseen = set(shown)
        ancestor = listed_by
        # A listing's chain names only listings parsed before it, so it has no cycle; the step
        # bound guards the walk all the same.
        for _ in range(len(self._listings)):
            if not unseen or ancestor is None or ancestor not in self._listings:
                break
            ancestor, earlier = self._listings[ancestor]
            unseen -= earlier
        return bool(unseen)

    def _followed(
        self, kind: RequestKind, url: str, site: DigestSite, found_on: str
    ) -> Request | None:
        """A request for a URL of the site that a list names, unless it is a trap or known."""
        if self._is_trap(url, found_on):
            return None
        return self._site_request(kind, url, site)

    def _is_trap(self, url: str, found_on: str) -> bool:
        trap = trap_reason(url)
        if trap is not None and url not in self._cut_urls:
            self._cut_urls.add(url)
            self._cut(trap, url, found_on=found_on)
        return trap is not None

    def _cut(self, reason: str, url: str, count: int = 1, found_on: str | None = None) -> None:
        """Work not done on purpose: counted, and listed in the manifest."""
        self._count(f"topten/cut/{reason}", count)
        self.run.add_cut(Cut(url=url, reason=reason, count=count, found_on=found_on))
        logger.debug("Not followed (%s): %s links of %s", reason, count, url)

    # --- Sitemaps and feeds ---------------------------------------------------------------------
    async def parse_sitemap(self, response: Response) -> AsyncIterator[Request]:
        site = self.run.site_of(response.url, response.meta.get(meta.SITE_PAGE))
        found = await self._read_list(response, jobs.read_sitemap, "topten/discovery/sitemaps")
        if found is None:
            return
        if found.cut is not None:
            self._cut(found.cut, response.url)
        for url in (url for url in found.urls if site.owns(url) and self._requestable(url)):
            if found.is_index:
                yield self._request(RequestKind.SITEMAP, url, site)
            elif site.classify(url) is not UrlKind.SKIP:
                self._count("topten/discovery/sitemap_urls")
                request = self._followed(RequestKind.PAGE, url, site, response.url)
                if request is not None:
                    yield request

    async def parse_feed(self, response: Response) -> AsyncIterator[Request]:
        site = self.run.site_of(response.url, response.meta.get(meta.SITE_PAGE))
        found = await self._read_list(response, jobs.read_feed, "topten/discovery/feeds")
        if found is None:
            return
        if found.cut is not None:
            self._cut(found.cut, response.url)
        for url in found.urls:
            if site.classify(url) is UrlKind.SKIP or not self._requestable(url):
                continue
            self._count("topten/discovery/feed_urls")
            request = self._followed(RequestKind.PAGE, url, site, response.url)
            if request is not None:
                yield request

    async def _read_list(
        self, response: Response, reader: Callable[[str, bytes], Listed], stat: str
    ) -> Listed | None:
        """A sitemap's or feed's links; an unreadable one is a failure of discovery."""
        try:
            listed = await self.extractor.run(reader, response.url, response.body)
        except UnreadableList as unreadable:
            reason = reason_named(str(unreadable))
            self._record_failure(response.url, reason, "topten/discovery/failed")
            return None
        except ExtractionFailed as failed:
            if not cancelled(failed):
                self._record_failure(response.url, Reason(failed.reason), "topten/discovery/failed")
            return None
        self._count(stat)
        return listed

    def on_robots_parsed(self, robotparser: object, request: Request) -> None:
        """A robots.txt longer than the parser reads (``BoundedRobotParser``) is a cut."""
        cut_bytes = getattr(robotparser, "cut_bytes", 0)
        if cut_bytes:
            parts = urlsplit(request.url)
            robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
            self._cut("robots_txt_too_large", robots_url, cut_bytes)

    # --- Cited sources -------------------------------------------------------------------------
    def _follow_citations(self, record: PostRecord) -> Iterator[Request]:
        if not self.params.follow_sources:
            return
        for citation in record.citations:
            url = citation["url"]
            if not self.ledger.cite(url, record.url):
                self._count("topten/sources/cited_again")
                continue
            self._count("topten/sources/cited")
            if (request := self._source_request(normal_url(url))) is not None:
                yield request

    def _source_request(self, url: str) -> Request | None:
        """The request for a cited URL in its normal form (its record's ``url``); None when
        it cannot be asked (its record says so)."""
        if url_fault(url) is not None:
            self._source_failed(url, Reason.INVALID_URL, None)
            return None
        limits = self.params.source_limits
        return self._request(RequestKind.SOURCE, url, None, **{meta.CITED_URL: url}, **limits)

    async def parse_source(self, response: Response) -> AsyncIterator[Request]:
        cited_url = response.meta.get(meta.CITED_URL, response.url)
        capture = self._capture(response)
        requisites = self.params.fetch_requisites and isinstance(response, TextResponse)
        try:
            extracted = await self.extractor.run(
                jobs.extract_cited_source, Fetched.of(response), requisites
            )
        except ExtractionFailed as failed:
            if not cancelled(failed):
                # The source answered, but its page could not be read: a record that says why.
                self._source_failed(cited_url, Reason(failed.reason), response)
            return
        fields, found = extracted.fields, extracted.requisites
        self._count_each("topten/sources/fallback/", fields.fallbacks)
        self._count_each("topten/sources/problem/", fields.problems)
        self._count("topten/sources/fetched")
        self._hold(asdict(fields.to_record(cited_url, capture)))
        for request in self._requisite_requests(found, depth=0):
            yield request

    def on_source_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        cited_url = request.meta.get(meta.CITED_URL, request.url)
        response = getattr(failure.value, "response", None)
        self._source_failed(cited_url, self._reason(failure), response)

    def _source_failed(self, cited_url: str, reason: Reason, response: Response | None) -> None:
        self._count(f"topten/sources/error/{reason}")
        logger.info("Source %s: %s", cited_url, reason)
        capture = self._capture(response)
        self._hold(asdict(SourceRecord.failed(cited_url, reason, capture)))

    def _hold(self, record: dict[str, Any]) -> None:
        """Hand a source record to the spool; one that cannot be written there is counted and
        the crawl goes on, a spool the disk cannot take stops the crawl."""
        try:
            self.ledger.hold(record)
        except UnwritableOutput as error:
            self.run.output_unwritable(error)
        except (TypeError, ValueError) as error:
            self._count("topten/records/unwritable/source")
            logger.error("Source record %s cannot be written: %s", record["url"], error)

    def flush_sources(self, response: Response) -> Iterator[SourceRecord]:
        # Every held source is known now: what repeats across an outlet's articles is learned
        # before any of them is written.
        for held in self.ledger.held():
            self.outlet_boilerplate.learn(held)
        dropped_before = self.outlet_boilerplate.dropped
        for held in self.ledger.release():
            yield SourceRecord(**self.outlet_boilerplate.clean(held))
        report = self.outlet_boilerplate.report()
        self._count("topten/sources/boilerplate/blocks", report["blocks_dropped"] - dropped_before)
        self.crawler.stats.set_value("topten/sources/boilerplate/outlets", len(report["outlets"]))
        try:
            write_atomically(
                self.run.folder.outlet_boilerplate_file,
                json.dumps(report, ensure_ascii=False, indent=2) + "\n",
            )
        except OSError as error:  # a full disk: the crawl stops, as for any output
            path = self.run.folder.outlet_boilerplate_file
            self.run.output_unwritable(UnwritableOutput(path, error))

    def on_idle(self) -> None:
        """Write the held source records once nothing else is left to fetch."""
        if self.ledger.pending:
            self.crawler.engine.crawl(self._request(RequestKind.FLUSH, FLUSH_URL))
            raise DontCloseSpider
        if self.run.post_limit_reached:
            raise CloseSpider("max_posts")

    # --- Failures -------------------------------------------------------------------------------
    def on_error(self, failure: Failure) -> list[PostRecord]:
        request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        return self._page_failed(
            self._kind(request.meta), _asked_url(request), self._reason(failure), response
        )

    def _page_failed(
        self, kind: RequestKind, url: str, reason: Reason, response: Response | None
    ) -> list[PostRecord]:
        """Counts, logs and lists a failed request of the site (or a requisite) under the URL
        that was asked for; a post the archive holds gets its record (change "gone")."""
        gone = []
        if url in self._archived_posts and reason is not Reason.POST_LIMIT:
            self._count("topten/posts/gone")
            gone.append(PostRecord.gone(url, reason, self._capture(response)))
        if kind.spec.failures is None:
            self._count(f"topten/requisites/error/{reason}")
            logger.debug("Requisite %s: %s", url, reason)
        elif reason is not Reason.POST_LIMIT:  # a queued page dropped on purpose: counted already
            if kind is RequestKind.SEED:
                self._count("topten/seed/failed")
            logger.log(kind.spec.log_level, "%s: %s (%s)", kind.name.lower(), url, reason)
            self._record_failure(url, reason, kind.spec.failures)
        return gone

    def _requestable(self, url: str) -> bool:
        """False for a URL of the site that cannot be asked (a port out of range): it is a
        failed page of the site, not an error that ends the page's callback."""
        if url_fault(url) is None:
            return True
        self._page_failed(RequestKind.PAGE, url, Reason.INVALID_URL, None)
        return False

    def _reason(self, failure: Failure) -> Reason:
        reason = failure_reason(failure)
        if reason is Reason.OTHER:
            self._count(f"topten/errors/unclassified/{type(failure.value).__name__}")
        return reason

    @staticmethod
    def _kind(request_meta: dict[str, Any]) -> RequestKind:
        return RequestKind[request_meta.get(meta.REQUEST_KIND, RequestKind.PAGE.name)]

    def _record_failure(self, url: str, reason: Reason, prefix: str) -> None:
        self._count(f"{prefix}/{reason}")
        self.run.add_failure(url, reason, prefix)

    def _capture(self, response: Response | None) -> Capture:
        """What the crawl knows of a fetch (``None``: a request that got no response)."""
        return Capture.of(response, crawl_id=self.run.crawl_id, fetched_at=isoformat_utc(utc_now()))

    def _count(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(key, count)

    def _count_each(self, prefix: str, names: Iterable[str]) -> None:
        for name in names:
            self.crawler.stats.inc_value(prefix + name)


def _asked_url(request: Request | Response) -> str:
    """The URL a request (or the request of a response) first asked for, before redirects:
    a failure at the end of a redirect chain is the failure of that URL."""
    chain: list[str] = request.meta.get("redirect_urls") or [request.url]
    return chain[0]
