"""``topten-crawler extract PATH``: the records of a crawl or an archive, from its WARCs alone."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from topten_crawler.cli.common import EXIT_FAILED, EXIT_OK, parse_overrides
from topten_crawler.cli.validation import UsageError, check_overrides

# Settings of the crawl that change what becomes a record; ``-s`` replaces the crawl's own.
EXTRACT_SETTINGS = ("TOPTEN_MAX_POSTS", "TOPTEN_FOLLOW_SOURCES", "TOPTEN_STATE_ENABLED")


def add_parser(commands: Any) -> None:
    extract = commands.add_parser(
        "extract",
        help="write a crawl's or an archive's records again from its WARC files, offline",
    )
    extract.add_argument(
        "path",
        metavar="PATH",
        type=Path,
        help="a crawl folder, or an archive folder (every crawl in it, oldest first)",
    )
    extract.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="JSON lines file (default: extracted-records.jsonl in the archive folder, "
        "extracted-<crawl-id>.jsonl for a crawl folder)",
    )
    extract.add_argument(
        "-s",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="replace a crawl's recorded setting: " + ", ".join(EXTRACT_SETTINGS),
    )
    extract.set_defaults(handler=run)


def default_out(path: Path) -> Path:
    from topten_crawler.crawlfolder.folder import CrawlFolder

    folder = CrawlFolder(path.resolve())
    if folder.is_crawl():
        return folder.path.parent / f"extracted-{folder.crawl_id()}.jsonl"
    return path / "extracted-records.jsonl"


def check_arguments(args: argparse.Namespace) -> dict[str, Any]:
    """The ``-s`` settings, checked; ``--out`` must not name a folder."""
    overrides = parse_overrides(args.settings)
    check_overrides(overrides)
    for name in overrides:
        if name not in EXTRACT_SETTINGS:
            raise UsageError(f"-s {name}: extract reads only {', '.join(EXTRACT_SETTINGS)}")
    if args.out is not None and args.out.is_dir():
        raise UsageError(f"--out {args.out} is a folder; name the JSON lines file to write")
    return overrides


def run(args: argparse.Namespace) -> int:
    overrides = check_arguments(args)
    from warcio.recordloader import ArchiveLoadFailed

    from topten_crawler.overtime.crawls import ArchiveFolderError
    from topten_crawler.overtime.extract import extract_records, write_records

    out = args.out or default_out(args.path)
    started = time.monotonic()
    try:
        counts = write_records(extract_records(args.path, overrides), out)
    except (ArchiveFolderError, OSError, ArchiveLoadFailed, LookupError, ValueError) as error:
        # A WARC file that cannot be read, a revisit whose original is missing: said in one
        # line, and nothing is written (the output appears whole or not at all).
        print(f"topten-crawler extract: {error}", file=sys.stderr)
        return EXIT_FAILED
    seconds = time.monotonic() - started
    print(
        f"Records extracted from the WARC files in {seconds:.1f} s: {out}\n"
        f"  {counts.get('post', 0)} posts, {counts.get('source', 0)} sources"
    )
    return EXIT_OK
