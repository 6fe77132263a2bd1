"""One archive folder over time: a first crawl, then the next day's, then an unchanged re-crawl.

Serves a generated replica of the digest site (``--posts``, default 5,000 full-weight posts) on
loopback, from this process (the crawls run in their own), and crawls it three times into one
archive folder, as a daily job would: day 0 (everything new), day 1 (the replica's next day:
new, edited and deleted posts, dying sources, new boilerplate on every page) and day 1 again
(nothing changed).
Prints, for each crawl, the time, the exchanges, the WARC bytes written against those a crawl
without revisits would have written, and the revisits by profile.

Usage: ``python benchmarks/archive_over_time.py [--posts 5000] [--keep DIR]``. Needs no data.
Exit status 0 when every crawl succeeded.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CRAWL_OPTIONS = (
    "-q", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
    "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s", "TOPTEN_ALLOWED_ADDRESSES=127.0.0.0/8",
    "-s", "DOWNLOAD_TIMEOUT=10", "-s", "TOPTEN_SOURCE_TIMEOUT=10",
)  # fmt: skip


def crawl(base_url: str, archive: Path, crawl_id: str) -> dict[str, object]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "topten_crawler", "crawl", base_url, "--out", str(archive),
         *CRAWL_OPTIONS, "-s", f"TOPTEN_CRAWL_ID={crawl_id}"],
        cwd=archive, capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.monotonic() - started
    manifest_path = archive / crawl_id / "manifest.json"
    if not manifest_path.is_file():
        raise RuntimeError(f"crawl {crawl_id} wrote no manifest:\n{result.stderr[-3000:]}")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    counts = manifest["counts"]
    return {
        "crawl": crawl_id,
        "ok": manifest["ok"],
        "seconds": seconds,
        "exchanges": counts["warc_exchanges"],
        "warc_bytes": int(counts["warc_bytes"]),
        "full_bytes": int(counts["warc_bytes_full"]),
        "revisits": counts.get("revisits", {}),
        "posts": counts["posts"],
        "changes": counts.get("changes", {}),
    }


def crawl_days(
    posts: int, archive: Path, crawls: tuple[tuple[int, str], ...]
) -> list[dict[str, object]]:
    """Crawl the replica of ``posts`` posts into ``archive``: each ``(day, crawl id)`` in turn."""
    # One server for every crawl, moved from day to day on the same ports: a server started
    # anew would put the replica's dead host on another port, a false change.
    from topten_crawler.replica import ReplicaServer, build_content

    with ReplicaServer(build_content(posts), slow_seconds=1) as server:
        results = []
        for day, crawl_id in crawls:
            server.set_day(day)
            results.append(crawl(server.base_url, archive, crawl_id))
        return results


def archive_arguments(
    argv: list[str] | None, description: str, posts: int
) -> tuple[argparse.Namespace, Path]:
    """``--posts`` (default ``posts``) and ``--keep DIR``; the archive folder to crawl into
    (``--keep``, else a temporary one)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--posts", type=int, default=posts)
    parser.add_argument("--keep", type=Path, default=None, help="archive folder to keep")
    args = parser.parse_args(argv)
    archive = args.keep or Path(tempfile.mkdtemp(prefix="topten-archive-"))
    archive.mkdir(parents=True, exist_ok=True)
    return args, archive


def main(argv: list[str] | None = None) -> int:
    args, archive = archive_arguments(argv, __doc__.splitlines()[0], 5000)
    try:
        results = crawl_days(
            args.posts, archive, ((0, "1-day0"), (1, "2-day1"), (1, "3-day1-again"))
        )
    finally:
        if args.keep is None:
            shutil.rmtree(archive, ignore_errors=True)
    first = results[0]
    print(f"archive over time: {args.posts} posts, one archive folder, three crawls\n")
    print("| crawl | ok | time s | exchanges | WARC bytes | without revisits | % of day 0 |"
          " revisits |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for row in results:
        share = 100 * float(str(row["warc_bytes"])) / max(1.0, float(str(first["warc_bytes"])))
        print(
            f"| {row['crawl']} | {row['ok']} | {row['seconds']:.0f} | {row['exchanges']} | "
            f"{row['warc_bytes']:,} | {row['full_bytes']:,} | {share:.0f}% | {row['revisits']} |"
        )
    print()
    for row in results:
        print(f"{row['crawl']}: changes {json.dumps(row['changes'])}")
    good = all(row["ok"] for row in results)
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
