"""How long ``history`` (with its HTML pages) and ``linkrot`` take over an archive folder.

Reads an archive folder made by daily crawls (``benchmarks/archive_over_time.py --keep DIR``
makes one of the replica) and runs both commands on it, writing into a temporary folder, each
``--repeat`` times; prints the records read and the least time of the runs (the least, so that
bursts of other work on the machine count less).

Usage: ``python benchmarks/overtime_reports.py ARCHIVE_DIR [--repeat 3]``. Exit status 0 when
both commands succeeded.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from topten_crawler.overtime.crawls import archive_crawls  # noqa: E402


def timed(command: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.monotonic()
        subprocess.run(command, check=True, capture_output=True, text=True)
        best = min(best, time.monotonic() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path, help="an archive folder of several crawls")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (least kept)")
    args = parser.parse_args()
    crawls = archive_crawls(args.archive)
    records = sum(1 for crawl in crawls for _ in crawl.records())
    print(f"{args.archive}: {len(crawls)} crawls, {records:,} records")
    tool = [sys.executable, "-m", "topten_crawler"]
    with tempfile.TemporaryDirectory(prefix="overtime-bench-") as out:
        commands = {
            "history --html": [*tool, "history", str(args.archive), "--out", out,
                               "--html", str(Path(out) / "pages")],
            "linkrot": [*tool, "linkrot", str(args.archive), "--out", out],
        }  # fmt: skip
        for name, command in commands.items():
            seconds = timed(command, args.repeat)
            print(f"{name:15} {seconds:7.2f} s  ({records / seconds:,.0f} records/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
