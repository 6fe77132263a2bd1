"""Versions and edits of records across hand-made crawls; the ``history`` command's files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers.archive_folders import write_crawl
from topten_crawler.cli import main
from topten_crawler.crawlfolder.state import version_hash
from topten_crawler.overtime.crawls import archive_crawls
from topten_crawler.overtime.history import build_history
from topten_crawler.overtime.html import history_page_name

URL = "https://digest.example/trending/talks-resume/"
TEXT = "Talks resumed in Geneva on Monday. Both sides sent envoys.\n\nA deal is not expected soon."


def post(crawl: str, when: str, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "type": "post", "url": URL, "crawl_id": crawl, "fetched_at": when, "status": 200,
        "error": None, "title": "Talks Resume", "subtitle": "Envoys meet", "author": "Lisa",
        "published": "2026-01-01T09:00:00-05:00", "modified": "2026-01-01T10:00:00-05:00",
        "text": TEXT, "categories": ["World"], "tags": [], "citations": [], "related": [],
        "warc": {"file": f"warc/{crawl}.warc.gz", "offset": 10, "record_id": "<urn:uuid:1>"},
        "change": None, "first_seen": None, "version": None,
    }  # fmt: skip
    record.update(fields)
    return record


def archive(tmp_path: Path, *days: dict[str, Any]) -> Path:
    for number, record in enumerate(days, start=1):
        write_crawl(tmp_path, f"day{number}", [record], started_at=f"2026-01-0{number}T06:00:00Z")
    return tmp_path


def test_capture_details_make_no_version(tmp_path: Path) -> None:
    """Another crawl, time, WARC position and state fields: the same version (as the crawl
    state's version hash says)."""
    first = post("day1", "2026-01-01T06:00:05Z")
    again = post(
        "day2", "2026-01-02T06:00:09Z", warc={"file": "w", "offset": 1, "record_id": "<x>"},
        change="unchanged", first_seen="2026-01-01T06:00:05Z", version=1,
    )  # fmt: skip
    assert version_hash(first) == version_hash(again)
    [history] = build_history(archive_crawls(archive(tmp_path, first, again)))
    assert [v.crawl.crawl_id for v in history.versions] == ["day1"]
    assert history.changes == []
    line = history.as_dict()
    assert line["versions"][0]["captured_at"] == "2026-01-01T06:00:05Z"
    assert line["versions"][0]["warc"]["file"] == "warc/day1.warc.gz"
    assert set(line["versions"][0]) == {
        "crawl_id", "captured_at", "title", "subtitle", "author", "published", "modified",
        "text_sha256", "warc",
    }  # fmt: skip


def test_edits_are_listed_field_by_field_and_sentence_by_sentence(tmp_path: Path) -> None:
    edited = TEXT.replace("Both sides sent envoys.", "Both sides sent senior envoys.")
    edited += " Officials said a statement would follow."
    days = (
        post("day1", "2026-01-01T06:00:00Z"),
        post("day2", "2026-01-02T06:00:00Z", title="Talks Resume, Officials Say",
             text=edited, modified="2026-01-02T08:00:00-05:00"),
        post("day3", "2026-01-03T06:00:00Z", title="Talks Resume, Officials Say", text=edited,
             modified="2026-01-02T08:00:00-05:00", tags=["Geneva"]),
    )  # fmt: skip
    [history] = build_history(archive_crawls(archive(tmp_path, *days)))
    line = history.as_dict()
    assert [v["crawl_id"] for v in line["versions"]] == ["day1", "day2", "day3"]
    first, second = line["changes"]
    assert (first["from_crawl"], first["to_crawl"]) == ("day1", "day2")
    assert first["fields"] == [
        {"field": "title", "old": "Talks Resume", "new": "Talks Resume, Officials Say"}
    ]
    assert first["text"] == [
        {"change": "edited", "old": "Both sides sent envoys.",
         "new": "Both sides sent senior envoys."},
        {"change": "added", "old": None, "new": "Officials said a statement would follow."},
    ]  # fmt: skip
    assert first["other_fields"] == ["modified"]
    assert not first["silent_edit"]
    assert second["fields"] == second["text"] == []
    assert second["other_fields"] == ["tags"]
    assert not line["silent_edit"]


def test_a_text_change_without_a_new_modified_date_is_a_silent_edit(tmp_path: Path) -> None:
    shorter = TEXT.replace("\n\nA deal is not expected soon.", "")
    days = (
        post("day1", "2026-01-01T06:00:00Z"),
        post("day2", "2026-01-02T06:00:00Z", text=shorter),
    )
    [history] = build_history(archive_crawls(archive(tmp_path, *days)))
    line = history.as_dict()
    assert line["changes"][0]["text"] == [
        {"change": "deleted", "old": "A deal is not expected soon.", "new": None}
    ]
    assert line["changes"][0]["silent_edit"] and line["silent_edit"]


def test_a_deleted_post_is_gone_after_its_last_version(tmp_path: Path) -> None:
    days = (
        post("day1", "2026-01-01T06:00:00Z"),
        post("day2", "2026-01-02T06:00:00Z", error="http_404", status=404, text=None),
    )
    [history] = build_history(archive_crawls(archive(tmp_path, *days)))
    assert len(history.versions) == 1 and history.changes == []
    assert history.gone == {
        "crawl_id": "day2",
        "captured_at": "2026-01-02T06:00:00Z",
        "error": "http_404",
    }


def test_posts_come_before_sources_each_by_url(tmp_path: Path) -> None:
    source = {"type": "source", "url": "https://news.example/a", "cited_by": [URL],
              "fetched_at": "2026-01-01T06:00:00Z", "error": None, "text": "Alpha."}  # fmt: skip
    other = post("day1", "2026-01-01T06:00:00Z", url="https://digest.example/a-first/")
    write_crawl(tmp_path, "day1", [source, post("day1", "2026-01-01T06:00:00Z"), other])
    urls = [(h.kind, h.url) for h in build_history(archive_crawls(tmp_path))]
    assert urls == [("post", other["url"]), ("post", URL), ("source", source["url"])]


def test_the_command_writes_history_and_a_page_per_edited_post(tmp_path: Path, capsys: Any) -> None:
    days = (
        post("day1", "2026-01-01T06:00:00Z"),
        post("day2", "2026-01-02T06:00:00Z", text=TEXT + " A new closing line was added."),
    )
    folder = archive(tmp_path / "archive", *days)
    out, pages = tmp_path / "out", tmp_path / "pages"
    status = main(
        ["history", str(folder), "--out", str(out), "--html", str(pages),
         "-s", "TOPTEN_REPLAY_BASE_URL=http://127.0.0.1:9999"]
    )  # fmt: skip
    assert status == 0
    assert "1 edited, 1 silent edits" in capsys.readouterr().out
    [line] = [json.loads(x) for x in (out / "history.jsonl").read_text().splitlines()]
    assert line["url"] == URL and len(line["versions"]) == 2
    page = (pages / history_page_name(URL)).read_text(encoding="utf-8")
    assert "<ins>A new closing line was added.</ins>" in page
    assert 'href="http://127.0.0.1:9999/day1/20260101060000/' + URL + '"' in page
    assert 'href="http://127.0.0.1:9999/day2/20260102060000/' + URL + '"' in page
    assert "<script" not in page and "silent edit" in page
    assert history_page_name(URL) in (pages / "index.html").read_text(encoding="utf-8")
    assert not (folder / "history.jsonl").exists()


def test_the_command_refuses_a_folder_without_crawls_and_unknown_settings(
    tmp_path: Path, capsys: Any
) -> None:
    assert main(["history", str(tmp_path)]) == 1
    assert "no crawl folder in" in capsys.readouterr().err
    assert main(["history", str(tmp_path), "-s", "TOPTEN_NO_SUCH=1"]) == 2
    assert "no such setting" in capsys.readouterr().err
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    for option in ("--out", "--html"):
        assert main(["history", str(tmp_path), option, str(a_file)]) == 2
        assert f"{option} {a_file}: exists and is not a folder" in capsys.readouterr().err
