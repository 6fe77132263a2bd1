"""Package a crawl folder as a WACZ: its WARC files, an index, and a page list.

The page list (``pages/pages.jsonl`` in the WACZ) names every post and every fetched source
of the crawl, with its title and its capture time, taken from the WARC response record that
the record's ``warc`` pointer names. It is built here and passed to ``wacz create -p``,
because ``wacz create --detect-pages`` keeps only pages that some request names as its
Referer, and the crawler sends none. A record without a ``warc`` pointer (a source that could
not be fetched) is not a page: nothing of it was archived. A page unchanged since an earlier
crawl points at a revisit record; the records it refers to are copied into the package.

``wacz`` runs in a child process (``python -m wacz``) of the same environment: importing it
changes cdxj-indexer's module-level defaults, and it prints its progress on stdout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from topten_crawler.archive.cdxj import index_warcs, is_sorted, originals_elsewhere, read_index
from topten_crawler.crawlfolder.folder import CrawlFolder, find_crawl_folders

PAGE_TYPES = ("post", "source")
CAPTURE_TYPES = ("response", "revisit")
# The extra WARC file of a package whose revisits refer to other crawls' records.
ORIGINALS_WARC = "originals-{crawl_id}.warc.gz"
PAGES_HEADER_FORMAT = "json-pages-1.0"
WACZ_PAGES_PATH = "pages/pages.jsonl"
WACZ_TIMEOUT_SECONDS = 3600


class PackageError(RuntimeError):
    """The crawl could not be packaged: says why."""


@dataclass(frozen=True)
class Page:
    url: str  # the captured URL (WARC-Target-URI), which may differ from a record's URL
    ts: str  # WARC-Date of the response record: ISO 8601, UTC
    title: str | None
    id: str  # the response record's UUID: stable across runs of the command
    record_type: str  # "post" or "source"

    def as_json(self) -> dict[str, Any]:
        page: dict[str, Any] = {"id": self.id, "url": self.url, "ts": self.ts}
        if self.title:
            page["title"] = self.title
        return page


@dataclass(frozen=True)
class PackageResult:
    path: Path
    pages: list[Page]
    warcs: int


def read_records(crawl_dir: Path) -> Iterator[dict[str, Any]]:
    with CrawlFolder(crawl_dir).records_file.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                record: dict[str, Any] = json.loads(line)
            except json.JSONDecodeError as error:
                raise PackageError(f"{CrawlFolder.RECORDS} line {number}: {error}") from None
            yield record


def capture_of(crawl_dir: Path, pointer: dict[str, Any]) -> tuple[str, str]:
    """``(WARC-Target-URI, WARC-Date)`` of the response or revisit a ``warc`` pointer names."""
    path = crawl_dir / pointer["file"]
    try:
        with path.open("rb") as stream:
            stream.seek(int(pointer["offset"]))
            record = next(iter(ArchiveIterator(stream)), None)
            if record is None:
                raise PackageError(f"no WARC record at {pointer['file']}:{pointer['offset']}")
            headers = record.rec_headers
            record_id = headers.get_header("WARC-Record-ID")
            # A revisit: a page unchanged since an earlier crawl of the archive folder.
            if record.rec_type not in CAPTURE_TYPES or record_id != pointer["record_id"]:
                raise PackageError(
                    f"{pointer['file']}:{pointer['offset']} holds a {record.rec_type} record "
                    f"{record_id}, not the capture {pointer['record_id']}"
                )
            return headers.get_header("WARC-Target-URI"), headers.get_header("WARC-Date")
    except OSError as error:
        raise PackageError(f"cannot read {path}: {error}") from None


def collect_pages(crawl_dir: Path) -> list[Page]:
    """Every post and fetched source of the crawl, in records order, each capture once."""
    pages: list[Page] = []
    seen: set[str] = set()
    for record in read_records(crawl_dir):
        pointer = record.get("warc")
        if record.get("type") not in PAGE_TYPES or not pointer:
            continue
        if pointer["record_id"] in seen:  # a post that is also cited as a source
            continue
        seen.add(pointer["record_id"])
        url, date = capture_of(crawl_dir, pointer)
        pages.append(
            Page(
                url=url,
                ts=date,
                title=record.get("title") or None,
                id=pointer["record_id"].removeprefix("<urn:uuid:").removesuffix(">"),
                record_type=record["type"],
            )
        )
    return pages


def write_pages_file(pages: list[Page], path: Path, title: str) -> None:
    header = {"format": PAGES_HEADER_FORMAT, "id": "pages", "title": title}
    with path.open("w", encoding="utf-8") as stream:
        for entry in (header, *(page.as_json() for page in pages)):
            stream.write(json.dumps(entry, ensure_ascii=False) + "\n")


def run_wacz(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wacz", *args],
        capture_output=True,
        text=True,
        timeout=WACZ_TIMEOUT_SECONDS,
        check=False,
    )


def wacz_pages(wacz: Path) -> list[dict[str, Any]]:
    """The pages of a WACZ's ``pages/pages.jsonl`` (header line left out)."""
    with zipfile.ZipFile(wacz) as archive:
        try:
            text = archive.read(WACZ_PAGES_PATH).decode("utf-8")
        except KeyError:
            return []
    entries = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [entry for entry in entries if "format" not in entry]


