"""The closing summary's lines on what changed and what revisits saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from topten_crawler.crawlfolder.folder import CrawlFolder
from topten_crawler.crawlfolder.manifest import change_counts
from topten_crawler.crawlfolder.summary import summarize

STATS = {
    "topten/changes/post/new": 2,
    "topten/changes/post/unchanged": 27,
    "topten/changes/post/gone": 1,
    "topten/changes/source/changed": 3,
}


def manifest(**counts: Any) -> dict[str, Any]:
    base = {"posts": 30, "sources": 3, "records": 33, "responses": 90, "failed_requests": 1}
    return {
        "crawl_id": "day2",
        "ok": True,
        "finish_reason": "finished",
        "files": [],
        "problems": [],
        "warnings": [],
        "counts": {**base, **counts},
    }


def test_change_counts_name_every_change() -> None:
    assert change_counts(STATS) == {
        "posts": {"new": 2, "changed": 0, "unchanged": 27, "gone": 1},
        "sources": {"new": 0, "changed": 3, "unchanged": 0, "gone": 0},
    }


def test_summary_says_what_changed_and_what_revisits_saved() -> None:
    text = summarize(
        CrawlFolder(Path("/archive/day2")),
        manifest(
            changes=change_counts(STATS),
            revisits={"server-not-modified": 50, "identical-payload-digest": 7},
            warc_bytes=25_000,
            warc_bytes_full=100_000,
        ),
    )
    assert (
        "  posts against the archive's earlier crawls: new 2, changed 0, unchanged 27, gone 1"
        in text
    )
    assert "  revisits: identical-payload-digest 7, server-not-modified 50" in text
    assert "  WARC bytes: 25,000 written, 100,000 without revisits (25%)" in text


def test_an_older_manifest_has_no_such_lines() -> None:
    text = summarize(CrawlFolder(Path("/archive/old")), manifest())
    assert "earlier crawls" not in text
    assert "WARC bytes" not in text
