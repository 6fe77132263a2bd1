"""Close the WARC files a killed crawl left open: keep every whole record, cut a torn tail.

The writer gives each record its own gzip member and flushes after each exchange, so a crawl
killed at any moment leaves a ``.warc.gz.open`` file whose members are whole up to the last
one or two: the member being written may be cut anywhere, and a request record may have lost
the response that follows it. Readers choke on a torn member, so it is cut off here — by
truncating the file after the last whole record — and the cut is reported; then the file gets
its final name, which the records' ``warc`` pointers already use.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from topten_crawler.archive.writer import OPEN_SUFFIX

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Repair:
    """What closing one open WARC file did."""

    path: Path  # the file's final name
    kept_records: int
    kept_bytes: int
    cut_bytes: int  # torn or orphaned bytes removed from the end
    cut_records: int  # whole records removed with them (a request whose response was lost)

    def as_dict(self, root: Path) -> dict[str, object]:
        return {
            "file": self.path.relative_to(root).as_posix(),
            "kept_records": self.kept_records,
            "cut_bytes": self.cut_bytes,
            "cut_records": self.cut_records,
        }


def _record_type(member: bytes) -> str | None:
    """The WARC-Type of a whole record, or None when the member is not one."""
    head, separator, rest = member.partition(b"\r\n\r\n")
    if not separator or not head.startswith(b"WARC/"):
        return None
    fields: dict[bytes, bytes] = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        fields[name.strip().lower()] = value.strip()
    try:
        length = int(fields.get(b"content-length", b"-1"))
    except ValueError:
        return None
    # The block, then the two CRLFs that end every record.
    if length < 0 or len(rest) != length + 4 or not rest.endswith(b"\r\n\r\n"):
        return None
    return fields.get(b"warc-type", b"").decode("latin-1") or None


def whole_records_end(path: Path) -> tuple[int, int, int]:
    """``(end offset, records kept, records cut)`` of the whole records at the file's start.

    Reads the file one gzip member at a time; stops at the first member that is torn or is
    not a whole WARC record. A trailing request record without its response is cut too: the
    writer always writes the two together.
    """
    ends: list[tuple[int, str]] = []  # (end offset, record type) of each whole record
    position = 0
    pending = b""
    with path.open("rb") as stream:
        while True:
            decompressor = zlib.decompressobj(31)
            member = bytearray()
            consumed = 0
            finished = False
            while not finished:
                chunk = pending or stream.read(_CHUNK)
                pending = b""
                if not chunk:
                    break
                member += decompressor.decompress(chunk)
                if decompressor.eof:
                    used = len(chunk) - len(decompressor.unused_data)
                    consumed += used
                    pending = decompressor.unused_data
                    finished = True
                else:
                    consumed += len(chunk)
            if not finished:
                break
            record_type = _record_type(bytes(member))
            if record_type is None:
                break
            position += consumed
            ends.append((position, record_type))
            if not pending and not stream.peek(1):
                break
    cut = 0
    while ends and ends[-1][1] == "request":
        ends.pop()
        cut += 1
    return (ends[-1][0] if ends else 0), len(ends), cut


def close_open_warcs(warc_dir: Path) -> list[Repair]:
    """Cut and rename every ``*.warc.gz.open`` in ``warc_dir``; an empty one is removed."""
    repairs: list[Repair] = []
    for open_path in sorted(warc_dir.glob(f"*.warc.gz{OPEN_SUFFIX}")):
        final = open_path.with_name(open_path.name.removesuffix(OPEN_SUFFIX))
        size = open_path.stat().st_size
        end, kept, cut_records = whole_records_end(open_path)
        if kept == 0:
            open_path.unlink()  # nothing whole in it: no file is better than an empty one
            repairs.append(Repair(final, 0, 0, size, cut_records))
            continue
        if end < size:
            with open_path.open("r+b") as stream:
                stream.truncate(end)
        open_path.rename(final)
        repairs.append(Repair(final, kept, end, size - end, cut_records))
    return repairs
