"""A rotating writer of ``.warc.gz`` files; no Scrapy needed.

File names are ``<PREFIX>-<YYYYMMDDHHMMSS>-<serial>-<hostname>.warc.gz`` (UTC time at file
creation, serial from ``00000``). A file is written as ``NAME.warc.gz.open`` and renamed when it
is closed, so a name without ``.open`` always means a finished file. Each file starts with a
warcinfo record; each record is its own gzip member, so any record can be read from its offset.

Durability: the bytes of each exchange go to the operating system in one unbuffered append as
soon as they are built, so a crawl killed at any point leaves every complete record readable;
``os.fsync`` runs when a file is closed (rotation or :meth:`RotatingWarcWriter.close`). An
append the disk cannot take is cut back off the file (``crawlfolder.files.append_whole``): no
torn gzip member, and :class:`~topten_crawler.crawlfolder.files.UnwritableOutput` is raised.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from types import TracebackType
from typing import NamedTuple

from warcio.warcwriter import WARCWriter

from topten_crawler.archive.records import (
    WARC_VERSION,
    CrawlInfo,
    ExchangeRecords,
    HttpExchange,
    RevisitOf,
    WarcRecord,
    build_exchange_records,
    build_revisit_records,
    build_warcinfo_record,
)
from topten_crawler.crawlfolder.files import UnwritableOutput, append_whole

OPEN_SUFFIX = ".open"


class WarcPointer(NamedTuple):
    """Where the response record of one exchange is: ``(file, offset, record_id)``.

    ``file`` is relative to the writer's root folder (POSIX separators, final name without
    ``.open``); ``offset`` is the byte offset of the record's gzip member, as warcio's
    ``ArchiveIterator`` reports it; ``record_id`` is the response's ``WARC-Record-ID``.
    """

    file: str
    offset: int
    record_id: str

    def as_dict(self) -> dict[str, str | int]:
        return {"file": self.file, "offset": self.offset, "record_id": self.record_id}


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _safe_hostname(hostname: str) -> str:
    # The name is split on '-' by nobody, but a '/' or a space would break paths and shells.
    return re.sub(r"[^A-Za-z0-9.-]", "_", hostname) or "localhost"


def _serialise(*records: WarcRecord) -> tuple[bytes, list[int]]:
    """The gzip members of the records and the offset of each within them."""
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version=WARC_VERSION)
    offsets: list[int] = []
    for record in records:
        offsets.append(buffer.tell())
        writer.write_record(record)
    return buffer.getvalue(), offsets


class RotatingWarcWriter:
    """Writes exchanges into ``directory``, starting a new file once one reaches ``max_size``.

    Files are opened on the first write, so a crawl that fetched nothing leaves no file.
    Not thread-safe (Scrapy calls it from its single reactor thread).
    """

    def __init__(
        self,
        directory: str | Path,
        info: CrawlInfo,
        *,
        prefix: str = "topten",
        max_size: int = 1_000_000_000,
        root: str | Path | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.directory = Path(directory)
        self.root = Path(root) if root is not None else self.directory
        self.info = info
        self.prefix = prefix
        self.max_size = max_size
        self._clock = clock
        self._hostname = _safe_hostname(info.hostname or socket.gethostname())
        self._serial = 0
        self._file: int | None = None  # the descriptor of the open file
        self._path: Path | None = None  # final name, without .open
        self._exchanges_in_file = 0
        self._finished: list[Path] = []
        self.records_written = 0
        self.bytes_written = 0
        # Bytes of the last exchange's records alone (no warcinfo record of a new file).
        self.last_exchange_size = 0

    # -- public ------------------------------------------------------------------------------

    @property
    def files(self) -> list[Path]:
        """Finished (closed and renamed) files, oldest first."""
        return list(self._finished)

    @property
    def current_path(self) -> Path | None:
        """The ``.open`` path of the file being written, if any."""
        return None if self._path is None else self._open_path(self._path)

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def write_exchange(self, exchange: HttpExchange) -> WarcPointer:
        """Append the response and request records of ``exchange``; return where it went.

        Both records are built in memory before anything touches the file, so a failure to
        build leaves the file as it was; a failed write is cut back off the file.
        """
        return self._write(build_exchange_records(exchange))

    def write_revisit(
        self,
        exchange: HttpExchange,
        refers_to: RevisitOf,
        *,
        http_status: int,
        http_headers: list[tuple[str, str]],
    ) -> WarcPointer:
        """Append a ``revisit`` record (see ``records.build_revisit_records``) and its request;
        the pointer names the revisit."""
        records = build_revisit_records(
            exchange, refers_to, http_status=http_status, http_headers=http_headers
        )
        return self._write(records)

    @staticmethod
    def full_size(exchange: HttpExchange) -> int:
        """The bytes :meth:`write_exchange` would append for ``exchange`` (nothing written):
        what a revisit saved is measured against it."""
        records = build_exchange_records(exchange)
        return len(_serialise(records.response, records.request)[0])

    def _write(self, records: ExchangeRecords) -> WarcPointer:
        data, offsets = _serialise(records.response, records.request)
        # Rotation is checked before the exchange, so a request never lands in another file
        # than its response.
        if self._file is not None and self._exchanges_in_file and self._size() >= self.max_size:
            self._close_current()
        descriptor, path = self._ensure_open()
        start = self._append(descriptor, data, path)
        self.last_exchange_size = len(data)
        self._exchanges_in_file += 1
        self.records_written += 2
        return WarcPointer(self.relative(path), start + offsets[0], records.response_id)

    def close(self) -> None:
        """Close the current file (fsync, rename from ``.open``). Safe to call twice."""
        if self._file is not None:
            self._close_current()

    def __enter__(self) -> RotatingWarcWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- internals ---------------------------------------------------------------------------

    @staticmethod
    def _open_path(path: Path) -> Path:
        return path.with_name(path.name + OPEN_SUFFIX)

    def _size(self) -> int:
        assert self._file is not None
        return os.fstat(self._file).st_size

    def _append(self, descriptor: int, data: bytes, path: Path) -> int:
        # A half-written gzip member would hide every later record from a sequential reader:
        # append_whole cuts it off. If even that fails, the file is given up, so nothing more
        # is appended after the damage (the records before it stay readable).
        try:
            start = append_whole(descriptor, data, self._open_path(path))
        except UnwritableOutput as failure:
            if failure.torn:
                self._abandon_current()
            raise
        self.bytes_written += len(data)
        return start

    def _ensure_open(self) -> tuple[int, Path]:
        if self._file is not None and self._path is not None:
            return self._file, self._path
        self.directory.mkdir(parents=True, exist_ok=True)
        created = self._clock()
        name = (
            f"{self.prefix}-{created.astimezone(UTC):%Y%m%d%H%M%S}-{self._serial:05d}-"
            f"{self._hostname}.warc.gz"
        )
        path = self.directory / name
        if path.exists():
            # Never overwrite a finished archive file, not even one of an earlier crawl.
            raise FileExistsError(f"WARC file {path} already exists")
        descriptor = os.open(self._open_path(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        self._serial += 1
        try:
            data, _ = _serialise(build_warcinfo_record(self.info, filename=name, date=created))
            append_whole(descriptor, data, self._open_path(path))
        except BaseException:
            # No file without its warcinfo record: a full disk leaves no empty .open files.
            os.close(descriptor)
            self._open_path(path).unlink(missing_ok=True)
            raise
        self._file, self._path = descriptor, path
        self._exchanges_in_file = 0
        self.records_written += 1
        self.bytes_written += len(data)
        return descriptor, path

    def _close_current(self) -> None:
        assert self._file is not None and self._path is not None
        descriptor, path = self._file, self._path
        self._file, self._path = None, None
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        self._open_path(path).rename(path)
        self._finished.append(path)

    def _abandon_current(self) -> None:
        # Leave the damaged file under its .open name: it is not a finished archive file.
        descriptor = self._file
        self._file, self._path = None, None
        if descriptor is not None:
            os.close(descriptor)
