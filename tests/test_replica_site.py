"""The replica site: content, URLs, HTTP behaviour and the consistency of its expectations.

Everything runs on loopback; no request leaves the machine.
"""

from __future__ import annotations

import gzip
import http.client
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from email.message import Message
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import pytest

from topten_crawler.replica import DEFAULT_SOURCE_HOSTS, ExpectedPost, ReplicaServer, build_content
from topten_crawler.replica.body_markup import CTA_TEXT
from topten_crawler.replica.content import SiteContent
from topten_crawler.replica.textutil import collapse

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


# --- helpers ---------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


class Fetched:
    def __init__(self, status: int, headers: Message, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> Fetched:
    """GET without following redirects; the response is always closed."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with _OPENER.open(request, timeout=10) as response:
            return Fetched(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Fetched(error.code, error.headers, error.read())


def raw_get(url: str, headers: dict[str, str]) -> tuple[str, bytes]:
    """The head and the undecoded body bytes exactly as they travel on the wire."""
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    lines = [f"GET {parts.path or '/'} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("ascii"))
        chunks = []
        while data := sock.recv(65536):
            chunks.append(data)
    raw = b"".join(chunks)
    head, _, body = raw.partition(b"\r\n\r\n")
    return head.decode("latin-1"), body


def dechunk(body: bytes) -> bytes:
    out = []
    while True:
        size_line, _, rest = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            return b"".join(out)
        out.append(rest[:size])
        assert rest[size : size + 2] == b"\r\n"
        body = rest[size + 2 :]


def has_class(name: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


def parse(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(html)


def card_links(doc: lxml.html.HtmlElement) -> list[str]:
    xpath = f"//div[{has_class('cs-posts-area__main')}]//h2[{has_class('cs-entry__title')}]/a/@href"
    return [str(href) for href in doc.xpath(xpath)]


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def content() -> SiteContent:
    return build_content()


@pytest.fixture(scope="module")
def server(content: SiteContent) -> Iterator[ReplicaServer]:
    with ReplicaServer(content) as running:
        yield running


@pytest.fixture(scope="module")
def expected(server: ReplicaServer) -> list[ExpectedPost]:
    return server.expected_posts()


# --- content -----------------------------------------------------------------------------------


def test_default_corpus_size_and_variety(content: SiteContent) -> None:
    assert len(content.posts) >= 60
    used = {c.slug for p in content.posts for c in p.categories}
    assert len(used) >= 4
    assert len({p.title for p in content.posts}) == len(content.posts)
    assert len({p.path for p in content.posts}) == len(content.posts)
    authors = {p.author.name for p in content.posts}
    assert {"Inès Duval", "José Álvarez"} <= authors
    assert len(authors) >= 4


def test_slugs_follow_wordpress(content: SiteContent) -> None:
    post = content.post("hijab-law")
    assert post.slug.startswith("irans-parliament-")  # apostrophe dropped
    assert (
        content.post("shadow-fleet").slug
        == "sanctions-shadow-fleets-tehrans-oil-exports-hit-a-five-year-high"
    )
    for p in content.posts:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", p.slug)
        assert p.path == f"/{p.categories[0].slug}/{p.slug}/"


def test_large_build_is_fast_unique_and_deterministic() -> None:
    start = time.perf_counter()
    big = build_content(5000)
    elapsed = time.perf_counter() - start
    assert len(big.posts) == 5000
    assert elapsed < 8, f"5000 posts took {elapsed:.1f}s"
    assert len({p.title for p in big.posts}) == 5000
    assert len({p.path for p in big.posts}) == 5000
    assert len({p.post_id for p in big.posts}) == 5000
    small_a, small_b = build_content(120, seed=3), build_content(120, seed=3)
    assert [p.title for p in small_a.posts] == [p.title for p in small_b.posts]
    assert [p.blocks for p in small_a.posts] == [p.blocks for p in small_b.posts]
    # Post k does not depend on the size of the site.
    assert [p.title for p in big.posts[:60]] == [p.title for p in build_content(300).posts[:60]]


def test_every_post_text_is_distinct(expected: list[ExpectedPost]) -> None:
    texts = [e.text for e in expected]
    assert len(set(texts)) == len(texts)
    assert all(len(t) > 200 for t in texts)


def test_feature_coverage(expected: list[ExpectedPost], content: SiteContent) -> None:
    by_path = {e.path: e for e in expected}
    assert sum(e.source_name is not None for e in expected) >= 5
    assert sum(e.read_more_url is not None for e in expected) >= 5
    assert sum(e.source_name is None and e.read_more_url is None for e in expected) >= 5
    assert sum(not e.has_jsonld for e in expected) >= 2
    assert sum(not e.has_meta for e in expected) >= 2
    assert sum(not e.has_jsonld and not e.has_meta for e in expected) >= 1
    assert sum(e.hidden_from_listings for e in expected) >= 2
    assert sum(e.image is None for e in expected) >= 2
    assert any(e.image is not None and e.image["caption"] is None for e in expected)
    assert sum(e.subtitle is None for e in expected) >= 2
    corvane = by_path[content.post("corvane-shares").path]
    for phrase in ("Total shares", "subscribe", "Related investigations", "Sign up"):
        assert phrase in corvane.text
    valencia = by_path[content.post("valencia-alerts").path]
    assert "Sign up today" in valencia.text and "Start your free trial" not in valencia.text
    assert all("Start your free trial" not in e.text for e in expected)
    assert all("Read More" not in e.text and "Related Story:" not in e.text for e in expected)
    assert all(not e.text.startswith("From:") for e in expected)
    assert any("\n" in block for e in expected for block in e.text.split("\n\n"))  # lists
    assert any("“" in e.text and "—" in e.text for e in expected)


# --- HTTP: listings, feed, sitemaps, robots -----------------------------------------------------


def test_home_page_and_pagination(server: ReplicaServer, content: SiteContent) -> None:
    home = fetch(server.url("/"))
    assert home.status == 200
    doc = parse(home.text)
    assert "home blog" in doc.body.get("class")
    listed = [server.url(p.path) for p in content.listed]
    assert card_links(doc) == listed[:10]
    assert doc.xpath(f"//a[{has_class('next')} and {has_class('page-numbers')}]/@href") == [
        server.url("/page/2/")
    ]
    seen: list[str] = []
    page, url = 1, server.url("/")
    while url:
        doc = parse(fetch(url).text)
        seen += card_links(doc)
        nxt = doc.xpath(f"//nav[{has_class('pagination')}]//a[{has_class('next')}]/@href")
        url = str(nxt[0]) if nxt else ""
        page += 1
    assert seen == listed  # newest first, every listed post once, no hidden post
    hidden = {server.url(p.path) for p in content.posts if p.hidden_from_listings}
    assert hidden and not hidden & set(seen)
    assert fetch(server.url("/page/1/")).status == 301
    assert fetch(server.url(f"/page/{page + 5}/")).status == 404


def test_category_archive_page_two(server: ReplicaServer, content: SiteContent) -> None:
    slug = max(content.by_category, key=lambda s: len(content.by_category[s]))
    posts = content.by_category[slug]
    assert len(posts) > 10
    page = fetch(server.url(f"/category/{slug}/page/2/"))
    assert page.status == 200
    doc = parse(page.text)
    assert f"category-{slug}" in doc.body.get("class")
    assert card_links(doc) == [server.url(p.path) for p in posts[10:20]]
    prev = doc.xpath(f"//a[{has_class('prev')} and {has_class('page-numbers')}]/@href")
    assert prev == [server.url(f"/category/{slug}/")]


def test_feed(server: ReplicaServer, content: SiteContent) -> None:
    feed = fetch(server.url("/feed/"))
    assert feed.status == 200
    assert feed.headers["Content-Type"].startswith("application/rss+xml")
    assert int(feed.headers["Content-Length"]) == len(feed.body)
    root = lxml.etree.fromstring(feed.body)
    items = root.findall("./channel/item")
    assert len(items) == 10
    newest = content.posts[:10]
    assert [i.findtext("link") for i in items] == [server.url(p.path) for p in newest]
    for item, post in zip(items, newest, strict=True):
        guid = item.find("guid")
        assert guid is not None and guid.get("isPermaLink") == "false"
        assert guid.text == server.url(f"/?p={post.post_id}")
        assert item.findtext("pubDate")
        assert item.findtext("category") == post.categories[0].name
        encoded = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
        assert encoded and "<p>" in encoded
    # A hidden post is among the newest ten: the feed is one of its only two ways in.
    assert any(p.hidden_from_listings for p in newest)


def test_sitemaps_list_every_post_once(server: ReplicaServer, content: SiteContent) -> None:
    index = fetch(server.url("/sitemap_index.xml"))
    assert index.status == 200 and int(index.headers["Content-Length"]) == len(index.body)
    locs = lxml.etree.fromstring(index.body).xpath(
        "//sm:sitemap/sm:loc/text()", namespaces=SITEMAP_NS
    )
    assert locs == [
        server.url("/post-sitemap.xml"),
        server.url("/page-sitemap.xml"),
        server.url("/category-sitemap.xml"),
    ]
    urls = lxml.etree.fromstring(fetch(locs[0]).body).xpath(
        "//sm:url/sm:loc/text()", namespaces=SITEMAP_NS
    )
    post_urls = [u for u in urls if u != server.url("/")]
    assert sorted(post_urls) == sorted(server.url(p.path) for p in content.posts)
    assert len(set(post_urls)) == len(post_urls)
    lastmods = lxml.etree.fromstring(fetch(locs[0]).body).xpath(
        "//sm:url/sm:lastmod/text()", namespaces=SITEMAP_NS
    )
    assert all(datetime.fromisoformat(m).utcoffset() is not None for m in lastmods)
    pages = lxml.etree.fromstring(fetch(locs[1]).body).xpath(
        "//sm:loc/text()", namespaces=SITEMAP_NS
    )
    assert server.url("/about-2/") in pages
    assert fetch(server.url("/sitemap.xml")).headers["Location"] == server.url("/sitemap_index.xml")


def test_large_site_splits_post_sitemap() -> None:
    with ReplicaServer(build_content(1500), page_weight="light") as big:
        index = fetch(big.url("/sitemap_index.xml")).body
        locs = lxml.etree.fromstring(index).xpath("//sm:loc/text()", namespaces=SITEMAP_NS)
        assert big.url("/post-sitemap2.xml") in locs
        first = lxml.etree.fromstring(fetch(big.url("/post-sitemap.xml")).body)
        second = lxml.etree.fromstring(fetch(big.url("/post-sitemap2.xml")).body)
        n1 = len(first.xpath("//sm:url", namespaces=SITEMAP_NS))
        n2 = len(second.xpath("//sm:url", namespaces=SITEMAP_NS))
        assert (n1, n2) == (1001, 500)  # the first file also lists the home page
        assert fetch(big.url("/post-sitemap3.xml")).status == 404


def test_robots_txt(server: ReplicaServer) -> None:
    robots = fetch(server.url("/robots.txt"))
    assert robots.status == 200
    lines = robots.text.splitlines()
    assert lines[:3] == ["User-agent: *", "Disallow: /wp-admin/", "Allow: /wp-admin/admin-ajax.php"]
    assert f"Sitemap: {server.url('/sitemap_index.xml')}" in lines


# --- HTTP: posts, encodings, headers, redirects ------------------------------------------------


def test_post_is_gzip_and_chunked_on_the_wire(server: ReplicaServer, content: SiteContent) -> None:
    post = content.posts[0]
    head, body = raw_get(server.url(post.path), {"Accept-Encoding": "gzip"})
    lines = head.split("\r\n")
    assert lines[0] == "HTTP/1.1 200 OK"
    header_names = [line.split(":", 1)[0].lower() for line in lines[1:]]
    assert "transfer-encoding: chunked" in head.lower()
    assert "content-encoding: gzip" in head.lower()
    assert "content-length" not in header_names
    assert header_names.count("link") == 2
    payload = dechunk(body)
    assert payload[:2] == b"\x1f\x8b"
    assert post.title.split("’")[0] in gzip.decompress(payload).decode("utf-8")
    assert body.count(b"\r\n") > 4  # several chunks, not one


def test_identity_response_has_content_length(server: ReplicaServer, content: SiteContent) -> None:
    page = fetch(server.url(content.posts[1].path))
    assert page.status == 200
    assert page.headers["Content-Encoding"] is None
    assert int(page.headers["Content-Length"]) == len(page.body)
    assert page.headers["Content-Type"] == "text/html; charset=UTF-8"
    assert page.headers["Vary"] == "Accept-Encoding"
    assert page.headers["Last-Modified"]


def test_keep_alive_and_head(server: ReplicaServer, content: SiteContent) -> None:
    parts = urlsplit(server.base_url)
    assert parts.hostname and parts.port
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        for post in content.posts[:3]:
            conn.request("GET", post.path, headers={"Accept-Encoding": "gzip"})
            with conn.getresponse() as response:
                assert response.status == 200
                assert response.getheader("Transfer-Encoding") == "chunked"
                assert gzip.decompress(response.read()).startswith(b"<!doctype html>")
        conn.request("HEAD", content.posts[0].path)
        with conn.getresponse() as response:
            assert response.status == 200 and response.read() == b""
            assert int(response.getheader("Content-Length") or 0) > 10_000
    finally:
        conn.close()


def test_repeated_headers(server: ReplicaServer, content: SiteContent) -> None:
    post = content.posts[0]
    page = fetch(server.url(post.path))
    assert page.headers.get_all("Link") == [
        f'<{server.url("/wp-json/")}>; rel="https://api.w.org/"',
        f"<{server.url(f'/?p={post.post_id}')}>; rel=shortlink",
    ]
    cookies = fetch(server.url("/")).headers.get_all("Set-Cookie")
    assert cookies is not None and len(cookies) == 2


def test_redirects_and_not_found(server: ReplicaServer, content: SiteContent) -> None:
    post = content.posts[2]
    short = fetch(server.url(f"/?p={post.post_id}"))
    assert short.status == 301 and short.headers["Location"] == server.url(post.path)
    bare = fetch(server.url(post.path.rstrip("/")))
    assert bare.status == 301 and bare.headers["Location"] == server.url(post.path)
    wrong = fetch(server.url(f"/no-such-category/{post.slug}/"))
    assert wrong.status == 301 and wrong.headers["Location"] == server.url(post.path)
    missing = fetch(server.url("/trending/no-such-post/"), {"Accept-Encoding": "gzip"})
    assert missing.status == 404
    html = gzip.decompress(missing.body).decode("utf-8")
    assert "error404" in html and 'class="cs-header' in html
    assert fetch(server.url("/?p=999999999")).status == 404
    assert fetch(server.url("/wp-content/uploads/2024/02/whatever.jpg")).body[:2] == b"\xff\xd8"
    assert fetch(server.url("/wp-content/themes/newsblock/style.css?ver=1")).status == 200


def test_post_page_markup(server: ReplicaServer, content: SiteContent) -> None:
    post = content.post("tanker-red-sea")
    doc = parse(fetch(server.url(post.path)).text)
    body_class = doc.body.get("class")
    assert f"single single-post postid-{post.post_id}" in body_class
    assert doc.xpath(f"//h1[{has_class('cs-entry__title')}]/span/text()") == [post.title]
    captions = doc.xpath(f"//figcaption[{has_class('cs-entry__caption-text')}]/text()")
    assert captions == ["Royal Navy", "Royal Navy"]
    text = collapse(doc.text_content())
    for boilerplate in (
        "Home of Lisa's Top Ten, the daily email that brings you the world.",
        "DONATE",
        "SUBSCRIBE",
        "The first task of the day",
        "Sign Up for Lisa's Top Ten",
        "Untitled(Required)",
        "Total 0 Shares",
        "Related Posts",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    ):
        assert boilerplate in text, boilerplate
    share = doc.xpath(f"//div[{has_class('pk-share-buttons-after-post')}]//a/@href")
    assert any(h.startswith("https://www.facebook.invalid/sharer.php?u=") for h in share)
    assert not doc.xpath(
        f"//div[{has_class('entry-content')}]//div[{has_class('pk-share-buttons-wrap')}]"
    )
    jsonld = json.loads(doc.xpath('//script[@type="application/ld+json"]/text()')[0])
    types = [node["@type"] for node in jsonld["@graph"]]
    for kind in (
        "Article",
        "WebPage",
        "ImageObject",
        "BreadcrumbList",
        "WebSite",
        "Organization",
        "Person",
    ):
        assert kind in types
    related = doc.xpath(f"//div[{has_class('cs-entry__post-related')}]//article")
    assert len(related) == 3


def test_static_pages_are_not_posts(server: ReplicaServer) -> None:
    for url in server.non_post_urls():
        page = fetch(url)
        assert page.status == 200, url
        body_class = parse(page.text).body.get("class")
        assert "single-post" not in body_class, url
    about = parse(fetch(server.url("/about-2/")).text)
    assert "page-template-default page" in about.body.get("class")


def test_source_hosts(server: ReplicaServer) -> None:
    # One host per live outlet; tests/test_replica_sources.py covers the special cases.
    assert len(server.source_base_urls) == len(DEFAULT_SOURCE_HOSTS)
    urls = server.source_urls()
    assert len(urls) > 50
    plain = {
        e.url
        for e in server.expected_sources()
        if e.case in ("jsonld", "opengraph", "windows_1252", "no_metadata", "gzip")
    }
    assert len(plain) > 50
    for url in [u for u in urls if u in plain][:: max(1, len(plain) // 15)]:
        page = fetch(url)
        assert page.status == 200, url
        assert b"<h1" in page.body  # some outlets are windows-1252
    for base in server.source_base_urls:
        robots = fetch(base + "robots.txt")
        assert robots.status == 200 and "Allow: /" in robots.text
    assert fetch(server.source_base_urls[0] + "no/such/article/").status == 404


def test_non_loopback_hosts_are_refused() -> None:
    for host in ("0.0.0.0", "192.168.1.10", "8.8.8.8", "example.com", "::"):
        with pytest.raises(ValueError):
            ReplicaServer(build_content(5), host=host)
    with pytest.raises(ValueError):
        ReplicaServer(build_content(5), source_hosts=("127.0.0.2", "10.0.0.1"))


def test_latency_is_applied_per_request() -> None:
    with ReplicaServer(build_content(12), latency=0.3, page_weight="light") as slow:
        start = time.perf_counter()
        assert fetch(slow.url("/robots.txt")).status == 200
        assert time.perf_counter() - start >= 0.3


def test_page_weight(server: ReplicaServer, content: SiteContent) -> None:
    sizes = [len(fetch(server.url(p.path)).body) for p in content.posts]
    assert min(sizes) >= 50_000 and max(sizes) <= 80_000, (min(sizes), max(sizes))
    with ReplicaServer(content, page_weight="light") as light:
        light_sizes = [len(fetch(light.url(p.path)).body) for p in content.posts[:10]]
    assert max(light_sizes) < min(sizes)


# --- expectations match the markup ------------------------------------------------------------


def reference_extract(html: str, base_url: str) -> dict[str, object]:
    """A straightforward extraction following the documented cleaning rules."""
    doc = parse(html)
    site_host = urlsplit(base_url).netloc
    entry = doc.xpath(f"//div[{has_class('entry-content')}]")[0]
    for form in entry.xpath(f".//div[{has_class('gform_wrapper')}]"):
        form.drop_tree()
    blocks: list[str] = []
    related: list[str] = []
    source_name = None
    read_more = None
    for i, el in enumerate(entry):
        text = collapse(el.text_content())
        if el.tag == "p":
            links = el.xpath(".//a/@href")
            if i == 0 and text.startswith("From:"):
                source_name = text.removeprefix("From:").strip()
            elif text == "Read More":
                read_more = str(links[0])
            elif text.startswith("Related Story:"):
                related.append(urllib.parse.urljoin(base_url, str(links[0])))
            elif text and text != CTA_TEXT:
                blocks.append(text)
        elif el.tag in ("h2", "h3"):
            blocks.append(text)
        elif el.tag in ("ul", "ol"):
            blocks.append("\n".join(collapse(li.text_content()) for li in el.xpath("./li")))
        elif el.tag == "blockquote":
            blocks += [collapse(p.text_content()) for p in el.xpath("./p")]
        elif el.tag == "figure":
            blocks += [collapse(c.text_content()) for c in el.xpath("./figcaption")]
    citations: list[dict[str, str]] = []
    for a in entry.xpath(".//a[@href]"):
        href = urllib.parse.urljoin(base_url, a.get("href"))
        if urlsplit(href).netloc != site_host and href not in [c["url"] for c in citations]:
            citations.append({"url": href, "text": collapse(a.text_content())})
    cards = doc.xpath(f"//div[{has_class('cs-entry__post-related')}]//h2/a/@href")
    for href in cards:
        if href not in related:
            related.append(str(href))
    return {
        "text": "\n\n".join(blocks),
        "source_name": source_name,
        "read_more_url": read_more,
        "citations": citations,
        "related": related,
    }


def test_expectations_match_the_html(server: ReplicaServer, expected: list[ExpectedPost]) -> None:
    for exp in expected:
        html = fetch(exp.url).text
        got = reference_extract(html, server.base_url)
        assert got["text"] == exp.text, exp.url
        assert got["source_name"] == exp.source_name, exp.url
        assert got["read_more_url"] == exp.read_more_url, exp.url
        assert got["citations"] == exp.citations, exp.url
        assert got["related"] == exp.related, exp.url
        doc = parse(html)
        meta = {m.get("property") or m.get("name"): m.get("content") for m in doc.xpath("//meta")}
        scripts = doc.xpath('//script[@type="application/ld+json"]/text()')
        assert bool(scripts) == exp.has_jsonld, exp.url
        assert ("article:published_time" in meta) == exp.has_meta, exp.url
        visible_date = doc.xpath(
            f"//div[{has_class('cs-entry__header-info')}]//div[{has_class('cs-meta-date')}]/text()"
        )[0]
        if exp.has_meta:
            assert meta["article:published_time"] == exp.published
            assert meta["article:modified_time"] == exp.modified
        if exp.has_jsonld:
            graph = json.loads(scripts[0])["@graph"]
            article = next(n for n in graph if n["@type"] == "Article")
            assert article["datePublished"] == exp.published
            assert article["articleSection"] == exp.categories
            assert article.get("keywords", []) == exp.tags
            person = next(n for n in graph if n["@type"] == "Person")
            assert person["name"] == exp.author
        if not exp.has_meta and not exp.has_jsonld:
            assert exp.modified is None
            assert datetime.strptime(visible_date, "%B %d, %Y").date().isoformat() == exp.published
        assert exp.published.startswith(
            datetime.strptime(visible_date, "%B %d, %Y").date().isoformat()
        )
        assert doc.xpath(f"//span[{has_class('cs-author')}]/text()") == [exp.author]
        cats = doc.xpath(
            f"//div[{has_class('cs-entry__header-info')}]//ul[{has_class('post-categories')}]//a/text()"
        )
        assert cats == exp.categories
        assert doc.xpath(f'//div[{has_class("cs-entry__tags")}]//a[@rel="tag"]/text()') == exp.tags
        subtitle = doc.xpath(f"//div[{has_class('cs-entry__subtitle')}]/text()")
        assert subtitle == ([exp.subtitle] if exp.subtitle else [])
        if exp.image is None:
            assert not doc.xpath(f"//figure[{has_class('cs-entry__post-media')}]")
        else:
            srcs = doc.xpath(f"//figure[{has_class('cs-entry__post-media')}]/img/@src")
            assert set(srcs) == {exp.image["url"]}
            captions = doc.xpath(f"//figcaption[{has_class('cs-entry__caption-text')}]/text()")
            assert captions == ([exp.image["caption"]] * 2 if exp.image["caption"] else [])


def test_hidden_posts_are_linked_from_nowhere_else(
    server: ReplicaServer, content: SiteContent
) -> None:
    hidden = {server.url(p.path) for p in content.posts if p.hidden_from_listings}
    pages = [server.url(p.path) for p in content.posts] + server.non_post_urls()
    for url in pages:
        doc = parse(fetch(url).text)
        hrefs = {urllib.parse.urljoin(url, str(h)) for h in doc.xpath("//a/@href")}
        assert not (hidden - {url}) & hrefs, url


def test_command_line_serves_until_interrupted() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "topten_crawler.replica", "--port", "0", "--posts", "12", "--light"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", base), base
        assert fetch(base).status == 200
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
