"""Which unfinished crawl the crawl command continues."""

from __future__ import annotations

from pathlib import Path

from topten_crawler.cli.unfinished import continue_or_abandon
from topten_crawler.crawlfolder.folder import CrawlFolder

SEEDS = ["http://127.0.0.1:8000/"]


def test_a_crawl_killed_before_writing_its_seeds_is_continued(tmp_path: Path) -> None:
    stillborn = CrawlFolder(tmp_path / "20261203T000000Z-cccc")
    stillborn.path.mkdir()
    stillborn.log_file.write_text("", encoding="utf-8")
    folder, _ = continue_or_abandon(tmp_path, "", SEEDS, fresh=False)
    assert folder == stillborn


def test_only_a_crawl_of_the_same_seeds_is_continued(tmp_path: Path) -> None:
    other = CrawlFolder(tmp_path / "20261202T000000Z-bbbb")
    other.path.mkdir()
    other.seeds_file.write_text("http://127.0.0.1:9000/\n", encoding="utf-8")
    assert continue_or_abandon(tmp_path, "", SEEDS, fresh=False)[0] is None
    same = CrawlFolder(tmp_path / "20261203T000000Z-cccc")
    same.path.mkdir()
    same.seeds_file.write_text(SEEDS[0] + "\n", encoding="utf-8")
    assert continue_or_abandon(tmp_path, "", SEEDS, fresh=False)[0] == same
