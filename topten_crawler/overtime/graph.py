"""The archive's citation graph: which posts cite which sources, published by which outlets.

Nodes are posts (id: the post's URL), sources (the cited URL) and outlets (the cited URL's
host, as ``linkrot`` names it). Edges are ``cites``, one per citation of a post (post to
source, with the link's text; a post's citations are those of its last record that answered,
so a deleted post keeps what it cited), and ``published_by`` (source to outlet). Node
attributes count and date:

- post: ``title``, ``published``, ``first_seen``, ``last_seen``, ``version``, ``error`` (of
  its latest record: a deleted post is ``gone`` with its reason), ``citations``;
- source: ``title``, ``outlet``, ``status``, ``error``, ``first_seen``, ``last_seen``,
  ``linkrot_state``, ``cited_by`` (how many posts cite it);
- outlet: ``sources``, ``citations``, ``posts`` (how many cite it), ``first_cited`` and
  ``last_cited`` (the publication dates of the first and the last post citing it).

Written as GraphML (networkx, Gephi, yEd and Cytoscape read it) or as two CSV files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from topten_crawler.overtime.export import RecordOverTime, write_csv
from topten_crawler.overtime.linkrot import outlet_of

GRAPH_FORMATS = ("graphml", "csv")
GRAPHML_NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
# Every node attribute with its GraphML type; a node lists those it has.
NODE_ATTRIBUTES = {
    "kind": "string",
    "title": "string",
    "published": "string",
    "first_seen": "string",
    "last_seen": "string",
    "version": "long",
    "error": "string",
    "citations": "long",
    "outlet": "string",
    "status": "long",
    "linkrot_state": "string",
    "cited_by": "long",
    "sources": "long",
    "posts": "long",
    "first_cited": "string",
    "last_cited": "string",
}
EDGE_ATTRIBUTES = {"kind": "string", "text": "string"}


@dataclass
class CitationGraph:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    def node(self, node_id: str, kind: str) -> dict[str, Any]:
        return self.nodes.setdefault(node_id, {"kind": kind})


def citation_graph(
    histories: Sequence[RecordOverTime], link_states: Mapping[str, str]
) -> CitationGraph:
    """The graph of the posts and sources in ``histories`` (``export.records_by_url``)."""
    graph = CitationGraph()
    sources = {h.url: h for h in histories if h.kind == "source"}
    citing: dict[str, set[str]] = {}
    cited_times: dict[str, int] = {}  # per outlet: how many citations point at its sources
    for post in (h for h in histories if h.kind == "post"):
        said = post.last_good or post.latest
        citations = said.get("citations") or []
        node = graph.node(post.url, "post")
        node.update(_seen(post), title=said.get("title"), published=said.get("published"))
        node.update(error=post.latest.get("error"), citations=len(citations))
        for citation in citations:
            url = citation["url"]
            graph.edges.append((post.url, url, {"kind": "cites", "text": citation["text"]}))
            citing.setdefault(url, set()).add(post.url)
            cited_times[outlet_of(url)] = cited_times.get(outlet_of(url), 0) + 1
    published = {url: node.get("published") for url, node in graph.nodes.items()}
    outlet_posts: dict[str, set[str]] = {}
    for url, posts in citing.items():
        outlet = outlet_of(url)
        node = graph.node(url, "source")
        node.update(outlet=outlet, cited_by=len(posts), linkrot_state=link_states.get(url))
        history = sources.get(url)
        if history is not None:
            said = history.last_good or history.latest
            node.update(_seen(history), title=said.get("title"))
            node.update(status=history.latest.get("status"), error=history.latest.get("error"))
        graph.edges.append((url, outlet, {"kind": "published_by"}))
        outlet_node = graph.node(outlet, "outlet")
        outlet_node["sources"] = outlet_node.get("sources", 0) + 1
        outlet_posts.setdefault(outlet, set()).update(posts)
    for outlet, posts in outlet_posts.items():
        dates = sorted(str(published[post]) for post in posts if published.get(post))
        graph.nodes[outlet].update(
            posts=len(posts),
            citations=cited_times[outlet],
            first_cited=dates[0] if dates else None,
            last_cited=dates[-1] if dates else None,
        )
    return graph


def _seen(history: RecordOverTime) -> dict[str, Any]:
    return {
        "first_seen": history.records[0].get("fetched_at"),
        "last_seen": history.latest.get("fetched_at"),
        "version": history.versions,
    }


def write_graph(graph: CitationGraph, out: Path, graph_format: str) -> list[Path]:
    """Write the graph into the folder ``out``: ``graph.graphml``, or ``graph-nodes.csv`` and
    ``graph-edges.csv``; returns the files written."""
    if graph_format == "graphml":
        path = out / "graph.graphml"
        write_graphml(graph, path)
        return [path]
    if graph_format != "csv":
        raise ValueError(
            f"unknown graph format {graph_format!r}: one of {', '.join(GRAPH_FORMATS)}"
        )
    nodes, edges = out / "graph-nodes.csv", out / "graph-edges.csv"
    write_csv(
        ({"id": node_id, **attributes} for node_id, attributes in graph.nodes.items()),
        nodes,
        ["id", *NODE_ATTRIBUTES],
    )
    write_csv(
        (
            {"source": source, "target": target, **attributes}
            for source, target, attributes in graph.edges
        ),
        edges,
        ["source", "target", *EDGE_ATTRIBUTES],
    )
    return [nodes, edges]


def write_graphml(graph: CitationGraph, path: Path) -> None:
    root = ElementTree.Element("graphml", xmlns=GRAPHML_NAMESPACE)
    keys: dict[tuple[str, str], str] = {}
    for scope, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        for name, kind in attributes.items():
            key = keys[(scope, name)] = f"{scope[0]}_{name}"
            ElementTree.SubElement(
                root, "key", {"id": key, "for": scope, "attr.name": name, "attr.type": kind}
            )
    body = ElementTree.SubElement(root, "graph", id="citations", edgedefault="directed")
    for node_id, attributes in graph.nodes.items():
        _data(ElementTree.SubElement(body, "node", id=node_id), attributes, keys, "node")
    for number, (source, target, attributes) in enumerate(graph.edges):
        edge = ElementTree.SubElement(body, "edge", id=f"e{number}", source=source, target=target)
        _data(edge, attributes, keys, "edge")
    ElementTree.indent(root)
    temporary = path.with_name(f".{path.name}.part")
    try:
        ElementTree.ElementTree(root).write(temporary, encoding="utf-8", xml_declaration=True)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def _data(
    element: ElementTree.Element,
    attributes: Mapping[str, Any],
    keys: Mapping[tuple[str, str], str],
    scope: str,
) -> None:
    for name, value in attributes.items():
        if value is not None:
            ElementTree.SubElement(element, "data", key=keys[(scope, name)]).text = str(value)
