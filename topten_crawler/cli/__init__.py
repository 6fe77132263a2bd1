"""The ``topten-crawler`` command: one module per subcommand, each with ``add_parser`` and ``run``.

Exit status: 0 when the command succeeded, 1 when it failed (for ``crawl`` and ``demo``: seed
unreachable, no post found, an output not written, invalid records, a crawl that did not
finish), 2 for a usage error. ``scrapy crawl topten`` exits 0 even when its results are bad;
this command judges them from the crawl's manifest so that a scheduled job can tell.

A new subcommand is a module here with ``add_parser(commands)``, which registers its
arguments and sets ``handler=run``, and ``run(args) -> int``; it is listed in ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from topten_crawler import __version__
from topten_crawler.cli import (
    crawl,
    demo,
    export,
    extract,
    history,
    linkrot,
    package,
    reindex,
    replay,
)
from topten_crawler.cli.common import EXIT_FAILED, EXIT_LOCKED, EXIT_USAGE
from topten_crawler.cli.validation import OneLineParser, UsageError
from topten_crawler.crawlfolder.files import UnwritableOutput
from topten_crawler.crawlfolder.lock import ArchiveLocked
from topten_crawler.seeds import SeedError

COMMANDS = (crawl, demo, package, replay, reindex, extract, history, linkrot, export)


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="topten-crawler",
        description="Archival crawler for Lisa's Top Ten: clean JSON lines and WARC archives.",
        epilog=(
            "Exit status: 0 success, 1 the command failed (see its summary), 2 bad arguments, "
            "3 another crawl holds the archive folder."
        ),
    )
    parser.add_argument("--version", action="version", version=f"topten-crawler {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    for command in COMMANDS:
        command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status: int = args.handler(args)
    except (SeedError, UsageError) as error:
        print(f"topten-crawler {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ArchiveLocked as error:
        print(f"topten-crawler {args.command}: {error}", file=sys.stderr)
        return EXIT_LOCKED
    except (UnwritableOutput, OSError) as error:
        # A full disk or an unwritable folder before the crawl could start: one line.
        print(f"topten-crawler {args.command}: error: {error}", file=sys.stderr)
        return EXIT_FAILED
    return status


if __name__ == "__main__":
    sys.exit(main())
