"""Responses read back from a crawl's own WARC files, exactly as they were archived.

A crawl continued after a kill must not fetch again what it archived already, yet its spider
must see those pages again to find the links they hold. Each capture (a ``response`` record,
or a ``revisit`` that stands for one) is indexed by URL, in the order it was captured (a URL
answered 503 and then 200 has two captures, served in turn to the request and to its retry),
and read back with its status, headers and body as the server sent them (compressed bodies
stay compressed, for the crawler to decode as before). A revisit's body is its original's,
found through the archive folder's crawl-state store by payload digest.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from topten_crawler.archive.revisits import ArchivedResponse, as_read, read_response

# Where the original of a payload digest lies: (WARC file, offset), or None when unknown.
OriginalFinder = Callable[[str], tuple[Path, int] | None]


@dataclass(frozen=True)
class StoredResponse:
    """Where a captured response lies: ``file`` relative to the crawl folder."""

    file: str
    offset: int
    record_id: str
    # For a revisit record: the payload digest of the original it stands for.
    revisit_of: str | None = None

    def as_pointer(self) -> dict[str, str | int]:
        return {"file": self.file, "offset": self.offset, "record_id": self.record_id}


def index_responses(root: Path, warcs: list[Path]) -> dict[str, list[StoredResponse]]:
    """URL -> its captures in order, over ``warcs`` (files under ``root``)."""
    index: dict[str, list[StoredResponse]] = defaultdict(list)
    for path in warcs:
        relative = path.relative_to(root).as_posix()
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                if record.rec_type not in ("response", "revisit"):
                    continue
                headers = record.rec_headers
                revisit_of = None
                if record.rec_type == "revisit":
                    revisit_of = headers.get_header("WARC-Payload-Digest")
                    if not revisit_of or record.http_headers is None:
                        continue  # a revisit without its HTTP headers cannot stand for a page
                stored = StoredResponse(
                    relative,
                    records.get_record_offset(),
                    headers.get_header("WARC-Record-ID"),
                    revisit_of,
                )
                index[headers.get_header("WARC-Target-URI")].append(stored)
    return dict(index)


def read_stored(root: Path, stored: StoredResponse, originals: OriginalFinder) -> ArchivedResponse:
    """The HTTP response a capture stands for; raises ``LookupError`` for a revisit whose
    original cannot be found."""
    if stored.revisit_of is None:
        return read_response(root / stored.file, stored.offset)
    found = originals(stored.revisit_of)
    if found is None:
        raise LookupError(f"no original of {stored.revisit_of} for {stored.record_id}")
    original = read_response(*found)
    with (root / stored.file).open("rb") as stream:
        stream.seek(stored.offset)
        revisit = next(iter(ArchiveIterator(stream)))
        http = revisit.http_headers
        code = http.get_statuscode()
        # The revisit's headers are the page's as of this capture (a 304's, merged into the
        # original 200's when the revisit was written); the body is the original's.
        return ArchivedResponse(
            record_id=stored.record_id,
            uri=original.uri,
            date=str(revisit.rec_headers.get_header("WARC-Date")),
            payload_digest=stored.revisit_of,
            status=int(code) if code and code.isdigit() else original.status,
            protocol=original.protocol,
            headers=[(as_read(name), as_read(value)) for name, value in http.headers],
            body=original.body,
        )


def warcinfo_fields(path: Path) -> list[tuple[str, str]]:
    """The ``name: value`` lines of the first warcinfo record of a WARC file, in order."""
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "warcinfo":
                continue
            text = record.content_stream().read().decode("utf-8", "replace")
            pairs = (line.partition(":") for line in text.splitlines())
            return [(name.strip(), value.strip()) for name, colon, value in pairs if colon]
    return []


def warcinfo_seeds(path: Path) -> list[str]:
    """The ``seed:`` lines of the first warcinfo record of a WARC file (the crawl's seeds)."""
    return [value for name, value in warcinfo_fields(path) if name == "seed"]


def warcinfo_config(path: Path) -> dict[str, Any]:
    """The crawl's recorded settings (the ``crawl-config`` line), empty when there are none."""
    for name, value in warcinfo_fields(path):
        if name == "crawl-config":
            try:
                config = json.loads(value)
            except ValueError:
                return {}
            return config if isinstance(config, dict) else {}
    return {}
