"""The progress extension: a live line on a terminal, or a progress entry in the log."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from topten_crawler import terminal
from topten_crawler.progress import Progress

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# The live line is redrawn this often; the log form writes every TOPTEN_PROGRESS_INTERVAL.
LIVE_REFRESH_SECONDS = 0.5
MODES = ("log", "live", "off")


class ProgressExtension:
    """Shows how far the crawl has come (:class:`~topten_crawler.progress.Progress`).

    Settings, read once: ``TOPTEN_PROGRESS`` (``log``: one INFO entry every
    ``TOPTEN_PROGRESS_INTERVAL`` seconds, for cron and systemd; ``live``: a line redrawn on
    the terminal, which ``topten-crawler`` chooses when standard error is one; ``off``:
    NotConfigured). Signals: ``spider_opened`` (starts), ``spider_closed`` (a last entry, and
    the live line is cleared). Stat: ``topten/progress/entries``.
    """

    def __init__(self, crawler: Crawler, *, mode: str, interval: float) -> None:
        self.crawler = crawler
        self.mode = mode
        self.interval = interval
        self._started = time.monotonic()
        self._previous: Progress | None = None
        self._loop: task.LoopingCall | None = None
        self._live: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        settings = crawler.settings
        mode = str(settings.get("TOPTEN_PROGRESS", "log")).lower()
        if mode not in MODES:
            raise ValueError(f"TOPTEN_PROGRESS must be one of {', '.join(MODES)}, not {mode!r}")
        interval = settings.getfloat("TOPTEN_PROGRESS_INTERVAL")
        if mode == "off" or (mode == "log" and interval <= 0):
            raise NotConfigured("progress is off")
        extension = cls(crawler, mode=mode, interval=interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def reading(self) -> Progress:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        elapsed = time.monotonic() - self._started
        current = Progress.from_stats(stats, elapsed=elapsed, previous=self._previous)
        self._previous = current
        return current

    def spider_opened(self) -> None:
        self._started = time.monotonic()
        if self.mode == "live":
            from rich.live import Live
            from rich.text import Text

            self._live = Live(
                Text("starting"),
                console=terminal.console(),
                refresh_per_second=1 / LIVE_REFRESH_SECONDS,
                transient=True,
            )
            self._live.start()
            self._loop = task.LoopingCall(self._redraw)
            self._loop.start(LIVE_REFRESH_SECONDS, now=True)
        else:
            self._loop = task.LoopingCall(self._log_entry)
            self._loop.start(self.interval, now=False)

    def _redraw(self) -> None:
        from rich.text import Text

        if self._live is not None:
            self._live.update(Text(self.reading().line(), no_wrap=True, overflow="ellipsis"))

    def _log_entry(self) -> None:
        logger.info("Progress: %s", self.reading().line())
        if self.crawler.stats:
            self.crawler.stats.inc_value("topten/progress/entries")

    def spider_closed(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self._live is not None:
            self._live.stop()
            self._live = None
        self._log_entry()
