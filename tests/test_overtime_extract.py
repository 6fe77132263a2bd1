"""Re-extraction from WARC files alone: a crawl folder written by hand, read back offline."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from topten_crawler.archive.readback import StoredResponse, warcinfo_config
from topten_crawler.archive.records import CrawlInfo, HttpExchange
from topten_crawler.archive.revisits import ArchivedResponse
from topten_crawler.archive.writer import RotatingWarcWriter
from topten_crawler.cli import main
from topten_crawler.crawlfolder.folder import CrawlFolder
from topten_crawler.items import WarcPointer, fetched_at_of
from topten_crawler.overtime.extract import CrawlCaptures, StoredCapture, extract_records
from topten_crawler.pages.archived import scrapy_response

FIXTURE = Path(__file__).parent / "fixtures" / "post" / "from-line-read-more-related-story"
SEED = "https://foreigndesknews.com/"
START = datetime(2026, 11, 25, 6, 0, 0, 250000, tzinfo=UTC)
HTML = [(b"Content-Type", b"text/html; charset=UTF-8")]
SOURCE_PAGE = (
    b"<html><head><title>Drone strike | Harbor Ledger</title>"
    b'<meta property="og:site_name" content="Harbor Ledger"></head><body><article>'
    b"<h1>Drone strike</h1><p>A tanker burned in the Red Sea after a drone strike on Sunday, "
    b"officials said, and insurers raised their war-risk rates for the whole route.</p>"
    b"</article></body></html>"
)


def expected_post() -> dict[str, Any]:
    expected: dict[str, Any] = json.loads(FIXTURE.with_suffix(".json").read_text("utf-8"))
    return expected


def write_crawl(
    archive: Path,
    crawl_id: str,
    *,
    config: dict[str, object] | None = None,
    location: bytes = b"/moved/drone-strike/",
    post_exchanges: list[HttpExchange] | None = None,
) -> Path:
    """A crawl of one post citing two sources: one moved (301 to ``location``, then 200), one
    gone (404); ``post_exchanges`` replace the post's own."""
    post = expected_post()
    moved, missing = (citation["url"] for citation in post["citations"])
    folder = CrawlFolder.create(archive, crawl_id)
    folder.seeds_file.write_text(SEED + "\n", encoding="utf-8")
    info = CrawlInfo(crawl_id=crawl_id, seeds=[SEED], config=config or {})
    writer = RotatingWarcWriter(folder.warc_dir, info, root=folder.path)
    page = FIXTURE.with_suffix(".html").read_bytes()
    post_answer = HttpExchange(
        url=post["url"],
        date=START + timedelta(seconds=1),
        response_headers=[*HTML, (b"Content-Encoding", b"gzip")],
        body=gzip.compress(page, mtime=0),
    )
    exchanges = [
        HttpExchange(url=SEED + "robots.txt", date=START, status=404, body=b"none"),
        *(post_exchanges or [post_answer]),
        HttpExchange(
            url=moved,
            date=START + timedelta(seconds=2),
            status=301,
            response_headers=[(b"Location", location)],
        ),
        HttpExchange(url=missing, date=START + timedelta(seconds=3), status=404, body=b"gone"),
        HttpExchange(
            url="https://outlet-1.example/moved/drone-strike/",
            date=START + timedelta(seconds=4),
            response_headers=HTML,
            body=SOURCE_PAGE,
        ),
    ]
    for exchange in exchanges:
        writer.write_exchange(exchange)
    writer.close()
    folder.records_file.write_text("", encoding="utf-8")
    return folder.path


