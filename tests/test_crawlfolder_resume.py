"""What a killed crawl had done, read from its files; its torn lines cut."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from topten_crawler.crawlfolder.citations import CitationLedger
from topten_crawler.crawlfolder.folder import CrawlFolder
from topten_crawler.crawlfolder.resume import (
    CrawlProgress,
    cut_torn_line,
    mend_jsonl_files,
    note_resume,
    read_resumes,
    started_at,
    unfinished_crawls,
)


def write_lines(path: Path, records: list[dict[str, object]], torn: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r) + "\n" for r in records)
    path.write_text(text + torn, encoding="utf-8")


def post(url: str, *cited: str, canonical: str | None = None) -> dict[str, object]:
    return {
        "type": "post",
        "url": url,
        "canonical_url": canonical,
        "citations": [{"url": c, "text": "x"} for c in cited],
    }


def test_a_torn_last_line_is_cut_and_whole_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    write_lines(path, [{"a": 1}, {"b": 2}], torn='{"c": 3, "tex')
    assert cut_torn_line(path) == len('{"c": 3, "tex')
    assert path.read_text(encoding="utf-8") == '{"a": 1}\n{"b": 2}\n'
    assert cut_torn_line(path) == 0
    only_torn = tmp_path / "spool.jsonl"
    only_torn.write_text('{"half', encoding="utf-8")
    assert cut_torn_line(only_torn) == 6 and only_torn.read_bytes() == b""
    assert cut_torn_line(tmp_path / "missing.jsonl") == 0


def test_unfinished_crawls_are_those_without_a_manifest(tmp_path: Path) -> None:
    finished = CrawlFolder(tmp_path / "20261201T000000Z-aaaa")
    write_lines(finished.records_file, [])
    finished.manifest_file.write_text("{}", encoding="utf-8")
    killed = CrawlFolder(tmp_path / "20261202T000000Z-bbbb")
    killed.warc_dir.mkdir(parents=True)
    (tmp_path / "20261203T000000Z-cccc").mkdir()  # no file of a crawl: not a crawl folder
    (tmp_path / ".crawl.lock").write_text("{}", encoding="utf-8")
    assert unfinished_crawls(tmp_path) == [killed]


def test_a_crawl_killed_before_its_first_record_is_unfinished(tmp_path: Path) -> None:
    """Killed after it made its log or wrote its seeds, before any record or WARC file: the
    next run must start again in that folder, not leave it behind."""
    seeded = CrawlFolder(tmp_path / "20261202T000000Z-bbbb")
    seeded.path.mkdir()
    seeded.seeds_file.write_text("http://127.0.0.1:8000/\n", encoding="utf-8")
    logged = CrawlFolder(tmp_path / "20261203T000000Z-cccc")
    logged.path.mkdir()
    logged.log_file.write_text("", encoding="utf-8")
    assert unfinished_crawls(tmp_path) == [seeded, logged]


def test_progress_says_what_was_recorded_cited_held_and_left(tmp_path: Path) -> None:
    folder = CrawlFolder(tmp_path / "c1")
    write_lines(
        folder.records_file,
        [
            post("http://d/p1/", "http://s/a", "http://s/b", canonical="http://d/p1"),
            post("http://d/p2/", "http://s/b", "http://s/c"),
            {"type": "source", "url": "http://s/a", "cited_by": ["http://d/p1/"]},
        ],
        torn='{"type": "post", "url": "http://d/p3/"',
    )
    write_lines(
        folder.pending_sources_file,
        [{"url": "http://s/a"}, {"url": "http://s/b"}],  # a: written already; b: held
        torn='{"url": "http://s/c", "te',
    )
    cuts = mend_jsonl_files(folder)
    assert set(cuts) == {"records.jsonl", ".pending-sources.jsonl"}
    progress = CrawlProgress.read(folder)
    assert progress.recorded_posts == {"http://d/p1/", "http://d/p1", "http://d/p2/"}
    assert progress.written_sources == {"http://s/a"}
    assert [r["url"] for r in progress.held_sources] == ["http://s/b"]
    assert progress.cited_sources() == ["http://s/a", "http://s/b", "http://s/c"]
    assert progress.unfetched_sources() == ["http://s/c"]

    ledger = CitationLedger(folder.pending_sources_file)
    ledger.recover(progress.citations, progress.held_sources)
    assert not ledger.cite("http://s/c", "http://d/p9/")  # cited before the kill
    ledger.hold({"url": "http://s/c"})
    released = list(ledger.release())
    assert [(r["url"], r["cited_by"]) for r in released] == [
        ("http://s/b", ["http://d/p1/", "http://d/p2/"]),
        ("http://s/c", ["http://d/p2/", "http://d/p9/"]),
    ]  # a, written before the kill, is not written twice


def test_each_resume_is_noted(tmp_path: Path) -> None:
    folder = CrawlFolder(tmp_path / "20261207T020000Z-ab12")
    folder.path.mkdir()
    note_resume(folder, {"warc_bytes_cut": 5})
    note_resume(folder, {"warc_bytes_cut": 0})
    assert [r["warc_bytes_cut"] for r in read_resumes(folder)] == [5, 0]
    fallback = datetime(2026, 1, 1, tzinfo=UTC)
    assert started_at(folder.path.name, fallback).isoformat() == "2026-12-07T02:00:00+00:00"
    assert started_at("hand-named", fallback) == fallback
