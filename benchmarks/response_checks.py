"""What the check of compressed bodies costs: ``faults.compressed_body_fault`` beside the
decompression Scrapy does anyway (``scrapy.utils.gz.gunzip``), per gzip page.

Pages of the replica's size (30 KB to 300 KB of HTML) are gzipped and each is read both ways
many times; prints the time per page of each and the ratio. The check inflates and throws the
output away a chunk at a time, so its memory stays flat whatever the page inflates to.

Usage: ``python benchmarks/response_checks.py [--repeat 200]``. Needs no data; timings are
those of the machine at the time (noisy on a shared one).
"""

from __future__ import annotations

import argparse
import gzip
import time
from collections.abc import Callable

from scrapy.utils.gz import gunzip

from topten_crawler.faults import compressed_body_fault

PARAGRAPH = b"<p>The minister said on Tuesday that talks would resume after the holiday.</p>\n"


def per_page(function: Callable[[bytes], object], body: bytes, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        function(body)
    return (time.perf_counter() - start) / repeat


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    print(f"{'page':>9} {'gzipped':>9} {'gunzip':>9} {'check':>9} {'check/gunzip':>13}")
    for size in (30_000, 100_000, 300_000):
        page = PARAGRAPH * (size // len(PARAGRAPH))
        body = gzip.compress(page)
        inflate = per_page(gunzip, body, args.repeat)
        check = per_page(lambda b: compressed_body_fault(b, ["gzip"], 0), body, args.repeat)
        print(
            f"{len(page):>9,} {len(body):>9,} {inflate * 1e6:>7.0f}µs {check * 1e6:>7.0f}µs"
            f" {check / inflate:>12.2f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
