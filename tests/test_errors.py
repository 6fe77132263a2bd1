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


def response(status: int = 200) -> Response:
    return Response("http://127.0.0.1/x", status=status, request=Request("http://127.0.0.1/x"))


def test_no_stray_codes() -> None:
    # What used to come out as http_302, ignored, cancelled and valueerror.
    assert reason_of(HttpError(response(302))) == "bad_redirect"
    assert reason_of(IgnoreRequest("max redirections reached")) == "too_many_redirects"
    assert reason_of(errors.CANCELLED_ERRORS[0]("")) == "too_large"  # a chunked body cut
    assert reason_of(IgnoreRequest("something new")) == "other"
    assert reason_of(ValueError("Port out of range")) == "other"
    decompressed = IgnoreRequest(
        "Ignored response <200 http://x/> because its body (40000 B compressed, 2000000 B "
        "decompressed so far) exceeded DOWNLOAD_MAXSIZE (1000000 B) during decompression."
    )
    assert reason_of(decompressed) == "too_large"


def test_what_the_download_fails_with_underneath() -> None:
    from scrapy.exceptions import DownloadFailedError, ResponseDataLossError
    from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

    assert reason_of(ResponseDataLossError()) == "truncated"
    too_long = DownloadFailedError("failed")
    too_long.__cause__ = ResponseFailed([Failure(errors.HeadersTooLarge("line"))])
    assert reason_of(too_long) == "headers_too_large"
    from OpenSSL import SSL

    tls = DownloadFailedError("failed")
    tls.__cause__ = ResponseNeverReceived([Failure(SSL.Error("certificate verify failed"))])
    assert reason_of(tls) == "tls"
    reset = DownloadFailedError("failed")
    reset.__cause__ = ResponseNeverReceived([Failure(net_error.ConnectionLost())])
    assert reason_of(reset) == "connection"


def test_the_project_refusals_name_their_reason() -> None:
    from topten_crawler.downloadermiddlewares.post_limit import PostLimitReached
    from topten_crawler.downloadermiddlewares.response_faults import FaultyResponse
    from topten_crawler.downloadhandlers.address_guard import (
        BlockedAddressError,
        UnresolvableHostError,
    )
    from topten_crawler.reasons import Reason

    assert reason_of(BlockedAddressError("x")) == "blocked_address"
    assert reason_of(UnresolvableHostError("x")) == "dns"
    assert reason_of(PostLimitReached("x")) == "post_limit"
    assert reason_of(FaultyResponse(Reason.TRUNCATED, response())) == "truncated"


@pytest.mark.parametrize(
    "exception",
    [
        net_error.DNSLookupError(), net_error.TimeoutError(), net_error.ConnectionRefusedError(),
        net_error.ConnectionLost(), net_error.ConnectionDone(), IgnoreRequest("x"),
        HttpError(response(999)), HttpError(response(418)), RuntimeError("x"), KeyError("x"),
    ],
)  # fmt: skip
def test_every_reason_is_on_the_closed_list(exception: BaseException) -> None:
    from topten_crawler.reasons import REASON_CODES

    assert reason_of(exception) in REASON_CODES
