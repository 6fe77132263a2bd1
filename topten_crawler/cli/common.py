"""What the subcommands share: exit codes, ``-s NAME=VALUE`` settings, running a crawl."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from topten_crawler.crawlfolder.folder import CrawlFolder
from topten_crawler.crawlfolder.manifest import read_manifest
from topten_crawler.crawlfolder.run import new_crawl_id, utc_now
from topten_crawler.seeds import SeedError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


@dataclass
class CrawlOutcome:
    folder: CrawlFolder
    manifest: dict[str, Any] | None

    @property
    def ok(self) -> bool:
        return bool(self.manifest and self.manifest.get("ok"))


def parse_overrides(pairs: Sequence[str]) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for pair in pairs:
        name, separator, value = pair.partition("=")
        if not separator or not name.strip():
            raise SeedError(f"-s expects NAME=VALUE, got {pair!r}")
        overrides[name.strip()] = value
    return overrides


def add_crawl_options(sub: argparse.ArgumentParser) -> None:
    """The options of every command that crawls (``crawl``, ``demo``)."""
    sub.add_argument("--out", default="archives", help="output folder (default: archives)")
    sub.add_argument("--max-posts", type=int, default=0, help="stop after N posts")
    sub.add_argument(
        "--no-sources",
        action="store_true",
        help="stay on the digest site: do not follow the sources posts cite",
    )
    sub.add_argument(
        "-s",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a Scrapy or TOPTEN_* setting (as scrapy crawl -s does)",
    )


def crawl_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The settings the crawl options stand for; ``-s`` wins over ``--out``."""
    overrides = parse_overrides(args.settings)
    overrides.setdefault("TOPTEN_OUTPUT_DIR", args.out)
    if args.max_posts:
        overrides["TOPTEN_MAX_POSTS"] = args.max_posts
    if args.no_sources:
        overrides["TOPTEN_FOLLOW_SOURCES"] = False
    return overrides


def project_settings(overrides: dict[str, Any]) -> Any:
    """The project's Scrapy settings with ``overrides`` at command-line priority."""
    from scrapy.settings import Settings  # here, so that ``--help`` stays fast

    settings = Settings()
    settings.setmodule("topten_crawler.settings", priority="project")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_crawl(seeds: list[str], overrides: dict[str, Any]) -> CrawlOutcome:
    """Crawl ``seeds`` in this process and return the crawl folder and its manifest."""
    from scrapy.crawler import CrawlerProcess

    from topten_crawler.spiders.topten import ToptenSpider

    overrides = dict(overrides)
    overrides.setdefault("TOPTEN_CRAWL_ID", new_crawl_id(utc_now()))
    settings = project_settings(overrides)
    folder = CrawlFolder(Path(settings.get("TOPTEN_OUTPUT_DIR")) / settings.get("TOPTEN_CRAWL_ID"))
    process = CrawlerProcess(settings)
    process.crawl(ToptenSpider, seed=" ".join(seeds))
    process.start()
    manifest = read_manifest(folder.path) if folder.manifest_file.is_file() else None
    return CrawlOutcome(folder=folder, manifest=manifest)


def summarize(outcome: CrawlOutcome) -> str:
    folder = outcome.folder
    manifest = outcome.manifest
    if manifest is None:
        return (
            f"Crawl FAILED: no manifest was written in {folder.path} "
            "(the crawl stopped before its end; see the log above)."
        )
    counts = manifest["counts"]
    warcs = [f for f in manifest["files"] if f["path"].endswith(".warc.gz")]
    lines = [
        f"Crawl {manifest['crawl_id']} {'succeeded' if manifest['ok'] else 'FAILED'} "
        f"({manifest['finish_reason']}).",
        f"  posts: {counts['posts']}   sources: {counts['sources']}   "
        f"records: {counts['records']}   "
        f"responses: {counts['responses']}   failed requests: {counts['failed_requests']}",
        f"  output: {folder.path}/",
        f"    records:  {folder.records_file}",
        f"    WARC:     {len(warcs)} file(s) under {folder.warc_dir}/",
        f"    manifest: {folder.manifest_file}",
    ]
    lines += [f"  problem: {problem}" for problem in manifest["problems"]]
    lines += [f"  warning: {warning}" for warning in manifest["warnings"]]
    return "\n".join(lines)
