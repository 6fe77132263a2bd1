"""Time to read a page of many links, by number of links: the digest's link reading and post
extraction (bounded at TOPTEN_MAX_LINKS_PER_PAGE, linear), and a cited source's extraction.

    .venv/bin/python benchmarks/link_reading.py [--links 10000 20000 40000 80000] [--sources]

Prints seconds and microseconds per link for each size; a linear step shows a flat
microseconds-per-link column. ``--sources`` also times ``extract_source`` on a cited page of
as many links (trafilatura's pruning step: its ``//p//text()`` over the text nodes that
stripping the links leaves side by side grows with the square of their number). Timings are
noisy on a busy machine: run it on a quiet one.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial

from scrapy.http import HtmlResponse

from topten_crawler.items import Capture
from topten_crawler.pages.links import page_links
from topten_crawler.pages.post import PostPage
from topten_crawler.pages.source import extract_source
from topten_crawler.settings import TOPTEN_MAX_LINKS_PER_PAGE
from topten_crawler.urls import DigestSite

SITE = DigestSite.from_seed("http://digest.example/")


def post_of(links: int) -> bytes:
    anchors = "".join(
        f'<a href="https://outlet{n % 50}.example/s/{n}">{n}</a> ' for n in range(links)
    )
    return (
        '<html><body class="single single-post"><div class="entry-content">'
        f"<p>Opening words.</p><p>{anchors}</p></div></body></html>"
    ).encode()


def timed(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def read_post(body: bytes) -> None:
    url = "http://digest.example/world/a-post/"
    response = HtmlResponse(url, body=body, encoding="utf-8")
    page = PostPage.from_response(response, SITE, TOPTEN_MAX_LINKS_PER_PAGE)
    page.to_record(Capture(crawl_id="c", fetched_at="2026-01-01T00:00:00Z", url=url, status=200))
    page_links(url, response.selector.root, TOPTEN_MAX_LINKS_PER_PAGE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, nargs="+", default=[10_000, 20_000, 40_000, 80_000])
    parser.add_argument("--sources", action="store_true", help="time source extraction too")
    args = parser.parse_args()
    print(
        f"{'links':>8} {'post s':>8} {'us/link':>8}"
        + (f" {'source s':>9} {'us/link':>8}" * args.sources)
    )
    headers = {"Content-Type": "text/html"}
    for links in args.links:
        body = post_of(links)
        post = timed(partial(read_post, body))
        line = f"{links:>8} {post:>8.2f} {post / links * 1e6:>8.1f}"
        if args.sources:
            source = timed(partial(extract_source, "https://o.example/a", body, headers))
            line += f" {source:>9.2f} {source / links * 1e6:>8.1f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
