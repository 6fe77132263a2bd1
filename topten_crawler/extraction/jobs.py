"""What a worker process does with one response: the page classes' extraction, in one call.

Each job takes a :class:`Fetched` (what it needs of a response: URL, body, headers and the
class of response Scrapy made, all picklable), rebuilds the response so that decoding and
parsing are exactly Scrapy's, runs the pure functions of ``pages/`` and returns their results
(picklable dataclasses). What to follow, what to record and what to count stays the spider's:
a job decides nothing. The same functions run inline when the pool is off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scrapy.http import Headers, Response, TextResponse

from topten_crawler.items import Capture, PostRecord
from topten_crawler.pages.feeds import FeedLinks, SitemapLinks, feed_links, sitemap_links
from topten_crawler.pages.links import page_links
from topten_crawler.pages.post import PostPage
from topten_crawler.pages.requisites import Requisite, css_requisites, html_requisites
from topten_crawler.pages.source import SourceFields, extract_source
from topten_crawler.urls import DigestSite


@dataclass(frozen=True)
class Fetched:
    """A response as a worker receives it."""

    url: str
    body: bytes
    # Scrapy's raw headers: name to every value, as bytes.
    headers: dict[bytes, list[bytes]]
    # The class Scrapy chose for the response (HtmlResponse, XmlResponse, TextResponse...):
    # it decides the decoding and the parser.
    response_class: type[Response]

    @classmethod
    def of(cls, response: Response) -> Fetched:
        return cls(
            url=response.url,
            body=response.body,
            headers={bytes(k): list(v) for k, v in response.headers.items()},
            response_class=type(response),
        )

    def response(self) -> Response:
        return self.response_class(url=self.url, body=self.body, headers=self.headers)

    def header_strings(self) -> dict[str, str]:
        """Each header as text, its values joined with commas (``Headers.to_unicode_dict``)."""
        unicode_headers = Headers(self.headers).to_unicode_dict()
        return {str(k): str(v) for k, v in unicode_headers.items()}


@dataclass
class PageExtraction:
    """A page of the digest site read: is it a post, its record, and what it links to."""

    is_post: bool
    # The post's record (None for a page that is no post); the spider still decides whether
    # it is written (a duplicate under its canonical URL, the post limit).
    record: PostRecord | None
    canonical_url: str | None
    problems: list[str]
    # The page's ``<a href>`` links in normal form, each once, in document order, at most
    # the page limit (``pages.links``); how many past it were not read.
    links: list[str]
    links_cut: int = 0
    requisites: list[Requisite] = field(default_factory=list)


@dataclass
class SourceExtraction:
    fields: SourceFields
    # What an HTML source needs to render (empty for other media, or requisites off).
    requisites: list[Requisite]


def extract_page(
    fetched: Fetched, site: DigestSite, capture: Capture, requisites: bool, max_links: int = 0
) -> PageExtraction:
    """``max_links``: at most this many links read from the page (0: all)."""
    response = fetched.response()
    if not isinstance(response, TextResponse):
        return PageExtraction(False, None, None, [], [])
    page = PostPage.from_response(response, site, max_links)
    is_post = page.is_post()
    record = page.to_record(capture) if is_post else None
    links = page_links(response.url, response.selector.root, max_links)
    return PageExtraction(
        is_post=is_post,
        record=record,
        canonical_url=page.canonical_url() if is_post else None,
        problems=list(page.problems),
        links=links.urls,
        links_cut=links.cut,
        requisites=_html_requisites(response, requisites, frames=True),
    )


def extract_cited_source(fetched: Fetched, requisites: bool) -> SourceExtraction:
    fields = extract_source(fetched.url, fetched.body, fetched.header_strings())
    found: list[Requisite] = []
    if requisites and fields.content_type == "text/html":
        found = _html_requisites(fetched.response(), True, frames=True)
    return SourceExtraction(fields, found)


def read_sitemap(url: str, body: bytes) -> SitemapLinks:
    return sitemap_links(url, body)


def read_feed(url: str, body: bytes) -> FeedLinks:
    return feed_links(url, body)


def stylesheet_requisites(fetched: Fetched) -> list[Requisite]:
    response = fetched.response()
    return css_requisites(response.url, response.text) if isinstance(response, TextResponse) else []


def frame_requisites(fetched: Fetched) -> list[Requisite]:
    # A frame's own frames are not followed: one level of frames, like the page's.
    return _html_requisites(fetched.response(), True, frames=False)


def _html_requisites(response: Any, wanted: bool, *, frames: bool) -> list[Requisite]:
    if not wanted or not isinstance(response, TextResponse):
        return []
    return html_requisites(response.url, response.selector.root, frames=frames)
