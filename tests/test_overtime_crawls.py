"""An archive folder's crawls in time order, whatever their folder names say."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers.archive_folders import write_crawl
from topten_crawler.overtime.crawls import (
    ArchiveFolderError,
    archive_crawls,
    parse_time,
    records_over_time,
)

POST = {"type": "post", "url": "https://example.org/p/", "fetched_at": "2026-01-02T06:00:00Z"}
SOURCE = {"type": "source", "url": "https://news.example/a", "fetched_at": "2026-01-02T06:00:01Z"}


def test_crawls_come_oldest_first_by_their_start_not_their_name(tmp_path: Path) -> None:
    write_crawl(tmp_path, "b-first", [POST], started_at="2026-01-01T06:00:00+00:00")
    write_crawl(tmp_path, "a-second", [POST], started_at="2026-01-02T06:00:00Z")
    (tmp_path / "not-a-crawl").mkdir()
    crawls = archive_crawls(tmp_path)
    assert [c.crawl_id for c in crawls] == ["b-first", "a-second"]
    assert crawls[1].started_at == datetime(2026, 1, 2, 6, tzinfo=UTC)
    assert crawls[0].finished
    assert crawls[0].name == "b-first"


def test_a_killed_crawl_takes_its_time_from_its_id_then_its_records(tmp_path: Path) -> None:
    write_crawl(tmp_path, "20260103T050000Z-aaaa", [POST])
    write_crawl(tmp_path, "zz-killed", [POST])  # no manifest, no time in its id
    write_crawl(tmp_path, "c-done", [POST], started_at="2026-01-02T05:00:00Z")
    crawls = archive_crawls(tmp_path)
    assert [c.crawl_id for c in crawls] == ["c-done", "zz-killed", "20260103T050000Z-aaaa"]
    assert crawls[1].started_at == datetime(2026, 1, 2, 6, tzinfo=UTC)
    assert not crawls[1].finished
    assert crawls[2].started_at == datetime(2026, 1, 3, 5, tzinfo=UTC)


def test_one_crawl_folder_is_an_archive_of_one_crawl(tmp_path: Path) -> None:
    folder = write_crawl(tmp_path, "only", [POST, SOURCE], started_at="2026-01-02T06:00:00Z")
    crawls = archive_crawls(folder.path)
    assert [c.crawl_id for c in crawls] == ["only"]
    assert [r["type"] for r in crawls[0].records()] == ["post", "source"]
    assert [r["url"] for r in crawls[0].records("source")] == [SOURCE["url"]]


def test_records_over_time_walk_the_crawls_in_order(tmp_path: Path) -> None:
    write_crawl(tmp_path, "day2", [SOURCE], started_at="2026-01-03T06:00:00Z")
    write_crawl(tmp_path, "day1", [POST, SOURCE], started_at="2026-01-02T06:00:00Z")
    walked = [(c.crawl_id, r["type"]) for c, r in records_over_time(archive_crawls(tmp_path))]
    assert walked == [("day1", "post"), ("day1", "source"), ("day2", "source")]
    sources = records_over_time(archive_crawls(tmp_path), "source")
    assert [c.crawl_id for c, _ in sources] == ["day1", "day2"]


def test_a_folder_without_crawls_says_what_a_crawl_folder_is(tmp_path: Path) -> None:
    with pytest.raises(ArchiveFolderError, match=r"no crawl folder in .*records\.jsonl"):
        archive_crawls(tmp_path)
    with pytest.raises(ArchiveFolderError):
        archive_crawls(tmp_path / "missing")


def test_times_are_read_as_utc() -> None:
    assert parse_time("2026-01-02T01:00:00-05:00") == datetime(2026, 1, 2, 6, tzinfo=UTC)
    assert parse_time("2026-01-02T06:00:00") == datetime(2026, 1, 2, 6, tzinfo=UTC)
    assert parse_time("yesterday") is None
    assert parse_time(None) is None
