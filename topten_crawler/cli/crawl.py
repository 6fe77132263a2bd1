"""``topten-crawler crawl [SEED_URL ...]``: crawl the digest site of each seed."""

from __future__ import annotations

import argparse
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
from topten_crawler.seeds import read_seeds_file, validate_seed


def add_parser(commands: Any) -> None:
    crawl = commands.add_parser("crawl", help="crawl the digest site of the seed URLs")
    crawl.add_argument("seed_urls", nargs="*", metavar="SEED_URL", help="seed URLs")
    crawl.add_argument(
        "--seeds",
        default=None,
        help="seed list, one URL per line (default: seeds/foreigndesknews.txt)",
    )
    add_crawl_options(crawl)
    crawl.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.seed_urls:
        seeds = [validate_seed(url, "SEED_URL") for url in args.seed_urls]
    else:
        seeds_file = args.seeds or project_settings({}).get("TOPTEN_SEEDS_FILE")
        seeds = read_seeds_file(seeds_file)
    outcome = run_crawl(seeds, crawl_overrides(args), each_failed_download=args.verbose > 0)
    print(summarize(outcome))
    return EXIT_OK if outcome.ok else EXIT_FAILED
