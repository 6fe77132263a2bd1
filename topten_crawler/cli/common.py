"""What the subcommands share: exit codes, ``-s NAME=VALUE`` settings, running a crawl."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from topten_crawler import terminal
from topten_crawler.cli.validation import (
    UsageError,
    check_crawl_id,
    check_output_dir,
    check_overrides,
    non_negative_int,
)
from topten_crawler.crawlfolder import summary
from topten_crawler.crawlfolder.folder import CrawlFolder
from topten_crawler.crawlfolder.lock import ArchiveLock
from topten_crawler.crawlfolder.manifest import read_manifest
from topten_crawler.crawlfolder.run import new_crawl_id, utc_now

if TYPE_CHECKING:
    from topten_crawler.overtime.crawls import ArchivedCrawl

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
# Another crawl holds the archive folder: nothing was done (a scheduler may simply retry).
EXIT_LOCKED = 3


@dataclass
class CrawlOutcome:
    folder: CrawlFolder
    manifest: dict[str, Any] | None
    # Why the crawl's output could not be written (a full disk), if it could not.
    unwritable: str | None = None

    @property
    def ok(self) -> bool:
        return bool(self.manifest and self.manifest.get("ok"))


def parse_overrides(pairs: Sequence[str]) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for pair in pairs:
        name, separator, value = pair.partition("=")
        if not separator or not name.strip():
            raise UsageError(f"-s expects NAME=VALUE, got {pair!r}")
        overrides[name.strip()] = value
    return overrides


def add_crawl_options(sub: argparse.ArgumentParser) -> None:
    """The options of every command that crawls (``crawl``, ``demo``)."""
    sub.add_argument(
        "--out",
        default="archives",
        metavar="DIR",
        help="archive folder, one folder per crawl inside it (default: archives)",
    )
    sub.add_argument(
        "--max-posts",
        type=non_negative_int,
        default=0,
        metavar="N",
        help="stop after N posts (default 0: no limit)",
    )
    sub.add_argument(
        "--no-sources",
        action="store_true",
        help="stay on the digest site: do not follow the sources posts cite",
    )
    add_settings_option(sub, "override a Scrapy or TOPTEN_* setting (as scrapy crawl -s does)")
    loudness = sub.add_mutually_exclusive_group()
    loudness.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="more on the console: -v every INFO line and each failed download, -vv DEBUG",
    )
    loudness.add_argument(
        "-q", "--quiet", action="store_true", help="only errors and the closing summary"
    )


def crawl_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The settings the crawl options stand for, checked; ``-s`` wins over ``--out``."""
    overrides = parse_overrides(args.settings)
    check_overrides(overrides)
    overrides.setdefault("TOPTEN_OUTPUT_DIR", args.out)
    output_dir = Path(overrides["TOPTEN_OUTPUT_DIR"])
    check_output_dir(output_dir)
    check_crawl_id(output_dir, str(overrides.get("TOPTEN_CRAWL_ID", "")))
    if args.max_posts:
        overrides["TOPTEN_MAX_POSTS"] = args.max_posts
    if args.no_sources:
        overrides["TOPTEN_FOLLOW_SOURCES"] = False
    overrides.update(console_overrides(args, overrides))
    return overrides


def console_overrides(args: argparse.Namespace, overrides: dict[str, Any]) -> dict[str, Any]:
    """How loud the console is, and which form progress takes, from -q/-v and the terminal.

    On a terminal: warnings and a live progress line; in a log (cron, a pipe): every INFO
    line and a progress entry every TOPTEN_PROGRESS_INTERVAL seconds. ``-s LOG_LEVEL=`` and
    ``-s TOPTEN_PROGRESS=`` still win.
    """
    interactive = terminal.is_interactive()
    if args.quiet:
        level, progress = "ERROR", "off"
    elif args.verbose >= 2:
        level, progress = "DEBUG", "live" if interactive else "log"
    elif args.verbose == 1 or not interactive:
        level, progress = "INFO", "live" if interactive else "log"
    else:
        level, progress = "WARNING", "live"
    chosen: dict[str, Any] = {
        "LOG_LEVEL": overrides.get("LOG_LEVEL", level),
        "TOPTEN_PROGRESS": overrides.get("TOPTEN_PROGRESS", progress),
        # The console handler is the command's own (terminal.ConsoleHandler), not Scrapy's.
        "LOG_INSTALL_ROOT_HANDLER": False,
    }
    if args.verbose >= 2:
        chosen.setdefault("TOPTEN_LOG_FILE_LEVEL", overrides.get("TOPTEN_LOG_FILE_LEVEL", "DEBUG"))
    return chosen


