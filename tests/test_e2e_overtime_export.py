"""End to end: the exports of the three daily crawls (``over_time``) against the replica's truth.

The replica knows what it served each day: every post with its citations (URL and link text),
every source with its answer. The dataset is read back with pyarrow, the graph with networkx.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import networkx as nx
import pyarrow.parquet as pq
import pytest

from tests.helpers.over_time import CRAWLS, OverTime
from topten_crawler.cli import main

pytestmark = pytest.mark.e2e


def served_citations(over_time: OverTime) -> Counter[tuple[str, str, str]]:
    """(post, cited URL, link text) of each post as last served: a post deleted on day 1
    keeps its day-0 citations."""
    last: dict[str, list[dict[str, str]]] = {}
    for day in sorted(over_time.posts):
        last.update({post.url: post.citations for post in over_time.posts[day]})
    return Counter((post, c["url"], c["text"]) for post, cites in last.items() for c in cites)


@pytest.fixture(scope="module")
def exported(over_time: OverTime, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    archive = str(over_time.archive)
    assert main(["export", archive, "--out", str(out), "--format", "parquet"]) == 0
    assert main(["export", archive, "--out", str(out), "--graph", "graphml"]) == 0
    return out


def test_graph_matches_what_the_replica_served(over_time: OverTime, exported: Path) -> None:
    graph = nx.read_graphml(exported / "graph.graphml")
    truth = served_citations(over_time)
    kinds = Counter(data["kind"] for _, data in graph.nodes(data=True))
    posts = {post.url for day in over_time.posts.values() for post in day}
    assert {n for n, d in graph.nodes(data=True) if d["kind"] == "post"} == posts
    assert {n for n, d in graph.nodes(data=True) if d["kind"] == "source"} == {
        url for _, url, _ in truth
    }
    edges = list(graph.edges(data=True))  # (u, v, data) whether parallel edges made a multigraph
    cites = Counter((u, v, d["text"]) for u, v, d in edges if d["kind"] == "cites")
    assert cites == truth
    outlets = {u: v for u, v, d in edges if d["kind"] == "published_by"}
    assert outlets == {url: urlsplit(url).hostname for _, url, _ in truth}
    assert kinds["outlet"] == len(set(outlets.values())) > 1
    for outlet in set(outlets.values()):
        node = graph.nodes[outlet]
        assert node["sources"] == sum(1 for host in outlets.values() if host == outlet)
        assert node["citations"] == sum(
            n for (_, url, _), n in truth.items() if outlets[url] == outlet
        )
    cited_by = Counter(url for _, url in {(post, url) for post, url, _ in truth})
    for url, count in cited_by.items():
        assert graph.nodes[url]["cited_by"] == count, url


def test_dataset_holds_each_urls_latest_state(over_time: OverTime, exported: Path) -> None:
    rows = pq.read_table(exported / "dataset.parquet").to_pylist()
    keyed = {(row["type"], row["url"]): row for row in rows}
    assert len(keyed) == len(rows)
    records = [r for crawl in CRAWLS for r in over_time.crawls[crawl].records]
    assert set(keyed) == {(r["type"], r["url"]) for r in records}
    day1 = {post.url: post for post in over_time.posts[1]}
    first = over_time.crawls[CRAWLS[0]].by_url("post")
    last = over_time.crawls[CRAWLS[2]].by_url("post")
    for url, post in day1.items():
        row: dict[str, Any] = keyed[("post", url)]
        assert (row["title"], row["text"]) == (post.title, post.text), url
        assert row["last_seen"] == last[url]["fetched_at"]
        if url in first:
            assert row["first_seen"] == first[url]["fetched_at"]
        changed = url in over_time.expected["posts"]["changed"]
        assert row["version"] == (2 if changed else 1), url
        assert row["linkrot_state"] is None
    for url in over_time.expected["posts"]["gone"]:
        assert keyed[("post", url)]["error"], url
    sources = {s.url: s for s in over_time.sources[1]}
    states: Counter[str | None] = Counter()
    for (kind, url), row in keyed.items():
        if kind != "source":
            continue
        states[row["linkrot_state"]] += 1
        if url in sources and sources[url].error:
            assert row["linkrot_state"] != "alive", url
    assert states["alive"] > 0 and states["failing"] > 0
