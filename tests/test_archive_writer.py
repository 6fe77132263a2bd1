"""The rotating WARC writer: file names, rotation, pointers, and what survives a kill."""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.helpers.disk_full import ByteBudget
from topten_crawler.archive.records import CrawlInfo, HttpExchange
from topten_crawler.archive.writer import RotatingWarcWriter, WarcPointer
from topten_crawler.crawlfolder import files
from topten_crawler.crawlfolder.files import UnwritableOutput

CREATED = datetime(2026, 11, 24, 17, 11, 4, tzinfo=UTC)
INFO = CrawlInfo(crawl_id="test-crawl", seeds=["http://example.org/"], hostname="host-1")
NAME_RE = re.compile(r"^topten-20261124171104-(\d{5})-host-1\.warc\.gz$")


def make_exchange(n: int, size: int = 1000) -> HttpExchange:
    # Incompressible bodies, so file sizes grow predictably with each exchange.
    body = random.Random(n).randbytes(size)
    return HttpExchange(
        url=f"http://example.org/page/{n}?q={n}",
        date=CREATED,
        request_headers=[(b"User-Agent", b"test")],
        response_headers=[(b"Content-Type", b"application/octet-stream")],
        body=body,
        ip_address="127.0.0.1",
    )


def new_writer(root: Path, **kwargs: Any) -> RotatingWarcWriter:
    return RotatingWarcWriter(root / "warc", INFO, root=root, clock=lambda: CREATED, **kwargs)


def read_records(path: Path) -> list[tuple[str, str | None, bytes]]:
    """(type, target URI, stored payload) of every record that can be read from ``path``."""
    out: list[tuple[str, str | None, bytes]] = []
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            out.append(
                (
                    record.rec_type,
                    record.rec_headers.get_header("WARC-Target-URI"),
                    record.raw_stream.read(),
                )
            )
    return out


def resolve(root: Path, pointer: WarcPointer) -> Any:
    with (root / pointer.file).open("rb") as fh:
        fh.seek(pointer.offset)
        record = next(iter(ArchiveIterator(fh)))
        record.stored_payload = record.raw_stream.read()
        return record


def test_file_is_open_while_writing_and_renamed_on_close(tmp_path: Path) -> None:
    writer = new_writer(tmp_path)
    assert writer.current_path is None  # nothing is created before the first exchange
    pointer = writer.write_exchange(make_exchange(0))
    open_path = writer.current_path
    assert open_path is not None
    assert open_path.name.endswith(".warc.gz.open")
    assert open_path.exists()
    final = open_path.with_name(open_path.name.removesuffix(".open"))
    assert not final.exists()
    assert pointer.file == f"warc/{final.name}"
    assert writer.files == []

    writer.close()
    assert not open_path.exists()
    assert final.exists()
    assert writer.files == [final]
    assert NAME_RE.match(final.name)
    writer.close()  # a second close is harmless
    assert writer.files == [final]


def test_pointers_resolve_to_the_response_record(tmp_path: Path) -> None:
    with new_writer(tmp_path) as writer:
        exchanges = [make_exchange(n) for n in range(5)]
        pointers = [writer.write_exchange(ex) for ex in exchanges]
    for exchange, pointer in zip(exchanges, pointers, strict=True):
        record = resolve(tmp_path, pointer)
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Record-ID") == pointer.record_id
        assert record.rec_headers.get_header("WARC-Target-URI") == exchange.url
        assert record.stored_payload == exchange.body
    assert pointers[0].as_dict() == {
        "file": pointers[0].file,
        "offset": pointers[0].offset,
        "record_id": pointers[0].record_id,
    }


