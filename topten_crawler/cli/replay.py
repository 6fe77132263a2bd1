"""``topten-crawler replay [ARCHIVE_DIR]``: replay crawls in pywb on 127.0.0.1."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from topten_crawler.cli.common import EXIT_FAILED
from topten_crawler.cli.validation import port_number


def add_parser(commands: Any) -> None:
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
    replay.add_argument(
        "--port", type=port_number, default=8080, help="port on 127.0.0.1 (default 8080)"
    )
    replay.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
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
        return EXIT_FAILED
