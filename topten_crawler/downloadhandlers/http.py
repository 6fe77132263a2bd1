"""Scrapy's HTTP/1.1 download handler, with the address guard at connect time.

Configured for ``http`` and ``https`` in ``DOWNLOAD_HANDLERS``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, NoReturn

from scrapy.core.downloader.handlers import http11
from scrapy.exceptions import CannotResolveHostError
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import error as net_error

from topten_crawler.addresses import AddressPolicy, exempt_endpoints, parse_networks
from topten_crawler.crawlfolder.run import CrawlRun
from topten_crawler.downloadhandlers.address_guard import (
    UNRESOLVABLE_SUFFIXES,
    BlockedAddressError,
    GuardedNameResolver,
    UnresolvableHostError,
)
from topten_crawler.errors import HeadersTooLarge

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


class HTTPDownloadHandler(http11.HTTP11DownloadHandler):
    """Downloads over HTTP/1.1 and refuses, where the connection is made, hosts on
    private, loopback, link-local or reserved addresses (``downloadhandlers/address_guard``).

    The digest site itself (the sites of the crawl's seeds) is exempt, so a crawl of an
    intranet mirror or of the loopback replica works. ``TOPTEN_ALLOWED_ADDRESSES`` lets named
    addresses and networks through (the demo's replica outlets, an intranet's news server);
    ``TOPTEN_ALLOW_PRIVATE_ADDRESSES = True`` lifts the rule altogether. A host under
    ``.invalid`` (reserved never to resolve) fails at once as ``dns``. A header line longer
    than the client reads fails the download as ``headers_too_large``, not as a lost
    connection.

    Stats: ``topten/address_guard/blocked`` (connections refused, robots.txt included),
    ``topten/address_guard/unresolvable``.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.run = CrawlRun.from_crawler(crawler)
        self.allow_private = settings.getbool("TOPTEN_ALLOW_PRIVATE_ADDRESSES")
        self.allowed = parse_networks(settings.get("TOPTEN_ALLOWED_ADDRESSES"))
        self.stats = crawler.stats
        self._pool._factory = _HeaderLimitedClientFactory
        self._guard: GuardedNameResolver | None = None

    def _guarded(self) -> GuardedNameResolver:
        """The reactor's resolver, wrapped at the first download: by then the resolver that
        Scrapy installs from ``TWISTED_DNS_RESOLVER`` is in place, and the seeds are known."""
        if self._guard is None:
            from twisted.internet import reactor

            self._guard = GuardedNameResolver.install(reactor)
            self._guard.policy = AddressPolicy(
                allow_private=self.allow_private,
                allowed=self.allowed,
                exempt=exempt_endpoints(self.run.seeds),
            )
        return self._guard

    async def download_request(self, request: Request) -> Response:
        host = urlparse_cached(request).hostname or ""
        if host.endswith(UNRESOLVABLE_SUFFIXES):
            self.stats.inc_value("topten/address_guard/unresolvable")
            raise UnresolvableHostError(f"{host} is reserved never to resolve")
        guard = self._guarded()
        proxy = request.meta.get("proxy")
        if proxy:  # the proxy connects to the host, so the host is checked before it is asked
            guard.exempt_proxy(str(proxy))
            parts = urlparse_cached(request)
            port = parts.port or (443 if parts.scheme == "https" else 80)
            refused = await maybe_deferred_to_future(guard.check(host, port))
            if refused is not None:
                self._refuse(request, refused)
        try:
            return await super().download_request(request)
        except (CannotResolveHostError, net_error.DNSLookupError):
            refused = guard.refusal(host)
            if refused is None:
                raise
            self._refuse(request, refused)

    def _refuse(self, request: Request, address: str) -> NoReturn:
        self.stats.inc_value("topten/address_guard/blocked")
        logger.info(
            "Not fetching %s: its host is on the non-public address %s", request.url, address
        )
        raise BlockedAddressError(f"blocked address {address} for {request.url}") from None


class _HeaderLimitedParser(http11._LenientHTTPClientParser):
    """Scrapy's lenient parser, failing with :class:`HeadersTooLarge` where Twisted's line
    reader would only drop the connection (which reads as a reset, ``connection``)."""

    def lineLengthExceeded(self, line: bytes) -> None:
        raise HeadersTooLarge(f"a header line of over {self.MAX_LENGTH} bytes")


class _HeaderLimitedProtocol(http11._LenientHTTP11ClientProtocol):
    def request(self, request: Any) -> Any:
        requested = super().request(request)
        # As Scrapy's lenient protocol does: the parser is made by request(), and its class
        # is the only way in. The subclass adds no state.
        assert self._parser is not None
        self._parser.__class__ = _HeaderLimitedParser
        return requested


class _HeaderLimitedClientFactory(http11._LenientHTTP11ClientFactory):
    def buildProtocol(self, addr: Any) -> Any:
        return _HeaderLimitedProtocol(self._quiescentCallback)  # type: ignore[no-untyped-call]
