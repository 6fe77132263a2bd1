"""``topten-crawler history DIR``: every post's and source's versions and edits, offline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from topten_crawler.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    add_archive_reader_options,
    archive_reader_settings,
)

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
    from topten_crawler.overtime.crawls import ArchiveFolderError, archive_crawls
    from topten_crawler.overtime.report import write_history, write_history_pages

    out, settings = archive_reader_settings(args)
    try:
        crawls = archive_crawls(args.archive_dir)
    except ArchiveFolderError as error:
        print(f"topten-crawler history: {error}", file=sys.stderr)
        return EXIT_FAILED
    summary = write_history(crawls, out / HISTORY_FILE)
    lines = [
        f"History of {len(crawls)} crawl(s) written: {out / HISTORY_FILE}",
        f"  {summary.posts} posts ({summary.edited_posts} edited, {summary.silent_edits} "
        f"silent edits, {summary.gone_posts} gone), {summary.sources} sources "
        f"({summary.changed_sources} changed)",
    ]
    if args.html is not None:
        pages = write_history_pages(
            summary.histories, args.html, settings.get("TOPTEN_REPLAY_BASE_URL")
        )
        lines.append(f"  {pages} page(s) of edited posts: {args.html / 'index.html'}")
    print("\n".join(lines))
    return EXIT_OK
