"""The crawl report extension: writes the CDXJ index and ``manifest.json`` when the crawl ends."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.utils.defer import deferred_from_coro

from topten_crawler.archive.cdxj import index_at_crawl_end
from topten_crawler.crawlfolder.manifest import (
    build_manifest,
    file_entries,
    judge,
    write_json_atomically,
)
from topten_crawler.crawlfolder.run import CrawlRun, utc_now

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class CrawlReportExtension:
    """Writes the crawl's index and then its manifest on ``spider_closed``.

    It is registered after the WARC extension (``EXTENSIONS`` order), so the WARC files are
    closed and renamed when it lists them; item pipelines are closed before that signal.
    Everything it reports comes from the crawl's :class:`CrawlRun` (id, seeds, failures, the
    recorded settings) and its stats. Reads ``TOPTEN_WARC_ENABLED``. Sets the stat
    ``topten/report/ok``.

    It also stops the crawl when any component finds its output unwritable
    (:meth:`CrawlRun.output_unwritable`: a full disk, a lost permission): one error line,
    the stat ``topten/output/unwritable`` (the reason), finish reason ``output_unwritable``.
    A manifest that cannot be written is one error line too, not a traceback.
    """

    def __init__(self, crawler: Crawler, run: CrawlRun, *, warc_enabled: bool) -> None:
        self.crawler = crawler
        self.run = run
        self.warc_enabled = warc_enabled

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlReportExtension:
        extension = cls(
            crawler,
            CrawlRun.from_crawler(crawler),
            warc_enabled=crawler.settings.getbool("TOPTEN_WARC_ENABLED"),
        )
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        extension.run.when_output_unwritable(extension.stop_crawl)
        return extension

    def stop_crawl(self, why: str) -> None:
        logger.error("The crawl's output cannot be written (%s): the crawl stops", why)
        self.crawler.stats.set_value("topten/output/unwritable", why)
        engine = self.crawler.engine
        if engine is None or engine.spider is None:
            return

        async def close() -> None:
            # Already closing (the failure came from a closing component): nothing to add.
            with contextlib.suppress(RuntimeError):
                await engine.close_spider_async(reason="output_unwritable")

        deferred_from_coro(close())

    def spider_closed(self, spider: Spider, reason: str) -> None:
        folder = self.run.folder
        # Before the stats are read and the files listed: the manifest covers the index.
        index_at_crawl_end(folder, self.crawler.stats)
        stats: dict[str, Any] = dict(self.crawler.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        files = file_entries(folder.path)
        failures = self.run.failures_as_dicts()
        verdict = judge(stats, files, warc_enabled=self.warc_enabled, failures=failures)
        self.crawler.stats.set_value("topten/report/ok", verdict.ok)
        manifest = build_manifest(
            crawl_id=self.run.crawl_id,
            seeds=self.run.seeds,
            started_at=self.run.started_at,
            finished_at=utc_now(),
            stats=stats,
            settings=self.run.config,
            files=files,
            failures=failures,
            verdict=verdict,
            cuts=self.run.cuts_as_dicts(),
        )
        try:
            write_json_atomically(folder.manifest_file, manifest)
        except OSError as error:
            logger.error("The manifest %s could not be written: %s", folder.manifest_file, error)
        if self.run.lock is not None:
            self.run.lock.release()
        for problem in verdict.problems:
            logger.error("Crawl problem: %s", problem)
        logger.info(
            "Crawl %s %s: manifest at %s",
            self.run.crawl_id,
            "succeeded" if verdict.ok else "FAILED",
            folder.manifest_file,
        )
