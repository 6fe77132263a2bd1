"""``topten-crawler reindex ARCHIVE_DIR``: rebuild the crawl-state store from the crawls."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from topten_crawler.cli.common import EXIT_FAILED, EXIT_OK


def add_parser(commands: Any) -> None:
    reindex = commands.add_parser(
        "reindex",
        help="rebuild an archive folder's crawl state (state.sqlite3) from its WARCs and records",
    )
    reindex.add_argument(
        "archive_dir",
        metavar="ARCHIVE_DIR",
        type=Path,
        nargs="?",
        default=Path("archives"),
        help="the archive folder: the one holding the crawl folders (default: archives)",
    )
    reindex.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from topten_crawler.archive.reindex import rebuild_state

    try:
        result = rebuild_state(args.archive_dir)
    except (OSError, ValueError) as error:
        print(f"topten-crawler reindex: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(
        f"Crawl state rebuilt: {result.path}\n"
        f"  {result.crawls} crawl(s), {result.captures} captures, {result.records} records"
    )
    return EXIT_OK