def by_type(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {"post": [], "source": []}
    for record in records:
        grouped[record["type"]].append(record)
    return grouped


def test_the_post_and_its_sources_come_back_from_the_warc(tmp_path: Path) -> None:
    folder = write_crawl(tmp_path, "20261125T060000Z-aaaa")
    records = by_type(list(extract_records(folder)))
    expected = expected_post()
    (post,) = records["post"]
    for name in ("url", "title", "author", "published", "text", "citations", "related"):
        assert post[name] == expected[name], name
    assert post["fetched_at"] == "2026-11-25T06:00:01Z"  # its WARC-Date, whole seconds
    assert post["warc"]["file"].startswith("warc/topten-")
    assert (post["change"], post["version"], post["first_seen"]) == ("new", 1, post["fetched_at"])
    moved, missing = (citation["url"] for citation in expected["citations"])
    sources = {record["url"]: record for record in records["source"]}
    assert list(sources) == [moved, missing]  # in the order the post cites them
    assert sources[moved]["final_url"] == "https://outlet-1.example/moved/drone-strike/"
    assert sources[moved]["status"] == 200
    assert sources[moved]["site_name"] == "Harbor Ledger"
    assert "war-risk rates" in sources[moved]["text"]
    assert sources[moved]["fetched_at"] == "2026-11-25T06:00:04Z"
    assert (sources[missing]["error"], sources[missing]["status"]) == ("http_404", 404)
    for source in sources.values():
        assert source["cited_by"] == [expected["url"]]


def test_a_later_crawl_compares_with_the_earlier_one(tmp_path: Path) -> None:
    write_crawl(tmp_path, "20261125T060000Z-aaaa")
    second = write_crawl(tmp_path, "20261126T060000Z-bbbb")
    records = list(extract_records(second))  # a crawl folder: the earlier crawl is read too
    assert {record["crawl_id"] for record in records} == {"20261126T060000Z-bbbb"}
    (post,) = by_type(records)["post"]
    assert (post["change"], post["version"]) == ("unchanged", 1)
    assert post["first_seen"] == "2026-11-25T06:00:01Z"
    everything = list(extract_records(tmp_path))
    assert [record["crawl_id"] for record in everything] == ["20261125T060000Z-aaaa"] * 3 + [
        "20261126T060000Z-bbbb"
    ] * 3


def test_the_crawls_recorded_settings_apply(tmp_path: Path) -> None:
    folder = write_crawl(
        tmp_path,
        "20261125T060000Z-aaaa",
        config={"TOPTEN_FOLLOW_SOURCES": "False", "TOPTEN_STATE_ENABLED": False},
    )
    assert (
        warcinfo_config(next((folder / "warc").glob("*.warc.gz")))["TOPTEN_STATE_ENABLED"] is False
    )
    records = list(extract_records(folder))
    assert [record["type"] for record in records] == ["post"]
    assert records[0]["change"] is None and records[0]["version"] is None
    overridden = list(extract_records(folder, {"TOPTEN_FOLLOW_SOURCES": "True"}))
    assert [record["type"] for record in overridden] == ["post", "source", "source"]


def test_an_error_without_a_warc_record_is_taken_from_the_crawls_records(tmp_path: Path) -> None:
    folder = write_crawl(tmp_path, "20261125T060000Z-aaaa")
    missing = expected_post()["citations"][1]["url"]
    failed = {"type": "source", "url": missing, "error": "dns", "warc": None, "status": None}
    (folder / "records.jsonl").write_text(json.dumps(failed) + "\n", encoding="utf-8")
    sources = {r["url"]: r for r in extract_records(folder) if r["type"] == "source"}
    assert sources[missing]["error"] == "dns"
    assert sources[missing]["cited_by"] == [expected_post()["url"]]


def test_a_redirect_loop_fails_the_source_as_the_crawl_fails_it(tmp_path: Path) -> None:
    moved = expected_post()["citations"][0]["url"]
    folder = write_crawl(tmp_path, "20261125T060000Z-aaaa", location=moved.encode())
    sources = {r["url"]: r for r in extract_records(folder) if r["type"] == "source"}
    assert (sources[moved]["error"], sources[moved]["status"]) == ("too_many_redirects", 301)
    assert sources[moved]["warc"] is not None


def test_a_post_held_before_that_now_fails_is_gone_under_its_own_url(tmp_path: Path) -> None:
    url = expected_post()["url"]
    write_crawl(tmp_path, "20261125T060000Z-aaaa")
    moved_away = [
        HttpExchange(
            url=url, date=START, status=301, response_headers=[(b"Location", b"/removed/")]
        ),
        HttpExchange(url=SEED + "removed/", date=START, status=410, body=b"removed"),
    ]
    second = write_crawl(tmp_path, "20261126T060000Z-bbbb", post_exchanges=moved_away)
    (post,) = [r for r in extract_records(second) if r["type"] == "post"]
    assert (post["url"], post["error"], post["status"]) == (url, "http_410", 410)
    assert (post["change"], post["version"]) == ("gone", 1)


def capture(position: int, status: int) -> StoredCapture:
    record_id = f"<urn:uuid:{position}>"
    return StoredCapture(
        position=position,
        url="https://outlet.example/a",
        stored=StoredResponse("warc/x.warc.gz", position, record_id),
        pointer=WarcPointer(file="warc/x.warc.gz", offset=position, record_id=record_id),
        date="2026-11-25T06:00:00Z",
        status=status,
        location=None,
        content_type=None,
    )


def test_a_request_gets_the_last_of_its_retries(tmp_path: Path) -> None:
    captures = CrawlCaptures(CrawlFolder(tmp_path))
    for position, status in ((3, 503), (5, 503), (8, 200), (12, 200)):
        captures.by_url["https://outlet.example/a"].append(capture(position, status))
    answer = captures.after("https://outlet.example/a", 1)
    assert answer is not None and answer.position == 8
    later = captures.after("https://outlet.example/a", 8)
    assert later is not None and later.position == 12
    assert captures.after("https://outlet.example/a", 12) is None
    assert captures.after("https://elsewhere.example/", 0) is None


def test_the_response_is_decoded_as_scrapy_decodes_it() -> None:
    body = b"<html><body><p>caf\xc3\xa9</p></body></html>"
    archived = ArchivedResponse(
        record_id="<urn:uuid:1>",
        uri="https://outlet.example/a",
        date="2026-11-25T06:00:00Z",
        payload_digest=None,
        status=200,
        protocol="HTTP/1.1",
        headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
        body=gzip.compress(body),
    )
    response = scrapy_response(archived, archived.uri)
    assert response.body == body
    assert b"Content-Encoding" not in response.headers
    assert response.text.endswith("café</p></body></html>")  # type: ignore[attr-defined]


def test_fetched_at_is_the_warc_date_in_whole_seconds() -> None:
    assert fetched_at_of("2026-11-24T17:11:04.123456Z") == "2026-11-24T17:11:04Z"
    assert fetched_at_of("2026-11-24T17:11:04Z") == "2026-11-24T17:11:04Z"


# --- The command -----------------------------------------------------------------------------


def test_command_writes_the_records_beside_the_crawls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_crawl(tmp_path, "20261125T060000Z-aaaa")
    assert main(["extract", str(tmp_path)]) == 0
    lines = (tmp_path / "extracted-records.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["type"] for line in lines] == ["post", "source", "source"]
    assert "1 posts, 2 sources" in capsys.readouterr().out
    assert main(["extract", str(folder)]) == 0
    assert (tmp_path / "extracted-20261125T060000Z-aaaa.jsonl").is_file()
    out = tmp_path / "mine.jsonl"
    assert main(["extract", str(folder), "--out", str(out)]) == 0
    assert out.read_text("utf-8").splitlines() == lines


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-s", "TOPTEN_NO_SUCH=1"], "no such setting"),
        (["-s", "DOWNLOAD_DELAY=2"], "extract reads only"),
        (["-s", "TOPTEN_MAX_POSTS=many"], "TOPTEN_MAX_POSTS"),
        (["--out", "."], "is a folder"),
    ],
)
def test_command_refuses_bad_arguments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    write_crawl(tmp_path, "20261125T060000Z-aaaa")
    assert main(["extract", str(tmp_path), *arguments]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "extracted-records.jsonl").exists()


def test_command_fails_on_a_damaged_warc_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_crawl(tmp_path, "20261125T060000Z-aaaa")
    warc = next((folder / "warc").glob("*.warc.gz"))
    data = warc.read_bytes()
    warc.write_bytes(data[:300] + b"x" * 500 + data[800:])  # records overwritten mid-file
    assert main(["extract", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith("topten-crawler extract: ")
    assert not (tmp_path / "extracted-records.jsonl").exists()
    assert not list(tmp_path.glob(".*.part"))


def test_command_fails_on_a_folder_without_crawls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(tmp_path)]) == 1
    assert "no crawl folder in" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
