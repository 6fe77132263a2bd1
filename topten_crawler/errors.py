"""The reason code of a failed request, as the stats, the report and the records name it.

Every failure maps to a member of :class:`~topten_crawler.reasons.Reason`, a closed list: the
project's own refusals carry theirs (``reason``), Scrapy's and Twisted's errors are looked up
here, and an error that nothing here knows is ``other`` (the spider counts its type).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from OpenSSL import SSL
from scrapy import exceptions as scrapy_errors
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer
from twisted.internet import error as net_error
from twisted.web import _newclient

from topten_crawler.reasons import Reason, http_status_reason

if TYPE_CHECKING:
    from twisted.python.failure import Failure

__all__ = ["Reason", "exception_reason", "failure_reason", "http_status_reason"]


class HeadersTooLarge(Exception):
    """A header line of the answer is longer than the client reads (raised by the parser)."""


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
# Scrapy cancels a download for one reason only: its body passed the size limit, announced
# (the message says "max size") or as received, which is how a chunked body ends. A download
# that takes too long ends as DownloadTimeoutError instead.
CANCELLED_ERRORS = (*_classes("DownloadCancelledError"), defer.CancelledError)
# The body ended before its Content-Length (or its last chunk).
DATA_LOSS_ERRORS = (
    *_classes("ResponseDataLossError"),
    *_classes("_DataLoss", module=_newclient),
)
TLS_ERRORS = (SSL.Error, net_error.SSLError)
CONNECTION_ERRORS = (
    *_classes("DownloadConnectionRefusedError", "DownloadFailedError"),
    net_error.ConnectionRefusedError,
    net_error.ConnectionLost,
    net_error.ConnectionDone,
    net_error.ConnectError,
    _newclient.ResponseFailed,
    _newclient.RequestTransmissionFailed,
)
# What Scrapy's own IgnoreRequest messages say, for the refusals that carry no reason.
IGNORE_MESSAGES = (
    ("robots.txt", Reason.ROBOTS),
    ("max redirections", Reason.TOO_MANY_REDIRECTS),
    ("DOWNLOAD_MAXSIZE", Reason.TOO_LARGE),  # a body that inflates past the size limit
)


def failure_reason(failure: Failure) -> Reason:
    """The reason code of a failed request: ``http_404``, ``dns``, ``timeout``, ``robots``..."""
    return exception_reason(failure.value)


def exception_reason(error: BaseException | None) -> Reason:
    """The reason code of the exception a request failed with."""
    own_reason = getattr(error, "reason", None)
    if isinstance(own_reason, Reason):  # the project's own refusals name their reason
        return own_reason
    if isinstance(error, HttpError):
        return http_status_reason(error.response.status)
    if isinstance(error, scrapy_errors.IgnoreRequest):
        message = str(error)
        for words, reason in IGNORE_MESSAGES:
            if words in message:
                return reason
        return Reason.OTHER
    causes = list(_causes(error))
    for classes, reason in (
        (DNS_ERRORS, Reason.DNS),
        (TIMEOUT_ERRORS, Reason.TIMEOUT),
        (CANCELLED_ERRORS, Reason.TOO_LARGE),
        ((HeadersTooLarge,), Reason.HEADERS_TOO_LARGE),
        (DATA_LOSS_ERRORS, Reason.TRUNCATED),
        (TLS_ERRORS, Reason.TLS),
    ):
        if any(isinstance(cause, classes) for cause in causes):
            return reason
    if isinstance(error, CONNECTION_ERRORS):
        return Reason.CONNECTION
    return Reason.OTHER


def _causes(error: BaseException | None) -> Iterator[BaseException]:
    """The error, what it was raised from, and what Twisted's wrapper exceptions hold: a
    download error of Scrapy wraps Twisted's ``ResponseFailed``, which lists the failures
    underneath (a parse error, a lost connection, a TLS alert)."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.append(current.__cause__)
        for wrapped in getattr(current, "reasons", None) or ():
            pending.append(getattr(wrapped, "value", None))
