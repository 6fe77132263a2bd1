"""The site's machine-readable lists of posts: XML sitemaps and RSS/Atom feeds. Pure.

Each function takes a response's URL and body and returns the absolute http(s) URLs the list
names; which of them the crawl follows is the spider's decision. A list that cannot be read
raises :class:`UnreadableList`, which the spider records as a failure of discovery.

Reading is bounded (``rules/links.py``): a sitemap is decompressed and parsed up to the
sitemaps protocol's 50 MB and 50,000 URLs, a feed up to its own limits, so that a gzip bomb
served as ``sitemap.xml.gz`` costs at most the limit in memory. A list read only in part says
so (``cut``) with the URLs read before the limit. A robots.txt is read up to 500 KiB, as the
major search engines read it (``robots_txt_prefix``).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from topten_crawler.pages.metadata import xpath_strings
from topten_crawler.rules import links as limits
from topten_crawler.urls import absolute_http_url

# Feeds are small and trusted enough to parse, but never with network access or entities.
_FEED_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
_GZIP_MAGIC = b"\x1f\x8b"
# zlib's window bits for a gzip header and trailer.
_GZIP_WBITS = 16 + zlib.MAX_WBITS


class UnreadableList(ValueError):
    """A sitemap or feed that is not XML of its kind; the reason code is its message."""


@dataclass(frozen=True)
class SitemapLinks:
    # A sitemap index lists further sitemaps; a plain sitemap lists pages.
    is_index: bool
    urls: list[str]
    # Why the list was read only in part (``sitemap_too_large``, ``sitemap_too_many_urls``),
    # or None when it was read whole.
    cut: str | None = None


@dataclass(frozen=True)
class FeedLinks:
    urls: list[str]
    cut: str | None = None  # ``feed_too_large``, ``feed_too_many_urls`` or None


class ListTooLarge(Exception):
    """Raised by :func:`gunzip_chunks` once it has given ``max_bytes`` and more is left."""


def gunzip_chunks(data: bytes, max_bytes: int, chunk_size: int = 1 << 16) -> Iterator[bytes]:
    """``data`` decompressed (every gzip member), in chunks of at most ``chunk_size``, at most
    ``max_bytes`` in all: past them :class:`ListTooLarge` is raised. Holds one chunk at a time,
    whatever the compression ratio.

    Raises ``zlib.error`` for a stream that is no gzip, ``EOFError`` for one cut short before
    any output; a stream cut short later gives what came.
    """
    given = 0
    while data:
        stream = zlib.decompressobj(_GZIP_WBITS)
        pending = data
        while pending and not stream.eof:
            chunk = stream.decompress(pending, chunk_size)
            pending = stream.unconsumed_tail
            if given + len(chunk) > max_bytes:
                yield chunk[: max_bytes - given]
                raise ListTooLarge
            given += len(chunk)
            if chunk:
                yield chunk
            elif not pending:
                break
        if not stream.eof:  # a truncated download: what came is what there is
            if not given:
                raise EOFError("gzip stream ended before its first block")
            return
        data = stream.unused_data


def _plain_chunks(data: bytes, max_bytes: int, chunk_size: int = 1 << 16) -> Iterator[bytes]:
    for start in range(0, min(len(data), max_bytes), chunk_size):
        yield data[start : min(start + chunk_size, max_bytes)]
    if len(data) > max_bytes:
        raise ListTooLarge


def _local_name(element: etree._Element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def robots_txt_prefix(
    body: bytes, max_bytes: int = limits.ROBOTSTXT_MAX_BYTES
) -> tuple[bytes, int]:
    """The part of a robots.txt that is read (its first ``max_bytes``, ending at a line
    break, so that no rule is read half), and how many bytes were left unread."""
    if len(body) <= max_bytes:
        return body, 0
    head = body[:max_bytes]
    line_end = max(head.rfind(b"\n"), head.rfind(b"\r"))
    head = head[: line_end + 1]
    return head, len(body) - len(head)


def sitemap_links(
    url: str,
    body: bytes,
    *,
    max_bytes: int = limits.SITEMAP_MAX_BYTES,
    max_urls: int = limits.SITEMAP_MAX_URLS,
) -> SitemapLinks:
    """The URLs of a sitemap or sitemap index (``.xml`` or ``.xml.gz``), in document order.

    Decompressed and parsed as a stream, each entry dropped once read: memory stays flat
    however large the list claims to be."""
    parser = etree.XMLPullParser(
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )
    root: str | None = None
    urls: list[str] = []
    cut = None
    chunks = gunzip_chunks if body[:2] == _GZIP_MAGIC else _plain_chunks
    try:
        for chunk in chunks(body, max_bytes):
            parser.feed(chunk)
            for event, element in parser.read_events():
                if not isinstance(element, etree._Element):  # only element events are asked
                    continue
                name = _local_name(element)
                if event == "start":
                    root = root or name
                elif name == "loc":
                    absolute = absolute_http_url(url, (element.text or "").strip())
                    if absolute is not None:
                        urls.append(absolute)
                elif name in ("url", "sitemap"):
                    element.clear()  # an entry read is dropped, with those before it
                    while element.getprevious() is not None:
                        del element.getparent()[0]  # type: ignore[union-attr]
            if len(urls) > max_urls:
                cut, urls = "sitemap_too_many_urls", urls[:max_urls]
                break
    except ListTooLarge:
        cut = "sitemap_too_large"
    # A corrupt gzip stream (zlib.error, EOFError) is unreadable like bad XML.
    except (etree.XMLSyntaxError, zlib.error, EOFError):
        raise UnreadableList("sitemap_unreadable") from None
    if root is None:  # no element at all: text that is no XML
        raise UnreadableList("sitemap_unreadable")
    return SitemapLinks(is_index=root == "sitemapindex", urls=urls, cut=cut)


def feed_links(
    url: str,
    body: bytes,
    *,
    max_bytes: int = limits.FEED_MAX_BYTES,
    max_urls: int = limits.FEED_MAX_URLS,
) -> FeedLinks:
    """The item links of an RSS 2.0 or Atom feed, in document order."""
    cut = "feed_too_large" if len(body) > max_bytes else None
    try:
        root = etree.fromstring(body[:max_bytes], parser=_FEED_PARSER)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise UnreadableList("feed_unreadable")
    links = xpath_strings(root, "//item/link/text()") + xpath_strings(
        root,
        "//*[local-name()='entry']/*[local-name()='link'][not(@rel) or @rel='alternate']/@href",
    )
    found = [link for link in (absolute_http_url(url, link.strip()) for link in links) if link]
    if len(found) > max_urls:
        cut, found = "feed_too_many_urls", found[:max_urls]
    return FeedLinks(urls=found, cut=cut)
