"""Sitemaps and feeds read without the engine: the URLs they list, or a clear failure."""

from __future__ import annotations

import gzip

import pytest

from topten_crawler.downloadermiddlewares.robotstxt import BoundedRobotParser
from topten_crawler.pages.feeds import (
    ListTooLarge,
    UnreadableList,
    feed_links,
    gunzip_chunks,
    robots_txt_prefix,
    sitemap_links,
)

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
    assert feed_links("https://digest.example/feed/", rss).urls == [
        "https://digest.example/a/",
        "https://digest.example/b/",
    ]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom">
  <entry><link rel="alternate" href="/c/"/><link rel="replies" href="/c/#comments"/></entry>
  <entry><link href="https://digest.example/d/"/></entry>
</feed>"""
    assert feed_links("https://digest.example/feed/atom/", atom).urls == [
        "https://digest.example/c/",
        "https://digest.example/d/",
    ]


def test_a_feed_that_is_not_xml_is_unreadable_and_entities_are_not_expanded() -> None:
    with pytest.raises(UnreadableList, match="feed_unreadable"):
        feed_links("https://digest.example/feed/", b"")
    hostile = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss><channel><item><link>https://digest.example/&x;</link></item></channel></rss>"""
    found = feed_links("https://digest.example/", hostile)
    assert all("root:" not in link for link in found.urls)


def urlset(count: int) -> bytes:
    entries = "".join(f"<url><loc>https://digest.example/p{n}/</loc></url>" for n in range(count))
    return (
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'.encode()
    )


def test_a_gzip_bomb_sitemap_is_decompressed_only_up_to_the_limit() -> None:
    # 2 MB of entries behind a 10 KB compressed body, with a 100 KB limit.
    bomb = gzip.compress(urlset(40_000), compresslevel=9)
    assert len(bomb) < 200_000
    found = sitemap_links("https://digest.example/s.xml.gz", bomb, max_bytes=100_000)
    assert found.cut == "sitemap_too_large"
    assert 0 < len(found.urls) < 40_000
    assert found.urls[0] == "https://digest.example/p0/"


def test_gunzip_chunks_never_give_more_than_the_limit() -> None:
    data = gzip.compress(b"\0" * 5_000_000) + gzip.compress(b"tail")
    given = bytearray()
    with pytest.raises(ListTooLarge):
        for chunk in gunzip_chunks(data, 100_000, chunk_size=4096):
            assert len(chunk) <= 4096
            given += chunk
    assert given == b"\0" * 100_000
    whole = b"".join(gunzip_chunks(data, 10_000_000))
    assert (len(whole), whole[-4:]) == (5_000_004, b"tail")
    # A download cut short gives what came.
    assert b"".join(gunzip_chunks(gzip.compress(b"abc" * 1000)[:-8], 10_000)) == b"abc" * 1000


def test_a_sitemap_over_its_url_limit_gives_the_first_ones() -> None:
    found = sitemap_links(BASE, urlset(30), max_urls=10)
    assert found.cut == "sitemap_too_many_urls"
    assert found.urls == [f"https://digest.example/p{n}/" for n in range(10)]
    assert sitemap_links(BASE, urlset(30)).cut is None


def test_a_feed_over_its_size_limit_is_read_in_part() -> None:
    items = "".join(f"<item><link>https://digest.example/{n}/</link></item>" for n in range(100))
    body = f"<rss><channel>{items}</channel></rss>".encode()
    found = feed_links("https://digest.example/feed/", body, max_bytes=len(body) // 2)
    assert found.cut == "feed_too_large"
    assert 40 < len(found.urls) < 60
    assert feed_links("https://digest.example/feed/", body, max_urls=5).cut == "feed_too_many_urls"


def test_robots_txt_is_read_up_to_a_line_break_before_the_limit() -> None:
    body = b"User-agent: *\nDisallow: /private/\n" + b"Disallow: /x\n" * 100_000
    head, cut = robots_txt_prefix(body, max_bytes=500 * 1024)
    assert len(head) <= 500 * 1024 and head.endswith(b"\n")
    assert head.startswith(b"User-agent: *\nDisallow: /private/\n")
    assert cut == len(body) - len(head)
    assert robots_txt_prefix(b"User-agent: *\n") == (b"User-agent: *\n", 0)


def test_the_robots_parser_obeys_the_first_500_kib_only() -> None:
    rules = b"User-agent: *\nDisallow: /private/\n"
    padding = b"# " + b"x" * 1000 + b"\n"
    body = rules + padding * 600 + b"Disallow: /late/\n"
    parser = BoundedRobotParser(body, None)
    assert parser.cut_bytes > 0
    assert not parser.allowed("https://a.example/private/x", "topten")
    assert parser.allowed("https://a.example/late/x", "topten")
