"""robots.txt read up to 500 KiB, as the major search engines read it (``ROBOTSTXT_PARSER``).

Scrapy's Protego parser takes a robots.txt whole: a 10 MB file cost half a gigabyte of memory.
This parser gives Protego the file's first ``ROBOTSTXT_MAX_BYTES`` (``rules/links.py``), ending
at a line break, and ignores the rest; ``cut_bytes`` says how much, which the spider counts
(``topten/cut/robots_txt_too_large``) on Scrapy's ``robots_parsed`` signal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.robotstxt import ProtegoRobotParser

from topten_crawler.pages.feeds import robots_txt_prefix

if TYPE_CHECKING:
    from scrapy import Spider


class BoundedRobotParser(ProtegoRobotParser):
    """Protego over the first 500 KiB of a robots.txt."""

    def __init__(self, robotstxt_body: bytes, spider: Spider | None) -> None:
        body, self.cut_bytes = robots_txt_prefix(robotstxt_body)
        super().__init__(body, spider)
