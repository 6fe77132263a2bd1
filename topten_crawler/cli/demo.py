"""``topten-crawler demo``: serve the bundled replica site on loopback and crawl it."""

from __future__ import annotations

import argparse
from typing import Any

from topten_crawler.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    add_crawl_options,
    crawl_overrides,
    run_crawl,
    summarize,
)

# The replica answers at once on loopback: no need for the real site's politeness delays.
DEMO_SETTINGS: dict[str, Any] = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}


def add_parser(commands: Any) -> None:
    demo = commands.add_parser(
        "demo", help="serve the bundled replica site on loopback and crawl it"
    )
    demo.add_argument("--posts", type=int, default=None, help="replica size (default: 60+)")
    add_crawl_options(demo)
    demo.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from topten_crawler.replica import ReplicaServer, build_content

    overrides = {**DEMO_SETTINGS, **crawl_overrides(args)}
    with ReplicaServer(build_content(args.posts)) as server:
        print(f"Replica site serving at {server.base_url} (loopback only)")
        outcome = run_crawl([server.base_url], overrides)
    print(summarize(outcome))
    return EXIT_OK if outcome.ok else EXIT_FAILED
