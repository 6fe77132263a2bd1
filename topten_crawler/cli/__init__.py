"""The ``topten-crawler`` command: ``crawl`` a digest site, or run the ``demo`` on the replica.

Exit status: 0 when the crawl succeeded, 1 when it failed (seed unreachable, no post found,
an output not written, invalid records, a crawl that did not finish), 2 for a usage error.
``scrapy crawl topten`` exits 0 even when its results are bad; this command judges them from
the crawl's manifest so that a scheduled job can tell.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from topten_crawler.crawlfolder.manifest import MANIFEST_FILENAME, read_manifest
from topten_crawler.crawlfolder.run import new_crawl_id, utc_now
from topten_crawler.seeds import SeedError, read_seeds_file, validate_seed

EXIT_OK = 0
EXIT_CRAWL_FAILED = 1
EXIT_USAGE = 2

# The replica answers at once on loopback: no need for the real site's politeness delays.
DEMO_SETTINGS: dict[str, Any] = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}


@dataclass
class CrawlOutcome:
    crawl_dir: Path
    manifest: dict[str, Any] | None

    @property
    def ok(self) -> bool:
        return bool(self.manifest and self.manifest.get("ok"))


def project_settings(overrides: dict[str, Any]) -> Settings:
    settings = Settings()
    settings.setmodule("topten_crawler.settings", priority="project")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_crawl(seeds: list[str], overrides: dict[str, Any]) -> CrawlOutcome:
    """Crawl ``seeds`` in this process and return the crawl folder and its manifest."""
    # The import is here so that ``--help`` stays fast.
    from topten_crawler.spiders.topten import ToptenSpider

    overrides = dict(overrides)
    overrides.setdefault("TOPTEN_CRAWL_ID", new_crawl_id(utc_now()))
    settings = project_settings(overrides)
    crawl_dir = Path(settings.get("TOPTEN_OUTPUT_DIR")) / settings.get("TOPTEN_CRAWL_ID")
    process = CrawlerProcess(settings)
    process.crawl(ToptenSpider, seed=" ".join(seeds))
    process.start()
    manifest_path = crawl_dir / MANIFEST_FILENAME
    manifest = read_manifest(crawl_dir) if manifest_path.is_file() else None
    return CrawlOutcome(crawl_dir=crawl_dir, manifest=manifest)


def summarize(outcome: CrawlOutcome) -> str:
    manifest = outcome.manifest
    if manifest is None:
        return (
            f"Crawl FAILED: no manifest was written in {outcome.crawl_dir} "
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
        f"  output: {outcome.crawl_dir}/",
        f"    records:  {outcome.crawl_dir / 'records.jsonl'}",
        f"    WARC:     {len(warcs)} file(s) under {outcome.crawl_dir / 'warc'}/",
        f"    manifest: {outcome.crawl_dir / MANIFEST_FILENAME}",
    ]
    lines += [f"  problem: {problem}" for problem in manifest["problems"]]
    lines += [f"  warning: {warning}" for warning in manifest["warnings"]]
    return "\n".join(lines)


def parse_overrides(pairs: Sequence[str]) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for pair in pairs:
        name, separator, value = pair.partition("=")
        if not separator or not name.strip():
            raise SeedError(f"-s expects NAME=VALUE, got {pair!r}")
        overrides[name.strip()] = value
    return overrides


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="topten-crawler",
        description="Archival crawler for Lisa's Top Ten: clean JSON lines and WARC archives.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
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

    crawl = commands.add_parser("crawl", help="crawl the digest site of the seed URLs")
    crawl.add_argument("seed_urls", nargs="*", metavar="SEED_URL", help="seed URLs")
    crawl.add_argument(
        "--seeds",
        default=None,
        help="seed list, one URL per line (default: seeds/foreigndesknews.txt)",
    )
    common(crawl)

    demo = commands.add_parser(
        "demo", help="serve the bundled replica site on loopback and crawl it"
    )
    demo.add_argument("--posts", type=int, default=None, help="replica size (default: 60+)")
    common(demo)
    add_archive_commands(commands)
    return parser


def add_archive_commands(commands: Any) -> None:
    """The ``package`` and ``replay`` subcommands, which read finished crawl folders."""
    package = commands.add_parser(
        "package", help="write a crawl folder as a WACZ file (WARCs, index, page list)"
    )
    package.add_argument("crawl_dir", metavar="CRAWL_DIR", type=Path, help="a crawl folder")
    package.add_argument(
        "--out", type=Path, default=None, help="WACZ file (default: CRAWL_DIR/<crawl-id>.wacz)"
    )
    replay = commands.add_parser(
        "replay", help="replay crawls in pywb on 127.0.0.1 (installs pywb on first use)"
    )
    replay.add_argument(
        "archive_dir",
        metavar="ARCHIVE_DIR",
        type=Path,
        nargs="?",
        default=Path("archives"),
        help="folder of crawl folders, or one crawl folder (default: archives)",
    )
    replay.add_argument("--crawl", metavar="ID", default=None, help="replay only this crawl")
    replay.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1 (default 8080)")


def command_package(args: argparse.Namespace) -> int:
    from topten_crawler.archive.cdxj import CrawlFolderError
    from topten_crawler.archive.wacz import PackageError, package_crawl

    started = time.monotonic()
    try:
        result = package_crawl(args.crawl_dir, args.out)
    except (CrawlFolderError, PackageError) as error:
        print(f"topten-crawler package: {error}", file=sys.stderr)
        return EXIT_CRAWL_FAILED
    print(
        f"WACZ written and validated in {time.monotonic() - started:.1f} s: {result.path}\n"
        f"  {len(result.pages)} pages, {result.warcs} WARC file(s)"
    )
    return EXIT_OK


def command_replay(args: argparse.Namespace) -> int:
    from topten_crawler.archive import replay

    try:
        return replay.run(
            args.archive_dir,
            crawl_id=args.crawl,
            port=args.port,
            say=lambda message: print(message, flush=True),
        )
    except replay.ReplayError as error:
        print(f"topten-crawler replay: {error}", file=sys.stderr)
        return EXIT_CRAWL_FAILED


def crawl_overrides(args: argparse.Namespace) -> dict[str, Any]:
    overrides = parse_overrides(args.settings)
    overrides.setdefault("TOPTEN_OUTPUT_DIR", args.out)
    if args.max_posts:
        overrides["TOPTEN_MAX_POSTS"] = args.max_posts
    if args.no_sources:
        overrides["TOPTEN_FOLLOW_SOURCES"] = False
    return overrides


def command_crawl(args: argparse.Namespace) -> int:
    if args.seed_urls:
        seeds = [validate_seed(url, "SEED_URL") for url in args.seed_urls]
    else:
        seeds_file = args.seeds or project_settings({}).get("TOPTEN_SEEDS_FILE")
        seeds = read_seeds_file(seeds_file)
    outcome = run_crawl(seeds, crawl_overrides(args))
    print(summarize(outcome))
    return EXIT_OK if outcome.ok else EXIT_CRAWL_FAILED


def command_demo(args: argparse.Namespace) -> int:
    from topten_crawler.replica import ReplicaServer, build_content

    overrides = {**DEMO_SETTINGS, **crawl_overrides(args)}
    with ReplicaServer(build_content(args.posts)) as server:
        print(f"Replica site serving at {server.base_url} (loopback only)")
        outcome = run_crawl([server.base_url], overrides)
    print(summarize(outcome))
    return EXIT_OK if outcome.ok else EXIT_CRAWL_FAILED


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "crawl":
            return command_crawl(args)
        if args.command == "package":
            return command_package(args)
        if args.command == "replay":
            return command_replay(args)
        return command_demo(args)
    except SeedError as error:
        print(f"topten-crawler: {error}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
