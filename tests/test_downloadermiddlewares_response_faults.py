"""The response faults middleware, driven without the engine."""

from __future__ import annotations

import gzip

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from topten_crawler.downloadermiddlewares.response_faults import (
    FaultyResponse,
    ResponseFaultsMiddleware,
)

URL = "http://outlet.example/story"


def middleware(max_size: int = 1_000_000) -> ResponseFaultsMiddleware:
    crawler = get_crawler(settings_dict={"REDIRECT_MAX_TIMES": 10, "DOWNLOAD_MAXSIZE": max_size})
    crawler.stats.open_spider()
    return ResponseFaultsMiddleware.from_crawler(crawler)


def answer(status: int = 200, body: bytes = b"", **headers: str) -> Response:
    names = {name.replace("_", "-"): value for name, value in headers.items()}
    return Response(URL, status=status, body=body, headers=names)


def fault_of(mw: ResponseFaultsMiddleware, request: Request, response: Response) -> str | None:
    try:
        mw.process_response(request, response)
    except FaultyResponse as fault:
        assert fault.response is response and response.request is request
        return str(fault.reason)
    return None


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("javascript:alert(1)", "bad_redirect"),
        ("file:///etc/passwd", "bad_redirect"),
        ("data:text/html,hi", "bad_redirect"),
        ("http://outlet.example:99999/", "bad_redirect"),
        ("/story", "too_many_redirects"),
        ("/elsewhere", None),
    ],
)
def test_redirects(location: str, reason: str | None) -> None:
    assert fault_of(middleware(), Request(URL), answer(302, Location=location)) == reason


def test_a_loop_the_long_chain_and_what_the_spider_handles_itself() -> None:
    mw = middleware()
    looped = Request(URL, meta={"redirect_urls": ["http://outlet.example/other"]})
    assert fault_of(mw, looped, answer(301, Location="/other")) == "too_many_redirects"
    chain = [f"http://outlet.example/{n}" for n in range(10)]
    long = Request(URL, meta={"redirect_urls": chain, "redirect_times": 10})
    assert fault_of(mw, long, answer(302, Location="/next")) == "too_many_redirects"
    own = Request(URL, meta={"dont_redirect": True})
    assert fault_of(mw, own, answer(302, Location="javascript:x")) is None
    # A 3xx that Scrapy does not follow is left to it (the spider sees an HTTP error).
    assert fault_of(mw, Request(URL), answer(304, Location="javascript:x")) is None
    assert mw.crawler.stats.get_value("topten/faults/too_many_redirects") == 2


def test_compressed_bodies() -> None:
    mw = middleware(max_size=100_000)
    whole = gzip.compress(b"words " * 10_000)
    assert fault_of(mw, Request(URL), answer(200, whole, Content_Encoding="gzip")) is None
    cut = whole[: len(whole) // 2]
    assert fault_of(mw, Request(URL), answer(200, cut, Content_Encoding="gzip")) == "truncated"
    bomb = gzip.compress(b" " * 5_000_000)
    assert fault_of(mw, Request(URL), answer(200, bomb, Content_Encoding="gzip")) == "too_large"
    # A source's own limit (download_maxsize in its meta) is the one that holds.
    roomy = Request(URL, meta={"download_maxsize": 10_000_000})
    assert fault_of(mw, roomy, answer(200, bomb, Content_Encoding="gzip")) is None
    head = Request(URL, method="HEAD")
    assert fault_of(mw, head, answer(200, cut, Content_Encoding="gzip")) is None
