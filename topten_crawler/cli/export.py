"""``topten-crawler export DIR``: the archive as a dataset and as a citation graph, offline."""

from __future__ import annotations

import argparse
from typing import Any

from topten_crawler.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    add_archive_reader_options,
    read_archive,
)

FORMATS = ("jsonl", "csv", "parquet")
GRAPH_FORMATS = ("graphml", "csv")
DATASET_NAME = "dataset"


def add_parser(commands: Any) -> None:
    export = commands.add_parser(
        "export",
        help="the latest state of every post and source as a dataset, and the citation graph",
        description=(
            "Read every crawl of an archive folder (never the network) and write the latest "
            "state of every post and source, one row each with first_seen, last_seen, version "
            "and linkrot_state (dataset.jsonl, .csv or .parquet), and/or the citation graph "
            "(graph.graphml, or graph-nodes.csv and graph-edges.csv). Without --format or "
            "--graph: dataset.jsonl."
        ),
    )
    add_archive_reader_options(export, "the dataset and the graph are")
    export.add_argument("--format", choices=FORMATS, default=None, help="the dataset's format")
    export.add_argument(
        "--graph", choices=GRAPH_FORMATS, default=None, help="also write the citation graph"
    )
    export.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from topten_crawler.overtime.export import latest_rows, records_by_url, write_dataset
    from topten_crawler.overtime.graph import citation_graph, write_graph
    from topten_crawler.overtime.linkrot import link_states

    reading = read_archive(args)
    if reading is None:
        return EXIT_FAILED
    reading.out.mkdir(parents=True, exist_ok=True)
    histories = records_by_url(reading.crawls)
    states = link_states(
        reading.crawls, confirm_days=reading.settings.getfloat("TOPTEN_LINKROT_CONFIRM_DAYS")
    )
    written = []
    file_format = args.format or ("jsonl" if args.graph is None else None)
    if file_format is not None:
        rows = latest_rows(histories, states)
        path = reading.out / f"{DATASET_NAME}.{file_format}"
        write_dataset(rows, path, file_format)
        written.append(f"{path} ({len(rows)} rows)")
    if args.graph is not None:
        graph = citation_graph(histories, states)
        paths = write_graph(graph, reading.out, args.graph)
        sizes = f"{len(graph.nodes)} nodes, {len(graph.edges)} edges"
        written.append(f"{', '.join(str(path) for path in paths)} ({sizes})")
    print(f"Exported {len(reading.crawls)} crawl(s):\n  " + "\n  ".join(written))
    return EXIT_OK
