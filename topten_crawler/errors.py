"""Short reason codes for failed requests, as the stats, the report and the records name them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net_error
from twisted.internet.defer import CancelledError
from twisted.web._newclient import ResponseFailed

if TYPE_CHECKING:
    from twisted.python.failure import Failure


def http_status_reason(status: int) -> str:
    """``http_404``; all server errors as ``http_5xx`` (the record keeps the exact status)."""
    return "http_5xx" if 500 <= status <= 599 else f"http_{status}"


def failure_reason(failure: Failure) -> str:
    """The reason code of a failed request: ``http_404``, ``dns``, ``timeout``, ``robots``..."""
    value = failure.value
    if isinstance(value, HttpError):
        return http_status_reason(value.response.status)
    if isinstance(value, net_error.DNSLookupError):
        return "dns"
    if isinstance(value, net_error.TimeoutError | net_error.TCPTimedOutError):
        return "timeout"
    if isinstance(value, CancelledError):
        # Scrapy cancels a download that passes DOWNLOAD_MAXSIZE with this message.
        return "too_large" if "max size" in str(value) else "cancelled"
    if isinstance(value, IgnoreRequest):
        return "robots" if "robots.txt" in str(value) else "ignored"
    if isinstance(
        value,
        net_error.ConnectionRefusedError
        | net_error.ConnectionLost
        | net_error.ConnectionDone
        | net_error.ConnectError
        | ResponseFailed,
    ):
        return "connection"
    return type(value).__name__.lower()
