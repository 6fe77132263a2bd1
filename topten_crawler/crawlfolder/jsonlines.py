"""Record validation and the JSON lines file: pure, usable without the Scrapy engine."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import fastjsonschema
from fastjsonschema import JsonSchemaValueException
from jsonschema import Draft202012Validator

from topten_crawler.crawlfolder.files import append_whole
from topten_crawler.items import record_schema, valid_text


class RecordValidator:
    """Checks records against the shipped JSON Schema; returns readable messages.

    Every record is first checked by a validator compiled from the schema into Python code
    (``fastjsonschema``: a tenth of a millisecond where ``jsonschema`` takes two); only one it
    rejects is read again by ``jsonschema``, which has the last word and writes the messages.
    The compiled check is never more lenient than ``jsonschema`` on this schema: it reads a
    pattern's ``$`` as the end of the text where ``jsonschema`` also lets it match before a
    final newline, and the one place where it is more lenient, a tuple taken for an array, is
    checked apart (``_holds_tuple``).

    The schema is one of a post or a source, told apart by ``type``: a record that names its
    type is checked against that one alone (the same verdict, at half the cost or less of
    trying both, and messages about its own fields), any other against the whole schema.
    """

    def __init__(self) -> None:
        schema = record_schema()
        whole = {key: value for key, value in schema.items() if key != "oneOf"}
        # Keyed by type; None: a record of no known type, against the whole schema.
        schemas: dict[str | None, dict[str, Any]] = {
            None: schema,
            **{kind: {**whole, "$ref": f"#/$defs/{kind}"} for kind in ("post", "source")},
        }
        self._checks: dict[str | None, Callable[[Any], Any]] = {
            kind: fastjsonschema.compile(each, handlers={}, use_formats=False)
            for kind, each in schemas.items()
        }
        self._validators = {kind: Draft202012Validator(each) for kind, each in schemas.items()}

    def errors(self, record: dict[str, Any]) -> list[str]:
        kind = record.get("type") if isinstance(record, dict) else None
        key = kind if isinstance(kind, str) and kind in self._checks else None
        if not _holds_tuple(record):
            try:
                self._checks[key](record)
            except JsonSchemaValueException:
                pass
            else:
                return []
        messages = []
        for error in self._validators[key].iter_errors(record):
            where = "/".join(str(p) for p in error.absolute_path) or "(record)"
            messages.append(f"{where}: {error.message}")
        return sorted(messages)


def _holds_tuple(value: Any) -> bool:
    """Whether a tuple is anywhere in ``value``: ``jsonschema`` takes none for an array."""
    if isinstance(value, tuple):
        return True
    if isinstance(value, dict):
        return any(_holds_tuple(each) for each in value.values())
    if isinstance(value, list):
        return any(_holds_tuple(each) for each in value)
    return False


def to_json_line(record: dict[str, Any]) -> str:
    """One compact line of JSON, always encodable as UTF-8 (``items.valid_text``)."""
    # ensure_ascii=False keeps accented names and curly quotes readable in the file; the file
    # is UTF-8, and the separators keep each record on one compact line.
    return json.dumps(valid_text(record), ensure_ascii=False, separators=(",", ":")) + "\n"


class JsonLinesWriter:
    """Appends one JSON object per line, each handed to the operating system at once.

    A crawl killed at any moment leaves every record written before it complete on disk;
    at worst the last line is cut short, which readers of JSON lines can skip. A line that
    the disk cannot take is cut back off (``files.append_whole``): the file holds only whole
    lines, and :class:`~topten_crawler.crawlfolder.files.UnwritableOutput` is raised.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._descriptor: int | None = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)

    def write(self, record: dict[str, Any]) -> None:
        if self._descriptor is None:
            raise ValueError(f"{self.path} is closed")
        # Serialised before the file is touched: a record that is no JSON changes nothing.
        line = to_json_line(record).encode("utf-8")
        append_whole(self._descriptor, line, self.path)
        self.count += 1

    def close(self) -> None:
        if self._descriptor is not None:
            descriptor, self._descriptor = self._descriptor, None
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSON lines file, in order; none when it does not exist.

    A line that is no whole JSON object (the last line of a crawl killed mid-write) is passed
    over: every line before it is whole, since each is written and flushed at once.
    """
    if not path.exists():
        return
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict):
                yield record
