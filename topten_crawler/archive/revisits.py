"""Archiving over time: each exchange as a response or as a revisit of what the archive holds.

The WARC extension hands every exchange to :class:`RevisitingArchiver`, which asks the archive
folder's crawl-state store (:mod:`topten_crawler.crawlfolder.state`) what is archived already:

* a ``304 Not Modified`` to a conditional request becomes a ``server-not-modified`` revisit of
  the URL's original response, its block that response's HTTP headers updated from the 304;
* a ``200`` whose payload digest an earlier crawl of the archive folder archived (for this
  URL or any other) becomes an ``identical-payload-digest`` revisit, its block the response's
  own HTTP headers (a payload met twice in one crawl is archived twice, so that a first crawl
  writes exactly the records it wrote before there was a store);
* anything else is a ``response`` record, as in a first crawl, and a 200 with a new payload
  becomes the original that later revisits refer to.

A revisit always refers to a ``response`` record (the store's payload index lists nothing
else), with ``WARC-Refers-To``, ``WARC-Refers-To-Target-URI``, ``WARC-Refers-To-Date`` and the
original's ``WARC-Payload-Digest``. The conditional-request middleware uses
:func:`validators` to ask, and :func:`load_original` to give the spider the archived 200 in
place of a 304. No Scrapy here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from topten_crawler.archive.records import (
    IDENTICAL_PAYLOAD_DIGEST,
    SERVER_NOT_MODIFIED,
    HttpExchange,
    RevisitOf,
    identical_payload_headers,
    normalise_response_headers,
    payload_digest,
    target_uri,
    updated_headers,
    warc_date,
)
from topten_crawler.archive.writer import RotatingWarcWriter, WarcPointer
from topten_crawler.crawlfolder.state import Capture, CrawlState

EMPTY_PAYLOAD_DIGEST = payload_digest(b"")
# The flag of a response made from the archive in place of a 304 (the conditional-request
# middleware): it came from the WARC, so the WARC extension never writes it again.
FROM_ARCHIVE_FLAG = "topten_from_archive"
# Short names of the profiles, for stats and the manifest.
PROFILE_NAMES = {
    SERVER_NOT_MODIFIED: "server-not-modified",
    IDENTICAL_PAYLOAD_DIGEST: "identical-payload-digest",
}


@dataclass(frozen=True)
class ArchivedResponse:
    """A response record read back: its HTTP status, headers and payload as archived."""

    record_id: str
    uri: str
    date: str
    payload_digest: str | None
    status: int
    protocol: str
    headers: list[tuple[str, str]]
    body: bytes  # as stored: content coding (gzip...) still applied


@dataclass(frozen=True)
class Archived:
    """What became of one exchange."""

    pointer: WarcPointer  # the response or revisit record, relative to the crawl folder
    profile: str | None  # the revisit profile, None for a response record
    # What writing the full response instead would have added (a 304 counted as the 200 it
    # stands for); 0 for a response record.
    bytes_saved: int = 0


def header_value(headers: Sequence[tuple[str, str]], name: str) -> str | None:
    lower = name.lower()
    return next((value for key, value in headers if key.lower() == lower), None)


def is_original(status: int, digest: str | None, truncated: bool) -> bool:
    """Whether a response record may be referred to by revisits: a whole 200 with a body."""
    return status == 200 and bool(digest) and digest != EMPTY_PAYLOAD_DIGEST and not truncated


def capture_of(
    pointer: WarcPointer,
    crawl_dir_name: str,
    *,
    url: str,
    date: str,
    digest: str | None,
    headers: Sequence[tuple[str, str]],
    status: int,
) -> Capture:
    return Capture(
        url=url,
        file=f"{crawl_dir_name}/{pointer.file}",
        offset=pointer.offset,
        record_id=pointer.record_id,
        date=date,
        payload_digest=digest,
        etag=header_value(headers, "ETag"),
        last_modified=header_value(headers, "Last-Modified"),
        status=status,
    )


def as_read(text: str) -> str:
    """A header string warcio read back, as this module writes them: bytes as latin-1.

    warcio decodes each header line as UTF-8, and as latin-1 when that fails: a string that
    latin-1 encodes into valid UTF-8 with non-ASCII bytes cannot have come from the latin-1
    branch, so it came from UTF-8.
    """
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8").decode("latin-1")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return text
    return text.encode("utf-8").decode("latin-1")


def read_response(path: str | Path, offset: int) -> ArchivedResponse:
    """The ``response`` record at ``offset`` of a WARC file, payload as stored (raw).

    A file of the running crawl is still ``NAME.warc.gz.open`` (see ``writer``): read there.
    """
    path = Path(path)
    if not path.exists():
        path = path.with_name(path.name + ".open")
    with path.open("rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)), None)
        if record is None or record.rec_type != "response" or record.http_headers is None:
            kind = None if record is None else record.rec_type
            raise ValueError(f"{path}:{offset} holds no HTTP response record (found {kind})")
        http = record.http_headers
        code = http.get_statuscode()
        return ArchivedResponse(
            record_id=str(record.rec_headers.get_header("WARC-Record-ID")),
            uri=str(record.rec_headers.get_header("WARC-Target-URI")),
            date=str(record.rec_headers.get_header("WARC-Date")),
            payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"),
            status=int(code) if code and code.isdigit() else 0,
            protocol=str(http.protocol or "HTTP/1.1"),
            headers=[(as_read(name), as_read(value)) for name, value in http.headers],
            # The raw stream: no chunked or content decoding, the bytes as archived.
            body=record.raw_stream.read(),
        )


def load_original(store: CrawlState, archive_dir: Path, url: str) -> ArchivedResponse | None:
    """The original response record of ``url``'s last capture, read from its WARC file."""
    capture = store.last_capture(url)
    if capture is None or not capture.payload_digest:
        return None
    original = store.original(capture.payload_digest)
    if original is None:
        return None
    return read_response(archive_dir / original.file, original.offset)


