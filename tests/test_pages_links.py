"""A page's links read once, in normal form, at most so many; the rest counted."""

from __future__ import annotations

from lxml import html

from topten_crawler.pages.links import page_links

BASE = "https://digest.example/world/a-post/"


def test_links_in_document_order_in_normal_form_each_once() -> None:
    document = html.document_fromstring(
        '<p><a href="/b/?utm_source=x">b</a> <a name="anchor">no href</a>'
        '<a href="https://Other.example:443/c#top">c</a> <a href="/b/">b again</a>'
        '<a href="mailto:x@y.z">mail</a> <a href="javascript:void(0)">js</a></p>'
    )
    found = page_links(BASE, document, limit=0)
    assert found.urls == ["https://digest.example/b/", "https://other.example/c"]
    assert found.cut == 0


def test_links_past_the_limit_are_counted_not_read() -> None:
    anchors = "".join(f'<a href="/p{n}/">{n}</a>' for n in range(50))
    found = page_links(BASE, html.document_fromstring(f"<div>{anchors}</div>"), limit=20)
    assert found.urls == [f"https://digest.example/p{n}/" for n in range(20)]
    assert found.cut == 30
