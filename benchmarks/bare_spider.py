"""The baseline of the crawl-speed benchmark: a bare Scrapy spider that only follows links.

Run by ``crawl_speed.py`` as ``scrapy runspider benchmarks/bare_spider.py -a seed=URL``. It
fetches every page of the seed's host that a link points to, and keeps nothing but the URLs it
fetched (``-a urls_file=PATH``, written at the end) and its stats (``-a stats_file=PATH``).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.http import Response, TextResponse


class BareSpider(Spider):
    name = "bare"

    def __init__(
        self, seed: str = "", stats_file: str = "", urls_file: str = "", **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.seed = seed
        self.stats_file = stats_file
        self.urls_file = urls_file
        self.fetched: list[str] = []
        self.netloc = urlsplit(seed).netloc

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.seed)

    def parse(self, response: Response) -> Iterator[Request]:
        self.fetched.append(response.url)
        if not isinstance(response, TextResponse):
            return
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href).split("#", 1)[0]
            if urlsplit(url).netloc == self.netloc:
                yield Request(url)

    def closed(self, reason: str) -> None:
        if self.stats_file:
            stats = {k: v for k, v in self.crawler.stats.get_stats().items() if isinstance(v, int)}
            with open(self.stats_file, "w", encoding="utf-8") as stream:
                json.dump(stats, stream)
        if self.urls_file:
            with open(self.urls_file, "w", encoding="utf-8") as stream:
                stream.write("\n".join(self.fetched))
