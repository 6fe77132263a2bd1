"""The Scrapy side of WARC archiving: a thin adapter over :mod:`records` and :mod:`writer`."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from topten_crawler.archive.records import CrawlInfo, HttpExchange, TruncatedReason, warc_date
from topten_crawler.archive.revisits import (
    FROM_ARCHIVE_FLAG,
    PROFILE_NAMES,
    Archived,
    RevisitingArchiver,
)
from topten_crawler.archive.writer import RotatingWarcWriter
from topten_crawler.crawlfolder.files import UnwritableOutput
from topten_crawler.crawlfolder.run import CrawlRun
from topten_crawler.crawlfolder.state import CrawlState
from topten_crawler.request_meta import CONDITIONAL, WARC_DATE, WARC_POINTER

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# Sent to a proxy, never to the archived server, and a credential besides.
_REQUEST_HEADERS_NOT_ARCHIVED = {b"proxy-authorization"}


def truncation_reason(flags: Iterable[str]) -> TruncatedReason | None:
    """``WARC-Truncated`` value for a Scrapy response's flags.

    ``dataloss``: the connection ended before the announced length or the last chunk (only
    delivered when DOWNLOAD_FAIL_ON_DATALOSS / ``download_fail_on_dataloss`` is off).
    ``download_stopped``: a signal handler raised ``StopDownload(fail=False)``.
    ``partial`` is *not* a truncation: Twisted sets it on every body delimited by the server
    closing the connection (no Content-Length, not chunked), which is how HTTP/1.0-style
    servers end complete responses; nothing tells a cut one apart.
    Responses over DOWNLOAD_MAXSIZE are cancelled by Scrapy and never reach the archive.
    """
    flags = set(flags)
    if "dataloss" in flags:
        return "disconnect"
    if "download_stopped" in flags:
        return "unspecified"
    return None


def _header_pairs(headers: Any, skip: set[bytes] | None = None) -> list[tuple[bytes, bytes]]:
    # Scrapy's Headers maps each title-cased name to a list of values; getlist() gives every
    # value of a repeated header (two Set-Cookie stay two headers).
    pairs: list[tuple[bytes, bytes]] = []
    for name in headers:
        key = name if isinstance(name, bytes) else str(name).encode("latin-1")
        if skip and key.lower() in skip:
            continue
        for value in headers.getlist(name):
            pairs.append((key, value if isinstance(value, bytes) else str(value).encode()))
    return pairs


def exchange_from_scrapy(response: Response, request: Request, *, date: datetime) -> HttpExchange:
    """The exchange as Scrapy's HTTP/1.1 handler delivered it (before any middleware)."""
    return HttpExchange(
        url=response.url,
        date=date,
        method=request.method,
        request_headers=_header_pairs(request.headers, _REQUEST_HEADERS_NOT_ARCHIVED),
        request_body=request.body or b"",
        status=int(response.status),
        protocol=response.protocol or "HTTP/1.1",
        response_headers=_header_pairs(response.headers),
        body=response.body,
        ip_address=None if response.ip_address is None else str(response.ip_address),
        truncated=truncation_reason(response.flags),
    )


