"""One crawl: its identity, its folder, its seeds and its failures, shared by every component.

Scrapy builds the spider, the middlewares, the extensions and the pipelines separately, each
in its own ``from_crawler``; they all need the same crawl id, the same folder and the same
view of the crawl's state. :meth:`CrawlRun.from_crawler` makes that object once per crawler
and hands every component the same one, so no component reads another's attributes.
"""

from __future__ import annotations

import secrets
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from topten_crawler.crawlfolder.files import UnwritableOutput, write_atomically
from topten_crawler.crawlfolder.folder import CrawlFolder
from topten_crawler.crawlfolder.lock import ArchiveLock
from topten_crawler.crawlfolder.resume import (
    CrawlProgress,
    read_resumes,
    started_at,
    unfinished_crawls,
)
from topten_crawler.urls import DigestSite

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

_RUNS: weakref.WeakKeyDictionary[Crawler, CrawlRun] = weakref.WeakKeyDictionary()

# The settings that shape what a crawl captured, recorded in its manifest and in the warcinfo
# record of each WARC file; every ``TOPTEN_*`` setting is added to them.
RECORDED_SETTINGS: tuple[str, ...] = (
    "BOT_NAME",
    "USER_AGENT",
    "DEFAULT_REQUEST_HEADERS",
    "ROBOTSTXT_OBEY",
    "DOWNLOAD_DELAY",
    "RANDOMIZE_DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "AUTOTHROTTLE_START_DELAY",
    "AUTOTHROTTLE_MAX_DELAY",
    "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_TIMEOUT",
    "DOWNLOAD_MAXSIZE",
    "DOWNLOAD_FAIL_ON_DATALOSS",
    "COOKIES_ENABLED",
    "HTTPCACHE_ENABLED",
    "REDIRECT_ENABLED",
    "REDIRECT_MAX_TIMES",
    "RETRY_ENABLED",
    "RETRY_TIMES",
    "DEPTH_LIMIT",
    "DEPTH_PRIORITY",
)
# How many failed URLs (and as many cuts) the crawl report lists by name (all are counted in
# the stats).
MAX_LISTED_FAILURES = 1000


def utc_now() -> datetime:
    return datetime.now(UTC)


def isoformat_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z`` suffix and whole seconds: ``2026-11-24T17:11:04Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_crawl_id(moment: datetime) -> str:
    # The timestamp sorts crawls in time; the random suffix keeps two crawls started in the
    # same second (a scheduler retry, a test run) from sharing a folder.
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(2)}"


def recorded_settings(settings: Any) -> dict[str, object]:
    """The values of :data:`RECORDED_SETTINGS` and of every ``TOPTEN_*`` setting, by name."""
    names = list(RECORDED_SETTINGS)
    names += sorted(name for name in settings if str(name).startswith("TOPTEN_"))
    config: dict[str, object] = {}
    for name in names:
        value = settings.get(name)
        if hasattr(value, "copy_to_dict"):  # a nested BaseSettings (dict-valued setting)
            value = value.copy_to_dict()
        config[name] = value
    return config


@dataclass(frozen=True)
class Failure:
    """A page of the crawl that could not be fetched or read, as the manifest lists it."""

    url: str
    reason: str  # a reason code: http_404, dns, timeout, sitemap_unreadable, ...
    kind: str  # the stats prefix it is counted under: topten/errors/page, ...

    def as_dict(self) -> dict[str, str]:
        return {"url": self.url, "reason": self.reason, "kind": self.kind}


@dataclass(frozen=True)
class Cut:
    """Work the crawl chose not to do, as the manifest lists it: links past a page's limit, a
    URL that looks like a crawler trap, a listing walk stopped, a list read only in part."""

    url: str  # the URL not followed, or the page or list whose links were cut
    reason: str  # links_per_page, listing_exhausted, repeating_path, sitemap_too_large, ...
    count: int  # how many links or URLs that is
    found_on: str | None = None  # the page that linked ``url``

    def as_dict(self) -> dict[str, object]:
        return {
            "url": self.url,
            "reason": self.reason,
            "count": self.count,
            "found_on": self.found_on,
        }


