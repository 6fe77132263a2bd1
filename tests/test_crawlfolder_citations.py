from __future__ import annotations

from pathlib import Path

from topten_crawler.crawlfolder.citations import CitationLedger


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
