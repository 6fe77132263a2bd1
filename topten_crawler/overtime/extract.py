"""Records re-extracted from an archive's WARC files alone, with the crawl's own page classes.

``topten-crawler extract`` reads each crawl of an archive folder, oldest first, and makes again
the records its crawl wrote, as the crawl made them:

* every ``response`` and ``revisit`` record is indexed by URL in file order (a revisit stands
  for its original's body, found by payload digest in this crawl or an earlier one);
* a page of the digest site (the crawl's seeds, from ``seeds.txt`` or the warcinfo record)
  that answered 2xx in HTML and that :class:`~topten_crawler.pages.post.PostPage` calls a post
  becomes a post record (once per canonical URL, up to the crawl's ``TOPTEN_MAX_POSTS``); a
  post the archive held that answers with an error now becomes a ``gone`` record;
* every URL the posts cite (in its normal form, ``urls.normal_url``) is followed from its
  first capture after the citing post through retries and redirects (``Location``,
  ``<meta http-equiv=refresh>``) as the crawl's middlewares did (``faults``: a redirect loop,
  a gzip body cut short), to the response that
  :func:`~topten_crawler.pages.source.extract_source` reads, or to its error; what an outlet
  repeats on its articles is then learned over the crawl's sources and dropped
  (``OutletBoilerplate``), as at the crawl's end;
* ``fetched_at`` is the record's ``WARC-Date``, ``warc`` its position, ``cited_by`` the posts
  of the crawl that cite the source, and ``change`` / ``first_seen`` / ``version`` come from a
  crawl state rebuilt in memory from the records made so far (the archive's own
  ``state.sqlite3`` is never read nor written).

What no WARC record holds is taken from the crawl's ``records.jsonl``: the error records of
fetches that got no response at all (a DNS failure, a refused connection, a blocked address;
their ``warc`` is null). Nothing here touches the network.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from itertools import takewhile
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.utils.response import get_meta_refresh
from w3lib.url import safe_url_string

from topten_crawler.archive.readback import (
    StoredResponse,
    read_stored,
    warcinfo_config,
    warcinfo_seeds,
)
from topten_crawler.archive.reindex import http_records, warc_files
from topten_crawler.archive.revisits import is_original
from topten_crawler.crawlfolder.folder import CrawlFolder
from topten_crawler.crawlfolder.jsonlines import read_jsonl, to_json_line
from topten_crawler.crawlfolder.state import CrawlState
from topten_crawler.faults import compressed_body_fault, page_fault, redirect_fault
from topten_crawler.items import (
    Capture,
    PostRecord,
    SourceRecord,
    WarcPointer,
    fetched_at_of,
    media_type,
)
from topten_crawler.overtime.crawls import ArchiveFolderError, archive_crawls
from topten_crawler.pages.archived import scrapy_response
from topten_crawler.pages.post import PostPage
from topten_crawler.pages.source import OutletBoilerplate, extract_source
from topten_crawler.reasons import http_status_reason
from topten_crawler.urls import DigestSite, UrlKind, normal_url

# What Scrapy's downloader middlewares do with a response, as the crawl's settings had them.
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({500, 502, 503, 504, 522, 524, 408, 429})
METAREFRESH_MAX_DELAY = 100
TRACKED_TYPES = ("post", "source")


class ExtractError(ArchiveFolderError):
    """A crawl cannot be read (no WARC file, no seeds)."""


@dataclass(frozen=True)
class StoredCapture:
    """One ``response`` or ``revisit`` record of a crawl, without its body."""

    position: int  # order in the crawl's WARC files
    url: str
    stored: StoredResponse  # ``file`` as on disk, relative to the crawl folder
    pointer: WarcPointer  # as the records give it: the file's final name
    date: str
    status: int
    location: str | None
    content_type: str | None

    @property
    def is_error(self) -> bool:
        return not 200 <= self.status < 300


@dataclass
class CrawlCaptures:
    """Every capture of one crawl, by URL, in file order; and the payload originals it adds."""

    folder: CrawlFolder
    ordered: list[StoredCapture] = field(default_factory=list)
    by_url: dict[str, list[StoredCapture]] = field(default_factory=lambda: defaultdict(list))

    def after(self, url: str, position: int) -> StoredCapture | None:
        """The answer to a request for ``url`` made after ``position``: its first capture
        after it, or the last of the retries that followed that one."""
        later = [c for c in self.by_url.get(url, ()) if c.position > position]
        if not later:
            return None
        answer = later[0]
        for retry in later[1:]:
            if answer.status not in RETRY_STATUSES:
                break
            answer = retry
        return answer

    def is_last(self, capture: StoredCapture) -> bool:
        return self.by_url[capture.url][-1] is capture


@dataclass(frozen=True)
class CrawlSettings:
    """What of the crawl's recorded settings (its warcinfo record) changes its records."""

    seeds: list[str]
    max_posts: int
    follow_sources: bool
    state_enabled: bool
    max_redirects: int
    max_size: int
    max_links: int

    @classmethod
    def of(cls, seeds: list[str], config: dict[str, Any]) -> CrawlSettings:
        settings = BaseSettings(config)
        return cls(
            seeds=seeds,
            max_posts=settings.getint("TOPTEN_MAX_POSTS", 0),
            follow_sources=settings.getbool("TOPTEN_FOLLOW_SOURCES", True),
            state_enabled=settings.getbool("TOPTEN_STATE_ENABLED", True),
            max_redirects=settings.getint("REDIRECT_MAX_TIMES", 10),
            max_size=settings.getint("TOPTEN_SOURCE_MAX_SIZE", 20 * 1024 * 1024),
            max_links=settings.getint("TOPTEN_MAX_LINKS_PER_PAGE", 0),
        )


