"""The address guard, driven without the engine: every request, every redirect hop."""

from __future__ import annotations

import asyncio
from ipaddress import ip_address
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from topten_crawler.crawlfolder.run import CrawlRun
from topten_crawler.downloadermiddlewares.address_guard import (
    AddressGuardMiddleware,
    BlockedAddressError,
    UnresolvableHostError,
)

# What a resolver would answer on the open internet; nothing is looked up in these tests.
FAKE_DNS = {
    "news.example": ["93.184.215.14"],
    "intranet.example": ["10.0.0.7"],
    "mixed.example": ["93.184.215.14", "192.168.0.9"],
}


def guard(tmp_path: Path, allow_private: bool = False, allowed: str = "") -> AddressGuardMiddleware:
    crawler = get_crawler(
        settings_dict={
            "TOPTEN_ALLOW_PRIVATE_ADDRESSES": allow_private,
            "TOPTEN_ALLOWED_ADDRESSES": allowed,
            "TOPTEN_OUTPUT_DIR": str(tmp_path),
        }
    )
    middleware = AddressGuardMiddleware.from_crawler(crawler)
    CrawlRun.from_crawler(crawler).set_seeds(["http://127.0.0.1:8000/"])

    async def fake_resolve(host: str, port: int) -> list[str]:
        return FAKE_DNS.get(host, [host])

    middleware._resolve = fake_resolve  # type: ignore[method-assign]
    return middleware


def check(middleware: AddressGuardMiddleware, url: str) -> None:
    asyncio.run(middleware.process_request(Request(url)))


def test_public_hosts_are_fetched(tmp_path: Path) -> None:
    check(guard(tmp_path), "https://news.example/story")


@pytest.mark.parametrize(
    "url",
    [
        "https://intranet.example/wiki",
        "https://mixed.example/",  # one private address among its addresses is enough
        "http://127.0.0.2:8000/source",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
    ],
)
def test_non_public_hosts_are_blocked(url: str, tmp_path: Path) -> None:
    with pytest.raises(BlockedAddressError, match="blocked address"):
        check(guard(tmp_path), url)


def test_a_redirect_hop_is_checked_like_any_request(tmp_path: Path) -> None:
    middleware = guard(tmp_path)
    first = Request("https://news.example/story")
    asyncio.run(middleware.process_request(first))
    hop = first.replace(url="https://intranet.example/moved")  # as RedirectMiddleware builds it
    with pytest.raises(BlockedAddressError):
        asyncio.run(middleware.process_request(hop))


def test_the_digest_site_is_exempt_and_the_setting_lifts_the_rule(tmp_path: Path) -> None:
    check(guard(tmp_path), "http://127.0.0.1:8000/trending/a-post/")
    check(guard(tmp_path, allow_private=True), "http://127.0.0.2:8000/source")


def test_the_address_a_response_came_from_is_checked_too(tmp_path: Path) -> None:
    middleware = guard(tmp_path)
    request = Request("https://news.example/story")
    rebound = Response(request.url, request=request, ip_address=ip_address("10.0.0.8"))
    with pytest.raises(BlockedAddressError):
        middleware.process_response(request, rebound)
    fine = Response(request.url, request=request, ip_address=ip_address("93.184.215.14"))
    assert middleware.process_response(request, fine) is fine


def test_named_addresses_pass_and_no_others(tmp_path: Path) -> None:
    middleware = guard(tmp_path, allowed="127.0.0.2,10.0.0.0/29")
    check(middleware, "http://127.0.0.2:8000/source")
    check(middleware, "https://intranet.example/wiki")  # 10.0.0.7 is inside 10.0.0.0/29
    for url in ("http://127.0.0.3:8000/source", "https://mixed.example/"):
        with pytest.raises(BlockedAddressError):
            check(middleware, url)
    request = Request("http://127.0.0.2:8000/source")
    rebound = Response(request.url, request=request, ip_address=ip_address("127.0.0.9"))
    with pytest.raises(BlockedAddressError):
        middleware.process_response(request, rebound)


def test_names_reserved_never_to_resolve_are_not_asked(tmp_path: Path) -> None:
    middleware = guard(tmp_path, allow_private=True)  # even where every address is allowed
    for url in ("https://www.tagmanager.invalid/ns.html", "http://shop.invalid./"):
        with pytest.raises(UnresolvableHostError) as refused:
            check(middleware, url)
        assert refused.value.reason == "dns"
    assert middleware.crawler.stats.get_value("topten/address_guard/unresolvable") == 2
    check(middleware, "https://invalid.example/")  # only the reserved top-level name
