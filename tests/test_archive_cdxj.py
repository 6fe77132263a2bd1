"""The crawl's CDXJ index: written at the end of every crawl, sorted, complete, in the manifest.

The tests that read a crawl read the session's crawl of the replica (``replica_crawl`` in
conftest.py); a test that rewrites an index does so in a copy.
"""

from __future__ import annotations

import gzip
import json
import os
import stat
import subprocess
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.helpers.replay_env import ReplicaCrawl, copy_crawl, missing_reason, pywb_tool
from topten_crawler.archive.cdxj import (
    INDEX_ERRORS_STAT,
    index_at_crawl_end,
    index_warcs,
    is_sorted,
    sort_index_file,
    write_crawl_index,
)
from topten_crawler.crawlfolder.folder import CrawlFolder, CrawlFolderError, find_crawl_folders

INDEX_RELATIVE_PATH = CrawlFolder.INDEX


@pytest.fixture
def crawl(replica_crawl: ReplicaCrawl) -> ReplicaCrawl:
    """The session's crawl: read it; write only into a copy."""
    return replica_crawl


def index_lines(folder: Path) -> list[bytes]:
    return (folder / INDEX_RELATIVE_PATH).read_bytes().splitlines(keepends=True)


def parse(line: bytes) -> tuple[str, str, dict[str, Any]]:
    key, timestamp, block = line.decode("utf-8").split(" ", 2)
    return key, timestamp, json.loads(block)


def responses(folder: Path) -> dict[tuple[str, int], str]:
    """(WARC file relative to the crawl folder, offset) -> target URI of each response record."""
    found = {}
    for warc in sorted((folder / "warc").glob("*.warc.gz")):
        with warc.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                if record.rec_type == "response":
                    where = (warc.relative_to(folder).as_posix(), records.get_record_offset())
                    found[where] = record.rec_headers.get_header("WARC-Target-URI")
    return found


