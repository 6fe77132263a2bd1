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

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from archive_over_time import archive_arguments, crawl_days  # the same crawls, timed alike

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CRAWLS = ((0, "1-day0"), (1, "2-day1"))
TARGET = 3.0


def timed(command: list[str], cwd: Path) -> float:
    """Wall seconds of one command; raises with its error output if it failed."""
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} failed:\n{result.stderr[-3000:]}")
    return seconds


def records_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def main(argv: list[str] | None = None) -> int:
    args, archive = archive_arguments(argv, __doc__.splitlines()[0], 1000)
    out = archive.parent / f"{archive.name}-extracted.jsonl"
    try:
        crawls = crawl_days(args.posts, archive, CRAWLS)
        command = [sys.executable, "-m", "topten_crawler", "extract", str(archive)]
        seconds = timed([*command, "--out", str(out)], archive)
        extracted = records_of(out)
        per_crawl = [records_of(archive / crawl_id / "records.jsonl") for _, crawl_id in CRAWLS]
    finally:
        out.unlink(missing_ok=True)
        if args.keep is None:
            shutil.rmtree(archive, ignore_errors=True)
    table = [
        (f"crawl {row['crawl']}", float(str(row["seconds"])), int(str(row["exchanges"])), len(r))
        for row, r in zip(crawls, per_crawl, strict=True)
    ]
    crawl_seconds = sum(row[1] for row in table)
    crawled = [record for records in per_crawl for record in records]
    table.append(("extract (both crawls)", seconds, sum(row[2] for row in table), len(extracted)))
    print(f"extract speed: {args.posts} posts, two daily crawls into one archive folder\n")
    print("| run | time s | pages | pages/s | records | records/s |")
    print("|---|---|---|---|---|---|")
    for name, took, pages, records in table:
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
