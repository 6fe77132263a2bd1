"""``topten-crawler package CRAWL_DIR``: write a crawl folder as a validated WACZ."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from topten_crawler.cli.common import EXIT_FAILED, EXIT_OK


def add_parser(commands: Any) -> None:
    package = commands.add_parser(
        "package", help="write a crawl folder as a WACZ file (WARCs, index, page list)"
    )
    package.add_argument("crawl_dir", metavar="CRAWL_DIR", type=Path, help="a crawl folder")
    package.add_argument(
        "--out", type=Path, default=None, help="WACZ file (default: CRAWL_DIR/<crawl-id>.wacz)"
    )
    package.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from topten_crawler.archive.wacz import PackageError, package_crawl
    from topten_crawler.crawlfolder.folder import CrawlFolderError

    started = time.monotonic()
    try:
        result = package_crawl(args.crawl_dir, args.out)
    except (CrawlFolderError, PackageError) as error:
        print(f"topten-crawler package: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(
        f"WACZ written and validated in {time.monotonic() - started:.1f} s: {result.path}\n"
        f"  {len(result.pages)} pages, {result.warcs} WARC file(s)"
    )
    return EXIT_OK
