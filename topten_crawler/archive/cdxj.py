"""A crawl's CDXJ index: ``<crawl folder>/indexes/index.cdxj``, sorted, as pywb reads it.

The index is written by the crawl report extension when a crawl ends (before the manifest lists
the crawl's files, so the manifest covers it), and can be written for an existing crawl folder
with :func:`write_crawl_index`. Lines are ``<SURT> <14-digit timestamp> <JSON>``; the JSON's
``filename`` is the WARC's path relative to the crawl folder (``warc/….warc.gz``), the same
convention as the records' ``warc.file``, so that a pywb collection whose archive path is the
crawl folder resolves it.

pywb finds captures by binary search over the index: an unsorted index does not fail, it
silently misses captures. Lines are therefore sorted by byte value, as ``LC_ALL=C sort`` does.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from topten_crawler.crawlfolder.files import temporary_beside
from topten_crawler.crawlfolder.folder import CrawlFolder

logger = logging.getLogger(__name__)

# The record types pywb replays from; request records are paired with their response (below),
# never looked up themselves. Named explicitly because importing the ``wacz`` package appends
# ``warcinfo`` to cdxj-indexer's module-level default list.
INDEXED_RECORD_TYPES = ("response", "revisit", "resource", "metadata")
INDEX_ERRORS_STAT = "topten/index/errors"
INDEX_LINES_STAT = "topten/index/lines"


class StatsCollector(Protocol):
    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...

    def set_value(self, key: str, value: Any) -> None: ...


@dataclass(frozen=True)
class IndexResult:
    path: Path
    lines: int
    warcs: int


def index_warcs(warcs: list[Path], root: Path, output: Path) -> int:
    """Write the sorted CDXJ index of ``warcs`` (file names relative to ``root``) to ``output``.

    Written to a temporary file beside ``output`` and renamed: a reader never sees half an
    index, and a failure leaves no stray file for the manifest to list. Returns the line count.
    """
    # Imported here: the crawler loads this module at every crawl's end, and `--help` stays fast.
    from cdxj_indexer.main import CDXJIndexer  # type: ignore[import-untyped]

    output.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = temporary_beside(output)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            indexer = CDXJIndexer(
                stream,
                [str(path) for path in warcs],
                sort=True,
                # No post_append: the crawler sends only GET requests, so no key needs a
                # request body; and post_append copies every record into a temporary file,
                # which cdxj-indexer leaves open when a WARC file turns out to be corrupt.
                records=",".join(INDEXED_RECORD_TYPES),
                dir_root=str(root),
            )
            indexer.process_all()
            stream.flush()
            os.fsync(stream.fileno())
        sort_index_file(temporary)
        os.replace(temporary, output)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return count_lines(output)


def sort_index_file(path: Path) -> None:
    """Sort the file's lines by byte value, in place (a no-op on an already sorted file).

    cdxj-indexer sorts Python strings, which is the same order as bytes for UTF-8 text; this
    makes the order pywb needs a property of this module rather than of a dependency's
    internals (its sorting of large indexes goes through temporary files and a merge).
    """
    with path.open("rb") as stream:
        if is_sorted(stream):
            return
    path.write_bytes(b"".join(sorted(path.read_bytes().splitlines(keepends=True))))


def is_sorted(lines: Iterable[bytes]) -> bool:
    """True if the lines are in byte order (the order pywb's binary search relies on)."""
    previous = b""
    for line in lines:
        if line < previous:
            return False
        previous = line
    return True


def count_lines(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(1 for _ in stream)


def write_crawl_index(folder: CrawlFolder) -> IndexResult | None:
    """Write the crawl's ``indexes/index.cdxj`` from its WARC files (replacing it).

    Returns None when the crawl has no closed WARC file (WARC writing off, or a crawl killed
    before its first file was closed): there is nothing to index.
    """
    warcs = folder.closed_warcs()
    if not warcs:
        return None
    output = folder.index_file
    lines = index_warcs(warcs, folder.path, output)
    return IndexResult(path=output, lines=lines, warcs=len(warcs))


def index_at_crawl_end(folder: CrawlFolder, stats: StatsCollector) -> IndexResult | None:
    """:func:`write_crawl_index` for the report extension: logs and counts, never raises.

    The index can be rebuilt at any time from the WARC files, so failing to write it must not
    cost the crawl its manifest; the failure is counted in ``topten/index/errors``.
    """
    try:
        result = write_crawl_index(folder)
    except Exception:
        logger.exception("Could not write the CDXJ index of %s", folder.path)
        stats.inc_value(INDEX_ERRORS_STAT)
        return None
    if result is not None:
        stats.set_value(INDEX_LINES_STAT, result.lines)
        logger.info("CDXJ index of %d WARC file(s): %s", result.warcs, result.path)
    return result


# --- Revisits whose originals lie in other crawls ---------------------------------------------
REVISIT_MIME = "warc/revisit"


@dataclass(frozen=True)
class IndexLine:
    """One CDXJ line: ``<SURT> <timestamp> <JSON>``."""

    key: str
    timestamp: str
    fields: dict[str, Any]

    @classmethod
    def parse(cls, line: str) -> IndexLine:
        key, timestamp, data = line.rstrip("\n").split(" ", 2)
        return cls(key, timestamp, json.loads(data))

    def text(self) -> str:
        return f"{self.key} {self.timestamp} {json.dumps(self.fields)}\n"

    @property
    def is_revisit(self) -> bool:
        return self.fields.get("mime") == REVISIT_MIME

    @property
    def digest(self) -> str | None:
        digest = self.fields.get("digest")
        return str(digest) if digest else None


def read_index(path: Path) -> list[IndexLine]:
    with path.open(encoding="utf-8") as stream:
        return [IndexLine.parse(line) for line in stream if line.strip()]


@dataclass(frozen=True)
class Original:
    """An original record found for a revisit: its crawl folder and its index line there."""

    crawl_dir: Path
    line: IndexLine

    @property
    def path(self) -> Path:
        return self.crawl_dir / str(self.line.fields["filename"])

    def read_bytes(self) -> bytes:
        """The record's gzip member, byte for byte."""
        with self.path.open("rb") as stream:
            stream.seek(int(self.line.fields["offset"]))
            return stream.read(int(self.line.fields["length"]))


def originals_elsewhere(
    own: list[IndexLine], others: list[tuple[Path, list[IndexLine]]]
) -> list[Original]:
    """The original records the revisits of ``own`` refer to that ``own`` lacks.

    ``others``: the other crawls' folders and index lines, oldest first. A revisit refers to
    the first response record that archived its payload (the crawl-state store's payload index),
    so the original of a digest is its first whole 200 in crawl order.
    """
    held = {line.digest for line in own if not line.is_revisit}
    wanted = {line.digest for line in own if line.is_revisit} - held - {None}
    found: dict[str, Original] = {}
    for crawl_dir, lines in others:
        for line in lines:
            digest = line.digest
            if (
                digest is not None
                and digest in wanted
                and digest not in found
                and _is_original(line)
            ):
                found[digest] = Original(crawl_dir, line)
    return list(found.values())


def _is_original(line: IndexLine) -> bool:
    return not line.is_revisit and str(line.fields.get("status")) == "200"


def write_index_with_originals(
    own: list[IndexLine], originals: list[Original], crawl_dir: Path, output: Path
) -> int:
    """``own`` and the ``originals`` (their file names relative to ``crawl_dir``), sorted."""
    lines = [line.text() for line in own]
    for original in originals:
        relative = os.path.relpath(original.path, crawl_dir)
        fields = {**original.line.fields, "filename": Path(relative).as_posix()}
        lines.append(IndexLine(original.line.key, original.line.timestamp, fields).text())
    output.parent.mkdir(parents=True, exist_ok=True)
    # Byte order, as pywb's binary search needs (see sort_index_file).
    output.write_bytes(b"".join(sorted(line.encode("utf-8") for line in lines)))
    return len(lines)
