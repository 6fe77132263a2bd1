"""One archive folder crawled over three days of the replica, shared by the session.

Day 0, day 1 (new, edited and deleted posts, dying and changing sources, a host going down,
new boilerplate on every page), and day 1 again (nothing changed), each crawled into the same
archive folder on the same ports (``ReplicaServer.set_day``). ``tests/conftest.py`` makes it
once (``over_time``); the tests of the archive over time, of re-extraction, of the exports, of
the history and of link rot read it, and copy it before writing anything beside it. Beside the
crawls it keeps what the replica says of its days: its posts and sources, the events of day 1,
and which posts' related cards moved.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from topten_crawler.crawlfolder.state import STATE_FILENAME, CrawlState
from topten_crawler.replica import (
    DayEvents,
    ExpectedPost,
    ExpectedSource,
    LinkResolver,
    ReplicaServer,
    build_content,
)

POSTS = 30
OPTIONS = (
    "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
    "-s", "TOPTEN_ALLOW_PRIVATE_ADDRESSES=True",
    "-s", "DOWNLOAD_TIMEOUT=3", "-s", "TOPTEN_SOURCE_TIMEOUT=3",
)  # fmt: skip
CRAWLS = ("1-day0", "2-day1", "3-day1-again")
# The replica's day of each crawl.
DAYS = {CRAWLS[0]: 0, CRAWLS[1]: 1, CRAWLS[2]: 1}


@dataclass
class Crawl:
    folder: Path
    result: subprocess.CompletedProcess[str]
    records: list[dict[str, Any]]
    manifest: dict[str, Any]

    def by_url(self, kind: str) -> dict[str, dict[str, Any]]:
        return {r["url"]: r for r in self.records if r["type"] == kind}

    @property
    def stats(self) -> dict[str, Any]:
        stats: dict[str, Any] = self.manifest["stats"]
        return stats


@dataclass
class OverTime:
    archive: Path
    base_url: str  # the replica's digest site, as the crawls' seeds name it
    crawls: dict[str, Crawl]
    expected: dict[str, dict[str, set[str]]]  # the replica's changes from day 0 to day 1
    live_state: dict[str, list[tuple[Any, ...]]]
    # What the replica served each day: its posts (citations included) and its sources.
    posts: dict[int, list[ExpectedPost]]
    sources: dict[int, list[ExpectedSource]]
    events: DayEvents  # what happened on day 1
    links: LinkResolver  # the replica's URLs (its ports, now closed)
    post_urls: dict[int, dict[str, str]]  # by day: post key -> URL
    related_moved: set[str]  # posts whose related cards changed on day 1 (the deleted one's)

    def sources_by_url(self, day: int) -> dict[str, ExpectedSource]:
        return {source.url: source for source in self.sources[day]}


def crawl(server: ReplicaServer, archive: Path, crawl_id: str) -> Crawl:
    result = subprocess.run(
        [sys.executable, "-m", "topten_crawler", "crawl", server.base_url, "--out", str(archive),
         *OPTIONS, "-s", f"TOPTEN_CRAWL_ID={crawl_id}"],
        cwd=archive, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    folder = archive / crawl_id
    lines = (folder / "records.jsonl").read_text(encoding="utf-8").splitlines()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return Crawl(folder, result, [json.loads(line) for line in lines], manifest)


def crawl_over_time(archive: Path) -> OverTime:
    """The three crawls of the replica into ``archive``."""
    crawls = {}
    with ReplicaServer(build_content(POSTS), slow_seconds=1) as server:
        for crawl_id in CRAWLS:
            server.set_day(DAYS[crawl_id])
            crawls[crawl_id] = crawl(server, archive, crawl_id)
        expected = server.expected_changes(0, 1, download_timeout=3)
        base_url = server.base_url
        days = sorted(set(DAYS.values()))
        posts = {day: server.expected_posts(day) for day in days}
        sources = {day: server.expected_sources(download_timeout=3, day=day) for day in days}
        post_urls = {
            day: {p.key: server.url(p.path) for p in server.timeline.content(day).posts}
            for day in days
        }
        events, links = server.events(1), server.links
        day0, day1 = server.timeline.content(0), server.timeline.content(1)
        related_moved = {
            post_urls[0][p.key]
            for p in day0.posts
            if day1.has_post(p.key) and day1.post(p.key).related_cards != p.related_cards
        }
    store = CrawlState.at(archive / STATE_FILENAME)
    live = store.dump()
    store.close()
    return OverTime(
        archive, base_url, crawls, expected, live, posts, sources, events, links, post_urls,
        related_moved,
    )  # fmt: skip
