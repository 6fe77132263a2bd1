"""``topten-crawler package``: a crawl folder as a valid WACZ whose page list names every post.

The tests read the session's crawl of the replica (``replica_crawl`` in conftest.py); the
command packages a copy of it (a WACZ lands in the crawl folder), in a subprocess, as a user
runs it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.helpers.replay_env import ReplicaCrawl, copy_crawl, run_topten
from topten_crawler.archive.wacz import PackageError, collect_pages, package_crawl, wacz_pages

WACZ = Path(sys.executable).with_name("wacz")


@pytest.fixture
def crawl(replica_crawl: ReplicaCrawl) -> ReplicaCrawl:
    """The session's crawl: read it; write only into a copy."""
    return replica_crawl


@pytest.fixture(scope="module")
def packaged(
    replica_crawl: ReplicaCrawl, tmp_path_factory: pytest.TempPathFactory
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """``topten-crawler package`` on a copy of the crawl: the WACZ goes into the crawl folder."""
    copy = copy_crawl(replica_crawl, tmp_path_factory.mktemp("package") / "replica")
    result = run_topten("package", str(copy.folder), cwd=copy.folder.parent)
    return result, copy.folder / "replica.wacz"


def warc_dates(folder: Path) -> dict[str, str]:
    """Record id -> WARC-Date of every response record of the crawl."""
    dates = {}
    for warc in sorted((folder / "warc").glob("*.warc.gz")):
        with warc.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    headers = record.rec_headers
                    dates[headers.get_header("WARC-Record-ID")] = headers.get_header("WARC-Date")
    return dates


@pytest.mark.e2e
def test_package_writes_the_wacz_in_the_crawl_folder(
    packaged: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, wacz = packaged
    assert result.returncode == 0, result.stdout + result.stderr
    assert wacz.is_file()
    assert str(wacz) in result.stdout
    assert "8 pages, 1 WARC file(s)" in result.stdout
    assert not list(wacz.parent.glob(".*.tmp"))


@pytest.mark.e2e
def test_the_wacz_passes_wacz_validate(
    packaged: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, wacz = packaged
    check = subprocess.run(
        [str(WACZ), "validate", "-f", str(wacz)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Validation succeeded" in check.stdout


@pytest.mark.e2e
def test_the_wacz_holds_the_warcs_an_index_and_the_page_list(
    crawl: ReplicaCrawl, packaged: tuple[subprocess.CompletedProcess[str], Path]
) -> None:
    _, wacz = packaged
    with zipfile.ZipFile(wacz) as archive:
        names = set(archive.namelist())
        warcs = sorted((crawl.folder / "warc").glob("*.warc.gz"))
        for warc in warcs:
            assert archive.read(f"archive/{warc.name}") == warc.read_bytes()
        datapackage = json.loads(archive.read("datapackage.json"))
    assert {"datapackage.json", "datapackage-digest.json", "pages/pages.jsonl"} <= names
    assert {"indexes/index.cdx.gz", "indexes/index.idx"} <= names
    assert datapackage["title"] == "Lisa's Top Ten crawl replica"  # the manifest's crawl id


@pytest.mark.e2e
def test_the_page_list_names_every_post_with_its_title_and_capture_time(
    crawl: ReplicaCrawl, packaged: tuple[subprocess.CompletedProcess[str], Path]
) -> None:
    # wacz validate accepts a WACZ without pages: the page list is checked here.
    _, wacz = packaged
    with zipfile.ZipFile(wacz) as archive:
        header = json.loads(archive.read("pages/pages.jsonl").splitlines()[0])
    assert header["format"] == "json-pages-1.0"
    pages = {page["url"]: page for page in wacz_pages(wacz)}
    dates = warc_dates(crawl.folder)
    assert len(crawl.posts) == 8
    assert set(pages) == {post["url"] for post in crawl.posts}
    for post in crawl.posts:
        page = pages[post["url"]]
        assert page["title"] == post["title"]
        # The capture time of the response record, to the second (WACZ pages use ISO 8601).
        assert page["ts"] == dates[post["warc"]["record_id"]][:19] + "Z"
        assert page["id"] in post["warc"]["record_id"]


@pytest.mark.e2e
def test_dead_sources_are_not_pages_and_fetched_ones_are(
    crawl: ReplicaCrawl, tmp_path: Path
) -> None:
    folder = tmp_path / "with-sources"
    shutil.copytree(crawl.folder, folder)
    post = crawl.posts[0]
    # A fetched source: any archived response will do; its title is the record's.
    robots = next(r for r in responses(folder) if r["url"].endswith("/robots.txt"))
    source_fields: dict[str, Any] = {"type": "source", "cited_by": [post["url"]]}
    fetched = {**source_fields, "url": robots["url"], "title": "Robots", "warc": robots["warc"]}
    dead = {**source_fields, "url": "https://gone.invalid/story", "title": None, "warc": None}
    with (folder / "records.jsonl").open("a", encoding="utf-8") as stream:
        for record in (fetched, dead):
            stream.write(json.dumps(record) + "\n")
    pages = collect_pages(folder)
    assert [p.url for p in pages] == [p["url"] for p in crawl.posts] + [robots["url"]]
    assert pages[-1].title == "Robots"
    assert pages[-1].record_type == "source"
    result = package_crawl(folder, tmp_path / "out" / "crawl.wacz")
    assert result.path == tmp_path / "out" / "crawl.wacz"
    assert {p["url"] for p in wacz_pages(result.path)} == {p.url for p in pages}


def responses(folder: Path) -> list[dict[str, Any]]:
    found = []
    for warc in sorted((folder / "warc").glob("*.warc.gz")):
        with warc.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                if record.rec_type == "response":
                    headers = record.rec_headers
                    pointer = {
                        "file": warc.relative_to(folder).as_posix(),
                        "offset": records.get_record_offset(),
                        "record_id": headers.get_header("WARC-Record-ID"),
                    }
                    found.append({"url": headers.get_header("WARC-Target-URI"), "warc": pointer})
    return found


@pytest.mark.e2e
def test_a_pointer_to_the_wrong_record_fails_packaging(crawl: ReplicaCrawl, tmp_path: Path) -> None:
    folder = tmp_path / "bad-pointer"
    shutil.copytree(crawl.folder, folder)
    records = [dict(r) for r in crawl.records]
    records[0]["warc"] = {**records[0]["warc"], "offset": 0}  # the warcinfo record
    (folder / "records.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
    )
    before = sorted(folder.rglob("*"))
    with pytest.raises(PackageError, match="holds a warcinfo record"):
        package_crawl(folder, folder / "bad.wacz")
    assert sorted(folder.rglob("*")) == before  # no WACZ, no temporary file


@pytest.mark.e2e
def test_out_chooses_where_the_wacz_goes(crawl: ReplicaCrawl, tmp_path: Path) -> None:
    out = tmp_path / "exports" / "topten.wacz"
    result = run_topten("package", str(crawl.folder), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert zipfile.is_zipfile(out)


def test_a_folder_that_is_not_a_crawl_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a crawl\n", encoding="utf-8")
    result = run_topten("package", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{tmp_path} is not a crawl folder (no records.jsonl and no warc/*.warc.gz)" in (
        result.stderr
    )
    assert list(tmp_path.iterdir()) == [tmp_path / "notes.txt"]
