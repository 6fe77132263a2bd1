"""How the ``topten`` spider runs extraction: in a pool of worker processes, or inline.

A thin adapter over :class:`~topten_crawler.extraction.pool.ExtractionPool`: the spider's
``async`` callbacks ``await`` a job of ``extraction/jobs.py`` and get its result, or
:class:`ExtractionFailed` when the job ran past its time budget, its worker died, or the crawl
was asked to stop; the reactor thread goes on scheduling, archiving and writing meanwhile.

Settings, read once: ``TOPTEN_EXTRACT_WORKERS`` (0: one per core; 1: no pool, every job runs
inline on the reactor thread as a plain call, without a time budget) and
``TOPTEN_EXTRACT_TIMEOUT`` (seconds per job). Signals: ``spider_closed`` closes the pool. A
crawl that is stopping (SIGTERM, Ctrl-C) cancels every job queued or running at once, so it
stops within seconds even with a page that would take minutes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

from scrapy import signals
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.task import LoopingCall

from topten_crawler.extraction import jobs
from topten_crawler.extraction.pool import CANCELLED, ExtractionFailed, ExtractionPool

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["ExtractionFailed", "Extractor"]

Result = TypeVar("Result")

# How often the crawl is checked for a stop in progress (a callable of twisted's LoopingCall).
STOP_WATCH_SECONDS = 0.25


def worker_count(setting: int) -> int:
    """``TOPTEN_EXTRACT_WORKERS``: 0 means one worker per core."""
    if setting < 0:
        raise ValueError(f"TOPTEN_EXTRACT_WORKERS must be 0 or more, not {setting}")
    return setting or os.cpu_count() or 1


class Extractor:
    """Runs the spider's extraction jobs, in a pool of ``workers`` processes or inline (1)."""

    def __init__(self, crawler: Crawler, workers: int, timeout: float) -> None:
        self.crawler = crawler
        self.workers = workers
        self.timeout = timeout
        # Started with the first job, on the reactor thread (a spider built and never run
        # starts no process).
        self.pool: ExtractionPool | None = None
        self._stop_watch: LoopingCall | None = None
        crawler.signals.connect(self._opened, signal=signals.spider_opened)
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    def _opened(self) -> None:
        self.crawler.stats.set_value("topten/extract/workers", self.workers)

    def _started_pool(self) -> ExtractionPool:
        if self.pool is None:
            self.pool = ExtractionPool(self.workers, self.timeout, preload=[jobs.__name__])
            self._stop_watch = LoopingCall(self._cancel_when_stopping)
            self._stop_watch.start(STOP_WATCH_SECONDS, now=False)
        return self.pool

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Extractor:
        settings = crawler.settings
        workers = worker_count(settings.getint("TOPTEN_EXTRACT_WORKERS"))
        return cls(crawler, workers, settings.getfloat("TOPTEN_EXTRACT_TIMEOUT"))

    async def run(self, job: Callable[..., Result], *args: Any) -> Result:
        """``job(*args)``'s result; raises what it raised, or :class:`ExtractionFailed`."""
        if self.workers == 1:
            return job(*args)
        future = self._started_pool().submit(job, *args)
        try:
            return await maybe_deferred_to_future(_deferred_of(future))
        except ExtractionFailed as failed:
            self.crawler.stats.inc_value(f"topten/extract/failed/{failed.reason}")
            raise

    def _cancel_when_stopping(self) -> None:
        if self.pool is not None and not self.crawler.crawling:
            self.pool.cancel()

    def close(self) -> None:
        if self._stop_watch is not None and self._stop_watch.running:
            self._stop_watch.stop()
        if self.pool is not None:
            self.pool.close()
            self.crawler.stats.set_value("topten/extract/workers_retired", self.pool.retired)


def _deferred_of(future: Future[Result]) -> Deferred[Result]:
    """A Deferred fired on the reactor thread when ``future`` (settled in a pool's thread) is."""
    # Imported here: importing the reactor at module level would install the default one
    # before Scrapy installs the one its settings name.
    from twisted.internet import reactor

    deferred: Deferred[Result] = Deferred()

    def settle(done: Future[Result]) -> None:
        error = done.exception()
        if error is None:
            deferred.callback(done.result())
        else:
            deferred.errback(error)

    future.add_done_callback(lambda done: reactor.callFromThread(settle, done))
    return deferred


def cancelled(failed: ExtractionFailed) -> bool:
    """A job cancelled because the crawl is stopping: nothing is recorded for its page (the
    next run of the crawl reads the page back from the WARC and extracts it)."""
    return failed.reason == CANCELLED