def add_archive_reader_options(sub: argparse.ArgumentParser, writes: str) -> None:
    """The arguments of every command that reads an archive folder across time and writes
    ``writes`` (``history``, ``linkrot``): the folder, ``--out``, ``-s NAME=VALUE``."""
    sub.add_argument(
        "archive_dir",
        metavar="DIR",
        type=Path,
        help="the archive folder (the one holding the crawl folders), or one crawl folder",
    )
    sub.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"the folder {writes} is written into (default: DIR)",
    )
    add_settings_option(sub, "override a TOPTEN_* setting")


def add_settings_option(sub: argparse.ArgumentParser, help_text: str) -> None:
    sub.add_argument(
        "-s", dest="settings", action="append", default=[], metavar="NAME=VALUE", help=help_text
    )


@dataclass
class ArchiveReading:
    """What a command that reads an archive folder across time works with."""

    out: Path  # the folder it writes into
    settings: Any  # Scrapy settings: the project's, with -s overrides
    crawls: list[ArchivedCrawl]  # oldest first


def read_archive(args: argparse.Namespace) -> ArchiveReading | None:
    """The archive folder's crawls, where to write, and the settings of an archive-reading
    command; None (after saying why) when the folder holds no crawl. Raises
    :class:`UsageError` for a bad ``--out`` or ``-s``."""
    from topten_crawler.overtime.crawls import ArchiveFolderError, archive_crawls

    overrides = parse_overrides(args.settings)
    check_overrides(overrides)
    out = Path(args.out) if args.out is not None else Path(args.archive_dir)
    check_output_dir(out)
    try:
        crawls = archive_crawls(args.archive_dir)
    except ArchiveFolderError as error:
        print(f"topten-crawler {args.command}: {error}", file=sys.stderr)
        return None
    return ArchiveReading(out, project_settings(overrides), crawls)


def project_settings(overrides: dict[str, Any]) -> Any:
    """The project's Scrapy settings with ``overrides`` at command-line priority."""
    from scrapy.settings import Settings  # here, so that ``--help`` stays fast

    settings = Settings()
    settings.setmodule("topten_crawler.settings", priority="project")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_crawl(
    seeds: list[str], overrides: dict[str, Any], *, each_failed_download: bool = False
) -> CrawlOutcome:
    """Crawl ``seeds`` in this process and return the crawl folder and its manifest.

    ``each_failed_download``: print every failed download on the console (``-v``), not only
    the closing summary's count. Raises :class:`ArchiveLocked` when another crawl holds the
    archive folder.
    """
    overrides = dict(overrides)
    overrides.setdefault("TOPTEN_CRAWL_ID", new_crawl_id(utc_now()))
    # Before Scrapy starts: a refused crawl is one line and exit status 3, not a traceback.
    lock = ArchiveLock.acquire(overrides["TOPTEN_OUTPUT_DIR"], overrides["TOPTEN_CRAWL_ID"])
    try:
        return _crawl(seeds, overrides, each_failed_download)
    finally:
        lock.release()


def _crawl(seeds: list[str], overrides: dict[str, Any], each_failed_download: bool) -> CrawlOutcome:
    from scrapy.crawler import CrawlerProcess

    from topten_crawler.spiders.topten import ToptenSpider

    settings = project_settings(overrides)
    folder = CrawlFolder(Path(settings.get("TOPTEN_OUTPUT_DIR")) / settings.get("TOPTEN_CRAWL_ID"))
    process = CrawlerProcess(settings)
    if not settings.getbool("LOG_INSTALL_ROOT_HANDLER"):
        level = logging.getLevelName(str(settings.get("LOG_LEVEL")).upper())
        terminal.install_console_logging(level, per_request_errors=each_failed_download)
    crawler = process.create_crawler(ToptenSpider)
    process.crawl(crawler, seed=" ".join(seeds))
    process.start()
    manifest = read_manifest(folder.path) if folder.manifest_file.is_file() else None
    unwritable = crawler.stats.get_value("topten/output/unwritable") if crawler.stats else None
    return CrawlOutcome(folder=folder, manifest=manifest, unwritable=unwritable)


def summarize(outcome: CrawlOutcome) -> str:
    return summary.summarize(outcome.folder, outcome.manifest, unwritable=outcome.unwritable)
