"""Fuzzing the pure page code with hostile input: the post page class, the source extractor,
the cleaners, the sitemap and feed parsers and the requisite finders.

Inputs are the replica's own pages (the post and source fixtures, a sitemap index, a sitemap
and a feed rendered by the replica) cut, spliced and salted with what hostile servers send:
deep nesting, NULs, invalid UTF-8, lone surrogates in JSON-LD, broken entities, URLs that are
no URLs; and small documents generated from scratch. Each call must return (a sitemap or feed
may refuse with ``UnreadableList``, nothing else), within ``CALL_SECONDS``, and a record it
gives must serialise as valid UTF-8.

Hypothesis runs derandomized, without its example database, with a bounded number of
examples per test: the same inputs on every run, all of this module in well under a minute.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from scrapy.http import HtmlResponse

from topten_crawler.cleaning.blocks import blocks_of, join_blocks
from topten_crawler.cleaning.boilerplate import drop_repeated_blocks, is_boilerplate_paragraph
from topten_crawler.cleaning.text import match_key, normalize_space, plain_paragraphs
from topten_crawler.crawlfolder.jsonlines import to_json_line
from topten_crawler.items import Capture
from topten_crawler.pages.feeds import UnreadableList, feed_links, sitemap_links
from topten_crawler.pages.post import PostPage
from topten_crawler.pages.requisites import css_requisites, html_requisites, srcset_urls
from topten_crawler.pages.source import extract_source
from topten_crawler.replica import build_content
from topten_crawler.replica.content import LinkResolver
from topten_crawler.replica.site import DigestSite as ReplicaSite
from topten_crawler.urls import DigestSite

FIXTURES = Path(__file__).parent / "fixtures"
SITE = "http://replica.test"
# Generous for a busy CI machine: the replica's pages take tens of milliseconds each.
CALL_SECONDS = 5.0

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,  # timed by hand: Hypothesis' deadline fails on the first slow call
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CHEAP = settings(FUZZ, max_examples=120)

Result = TypeVar("Result")


def timed(call: Callable[[], Result]) -> Result:
    started = time.perf_counter()
    result = call()
    elapsed = time.perf_counter() - started
    assert elapsed < CALL_SECONDS, f"took {elapsed:.1f} s"
    return result


def capture(url: str) -> Capture:
    return Capture(
        crawl_id="fuzz", fetched_at="2024-02-14T06:00:07Z", url=url, status=200,
        content_type="text/html",
    )  # fmt: skip


def writable(record: Any) -> None:
    """The record serialises as one line of valid UTF-8, as the JSON lines writer writes it."""
    line = to_json_line(dataclasses.asdict(record))
    line.encode("utf-8")
    assert line.count("\n") == 1


# --- Seeds: the replica's pages ----------------------------------------------------------------
@cache
def post_pages() -> list[bytes]:
    return [path.read_bytes() for path in sorted((FIXTURES / "post").glob("*.html"))]


@cache
def source_pages() -> list[bytes]:
    return [path.read_bytes() for path in sorted((FIXTURES / "source").glob("*.html"))]


@cache
def replica_lists() -> dict[str, bytes]:
    site = ReplicaSite(build_content(), LinkResolver(f"{SITE}/", ["http://outlet.test/"]))
    paths = ("/sitemap_index.xml", "/post-sitemap.xml", "/feed/")
    return {path: site.handle(path).body for path in paths}


# What hostile servers put in pages: each is spliced in somewhere.
HOSTILE_SNIPPETS: list[bytes] = [
    b"<div>" * 3000,
    b"</div></p></body></html>" * 20,
    b"<p>" + b"<b><i>" * 500 + b"text",
    b"\x00\x00\x00",
    b"\xff\xfe\xc3\x28\xed\xa0\x80",  # invalid UTF-8, an encoded surrogate among it
    "\ud800".encode("utf-8", "surrogatepass"),
    b"&#xd800; &#0; &#x110000; &#99999999999; &bogus; &amp",
    b'<script type="application/ld+json">{"@type":"NewsArticle","headline":"a\\ud800b\\u0000"}'
    b"</script>",
    b'<script type="application/ld+json">' + b"[" * 5000 + b"</script>",
    b'<script type="application/ld+json">{"@graph":[{"@id":"#a","author":{"@id":"#a"}}]}</script>',
    b'<a href="http://a.test:99999/x">port</a><a href="http://a.test:P:P/">bad</a>',
    b'<a href="http://a b.test/">space</a><a href="javascript:alert(1)">js</a>',
    b'<a href="//[::1">v6</a><a href="http://%zz/">pct</a><a href="">empty</a>',
    b'<img srcset=",,, 1x, ,x.png 2q, http://[::1 3x" src="data:image/png;base64,AAAA">',
    b'<base href="javascript:void(0)"><link rel="stylesheet" href="::::">',
    b'<style>@import url(; background:url("unclosed</style>',
    b'<meta charset="x-unknown-charset"><meta http-equiv="content-type" content="text/html;'
    b' charset=utf-16">',
    b'<link rel="canonical" href="http://[::1">',
    b'<link rel="shortlink" href="?p=99999999999999999999">',
    b"<!--" + b"-" * 1000,
    b"<![CDATA[" + b"]" * 100,
    b"<table>" + b"<tr><td>" * 300,
    b"x" * 20000,
]

splices = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=1),
        st.floats(min_value=0, max_value=1),
        st.one_of(st.sampled_from(HOSTILE_SNIPPETS), st.binary(max_size=64)),
    ),
    max_size=4,
)


def mutate(seed: bytes, edits: list[tuple[float, float, bytes]]) -> bytes:
    """``seed`` with each edit applied: bytes from ``start`` to ``start + cut`` (fractions of
    what is left) replaced by the snippet."""
    data = seed
    for start_fraction, cut_fraction, snippet in edits:
        start = int(start_fraction * len(data))
        end = start + int(cut_fraction * (len(data) - start) * 0.2)
        data = data[:start] + snippet + data[end:]
    return data


# Small documents from scratch: the tags the extractors look for, with odd attributes.
TAGS = ["div", "p", "a", "span", "article", "main", "h1", "li", "ul", "figure", "img",
        "script", "style", "br", "blockquote", "table", "td", "iframe", "link", "meta",
        "noscript"]  # fmt: skip
ATTRIBUTE_NAMES = ["class", "href", "src", "srcset", "rel", "content", "property", "type",
                   "id", "itemprop", "style", "name"]  # fmt: skip
ATTRIBUTE_VALUES = ["entry-content", "single-post", "http://a.test:99999/", "og:title",
                    "application/ld+json", "stylesheet", "canonical", "//x",
                    "a\ud800b"]  # fmt: skip
ATTRIBUTES = st.dictionaries(
    st.sampled_from(ATTRIBUTE_NAMES),
    st.one_of(st.text(max_size=20), st.sampled_from(ATTRIBUTE_VALUES)),
    max_size=3,
)


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def render(tag: str, attributes: dict[str, str], inner: list[str]) -> str:
        attrs = "".join(f' {name}="{value}"' for name, value in attributes.items())
        return f"<{tag}{attrs}>{''.join(inner)}</{tag}>"

    return st.builds(render, st.sampled_from(TAGS), ATTRIBUTES, st.lists(children, max_size=4))


documents = st.recursive(
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=30),
    element,
    max_leaves=30,
).map(lambda body: f'<html><body class="single-post">{body}</body></html>')


def as_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


# --- The post page class -----------------------------------------------------------------------
def post_record(html: bytes, url: str = f"{SITE}/2024/02/14/a-post/") -> None:
    """As the spider reads a page: Scrapy's parse (lxml with ``huge_tree``: no depth limit)."""

    def run() -> None:
        response = HtmlResponse(url, body=html)
        try:
            response.selector  # noqa: B018 (the parse is what is tried)
        except ValueError:  # lxml refuses a page with no element: the spider never gets one
            return
        page = PostPage.from_response(response, DigestSite.from_seed(f"{SITE}/"))
        page.is_post()
        writable(page.to_record(capture(url)))

    timed(run)


