"""Continue a crawl that was killed: find it, mend its files, and know what it had done.

A crawl folder without ``manifest.json`` is a crawl that did not finish (the manifest is
written last). The next crawl into the same archive folder continues it, in the same folder
under the same id, instead of starting over: its JSON lines files lose a torn last line (a
line is written and flushed whole, so only the one being written at the kill can be cut),
its records say which posts are done and which sources were cited, and its spool holds the
source records fetched but not yet written. Each resume is noted in ``resumes.json`` with
what had to be cut, and the manifest counts them.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from topten_crawler.crawlfolder.files import write_atomically
from topten_crawler.crawlfolder.folder import CrawlFolder
from topten_crawler.crawlfolder.jsonlines import read_jsonl
from topten_crawler.urls import normal_url

RESUMES_FILENAME = "resumes.json"


# The finish reason of a crawl stopped on request (SIGTERM, Ctrl-C, a scheduler's time limit):
# its manifest says it did not finish, and the next crawl of its seeds continues it.
STOPPED_REASON = "shutdown"


def was_stopped(folder: CrawlFolder) -> bool:
    """Whether the folder's manifest is that of a crawl stopped before its end."""
    try:
        manifest = json.loads(folder.manifest_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("finish_reason") == STOPPED_REASON


def unfinished_crawls(archive_dir: Path) -> list[CrawlFolder]:
    """Crawl folders under ``archive_dir`` that a crawl started and did not finish, by name:
    killed (no manifest) or stopped on request (a manifest that says so).

    A crawl killed before it wrote any record or WARC file counts too, once it had made its
    log or its ``seeds.txt`` (a busy machine can take seconds to get that far): the next run
    starts again in that folder instead of leaving it behind. A folder with none of these
    files is no crawl folder, and is left out.
    """
    if not archive_dir.is_dir():
        return []
    found = []
    for path in sorted(archive_dir.iterdir()):
        folder = CrawlFolder(path)
        if not path.is_dir() or (folder.manifest_file.exists() and not was_stopped(folder)):
            continue
        if archived_anything(folder) or folder.seeds_file.exists() or folder.log_file.exists():
            found.append(folder)
    return found


def archived_anything(folder: CrawlFolder) -> bool:
    """Whether a crawl folder holds records or WARC files."""
    return folder.records_file.exists() or folder.warc_dir.is_dir()


def cut_torn_line(path: Path) -> int:
    """Remove a last line that has no newline (a write cut by the kill); the bytes removed."""
    if not path.exists():
        return 0
    size = path.stat().st_size
    if size == 0:
        return 0
    with path.open("r+b") as stream:
        # Read backwards to the last newline: the file may be large, its torn line short.
        position = size
        tail = b""
        while position > 0:
            step = min(1 << 16, position)
            position -= step
            stream.seek(position)
            tail = stream.read(step) + tail
            newline = tail.rfind(b"\n")
            if newline >= 0:
                keep = position + newline + 1
                break
        else:
            keep = 0
        if keep < size:
            stream.truncate(keep)
            stream.flush()
            os.fsync(stream.fileno())
        return size - keep


@dataclass
class CrawlProgress:
    """What an unfinished crawl had done, read from its files."""

    # Posts recorded, under both their URL and their canonical URL (how the spider keys them).
    recorded_posts: set[str] = field(default_factory=set)
    # Post URL -> the source URLs it cites, in order.
    citations: dict[str, list[str]] = field(default_factory=dict)
    # Sources whose records are in records.jsonl already.
    written_sources: set[str] = field(default_factory=set)
    # Source records fetched (or failed) and held in the spool, not written yet.
    held_sources: list[dict[str, Any]] = field(default_factory=list)
    # (record type, change) -> how many records written say so (new, changed, ...).
    changes: Counter[tuple[str, str]] = field(default_factory=Counter)

    @classmethod
    def read(cls, folder: CrawlFolder) -> CrawlProgress:
        progress = cls()
        for record in read_jsonl(folder.records_file):
            if record.get("change"):
                progress.changes[(str(record.get("type")), str(record["change"]))] += 1
            if record.get("type") == "post":
                progress.recorded_posts.add(record["url"])
                if record.get("canonical_url"):
                    progress.recorded_posts.add(record["canonical_url"])
                progress.citations[record["url"]] = [c["url"] for c in record.get("citations", [])]
            elif record.get("type") == "source":
                progress.written_sources.add(record["url"])
        for record in read_jsonl(folder.invalid_records_file):
            inner = record.get("record") or {}
            if inner.get("type") == "post":  # recorded, though invalid: not to fetch again
                progress.recorded_posts.add(inner.get("url", ""))
        progress.held_sources = [
            r
            for r in read_jsonl(folder.pending_sources_file)
            if r["url"] not in progress.written_sources
        ]
        return progress

    def cited_sources(self) -> list[str]:
        """Every cited source URL in its normal form, once, in the order posts cite them."""
        seen: dict[str, None] = {}
        for urls in self.citations.values():
            for url in urls:
                seen.setdefault(normal_url(url), None)
        return list(seen)

    def unfetched_sources(self) -> list[str]:
        """Cited sources with neither a record nor a held record: still to fetch."""
        done = self.written_sources | {r["url"] for r in self.held_sources}
        return [url for url in self.cited_sources() if url not in done]


def mend_jsonl_files(folder: CrawlFolder) -> dict[str, int]:
    """Cut the torn last line of each JSON lines file; bytes cut per file (only those cut)."""
    cuts = {}
    for path in (folder.records_file, folder.invalid_records_file, folder.pending_sources_file):
        cut = cut_torn_line(path)
        if cut:
            cuts[folder.relative(path)] = cut
    return cuts


def note_resume(folder: CrawlFolder, details: dict[str, Any]) -> list[dict[str, Any]]:
    """Append this resume to ``resumes.json`` (written whole, then renamed); all of them."""
    path = folder.path / RESUMES_FILENAME
    resumes: list[dict[str, Any]] = json.loads(path.read_text("utf-8")) if path.exists() else []
    resumes.append({"at": datetime.now(UTC).isoformat(timespec="seconds"), **details})
    write_atomically(path, json.dumps(resumes, indent=2) + "\n")
    return resumes


def read_resumes(folder: CrawlFolder) -> list[dict[str, Any]]:
    path = folder.path / RESUMES_FILENAME
    return json.loads(path.read_text("utf-8")) if path.exists() else []


def started_at(crawl_id: str, fallback: datetime) -> datetime:
    """When a crawl first started: its id begins with that time (``20261124T171104Z-3f9a``)."""
    try:
        return datetime.strptime(crawl_id[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return fallback
