"""robots.txt as RFC 9309 reads it, bounded in size, with the archive's copy when it fails.

``BoundedRobotParser`` (``ROBOTSTXT_PARSER``): Scrapy's Protego parser takes a robots.txt whole,
and a 10 MB file cost half a gigabyte of memory. This parser gives Protego the file's first
``ROBOTSTXT_MAX_BYTES`` (``rules/links.py``), ending at a line break, and ignores the rest;
``cut_bytes`` says how much, which the spider counts (``topten/cut/robots_txt_too_large``) on
Scrapy's ``robots_parsed`` signal.

``ArchivalRobotsTxtMiddleware`` replaces Scrapy's ``RobotsTxtMiddleware``, which allows a whole
host when its robots.txt answers with a server error, times out or cannot be connected to: a
robots.txt that failed to load for a moment let the crawl fetch what the site forbids. RFC 9309
(section 2.3.1) says otherwise, and so does this middleware:

- a 2xx answer is parsed;
- a 4xx answer (but 429) means there is no robots.txt: everything is allowed;
- a 5xx or 429 answer, a timeout, a cut body or a failed connection means the robots.txt is
  *unreachable*: the crawler must assume everything is disallowed. An archive folder remembers
  the host's robots.txt from earlier crawls, though, and the RFC allows a cached copy while the
  file is unreachable: the newest archived answer (2xx or 4xx) stands in for it. Without one,
  every request to the host fails, with the reason its robots.txt failed when the host itself
  cannot be reached (``dns``, ``connection``, ``tls``, ``blocked_address``: what the request
  would have met), and with ``robots_unreachable`` otherwise.

It also gives every request that waits for a robots.txt being fetched the parser: Scrapy's own
hands it to the first waiter only, and the others went ahead unchecked (``robot_parser``).

Settings, read once: ``ROBOTSTXT_OBEY`` (NotConfigured without it), ``TOPTEN_STATE_ENABLED`` and
``TOPTEN_WARC_ENABLED`` (no archived copies unless both are on). Stats, per host: ``topten/
robots/unavailable`` (a 4xx: all allowed), ``topten/robots/unreachable`` and ``topten/robots/
unreachable/<reason>``, ``topten/robots/archived_copy`` (an archived robots.txt stood in); per
request: ``topten/robots/refused`` (failed for an unreachable robots.txt without a copy).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.robotstxt import ProtegoRobotParser, RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

from topten_crawler.archive.records import target_uri
from topten_crawler.archive.revisits import read_response
from topten_crawler.crawlfolder.run import CrawlRun
from topten_crawler.crawlfolder.state import CrawlState
from topten_crawler.errors import exception_reason
from topten_crawler.pages.archived import scrapy_response
from topten_crawler.pages.feeds import robots_txt_prefix
from topten_crawler.reasons import Reason, http_status_reason

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# A robots.txt failing for one of these: the host cannot be reached at all, so a request to it
# fails with the same reason (nothing was fetched, and the record says what happened).
HOST_UNREACHABLE = frozenset({Reason.DNS, Reason.CONNECTION, Reason.TLS, Reason.BLOCKED_ADDRESS})
# A robots.txt request that ended on these has no robots.txt: RFC 9309's "unavailable".
NO_ROBOTS_TXT = frozenset({Reason.TOO_MANY_REDIRECTS, Reason.BAD_REDIRECT})
# Archived copies need both the WARC files and the crawl-state store that points into them.
ARCHIVE_SETTINGS = ("TOPTEN_STATE_ENABLED", "TOPTEN_WARC_ENABLED")


class BoundedRobotParser(ProtegoRobotParser):
    """Protego over the first 500 KiB of a robots.txt."""

    def __init__(self, robotstxt_body: bytes, spider: Spider | None) -> None:
        body, self.cut_bytes = robots_txt_prefix(robotstxt_body)
        super().__init__(body, spider)


def is_unreachable_status(status: int) -> bool:
    """RFC 9309: a server error is an unreachable robots.txt; 429 is treated as one, as the
    major crawlers do (the server asks to be left alone, not to be crawled in full)."""
    return status >= 500 or status == 429


class UnreachableRobots(RobotParser):
    """The parser of a host whose robots.txt could not be read: nothing is allowed."""

    def __init__(self, robots_url: str, reason: Reason) -> None:
        self.robots_url = robots_url
        self.reason = reason

    @classmethod
    def from_crawler(cls, crawler: Crawler, robotstxt_body: bytes) -> UnreachableRobots:
        raise NotImplementedError("made by ArchivalRobotsTxtMiddleware, never from a body")

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False


class RobotsTxtUnreachable(IgnoreRequest):
    """A request refused because its host's robots.txt could not be read (module docstring)."""

    def __init__(self, robots_url: str, robots_reason: Reason) -> None:
        super().__init__(f"robots.txt unreachable ({robots_reason}): {robots_url}")
        self.reason = (
            robots_reason if robots_reason in HOST_UNREACHABLE else Reason.ROBOTS_UNREACHABLE
        )


class ArchivalRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, reading failures as RFC 9309 does (module docstring)."""

    def __init__(self, crawler: Crawler, store: CrawlState | None, archive_dir: Path | None):
        super().__init__(crawler)
        self.store = store
        self._robots_urls: dict[str, str] = {}
        self.archive_dir = archive_dir

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivalRobotsTxtMiddleware:
        settings = crawler.settings
        store, archive_dir = None, None
        archived = all(settings.getbool(name, True) for name in ARCHIVE_SETTINGS)
        if settings.getbool("ROBOTSTXT_OBEY") and archived:
            archive_dir = CrawlRun.from_crawler(crawler).directory.parent
            store = CrawlState.open(archive_dir)
        middleware = cls(crawler, store, archive_dir)
        if store is not None:
            crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_closed(self) -> None:
        if self.store is not None:
            self.store.release()

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        if isinstance(rp, UnreachableRobots):
            self._stats.inc_value("topten/robots/refused")
            raise RobotsTxtUnreachable(rp.robots_url, rp.reason)
        super().process_request_2(rp, request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if 200 <= response.status < 300:
            await super()._parse_robots(response, netloc, request)
            return
        self._stats.inc_value("robotstxt/response_count")
        self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        # A 304 here is a conditional answer that the archive could not stand in for
        # (downloadermiddlewares/conditional.py): the rules are unknown, as when unreachable.
        if response.status == 304:
            self._unreachable(response.url, netloc, Reason.HTTP_OTHER)
        elif is_unreachable_status(response.status):
            self._unreachable(response.url, netloc, http_status_reason(response.status))
        else:
            self._resolve(netloc, None)
            self._stats.inc_value("topten/robots/unavailable")

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parts = urlparse_cached(request)
        netloc = parts.netloc
        if netloc not in self._parsers:  # the first request of the host: Scrapy asks for it
            self._robots_urls[netloc] = f"{parts.scheme}://{netloc}/robots.txt"
            return await super().robot_parser(request)
        parser = self._parsers[netloc]
        if not isinstance(parser, Deferred):
            return parser
        # Still being fetched. Scrapy (2.13+) awaits the shared Deferred through asFuture,
        # whose callback returns None: every request after the first that waited for the
        # same robots.txt got None, "no robots.txt", and went ahead (a forbidden page
        # fetched whenever it waited beside another). Each waiter gets a Deferred of its own
        # here, and the shared one passes its result on unchanged.
        own: Deferred[RobotParser | None] = Deferred()

        def pass_on(result: RobotParser | None) -> RobotParser | None:
            own.callback(result)
            return result

        parser.addCallback(pass_on)
        return await maybe_deferred_to_future(own)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        reason = exception_reason(exc)
        if reason in NO_ROBOTS_TXT:
            self._resolve(netloc, None)
            self._stats.inc_value("topten/robots/unavailable")
            return
        if not isinstance(exc, IgnoreRequest):  # as Scrapy counts them (it logged it too)
            self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._unreachable(self._robots_urls[netloc], netloc, reason)

    def _unreachable(self, robots_url: str, netloc: str, reason: Reason) -> None:
        self._stats.inc_value("topten/robots/unreachable")
        self._stats.inc_value(f"topten/robots/unreachable/{reason}")
        archived = self._archived_copy(robots_url)
        if archived is None:
            logger.warning(
                "robots.txt unreachable (%s): %s; nothing of %s is fetched (RFC 9309), and the"
                " archive holds no earlier copy",
                reason, robots_url, netloc,
            )  # fmt: skip
            self._resolve(netloc, UnreachableRobots(robots_url, reason))
            return
        date, response = archived
        self._stats.inc_value("topten/robots/archived_copy")
        logger.warning(
            "robots.txt unreachable (%s): %s; the copy archived on %s (status %d) stands in",
            reason, robots_url, date, response.status,
        )  # fmt: skip
        if 200 <= response.status < 300:
            self._resolve(netloc, build_from_crawler(self._parserimpl, self.crawler, response.body))
        else:
            self._resolve(netloc, None)

    def _archived_copy(self, robots_url: str) -> tuple[str, Response] | None:
        """The newest archived answer of ``robots_url`` that says what the host allows: a
        2xx (its rules) or a 4xx but 429 (no robots.txt), with its WARC-Date."""
        if self.store is None or self.archive_dir is None:
            return None
        for original in self.store.originals_of(target_uri(robots_url)):
            try:
                archived = read_response(self.archive_dir / original.file, original.offset)
                response = scrapy_response(archived, robots_url)
            except (OSError, ValueError) as error:  # a WARC file moved away, a broken record
                logger.warning("archived robots.txt at %s unreadable: %s", original.file, error)
                continue
            if 200 <= response.status < 300 or (
                400 <= response.status < 500 and not is_unreachable_status(response.status)
            ):
                return original.date, response
        return None

    def _resolve(self, netloc: str, parser: RobotParser | None) -> None:
        """Every request waiting for ``netloc``'s robots.txt goes on with ``parser``."""
        waiting = self._parsers[netloc]
        assert isinstance(waiting, Deferred)
        self._parsers[netloc] = parser
        waiting.callback(parser)