class WarcArchiveExtension:
    """Archives every network exchange of the crawl into WARC files.

    Signals: ``response_downloaded`` (every response off the network: each redirect hop and
    robots.txt included, before HttpCompressionMiddleware decodes the body), ``spider_closed``
    (closes the current file, so no ``.open`` file is left).

    Settings, read once: ``TOPTEN_WARC_ENABLED`` (NotConfigured when false),
    ``TOPTEN_WARC_PREFIX``, ``TOPTEN_WARC_MAX_SIZE`` (rotation size in bytes),
    ``TOPTEN_STATE_ENABLED`` (the archive folder's crawl-state store: revisits at all),
    ``TOPTEN_REVISIT_IDENTICAL_PAYLOADS`` (a 200 whose payload the archive holds becomes a
    revisit). The files go to the ``warc/`` folder of the crawl's
    :class:`~topten_crawler.crawlfolder.run.CrawlRun`; the warcinfo record holds the run's
    seeds and its recorded settings. With the store, each exchange goes through
    :class:`~topten_crawler.archive.revisits.RevisitingArchiver`: a 304 to a conditional
    request (``request.meta[request_meta.CONDITIONAL]``) and a known payload are written as
    revisits, and every capture is told to the store.

    Each archived request gets ``request.meta[request_meta.WARC_POINTER] = {"file",
    "offset", "record_id"}`` pointing at its response record (``file`` relative to the crawl
    folder), and ``request.meta[request_meta.WARC_DATE]``, the record's ``WARC-Date``.

    Stats: ``warc/exchanges``, ``warc/records``, ``warc/bytes``, ``warc/bytes_full`` (what a
    crawl without revisits would have written), ``warc/revisits/<profile>``
    (``server-not-modified``, ``identical-payload-digest``), ``warc/files`` (list of file
    paths, set at close), ``warc/truncated``, ``warc/skipped/cached``,
    ``warc/skipped/scheme``, ``warc/skipped/from_archive``, ``warc/skipped/output_unwritable``
    (once the crawl stops because its output cannot be written), ``warc/errors``.
    """

    def __init__(
        self,
        crawler: Crawler,
        *,
        run: CrawlRun,
        prefix: str,
        max_size: int,
        store: CrawlState | None = None,
        identical_payloads: bool = True,
    ) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.run = run
        self.prefix = prefix
        self.max_size = max_size
        self.store = store
        self.identical_payloads = identical_payloads
        self.writer: RotatingWarcWriter | None = None
        self.archiver: RevisitingArchiver | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("TOPTEN_WARC_ENABLED", True):
            raise NotConfigured("TOPTEN_WARC_ENABLED is off")
        extension = cls(
            crawler,
            run=CrawlRun.from_crawler(crawler),
            prefix=settings.get("TOPTEN_WARC_PREFIX", "topten"),
            max_size=settings.getint("TOPTEN_WARC_MAX_SIZE", 1_000_000_000),
            identical_payloads=settings.getbool("TOPTEN_REVISIT_IDENTICAL_PAYLOADS", True),
        )
        if settings.getbool("TOPTEN_STATE_ENABLED", True):
            extension.store = CrawlState.open(extension.run.directory.parent)
        crawler.signals.connect(extension.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def _writer(self) -> RotatingWarcWriter:
        # Made on the first response rather than at start-up, so the run has its seeds.
        if self.writer is None:
            info = CrawlInfo(
                crawl_id=self.run.crawl_id, seeds=list(self.run.seeds), config=self.run.config
            )
            self.writer = RotatingWarcWriter(
                self.run.folder.warc_dir,
                info,
                prefix=self.prefix,
                max_size=self.max_size,
                root=self.run.directory,
            )
            if self.store is not None:
                self.archiver = RevisitingArchiver(
                    self.writer,
                    self.store,
                    self.run.directory.parent,
                    self.run.directory.name,
                    identical_payloads=self.identical_payloads,
                )
        return self.writer

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        if "cached" in response.flags:
            # A cached response is no new capture: archiving it would date old bytes today.
            self.stats.inc_value("warc/skipped/cached")
            return
        if FROM_ARCHIVE_FLAG in response.flags:
            self.stats.inc_value("warc/skipped/from_archive")
            return
        if not response.url.lower().startswith(("http://", "https://")):
            self.stats.inc_value("warc/skipped/scheme")
            return
        if self.run.unwritable is not None:
            # The crawl is stopping: the responses still in flight are not tried one by one.
            self.stats.inc_value("warc/skipped/output_unwritable")
            return
        try:
            exchange = exchange_from_scrapy(response, request, date=datetime.now(UTC))
            writer = self._writer()
            records, size = writer.records_written, writer.bytes_written
            archived = self._archive(writer, exchange, request)
            pointer = archived.pointer
        except UnwritableOutput as error:
            self.stats.inc_value("warc/errors")
            self.run.output_unwritable(error)
            return
        except Exception:
            # The crawl goes on (the JSON records are still worth having), but loudly: the
            # error is logged with its traceback and counted for the crawl report.
            logger.exception("Could not archive %s in WARC", response.url)
            self.stats.inc_value("warc/errors")
            return
        request.meta[WARC_POINTER] = pointer.as_dict()
        request.meta[WARC_DATE] = warc_date(exchange.date)
        self.stats.inc_value("warc/exchanges")
        self.stats.inc_value("warc/records", writer.records_written - records)
        self.stats.inc_value("warc/bytes", writer.bytes_written - size)
        full = writer.bytes_written - size + archived.bytes_saved
        self.stats.inc_value("warc/bytes_full", full)
        if archived.profile is not None:
            self.stats.inc_value(f"warc/revisits/{PROFILE_NAMES[archived.profile]}")
        if exchange.truncated:
            self.stats.inc_value("warc/truncated")
            logger.warning("Archived truncated response (%s): %s", exchange.truncated, response.url)

    def _archive(
        self, writer: RotatingWarcWriter, exchange: HttpExchange, request: Request
    ) -> Archived:
        if self.archiver is None:
            return Archived(writer.write_exchange(exchange), None)
        conditional = request.meta.get(CONDITIONAL) == request.url
        return self.archiver.archive(exchange, conditional=conditional)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.store is not None:
            self.store.release()
            self.store = None
        files: list[str] = []
        if self.writer is not None:
            try:
                self.writer.close()
            except Exception:
                logger.exception("Could not close the WARC file %s", self.writer.current_path)
                self.stats.inc_value("warc/errors")
            files = [self.writer.relative(path) for path in self.writer.files]
        self.stats.set_value("warc/files", files)
        logger.info("WARC files: %s", ", ".join(files) or "none")
