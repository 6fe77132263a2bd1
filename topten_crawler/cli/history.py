"""``topten-crawler history DIR``: every post's and source's versions and edits, offline."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from topten_crawler.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    add_archive_reader_options,
    read_archive,
)
from topten_crawler.cli.validation import check_output_dir

HISTORY_FILE = "history.jsonl"


def add_parser(commands: Any) -> None:
    history = commands.add_parser(
        "history",
        help="versions and sentence-level edits of every post and source across the crawls",
        description=(
            "Read every crawl of an archive folder (never the network) and write history.jsonl: "
            "per post and source, its versions and what changed between them."
        ),
    )
    add_archive_reader_options(history, HISTORY_FILE)
    history.add_argument(
        "--html",
        type=Path,
        default=None,
        metavar="DIR",
        help="also write a page per edited post (old and new side by side) and an index.html",
    )
    history.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from topten_crawler.overtime.report import (
        history_summary,
        write_history,
        write_history_pages,
    )

    if args.html is not None:
        check_output_dir(args.html, "--html")  # before anything is read: exit status 2
    reading = read_archive(args)
    if reading is None:
        return EXIT_FAILED
    path = reading.out / HISTORY_FILE
    histories = write_history(reading.crawls, path)
    lines = [
        f"History of {len(reading.crawls)} crawl(s) written: {path}",
        f"  {history_summary(histories)}",
    ]
    if args.html is not None:
        replay_base = reading.settings.get("TOPTEN_REPLAY_BASE_URL")
        pages = write_history_pages(histories, args.html, replay_base)
        lines.append(f"  {pages} page(s) of edited posts: {args.html / 'index.html'}")
    print("\n".join(lines))
    return EXIT_OK
