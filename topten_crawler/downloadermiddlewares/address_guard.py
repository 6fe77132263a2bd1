"""Refuses to fetch cited sources on private, loopback, link-local or reserved addresses."""

from __future__ import annotations

import asyncio
import logging
import socket
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from topten_crawler.addresses import IPNetwork, blocked_outside, parse_networks
from topten_crawler.crawlfolder.run import CrawlRun

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


class BlockedAddressError(IgnoreRequest):
    """The request's host is on an address that this crawl does not fetch from."""

    reason = "blocked_address"


class UnresolvableHostError(IgnoreRequest):
    """The host is under a name reserved never to resolve (RFC 6761's ``.invalid``)."""

    reason = "dns"


# Names that no resolver may answer (RFC 6761): asking would only add a failed look-up, a
# retry and a robots.txt error to the log. Pages use them for links that must go nowhere.
UNRESOLVABLE_SUFFIXES = (".invalid", ".invalid.")


class AddressGuardMiddleware:
    """Blocks requests to hosts that resolve to non-global addresses.

    The digest site itself (the sites of the crawl's seeds, :attr:`CrawlRun.sites`) is exempt,
    so a crawl of an intranet mirror or of the loopback replica works. The check runs on every
    request that reaches the downloader, each redirect hop and each robots.txt included, before
    anything is sent, and again on the address the response actually came from (a host may
    resolve differently twice). ``TOPTEN_ALLOWED_ADDRESSES`` lets named addresses and networks
    through (the demo's replica outlets, an intranet's news server);
    ``TOPTEN_ALLOW_PRIVATE_ADDRESSES = True`` lifts the rule altogether.
    A host under ``.invalid`` (reserved never to resolve) fails at once as ``dns``.
    Stats: ``topten/address_guard/blocked``, ``topten/address_guard/checked``,
    ``topten/address_guard/unresolvable``.
    """

    def __init__(
        self,
        crawler: Crawler,
        run: CrawlRun,
        allow_private: bool,
        allowed: tuple[IPNetwork, ...] = (),
    ) -> None:
        self.crawler = crawler
        self.run = run
        self.allow_private = allow_private
        self.allowed = allowed
        self._resolved: dict[tuple[str, int], list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        settings = crawler.settings
        return cls(
            crawler,
            CrawlRun.from_crawler(crawler),
            settings.getbool("TOPTEN_ALLOW_PRIVATE_ADDRESSES"),
            parse_networks(settings.get("TOPTEN_ALLOWED_ADDRESSES")),
        )

    def _exempt(self, url: str) -> bool:
        if self.allow_private or not url.startswith(("http://", "https://")):
            return True
        return self.run.owns(url)

    async def process_request(self, request: Request) -> None:
        parts = urlparse_cached(request)
        host = parts.hostname or ""
        if host.endswith(UNRESOLVABLE_SUFFIXES):
            self.crawler.stats.inc_value("topten/address_guard/unresolvable")
            raise UnresolvableHostError(f"{host} is reserved never to resolve")
        if self._exempt(request.url):
            return
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = await self._resolve(host, port)
        self.crawler.stats.inc_value("topten/address_guard/checked")
        blocked = blocked_outside(addresses, self.allowed)
        if blocked:
            self._block(request.url, blocked[0])

    def process_response(self, request: Request, response: Response) -> Response:
        if self._exempt(response.url) or response.ip_address is None:
            return response
        if blocked_outside([str(response.ip_address)], self.allowed):
            self._block(response.url, str(response.ip_address))
        return response

    async def _resolve(self, host: str, port: int) -> list[str]:
        key = (host, port)
        if key not in self._resolved:
            try:
                infos: list[Any] = await asyncio.get_running_loop().getaddrinfo(
                    host, port, type=socket.SOCK_STREAM
                )
            except OSError:
                # Unresolvable: the download itself fails with a DNS error, recorded as such.
                infos = []
            self._resolved[key] = sorted({str(info[4][0]) for info in infos})
        return self._resolved[key]

    def _block(self, url: str, address: str) -> None:
        self.crawler.stats.inc_value("topten/address_guard/blocked")
        logger.info("Not fetching %s: its host is on the non-public address %s", url, address)
        raise BlockedAddressError(f"blocked address {address} for {url}")