@pytest.mark.e2e
def test_the_crawl_writes_its_index(crawl: ReplicaCrawl) -> None:
    assert (crawl.folder / INDEX_RELATIVE_PATH).is_file()
    assert "CDXJ index of 1 WARC file(s)" in crawl.result.stderr
    manifest = json.loads((crawl.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["stats"]["topten/index/lines"] == len(index_lines(crawl.folder))
    assert INDEX_ERRORS_STAT not in manifest["stats"]


@pytest.mark.e2e
def test_the_index_is_sorted_by_byte_value(crawl: ReplicaCrawl) -> None:
    # pywb looks captures up by binary search: an unsorted index silently misses some.
    lines = index_lines(crawl.folder)
    assert len(lines) > 10
    assert lines == sorted(lines)
    assert all(line.endswith(b"\n") for line in lines)


@pytest.mark.e2e
def test_the_index_lists_every_response_record_once(crawl: ReplicaCrawl) -> None:
    indexed = {}
    for line in index_lines(crawl.folder):
        _, timestamp, block = parse(line)
        assert len(timestamp) == 14 and timestamp.isdigit()
        indexed[(block["filename"], int(block["offset"]))] = block["url"]
    assert indexed == responses(crawl.folder)
    assert len(indexed) == len(index_lines(crawl.folder))


@pytest.mark.e2e
def test_every_record_is_found_in_the_index_by_its_pointer(crawl: ReplicaCrawl) -> None:
    by_position = {}
    for line in index_lines(crawl.folder):
        key, _, block = parse(line)
        by_position[(block["filename"], int(block["offset"]))] = (key, block)
    for record in crawl.records:
        key, block = by_position[(record["warc"]["file"], record["warc"]["offset"])]
        assert key.startswith("1,0,0,127:")  # SURT form: the host's labels reversed
        assert block["url"] == record["url"]
        assert block["status"] == "200"
        assert block["mime"] == "text/html"


@pytest.mark.e2e
def test_the_manifest_lists_the_index_with_its_digest(crawl: ReplicaCrawl) -> None:
    manifest = json.loads((crawl.folder / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = [f for f in manifest["files"] if f["path"] == INDEX_RELATIVE_PATH]
    assert entry["size"] == (crawl.folder / INDEX_RELATIVE_PATH).stat().st_size
    assert manifest["ok"] is True


@pytest.mark.e2e
def test_an_existing_folder_can_be_indexed_again(crawl: ReplicaCrawl, tmp_path: Path) -> None:
    copy = copy_crawl(crawl, tmp_path / "copy").folder
    (copy / INDEX_RELATIVE_PATH).unlink()
    result = write_crawl_index(CrawlFolder(copy))
    assert result is not None
    assert result.path == copy / INDEX_RELATIVE_PATH
    assert result.lines == len(index_lines(crawl.folder))
    assert index_lines(copy) == index_lines(crawl.folder)
    # Nothing else is left beside it (a temporary file would end up in the next manifest).
    assert [p.name for p in (copy / "indexes").iterdir()] == ["index.cdxj"]


@pytest.mark.e2e
@pytest.mark.replay
def test_the_index_matches_pywbs_own_indexer(crawl: ReplicaCrawl, tmp_path: Path) -> None:
    indexer = pywb_tool("cdx-indexer")
    if indexer is None:
        pytest.skip(missing_reason() or "pywb's cdx-indexer not found")
    output = tmp_path / "pywb.cdxj"
    warcs = [p.relative_to(crawl.folder).as_posix() for p in crawl.folder.glob("warc/*.warc.gz")]
    subprocess.run(
        [str(indexer), "--sort", "-j", "-o", str(output), *warcs],
        cwd=crawl.folder,
        check=True,
        capture_output=True,
    )
    pywb_lines = [line for line in output.read_bytes().splitlines() if not line.startswith(b" ")]
    ours = [line.rstrip(b"\n") for line in index_lines(crawl.folder)]
    # Same keys, timestamps and order; pywb writes its digests without the "sha1:" prefix.
    assert [line.split(b" ", 2)[:2] for line in ours] == [
        line.split(b" ", 2)[:2] for line in pywb_lines
    ]


def test_is_sorted() -> None:
    assert is_sorted([])
    assert is_sorted([b"a 1 {}\n", b"a 2 {}\n", b"b 1 {}\n"])
    assert not is_sorted([b"b 1 {}\n", b"a 1 {}\n"])
    # Byte order: a space sorts before "/", so a URL's key comes before its sub-paths.
    assert is_sorted([b"com,example)/a 2 {}\n", b"com,example)/a/b 1 {}\n"])


def test_sort_index_file_sorts_an_unsorted_index(tmp_path: Path) -> None:
    path = tmp_path / "index.cdxj"
    path.write_bytes(b"org,b)/ 1 {}\ncom,a)/x 2 {}\ncom,a)/ 3 {}\n")
    sort_index_file(path)
    assert path.read_bytes() == b"com,a)/ 3 {}\ncom,a)/x 2 {}\norg,b)/ 1 {}\n"


class FakeStats:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] = self.values.get(key, start) + count

    def set_value(self, key: str, value: Any) -> None:
        self.values[key] = value


def test_an_index_failure_is_counted_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "warc").mkdir()
    # A gzip member cut short: warcio reads anything else as some record.
    (tmp_path / "warc" / "topten-broken.warc.gz").write_bytes(
        gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n" * 100)[:60]
    )
    stats = FakeStats()
    assert index_at_crawl_end(CrawlFolder(tmp_path), stats) is None
    assert stats.values == {INDEX_ERRORS_STAT: 1}
    assert "Could not write the CDXJ index" in caplog.text
    # No half-written index, no temporary file.
    assert list((tmp_path / "indexes").iterdir()) == []


def test_a_crawl_without_warc_files_has_no_index(tmp_path: Path) -> None:
    (tmp_path / "warc").mkdir()
    (tmp_path / "warc" / "topten-x.warc.gz.open").write_bytes(b"")  # killed mid-crawl
    stats = FakeStats()
    assert index_at_crawl_end(CrawlFolder(tmp_path), stats) is None
    assert stats.values == {}
    assert not (tmp_path / "indexes").exists()


@pytest.mark.e2e
def test_crawl_folders_are_told_apart(crawl: ReplicaCrawl, tmp_path: Path) -> None:
    CrawlFolder(crawl.folder).check()
    assert find_crawl_folders(crawl.folder.parent) == [CrawlFolder(crawl.folder)]
    assert find_crawl_folders(crawl.folder) == [CrawlFolder(crawl.folder)]
    with pytest.raises(CrawlFolderError, match=r"not a crawl folder \(no records.jsonl"):
        CrawlFolder(tmp_path).check()
    with pytest.raises(CrawlFolderError, match="is not a folder"):
        CrawlFolder(tmp_path / "missing").check()
    assert find_crawl_folders(tmp_path) == []


def write_small_warc(path: Path) -> None:
    """One response record, enough for an index of one line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        http_headers = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], "HTTP/1.1")
        record = writer.create_warc_record(
            "http://127.0.0.1/a",
            "response",
            payload=BytesIO(b"a"),
            length=1,  # without it warcio spools the payload and never closes the spool
            http_headers=http_headers,
        )
        writer.write_record(record)


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_the_index_gets_the_mode_of_any_new_file(tmp_path: Path, umask: int) -> None:
    warc = tmp_path / "warc" / "topten-x.warc.gz"
    write_small_warc(warc)
    output = tmp_path / INDEX_RELATIVE_PATH
    previous = os.umask(umask)
    try:
        assert index_warcs([warc], tmp_path, output) == 1
        (tmp_path / "records.jsonl").write_text("", encoding="utf-8")
    finally:
        os.umask(previous)
    mode = stat.S_IMODE(output.stat().st_mode)
    assert mode == 0o666 & ~umask
    assert mode == stat.S_IMODE((tmp_path / "records.jsonl").stat().st_mode)
    assert [p.name for p in output.parent.iterdir()] == ["index.cdxj"]