def validate_wacz(wacz: Path) -> None:
    result = run_wacz("validate", "-f", str(wacz))
    if result.returncode != 0:
        raise PackageError(f"wacz validate failed on {wacz}:\n{result.stdout}{result.stderr}")


def write_originals(folder: CrawlFolder, output: Path) -> Path | None:
    """A WARC file of the original records that the crawl's revisits refer to in other crawls
    of its archive folder, each copied byte for byte (a gzip member each); None when every
    revisit's original is in the crawl itself (or it has no revisit)."""
    own = read_index(folder.index_file if usable(folder.index_file) else _index(folder, output))
    if not any(line.is_revisit for line in own):
        return None
    others = []
    for other in find_crawl_folders(folder.path.resolve().parent):
        if other.path.resolve() == folder.path.resolve():
            continue
        index = other.index_file if usable(other.index_file) else _index(other, output)
        others.append((other.path, read_index(index)))
    originals = originals_elsewhere(own, others)
    if not originals:
        return None
    with output.open("wb") as stream:
        for original in sorted(
            originals, key=lambda o: (str(o.path), int(o.line.fields["offset"]))
        ):
            stream.write(original.read_bytes())
    return output


def usable(index: Path) -> bool:
    if not index.is_file():
        return False
    with index.open("rb") as stream:
        return is_sorted(stream)


def _index(folder: CrawlFolder, beside: Path) -> Path:
    index = beside.parent / f"{folder.path.name}.cdxj"
    index_warcs(folder.closed_warcs(), folder.path, index)
    return index


def package_crawl(crawl_dir: Path, output: Path | None = None) -> PackageResult:
    """Write the crawl's WACZ (default ``<crawl_dir>/<crawl-id>.wacz``) and validate it.

    A crawl whose revisits refer to records of earlier crawls (an unchanged page archived on an
    earlier day) carries copies of those originals in one more WARC file,
    ``originals-<crawl-id>.warc.gz``, so that the package replays on its own.

    Written under a temporary name beside ``output`` and renamed once valid: a WACZ at
    ``output`` is always a complete one.
    """
    folder = CrawlFolder(crawl_dir)
    folder.check()
    crawl_id = folder.crawl_id()
    output = output or crawl_dir / f"{crawl_id}.wacz"
    warcs = folder.closed_warcs()
    pages = collect_pages(crawl_dir)
    if not pages:
        raise PackageError(f"{crawl_dir} has no archived post or source: nothing to package")
    output.parent.mkdir(parents=True, exist_ok=True)
    title = f"Lisa's Top Ten crawl {crawl_id}"
    with tempfile.TemporaryDirectory(prefix="topten-wacz-") as workdir:
        pages_file = Path(workdir) / "pages.jsonl"
        write_pages_file(pages, pages_file, title)
        originals = write_originals(
            folder, Path(workdir) / ORIGINALS_WARC.format(crawl_id=crawl_id)
        )
        if originals is not None:
            warcs = [*warcs, originals]
        # Not mkstemp: wacz makes the file, with the permissions the umask gives any file.
        temporary = str(output.parent / f".{output.name}.{os.getpid()}.tmp")
        try:
            result = run_wacz(
                "create",
                "-o",
                temporary,
                "-p",
                str(pages_file),
                "--title",
                title,
                "--desc",
                f"topten-crawler archive {crawl_id}: {len(pages)} pages",
                *map(str, warcs),
            )
            if result.returncode != 0:
                raise PackageError(f"wacz create failed:\n{result.stdout}{result.stderr}")
            # wacz create only prints a page it could not match to a capture: check them all.
            packaged = {(p["url"], p.get("id")) for p in wacz_pages(Path(temporary))}
            lost = [p.url for p in pages if (p.url, p.id) not in packaged]
            if lost:
                raise PackageError(
                    f"{len(lost)} pages are missing from the WACZ page list, e.g. {lost[0]}"
                )
            validate_wacz(Path(temporary))
            os.replace(temporary, output)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return PackageResult(path=output, pages=pages, warcs=len(warcs))
