"""Rebuild an archive folder's crawl-state store from its WARC files and records files alone.

The store (:mod:`topten_crawler.crawlfolder.state`) is an index of what the crawls wrote, told
to it as they wrote it. Replaying the same facts in the same order gives the same store: the
crawl folders in name order (crawl ids begin with their start time), in each the WARC files in
name order (start time, then serial) and their ``response`` and ``revisit`` records in file
order, then its ``records.jsonl`` line by line. A WARC file a killed crawl left ``.open`` is
read too, under its final name, as the running crawl named it.

The new store is built beside the old one and renamed over it, under the archive folder's
lock, so a crawl never sees half a store and no crawl runs meanwhile.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from topten_crawler.archive.records import IDENTICAL_PAYLOAD_DIGEST, SERVER_NOT_MODIFIED
from topten_crawler.archive.revisits import as_read, header_value, is_original
from topten_crawler.archive.writer import OPEN_SUFFIX
from topten_crawler.crawlfolder.folder import CrawlFolder
from topten_crawler.crawlfolder.jsonlines import read_jsonl
from topten_crawler.crawlfolder.lock import ArchiveLock
from topten_crawler.crawlfolder.state import STATE_FILENAME, Capture, CrawlState

REVISIT_PROFILES = (SERVER_NOT_MODIFIED, IDENTICAL_PAYLOAD_DIGEST)


@dataclass(frozen=True)
class ReindexResult:
    path: Path
    crawls: int
    captures: int
    records: int


def crawl_folders(archive_dir: Path) -> list[CrawlFolder]:
    """Every crawl folder of the archive folder (one with a records file or a WARC), by name."""
    found = []
    for path in sorted(p for p in archive_dir.iterdir() if p.is_dir()):
        folder = CrawlFolder(path)
        if folder.records_file.is_file() or any(folder.warc_dir.glob("*.warc.gz*")):
            found.append(folder)
    return found


def warc_files(folder: CrawlFolder) -> list[tuple[Path, str]]:
    """``(path, name as the records name it)`` of each WARC file, closed or left open."""
    paths = [*folder.warc_dir.glob("*.warc.gz"), *folder.warc_dir.glob("*.warc.gz" + OPEN_SUFFIX)]
    named = [(path, path.name.removesuffix(OPEN_SUFFIX)) for path in paths]
    return sorted(named, key=lambda pair: pair[1])


def http_records(path: Path) -> Iterator[tuple[int, ArcWarcRecord, int]]:
    """Each ``response`` or ``revisit`` record of a WARC file that holds HTTP headers, with its
    offset and its HTTP status (0 when unreadable), in file order."""
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if record.rec_type not in ("response", "revisit") or record.http_headers is None:
                continue
            code = record.http_headers.get_statuscode()
            status = int(code) if code and code.isdigit() else 0
            yield records.get_record_offset(), record, status


def captures_of(path: Path, file: str) -> Iterator[tuple[Capture, bool]]:
    """Each response or revisit record of a WARC file as the store files it, and whether it is
    an original that revisits may refer to. ``file``: its name relative to the archive folder."""
    for offset, record, status in http_records(path):
        warc = record.rec_headers
        http = [(as_read(k), as_read(v)) for k, v in record.http_headers.headers]
        digest = warc.get_header("WARC-Payload-Digest")
        original = record.rec_type == "response" and is_original(
            status, digest, warc.get_header("WARC-Truncated") is not None
        )
        capture = Capture(
            url=warc.get_header("WARC-Target-URI"),
            file=file,
            offset=offset,
            record_id=warc.get_header("WARC-Record-ID"),
            date=warc.get_header("WARC-Date"),
            payload_digest=digest,
            etag=header_value(http, "ETag"),
            last_modified=header_value(http, "Last-Modified"),
            # A server-not-modified revisit holds the 200's headers; the store keeps the 304.
            status=304 if warc.get_header("WARC-Profile") == SERVER_NOT_MODIFIED else status,
        )
        yield capture, original


def fill_store(store: CrawlState, archive_dir: Path) -> tuple[int, int, int]:
    """Tell ``store`` every capture and record of the archive folder, in order."""
    crawls = captures = records = 0
    for folder in crawl_folders(archive_dir):
        crawls += 1
        for path, name in warc_files(folder):
            file = f"{folder.path.name}/{CrawlFolder.WARC_DIR}/{name}"
            for capture, original in captures_of(path, file):
                store.add_capture(capture, original=original)
                captures += 1
        for record in read_jsonl(folder.records_file):
            if record.get("type") in ("post", "source"):
                store.add_record(record)
                records += 1
    return crawls, captures, records


def rebuild_state(archive_dir: Path) -> ReindexResult:
    """Rebuild ``<archive_dir>/state.sqlite3`` from the crawl folders (see the docstring)."""
    archive_dir = archive_dir.resolve()
    if not archive_dir.is_dir():
        raise FileNotFoundError(f"{archive_dir} is not a folder")
    lock = ArchiveLock.acquire(archive_dir)
    try:
        target = archive_dir / STATE_FILENAME
        temporary = archive_dir / f".{STATE_FILENAME}.reindex"
        _remove_database(temporary)
        store = CrawlState.at(temporary)
        try:
            crawls, captures, records = fill_store(store, archive_dir)
            # One file, no log beside it, before it takes the place of the old store.
            store.checkpoint()
        finally:
            store.close()
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        os.replace(temporary, target)
    finally:
        lock.release()
    return ReindexResult(target, crawls, captures, records)


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
