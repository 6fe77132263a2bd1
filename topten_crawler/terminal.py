"""What the person at the terminal sees: one console, log lines without tracebacks, live progress.

The full log, tracebacks included, goes to the crawl folder's ``crawl.log``; the console gets
one line per event at the level the user asked for (``-q``, ``-v``), and per-request download
errors of cited sources are left to the records and the closing summary (a crawl of the real
site meets dozens of dead links: one warning each would bury what matters).

The console is one ``rich`` console on standard error, shared by the log handler and the live
progress display, so that log lines print above the live line instead of through it.
"""

from __future__ import annotations

import logging
import sys
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

LOG_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"
LOG_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
# Loggers whose per-request errors are about single downloads: in crawl.log, and counted in
# the stats and the records, but not printed one by one on the console unless asked (-v).
PER_REQUEST_LOGGERS = (
    "scrapy.downloadermiddlewares.retry",
    "scrapy.downloadermiddlewares.robotstxt",
    "scrapy.core.scraper",
    "scrapy.core.downloader",
)


@cache
def console() -> Console:
    """The process's one console on standard error."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def is_interactive() -> bool:
    return sys.stderr.isatty()


class OneLineFormatter(logging.Formatter):
    """Scrapy's log format without tracebacks: the log file keeps them."""

    def __init__(self) -> None:
        super().__init__(fmt=LOG_FORMAT, datefmt=LOG_DATE_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        # Formatting a copy: other handlers (the log file) still see the exception.
        plain = logging.makeLogRecord(record.__dict__)
        plain.exc_info = None
        plain.exc_text = None
        plain.stack_info = None
        return super().format(plain)


class PerRequestErrors(logging.Filter):
    """Drops the per-request download errors of :data:`PER_REQUEST_LOGGERS`."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.CRITICAL or not record.name.startswith(PER_REQUEST_LOGGERS)


class ConsoleHandler(logging.Handler):
    """Writes each record as one line to the shared console (above any live display)."""

    def __init__(self, level: int, *, per_request_errors: bool) -> None:
        super().__init__(level)
        self.setFormatter(OneLineFormatter())
        if not per_request_errors:
            self.addFilter(PerRequestErrors())

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
            console().print(line, markup=False, highlight=False, emoji=False)
        except Exception:
            self.handleError(record)


def install_console_logging(level: int, *, per_request_errors: bool) -> ConsoleHandler:
    """Route every log record to the console at ``level``, replacing other console handlers."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, ConsoleHandler):
            root.removeHandler(handler)
    handler = ConsoleHandler(level, per_request_errors=per_request_errors)
    root.addHandler(handler)
    # INFO at least: the crawl log in the crawl folder records INFO whatever the console shows.
    root.setLevel(min(level, logging.INFO))
    return handler


class RobotsTxtDownloadFailure(logging.Filter):
    """Scrapy logs a robots.txt that cannot be fetched as an ERROR with a traceback.

    For a dead cited host that is no error of the crawl: the request that needed the
    robots.txt fails next and becomes the source's error record. Attached to Scrapy's
    robots.txt logger, this makes such an entry one INFO line, in the console and the log.
    """

    LOGGER = "scrapy.downloadermiddlewares.robotstxt"

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.ERROR and str(record.msg).startswith("Error downloading"):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.exc_info, record.exc_text = None, None
        return True
