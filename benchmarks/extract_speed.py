"""Re-extraction speed: ``topten-crawler extract`` beside the crawl that wrote the archive.

Serves a generated replica of the digest site (``--posts``, default 1,000 full-weight posts) on
loopback, from this process (the crawls run in their own), crawls it twice into one archive
folder as a daily job would (day 0, then day 1: new, edited and deleted posts, new
boilerplate, revisits of day 0's records), then extracts the archive folder again from its
WARC files (``extract``, no network). Prints, for each crawl and for the extraction, the time,
the pages (WARC response and revisit records: every exchange the crawl archived, which the
extraction reads) and the records (posts and sources), per second, and checks the target:

- ``extract`` reads pages at least 3x as fast as the crawl archived them, and writes records
  at least 3x as fast as the crawl wrote them;
- its records equal the crawls' records field by field.

Usage: ``python benchmarks/extract_speed.py [--posts 1000] [--keep DIR]``. Needs no data. Exit
status 0 when the targets are met. On a busy machine the figures are noisy: run it alone.
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
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CRAWL_OPTIONS = (
    "-q", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
    "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s", "TOPTEN_ALLOWED_ADDRESSES=127.0.0.0/8",
    "-s", "DOWNLOAD_TIMEOUT=10", "-s", "TOPTEN_SOURCE_TIMEOUT=10",
)  # fmt: skip
CRAWLS = ((0, "1-day0"), (1, "2-day1"))
TARGET = 3.0


def timed(command: list[str], cwd: Path) -> float:
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} failed:\n{result.stderr[-3000:]}")
    return seconds


def records_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--keep", type=Path, default=None, help="archive folder to keep")
    args = parser.parse_args(argv)
    archive = args.keep or Path(tempfile.mkdtemp(prefix="topten-extract-"))
    archive.mkdir(parents=True, exist_ok=True)
    from topten_crawler.replica import ReplicaServer, build_content

    rows = []
    try:
        with ReplicaServer(build_content(args.posts), slow_seconds=1) as server:
            for day, crawl_id in CRAWLS:
                server.set_day(day)
                command = [sys.executable, "-m", "topten_crawler", "crawl", server.base_url]
                command += ["--out", str(archive), *CRAWL_OPTIONS]
                seconds = timed([*command, "-s", f"TOPTEN_CRAWL_ID={crawl_id}"], archive)
                manifest = json.loads((archive / crawl_id / "manifest.json").read_text("utf-8"))
                pages = int(manifest["counts"]["responses"])
                records = len(records_of(archive / crawl_id / "records.jsonl"))
                rows.append((f"crawl {crawl_id}", seconds, pages, records))
        out = archive.parent / f"{archive.name}-extracted.jsonl"
        command = [sys.executable, "-m", "topten_crawler", "extract", str(archive)]
        seconds = timed([*command, "--out", str(out)], archive)
        extracted = records_of(out)
        crawled = [
            r for _, crawl_id in CRAWLS for r in records_of(archive / crawl_id / "records.jsonl")
        ]
        out.unlink()
    finally:
        if args.keep is None:
            shutil.rmtree(archive, ignore_errors=True)
    crawl_seconds = sum(row[1] for row in rows)
    crawl_pages = sum(row[2] for row in rows)
    rows.append(("extract (both crawls)", seconds, crawl_pages, len(extracted)))
    print(f"extract speed: {args.posts} posts, two daily crawls into one archive folder\n")
    print("| run | time s | pages | pages/s | records | records/s |")
    print("|---|---|---|---|---|---|")
    for name, took, pages, records in rows:
        print(
            f"| {name} | {took:.1f} | {pages} | {pages / took:.0f} | {records} "
            f"| {records / took:.1f} |"
        )
    page_ratio = crawl_seconds / seconds  # the same pages, read in less time
    record_ratio = (len(extracted) / seconds) / (len(crawled) / crawl_seconds)

    def key(record: dict[str, Any]) -> tuple[str, str, str]:
        return (record["crawl_id"], record["type"], record["url"])

    same = sorted(extracted, key=key) == sorted(crawled, key=key)
    checks = [
        (f"pages/s of extract against the crawls': {page_ratio:.1f}x", page_ratio >= TARGET),
        (f"records/s of extract against the crawls': {record_ratio:.1f}x", record_ratio >= TARGET),
        ("extracted records equal the crawls' records field by field", same),
    ]
    print()
    for text, ok in checks:
        print(f"{'ok  ' if ok else 'FAIL'} {text}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
