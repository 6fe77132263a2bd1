"""WARC archiving of every HTTP exchange of a crawl.

``records`` builds WARC/1.1 records from plain data, ``writer`` writes them into rotating
``.warc.gz`` files, and ``extension`` is the thin Scrapy adapter that feeds them from the
``response_downloaded`` signal.
"""

from __future__ import annotations

from topten_crawler.archive.records import CrawlInfo, HttpExchange, TruncatedReason
from topten_crawler.archive.writer import RotatingWarcWriter, WarcPointer

__all__ = [
    "CrawlInfo",
    "HttpExchange",
    "RotatingWarcWriter",
    "TruncatedReason",
    "WarcPointer",
]
