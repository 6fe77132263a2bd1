"""Progress read from a crawl's stats, and the console's one-line log records."""

from __future__ import annotations

import logging
import sys

import pytest

from topten_crawler import terminal
from topten_crawler.progress import Progress, human_bytes, human_duration

STATS = {
    "topten/pages/post": 12,
    "topten/records/written/post": 10,
    "topten/sources/cited": 52,
    "topten/sources/fetched": 40,
    "topten/sources/error/http_404": 2,
    "topten/sources/error/dns": 1,
    "scheduler/enqueued": 300,
    "scheduler/dequeued": 180,
    "downloader/response_count": 200,
    "warc/bytes": 12_345_678,
    "start_time": "not a number",
}


def test_counts_come_from_the_crawls_own_stats() -> None:
    progress = Progress.from_stats(STATS, elapsed=10.0)
    assert progress.posts_found == 12 and progress.posts_recorded == 10
    assert (progress.sources_cited, progress.sources_fetched) == (52, 40)
    assert progress.sources_failed == 3
    assert progress.queued == 120
    assert progress.pages_per_second == 20.0
    assert progress.line() == (
        "posts 12 found, 10 recorded | sources 40 of 52 fetched, 3 failed | queue 120 | "
        "20.0 pages/s | WARC 12.3 MB | 0:00:10"
    )


def test_the_rate_is_since_the_previous_reading() -> None:
    first = Progress.from_stats(STATS, elapsed=10.0)
    later = Progress.from_stats(
        {**STATS, "downloader/response_count": 260}, elapsed=13.0, previous=first
    )
    assert later.pages_per_second == 20.0
    assert Progress.from_stats({}, elapsed=0.0).line().startswith("posts 0 found, 0 recorded")


@pytest.mark.parametrize(
    ("size", "text"), [(0, "0 B"), (999, "999 B"), (1500, "1.5 KB"), (2_800_000, "2.8 MB")]
)
def test_human_bytes(size: int, text: str) -> None:
    assert human_bytes(size) == text


def test_human_duration() -> None:
    assert human_duration(3725.9) == "1:02:05"


def record(name: str, level: int, message: str, exc: bool = False) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise ConnectionRefusedError("refused")
        except ConnectionRefusedError:
            exc_info = sys.exc_info()
    return logging.LogRecord(name, level, __file__, 1, message, None, exc_info)


def test_console_lines_carry_no_traceback_but_the_record_keeps_it() -> None:
    error = record("scrapy.core.engine", logging.ERROR, "Error downloading <GET x>", exc=True)
    line = terminal.OneLineFormatter().format(error)
    assert line.endswith("[scrapy.core.engine] ERROR: Error downloading <GET x>")
    assert "Traceback" not in line
    assert error.exc_info is not None  # the crawl log's handler still gets it
    assert "Traceback" in logging.Formatter().format(error)


def test_per_request_download_errors_stay_off_the_console() -> None:
    quiet = terminal.PerRequestErrors()
    retry = record("scrapy.downloadermiddlewares.retry", logging.ERROR, "Gave up retrying")
    assert not quiet.filter(retry)
    assert quiet.filter(record("topten_crawler.spiders.topten", logging.WARNING, "seed: x"))
    assert quiet.filter(record("scrapy.core.scraper", logging.CRITICAL, "disk full"))


def test_console_logging_replaces_an_earlier_console_handler() -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    try:
        first = terminal.install_console_logging(logging.INFO, per_request_errors=False)
        second = terminal.install_console_logging(logging.DEBUG, per_request_errors=True)
        assert first not in root.handlers and second in root.handlers
        assert not second.filters
    finally:
        for handler in list(root.handlers):
            if handler not in before:
                root.removeHandler(handler)
        root.setLevel(level)


def test_a_robots_txt_that_cannot_be_fetched_is_one_info_line() -> None:
    failure = record(
        "scrapy.downloadermiddlewares.robotstxt", logging.ERROR, "Error downloading <GET x>", True
    )
    assert terminal.RobotsTxtDownloadFailure().filter(failure)
    assert (failure.levelno, failure.levelname, failure.exc_info) == (logging.INFO, "INFO", None)
    other = record("scrapy.downloadermiddlewares.robotstxt", logging.ERROR, "Parse failed", True)
    terminal.RobotsTxtDownloadFailure().filter(other)
    assert other.levelno == logging.ERROR and other.exc_info is not None
