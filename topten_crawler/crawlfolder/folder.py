"""The layout of a crawl folder: every path inside ``<archive folder>/<crawl id>/``, named once.

Whatever writes into a crawl folder (the pipelines, the WARC writer, the index, the manifest)
and whatever reads one (``package``, ``replay``, the tests) asks a :class:`CrawlFolder` for the
path, so that the layout is stated in this module and nowhere else::

    <crawl id>/
      records.jsonl               one JSON record per line (posts, sources)
      invalid-records.jsonl       only when a record failed schema validation
      warc/*.warc.gz              the WARC files (``.warc.gz.open`` while being written)
      indexes/index.cdxj          the sorted CDXJ index of the WARC files
      manifest.json               written last, when the crawl ends
      crawl.log                   the crawl's whole log (still growing while the manifest is
                                  written, so the manifest does not list it)
      seeds.txt                   the crawl's seeds, written at its start: a killed crawl is
                                  continued by the next crawl of the same seeds
      resumes.json                only in a crawl continued after a kill: when, what was cut
      .pending-sources.jsonl      source records waiting for their citing posts (removed when
                                  written; left behind only by a crawl that did not finish)
      outlet-boilerplate.json     the blocks dropped from sources as their outlet's
                                  boilerplate, per host, and why (written with the sources;
                                  the next crawls of the archive drop them too)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class CrawlFolderError(ValueError):
    """The folder is not a crawl folder (no records file, no closed WARC file)."""


@dataclass(frozen=True)
class CrawlFolder:
    """One crawl's folder. Pure paths: nothing is created or read until a method says so."""

    path: Path

    RECORDS = "records.jsonl"
    INVALID_RECORDS = "invalid-records.jsonl"
    WARC_DIR = "warc"
    INDEX_DIR = "indexes"
    INDEX = "indexes/index.cdxj"
    MANIFEST = "manifest.json"
    LOG = "crawl.log"
    SEEDS = "seeds.txt"
    PENDING_SOURCES = ".pending-sources.jsonl"
    OUTLET_BOILERPLATE = "outlet-boilerplate.json"

    @classmethod
    def create(cls, archive_dir: str | Path, crawl_id: str) -> CrawlFolder:
        """Make ``<archive_dir>/<crawl_id>/``; refuse a folder that holds anything already."""
        folder = cls(Path(archive_dir) / crawl_id)
        if folder.path.exists() and any(folder.path.iterdir()):
            # Never write into an earlier crawl's folder: its archive must stay as it was.
            raise FileExistsError(f"crawl folder {folder.path} already exists and is not empty")
        folder.path.mkdir(parents=True, exist_ok=True)
        return folder

    # --- Paths ----------------------------------------------------------------------------------
    @property
    def records_file(self) -> Path:
        return self.path / self.RECORDS

    @property
    def invalid_records_file(self) -> Path:
        return self.path / self.INVALID_RECORDS

    @property
    def warc_dir(self) -> Path:
        return self.path / self.WARC_DIR

    @property
    def index_file(self) -> Path:
        return self.path / self.INDEX

    @property
    def manifest_file(self) -> Path:
        return self.path / self.MANIFEST

    @property
    def seeds_file(self) -> Path:
        return self.path / self.SEEDS

    def read_seeds(self) -> list[str] | None:
        """The seeds the crawl started with, or None when it did not get to write them."""
        try:
            text = self.seeds_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def log_file(self) -> Path:
        return self.path / self.LOG

    @property
    def pending_sources_file(self) -> Path:
        return self.path / self.PENDING_SOURCES

    @property
    def outlet_boilerplate_file(self) -> Path:
        return self.path / self.OUTLET_BOILERPLATE

    def relative(self, path: Path) -> str:
        """A path inside the folder as the records and the manifest name it (``warc/x.gz``)."""
        return path.relative_to(self.path).as_posix()

    # --- Reading --------------------------------------------------------------------------------
    def closed_warcs(self) -> list[Path]:
        """The closed WARC files, sorted by name (a WARC still ``.open`` is not listed)."""
        return sorted(self.warc_dir.glob("*.warc.gz"))

    def check(self) -> None:
        """Raise :class:`CrawlFolderError` saying what is missing unless this is a crawl."""
        if not self.path.is_dir():
            raise CrawlFolderError(f"{self.path} is not a folder")
        missing = []
        if not self.records_file.is_file():
            missing.append(self.RECORDS)
        if not self.closed_warcs():
            missing.append(f"{self.WARC_DIR}/*.warc.gz")
        if missing:
            raise CrawlFolderError(
                f"{self.path} is not a crawl folder (no {' and no '.join(missing)}); "
                "a crawl folder is archives/<crawl-id>/ as written by topten-crawler crawl"
            )

    def read_outlet_boilerplate(self) -> dict[str, Any] | None:
        """The crawl's ``outlet-boilerplate.json``, or None when it has no readable one."""
        try:
            report = json.loads(self.outlet_boilerplate_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return report if isinstance(report, dict) else None

    def is_crawl(self) -> bool:
        try:
            self.check()
        except CrawlFolderError:
            return False
        return True

    def crawl_id(self) -> str:
        """The id its manifest gives, else the folder's name (a crawl killed before its end)."""
        if self.manifest_file.is_file():
            try:
                crawl_id = json.loads(self.manifest_file.read_text(encoding="utf-8")).get(
                    "crawl_id"
                )
            except (OSError, ValueError):
                crawl_id = None
            if isinstance(crawl_id, str) and crawl_id:
                return crawl_id
        return self.path.resolve().name


def find_crawl_folders(archive_dir: Path) -> list[CrawlFolder]:
    """Crawl folders directly under ``archive_dir`` (or ``archive_dir`` itself), by name."""
    itself = CrawlFolder(archive_dir)
    if itself.is_crawl():
        return [itself]
    if not archive_dir.is_dir():
        return []
    found = (CrawlFolder(path) for path in sorted(archive_dir.iterdir()))
    return [folder for folder in found if folder.is_crawl()]


def outlet_boilerplate_reports(archive_dir: Path) -> Iterator[dict[str, Any]]:
    """What every crawl folder under ``archive_dir`` learned of its outlets' boilerplate
    (its ``outlet-boilerplate.json``), by folder name; a folder without a readable one is
    passed over: the crawl that reads them learns again what it can."""
    if not archive_dir.is_dir():
        return
    for path in sorted(archive_dir.iterdir()):
        report = CrawlFolder(path).read_outlet_boilerplate()
        if report is not None:
            yield report
