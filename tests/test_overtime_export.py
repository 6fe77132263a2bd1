"""The dataset and the citation graph of an archive made by hand: two crawls, an edit, a
deleted post and a source that died."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pyarrow.parquet as pq
import pytest

from tests.helpers.archive_folders import write_crawl
from topten_crawler.cli import main

SITE = "https://foreigndesknews.com"
P1, P2 = f"{SITE}/world/harbour-strike/", f"{SITE}/world/port-reopens/"
S1 = "https://ledger.example/2026/11/harbour-strike"
S2 = "https://ledger.example/2026/11/port-opens"
TEXT = "Dockers stopped work at dawn. The port was closed all day. Ships waited offshore."


def post(url: str, title: str, cites: list[tuple[str, str]], when: str, **more: Any) -> Any:
    return {
        "type": "post", "url": url, "crawl_id": when[:10], "fetched_at": when, "status": 200,
        "error": None, "title": title, "published": "2026-11-20T08:00:00-05:00",
        "text": TEXT, "citations": [{"url": u, "text": t} for u, t in cites],
        "categories": ["World"], "warc": {"file": "warc/a.warc.gz", "offset": 0, "record_id": "x"},
        **more,
    }  # fmt: skip


def source(url: str, when: str, cited_by: list[str], **more: Any) -> Any:
    record = {
        "type": "source", "url": url, "final_url": url, "cited_by": cited_by, "fetched_at": when,
        "crawl_id": when[:10], "status": 200, "error": None, "title": "Harbour strike",
        "text": TEXT, "content_type": "text/html",
    }  # fmt: skip
    record.update(more)
    return record


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    day1, day2 = "2026-11-20T06:00:00Z", "2026-11-21T06:00:00Z"
    write_crawl(
        tmp_path,
        "20261120T060000Z-aaaa",
        [
            post(P1, "Harbour strike", [(S1, "the Ledger reported"), (S2, "Read More")], day1),
            post(P2, "Port reopens", [(S1, "as reported")], day1),
            source(S1, day1, [P1, P2]),
            source(S2, day1, [P1]),
        ],
        started_at=day1,
    )
    write_crawl(
        tmp_path,
        "20261121T060000Z-bbbb",
        [
            post(P1, "Harbour strike ends", [(S1, "the Ledger reported"), (S2, "Read More")], day2),
            post(P2, None, [], day2, error="http_404", status=404, text=""),  # type: ignore[arg-type]
            source(S1, day2, [P1]),
            source(S2, day2, [P1], status=404, error="http_404", title=None, text=""),
        ],
        started_at=day2,
    )
    return tmp_path


def rows_of(path: Path) -> dict[str, dict[str, Any]]:
    return {row["url"]: row for row in map(json.loads, path.read_text("utf-8").splitlines())}


def test_dataset_gives_each_urls_latest_state(archive: Path) -> None:
    assert main(["export", str(archive)]) == 0
    rows = rows_of(archive / "dataset.jsonl")
    assert list(rows) == [P1, P2, S1, S2]  # posts, then sources, by URL
    assert rows[P1]["title"] == "Harbour strike ends"
    assert (rows[P1]["version"], rows[P1]["first_seen"], rows[P1]["last_seen"]) == (
        2, "2026-11-20T06:00:00Z", "2026-11-21T06:00:00Z"
    )  # fmt: skip
    assert (rows[P2]["error"], rows[P2]["version"]) == ("http_404", 1)
    assert rows[P1]["linkrot_state"] is None
    assert rows[S1]["linkrot_state"] == "alive"
    # One failure, a day after the last good check: not dead before a second one.
    assert rows[S2]["linkrot_state"] == "failing"
    assert (rows[S2]["version"], rows[S2]["status"]) == (1, 404)


def test_parquet_and_csv_hold_the_same_rows(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for file_format in ("jsonl", "parquet", "csv"):
        assert main(["export", str(archive), "--out", str(out), "--format", file_format]) == 0
    rows = rows_of(out / "dataset.jsonl")
    table = pq.read_table(out / "dataset.parquet")
    assert table.schema.field("version").type == "int64"
    citation = table.schema.field("citations").type.value_type
    assert [field.name for field in citation] == ["url", "text"]
    assert {row["url"]: row for row in table.to_pylist()} == rows
    with (out / "dataset.csv").open(encoding="utf-8", newline="") as stream:
        cells = {row["url"]: row for row in csv.DictReader(stream)}
    assert json.loads(cells[P1]["citations"]) == rows[P1]["citations"]
    assert cells[P1]["version"] == "2" and cells[P1]["linkrot_state"] == ""


def test_graph_of_posts_sources_and_outlets(archive: Path) -> None:
    assert main(["export", str(archive), "--graph", "graphml"]) == 0
    assert not (archive / "dataset.jsonl").exists()  # --graph alone: the graph only
    graph = nx.read_graphml(archive / "graph.graphml")
    kinds = {node: data["kind"] for node, data in graph.nodes(data=True)}
    assert kinds == {P1: "post", P2: "post", S1: "source", S2: "source", "ledger.example": "outlet"}
    cites = {(u, v): d["text"] for u, v, d in graph.edges(data=True) if d["kind"] == "cites"}
    # The deleted post keeps what it cited when it last answered.
    assert cites == {
        (P1, S1): "the Ledger reported", (P1, S2): "Read More", (P2, S1): "as reported"
    }  # fmt: skip
    published_by = {u for u, v, d in graph.edges(data=True) if d["kind"] == "published_by"}
    assert published_by == {S1, S2}
    outlet = graph.nodes["ledger.example"]
    assert (outlet["sources"], outlet["citations"], outlet["posts"]) == (2, 3, 2)
    assert outlet["first_cited"] == "2026-11-20T08:00:00-05:00"
    assert graph.nodes[S1]["cited_by"] == 2 and graph.nodes[S2]["linkrot_state"] == "failing"
    assert graph.nodes[P2]["error"] == "http_404" and graph.nodes[P2]["title"] == "Port reopens"
    assert graph.nodes[P1]["version"] == 2


def test_graph_as_csv(archive: Path) -> None:
    assert main(["export", str(archive), "--graph", "csv", "--format", "csv"]) == 0
    with (archive / "graph-edges.csv").open(encoding="utf-8", newline="") as stream:
        edges = list(csv.DictReader(stream))
    assert sorted((e["source"], e["target"], e["kind"]) for e in edges) == sorted(
        [(P1, S1, "cites"), (P1, S2, "cites"), (P2, S1, "cites"),
         (S1, "ledger.example", "published_by"), (S2, "ledger.example", "published_by")]
    )  # fmt: skip
    with (archive / "graph-nodes.csv").open(encoding="utf-8", newline="") as stream:
        nodes = {row["id"]: row for row in csv.DictReader(stream)}
    assert nodes["ledger.example"]["kind"] == "outlet"
    assert (archive / "dataset.csv").is_file()


def test_export_refuses_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path)]) == 1  # no crawl in it
    assert "no crawl folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(tmp_path), "--format", "xlsx"])
    assert exit_info.value.code == 2
