"""Close the WARC files a killed crawl left open: keep every whole record, cut a torn tail.

The writer gives each record its own gzip member (an exchange's response, then its request)
and flushes after each exchange, so a crawl killed at any moment leaves a ``.warc.gz.open``
file whose members are whole up to the one being written, which may be cut anywhere. Readers
choke on a torn member, so it is cut off here — by truncating the file after the last whole
record — and the cut is reported; then the file gets its final name, which the records'
``warc`` pointers already use (a record is written only after its exchange is flushed, so no
pointer can name what was cut).
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
    cut_bytes: int  # torn bytes removed from the end

    def as_dict(self, root: Path) -> dict[str, object]:
        return {
            "file": self.path.relative_to(root).as_posix(),
            "kept_records": self.kept_records,
            "cut_bytes": self.cut_bytes,
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


def whole_records_end(path: Path) -> tuple[int, int]:
    """``(end offset, records)`` of the whole WARC records at the start of the file.

    Reads the file one gzip member at a time; stops at the first member that is torn or is
    not a whole WARC record.
    """
    end, records = 0, 0
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
            if _record_type(bytes(member)) is None:
                break
            position += consumed
            end, records = position, records + 1
            if not pending and not stream.peek(1):
                break
    return end, records


def close_open_warcs(warc_dir: Path) -> list[Repair]:
    """Cut and rename every ``*.warc.gz.open`` in ``warc_dir``; an empty one is removed."""
    repairs: list[Repair] = []
    for open_path in sorted(warc_dir.glob(f"*.warc.gz{OPEN_SUFFIX}")):
        final = open_path.with_name(open_path.name.removesuffix(OPEN_SUFFIX))
        size = open_path.stat().st_size
        end, kept = whole_records_end(open_path)
        if kept == 0:
            open_path.unlink()  # nothing whole in it: no file is better than an empty one
            repairs.append(Repair(final, 0, 0, size))
            continue
        if end < size:
            with open_path.open("r+b") as stream:
                stream.truncate(end)
        open_path.rename(final)
        repairs.append(Repair(final, kept, end, size - end))
    return repairs
