from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from topten_crawler.crawlfolder.manifest import (
    build_manifest,
    file_entries,
    judge,
    read_manifest,
    sha256_of,
    write_json_atomically,
)

GOOD_STATS: dict[str, Any] = {
    "finish_reason": "finished",
    "topten/records/written/post": 3,
    "downloader/response_count": 10,
    "downloader/response_status_count/200": 9,
    "downloader/response_status_count/301": 1,
}
GOOD_FILES = [
    {"path": "records.jsonl", "size": 300, "sha256": "0" * 64},
    {"path": "warc/topten-20261124171104-00000-host.warc.gz", "size": 900, "sha256": "1" * 64},
]


def verdict_for(stats: dict[str, Any], files: list[dict[str, Any]] = GOOD_FILES) -> list[str]:
    return judge(stats, files, warc_enabled=True, failures=[]).problems


def test_a_good_crawl_has_no_problems() -> None:
    assert verdict_for(GOOD_STATS) == []
    assert verdict_for({**GOOD_STATS, "finish_reason": "max_posts"}) == []


def test_each_failure_is_a_problem() -> None:
    assert "no post was found" in verdict_for({**GOOD_STATS, "topten/records/written/post": 0})
    assert any(
        "seed unreachable" in p for p in verdict_for({**GOOD_STATS, "topten/seed/failed": 1})
    )
    assert any(
        "finish reason: shutdown" in p
        for p in verdict_for({**GOOD_STATS, "finish_reason": "shutdown"})
    )
    assert any("no WARC" in p for p in verdict_for(GOOD_STATS, GOOD_FILES[:1]))
    assert any("records file" in p for p in verdict_for(GOOD_STATS, GOOD_FILES[1:]))
    assert any("schema" in p for p in verdict_for({**GOOD_STATS, "topten/records/invalid/post": 2}))
    assert any(
        "raised errors" in p for p in verdict_for({**GOOD_STATS, "spider_exceptions/KeyError": 1})
    )
    spool = [*GOOD_FILES, {"path": ".pending-sources.jsonl", "size": 1, "sha256": "3" * 64}]
    assert any("unwritten" in p for p in verdict_for(GOOD_STATS, spool))
    left_open = [*GOOD_FILES, {"path": "warc/x.warc.gz.open", "size": 1, "sha256": "2" * 64}]
    assert any("left open" in p for p in verdict_for(GOOD_STATS, left_open))


def test_manifest_lists_files_with_sizes_and_digests(tmp_path: Path) -> None:
    (tmp_path / "warc").mkdir()
    (tmp_path / "records.jsonl").write_text('{"type":"post"}\n', encoding="utf-8")
    (tmp_path / "warc" / "a.warc.gz").write_bytes(b"\x1f\x8b")
    files = file_entries(tmp_path)
    assert [f["path"] for f in files] == ["records.jsonl", "warc/a.warc.gz"]
    assert files[0]["size"] == 16
    assert files[0]["sha256"] == sha256_of(tmp_path / "records.jsonl")
    verdict = judge(GOOD_STATS, files, warc_enabled=True, failures=[])
    moment = datetime(2026, 11, 24, 17, 11, 4, tzinfo=UTC)
    manifest = build_manifest(
        crawl_id="c1",
        seeds=["https://foreigndesknews.com/"],
        started_at=moment,
        finished_at=moment,
        stats={**GOOD_STATS, "start_time": moment},
        settings={"ROBOTSTXT_OBEY": True},
        files=files,
        failures=[],
        verdict=verdict,
    )
    write_json_atomically(tmp_path / "manifest.json", manifest)
    again = read_manifest(tmp_path)
    assert again["ok"] is True
    assert again["counts"]["posts"] == 3
    assert again["counts"]["responses_by_status"] == {"200": 9, "301": 1}
    assert again["stats"]["start_time"] == "2026-11-24T17:11:04+00:00"
    assert json.loads((tmp_path / "manifest.json").read_text())["crawl_id"] == "c1"
    # The manifest never lists itself.
    assert "manifest.json" not in [f["path"] for f in file_entries(tmp_path)]


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_the_manifest_gets_the_mode_of_any_new_file(tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        write_json_atomically(tmp_path / "manifest.json", {"crawl_id": "c1"})
        (tmp_path / "records.jsonl").write_text("", encoding="utf-8")
    finally:
        os.umask(previous)
    mode = stat.S_IMODE((tmp_path / "manifest.json").stat().st_mode)
    assert mode == 0o666 & ~umask
    assert mode == stat.S_IMODE((tmp_path / "records.jsonl").stat().st_mode)
    # Nothing is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json", "records.jsonl"]


def test_cuts_are_counted_and_listed_with_where_and_warned_of() -> None:
    stats = {**GOOD_STATS, "topten/cut/links_per_page": 98_000, "topten/cut/repeating_path": 3}
    verdict = judge(stats, GOOD_FILES, warc_enabled=True, failures=[])
    assert verdict.ok
    assert verdict.warnings == [
        "links or pages not followed, by reason: links_per_page 98000, repeating_path 3"
    ]
    cut = {"url": "https://d.example/p/", "reason": "links_per_page", "count": 98_000}
    manifest = build_manifest(
        crawl_id="c",
        seeds=["https://d.example/"],
        started_at=datetime(2026, 11, 24, tzinfo=UTC),
        finished_at=datetime(2026, 11, 24, 1, tzinfo=UTC),
        stats=stats,
        settings={},
        files=GOOD_FILES,
        failures=[],
        verdict=verdict,
        cuts=[{**cut, "found_on": None}],
    )
    assert manifest["counts"]["cuts"] == {"links_per_page": 98_000, "repeating_path": 3}
    assert manifest["cuts"] == [{**cut, "found_on": None}]
