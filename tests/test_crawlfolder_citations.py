from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.disk_full import ByteBudget
from topten_crawler.crawlfolder import files
from topten_crawler.crawlfolder.citations import CitationLedger
from topten_crawler.crawlfolder.files import UnwritableOutput


def test_each_source_is_new_once_and_lists_every_citing_post(tmp_path: Path) -> None:
    ledger = CitationLedger(tmp_path / "spool.jsonl")
    assert ledger.cite("https://a.example/1", "https://site/p1/")
    assert not ledger.cite("https://a.example/1", "https://site/p2/")
    assert not ledger.cite("https://a.example/1", "https://site/p1/")
    assert ledger.cite("https://b.example/2", "https://site/p2/")
    assert ledger.unfetched == 2
    ledger.hold({"url": "https://a.example/1", "text": "Ångström “quoted”"})
    # A post citing the source after it was fetched still makes it into cited_by.
    assert not ledger.cite("https://a.example/1", "https://site/p0/")
    assert ledger.pending == 1 and ledger.unfetched == 1
    released = list(ledger.release())
    assert released == [
        {
            "url": "https://a.example/1",
            "text": "Ångström “quoted”",
            "cited_by": ["https://site/p0/", "https://site/p1/", "https://site/p2/"],
            "cited_urls": ["https://a.example/1"],
        }
    ]
    assert ledger.pending == 0
    assert not (tmp_path / "spool.jsonl").exists()


def test_release_only_gives_records_not_released_before(tmp_path: Path) -> None:
    ledger = CitationLedger(tmp_path / "spool.jsonl")
    for n in range(3):
        ledger.cite(f"https://a.example/{n}", "https://site/p/")
    ledger.hold({"url": "https://a.example/0"})
    assert [r["url"] for r in ledger.release()] == ["https://a.example/0"]
    ledger.hold({"url": "https://a.example/1"})
    ledger.hold({"url": "https://a.example/1"})  # held twice: written once
    ledger.hold({"url": "https://a.example/2"})
    assert [r["url"] for r in ledger.release()] == ["https://a.example/1", "https://a.example/2"]
    assert list(ledger.release()) == []


def test_a_lone_surrogate_is_held_as_a_replacement_character(tmp_path: Path) -> None:
    ledger = CitationLedger(tmp_path / "spool.jsonl")
    ledger.cite("https://a.example/1", "https://site/p1/")
    ledger.hold({"url": "https://a.example/1", "title": "broken \ud800 pair"})
    assert ledger.pending == 1
    (released,) = ledger.release()
    assert released["title"] == "broken \ufffd pair"
    assert ledger.pending == 0


def test_a_record_the_spool_cannot_take_is_never_counted_as_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Otherwise the spider waits for it for ever (a flush request per idle signal)."""
    spool = tmp_path / "spool.jsonl"
    ledger = CitationLedger(spool)
    ledger.hold({"url": "https://a.example/1", "text": "kept"})
    monkeypatch.setattr(files, "os_write", ByteBudget(5))
    with pytest.raises(UnwritableOutput):
        ledger.hold({"url": "https://a.example/2", "text": "lost to a full disk"})
    monkeypatch.setattr(files, "os_write", os.write)
    with pytest.raises(TypeError):
        ledger.hold({"url": "https://a.example/3", "text": object()})
    assert ledger.pending == 1
    assert [record["url"] for record in ledger.release()] == ["https://a.example/1"]
    assert ledger.pending == 0 and not spool.exists()
    # Held again later (the disk has room now), it is written then.
    ledger.hold({"url": "https://a.example/2", "text": "written now"})
    assert [record["url"] for record in ledger.release()] == ["https://a.example/2"]


def test_a_vanished_spool_leaves_nothing_pending(tmp_path: Path) -> None:
    spool = tmp_path / "spool.jsonl"
    ledger = CitationLedger(spool)
    ledger.hold({"url": "https://a.example/1", "text": "held"})
    spool.unlink()
    assert list(ledger.release()) == []
    assert ledger.pending == 0 and ledger.lost == 1


def test_held_shows_what_waits_without_releasing_it(tmp_path: Path) -> None:
    ledger = CitationLedger(tmp_path / "spool.jsonl")
    assert list(ledger.held()) == []
    ledger.hold({"url": "https://a.example/1", "text": "one"})
    ledger.hold({"url": "https://a.example/2", "text": "two"})
    assert [r["url"] for r in ledger.held()] == ["https://a.example/1", "https://a.example/2"]
    assert ledger.pending == 2
    assert len(list(ledger.release())) == 2
    ledger.hold({"url": "https://a.example/3", "text": "three"})
    assert [r["url"] for r in ledger.held()] == ["https://a.example/3"]


def test_spellings_of_one_source_are_one_source_listing_every_spelling(tmp_path: Path) -> None:
    ledger = CitationLedger(tmp_path / "spool.jsonl")
    spellings = [
        "https://news.example/story?id=1&utm_source=fdn",
        "https://NEWS.example/story?id=1",
        "https://news.example:443/story?id=1#top",
        "https://news.example/story?id=1&fbclid=IwAR0",
    ]
    assert ledger.cite(spellings[0], "https://site/p1/")
    for number, spelling in enumerate(spellings[1:], start=2):
        assert not ledger.cite(spelling, f"https://site/p{number}/")
    assert ledger.unfetched == 1
    ledger.hold({"url": "https://news.example/story?id=1"})
    (released,) = ledger.release()
    assert released["cited_urls"] == sorted(spellings)
    assert released["cited_by"] == [f"https://site/p{n}/" for n in range(1, 5)]
