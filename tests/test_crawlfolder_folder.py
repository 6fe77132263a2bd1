"""The crawl folder's layout: every path named once, a crawl folder told from anything else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from topten_crawler.crawlfolder.folder import CrawlFolder, CrawlFolderError, find_crawl_folders


def make_crawl(path: Path, *, closed: bool = True) -> CrawlFolder:
    folder = CrawlFolder(path)
    folder.warc_dir.mkdir(parents=True)
    folder.records_file.write_text("", encoding="utf-8")
    name = "topten-1.warc.gz" if closed else "topten-1.warc.gz.open"
    (folder.warc_dir / name).write_bytes(b"")
    return folder


def test_every_path_lies_inside_the_folder_under_its_documented_name(tmp_path: Path) -> None:
    folder = CrawlFolder(tmp_path / "c1")
    assert folder.records_file == tmp_path / "c1" / "records.jsonl"
    assert folder.invalid_records_file == tmp_path / "c1" / "invalid-records.jsonl"
    assert folder.warc_dir == tmp_path / "c1" / "warc"
    assert folder.index_file == tmp_path / "c1" / "indexes" / "index.cdxj"
    assert folder.manifest_file == tmp_path / "c1" / "manifest.json"
    assert folder.pending_sources_file == tmp_path / "c1" / ".pending-sources.jsonl"
    assert folder.relative(folder.index_file) == CrawlFolder.INDEX


def test_create_makes_the_folder_and_refuses_an_earlier_crawls(tmp_path: Path) -> None:
    folder = CrawlFolder.create(tmp_path, "c1")
    assert folder.path.is_dir()
    assert CrawlFolder.create(tmp_path, "c1") == folder  # still empty: usable
    folder.records_file.write_text("{}\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="already exists and is not empty"):
        CrawlFolder.create(tmp_path, "c1")


def test_only_closed_warcs_count(tmp_path: Path) -> None:
    folder = make_crawl(tmp_path / "killed", closed=False)
    assert folder.closed_warcs() == []
    assert not folder.is_crawl()
    with pytest.raises(CrawlFolderError, match=r"no warc/\*\.warc\.gz"):
        folder.check()


def test_a_crawl_folder_needs_its_records_and_a_warc(tmp_path: Path) -> None:
    with pytest.raises(CrawlFolderError, match="is not a folder"):
        CrawlFolder(tmp_path / "missing").check()
    with pytest.raises(CrawlFolderError, match=r"no records.jsonl and no warc"):
        CrawlFolder(tmp_path).check()
    folder = make_crawl(tmp_path / "c1")
    folder.check()
    assert folder.closed_warcs() == [folder.warc_dir / "topten-1.warc.gz"]


def test_crawl_folders_are_found_under_an_archive_folder_or_as_themselves(tmp_path: Path) -> None:
    second = make_crawl(tmp_path / "b")
    first = make_crawl(tmp_path / "a")
    (tmp_path / "not-a-crawl").mkdir()
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert find_crawl_folders(tmp_path) == [first, second]
    assert find_crawl_folders(first.path) == [first]
    assert find_crawl_folders(tmp_path / "missing") == []


def test_the_crawl_id_comes_from_the_manifest_else_the_folder_name(tmp_path: Path) -> None:
    folder = make_crawl(tmp_path / "renamed")
    assert folder.crawl_id() == "renamed"
    folder.manifest_file.write_text(json.dumps({"crawl_id": "20261207T000000Z-ab12"}))
    assert folder.crawl_id() == "20261207T000000Z-ab12"
    folder.manifest_file.write_text("{not json")
    assert folder.crawl_id() == "renamed"
