"""The site's machine-readable lists of posts: XML sitemaps and RSS/Atom feeds. Pure.

Each function takes a response's URL and body and returns the absolute http(s) URLs the list
names; which of them the crawl follows is the spider's decision. A list that cannot be read
raises :class:`UnreadableList`, which the spider records as a failure of discovery.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from topten_crawler.pages.metadata import xpath_strings
from topten_crawler.urls import absolute_http_url

# Feeds are small and trusted enough to parse, but never with network access or entities.
_FEED_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
_GZIP_MAGIC = b"\x1f\x8b"


class UnreadableList(ValueError):
    """A sitemap or feed that is not XML of its kind; the reason code is its message."""


@dataclass(frozen=True)
class SitemapLinks:
    # A sitemap index lists further sitemaps; a plain sitemap lists pages.
    is_index: bool
    urls: list[str]


def sitemap_links(url: str, body: bytes) -> SitemapLinks:
    """The URLs of a sitemap or sitemap index (``.xml`` or ``.xml.gz``), in document order."""
    try:
        if body[:2] == _GZIP_MAGIC:
            body = gunzip(body)
        sitemap = Sitemap(body)
        entries = list(sitemap)
    # A corrupt gzip stream (OSError, EOFError) or text that is no XML at all, which Scrapy's
    # parser reports by running out of elements (StopIteration), is unreadable like bad XML.
    except (etree.XMLSyntaxError, ValueError, OSError, EOFError, StopIteration):
        raise UnreadableList("sitemap_unreadable") from None
    urls = []
    for entry in entries:
        absolute = absolute_http_url(url, entry.get("loc", ""))
        if absolute is not None:
            urls.append(absolute)
    return SitemapLinks(is_index=sitemap.type == "sitemapindex", urls=urls)


def feed_links(url: str, body: bytes) -> list[str]:
    """The item links of an RSS 2.0 or Atom feed, in document order."""
    try:
        root = etree.fromstring(body, parser=_FEED_PARSER)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise UnreadableList("feed_unreadable")
    links = xpath_strings(root, "//item/link/text()") + xpath_strings(
        root,
        "//*[local-name()='entry']/*[local-name()='link'][not(@rel) or @rel='alternate']/@href",
    )
    found = (absolute_http_url(url, link.strip()) for link in links)
    return [link for link in found if link is not None]