class Originals:
    """Payload digest -> the first response record that archived it (what revisits refer to)."""

    def __init__(self) -> None:
        self._found: dict[str, tuple[Path, int]] = {}

    def add(self, digest: str, path: Path, offset: int) -> None:
        self._found.setdefault(digest, (path, offset))

    def find(self, digest: str) -> tuple[Path, int] | None:
        return self._found.get(digest)


def index_crawl(folder: CrawlFolder, originals: Originals) -> CrawlCaptures:
    """Every response and revisit record of a crawl folder's WARC files, in order."""
    captures = CrawlCaptures(folder)
    for path, name in warc_files(folder):
        on_disk = folder.relative(path)
        final = f"{CrawlFolder.WARC_DIR}/{name}"
        for offset, record, status in http_records(path):
            warc = record.rec_headers
            digest = warc.get_header("WARC-Payload-Digest")
            revisit_of = None
            if record.rec_type == "revisit":
                if not digest:
                    continue  # a revisit without its original's digest stands for nothing
                revisit_of = digest
            elif is_original(status, digest, warc.get_header("WARC-Truncated") is not None):
                originals.add(digest, path, offset)
            record_id = str(warc.get_header("WARC-Record-ID"))
            capture = StoredCapture(
                position=len(captures.ordered),
                url=str(warc.get_header("WARC-Target-URI")),
                stored=StoredResponse(on_disk, offset, record_id, revisit_of),
                pointer=WarcPointer(file=final, offset=offset, record_id=record_id),
                date=str(warc.get_header("WARC-Date")),
                status=status,
                location=record.http_headers.get_header("Location"),
                content_type=media_type(record.http_headers.get_header("Content-Type")),
            )
            captures.ordered.append(capture)
            captures.by_url[capture.url].append(capture)
    return captures


def meta_refresh_target(response: Response) -> str | None:
    """Where a page's ``<meta http-equiv=refresh>`` sends Scrapy (MetaRefreshMiddleware)."""
    if not isinstance(response, HtmlResponse):
        return None
    interval, url = get_meta_refresh(response, ignore_tags=["noscript"])
    if url and interval is not None and interval < METAREFRESH_MAX_DELAY:
        return str(url)
    return None


@dataclass(frozen=True)
class Answer:
    """What a request got in the end: the capture, and why it failed or the response."""

    capture: StoredCapture
    reason: str | None
    response: Response | None


