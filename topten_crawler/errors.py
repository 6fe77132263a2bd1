"""Short reason codes for failed requests, as the stats, the report and the records name them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import exceptions as scrapy_errors
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer
from twisted.internet import error as net_error
from twisted.web._newclient import ResponseFailed

if TYPE_CHECKING:
    from twisted.python.failure import Failure


def _classes(*names: str, module: object = scrapy_errors) -> tuple[type[BaseException], ...]:
    # Scrapy 2.14+ wraps Twisted's errors in its own download exceptions; older releases
    # raise Twisted's. Both are looked up so that either names the same reason.
    return tuple(getattr(module, name) for name in names if hasattr(module, name))


DNS_ERRORS = (*_classes("CannotResolveHostError"), net_error.DNSLookupError)
TIMEOUT_ERRORS = (
    *_classes("DownloadTimeoutError"),
    net_error.TimeoutError,
    net_error.TCPTimedOutError,
)
CANCELLED_ERRORS = (*_classes("DownloadCancelledError"), defer.CancelledError)
CONNECTION_ERRORS = (
    *_classes("DownloadConnectionRefusedError", "DownloadFailedError", "ResponseDataLossError"),
    net_error.ConnectionRefusedError,
    net_error.ConnectionLost,
    net_error.ConnectionDone,
    net_error.ConnectError,
    ResponseFailed,
)


def http_status_reason(status: int) -> str:
    """``http_404``; all server errors as ``http_5xx`` (the record keeps the exact status)."""
    return "http_5xx" if 500 <= status <= 599 else f"http_{status}"


def failure_reason(failure: Failure) -> str:
    """The reason code of a failed request: ``http_404``, ``dns``, ``timeout``, ``robots``..."""
    value = failure.value
    if isinstance(value, HttpError):
        return http_status_reason(value.response.status)
    if isinstance(value, DNS_ERRORS):
        return "dns"
    if isinstance(value, TIMEOUT_ERRORS):
        return "timeout"
    if isinstance(value, CANCELLED_ERRORS):
        # Scrapy cancels a download that passes DOWNLOAD_MAXSIZE with this message.
        return "too_large" if "max size" in str(value) else "cancelled"
    if isinstance(value, scrapy_errors.IgnoreRequest):
        # The project's own refusals (a blocked address, the post limit) name their reason.
        own_reason = getattr(value, "reason", None)
        if isinstance(own_reason, str):
            return own_reason
        return "robots" if "robots.txt" in str(value) else "ignored"
    if isinstance(value, CONNECTION_ERRORS):
        return "connection"
    return type(value).__name__.lower()
