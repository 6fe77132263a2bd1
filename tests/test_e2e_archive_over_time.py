"""End to end: one archive folder crawled on day 0, on day 1, and on day 1 again.

The replica moves through days on the same ports (``ReplicaServer.set_day``): new, edited and
deleted posts, dying and changing sources, a host going down, daily boilerplate; pages and
files carry ETag and Last-Modified, and the digest and some outlets answer 304. The three
crawls are the session's ``over_time`` fixture (``tests/conftest.py``); the tests read them.
"""

from __future__ import annotations

import http.client
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.helpers.over_time import CRAWLS, OverTime
from tests.helpers.replay_env import free_port, make_collection, missing_reason, wayback
from topten_crawler.archive.reindex import rebuild_state
from topten_crawler.archive.replay import serving
from topten_crawler.archive.wacz import package_crawl
from topten_crawler.crawlfolder.state import STATE_FILENAME, CrawlState

pytestmark = pytest.mark.e2e


def test_every_crawl_succeeds(over_time: OverTime) -> None:
    for name, done in over_time.crawls.items():
        assert done.result.returncode == 0, name + done.result.stdout + done.result.stderr[-3000:]
        assert done.manifest["ok"], done.manifest["problems"]


def test_first_crawl_finds_everything_new(over_time: OverTime) -> None:
    first = over_time.crawls[CRAWLS[0]]
    for record in first.records:
        assert record["change"] == "new", record["url"]
        assert record["first_seen"] == record["fetched_at"]
        assert record["version"] == (0 if record.get("error") else 1)
    assert not first.stats.get("topten/conditional/requests")


def test_day1_changes_are_the_replicas(over_time: OverTime) -> None:
    day1 = over_time.crawls[CRAWLS[1]]
    for kind, key in (("post", "posts"), ("source", "sources")):
        expected = over_time.expected[key]
        got: dict[str, set[str]] = {change: set() for change in expected}
        for url, record in day1.by_url(kind).items():
            got[record["change"]].add(url)
        for change in ("new", "changed", "unchanged"):
            assert got[change] == expected[change], (kind, change)
        # A source no post cites any more is not fetched, so it has no record to be gone in.
        fetched = set(day1.by_url(kind))
        assert got["gone"] == expected["gone"] & fetched, kind
    assert over_time.expected["posts"]["gone"] <= set(day1.by_url("post"))
    for change in ("new", "changed", "gone"):
        assert over_time.expected["posts"][change], f"the replica's day 1 has no {change} post"


def test_versions_and_first_seen(over_time: OverTime) -> None:
    day0 = over_time.crawls[CRAWLS[0]]
    day1 = over_time.crawls[CRAWLS[1]]
    for kind in ("post", "source"):
        before = day0.by_url(kind)
        for url, record in day1.by_url(kind).items():
            if record["change"] == "new":
                assert record["version"] == (0 if record.get("error") else 1)
                continue
            first = before[url]
            assert record["first_seen"] == first["fetched_at"], url
            versions = 1 if first.get("error") is None else 0
            assert record["version"] == versions + (record["change"] == "changed"), url
            if record["change"] == "gone":
                assert record["error"], url


def test_an_unchanged_recrawl_changes_nothing(over_time: OverTime) -> None:
    again = over_time.crawls[CRAWLS[2]]
    day1 = over_time.crawls[CRAWLS[1]]
    for record in again.records:
        assert record["change"] == "unchanged", record["url"]
        assert record["version"] == day1.by_url(record["type"])[record["url"]]["version"]
    counts = again.manifest["counts"]
    assert counts["changes"]["posts"]["unchanged"] == len(again.by_url("post"))
    assert counts["changes"]["sources"]["unchanged"] == len(again.by_url("source"))
    assert sum(counts["revisits"].values()) >= counts["warc_exchanges"] - 20
    assert counts["warc_bytes"] == again.stats["warc/bytes"] < counts["warc_bytes_full"]
    assert "posts against the archive's earlier crawls: new 0, changed 0" in again.result.stdout


