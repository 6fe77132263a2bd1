"""``topten-crawler linkrot DIR``: what became of every cited URL across the crawls, offline."""

from __future__ import annotations

import argparse
from typing import Any

from topten_crawler.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    add_archive_reader_options,
    read_archive,
)

LINKROT_FILE = "linkrot.jsonl"
LINKROT_PAGE = "linkrot.html"


def add_parser(commands: Any) -> None:
    linkrot = commands.add_parser(
        "linkrot",
        help="the state of every cited URL across the crawls (alive, gone, soft 404, ...)",
        description=(
            "Read every crawl of an archive folder (never the network) and write linkrot.jsonl "
            "(per cited URL: its checks and state) and linkrot.html (summary, chart, dead URLs "
            "linked to their last good capture)."
        ),
    )
    add_archive_reader_options(linkrot, f"{LINKROT_FILE} and {LINKROT_PAGE}")
    linkrot.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from topten_crawler.overtime.report import write_linkrot

    reading = read_archive(args)
    if reading is None:
        return EXIT_FAILED
    settings, out = reading.settings, reading.out
    counts = write_linkrot(
        reading.crawls,
        out / LINKROT_FILE,
        out / LINKROT_PAGE,
        confirm_days=settings.getint("TOPTEN_LINKROT_CONFIRM_DAYS"),
        replay_base=settings.get("TOPTEN_REPLAY_BASE_URL"),
    )
    states = ", ".join(f"{n} {state}" for state, n in counts.items() if n)
    print(
        f"Link rot of {sum(counts.values())} cited URL(s) over {len(reading.crawls)} crawl(s): "
        f"{states}\n  {out / LINKROT_FILE}\n  {out / LINKROT_PAGE}"
    )
    return EXIT_OK
