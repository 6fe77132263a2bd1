"""Every kind of request the ``topten`` spider makes, with its priority, callback and errback.

Priorities order the crawl: the site's listings first, so that pagination is walked before the
posts it reveals pile up; page requisites right after, so that a page's styles, images and
fonts are fetched close in time to the page (a truer capture) and the queue of pending
requests stays short; cited sources last, since the digest comes first.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass


@dataclass(frozen=True)
class KindSpec:
    priority: int
    # The spider's method that handles the response.
    callback: str
    # A site page carries ``request_meta.SITE_PAGE`` (its seed): the post limit drops it.
    site_page: bool = False
    # Skips Scrapy's duplicate filter: the citation ledger already fetches each cited URL once,
    # and the filter would also drop a cited URL that an earlier source redirected to, leaving
    # it unrecorded; the flush request is made again at every idle.
    refetch: bool = False
    # The stats prefix a failure is counted under and listed in the crawl report with; None:
    # counted under ``topten/requisites/error/`` only (a missing image fails no crawl).
    failures: str | None = None
    # How loudly a failure is logged.
    log_level: int = logging.WARNING


DISCOVERY_FAILURES = "topten/discovery/failed"


class RequestKind(enum.Enum):
    """Every kind of request the spider makes, and how the spider treats it.

    No two kinds may have equal specs: the enum would make the second an alias of the first.
    """

    SEED = KindSpec(10, "parse_page", site_page=True, failures="topten/errors/seed")
    LISTING = KindSpec(10, "parse_page", site_page=True, failures="topten/errors/page")
    PAGE = KindSpec(0, "parse_page", site_page=True, failures="topten/errors/page")
    # A site without a sitemap or feed is normal; the other paths still find its posts.
    SITEMAP = KindSpec(
        20, "parse_sitemap", True, failures=DISCOVERY_FAILURES, log_level=logging.INFO
    )
    FEED = KindSpec(20, "parse_feed", True, failures=DISCOVERY_FAILURES, log_level=logging.INFO)
    REQUISITE = KindSpec(5, "parse_requisite")
    # A source that fails is no failure of the crawl: it becomes an error record.
    SOURCE = KindSpec(-10, "parse_source", refetch=True)
    # Fetches nothing from the network (a ``data:`` URL): it only gives the engine a callback
    # in which held source records can be written, since items can only come from callbacks.
    FLUSH = KindSpec(-100, "flush_sources", refetch=True)

    @property
    def spec(self) -> KindSpec:
        spec: KindSpec = self.value
        return spec
