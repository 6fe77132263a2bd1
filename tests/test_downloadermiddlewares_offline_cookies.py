"""Nothing may be fetched at run time behind the archivist's back."""

from __future__ import annotations

import socket

import pytest
from scrapy.downloadermiddlewares import cookies as scrapy_cookies

from topten_crawler.downloadermiddlewares import offline_cookies as offline


def test_cookie_middleware_public_suffix_lookups_never_download(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert scrapy_cookies._split_domain is offline.OFFLINE_SUFFIX_EXTRACTOR
    assert offline.OFFLINE_SUFFIX_EXTRACTOR.suffix_list_urls == ()
    # "co.uk" is a public suffix and "blogspot.com" a private one: both answered offline.
    assert scrapy_cookies._is_public_domain("co.uk")
    assert scrapy_cookies._is_public_domain("blogspot.com")
    assert not scrapy_cookies._is_public_domain("foreigndesknews.com")


def test_the_project_settings_use_the_offline_middleware() -> None:
    from topten_crawler import settings

    middlewares = settings.DOWNLOADER_MIDDLEWARES
    assert middlewares["scrapy.downloadermiddlewares.cookies.CookiesMiddleware"] is None
    assert (
        "topten_crawler.downloadermiddlewares.offline_cookies.OfflineCookiesMiddleware"
        in middlewares
    )
