from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net_error
from twisted.python.failure import Failure

from topten_crawler import errors


def reason_of(exception: BaseException) -> str:
    return errors.failure_reason(Failure(exception))


@pytest.mark.parametrize(
    ("status", "reason"), [(404, "http_404"), (410, "http_410"), (503, "http_5xx")]
)
def test_http_errors(status: int, reason: str) -> None:
    response = Response("http://127.0.0.1/x", status=status, request=Request("http://127.0.0.1/x"))
    assert reason_of(HttpError(response)) == reason


def test_network_errors() -> None:
    assert reason_of(net_error.DNSLookupError()) == "dns"
    assert reason_of(net_error.TimeoutError()) == "timeout"
    assert reason_of(net_error.ConnectionRefusedError()) == "connection"
    for name, reason in [
        ("CannotResolveHostError", "dns"),
        ("DownloadTimeoutError", "timeout"),
        ("DownloadConnectionRefusedError", "connection"),
    ]:
        error_class = getattr(__import__("scrapy.exceptions", fromlist=[name]), name, None)
        if error_class is not None:
            assert reason_of(error_class("x")) == reason


def test_robots_and_size() -> None:
    assert reason_of(IgnoreRequest("Forbidden by robots.txt")) == "robots"
    cancelled = errors.CANCELLED_ERRORS[0]
    assert (
        reason_of(cancelled("received (25000000) bytes larger than download max size"))
        == "too_large"
    )
