"""Drops the digest site's queued pages once the post limit (``--max-posts``) is reached."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

# request.meta key that marks a page of the digest site (not a source, not robots.txt).
SITE_PAGE_META = "topten_site"


class PostLimitReached(IgnoreRequest):
    reason = "post_limit"


class PostLimitMiddleware:
    """Once the spider has its ``max_posts``, queued site pages are not fetched.

    The crawl cannot simply stop there: the sources cited by the posts already recorded are
    still being fetched, and their records are written when they are done. Reads the spider's
    ``post_limit_reached`` attribute. Stat: ``topten/post_limit/dropped_requests``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PostLimitMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if SITE_PAGE_META in request.meta and getattr(
            self.crawler.spider, "post_limit_reached", False
        ):
            self.crawler.stats.inc_value("topten/post_limit/dropped_requests")
            raise PostLimitReached("the post limit is reached")
