"""The ``topten`` spider's policy for page requisites: what a page needs to look as it did.

Every page the crawl archives (posts, listings, cited sources) gets its stylesheets, scripts,
images, fonts and frames archived too, once per crawl each and at most
``TOPTEN_REQUISITES_MAX_PER_PAGE`` per page; a stylesheet's imports, fonts and images and a
frame's own requisites are followed ``TOPTEN_REQUISITES_MAX_DEPTH`` deep. Requisites make no
record. What a page or a stylesheet loads is read by ``pages/requisites.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy import Request
from scrapy.http import Response, TextResponse

from topten_crawler import request_meta as meta
from topten_crawler.extraction import jobs
from topten_crawler.extraction.jobs import Fetched
from topten_crawler.faults import url_fault
from topten_crawler.pages.requisites import LoadsMore, Requisite, what_it_loads
from topten_crawler.spiders.extraction import ExtractionFailed, Extractor
from topten_crawler.spiders.params import ToptenParams
from topten_crawler.spiders.request_kinds import RequestKind
from topten_crawler.urls import DigestSite


class FollowsRequisites:
    """Mixed into the spider, which provides ``params``, ``extractor``, ``_request`` and
    ``_count``; what a page loads is read with the page (``extraction.jobs``)."""

    params: ToptenParams
    extractor: Extractor
    _requisites_seen: set[str]

    def _request(
        self, kind: RequestKind, url: str, site: DigestSite | None = None, **more_meta: Any
    ) -> Request:
        raise NotImplementedError

    def _count(self, key: str, count: int = 1) -> None:
        raise NotImplementedError

    def _requisite_requests(self, found: list[Requisite], depth: int) -> Iterator[Request]:
        limit = self.params.max_requisites_per_page
        if limit and len(found) > limit:
            self._count("topten/requisites/over_page_limit", len(found) - limit)
            found = found[:limit]
        for requisite in found:
            if requisite.url in self._requisites_seen:
                continue
            self._requisites_seen.add(requisite.url)
            if url_fault(requisite.url) is not None:  # a port out of range: never asked
                self._count("topten/requisites/error/invalid_url")
                continue
            self._count(f"topten/requisites/requested/{requisite.kind}")
            found_as = {meta.REQUISITE_KIND: requisite.kind, meta.REQUISITE_DEPTH: depth}
            yield self._request(RequestKind.REQUISITE, requisite.url, None, **found_as)

    async def parse_requisite(self, response: Response) -> AsyncIterator[Request]:
        """A stylesheet loads fonts, images and imports; a frame loads its own requisites."""
        self._count("topten/requisites/fetched")
        depth = int(response.meta.get(meta.REQUISITE_DEPTH, 0))
        if depth >= self.params.max_requisite_depth or not isinstance(response, TextResponse):
            return
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        loads = what_it_loads(content_type, response.meta.get(meta.REQUISITE_KIND))
        if loads is LoadsMore.STYLESHEET:
            job = jobs.stylesheet_requisites
        elif loads is LoadsMore.FRAME and self.params.fetch_requisites:
            job = jobs.frame_requisites
        else:
            return
        try:
            found = await self.extractor.run(job, Fetched.of(response))
        except ExtractionFailed:  # counted by the extractor; a requisite fails no crawl
            return
        for request in self._requisite_requests(found, depth + 1):
            yield request
