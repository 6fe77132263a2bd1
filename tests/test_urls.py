from __future__ import annotations

import pytest

from topten_crawler.urls import DigestSite, UrlKind, absolute_http_url, host_key

SITE = DigestSite.from_seed("https://foreigndesknews.com/")


def test_www_and_bare_host_are_the_same_site() -> None:
    assert host_key("WWW.ForeignDeskNews.com") == "foreigndesknews.com"
    assert SITE.owns("http://www.foreigndesknews.com/trending/x/")
    assert not SITE.owns("https://foreigndesknews.com.evil.example/")
    assert not SITE.owns("https://thehill.com/")


def test_port_is_part_of_a_loopback_site() -> None:
    site = DigestSite.from_seed("http://127.0.0.1:8000/")
    assert site.owns("http://127.0.0.1:8000/a/")
    assert not site.owns("http://127.0.0.1:8001/a/")
    assert not site.owns("http://127.0.0.2:8000/a/")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://foreigndesknews.com/", UrlKind.LISTING),
        ("https://foreigndesknews.com/page/3/", UrlKind.LISTING),
        ("https://foreigndesknews.com/category/europe/", UrlKind.LISTING),
        ("https://foreigndesknews.com/category/europe/page/2/", UrlKind.LISTING),
        ("https://foreigndesknews.com/trending/irans-regime-doubles-down/", UrlKind.CANDIDATE),
        ("http://foreigndesknews.com/trending/houthi-attacks-hit-two-ships", UrlKind.CANDIDATE),
        ("https://foreigndesknews.com/about-2/", UrlKind.CANDIDATE),
        ("https://foreigndesknews.com/?p=123", UrlKind.CANDIDATE),
        ("https://foreigndesknews.com/?s=iran", UrlKind.SKIP),
        ("https://foreigndesknews.com/trending/x/?replytocom=5", UrlKind.SKIP),
        ("https://foreigndesknews.com/tag/iran/", UrlKind.SKIP),
        ("https://foreigndesknews.com/author/lisa/", UrlKind.SKIP),
        ("https://foreigndesknews.com/feed/", UrlKind.SKIP),
        ("https://foreigndesknews.com/trending/x/feed/", UrlKind.SKIP),
        ("https://foreigndesknews.com/trending/x/comment-page-2/", UrlKind.SKIP),
        ("https://foreigndesknews.com/wp-content/uploads/2024/02/a.jpg", UrlKind.SKIP),
        ("https://foreigndesknews.com/wp-json/wp/v2/posts", UrlKind.SKIP),
        ("https://thehill.com/policy/x/", UrlKind.SKIP),
    ],
)
def test_classify(url: str, kind: UrlKind) -> None:
    assert SITE.classify(url) is kind


def test_absolute_http_url() -> None:
    base = "https://foreigndesknews.com/trending/x/"
    assert absolute_http_url(base, "/europe/y/#comments") == "https://foreigndesknews.com/europe/y/"
    assert absolute_http_url(base, "mailto:a@b.c") is None
    assert absolute_http_url(base, "javascript:void(0)") is None
    assert absolute_http_url(base, "#top") is None
    assert absolute_http_url(base, "http://[bad") is None


def test_seed_must_be_http() -> None:
    with pytest.raises(ValueError, match="not an http"):
        DigestSite.from_seed("ftp://foreigndesknews.com/")
