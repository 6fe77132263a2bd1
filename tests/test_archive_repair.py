"""Closing a killed crawl's open WARC: whole records kept, a torn tail cut and reported."""

from __future__ import annotations

import gzip
import io
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from topten_crawler.archive.readback import index_responses, read_stored, warcinfo_seeds
from topten_crawler.archive.records import CrawlInfo, HttpExchange
from topten_crawler.archive.repair import close_open_warcs, whole_records_end
from topten_crawler.archive.writer import RotatingWarcWriter

DATE = datetime(2026, 12, 7, 2, 0, 0, tzinfo=UTC)


def exchange(n: int, body: bytes = b"hello") -> HttpExchange:
    return HttpExchange(
        url=f"http://127.0.0.1:8000/page/{n}/",
        date=DATE,
        method="GET",
        request_headers=[(b"User-Agent", b"test")],
        request_body=b"",
        status=200,
        protocol="HTTP/1.1",
        response_headers=[(b"Content-Type", b"text/html")],
        body=body,
        ip_address="127.0.0.1",
    )


def open_warc(tmp_path: Path, exchanges: int) -> Path:
    """A WARC as a killed crawl leaves it: written and flushed, still named ``.open``."""
    warc_dir = tmp_path / "warc"
    writer = RotatingWarcWriter(
        warc_dir, CrawlInfo(crawl_id="c1", seeds=["http://127.0.0.1:8000/"]), root=tmp_path
    )
    for n in range(exchanges):
        writer.write_exchange(exchange(n))
    writer.close()
    (closed,) = warc_dir.glob("*.warc.gz")
    return closed.rename(closed.with_name(closed.name + ".open"))


def records_of(path: Path) -> list[str]:
    with path.open("rb") as stream:
        return [record.rec_type for record in ArchiveIterator(stream)]


def test_a_whole_open_file_is_renamed_untouched(tmp_path: Path) -> None:
    path = open_warc(tmp_path, 3)
    data = path.read_bytes()
    (repair,) = close_open_warcs(tmp_path / "warc")
    assert repair.cut_bytes == 0
    assert repair.kept_records == 7  # warcinfo + 3 exchanges of request and response
    assert repair.path.read_bytes() == data
    assert not list((tmp_path / "warc").glob("*.open"))


def test_a_torn_member_is_cut(tmp_path: Path) -> None:
    path = open_warc(tmp_path, 3)
    whole = path.stat().st_size
    data = path.read_bytes()
    # The last record's gzip member cut in the middle, as a kill would leave it.
    path.write_bytes(data[: whole - 40])
    (repair,) = close_open_warcs(tmp_path / "warc")
    assert records_of(repair.path) == ["warcinfo", *["response", "request"] * 2, "response"]
    assert repair.kept_bytes + repair.cut_bytes == whole - 40
    gzip.decompress(repair.path.read_bytes())  # every member whole
    assert repair.as_dict(tmp_path)["file"] == repair.path.relative_to(tmp_path).as_posix()


def test_garbage_after_the_last_record_is_cut(tmp_path: Path) -> None:
    path = open_warc(tmp_path, 1)
    whole = path.stat().st_size
    with path.open("ab") as stream:
        stream.write(gzip.compress(b"not a WARC record"))
        stream.write(b"\x1f\x8b\x08 torn")
    assert whole_records_end(path) == (whole, 3)
    (repair,) = close_open_warcs(tmp_path / "warc")
    assert repair.path.stat().st_size == whole


def test_a_file_with_nothing_whole_is_removed(tmp_path: Path) -> None:
    warc_dir = tmp_path / "warc"
    warc_dir.mkdir()
    (warc_dir / "topten-x.warc.gz.open").write_bytes(b"\x1f\x8b\x08\x00torn")
    (repair,) = close_open_warcs(warc_dir)
    assert repair.kept_records == 0 and repair.cut_bytes == 8
    assert list(warc_dir.iterdir()) == []


def test_archived_responses_read_back_as_sent(tmp_path: Path) -> None:
    compressed = gzip.compress(b"<html>page</html>")
    writer = RotatingWarcWriter(
        tmp_path / "warc", CrawlInfo(crawl_id="c1", seeds=["http://a.test/", "http://b.test/"]),
        root=tmp_path,
    )  # fmt: skip
    first = writer.write_exchange(exchange(1, b"first"))
    second = writer.write_exchange(exchange(1, compressed))
    writer.close()
    warcs = sorted((tmp_path / "warc").glob("*.warc.gz"))
    index = index_responses(tmp_path, warcs)
    (captures,) = index.values()
    assert [c.record_id for c in captures] == [first.record_id, second.record_id]
    again = read_stored(tmp_path, captures[1], lambda digest: None)
    assert again.status == 200 and again.body == compressed
    assert ("Content-Type", "text/html") in again.headers
    assert warcinfo_seeds(warcs[0]) == ["http://a.test/", "http://b.test/"]
    assert io.BytesIO(again.body).read() == compressed