class CrawlExtraction:
    """The records of one crawl made again from its captures (see the module docstring)."""

    def __init__(
        self,
        captures: CrawlCaptures,
        settings: CrawlSettings,
        originals: Originals,
        *,
        archived_posts: set[str],
        unarchived: dict[tuple[str, str], dict[str, Any]],
    ) -> None:
        self.captures = captures
        self.settings = settings
        self.originals = originals
        self.root = captures.folder.path
        self.crawl_id = captures.folder.crawl_id()
        self.sites = [DigestSite.from_seed(seed) for seed in settings.seeds]
        self.archived_posts = archived_posts
        self.unarchived = unarchived
        # Each cited URL (normal form) with the posts citing it, the spellings they cite, and
        # the position of the first citation.
        self.citers: dict[str, list[str]] = {}
        self.spellings: dict[str, list[str]] = {}
        self.first_cited: dict[str, int] = {}

    def records(self) -> Iterator[dict[str, Any]]:
        """The crawl's post records in the order of their captures, then its source records."""
        yield from self._posts()
        if self.settings.follow_sources:
            yield from self._sources()

    # --- Posts ----------------------------------------------------------------------------------
    def _site_of(self, url: str) -> DigestSite | None:
        return next((site for site in self.sites if site.owns(url)), None)

    def _posts(self) -> Iterator[dict[str, Any]]:
        recorded: set[str] = set()
        for capture in self.captures.ordered:
            site = self._site_of(capture.url)
            if site is None or capture.is_error or not self.captures.is_last(capture):
                continue  # not a page of the site, a failure, or a try that was retried
            if site.classify(capture.url) is UrlKind.SKIP or site.page_key(capture.url) in recorded:
                continue
            if self.settings.max_posts and len(recorded) >= self.settings.max_posts:
                continue
            record = self._post(capture, site, recorded)
            if record is not None:
                yield record
        yield from self._gone_posts()

    def _gone_posts(self) -> Iterator[dict[str, Any]]:
        """A post the archive held that fails now, under the URL asked for (the crawl asks
        for every one it held), or as the crawl recorded it when no response came at all."""
        for url in sorted(normal_url(url) for url in self.archived_posts):
            answer = self._answer(url, -1)
            if answer is not None and answer.reason is None and answer.response is not None:
                fault = page_fault(answer.response.body, isinstance(answer.response, TextResponse))
                answer = Answer(answer.capture, fault, None) if fault else None
            if answer is not None and answer.reason is not None:
                capture = self._capture(answer.capture)
                yield asdict(PostRecord.gone(url, answer.reason, capture))
        yield from (carried for (kind, _), carried in self.unarchived.items() if kind == "post")

    def _post(
        self, capture: StoredCapture, site: DigestSite, recorded: set[str]
    ) -> dict[str, Any] | None:
        _, response = self._read(capture)
        if not isinstance(response, HtmlResponse) or meta_refresh_target(response):
            return None
        page = PostPage.from_response(response, site, self.settings.max_links)
        if not page.is_post():
            return None
        key = site.page_key(page.canonical_url() or response.url)
        if key in recorded:
            return None
        recorded.add(key)
        record = page.to_record(self._capture(capture))
        for citation in record.citations:
            url = normal_url(citation["url"])
            citers = self.citers.setdefault(url, [])
            spellings = self.spellings.setdefault(url, [])
            self.first_cited.setdefault(url, capture.position)
            if record.url not in citers:
                citers.append(record.url)
            if citation["url"] not in spellings:
                spellings.append(citation["url"])
        return asdict(record)

    # --- Sources --------------------------------------------------------------------------------
    def _sources(self) -> Iterator[dict[str, Any]]:
        """Every cited source's record, once what its outlet repeats on all its articles is
        learned from all of them (``OutletBoilerplate``, as the crawl does at its end)."""
        records = []
        for url, citers in self.citers.items():
            record = self.unarchived.get(("source", url)) or self._source(
                url, self.first_cited[url]
            )
            if record is not None:
                record["cited_by"] = sorted(citers)
                record["cited_urls"] = sorted(self.spellings[url])
                records.append(record)
        boilerplate = OutletBoilerplate()
        # What the crawl dropped, learned or remembered from earlier crawls, is in its report.
        own_report = self.captures.folder.read_outlet_boilerplate()
        if own_report is not None:
            boilerplate.remember(own_report)
        for record in records:
            boilerplate.learn(record)
        yield from (boilerplate.clean(record) for record in records)

    def _source(self, cited_url: str, cited_at: int) -> dict[str, Any] | None:
        answer = self._answer(cited_url, cited_at)
        if answer is None:
            return None  # never fetched (a source of an unfinished crawl)
        capture = self._capture(answer.capture)
        if answer.reason is not None or answer.response is None:
            return asdict(SourceRecord.failed(cited_url, str(answer.reason), capture))
        response = answer.response
        headers = {str(k): str(v) for k, v in response.headers.to_unicode_dict().items()}
        fields = extract_source(response.url, response.body, headers)
        return asdict(fields.to_record(cited_url, capture))

    def _answer(self, url: str, position: int) -> Answer | None:
        """What a request for ``url`` made after ``position`` got, through retries and
        redirects, as the crawl's downloader middlewares saw it; None if it was never made."""
        chain: list[str] = []
        while True:
            capture = self.captures.after(url, position)
            if capture is None:
                return None
            target: str | None = None
            if capture.status in REDIRECT_STATUSES and capture.location is not None:
                bad = redirect_fault(url, capture.location, chain, self.settings.max_redirects)
                if bad is not None:
                    return Answer(capture, bad, None)
                target = urljoin(url, safe_url_string(capture.location))
            elif capture.is_error:
                return Answer(capture, http_status_reason(capture.status), None)
            else:
                failed, response = self._read(capture)
                if response is None:
                    return Answer(capture, failed, None)
                target = meta_refresh_target(response)
                if target is None:
                    return Answer(capture, None, response)
            chain.append(url)
            url, position = target, capture.position

    # --- Captures -------------------------------------------------------------------------------
    def _read(self, capture: StoredCapture) -> tuple[str | None, Response | None]:
        """The response of a capture as the spider saw it, or why the crawl failed it (a gzip
        body cut short or too large once inflated)."""
        archived = read_stored(self.root, capture.stored, self.originals.find)
        encodings = [v for k, v in archived.headers if k.lower() == "content-encoding"]
        fault = compressed_body_fault(archived.body, encodings, self.settings.max_size)
        if fault is not None:
            return fault, None
        return None, scrapy_response(archived, capture.url)

    def _capture(self, capture: StoredCapture) -> Capture:
        return Capture(
            crawl_id=self.crawl_id,
            fetched_at=fetched_at_of(capture.date),
            url=capture.url,
            status=capture.status,
            warc=capture.pointer,
            content_type=capture.content_type,
        )


