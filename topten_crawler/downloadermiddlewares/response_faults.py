"""Fails the answers that Scrapy would pass on as pages, each with its reason code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest

from topten_crawler.faults import compressed_body_fault, redirect_fault

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from topten_crawler.reasons import Reason

# The statuses Scrapy's RedirectMiddleware follows when they carry a Location.
FOLLOWED_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FaultyResponse(IgnoreRequest):
    """An answer that arrived but is a failure; the request's errback gets it, with the
    response (its status and WARC record belong in the failure's record)."""

    def __init__(self, reason: Reason, response: Response) -> None:
        super().__init__(f"{reason}: {response.status} {response.url}")
        self.reason = reason
        self.response = response


class ResponseFaultsMiddleware:
    """Between the download and Scrapy's redirect and decompression middlewares (610: each
    response reaches it before RedirectMiddleware at 600 and HttpCompressionMiddleware at
    590), it fails, with the errback's reason:

    - a redirect to a non-HTTP scheme or an invalid URL (``bad_redirect``), which Scrapy would
      hand on as the page;
    - a redirect loop (``too_many_redirects``) at its first repeat, which on the digest site
      Scrapy's duplicate filter would drop without a word, and a chain longer than
      ``REDIRECT_MAX_TIMES`` (the same);
    - a gzip or deflate body that ends early or is broken (``truncated``), which Scrapy would
      inflate into a shorter page, and one that inflates past the size limit (``too_large``).

    Settings: ``REDIRECT_MAX_TIMES``, ``DOWNLOAD_MAXSIZE`` (a request's ``download_maxsize``
    first). Stats: ``topten/faults/<reason>``. The response itself is archived all the same
    (the WARC extension writes every exchange as it arrives).
    """

    def __init__(self, crawler: Crawler, max_redirects: int, max_size: int) -> None:
        self.crawler = crawler
        self.max_redirects = max_redirects
        self.max_size = max_size

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ResponseFaultsMiddleware:
        settings = crawler.settings
        return cls(
            crawler, settings.getint("REDIRECT_MAX_TIMES"), settings.getint("DOWNLOAD_MAXSIZE")
        )

    def process_response(self, request: Request, response: Response) -> Response:
        fault = self._redirect_fault(request, response) or compressed_body_fault(
            response.body,
            [value.decode("latin-1") for value in response.headers.getlist("Content-Encoding")],
            int(request.meta.get("download_maxsize", self.max_size)),
        )
        if fault is None or request.method == "HEAD":
            return response
        self.crawler.stats.inc_value(f"topten/faults/{fault}")
        # The engine ties a response to its request only once the middlewares pass it on;
        # the errback reads the WARC record's position from the request's meta through it.
        response.request = request
        raise FaultyResponse(fault, response)

    def _redirect_fault(self, request: Request, response: Response) -> Reason | None:
        location = response.headers.get("Location")
        if (
            response.status not in FOLLOWED_REDIRECTS
            or location is None
            or request.meta.get("dont_redirect")
            or request.meta.get("handle_httpstatus_all")
            or response.status in request.meta.get("handle_httpstatus_list", ())
        ):
            return None
        return redirect_fault(
            request.url, location, request.meta.get("redirect_urls", []), self.max_redirects
        )
