"""The ``topten`` spider: crawl policy only. Where to start, what to follow, what becomes a record.

Every post is found through several paths, so that one missing path (a sitemap plugin turned
off, a feed that lists only ten posts) loses nothing: the home page and its pagination, the
category archives, the Yoast sitemaps and the RSS feed. Scrapy's duplicate filter fetches each
URL once; redirects (``/?p=ID``, slash-less URLs) end on a URL that the filter has seen, and a
post that still arrives twice under two URLs is recognised by its canonical URL.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from lxml import etree
from scrapy import Request, Spider, signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from topten_crawler.crawlfolder.citations import PENDING_SOURCES_FILENAME, SourceLedger
from topten_crawler.crawlfolder.run import CrawlRun, isoformat_utc, utc_now
from topten_crawler.downloadermiddlewares.post_limit import SITE_PAGE_META
from topten_crawler.errors import failure_reason
from topten_crawler.extensions.warc import META_KEY as WARC_META_KEY
from topten_crawler.items import PostRecord, SourceRecord
from topten_crawler.pages.metadata import xpath_strings
from topten_crawler.pages.post import PostPage
from topten_crawler.pages.requisites import Requisite, css_requisites, html_requisites
from topten_crawler.pages.source import extract_source
from topten_crawler.seeds import SeedError, read_seeds_file, validate_seed
from topten_crawler.urls import DigestSite, UrlKind, absolute_http_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

# Where WordPress (with or without Yoast) publishes its machine-readable lists of posts.
SITEMAP_PATHS: tuple[str, ...] = ("/sitemap_index.xml", "/wp-sitemap.xml")
FEED_PATHS: tuple[str, ...] = ("/feed/",)
# Listings first, so that pagination is walked before the posts it reveals pile up.
LISTING_PRIORITY = 10
DISCOVERY_PRIORITY = 20
# Sources after the site's own pages: the digest comes first, its citations as they come.
SOURCE_PRIORITY = -10
# Page requisites (styles, images, fonts) right after the listings and before further posts:
# fetched close in time to the page that needs them (a truer capture), and the queue of
# pending requests stays short (tens of thousands of queued image requests would not).
REQUISITE_PRIORITY = 5
# request.meta keys of a requisite request: its kind, and how deep in stylesheet imports or
# frames it was found (a frame's own frames are not followed).
REQUISITE_META = "topten_requisite"
REQUISITE_DEPTH_META = "topten_requisite_depth"
MAX_REQUISITE_DEPTH = 3
# A request that fetches nothing from the network: it only gives the engine a callback in
# which held source records can be written (items can only come from callbacks).
FLUSH_URL = "data:,flush-source-records"
# How many failed URLs the crawl report lists by name (all are counted in the stats).
MAX_LISTED_FAILURES = 1000


class ToptenSpider(Spider):
    """Crawl the digest site of each seed; one record per post and per source a post cites.

    Arguments (``-a NAME=VALUE``): ``seed`` (one or more URLs, separated by spaces or commas),
    ``seeds_file`` (a seed list), ``max_posts``. Settings read once: ``TOPTEN_SEEDS_FILE``,
    ``TOPTEN_MAX_POSTS``, ``TOPTEN_FOLLOW_SOURCES``.

    Sources are followed one hop off the digest site, never further: each distinct cited URL
    is fetched once, and its record (or error record) is written when the site crawl is done,
    listing every post that cites it.
    """

    name = "topten"

    def __init__(
        self,
        seed: str | None = None,
        seeds_file: str | None = None,
        max_posts: str | int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._seed_argument = seed
        self._seeds_file_argument = seeds_file
        self._max_posts_argument = max_posts
        self.seeds: list[str] = []
        self.sites: list[DigestSite] = []
        self.max_posts = 0
        self.crawl_id = ""
        self.follow_sources = True
        self.post_limit_reached = False
        self.failures: list[dict[str, str]] = []
        self._emitted: set[str] = set()
        self.ledger: SourceLedger | None = None
        self.source_limits: dict[str, float] = {}
        self.fetch_requisites = True
        self.max_requisites_per_page = 0
        self._requisites_seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ToptenSpider:
        spider: ToptenSpider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        if spider._seed_argument:
            raw = spider._seed_argument.replace(",", " ").split()
            spider.seeds = [validate_seed(url) for url in raw]
        else:
            spider.seeds = read_seeds_file(
                spider._seeds_file_argument or settings.get("TOPTEN_SEEDS_FILE")
            )
        spider.sites = [DigestSite.from_seed(seed) for seed in spider.seeds]
        spider.max_posts = int(spider._max_posts_argument or settings.getint("TOPTEN_MAX_POSTS"))
        run = CrawlRun.from_crawler(crawler)
        spider.crawl_id = run.crawl_id
        spider.follow_sources = settings.getbool("TOPTEN_FOLLOW_SOURCES")
        spider.source_limits = {
            "download_maxsize": settings.getint("TOPTEN_SOURCE_MAX_SIZE"),
            "download_timeout": settings.getfloat("TOPTEN_SOURCE_TIMEOUT"),
        }
        spider.fetch_requisites = settings.getbool("TOPTEN_REQUISITES_ENABLED")
        spider.max_requisites_per_page = settings.getint("TOPTEN_REQUISITES_MAX_PER_PAGE")
        spider.ledger = SourceLedger(run.directory / PENDING_SOURCES_FILENAME)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    # --- Start ----------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        self.crawler.stats.set_value("topten/seeds", len(self.seeds))
        for site in self.sites:
            yield Request(
                site.seed,
                callback=self.parse_page,
                errback=self.on_seed_error,
                priority=LISTING_PRIORITY,
                meta={SITE_PAGE_META: site.seed},
            )
            for path in SITEMAP_PATHS:
                yield Request(
                    site.url(path),
                    callback=self.parse_sitemap,
                    errback=self.on_discovery_error,
                    priority=DISCOVERY_PRIORITY,
                    meta={SITE_PAGE_META: site.seed, "topten_discovery": "sitemap"},
                )
            for path in FEED_PATHS:
                yield Request(
                    site.url(path),
                    callback=self.parse_feed,
                    errback=self.on_discovery_error,
                    priority=DISCOVERY_PRIORITY,
                    meta={SITE_PAGE_META: site.seed, "topten_discovery": "feed"},
                )

    # --- Pages of the site ----------------------------------------------------------------------
    def parse_page(self, response: Response) -> Iterator[Request | PostRecord]:
        site = self._site_of(response)
        if not isinstance(response, TextResponse):
            self._count("topten/pages/not_html")
            return
        page = PostPage.from_response(response, site)
        if page.is_post():
            self._count("topten/pages/post")
            record = self._post_record(response, page)
            if record is not None:
                yield record
                yield from self._follow_citations(record)
                if self.max_posts and len(self._emitted) >= self.max_posts:
                    # Queued site pages are dropped from here on (PostLimitMiddleware); the
                    # sources already cited are still fetched and written.
                    self.post_limit_reached = True
        else:
            self._count("topten/pages/not_post")
        yield from self._requisites_of_html(response, depth=0)
        yield from self._follow_links(response, site)

    def _post_record(self, response: TextResponse, page: PostPage) -> PostRecord | None:
        content = page.to_content()
        key = content.canonical_url or response.url
        if key in self._emitted:
            self._count("topten/posts/duplicate")
            logger.info("Post already recorded under its canonical URL: %s", response.url)
            return None
        if self.max_posts and len(self._emitted) >= self.max_posts:
            self._count("topten/posts/over_limit")
            return None
        self._emitted.add(key)
        for name in content.fallbacks:
            self._count(f"topten/extract/fallback/{name}")
        for problem in content.problems:
            self._count(f"topten/extract/problem/{problem}")
        if content.title is None:
            self._count("topten/extract/problem/no_title")
        return PostRecord(
            url=response.url,
            crawl_id=self.crawl_id,
            fetched_at=isoformat_utc(utc_now()),
            status=response.status,
            title=content.title,
            subtitle=content.subtitle,
            author=content.author,
            published=content.published,
            modified=content.modified,
            categories=content.categories,
            tags=content.tags,
            image=content.image,
            source_name=content.source_name,
            text=content.text,
            citations=content.citations,
            related=content.related,
            warc=response.meta.get(WARC_META_KEY),
            canonical_url=content.canonical_url,
            post_id=content.post_id,
            read_more_url=content.read_more_url,
            language=content.language,
            word_count=len(content.text.split()),
            fallbacks=content.fallbacks,
        )

    def _follow_links(self, response: TextResponse, site: DigestSite) -> Iterator[Request]:
        if self.max_posts and len(self._emitted) >= self.max_posts:
            return
        for href in response.css("a::attr(href)").getall():
            url = absolute_http_url(response.url, href)
            if url is None:
                continue
            kind = site.classify(url)
            if kind is UrlKind.SKIP:
                continue
            yield Request(
                url,
                callback=self.parse_page,
                errback=self.on_page_error,
                priority=LISTING_PRIORITY if kind is UrlKind.LISTING else 0,
                meta={SITE_PAGE_META: site.seed},
            )

    # --- Cited sources -------------------------------------------------------------------------
    def _follow_citations(self, record: PostRecord) -> Iterator[Request]:
        if not self.follow_sources or self.ledger is None:
            return
        for citation in record.citations:
            url = citation["url"]
            if not self.ledger.cite(url, record.url):
                self._count("topten/sources/cited_again")
                continue
            self._count("topten/sources/cited")
            # dont_filter: the ledger fetches each cited URL once; Scrapy's filter would also
            # drop a cited URL that an earlier source redirected to, leaving it unrecorded.
            yield Request(
                url,
                callback=self.parse_source,
                errback=self.on_source_error,
                priority=SOURCE_PRIORITY,
                dont_filter=True,
                meta={"topten_source": url, **self.source_limits},
            )

    def parse_source(self, response: Response) -> Iterator[Request]:
        cited_url = response.meta.get("topten_source", response.url)
        headers = {
            str(name): str(value) for name, value in response.headers.to_unicode_dict().items()
        }
        content = extract_source(response.url, response.body, headers)
        for name in content.fallbacks:
            self._count(f"topten/sources/fallback/{name}")
        for problem in content.problems:
            self._count(f"topten/sources/problem/{problem}")
        self._count("topten/sources/fetched")
        self._hold_source(
            SourceRecord(
                url=cited_url,
                final_url=response.url,
                cited_by=[],
                crawl_id=self.crawl_id,
                fetched_at=isoformat_utc(utc_now()),
                status=response.status,
                error=None,
                content_type=content.content_type,
                title=content.title,
                author=content.author,
                published=content.published,
                site_name=content.site_name,
                language=content.language,
                text=content.text,
                warc=response.meta.get(WARC_META_KEY),
                modified=content.modified,
                canonical_url=content.canonical_url,
                description=content.description,
                word_count=len(content.text.split()),
                fallbacks=content.fallbacks,
            )
        )
        if isinstance(response, TextResponse) and content.content_type == "text/html":
            yield from self._requisites_of_html(response, depth=0)

    # --- Page requisites ------------------------------------------------------------------------
    def _requisites_of_html(self, response: TextResponse, depth: int) -> Iterator[Request]:
        if not self.fetch_requisites:
            return
        found = html_requisites(response.url, response.selector.root, frames=depth == 0)
        yield from self._requisite_requests(found, depth)

    def _requisite_requests(self, found: list[Requisite], depth: int) -> Iterator[Request]:
        if self.max_requisites_per_page and len(found) > self.max_requisites_per_page:
            self._count(
                "topten/requisites/over_page_limit", len(found) - self.max_requisites_per_page
            )
            found = found[: self.max_requisites_per_page]
        for requisite in found:
            if requisite.url in self._requisites_seen:
                continue
            self._requisites_seen.add(requisite.url)
            self._count(f"topten/requisites/requested/{requisite.kind}")
            yield Request(
                requisite.url,
                callback=self.parse_requisite,
                errback=self.on_requisite_error,
                priority=REQUISITE_PRIORITY,
                meta={REQUISITE_META: requisite.kind, REQUISITE_DEPTH_META: depth},
            )

    def parse_requisite(self, response: Response) -> Iterator[Request]:
        """A stylesheet loads fonts, images and imports; a frame loads its own requisites."""
        self._count("topten/requisites/fetched")
        depth = int(response.meta.get(REQUISITE_DEPTH_META, 0))
        if depth >= MAX_REQUISITE_DEPTH or not isinstance(response, TextResponse):
            return
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
        if "text/css" in content_type or response.meta.get(REQUISITE_META) == "style":
            if "html" not in content_type:
                found = css_requisites(response.url, response.text)
                yield from self._requisite_requests(found, depth + 1)
        elif "html" in content_type and response.meta.get(REQUISITE_META) == "frame":
            yield from self._requisites_of_html(response, depth + 1)

    def on_requisite_error(self, failure: Failure) -> None:
        # A missing image is worth knowing but is not a failed crawl: counted, not listed.
        reason = failure_reason(failure)
        self._count(f"topten/requisites/error/{reason}")
        request = getattr(failure, "request", None)
        logger.debug("Requisite %s: %s", request.url if request else "?", reason)

    def on_source_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        cited_url = request.meta.get("topten_source", request.url)
        reason = failure_reason(failure)
        response = getattr(failure.value, "response", None)
        self._count(f"topten/sources/error/{reason}")
        logger.info("Source %s: %s", cited_url, reason)
        content_type = None
        if response is not None:
            raw_type = response.headers.get("Content-Type")
            if raw_type:
                content_type = raw_type.decode("latin-1").split(";", 1)[0].strip().lower()
        self._hold_source(
            SourceRecord(
                url=cited_url,
                final_url=response.url if response is not None else None,
                cited_by=[],
                crawl_id=self.crawl_id,
                fetched_at=isoformat_utc(utc_now()),
                status=response.status if response is not None else None,
                error=reason,
                content_type=content_type,
                title=None,
                author=None,
                published=None,
                site_name=None,
                language=None,
                text="",
                warc=response.meta.get(WARC_META_KEY) if response is not None else None,
            )
        )

    def _hold_source(self, record: SourceRecord) -> None:
        if self.ledger is not None:
            self.ledger.hold(dataclasses.asdict(record))

    def flush_sources(self, response: Response) -> Iterator[SourceRecord]:
        if self.ledger is None:
            return
        for held in self.ledger.release():
            yield SourceRecord(**held)

    def on_idle(self) -> None:
        """Write the held source records once nothing else is left to fetch."""
        if self.ledger is not None and self.ledger.pending:
            self.crawler.engine.crawl(
                Request(FLUSH_URL, callback=self.flush_sources, dont_filter=True, priority=-100)
            )
            raise DontCloseSpider
        if self.post_limit_reached:
            raise CloseSpider("max_posts")

    # --- Sitemaps and feeds ---------------------------------------------------------------------
    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        site = self._site_of(response)
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body)
        try:
            sitemap = Sitemap(body)
        except (etree.XMLSyntaxError, ValueError):
            self._record_failure(response.url, "sitemap_unreadable", "topten/discovery/failed")
            return
        self._count("topten/discovery/sitemaps")
        for entry in sitemap:
            url = absolute_http_url(response.url, entry.get("loc", ""))
            if url is None or not site.owns(url):
                continue
            if sitemap.type == "sitemapindex":
                yield response.follow(
                    url,
                    callback=self.parse_sitemap,
                    errback=self.on_discovery_error,
                    priority=DISCOVERY_PRIORITY,
                    meta={SITE_PAGE_META: site.seed, "topten_discovery": "sitemap"},
                )
            elif site.classify(url) is not UrlKind.SKIP:
                self._count("topten/discovery/sitemap_urls")
                yield Request(
                    url,
                    callback=self.parse_page,
                    errback=self.on_page_error,
                    meta={SITE_PAGE_META: site.seed},
                )

    def parse_feed(self, response: Response) -> Iterator[Request]:
        site = self._site_of(response)
        try:
            root = etree.fromstring(response.body, parser=_FEED_PARSER)
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            self._record_failure(response.url, "feed_unreadable", "topten/discovery/failed")
            return
        self._count("topten/discovery/feeds")
        links = xpath_strings(root, "//item/link/text()") + xpath_strings(
            root,
            "//*[local-name()='entry']/*[local-name()='link'][not(@rel) or @rel='alternate']/@href",
        )
        for link in links:
            url = absolute_http_url(response.url, link.strip())
            if url is None or site.classify(url) is UrlKind.SKIP:
                continue
            self._count("topten/discovery/feed_urls")
            yield Request(
                url,
                callback=self.parse_page,
                errback=self.on_page_error,
                meta={SITE_PAGE_META: site.seed},
            )

    # --- Failures -------------------------------------------------------------------------------
    def on_seed_error(self, failure: Failure) -> None:
        self._count("topten/seed/failed")
        self._on_error(failure, "topten/errors/seed")

    def on_discovery_error(self, failure: Failure) -> None:
        # A site without a sitemap or feed is normal; the other paths still find its posts.
        self._on_error(failure, "topten/discovery/failed", level=logging.INFO)

    def on_page_error(self, failure: Failure) -> None:
        self._on_error(failure, "topten/errors/page")

    def _on_error(self, failure: Failure, prefix: str, level: int = logging.WARNING) -> None:
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        reason = failure_reason(failure)
        if reason == "post_limit":
            return  # a queued page dropped on purpose, counted by PostLimitMiddleware
        logger.log(level, "%s: %s (%s)", prefix.rsplit("/", 1)[-1], url, reason)
        self._record_failure(url, reason, prefix)

    def _record_failure(self, url: str, reason: str, prefix: str) -> None:
        self._count(f"{prefix}/{reason}")
        if len(self.failures) < MAX_LISTED_FAILURES:
            self.failures.append({"url": url, "reason": reason, "kind": prefix})

    # --- Helpers --------------------------------------------------------------------------------
    def _site_of(self, response: Response) -> DigestSite:
        seed = response.meta.get(SITE_PAGE_META)
        for site in self.sites:
            if site.seed == seed or site.owns(response.url):
                return site
        return self.sites[0]

    def _count(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(key, count)


# Feeds are small and trusted enough to parse, but never with network access or entities.
_FEED_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)


__all__ = ["SeedError", "ToptenSpider"]
