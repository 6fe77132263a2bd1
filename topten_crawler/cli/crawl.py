"""``topten-crawler crawl [SEED_URL ...]``: crawl the digest site of each seed."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from topten_crawler.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    add_crawl_options,
    crawl_overrides,
    project_settings,
    run_crawl,
    summarize,
)
from topten_crawler.cli.unfinished import continue_or_abandon
from topten_crawler.crawlfolder.lock import ArchiveLock
from topten_crawler.seeds import read_seeds_file, validate_seed


def add_parser(commands: Any) -> None:
    crawl = commands.add_parser("crawl", help="crawl the digest site of the seed URLs")
    crawl.add_argument("seed_urls", nargs="*", metavar="SEED_URL", help="seed URLs")
    crawl.add_argument(
        "--seeds",
        default=None,
        help="seed list, one URL per line (default: seeds/foreigndesknews.txt)",
    )
    crawl.add_argument(
        "--fresh",
        action="store_true",
        help="start a new crawl even if the archive folder holds an unfinished crawl of the "
        "same seeds (killed or stopped; it is then closed as abandoned); by default that "
        "crawl is continued",
    )
    add_crawl_options(crawl)
    crawl.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.seed_urls:
        seeds = [validate_seed(url, "SEED_URL") for url in args.seed_urls]
    else:
        seeds_file = args.seeds or project_settings({}).get("TOPTEN_SEEDS_FILE")
        seeds = read_seeds_file(seeds_file)
    overrides = crawl_overrides(args)
    output_dir = Path(overrides["TOPTEN_OUTPUT_DIR"])
    # Held while the unfinished crawl is looked for and mended, and through the crawl.
    lock = ArchiveLock.acquire(output_dir)
    try:
        crawl_id = str(overrides.get("TOPTEN_CRAWL_ID", ""))
        folder, mended = continue_or_abandon(output_dir, crawl_id, seeds, fresh=args.fresh)
        if folder is not None:
            overrides["TOPTEN_CRAWL_ID"] = folder.path.name
            overrides["TOPTEN_RESUME"] = True
            print(f"Continuing the unfinished crawl {folder.path.name} ({describe(mended)})")
        outcome = run_crawl(seeds, overrides, each_failed_download=args.verbose > 0)
    finally:
        lock.release()
    print(summarize(outcome))
    return EXIT_OK if outcome.ok else EXIT_FAILED


def describe(mended: dict[str, Any]) -> str:
    closed = len(mended.get("warc_files_closed", []))
    cut = mended.get("warc_bytes_cut", 0) + sum(mended.get("jsonl_bytes_cut", {}).values())
    return f"{closed} open WARC file(s) closed, {cut} torn bytes cut"
