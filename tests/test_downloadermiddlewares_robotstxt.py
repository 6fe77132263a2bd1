"""How ``ArchivalRobotsTxtMiddleware`` reads a robots.txt that did not answer 2xx (RFC 9309):
a 4xx or a redirect that leads nowhere is no robots.txt (all allowed); a 5xx, a 429, a timeout
or a failed connection is an unreachable one (nothing allowed), and the requests it refuses
carry the host's own failure when the host cannot be reached at all. The archived copy that
stands in is tested end to end (``test_e2e_robots.py``)."""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.test import get_crawler
from twisted.internet import error as net_error
from twisted.internet.defer import Deferred

from topten_crawler.downloadermiddlewares.robotstxt import (
    ArchivalRobotsTxtMiddleware,
    RobotsTxtUnreachable,
    UnreachableRobots,
)
from topten_crawler.errors import exception_reason
from topten_crawler.reasons import Reason

NETLOC = "outlet.test"
ROBOTS_URL = f"https://{NETLOC}/robots.txt"
PAGE = Request(f"https://{NETLOC}/news/article")


def middleware() -> ArchivalRobotsTxtMiddleware:
    crawler = get_crawler(settings_dict={"ROBOTSTXT_OBEY": True, "TOPTEN_STATE_ENABLED": False})
    assert crawler.stats is not None
    crawler.stats.open_spider()
    robots = ArchivalRobotsTxtMiddleware.from_crawler(crawler)
    assert robots.store is None  # no crawl-state store: no archived copies
    # As ``robot_parser`` leaves it while the robots.txt download runs.
    robots._parsers[NETLOC] = Deferred()
    robots._robots_urls[NETLOC] = ROBOTS_URL
    return robots


def answered(status: int) -> ArchivalRobotsTxtMiddleware:
    robots = middleware()
    response = Response(ROBOTS_URL, status=status, body=b"User-agent: *\nDisallow: /\n")
    asyncio.run(robots._parse_robots(response, NETLOC, PAGE))
    return robots


def stat(robots: ArchivalRobotsTxtMiddleware, name: str) -> object:
    assert robots.crawler.stats is not None
    return robots.crawler.stats.get_value(name)


def refusal(robots: ArchivalRobotsTxtMiddleware) -> RobotsTxtUnreachable:
    parser = robots._parsers[NETLOC]
    assert isinstance(parser, UnreachableRobots)
    with pytest.raises(RobotsTxtUnreachable) as refused:
        robots.process_request_2(parser, PAGE)
    return refused.value


@pytest.mark.parametrize("status", [404, 410, 401, 403])
def test_a_client_error_means_no_robots_txt_and_everything_is_allowed(status: int) -> None:
    # The error page's body ("Disallow: /" here) is no robots.txt: it is not read.
    robots = answered(status)
    assert robots._parsers[NETLOC] is None
    robots.process_request_2(None, PAGE)  # allowed: nothing raised
    assert stat(robots, "topten/robots/unavailable") == 1
    assert stat(robots, f"robotstxt/response_status_count/{status}") == 1


@pytest.mark.parametrize(
    ("status", "reason"),
    [(503, "http_5xx"), (500, "http_5xx"), (429, "http_429"), (304, "http_other")],
)
def test_a_5xx_429_or_unanswered_304_disallows_the_whole_host(status: int, reason: str) -> None:
    # A 304 arrives only when the archive could not answer the conditional request for it.
    robots = answered(status)
    refused = refusal(robots)
    assert exception_reason(refused) == Reason.ROBOTS_UNREACHABLE
    assert ROBOTS_URL in str(refused) and reason in str(refused)
    assert stat(robots, "topten/robots/unreachable") == 1
    assert stat(robots, f"topten/robots/unreachable/{reason}") == 1
    assert stat(robots, "topten/robots/refused") == 1


def test_a_timeout_disallows_the_whole_host() -> None:
    robots = middleware()
    robots._robots_error(net_error.TimeoutError(), NETLOC)
    assert exception_reason(refusal(robots)) == Reason.ROBOTS_UNREACHABLE
    assert stat(robots, "topten/robots/unreachable/timeout") == 1


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (net_error.ConnectionRefusedError(), Reason.CONNECTION),
        (net_error.DNSLookupError(), Reason.DNS),
    ],
)
def test_a_host_that_cannot_be_reached_fails_its_requests_with_its_own_reason(
    error: Exception, reason: Reason
) -> None:
    # What the request itself would have met: link rot reads it as a dead host.
    robots = middleware()
    robots._robots_error(error, NETLOC)
    assert exception_reason(refusal(robots)) == reason


def test_a_redirect_loop_means_no_robots_txt() -> None:
    robots = middleware()
    robots._robots_error(IgnoreRequest("max redirections reached"), NETLOC)
    assert robots._parsers[NETLOC] is None
    assert stat(robots, "topten/robots/unavailable") == 1


def test_waiting_requests_go_on_with_the_parser_found() -> None:
    robots = middleware()
    waiting = robots._parsers[NETLOC]
    assert isinstance(waiting, Deferred)
    results: list[object] = []
    waiting.addCallback(results.append)
    robots._robots_error(net_error.TimeoutError(), NETLOC)
    assert len(results) == 1 and isinstance(results[0], UnreachableRobots)