def validators(store: CrawlState, url: str) -> dict[str, str]:
    """``If-None-Match`` / ``If-Modified-Since`` for ``url``: only when its last capture had
    validators and a 304 could be answered from an archived original."""
    capture = store.last_capture(url)
    if capture is None or not capture.has_validators or capture.status not in (200, 304):
        return {}
    if not capture.payload_digest or store.original(capture.payload_digest) is None:
        return {}
    headers = {}
    if capture.etag:
        headers["If-None-Match"] = capture.etag
    if capture.last_modified:
        headers["If-Modified-Since"] = capture.last_modified
    return headers


class RevisitingArchiver:
    """Writes exchanges into ``writer``, as revisits where ``store`` allows (module docstring).

    ``archive_dir`` is the archive folder (the store's file names are relative to it);
    ``crawl_dir_name`` the crawl folder's name inside it. ``identical_payloads`` False: only
    304s become revisits.
    """

    def __init__(
        self,
        writer: RotatingWarcWriter,
        store: CrawlState,
        archive_dir: Path,
        crawl_dir_name: str,
        *,
        identical_payloads: bool = True,
    ) -> None:
        self.writer = writer
        self.store = store
        self.archive_dir = archive_dir
        self.crawl_dir_name = crawl_dir_name
        self.identical_payloads = identical_payloads

    def archive(self, exchange: HttpExchange, *, conditional: bool = False) -> Archived:
        """Write ``exchange``; ``conditional``: its request carried validators from the store."""
        if exchange.status == 304 and conditional:
            original = load_original(self.store, self.archive_dir, exchange.url)
            if original is not None and original.payload_digest:
                return self._not_modified(exchange, original)
        digest = payload_digest(exchange.body)
        whole = is_original(exchange.status, digest, exchange.truncated is not None)
        if whole and self.identical_payloads:
            known = self.store.original(digest)
            # Only what earlier crawls archived: a first crawl into an empty archive folder
            # writes the same records as a crawl without the store.
            if known is not None and not known.file.startswith(self.crawl_dir_name + "/"):
                refers_to = RevisitOf(
                    profile=IDENTICAL_PAYLOAD_DIGEST,
                    target_uri=known.uri,
                    date=known.date,
                    record_id=known.record_id,
                    payload_digest=known.digest,
                )
                headers = identical_payload_headers(exchange)
                return self._revisit(exchange, refers_to, exchange.status, headers, exchange)
        pointer = self.writer.write_exchange(exchange)
        headers = normalise_response_headers(
            exchange.response_headers, exchange.body, method=exchange.method, status=exchange.status
        )
        self.store.add_capture(
            self._capture(pointer, exchange, digest, headers, exchange.status), original=whole
        )
        return Archived(pointer, None)

    def _not_modified(self, exchange: HttpExchange, original: ArchivedResponse) -> Archived:
        assert original.payload_digest is not None
        refers_to = RevisitOf(
            profile=SERVER_NOT_MODIFIED,
            target_uri=original.uri,
            date=original.date,
            record_id=original.record_id,
            payload_digest=original.payload_digest,
        )
        not_modified = normalise_response_headers(
            exchange.response_headers, b"", method=exchange.method, status=304
        )
        headers = updated_headers(original.headers, not_modified)
        # What a full crawl would have archived: the 200 the 304 stands for.
        full = dataclasses.replace(
            exchange,
            status=original.status,
            response_headers=[(n.encode("latin-1"), v.encode("latin-1")) for n, v in headers],
            body=original.body,
        )
        return self._revisit(exchange, refers_to, original.status, headers, full, status=304)

    def _revisit(
        self,
        exchange: HttpExchange,
        refers_to: RevisitOf,
        http_status: int,
        headers: list[tuple[str, str]],
        full: HttpExchange,
        *,
        status: int | None = None,
    ) -> Archived:
        pointer = self.writer.write_revisit(
            exchange, refers_to, http_status=http_status, http_headers=headers
        )
        written = self.writer.last_exchange_size
        capture = self._capture(
            pointer, exchange, refers_to.payload_digest, headers, status or http_status
        )
        self.store.add_capture(capture, original=False)
        return Archived(pointer, refers_to.profile, self.writer.full_size(full) - written)

    def _capture(
        self,
        pointer: WarcPointer,
        exchange: HttpExchange,
        digest: str | None,
        headers: Sequence[tuple[str, str]],
        status: int,
    ) -> Capture:
        return capture_of(
            pointer,
            self.crawl_dir_name,
            url=target_uri(exchange.url),
            date=warc_date(exchange.date),
            digest=digest,
            headers=headers,
            status=status,
        )