@dataclass
class CrawlRun:
    """The crawl id, start time and folder of one crawl, with the state its components share.

    ``seeds`` and ``sites`` are set by the spider once it has read its arguments; ``failures``
    and ``cuts`` collect what the crawl report lists; ``post_limit_reached`` tells the post-limit
    middleware to drop the site's queued pages.
    """

    crawl_id: str
    started_at: datetime
    folder: CrawlFolder
    config: dict[str, object] = field(default_factory=dict)
    seeds: list[str] = field(default_factory=list)
    sites: list[DigestSite] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    failures_not_listed: int = 0
    cuts: list[Cut] = field(default_factory=list)
    cuts_not_listed: int = 0
    post_limit_reached: bool = False
    # The archive folder's lock, held from before the crawl folder is made until the end.
    lock: ArchiveLock | None = None
    # What the killed run of a resumed crawl had done (None: a crawl from its start).
    progress: CrawlProgress | None = None
    # Why the crawl's output cannot be written (a full disk...); None while it can.
    unwritable: str | None = None
    _unwritable_listeners: list[Callable[[str], None]] = field(default_factory=list)

    @classmethod
    def create(
        cls,
        output_dir: str | Path,
        crawl_id: str = "",
        config: Mapping[str, object] | None = None,
    ) -> CrawlRun:
        started_at = utc_now()
        crawl_id = crawl_id or new_crawl_id(started_at)
        # First the lock: a refused crawl changes nothing in the archive folder.
        lock = ArchiveLock.acquire(output_dir, crawl_id)
        try:
            folder = CrawlFolder.create(output_dir, crawl_id)
        except BaseException:
            lock.release()
            raise
        return cls(
            crawl_id=crawl_id,
            started_at=started_at,
            folder=folder,
            config=dict(config or {}),
            lock=lock,
        )

    @classmethod
    def resume(
        cls, output_dir: str | Path, crawl_id: str, config: Mapping[str, object] | None = None
    ) -> CrawlRun:
        """The unfinished crawl ``crawl_id``, continued in its own folder.

        Its files must be mended first (``crawlfolder.resume``, ``archive.repair``: the crawl
        command does both); what they say it had done is :attr:`progress`.
        """
        lock = ArchiveLock.acquire(output_dir, crawl_id)
        folder = CrawlFolder(Path(output_dir) / crawl_id)
        if not folder.path.is_dir() or folder not in unfinished_crawls(folder.path.parent):
            lock.release()
            raise FileNotFoundError(f"{folder.path} is no unfinished crawl to resume")
        return cls(
            crawl_id=crawl_id,
            started_at=started_at(crawl_id, utc_now()),
            folder=folder,
            config=dict(config or {}),
            lock=lock,
            progress=CrawlProgress.read(folder),
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRun:
        """This crawler's run, made on first use (``TOPTEN_OUTPUT_DIR``, ``TOPTEN_CRAWL_ID``,
        ``TOPTEN_RESUME``)."""
        run = _RUNS.get(crawler)
        if run is None:
            settings = crawler.settings
            output_dir = settings.get("TOPTEN_OUTPUT_DIR", "archives")
            crawl_id = settings.get("TOPTEN_CRAWL_ID", "")
            config = recorded_settings(settings)
            if settings.getbool("TOPTEN_RESUME"):
                run = cls.resume(output_dir, crawl_id, config)
            else:
                run = cls.create(output_dir, crawl_id, config=config)
            _RUNS[crawler] = run
        return run

    @property
    def resumes(self) -> list[dict[str, object]]:
        """Each time this crawl was continued after a kill, with what had to be cut."""
        return read_resumes(self.folder)

    @classmethod
    def registered(cls, crawler: Crawler) -> CrawlRun | None:
        """This crawler's run if one was made, without making one."""
        return _RUNS.get(crawler)

    @property
    def directory(self) -> Path:
        return self.folder.path

    def set_seeds(self, seeds: Iterable[str]) -> None:
        """The crawl's seeds, kept in the crawl folder too, so that a killed crawl is known."""
        self.seeds = list(seeds)
        self.sites = [DigestSite.from_seed(seed) for seed in self.seeds]
        # A continued crawl keeps the file of its first run, if that run got to write it.
        if self.progress is None or not self.folder.seeds_file.exists():
            write_atomically(self.folder.seeds_file, "".join(f"{s}\n" for s in self.seeds))

    def owns(self, url: str) -> bool:
        """Whether ``url`` is on the digest site of one of the seeds."""
        return any(site.owns(url) for site in self.sites)

    def site_of(self, url: str, seed: str | None = None) -> DigestSite:
        """The digest site a page belongs to: the one of its seed, else the one owning it."""
        for site in self.sites:
            if site.seed == seed or site.owns(url):
                return site
        return self.sites[0]

    def add_failure(self, url: str, reason: str, kind: str) -> None:
        if len(self.failures) < MAX_LISTED_FAILURES:
            self.failures.append(Failure(url, reason, kind))
        else:
            self.failures_not_listed += 1

    def output_unwritable(self, error: UnwritableOutput) -> None:
        """A component could not write the crawl's output: the crawl stops. The first error
        is kept and told to the listeners (the report extension stops the engine)."""
        if self.unwritable is not None:
            return
        self.unwritable = str(error)
        for listener in self._unwritable_listeners:
            listener(self.unwritable)

    def when_output_unwritable(self, listener: Callable[[str], None]) -> None:
        self._unwritable_listeners.append(listener)

    def failures_as_dicts(self) -> list[dict[str, str]]:
        return [failure.as_dict() for failure in self.failures]

    def add_cut(self, cut: Cut) -> None:
        if len(self.cuts) < MAX_LISTED_FAILURES:
            self.cuts.append(cut)
        else:
            self.cuts_not_listed += 1

    def cuts_as_dicts(self) -> list[dict[str, object]]:
        return [cut.as_dict() for cut in self.cuts]
