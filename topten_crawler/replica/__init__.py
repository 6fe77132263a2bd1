"""A local replica of the Lisa's Top Ten digest site, served on loopback only.

Used by the end-to-end tests, ``topten-crawler demo`` and the benchmark::

    from topten_crawler.replica import ReplicaServer, build_content

    with ReplicaServer(build_content()) as server:
        crawl(server.base_url)
        expected = server.expected_posts()
        sources = server.expected_sources()  # one per cited URL
        server.set_day(1)  # the next day of the same site, on the same ports
        crawl(server.base_url)
        changes = server.expected_changes(0, 1)  # {"posts": {"new": {...}, ...}, "sources": ...}
"""

from __future__ import annotations

from topten_crawler.replica.articles import ExpectedSource
from topten_crawler.replica.builder import DEFAULT_POSTS, build_content
from topten_crawler.replica.content import (
    DEFUNCT_OUTLET,
    OUTLETS,
    ExpectedPost,
    LinkResolver,
    Post,
    SiteContent,
)
from topten_crawler.replica.days import DayEvents, Timeline
from topten_crawler.replica.server import (
    DEFAULT_DEFUNCT_HOST,
    DEFAULT_SOURCE_HOSTS,
    ReplicaServer,
    check_loopback,
)
from topten_crawler.replica.source_cases import ALL_CASES

__all__ = [
    "ALL_CASES",
    "DEFAULT_DEFUNCT_HOST",
    "DEFAULT_POSTS",
    "DEFAULT_SOURCE_HOSTS",
    "DEFUNCT_OUTLET",
    "OUTLETS",
    "DayEvents",
    "ExpectedPost",
    "ExpectedSource",
    "LinkResolver",
    "Post",
    "ReplicaServer",
    "SiteContent",
    "Timeline",
    "build_content",
    "check_loopback",
]
