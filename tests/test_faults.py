"""Answers that arrived but fail, and URLs that cannot be asked (``faults.py``)."""

from __future__ import annotations

import gzip
import zlib

import pytest

from topten_crawler.faults import compressed_body_fault, page_fault, redirect_fault, url_fault

PAGE = b"<html><body>" + b"Some words of an article. " * 2000 + b"</body></html>"


@pytest.mark.parametrize(
    "url",
    [
        "http://outlet.example:99999/a",
        "http://outlet.example:P:P/a",
        "http://outlet.example:-1/a",
        "http://bad host.example/a",
        "http://bad%20host.example/a",
        "http://[::1/a",
        "http:///no-host",
        "ftp://outlet.example/a",
        "javascript:alert(1)",
    ],
)
def test_urls_that_cannot_be_asked(url: str) -> None:
    assert url_fault(url) == "invalid_url"


@pytest.mark.parametrize(
    "url",
    [
        "http://outlet.example/a b",  # a space in the path is escaped when asked
        "https://outlet.example:8443/a",
        "http://[::1]:8000/a",
        "http://2130706433/",
        "http://bücher.example/",
        "http://under_score.example/",
    ],
)
def test_urls_that_can_be_asked(url: str) -> None:
    assert url_fault(url) is None


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        (b"javascript:alert(1)", "bad_redirect"),
        (b"file:///etc/passwd", "bad_redirect"),
        (b"data:text/html,hello", "bad_redirect"),
        (b"mailto:someone@example.org", "bad_redirect"),
        (b"http://outlet.example:99999/", "bad_redirect"),
        (b"http://[::1/", "bad_redirect"),
        (b"", "bad_redirect"),
        (b"/start", "too_many_redirects"),  # to itself
        (b"/start#part", "too_many_redirects"),
        (b"/next", None),
        (b"//other.example/next", None),
    ],
)
def test_redirects(location: bytes, reason: str | None) -> None:
    assert redirect_fault("http://outlet.example/start", location, [], 10) == reason


def test_a_loop_and_a_long_chain() -> None:
    assert (
        redirect_fault("http://o.example/b", b"/a", ["http://o.example/a"], 10)
        == "too_many_redirects"
    )
    chain = [f"http://o.example/{n}" for n in range(10)]
    assert redirect_fault("http://o.example/10", b"/11", chain, 10) == "too_many_redirects"
    assert redirect_fault("http://o.example/10", b"/11", chain[:9], 10) is None


def test_a_whole_gzip_body_passes_and_a_cut_one_is_truncated() -> None:
    body = gzip.compress(PAGE)
    assert compressed_body_fault(body, ["gzip"], 0) is None
    assert compressed_body_fault(body, ["x-gzip"], len(PAGE)) is None
    for cut in (len(body) // 2, len(body) - 4, 11):
        assert compressed_body_fault(body[:cut], ["gzip"], 0) == "truncated"
    assert compressed_body_fault(b"not gzip at all", ["gzip"], 0) == "truncated"


def test_concatenated_members_and_trailing_bytes() -> None:
    two = gzip.compress(PAGE) + gzip.compress(PAGE)
    assert compressed_body_fault(two, ["gzip"], 0) is None
    assert compressed_body_fault(two[:-10], ["gzip"], 0) == "truncated"
    assert compressed_body_fault(gzip.compress(PAGE) + b"\n\n", ["gzip"], 0) is None


def test_deflate_with_and_without_its_zlib_header() -> None:
    assert compressed_body_fault(zlib.compress(PAGE), ["deflate"], 0) is None
    assert compressed_body_fault(zlib.compress(PAGE)[:-20], ["deflate"], 0) == "truncated"
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    body = raw.compress(PAGE) + raw.flush()
    assert compressed_body_fault(body, ["deflate"], 0) is None
    assert compressed_body_fault(body[: len(body) // 2], ["deflate"], 0) == "truncated"


def test_a_bomb_is_too_large_and_read_in_bounded_memory() -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024))
    assert len(bomb) < 100_000
    assert compressed_body_fault(bomb, ["gzip"], 1_000_000) == "too_large"
    assert compressed_body_fault(bomb, ["gzip"], 0) is None  # no limit


def test_other_encodings_and_empty_bodies_are_left_alone() -> None:
    assert compressed_body_fault(b"abc", ["br"], 0) is None
    assert compressed_body_fault(b"abc", ["gzip", "br"], 0) is None
    assert compressed_body_fault(b"", ["gzip"], 0) is None
    assert compressed_body_fault(PAGE, [], 0) is None


def test_pages_of_the_site_that_are_no_pages() -> None:
    assert page_fault(b"", True) == "empty"
    assert page_fault(b" \r\n\t", False) == "empty"
    assert page_fault(b"\x89PNG\r\n", False) == "not_html"
    assert page_fault(b"<html></html>", True) is None
