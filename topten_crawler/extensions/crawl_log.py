"""The crawl log extension: the whole log of a crawl, tracebacks included, in its folder."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

from topten_crawler.crawlfolder.run import CrawlRun
from topten_crawler.terminal import LOG_DATE_FORMAT, LOG_FORMAT, RobotsTxtDownloadFailure

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class CrawlLogFile(logging.FileHandler):
    """The crawl log; once the disk takes no more of it, it stops quietly.

    Python's own handling would print a traceback on the console for every later line; the
    component whose output failed reports the full disk, in one line.
    """

    failed = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.failed:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        self.failed = True


class CrawlLogExtension:
    """Writes every log record of the crawl to ``<crawl folder>/crawl.log``.

    A scheduled crawl is read afterwards: the console may have shown one line per problem
    (or nothing, under cron), but the log file keeps the whole story. A robots.txt that
    cannot be fetched is logged as one INFO line (``terminal.RobotsTxtDownloadFailure``).
    Settings, read once: ``TOPTEN_LOG_FILE_LEVEL`` (``INFO``; empty: NotConfigured).
    Signals: ``engine_stopped`` (the file is closed after Scrapy's closing stats are in it).
    """

    def __init__(self, run: CrawlRun, level: int) -> None:
        self.handler = CrawlLogFile(run.folder.log_file, encoding="utf-8", delay=False)
        self.handler.setLevel(level)
        self.handler.setFormatter(logging.Formatter(LOG_FORMAT, LOG_DATE_FORMAT))
        root = logging.getLogger()
        root.addHandler(self.handler)
        self.robots_filter = RobotsTxtDownloadFailure()
        logging.getLogger(RobotsTxtDownloadFailure.LOGGER).addFilter(self.robots_filter)
        # A root level above the file's would keep records from it (NOTSET lets all through).
        if root.level > level:
            root.setLevel(level)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlLogExtension:
        name = str(crawler.settings.get("TOPTEN_LOG_FILE_LEVEL") or "").upper()
        if not name:
            raise NotConfigured("TOPTEN_LOG_FILE_LEVEL is empty")
        level = logging.getLevelName(name)
        if not isinstance(level, int):
            raise ValueError(f"TOPTEN_LOG_FILE_LEVEL is not a log level: {name!r}")
        extension = cls(CrawlRun.from_crawler(crawler), level)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_stopped(self) -> None:
        logging.getLogger(RobotsTxtDownloadFailure.LOGGER).removeFilter(self.robots_filter)
        logging.getLogger().removeHandler(self.handler)
        with contextlib.suppress(OSError):
            self.handler.close()