@FUZZ
@given(seed=st.integers(min_value=0), edits=splices)
def test_post_page_survives_mutated_replica_posts(seed: int, edits: Any) -> None:
    pages = post_pages()
    post_record(mutate(pages[seed % len(pages)], edits))


def test_post_page_survives_50000_levels_of_nesting() -> None:
    page = post_pages()[0]
    start = page.index(b"<p>")
    post_record(page[:start] + b"<div>" * 50_000 + b"deep" + page[start:])


@FUZZ
@given(document=documents)
def test_post_page_survives_generated_documents(document: str) -> None:
    post_record(as_bytes(document))


# --- The source extractor ----------------------------------------------------------------------
CONTENT_TYPES = st.sampled_from(
    [None, "text/html", "text/html; charset=utf-8", "text/html; charset=latin-1",
     "text/html; charset=bogus", "application/xhtml+xml", "text/plain; charset=utf-16",
     "application/pdf", "image/png", "application/octet-stream", ";;;"]
)  # fmt: skip


def source_record(body: bytes, content_type: str | None) -> None:
    url = "http://outlet.test/2024/02/a-story"
    headers = {} if content_type is None else {"Content-Type": content_type}

    def run() -> None:
        writable(extract_source(url, body, headers).to_record(url, capture(url)))

    timed(run)


