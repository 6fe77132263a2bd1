"""An archive folder's crawls in time order, with their manifests and records.

Every command that reads the archive across time (history, link rot, re-extraction, export)
starts here: :func:`archive_crawls` lists the crawl folders of an archive folder (or takes one
crawl folder alone) oldest first, and each :class:`ArchivedCrawl` reads its ``manifest.json``
and ``records.jsonl`` on demand.

A crawl's time is its manifest's ``started_at``; a crawl killed before it wrote a manifest
falls back on the time in its id (``20261124T171104Z-3f9a``), then on its first record's
``fetched_at``, then on its folder's modification time. Crawls with the same time are ordered
by id, so the order never depends on the file system.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from topten_crawler.crawlfolder.folder import CrawlFolder, find_crawl_folders
from topten_crawler.crawlfolder.jsonlines import read_jsonl

# The crawl id's leading part: the crawl's start in UTC (crawlfolder.run.new_crawl_id).
CRAWL_ID_TIME_FORMAT = "%Y%m%dT%H%M%SZ"
RECORD_KINDS = ("post", "source")


class ArchiveFolderError(ValueError):
    """The folder holds no crawl: says where and what a crawl folder is."""


def parse_time(text: object) -> datetime | None:
    """An ISO 8601 time (``Z`` or an offset) as an aware UTC datetime, or None."""
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def time_of_crawl_id(crawl_id: str) -> datetime | None:
    try:
        return datetime.strptime(crawl_id[:16], CRAWL_ID_TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


@dataclass(frozen=True)
class ArchivedCrawl:
    """One crawl folder of the archive, read lazily (records are read again on each call)."""

    folder: CrawlFolder
    crawl_id: str
    started_at: datetime  # aware, UTC
    manifest: dict[str, Any] | None = field(repr=False, compare=False)

    @property
    def name(self) -> str:
        """The folder's name: the crawl's replay collection (``topten-crawler replay``)."""
        return self.folder.path.name

    @property
    def finished(self) -> bool:
        """Whether the crawl wrote its manifest (a killed crawl has none)."""
        return self.manifest is not None

    def records(self, kind: str | None = None) -> Iterator[dict[str, Any]]:
        """The crawl's records in file order; ``kind``: ``post`` or ``source`` only."""
        for record in read_jsonl(self.folder.records_file):
            if kind is None or record.get("type") == kind:
                yield record


@dataclass(frozen=True)
class CrawlRecord:
    """One record as one crawl wrote it."""

    crawl: ArchivedCrawl
    record: dict[str, Any]

    @property
    def captured_at(self) -> str:
        return str(self.record.get("fetched_at") or "")


def read_crawl(folder: CrawlFolder) -> ArchivedCrawl:
    manifest = _read_manifest(folder)
    crawl_id = folder.crawl_id()
    started = (
        parse_time(manifest.get("started_at") if manifest else None)
        or time_of_crawl_id(crawl_id)
        or _first_fetch(folder)
        or datetime.fromtimestamp(folder.path.stat().st_mtime, UTC)
    )
    return ArchivedCrawl(folder, crawl_id, started, manifest)


def archive_crawls(archive_dir: str | Path) -> list[ArchivedCrawl]:
    """The crawls of ``archive_dir`` (or ``archive_dir`` itself when it is one), oldest first.

    Raises :class:`ArchiveFolderError` when there is none.
    """
    path = Path(archive_dir)
    folders = find_crawl_folders(path)
    if not folders:
        raise ArchiveFolderError(
            f"no crawl folder in {path} (a crawl folder holds records.jsonl and "
            "warc/*.warc.gz, as topten-crawler crawl writes into its archive folder)"
        )
    crawls = [read_crawl(folder) for folder in folders]
    return sorted(crawls, key=lambda crawl: (crawl.started_at, crawl.crawl_id))


def records_over_time(
    crawls: Iterable[ArchivedCrawl], kind: str | None = None
) -> Iterator[tuple[ArchivedCrawl, dict[str, Any]]]:
    """Every record of every crawl, crawl by crawl in the order given, with its crawl."""
    for crawl in crawls:
        for record in crawl.records(kind):
            yield crawl, record


def _read_manifest(folder: CrawlFolder) -> dict[str, Any] | None:
    try:
        data = json.loads(folder.manifest_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _first_fetch(folder: CrawlFolder) -> datetime | None:
    for record in read_jsonl(folder.records_file):
        moment = parse_time(record.get("fetched_at"))
        if moment is not None:
            return moment
    return None
