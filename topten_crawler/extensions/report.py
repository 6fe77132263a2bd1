"""The crawl report extension: writes ``manifest.json`` when the spider closes."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals

from topten_crawler.archive.cdxj import index_at_crawl_end
from topten_crawler.crawlfolder.manifest import (
    MANIFEST_FILENAME,
    SETTINGS_THAT_MATTER,
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
    """Writes ``<crawl folder>/manifest.json`` on ``spider_closed``.

    It is registered after the WARC extension (``EXTENSIONS`` order), so the WARC files are
    closed and renamed when it lists them; item pipelines are closed before that signal.
    Reads ``TOPTEN_JSONL_FILENAME``, ``TOPTEN_WARC_ENABLED`` and the settings listed in
    ``SETTINGS_THAT_MATTER``. Sets the stat ``topten/report/ok``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run = CrawlRun.from_crawler(crawler)
        settings = crawler.settings
        self.records_filename = settings.get("TOPTEN_JSONL_FILENAME")
        self.warc_enabled = settings.getbool("TOPTEN_WARC_ENABLED")
        self.settings = {name: settings.get(name) for name in SETTINGS_THAT_MATTER}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlReportExtension:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        # Before the stats are read and the files listed: the manifest covers the index.
        index_at_crawl_end(self.run.directory, self.crawler.stats)
        stats: dict[str, Any] = dict(self.crawler.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        files = file_entries(self.run.directory)
        failures: list[dict[str, str]] = list(getattr(spider, "failures", []))
        verdict = judge(
            stats,
            files,
            records_filename=self.records_filename,
            warc_enabled=self.warc_enabled,
            failures=failures,
        )
        self.crawler.stats.set_value("topten/report/ok", verdict.ok)
        manifest = build_manifest(
            crawl_id=self.run.crawl_id,
            seeds=list(getattr(spider, "seeds", [])),
            started_at=self.run.started_at,
            finished_at=utc_now(),
            stats=stats,
            settings=self.settings,
            files=files,
            failures=failures,
            verdict=verdict,
        )
        write_json_atomically(self.run.directory / MANIFEST_FILENAME, manifest)
        for problem in verdict.problems:
            logger.error("Crawl problem: %s", problem)
        logger.info(
            "Crawl %s %s: manifest at %s",
            self.run.crawl_id,
            "succeeded" if verdict.ok else "FAILED",
            self.run.directory / MANIFEST_FILENAME,
        )