def crawls_to_read(path: Path) -> tuple[list[CrawlFolder], CrawlFolder | None]:
    """The crawls to read for ``path``, oldest first, and the one crawl wanted (None: all).

    A crawl folder's records compare with the earlier crawls of its archive folder, so those
    are read too. Raises :class:`ArchiveFolderError` when there is no crawl.
    """
    path = path.resolve()
    if not CrawlFolder(path).is_crawl():
        return [crawl.folder for crawl in archive_crawls(path)], None
    wanted = CrawlFolder(path)
    folders = (crawl.folder for crawl in archive_crawls(path.parent))
    earlier = list(takewhile(lambda folder: folder.path != path, folders))
    return [*earlier, wanted], wanted


def crawl_settings(folder: CrawlFolder, overrides: Mapping[str, Any]) -> CrawlSettings:
    """The crawl's seeds and recorded settings, from its first WARC file's warcinfo record;
    ``overrides`` replace recorded settings."""
    warcs = warc_files(folder)
    if not warcs:
        raise ExtractError(f"{folder.path} holds no WARC file")
    config = warcinfo_config(warcs[0][0])
    seeds = folder.read_seeds() or warcinfo_seeds(warcs[0][0])
    if not seeds:
        raise ExtractError(f"{folder.path}: no seeds in seeds.txt nor in the warcinfo record")
    return CrawlSettings.of(seeds, {**config, **overrides})


def unarchived_records(folder: CrawlFolder) -> dict[tuple[str, str], dict[str, Any]]:
    """The crawl's error records of fetches that left no WARC record, by (type, URL)."""
    carried = {}
    for record in read_jsonl(folder.records_file):
        if record.get("type") in TRACKED_TYPES and record.get("error") and not record.get("warc"):
            carried[(str(record["type"]), str(record["url"]))] = record
    return carried


def extract_records(
    path: Path, overrides: Mapping[str, Any] | None = None
) -> Iterator[dict[str, Any]]:
    """The records of the crawl folder ``path``, or of every crawl of the archive folder
    ``path`` (oldest first), made again from the WARC files (see the module docstring).
    ``overrides``: settings that replace every crawl's recorded ones (``TOPTEN_MAX_POSTS``...)."""
    folders, wanted = crawls_to_read(path)
    originals = Originals()
    store = CrawlState.at(Path(":memory:"))  # the archive's changes as these records make them
    try:
        for folder in folders:
            settings = crawl_settings(folder, overrides or {})
            archived = set(store.known_urls("post", answering=True))
            extraction = CrawlExtraction(
                index_crawl(folder, originals),
                settings,
                originals,
                archived_posts=archived if settings.state_enabled else set(),
                unarchived=unarchived_records(folder),
            )
            for record in extraction.records():
                change = store.add_record(record) if settings.state_enabled else None
                record["change"] = change and change.change
                record["first_seen"] = change and change.first_seen
                record["version"] = change and change.version
                if wanted is None or wanted.path == folder.path:
                    yield record
    finally:
        store.close()


def write_records(records: Iterator[dict[str, Any]], out: Path) -> dict[str, int]:
    """Write ``records`` as JSON lines to ``out`` (whole or not at all); counts by type."""
    counts: dict[str, int] = defaultdict(int)
    temporary = out.with_name(f".{out.name}.part")
    try:
        with temporary.open("w", encoding="utf-8") as stream:
            for record in records:
                stream.write(to_json_line(record))
                counts[str(record["type"])] += 1
        temporary.replace(out)
    finally:
        temporary.unlink(missing_ok=True)
    return dict(counts)
