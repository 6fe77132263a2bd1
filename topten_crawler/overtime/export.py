"""The archive as a dataset: the latest state of every post and source, one row each.

Each row is the last record the archive holds of a URL (a post recorded ``gone`` stays in the
dataset, with its ``error``), with what only the whole archive knows:

- ``first_seen`` and ``last_seen``: the first and the last capture of it (``fetched_at``);
- ``version``: how many distinct versions of its extracted fields the archive holds (as the
  crawl state counts them: capture details, errors and ``cited_by`` are no part of a version);
- ``linkrot_state``: for a source, its state across the crawls as ``linkrot`` judges it
  (``alive``, ``failing``, ``gone``...); null for a post.

Written as JSON lines, CSV (lists and objects as JSON text, null as an empty cell) or Parquet
(typed columns: lists, structs, integers), with the same columns in the same order.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from topten_crawler.crawlfolder.jsonlines import to_json_line
from topten_crawler.crawlfolder.state import version_hash
from topten_crawler.overtime.crawls import ArchivedCrawl, records_over_time

FORMATS = ("jsonl", "csv", "parquet")
RECORD_KINDS = ("post", "source")
_TEXT = pa.string()
_TEXTS = pa.list_(pa.string())
# Every column, in order, with its Parquet type: the fields of both record types, then the
# archive's own.
COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    ("type", _TEXT),
    ("url", _TEXT),
    ("crawl_id", _TEXT),
    ("fetched_at", _TEXT),
    ("status", pa.int64()),
    ("error", _TEXT),
    ("title", _TEXT),
    ("subtitle", _TEXT),
    ("author", _TEXT),
    ("published", _TEXT),
    ("modified", _TEXT),
    ("language", _TEXT),
    ("text", _TEXT),
    ("word_count", pa.int64()),
    ("canonical_url", _TEXT),
    ("categories", _TEXTS),
    ("tags", _TEXTS),
    ("image", pa.struct([("url", _TEXT), ("caption", _TEXT)])),
    ("source_name", _TEXT),
    ("citations", pa.list_(pa.struct([("url", _TEXT), ("text", _TEXT)]))),
    ("related", _TEXTS),
    ("post_id", pa.int64()),
    ("read_more_url", _TEXT),
    ("final_url", _TEXT),
    ("cited_by", _TEXTS),
    ("content_type", _TEXT),
    ("site_name", _TEXT),
    ("description", _TEXT),
    ("warc", pa.struct([("file", _TEXT), ("offset", pa.int64()), ("record_id", _TEXT)])),
    ("fallbacks", _TEXTS),
    ("change", _TEXT),
    ("first_seen", _TEXT),
    ("last_seen", _TEXT),
    ("version", pa.int64()),
    ("linkrot_state", _TEXT),
)
COLUMN_NAMES = tuple(name for name, _ in COLUMNS)


@dataclass
class RecordOverTime:
    """Every record of one URL across the crawls, oldest first."""

    kind: str
    url: str
    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def latest(self) -> dict[str, Any]:
        return self.records[-1]

    @property
    def last_good(self) -> dict[str, Any] | None:
        """The last record that answered (what a post said before it was deleted)."""
        return next((r for r in reversed(self.records) if not r.get("error")), None)

    @property
    def versions(self) -> int:
        return len({version_hash(r) for r in self.records if not r.get("error")})


def records_by_url(crawls: Iterable[ArchivedCrawl]) -> list[RecordOverTime]:
    """Each post's and source's records across ``crawls`` (oldest first), posts first, by URL."""
    found: dict[tuple[str, str], RecordOverTime] = {}
    for _, record in records_over_time(crawls):
        kind, url = record.get("type"), record.get("url")
        if kind in RECORD_KINDS and isinstance(url, str):
            found.setdefault((kind, url), RecordOverTime(kind, url)).records.append(record)
    return [found[key] for key in sorted(found, key=lambda k: (RECORD_KINDS.index(k[0]), k[1]))]


def latest_rows(
    histories: Sequence[RecordOverTime], link_states: Mapping[str, str]
) -> list[dict[str, Any]]:
    """One row per URL: its latest record, with ``first_seen``, ``last_seen``, ``version`` and
    ``linkrot_state`` from the whole archive (``link_states``: state by cited URL)."""
    rows = []
    for history in histories:
        latest = history.latest
        row = {name: latest.get(name) for name in COLUMN_NAMES}
        row["first_seen"] = history.records[0].get("fetched_at")
        row["last_seen"] = latest.get("fetched_at")
        row["version"] = history.versions
        row["linkrot_state"] = link_states.get(history.url) if history.kind == "source" else None
        rows.append(row)
    return rows


def write_dataset(rows: Sequence[dict[str, Any]], path: Path, file_format: str) -> None:
    """Write ``rows`` as ``file_format`` (one of :data:`FORMATS`) to ``path``, whole or not at
    all (written beside it, then renamed)."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r}: one of {', '.join(FORMATS)}")
    temporary = path.with_name(f".{path.name}.part")
    try:
        if file_format == "jsonl":
            with temporary.open("w", encoding="utf-8") as stream:
                stream.writelines(to_json_line(row) for row in rows)
        elif file_format == "csv":
            write_csv(rows, temporary, COLUMN_NAMES)
        else:
            schema = pa.schema(list(COLUMNS))
            pq.write_table(pa.Table.from_pylist(list(rows), schema=schema), temporary)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def write_csv(rows: Iterable[Mapping[str, Any]], path: Path, columns: Sequence[str]) -> None:
    """CSV with a header: lists and objects as JSON text, null as an empty cell."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(csv_cell(row.get(name)) for name in columns)


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)