@FUZZ
@given(seed=st.integers(min_value=0), edits=splices, content_type=CONTENT_TYPES)
def test_source_extractor_survives_mutated_replica_sources(
    seed: int, edits: Any, content_type: str | None
) -> None:
    pages = source_pages()
    source_record(mutate(pages[seed % len(pages)], edits), content_type)


@FUZZ
@given(document=documents, content_type=CONTENT_TYPES)
def test_source_extractor_survives_generated_documents(
    document: str, content_type: str | None
) -> None:
    source_record(as_bytes(document), content_type)


@FUZZ
@given(body=st.binary(max_size=2000), content_type=CONTENT_TYPES)
def test_source_extractor_survives_any_bytes(body: bytes, content_type: str | None) -> None:
    source_record(body, content_type)


# --- The cleaners ------------------------------------------------------------------------------
@CHEAP
@given(text=st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=200))
def test_text_cleaners_take_any_text(text: str) -> None:
    for clean in (normalize_space, match_key, plain_paragraphs):
        assert isinstance(timed(lambda clean=clean: clean(text)), str)  # type: ignore[misc]
    is_boilerplate_paragraph(text)


@FUZZ
@given(seed=st.integers(min_value=0), edits=splices)
def test_block_engine_survives_mutated_pages(seed: int, edits: Any) -> None:
    pages = post_pages() + source_pages()
    html = mutate(pages[seed % len(pages)], edits)

    def run() -> None:
        try:
            document = lxml_html.document_fromstring(html)
        except Exception:  # lxml refuses empty documents: no engine input
            return
        join_blocks(drop_repeated_blocks(blocks_of(document)))

    timed(run)


# --- Sitemaps and feeds ------------------------------------------------------------------------
def read_list(reader: Callable[[str, bytes], Any], body: bytes) -> None:
    def run() -> None:
        with contextlib.suppress(UnreadableList):
            reader(f"{SITE}/list.xml", body)

    timed(run)


XML_SNIPPETS = st.sampled_from(
    [b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>&b;',
     b'<!DOCTYPE x SYSTEM "file:///etc/passwd">', b"<loc>http://a.test:99999/</loc>",
     b"<url><loc>" + b"http://x/" * 500 + b"</loc></url>", b"<loc>javascript:x</loc>",
     b"\x1f\x8b\x08\x00", b"<item><link>\x00</link></item>", b"<urlset>" * 2000,
     b'<?xml version="1.0" encoding="bogus"?>', b"<link href='//[::1'/>"]
)  # fmt: skip
xml_splices = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=1),
        st.floats(min_value=0, max_value=1),
        st.one_of(XML_SNIPPETS, st.binary(max_size=32)),
    ),
    max_size=4,
)


@CHEAP
@given(which=st.sampled_from(["/sitemap_index.xml", "/post-sitemap.xml", "/feed/"]),
       edits=xml_splices)  # fmt: skip
def test_sitemap_and_feed_parsers_survive_mutated_replica_lists(which: str, edits: Any) -> None:
    body = mutate(replica_lists()[which], edits)
    read_list(sitemap_links, body)
    read_list(feed_links, body)


@pytest.mark.parametrize("which", ["/sitemap_index.xml", "/post-sitemap.xml", "/feed/"])
def test_the_unmutated_replica_lists_are_read(which: str) -> None:
    """The seeds themselves: the parsers find links in them (else the fuzzing proves little)."""
    body = replica_lists()[which]
    found = feed_links(SITE, body) if which == "/feed/" else sitemap_links(SITE, body).urls
    assert found


# --- Requisite finders -------------------------------------------------------------------------
@FUZZ
@given(seed=st.integers(min_value=0), edits=splices)
def test_requisite_finders_survive_mutated_pages(seed: int, edits: Any) -> None:
    pages = post_pages() + source_pages()
    html = mutate(pages[seed % len(pages)], edits)

    def run() -> None:
        try:
            document = lxml_html.document_fromstring(html)
        except Exception:  # lxml refuses empty documents: there is nothing to load
            return
        html_requisites(f"{SITE}/page/", document)

    timed(run)


@CHEAP
@given(css=st.text(max_size=300), srcset=st.text(max_size=100))
def test_css_and_srcset_readers_take_any_text(css: str, srcset: str) -> None:
    timed(lambda: css_requisites(f"{SITE}/style.css", css + "url(" + css))
    timed(lambda: srcset_urls(srcset))
