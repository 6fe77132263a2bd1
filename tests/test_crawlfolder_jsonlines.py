"""The JSON lines writer: valid UTF-8 whatever the record holds, whole lines whatever the disk
does. The record validator: jsonschema's verdict on every record, at a compiled check's cost."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.helpers.disk_full import ByteBudget
from topten_crawler.crawlfolder import files
from topten_crawler.crawlfolder.files import UnwritableOutput
from topten_crawler.crawlfolder.jsonlines import JsonLinesWriter, RecordValidator, read_jsonl
from topten_crawler.items import record_schema, valid_text


def test_lone_surrogates_and_nuls_are_replaced_never_raised(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    writer = JsonLinesWriter(path)
    writer.write(
        {
            "url": "https://a.example/\ud800",
            "text": "low \udc00 high \udbff nul \x00 end",
            "nested": [{"k\ud800": ("x\x00",)}],
            "kept": "Ångström 😀 “quoted”",
        }
    )
    writer.close()
    line = path.read_bytes().decode("utf-8")  # strict: valid UTF-8
    record = json.loads(line)
    assert record == {
        "url": "https://a.example/\ufffd",
        "text": "low \ufffd high \ufffd nul \ufffd end",
        "nested": [{"k\ufffd": ["x\ufffd"]}],
        "kept": "Ångström 😀 “quoted”",
    }


def test_valid_text_leaves_other_values_alone() -> None:
    assert valid_text(None) is None
    assert valid_text(3) == 3
    assert valid_text("a\U0001f600b") == "a\U0001f600b"


def test_a_full_disk_cuts_the_torn_line_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "records.jsonl"
    writer = JsonLinesWriter(path)
    writer.write({"url": "https://a.example/1", "text": "first"})
    before = path.read_bytes()
    monkeypatch.setattr(files, "os_write", ByteBudget(10))  # part of the next line only
    with pytest.raises(UnwritableOutput, match="No space left on device") as raised:
        writer.write({"url": "https://a.example/2", "text": "second" * 100})
    assert str(path) in str(raised.value)
    assert path.read_bytes() == before
    monkeypatch.setattr(files, "os_write", os.write)
    writer.write({"url": "https://a.example/3", "text": "third"})
    writer.close()
    assert [r["url"] for r in read_jsonl(path)] == ["https://a.example/1", "https://a.example/3"]
    assert writer.count == 2


def test_a_record_that_is_no_json_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    writer = JsonLinesWriter(path)
    with pytest.raises(TypeError):
        writer.write({"url": "https://a.example/1", "text": object()})
    writer.close()
    assert path.read_bytes() == b""
    assert writer.count == 0


# --- Record validation ------------------------------------------------------------------------
UUID = "<urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e>"
WARC = {"file": "warc/c-00000.warc.gz", "offset": 0, "record_id": UUID}
VALID_POST: dict[str, Any] = {
    "type": "post", "url": "https://digest.example/a-post/", "crawl_id": "c1",
    "fetched_at": "2026-12-07T04:00:00Z", "status": 200, "title": "A title",
    "subtitle": None, "author": "Ada Writer", "published": "2026-12-06T08:30:00+01:00",
    "modified": None, "categories": ["World"], "tags": ["One", "Two"],
    "image": {"url": "https://digest.example/i.jpg", "caption": None}, "source_name": None,
    "text": "Body text.", "citations": [{"url": "https://outlet.example/x", "text": "says"}],
    "related": ["https://digest.example/other/"], "warc": WARC, "canonical_url": None,
    "post_id": 7, "read_more_url": None, "language": "en", "word_count": 2,
    "fallbacks": [], "error": None, "change": "new", "first_seen": "2026-12-07T04:00:00Z",
    "version": 1,
}  # fmt: skip
VALID_SOURCE: dict[str, Any] = {
    "type": "source", "url": "https://outlet.example/x", "final_url": "https://outlet.example/x",
    "cited_by": ["https://digest.example/a-post/"], "crawl_id": "c1",
    "fetched_at": "2026-12-07T04:00:01Z", "status": 200, "error": None,
    "content_type": "text/html", "title": "Outlet story", "author": None,
    "published": "2026-12-05", "site_name": "Outlet", "language": "en", "text": "Words.",
    "warc": WARC, "modified": None, "canonical_url": None, "description": None,
    "word_count": 1, "fallbacks": ["title"], "change": "unchanged",
    "first_seen": "2026-11-30T04:00:00Z", "version": 1,
    "cited_urls": ["https://outlet.example/x?utm_source=a"],
}  # fmt: skip
# What each field of a record is set to in turn, by the kind of its valid value: wrong types,
# the bounds, strings that a pattern's ``$`` lets through before a final newline, white space
# that Python's ``\s`` knows (U+001C, U+0085), digits of other scripts, tuples, bools for
# numbers, duplicates.
ANY_FIELD: list[Any] = [None, 0, True, [], {}]
ODD_VALUES: dict[type, list[Any]] = {
    str: [
        "", "new", "gone", "http_404", "https://a.example/\n", "https://a.example/\x1cb",
        "https://a.example/\x85b", "https://a.example/ b", "2026-12-07T04:00:00Z\n",
        "\u0662\u0660\u0662\u0666-\u0661\u0662-\u0660\u0667",
    ],
    int: [-1, 99, 600, 1.0, 2.5],
    list: [[""], ["a", "a"], ("https://a.example/",), [{"url": "https://a.example/"}]],
    dict: [
        {**WARC, "offset": -1}, {**WARC, "record_id": UUID + "\n"}, {**WARC, "more": 1},
        {"url": "https://a.example/", "caption": ""},
    ],
}  # fmt: skip


def mutated_records() -> list[dict[str, Any]]:
    records = []
    for valid in (VALID_POST, VALID_SOURCE):
        records.extend([valid, {**valid, "unknown_field": 1}])
        for key, value in valid.items():
            records.append({k: v for k, v in valid.items() if k != key})
            odd = ANY_FIELD + ODD_VALUES.get(type(value), [])
            records.extend({**valid, key: other} for other in odd)
    return records


def test_every_mutated_record_the_validator_passes_is_valid_for_jsonschema() -> None:
    # The validator asks jsonschema only about what its compiled check rejects (and gives
    # jsonschema's messages, so a rejected record is invalid for jsonschema): what it passes
    # must be valid for jsonschema too, whichever record comes.
    validator = RecordValidator()
    reference = Draft202012Validator(record_schema())
    records = mutated_records()
    passed = [record for record in records if not validator.errors(record)]
    assert [record for record in passed if not reference.is_valid(record)] == []
    assert 0 < len(passed) < len(records)  # both verdicts occur


def test_jsonschema_has_the_last_word_on_what_the_compiled_check_rejects() -> None:
    # jsonschema, as Python's re.search, lets a pattern's "$" match before a final newline;
    # the compiled check does not, and the record stays valid as it was.
    record = {**VALID_POST, "url": "https://digest.example/a-post/\n"}
    assert Draft202012Validator(record_schema()).is_valid(record)
    assert RecordValidator().errors(record) == []


def test_a_valid_record_has_no_errors_and_an_invalid_one_says_where() -> None:
    validator = RecordValidator()
    assert validator.errors(dict(VALID_POST)) == []
    assert validator.errors(dict(VALID_SOURCE)) == []
    # A tuple is no array for jsonschema, though the compiled check would take it for one.
    errors = validator.errors({**VALID_POST, "status": 42, "tags": ("One",)})
    assert errors == [
        "status: 42 is less than the minimum of 100",
        "tags: ('One',) is not of type 'array'",
    ]
