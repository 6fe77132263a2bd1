"""The JSON lines writer: valid UTF-8 whatever the record holds, whole lines whatever the disk
does."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers.disk_full import ByteBudget
from topten_crawler.crawlfolder import files
from topten_crawler.crawlfolder.files import UnwritableOutput
from topten_crawler.crawlfolder.jsonlines import JsonLinesWriter, read_jsonl
from topten_crawler.items import valid_text


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