def all_records(folder: Path) -> list[tuple[Path, Any, int]]:
    """Every record under ``folder`` (an archive folder or one crawl folder), read in full."""
    found = []
    for warc in sorted([*folder.glob("*/warc/*.warc.gz"), *folder.glob("warc/*.warc.gz")]):
        with warc.open("rb") as stream:
            iterator = ArchiveIterator(stream)
            for record in iterator:
                found.append((warc, record, iterator.get_record_offset()))
    return found


def test_revisits_are_valid_and_refer_to_responses(over_time: OverTime) -> None:
    warcio = Path(sys.executable).parent / "warcio"
    for warc in sorted(over_time.archive.glob("*/warc/*.warc.gz")):
        check = subprocess.run(
            [warcio, "check", str(warc)], capture_output=True, text=True, check=False
        )
        assert check.returncode == 0, check.stdout + check.stderr
    records = all_records(over_time.archive)
    types = {r.rec_headers.get_header("WARC-Record-ID"): r.rec_type for _, r, _ in records}
    profiles: dict[str, int] = {}
    for _, record, _ in records:
        if record.rec_type != "revisit":
            continue
        headers = record.rec_headers
        assert types[headers.get_header("WARC-Refers-To")] == "response"
        for name in ("WARC-Refers-To-Target-URI", "WARC-Refers-To-Date", "WARC-Payload-Digest"):
            assert headers.get_header(name), name
        assert record.http_headers.get_statuscode() == "200"
        profile = headers.get_header("WARC-Profile").rsplit("/", 1)[1]
        profiles[profile] = profiles.get(profile, 0) + 1
    assert profiles.get("server-not-modified", 0) > 0
    assert profiles.get("identical-payload-digest", 0) > 0
    day1 = over_time.crawls[CRAWLS[1]].stats
    assert day1["topten/conditional/not_modified"] == day1["warc/revisits/server-not-modified"]


def test_unchanged_recrawl_restores_no_payload(over_time: OverTime) -> None:
    """Every page, source and requisite comes back as a revisit: no 200's payload is stored
    again. What is written is a revisit and a request record per exchange (about 1.2 kB
    gzipped): at most a tenth of the first crawl, whose pages and pictures weigh what a news
    site's do (about 30 kB an exchange)."""
    first = over_time.crawls[CRAWLS[0]].stats
    again = over_time.crawls[CRAWLS[2]]
    restored = []
    for _, record, _ in all_records(again.folder.parent / CRAWLS[2]):
        if record.rec_type == "response" and record.http_headers.get_statuscode() == "200":
            restored.append((record.rec_headers.get_header("WARC-Target-URI"), record))
    assert [url for url, _ in restored] == []
    assert again.stats["warc/bytes"] <= 0.10 * first["warc/bytes"]
    assert again.stats["warc/bytes_full"] >= 0.95 * first["warc/bytes_full"]
    assert again.stats["warc/bytes_full"] > 10 * again.stats["warc/bytes"]


def test_rebuilt_state_equals_the_live_one(over_time: OverTime, tmp_path: Path) -> None:
    copy = tmp_path / "archive"
    shutil.copytree(over_time.archive, copy, ignore=shutil.ignore_patterns("state.sqlite3*"))
    rebuild_state(copy)
    store = CrawlState.at(copy / STATE_FILENAME)
    rebuilt = store.dump()
    store.close()
    for table, rows in over_time.live_state.items():
        assert rebuilt[table] == rows, table


# --- Replay and package ------------------------------------------------------------------------
needs_pywb = pytest.mark.skipif(missing_reason() is not None, reason=missing_reason() or "")