def test_rotation_when_file_reaches_max_size(tmp_path: Path) -> None:
    max_size = 4000
    with new_writer(tmp_path, max_size=max_size) as writer:
        pointers = [writer.write_exchange(make_exchange(n)) for n in range(10)]
    files = writer.files
    assert len(files) > 2
    # Serials count up from 00000 with no gap, in creation order.
    serials = [int(NAME_RE.match(path.name).group(1)) for path in files]  # type: ignore[union-attr]
    assert serials == list(range(len(files)))
    by_file: dict[str, list[WarcPointer]] = {}
    for pointer in pointers:
        by_file.setdefault(pointer.file, []).append(pointer)
    assert list(by_file) == [f"warc/{path.name}" for path in files]
    for path in files:
        records = read_records(path)
        # warcinfo first, then whole exchanges: response and request never split.
        assert records[0][0] == "warcinfo"
        kinds = [kind for kind, _, _ in records[1:]]
        assert kinds == ["response", "request"] * (len(kinds) // 2)
        for response, request in zip(records[1::2], records[2::2], strict=True):
            assert response[1] == request[1]
    for path in files[:-1]:
        # A file is only left once it has reached the limit...
        assert path.stat().st_size >= max_size
        # ...and it was below the limit before its last exchange was written.
        last_offset = by_file[f"warc/{path.name}"][-1].offset
        assert last_offset < max_size


def test_every_file_gets_an_exchange_even_with_a_tiny_limit(tmp_path: Path) -> None:
    with new_writer(tmp_path, max_size=1) as writer:
        for n in range(3):
            writer.write_exchange(make_exchange(n))
    assert len(writer.files) == 3
    for path in writer.files:
        assert [kind for kind, _, _ in read_records(path)] == ["warcinfo", "response", "request"]


def test_warcinfo_names_its_file(tmp_path: Path) -> None:
    with new_writer(tmp_path, max_size=1) as writer:
        writer.write_exchange(make_exchange(0))
        writer.write_exchange(make_exchange(1))
    for path in writer.files:
        with path.open("rb") as fh:
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_type == "warcinfo"
            assert record.rec_headers.get_header("WARC-Filename") == path.name
            assert b"isPartOf: test-crawl\r\n" in record.content_stream().read()


def test_killed_crawl_keeps_every_complete_record(tmp_path: Path) -> None:
    with new_writer(tmp_path) as writer:
        check_cut_file(tmp_path, writer)


def check_cut_file(tmp_path: Path, writer: RotatingWarcWriter) -> None:
    exchanges = [make_exchange(n) for n in range(4)]
    pointers = [writer.write_exchange(ex) for ex in exchanges]
    # No close(): the crawl is "killed"; the flushed bytes are all in the .open file.
    open_path = writer.current_path
    assert open_path is not None
    killed = tmp_path / "killed.warc.gz"
    shutil.copyfile(open_path, killed)
    size = killed.stat().st_size
    # Cut the file in the middle of the last exchange's response record.
    cut = pointers[-1].offset + (size - pointers[-1].offset) // 4
    with killed.open("r+b") as fh:
        fh.truncate(cut)

    records: list[tuple[str, bytes]] = []
    # What a reader makes of the cut record (an error, a short record, nothing) does not
    # matter: everything before it must come out whole.
    with killed.open("rb") as fh, contextlib.suppress(Exception):
        for record in ArchiveIterator(fh):
            records.append((record.rec_type, record.raw_stream.read()))
    kinds = [kind for kind, _ in records]
    assert kinds[:7] == ["warcinfo"] + ["response", "request"] * 3
    payloads = [payload for kind, payload in records[:7] if kind == "response"]
    assert payloads == [ex.body for ex in exchanges[:3]]
    # And each earlier pointer still resolves in the cut file.
    for exchange, pointer in zip(exchanges[:3], pointers[:3], strict=True):
        with killed.open("rb") as fh:
            fh.seek(pointer.offset)
            record = next(iter(ArchiveIterator(fh)))
            assert record.raw_stream.read() == exchange.body


def test_failed_write_is_cut_back_and_later_records_stay_readable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = new_writer(tmp_path)
    first = writer.write_exchange(make_exchange(0))
    (open_file,) = (tmp_path / "warc").glob("*.open")
    size_before = open_file.stat().st_size
    # The disk takes half of the next exchange, then no more.
    budget = ByteBudget(writer.full_size(make_exchange(1)) // 2)
    monkeypatch.setattr(files, "os_write", budget)
    with pytest.raises(UnwritableOutput, match="No space left"):
        writer.write_exchange(make_exchange(1))
    assert open_file.stat().st_size == size_before  # no torn gzip member
    monkeypatch.setattr(files, "os_write", os.write)  # space again
    third = writer.write_exchange(make_exchange(2))
    writer.close()

    (path,) = writer.files
    records = read_records(path)
    assert [kind for kind, _, _ in records] == ["warcinfo"] + ["response", "request"] * 2
    assert resolve(tmp_path, first).stored_payload == make_exchange(0).body
    assert resolve(tmp_path, third).stored_payload == make_exchange(2).body
    assert writer.records_written == 5


def test_a_full_disk_leaves_no_empty_open_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every later exchange fails at once: no new file is left behind for each of them."""
    writer = new_writer(tmp_path, max_size=1)
    writer.write_exchange(make_exchange(0))
    monkeypatch.setattr(files, "os_write", ByteBudget(0))
    for n in range(1, 20):
        with pytest.raises(UnwritableOutput):
            writer.write_exchange(make_exchange(n))
    writer.close()
    names = sorted(p.name for p in (tmp_path / "warc").iterdir())
    assert len(names) == 1 and names[0].endswith(".warc.gz"), names
    subprocess.run(["gzip", "-t", str(tmp_path / "warc" / names[0])], check=True)


def test_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    with new_writer(tmp_path) as writer:
        writer.write_exchange(make_exchange(0))
    (existing,) = writer.files
    before = existing.read_bytes()
    again = new_writer(tmp_path)
    with pytest.raises(FileExistsError):
        again.write_exchange(make_exchange(1))
    assert existing.read_bytes() == before


def test_files_pass_gzip_and_warcio_checks(tmp_path: Path) -> None:
    with new_writer(tmp_path, max_size=3000) as writer:
        for n in range(6):
            writer.write_exchange(make_exchange(n))
    for path in writer.files:
        subprocess.run(["gzip", "-t", str(path)], check=True)
        warcio = Path(sys.executable).with_name("warcio")
        result = subprocess.run(
            [str(warcio), "check", "-v", str(path)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr


_KILLED_WRITER = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from topten_crawler.archive.records import CrawlInfo, HttpExchange
from topten_crawler.archive.writer import RotatingWarcWriter

root = Path(sys.argv[1])
writer = RotatingWarcWriter(root / "warc", CrawlInfo(crawl_id="killed"), root=root)
for n in range(3):
    writer.write_exchange(
        HttpExchange(url=f"http://example.org/{n}", date=datetime.now(UTC), body=b"x%d" % n)
    )
print("written", flush=True)
time.sleep(60)
"""


def test_sigkill_after_writes_leaves_readable_records(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "written"
    finally:
        proc.kill()  # SIGKILL: no close(), no atexit, no buffer flush
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
    (open_file,) = (tmp_path / "warc").glob("*.warc.gz.open")
    records = read_records(open_file)
    assert [kind for kind, _, _ in records] == ["warcinfo"] + ["response", "request"] * 3
    assert [payload for kind, _, payload in records if kind == "response"] == [b"x0", b"x1", b"x2"]
    subprocess.run(["gzip", "-t", str(open_file)], check=True)
