"""``python -m topten_crawler.replica``: serve the replica until interrupted."""

from __future__ import annotations

import argparse
import contextlib
import threading

from topten_crawler.replica.builder import build_content
from topten_crawler.replica.server import ReplicaServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m topten_crawler.replica",
        description="Serve a local replica of the Lisa's Top Ten digest site (loopback only).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to serve on")
    parser.add_argument("--port", type=int, default=8000, help="port (0 picks a free one)")
    parser.add_argument("--posts", type=int, default=None, help="number of posts (default 72)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated posts")
    parser.add_argument(
        "--day", type=int, default=0, help="serve the site N days later (0: as built)"
    )
    parser.add_argument("--latency", type=float, default=0.0, help="seconds slept per request")
    parser.add_argument("--light", action="store_true", help="omit the theme's page weight")
    parser.add_argument(
        "--slow-seconds", type=float, default=5.0, help="delay of the slow source outlet"
    )
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    if args.day < 0:
        parser.error("--day must not be negative")
    try:
        server = ReplicaServer(
            build_content(args.posts, seed=args.seed, day=args.day),
            host=args.host,
            port=args.port,
            latency=args.latency,
            page_weight="light" if args.light else "full",
            verbose=args.verbose,
            slow_seconds=args.slow_seconds,
        )
    except ValueError as error:
        parser.error(str(error))
    with server:
        print(server.base_url, flush=True)
        for url in server.source_base_urls:
            print(f"source: {url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
