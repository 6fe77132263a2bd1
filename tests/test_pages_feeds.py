"""Sitemaps and feeds read without the engine: the URLs they list, or a clear failure."""

from __future__ import annotations

import gzip

import pytest

from topten_crawler.pages.feeds import UnreadableList, feed_links, sitemap_links

BASE = "https://digest.example/sitemap_index.xml"


def test_a_sitemap_index_lists_sitemaps() -> None:
    body = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://digest.example/post-sitemap.xml</loc></sitemap>
  <sitemap><loc>/page-sitemap.xml</loc></sitemap>
</sitemapindex>"""
    found = sitemap_links(BASE, body)
    assert found.is_index
    assert found.urls == [
        "https://digest.example/post-sitemap.xml",
        "https://digest.example/page-sitemap.xml",
    ]


def test_a_gzipped_urlset_lists_pages_and_drops_what_is_not_http() -> None:
    body = gzip.compress(
        b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://digest.example/trending/one/</loc></url>
  <url><loc>mailto:editor@digest.example</loc></url>
  <url><loc>https://digest.example/trending/two/#comments</loc></url>
</urlset>"""
    )
    found = sitemap_links("https://digest.example/post-sitemap.xml.gz", body)
    assert not found.is_index
    assert found.urls == [
        "https://digest.example/trending/one/",
        "https://digest.example/trending/two/",
    ]


@pytest.mark.parametrize("body", [b"", b"not xml at all", b"\x1f\x8bnot gzip"])
def test_what_is_no_sitemap_is_unreadable(body: bytes) -> None:
    with pytest.raises(UnreadableList, match="sitemap_unreadable"):
        sitemap_links(BASE, body)


def test_an_html_page_served_as_a_sitemap_lists_nothing() -> None:
    found = sitemap_links(BASE, b"<html><body>Not found</body></html>")
    assert found.urls == []


def test_rss_and_atom_links_in_document_order() -> None:
    rss = b"""<rss version="2.0"><channel>
  <item><link> https://digest.example/a/ </link></item>
  <item><link>https://digest.example/b/</link></item>
</channel></rss>"""
    assert feed_links("https://digest.example/feed/", rss) == [
        "https://digest.example/a/",
        "https://digest.example/b/",
    ]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom">
  <entry><link rel="alternate" href="/c/"/><link rel="replies" href="/c/#comments"/></entry>
  <entry><link href="https://digest.example/d/"/></entry>
</feed>"""
    assert feed_links("https://digest.example/feed/atom/", atom) == [
        "https://digest.example/c/",
        "https://digest.example/d/",
    ]


def test_a_feed_that_is_not_xml_is_unreadable_and_entities_are_not_expanded() -> None:
    with pytest.raises(UnreadableList, match="feed_unreadable"):
        feed_links("https://digest.example/feed/", b"")
    hostile = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss><channel><item><link>https://digest.example/&x;</link></item></channel></rss>"""
    assert all("root:" not in link for link in feed_links("https://digest.example/", hostile))
