"""The links of a page, read once, in document order, at most so many. Pure.

A page's links are what the crawl follows; a hostile page can hold a hundred thousand. They are
read in one pass over the parsed tree (no selector objects, no per-link re-parsing), put in
their normal form and deduplicated through a dict, so the work is linear in the page's size;
past the limit, links are only counted, so that the crawl report can say how many were cut.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml.etree import _Element

from topten_crawler.urls import absolute_http_url, normal_url


@dataclass(frozen=True)
class PageLinks:
    # Absolute http(s) URLs in their normal form, each once, in document order.
    urls: list[str]
    # ``<a href>`` links past the limit: not read.
    cut: int


def page_links(base_url: str, document: _Element, limit: int) -> PageLinks:
    """The ``<a href>`` links of ``document`` resolved against ``base_url`` (``limit`` 0: all)."""
    found: dict[str, None] = {}
    read = cut = 0
    for anchor in document.iter("a"):
        href = anchor.get("href")
        if href is None:
            continue
        if limit and read >= limit:
            cut += 1
            continue
        read += 1
        url = absolute_http_url(base_url, href)
        if url is not None:
            found.setdefault(normal_url(url), None)
    return PageLinks(urls=list(found), cut=cut)