def get(base: str, path: str) -> tuple[int, bytes]:
    """GET without following redirects, asking for no content coding."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def revisited_pages(over_time: OverTime, crawl: str) -> list[tuple[str, str, str, bytes]]:
    """(URL, 14-digit timestamp, profile, original payload) of every post and source of the
    crawl whose record points at a revisit."""
    records = all_records(over_time.archive)
    by_id = {r.rec_headers.get_header("WARC-Record-ID"): r for _, r, _ in records}
    payloads: dict[str, bytes] = {}
    for warc, record, offset in records:
        if record.rec_type == "response":
            with warc.open("rb") as stream:
                stream.seek(offset)
                payloads[record.rec_headers.get_header("WARC-Record-ID")] = (
                    next(iter(ArchiveIterator(stream))).content_stream().read()
                )
    pages = []
    for record in over_time.crawls[crawl].records:
        pointer = record.get("warc")
        revisit = by_id.get(pointer["record_id"]) if pointer else None
        if revisit is None or revisit.rec_type != "revisit":
            continue
        headers = revisit.rec_headers
        timestamp = "".join(ch for ch in headers.get_header("WARC-Date") if ch.isdigit())[:14]
        profile = headers.get_header("WARC-Profile").rsplit("/", 1)[1]
        original = payloads[headers.get_header("WARC-Refers-To")]
        pages.append((headers.get_header("WARC-Target-URI"), timestamp, profile, original))
    return pages


@pytest.mark.replay
@needs_pywb
def test_replay_serves_revisits_with_the_original_bytes(over_time: OverTime) -> None:
    """Day 1's pages carry new boilerplate (a 200 with a new payload); its sources and
    requisites, and every page of the re-crawl, are revisits of earlier crawls' records."""
    again = over_time.crawls[CRAWLS[2]]
    pages = {crawl: revisited_pages(over_time, crawl) for crawl in CRAWLS[1:]}
    profiles = {profile for found in pages.values() for _, _, profile, _ in found}
    assert profiles == {"server-not-modified", "identical-payload-digest"}
    posts = {r["url"] for r in again.records if r["type"] == "post" and not r.get("error")}
    assert posts <= {url for url, _, _, _ in pages[CRAWLS[2]]}
    with serving(over_time.archive, port=free_port(), say=lambda _: None) as server:
        for crawl, found in pages.items():
            for url, timestamp, _, original in found:
                status, body = get(server.base, f"/{crawl}/{timestamp}id_/{url}")
                assert status == 200, (crawl, url)
                assert body == original, (crawl, url)


def test_package_of_a_recrawl_carries_the_originals(over_time: OverTime, tmp_path: Path) -> None:
    result = package_crawl(over_time.crawls[CRAWLS[2]].folder, tmp_path / "again.wacz")
    with zipfile.ZipFile(result.path) as wacz:
        names = wacz.namelist()
        assert f"archive/originals-{CRAWLS[2]}.warc.gz" in names
        warcs = tmp_path / "warcs"
        warcs.mkdir()
        for name in names:
            if name.startswith("archive/"):
                (warcs / Path(name).name).write_bytes(wacz.read(name))
    ids: set[str] = set()
    for path in warcs.iterdir():
        with path.open("rb") as stream:
            ids |= {r.rec_headers.get_header("WARC-Record-ID") for r in ArchiveIterator(stream)}
    with_originals = 0
    for path in warcs.iterdir():
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "revisit":
                    assert record.rec_headers.get_header("WARC-Refers-To") in ids
                    with_originals += 1
    assert with_originals > 0


@pytest.mark.replay
@needs_pywb
def test_package_of_a_recrawl_replays_an_unchanged_post_alone(
    over_time: OverTime, tmp_path: Path
) -> None:
    result = package_crawl(over_time.crawls[CRAWLS[2]].folder, tmp_path / "again.wacz")
    root = tmp_path / "pywb"
    root.mkdir()
    warcs = []
    with zipfile.ZipFile(result.path) as wacz:
        for name in wacz.namelist():
            if name.startswith("archive/"):
                warcs.append(root / Path(name).name)
                warcs[-1].write_bytes(wacz.read(name))
    make_collection(root, "package", warcs)
    pages = {page[0]: page for page in revisited_pages(over_time, CRAWLS[2])}
    post = next(
        r
        for r in over_time.crawls[CRAWLS[2]].records
        if r["type"] == "post" and r["change"] == "unchanged" and r["url"] in pages
    )
    _, timestamp, _, original = pages[post["url"]]
    with wayback(root) as base:
        status, body = get(base, f"/package/{timestamp}id_/{post['url']}")
    assert status == 200
    assert body == original
