"""The crawl-state store: captures, the payload index, record versions, sharing, durability."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from topten_crawler.crawlfolder.state import (
    STATE_FILENAME,
    Capture,
    CrawlState,
    RecordState,
    classify,
    version_hash,
)


def capture(url: str = "http://a.test/", **overrides: Any) -> Capture:
    values: dict[str, Any] = {
        "url": url,
        "file": "day1/warc/x.warc.gz",
        "offset": 100,
        "record_id": "<urn:uuid:00000000-0000-0000-0000-000000000001>",
        "date": "2026-11-24T17:11:04Z",
        "payload_digest": "sha1:AAAA",
        "etag": '"v1"',
        "last_modified": None,
        "status": 200,
    }
    values.update(overrides)
    return Capture(**values)


def post(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "type": "post",
        "url": "http://site.test/p/",
        "crawl_id": "day1",
        "fetched_at": "2026-11-24T17:11:09Z",
        "status": 200,
        "title": "Title",
        "text": "Body.",
        "tags": ["a"],
        "warc": {"file": "warc/x.warc.gz", "offset": 1, "record_id": "<urn:uuid:1>"},
        "related": [],
        "error": None,
    }
    record.update(overrides)
    return record


@pytest.fixture
def store(tmp_path: Path) -> Any:
    state = CrawlState.open(tmp_path)
    yield state
    state.release()


def test_file_is_at_the_archive_folders_top_in_wal_mode(tmp_path: Path, store: CrawlState) -> None:
    assert store.path == (tmp_path / STATE_FILENAME).resolve()
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_open_is_shared_and_closed_by_the_last_user(tmp_path: Path) -> None:
    first = CrawlState.open(tmp_path)
    second = CrawlState.open(tmp_path)
    assert first is second
    first.release()
    assert second.last_capture("http://a.test/") is None  # still open
    second.release()
    third = CrawlState.open(tmp_path)
    assert third is not first
    third.release()


def test_last_capture_replaces_the_earlier(store: CrawlState) -> None:
    store.add_capture(capture(), original=True)
    later = capture(offset=900, record_id="<urn:uuid:2>", etag='"v2"', status=304)
    store.add_capture(later, original=False)
    assert store.last_capture("http://a.test/") == later
    assert later.has_validators


def test_payload_index_keeps_the_first_original_only(store: CrawlState) -> None:
    store.add_capture(capture(), original=True)
    store.add_capture(capture("http://b.test/", offset=5, record_id="<urn:uuid:3>"), original=True)
    store.add_capture(capture(payload_digest="sha1:BBBB", offset=7), original=False)
    original = store.original("sha1:AAAA")
    assert original is not None
    assert (original.uri, original.offset, original.file) == (
        "http://a.test/",
        100,
        "day1/warc/x.warc.gz",
    )
    assert store.original("sha1:BBBB") is None  # a revisit is never an original


def test_commits_survive_a_process_that_never_closed(tmp_path: Path) -> None:
    store = CrawlState.at(tmp_path / STATE_FILENAME)
    store.add_capture(capture(), original=True)
    # Read from another connection while the first still holds the database open (WAL).
    other = CrawlState.at(tmp_path / STATE_FILENAME)
    assert other.last_capture("http://a.test/") == capture()
    other.close()
    store.close()


def test_version_hash_ignores_capture_details() -> None:
    base = version_hash(post())
    assert version_hash(post(crawl_id="day2", fetched_at="2026-11-25T00:00:00Z")) == base
    assert version_hash(post(warc=None, status=304)) == base
    assert version_hash(post(related=["http://site.test/q/"])) != base
    assert version_hash(post(change="new", first_seen="x", version=3)) == base
    assert version_hash(post(text="Body, edited.")) != base
    assert version_hash(post(tags=["a", "b"])) != base


def test_record_changes_over_crawls(store: CrawlState) -> None:
    day1 = post()
    assert store.add_record(day1).change == "new"
    day2 = post(crawl_id="day2", fetched_at="2026-11-25T17:00:00Z")
    assert store.record_change(day2).change == "unchanged"
    unchanged = store.add_record(day2)
    assert (unchanged.first_seen, unchanged.version) == ("2026-11-24T17:11:09Z", 1)
    edited = store.add_record(post(crawl_id="day3", text="Body, edited."))
    assert (edited.change, edited.version) == ("changed", 2)
    gone = store.add_record(post(crawl_id="day4", error="http_404", title=None, text=""))
    assert (gone.change, gone.version) == ("gone", 2)
    assert store.record_state("post", day1["url"]) == RecordState(
        "post", day1["url"], version_hash(post(text="Body, edited.")), day1["fetched_at"], 2,
        "http_404", "day4",
    )  # fmt: skip
    still_gone = store.add_record(post(crawl_id="day5", error="http_404", title=None, text=""))
    assert still_gone.change == "unchanged"
    back = store.add_record(post(crawl_id="day6"))  # the first version again
    assert (back.change, back.version) == ("changed", 2)
    assert store.known_urls("post") == [day1["url"]]
    assert store.known_urls("source") == []


def test_a_record_that_never_answered() -> None:
    failed = classify(None, None, "t1")
    assert (failed.change, failed.first_seen, failed.version) == ("new", "t1", 0)
    before = RecordState("source", "u", None, "t1", 0, "dns", "day1")
    assert classify(before, None, "t2").change == "unchanged"
    answered = classify(before, "sha256:x", "t2")
    assert (answered.change, answered.first_seen, answered.version) == ("new", "t1", 1)


def test_dump_compares_stores_table_by_table(tmp_path: Path) -> None:
    one = CrawlState.at(tmp_path / "one.sqlite3")
    two = CrawlState.at(tmp_path / "two.sqlite3")
    for store in (one, two):
        store.add_capture(capture(), original=True)
        store.add_record(post())
    assert one.dump() == two.dump()
    two.add_record(post(text="other"))
    assert one.dump()["versions"] != two.dump()["versions"]
    one.close()
    two.close()


def test_a_post_recorded_gone_is_not_asked_for_again(tmp_path: Path) -> None:
    store = CrawlState.open(tmp_path)
    try:
        live = {
            "type": "post",
            "url": "http://d/live/",
            "title": "t",
            "text": "x",
            "crawl_id": "c1",
        }
        dead = {
            "type": "post",
            "url": "http://d/dead/",
            "title": "t",
            "text": "x",
            "crawl_id": "c1",
        }
        store.add_record(live)
        store.add_record(dead)
        store.add_record({**dead, "error": "http_404", "crawl_id": "c2"})
        assert store.known_urls("post") == ["http://d/dead/", "http://d/live/"]
        assert store.known_urls("post", answering=True) == ["http://d/live/"]
    finally:
        store.release()
