"""Responses read back from a crawl's own WARC files, exactly as they were archived.

A crawl continued after a kill must not fetch again what it archived already, yet its spider
must see those pages again to find the links they hold. Each captured response is indexed by
URL, in the order it was captured (a URL answered 503 and then 200 has two captures, served
in turn to the request and to its retry), and read back with its status, headers and body as
the server sent them (compressed bodies stay compressed, for the crawler to decode as before).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator


@dataclass(frozen=True)
class StoredResponse:
    """Where a response record lies: ``file`` relative to the crawl folder."""

    file: str
    offset: int
    record_id: str

    def as_pointer(self) -> dict[str, str | int]:
        return {"file": self.file, "offset": self.offset, "record_id": self.record_id}


@dataclass(frozen=True)
class ArchivedResponse:
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes  # the payload as sent (Content-Encoding not undone)


def index_responses(root: Path, warcs: list[Path]) -> dict[str, list[StoredResponse]]:
    """URL -> its response records in capture order, over ``warcs`` (files under ``root``)."""
    index: dict[str, list[StoredResponse]] = defaultdict(list)
    for path in warcs:
        relative = path.relative_to(root).as_posix()
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                if record.rec_type != "response":
                    continue
                headers = record.rec_headers
                index[headers.get_header("WARC-Target-URI")].append(
                    StoredResponse(
                        relative, records.get_record_offset(), headers.get_header("WARC-Record-ID")
                    )
                )
    return dict(index)


def read_response(root: Path, capture: StoredResponse) -> ArchivedResponse:
    """The HTTP response of the record ``capture`` names."""
    with (root / capture.file).open("rb") as stream:
        stream.seek(capture.offset)
        record = next(iter(ArchiveIterator(stream)))
        if record.rec_headers.get_header("WARC-Record-ID") != capture.record_id:
            raise ValueError(f"{capture.file}:{capture.offset} is not {capture.record_id}")
        http = record.http_headers
        return ArchivedResponse(
            url=record.rec_headers.get_header("WARC-Target-URI"),
            status=int(http.get_statuscode()),
            headers=[(str(name), str(value)) for name, value in http.headers],
            body=record.raw_stream.read(),
        )


def warcinfo_seeds(path: Path) -> list[str]:
    """The ``seed:`` lines of the first warcinfo record of a WARC file (the crawl's seeds)."""
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "warcinfo":
                continue
            text = record.content_stream().read().decode("utf-8", "replace")
            return [
                line.partition(":")[2].strip()
                for line in text.splitlines()
                if line.startswith("seed:")
            ]
    return []
