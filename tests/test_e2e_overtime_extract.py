"""End to end: ``extract`` of the three daily crawls equals their records, with no network.

The archive is the session's ``over_time`` fixture (day 0, day 1 with edits, deletions and dead
sources, day 1 again, where pages are revisits of earlier crawls' records). The command runs
in this process with every socket refused, loopback included.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.helpers.over_time import CRAWLS, OverTime
from topten_crawler.cli import main

pytestmark = pytest.mark.e2e


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection or resolve a name fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise NetworkUsed(f"network used: {args!r}")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def keyed(records: list[dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    keys = [(r["crawl_id"], r["type"], r["url"]) for r in records]
    assert len(set(keys)) == len(keys), "a record written twice"
    return dict(zip(keys, records, strict=True))


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def differences(got: dict[Any, dict[str, Any]], want: dict[Any, dict[str, Any]]) -> list[str]:
    found = [f"missing {key}" for key in want.keys() - got.keys()]
    found += [f"extra {key}" for key in got.keys() - want.keys()]
    for key in want.keys() & got.keys():
        for name in want[key].keys() | got[key].keys():
            if want[key].get(name) != got[key].get(name):
                found.append(f"{key} {name}: {got[key].get(name)!r} != {want[key].get(name)!r}")
    return sorted(found)


def record_type_at(archive: Path, record: dict[str, Any]) -> str:
    pointer = record["warc"]
    with (archive / record["crawl_id"] / pointer["file"]).open("rb") as stream:
        stream.seek(pointer["offset"])
        warc = next(iter(ArchiveIterator(stream)))
        assert warc.rec_headers.get_header("WARC-Record-ID") == pointer["record_id"]
        return str(warc.rec_type)


def test_extract_of_the_archive_equals_every_crawls_records(
    over_time: OverTime, tmp_path: Path, no_network: None
) -> None:
    out = tmp_path / "extracted.jsonl"
    assert main(["extract", str(over_time.archive), "--out", str(out)]) == 0
    got = keyed(read_lines(out))
    want = keyed([r for crawl in CRAWLS for r in over_time.crawls[crawl].records])
    assert differences(got, want) == []
    # What makes this worth testing: gone posts, dead sources, changes, and pages whose record
    # is a revisit of an earlier crawl's response.
    changes = {(r["type"], r["change"]) for r in got.values()}
    assert {("post", "gone"), ("post", "changed"), ("source", "changed")} <= changes
    assert any(r["error"] for r in got.values() if r["type"] == "source")
    again = [r for r in got.values() if r["crawl_id"] == CRAWLS[2] and r["warc"]]
    assert "revisit" in {record_type_at(over_time.archive, r) for r in again}


def test_extract_of_one_crawl_folder_equals_its_records(
    over_time: OverTime, tmp_path: Path, no_network: None
) -> None:
    day1 = over_time.crawls[CRAWLS[1]]
    out = tmp_path / "day1.jsonl"
    assert main(["extract", str(day1.folder), "--out", str(out)]) == 0
    assert differences(keyed(read_lines(out)), keyed(day1.records)) == []
    assert not (over_time.archive / f"extracted-{CRAWLS[1]}.jsonl").exists()
