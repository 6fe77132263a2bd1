"""The identity and output folder of one crawl, shared by every component of that crawl."""

from __future__ import annotations

import secrets
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

_RUNS: weakref.WeakKeyDictionary[Crawler, CrawlRun] = weakref.WeakKeyDictionary()


def utc_now() -> datetime:
    return datetime.now(UTC)


def isoformat_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z`` suffix and whole seconds: ``2026-11-24T17:11:04Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_crawl_id(moment: datetime) -> str:
    # The timestamp sorts crawls in time; the random suffix keeps two crawls started in the
    # same second (a scheduler retry, a test run) from sharing a folder.
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(2)}"


@dataclass(frozen=True)
class CrawlRun:
    """Crawl id, start time and output folder (``<TOPTEN_OUTPUT_DIR>/<crawl id>/``)."""

    crawl_id: str
    started_at: datetime
    directory: Path

    @classmethod
    def create(cls, output_dir: str | Path, crawl_id: str = "") -> CrawlRun:
        started_at = utc_now()
        crawl_id = crawl_id or new_crawl_id(started_at)
        directory = Path(output_dir) / crawl_id
        if directory.exists() and any(directory.iterdir()):
            # Never write into an earlier crawl's folder: its archive must stay as it was.
            raise FileExistsError(f"crawl folder {directory} already exists and is not empty")
        directory.mkdir(parents=True, exist_ok=True)
        return cls(crawl_id=crawl_id, started_at=started_at, directory=directory)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRun:
        """This crawler's run, made on first use (``TOPTEN_OUTPUT_DIR``, ``TOPTEN_CRAWL_ID``)."""
        run = _RUNS.get(crawler)
        if run is None:
            run = cls.create(
                crawler.settings.get("TOPTEN_OUTPUT_DIR", "archives"),
                crawler.settings.get("TOPTEN_CRAWL_ID", ""),
            )
            _RUNS[crawler] = run
        return run
