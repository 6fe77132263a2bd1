"""Drops the digest site's queued pages once the post limit (``--max-posts``) is reached."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest

from topten_crawler.crawlfolder.run import CrawlRun
from topten_crawler.reasons import Reason
from topten_crawler.request_meta import SITE_PAGE

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler


class PostLimitReached(IgnoreRequest):
    reason = Reason.POST_LIMIT


class PostLimitMiddleware:
    """Once the spider has its ``max_posts``, queued site pages are not fetched.

    The crawl cannot simply stop there: the sources cited by the posts already recorded are
    still being fetched, and their records are written when they are done. Reads
    :attr:`CrawlRun.post_limit_reached`, which the spider sets; a site page is a request with
    ``request_meta.SITE_PAGE``. Stat: ``topten/post_limit/dropped_requests``.
    """

    def __init__(self, crawler: Crawler, run: CrawlRun) -> None:
        self.crawler = crawler
        self.run = run

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PostLimitMiddleware:
        return cls(crawler, CrawlRun.from_crawler(crawler))

    def process_request(self, request: Request) -> None:
        if self.run.post_limit_reached and SITE_PAGE in request.meta:
            self.crawler.stats.inc_value("topten/post_limit/dropped_requests")
            raise PostLimitReached("the post limit is reached")
