from __future__ import annotations

import pytest
from lxml import html

from topten_crawler.pages.requisites import (
    LoadsMore,
    Requisite,
    css_requisites,
    css_urls,
    html_requisites,
    srcset_urls,
    what_it_loads,
)

PAGE = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/wp-content/themes/newsblock/style.css?ver=1.2">
<link rel="icon" href="/favicon.ico">
<link rel="preload" as="font" href="/fonts/inter.woff2" crossorigin>
<link rel="preload" as="fetch" href="/api/data.json">
<link rel="alternate" type="application/rss+xml" href="/feed/">
<link rel="canonical" href="/trending/a/">
<script src="https://cdn.example/lib.js"></script>
<style>.hero { background: url('/img/hero.jpg') }</style>
</head><body>
<img src="/img/a.jpg" srcset="/img/a-300.jpg 300w, /img/a-600.jpg 600w">
<picture><source srcset="/img/b.webp 1x, /img/b@2x.webp 2x"><img src="/img/b.jpg"></picture>
<div style="background-image: url(/img/bg.png)"></div>
<iframe src="https://video.example/embed/1"></iframe>
<a href="/trending/b/">not a requisite</a>
<img src="data:image/gif;base64,R0lGOD">
</body></html>"""


def test_everything_a_browser_loads_to_render_the_page() -> None:
    found = html_requisites("https://site.example/trending/a/", html.document_fromstring(PAGE))
    assert found == [
        Requisite("https://site.example/wp-content/themes/newsblock/style.css?ver=1.2", "style"),
        Requisite("https://site.example/favicon.ico", "icon"),
        Requisite("https://site.example/fonts/inter.woff2", "font"),
        Requisite("https://cdn.example/lib.js", "script"),
        Requisite("https://site.example/img/a.jpg", "image"),
        Requisite("https://site.example/img/a-300.jpg", "image"),
        Requisite("https://site.example/img/a-600.jpg", "image"),
        Requisite("https://site.example/img/b.webp", "image"),
        Requisite("https://site.example/img/b@2x.webp", "image"),
        Requisite("https://site.example/img/b.jpg", "image"),
        Requisite("https://video.example/embed/1", "frame"),
        Requisite("https://site.example/img/hero.jpg", "image"),
        Requisite("https://site.example/img/bg.png", "image"),
    ]


def test_frames_of_frames_are_not_followed() -> None:
    found = html_requisites("https://site.example/", html.document_fromstring(PAGE), frames=False)
    assert all(r.kind != "frame" for r in found)


def test_srcset() -> None:
    assert srcset_urls("a.jpg 1x, b.jpg 2x") == ["a.jpg", "b.jpg"]
    assert srcset_urls("/x,y.jpg 300w, /z.jpg 600w") == ["/x,y.jpg", "/z.jpg"]
    assert srcset_urls("") == []


def test_stylesheets_load_imports_fonts_and_images() -> None:
    css = """
    @import "reset.css";
    @import url('print.css') print;
    /* url(commented-out.png) */
    @font-face { font-family: Inter; src: url(../fonts/inter.woff2) format("woff2"),
                 url("../fonts/inter.woff") format("woff"); }
    .logo { background: url( "img/logo.svg" ) no-repeat; }
    .dot { background: url(data:image/png;base64,AAAA); }
    .clip { clip-path: url(#shape); }
    """
    assert css_urls(css) == [
        "reset.css",
        "print.css",
        "../fonts/inter.woff2",
        "../fonts/inter.woff",
        "img/logo.svg",
    ]
    found = css_requisites("https://site.example/wp-content/themes/t/style.css", css)
    assert [(r.url.rsplit("/", 2)[-2:], r.kind) for r in found] == [
        (["t", "reset.css"], "style"),
        (["t", "print.css"], "style"),
        (["fonts", "inter.woff2"], "font"),
        (["fonts", "inter.woff"], "font"),
        (["img", "logo.svg"], "image"),
    ]


@pytest.mark.parametrize(
    ("content_type", "requested_as", "loads"),
    [
        ("text/css; charset=utf-8", "style", LoadsMore.STYLESHEET),
        ("text/css", "image", LoadsMore.STYLESHEET),  # the server's word is enough
        ("text/plain", "style", LoadsMore.STYLESHEET),  # linked as a stylesheet
        (None, "style", LoadsMore.STYLESHEET),
        ("text/html", "style", LoadsMore.NOTHING),  # an error page is no stylesheet
        ("text/html; charset=utf-8", "frame", LoadsMore.FRAME),
        ("text/html", "image", LoadsMore.NOTHING),
        ("image/png", "frame", LoadsMore.NOTHING),
        ("application/javascript", "script", LoadsMore.NOTHING),
    ],
)
def test_what_a_fetched_requisite_loads(
    content_type: str | None, requested_as: str, loads: LoadsMore
) -> None:
    assert what_it_loads(content_type, requested_as) is loads
