"""``topten-crawler demo``: serve the bundled replica site on loopback, crawl it, show the result.

The replica's outlets sit on 127.0.0.2-9, addresses the crawler refuses to fetch cited sources
from (a cited link must never reach the archivist's own network). The demo lets exactly those
addresses through (``TOPTEN_ALLOWED_ADDRESSES``), not every private one, so that its records
hold fetched sources as a crawl of the real site does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from topten_crawler.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    CrawlOutcome,
    add_crawl_options,
    crawl_overrides,
    run_crawl,
    summarize,
)
from topten_crawler.cli.validation import positive_int
from topten_crawler.crawlfolder.jsonlines import read_jsonl

# The replica answers at once on loopback: no need for the real site's politeness delays.
DEMO_SETTINGS: dict[str, Any] = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}
# How many of the chosen post's sources the tour lists.
TOUR_SOURCES = 6


def add_parser(commands: Any) -> None:
    demo = commands.add_parser(
        "demo", help="serve the bundled replica site on loopback, crawl it and show the result"
    )
    demo.add_argument(
        "--posts",
        type=positive_int,
        default=None,
        metavar="N",
        help="posts on the replica (default: 72, as many as the bundled site has)",
    )
    add_crawl_options(demo)
    demo.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from topten_crawler.replica import ReplicaServer, build_content

    overrides = {**DEMO_SETTINGS, **crawl_overrides(args)}
    with ReplicaServer(build_content(args.posts)) as server:
        replica_addresses = [server.host, *server.source_hosts, server.defunct_host]
        overrides.setdefault("TOPTEN_ALLOWED_ADDRESSES", ",".join(replica_addresses))
        print(f"Replica site serving at {server.base_url} (loopback only)", flush=True)
        outcome = run_crawl([server.base_url], overrides, each_failed_download=args.verbose > 0)
    print(summarize(outcome))
    if outcome.manifest is not None:
        print(tour(outcome, command_name()))
    return EXIT_OK if outcome.ok else EXIT_FAILED


def command_name() -> str:
    """How the user started this command, for the commands the tour suggests."""
    program = Path(sys.argv[0])
    if program.name == "__main__.py":
        return f"{Path(sys.executable).name} -m topten_crawler"
    return str(program) if program.parent != Path() else program.name


def tour(outcome: CrawlOutcome, command: str) -> str:
    """Where the records are, one post with its cited sources, and what to run next."""
    folder = outcome.folder
    posts: list[dict[str, Any]] = []
    sources: dict[str, dict[str, Any]] = {}
    for record in read_jsonl(folder.records_file):
        if record.get("type") == "post":
            posts.append(record)
        elif record.get("type") == "source":
            sources[record["url"]] = record
    lines = ["", "A tour of this crawl:", f"  records: {folder.records_file}"]
    cited = [p for p in posts if p.get("citations")]
    if cited:
        # The post whose sources show the most outcomes, then the most sources.
        def outcomes(post: dict[str, Any]) -> tuple[int, int]:
            found = [sources.get(c["url"], {}) for c in post["citations"]]
            return len({s.get("error") for s in found}), len(found)

        post = max(cited, key=outcomes)
        lines += [f'  a post:  "{post.get("title")}"', f"           {post['url']}"]
        lines.append(f"           cites {len(post['citations'])} source(s):")
        for citation in post["citations"][:TOUR_SOURCES]:
            source = sources.get(citation["url"], {})
            if source.get("error"):
                outcome_text = f"not fetched ({source['error']})"
            elif source:
                outcome_text = f'{source.get("status")}  "{source.get("title") or ""}"'
            else:
                outcome_text = "no record (sources not followed)"
            lines.append(f"             {citation['url']}\n               {outcome_text}")
        if len(post["citations"]) > TOUR_SOURCES:
            lines.append(f"             ... and {len(post['citations']) - TOUR_SOURCES} more")
    lines += [
        "  next:",
        f"    {command} replay {folder.path.parent}      # browse the archive in pywb",
        f"    {command} package {folder.path}   # one WACZ file for ReplayWeb.page",
    ]
    return "\n".join(lines)
