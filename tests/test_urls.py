from __future__ import annotations

import pytest

from topten_crawler.urls import (
    DigestSite,
    UrlKind,
    absolute_http_url,
    host_key,
    is_tracking_parameter,
    normal_url,
    trap_reason,
)

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


@pytest.mark.parametrize(
    "spelling",
    [
        "https://outlet.example/news/story?id=7",
        "HTTPS://Outlet.EXAMPLE/news/story?id=7",
        "https://outlet.example:443/news/story?id=7",
        "https://outlet.example/news/story?id=7#comments",
        "https://outlet.example/news/story?utm_source=fdn&id=7&utm_medium=email",
        "https://outlet.example/news/story?id=7&fbclid=IwAR0xyz&gclid=abc&mc_cid=1&mc_eid=2",
        "https://outlet.example/news/./story?id=7",
        "https://outlet.example/news/x/../story?id=7",
        "https://outlet.example/n%65ws/story?id=7",
    ],
)
def test_spellings_of_one_url_have_one_normal_form(spelling: str) -> None:
    assert normal_url(spelling) == "https://outlet.example/news/story?id=7"


def test_normal_form_keeps_what_names_the_page() -> None:
    assert normal_url("http://a.example:8080/P/Q?b=2&a=1") == "http://a.example:8080/P/Q?b=2&a=1"
    assert normal_url("https://a.example") == "https://a.example/"
    assert normal_url("https://a.example/x?utm_source=y") == "https://a.example/x"
    # A reserved character stays escaped (in upper case): decoding it would change the path.
    assert normal_url("https://a.example/a%2fb%c3%a9") == "https://a.example/a%2Fb%C3%A9"
    assert normal_url("http://[::1]:80/x") == "http://[::1]/x"
    assert normal_url("http://user@A.example:81/") == "http://user@a.example:81/"


@pytest.mark.parametrize(
    "url",
    [
        "https://a.example:99999/x",
        "https://a.example:P:P/x",
        "http://[bad/x",
        "https://a b.example/",
    ],
)
def test_normal_form_never_raises(url: str) -> None:
    assert normal_url(url + "#f") == normal_url(url)


def test_tracking_parameters_are_data() -> None:
    assert is_tracking_parameter("UTM_Campaign")
    assert is_tracking_parameter("fbclid")
    assert not is_tracking_parameter("id")
    assert not is_tracking_parameter("p")


def test_a_post_linked_with_tracking_parameters_is_still_a_candidate() -> None:
    url = "https://foreigndesknews.com/trending/x/?utm_source=twitter&fbclid=abc"
    assert SITE.classify(url) is UrlKind.CANDIDATE


@pytest.mark.parametrize(
    "url",
    [
        "https://foreigndesknews.com/2024/",
        "https://foreigndesknews.com/2024/02/",
        "https://foreigndesknews.com/2024/02/13/",
        "https://foreigndesknews.com/2024/02/page/3/",
    ],
)
def test_date_archives_are_listings(url: str) -> None:
    assert SITE.classify(url) is UrlKind.LISTING


def test_dated_post_is_a_candidate() -> None:
    assert SITE.classify("https://foreigndesknews.com/2024/02/13/a-post/") is UrlKind.CANDIDATE


def test_page_key_joins_spellings_of_one_page() -> None:
    keys = {
        SITE.page_key(url)
        for url in (
            "https://foreigndesknews.com/trending/a-post/",
            "https://foreigndesknews.com/trending/a-post",
            "https://www.foreigndesknews.com/Trending/A-Post/",
            "http://FOREIGNDESKNEWS.com:80/trending/a-post/?utm_source=x#top",
            "https://foreigndesknews.com/trending/a-p%6Fst/",
        )
    }
    assert keys == {"foreigndesknews.com/trending/a-post/"}
    assert SITE.page_key("https://foreigndesknews.com/?p=12") == "foreigndesknews.com/?p=12"
    assert SITE.page_key("https://foreigndesknews.com/a.pdf") == "foreigndesknews.com/a.pdf"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://foreigndesknews.com/trending/a-post/", None),
        ("https://foreigndesknews.com/2024/02/02/", None),
        ("https://foreigndesknews.com/page/2/page/3/page/4/", "repeating_path"),
        ("https://foreigndesknews.com/a/b/a/b/a/b/", "repeating_path"),
        ("https://foreigndesknews.com/" + "x/" * 3 + "y" * 2100, "url_too_long"),
        ("https://foreigndesknews.com/" + "".join(f"s{i}/" for i in range(17)), "deep_path"),
    ],
)
def test_trap_reason(url: str, reason: str | None) -> None:
    assert trap_reason(url) == reason


def test_a_malformed_port_is_kept_as_it_came() -> None:
    assert normal_url("https://Outlet.example:P:P/b") == "https://outlet.example:P:P/b"
