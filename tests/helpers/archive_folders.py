"""Archive folders made by hand: crawl folders with the records and manifest a test gives.

For the commands that read an archive across time, without crawling: a crawl folder is
``records.jsonl`` and a (here empty) closed WARC file, with a ``manifest.json`` when asked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from topten_crawler.crawlfolder.folder import CrawlFolder


def write_crawl(
    archive: Path,
    crawl_id: str,
    records: Iterable[Mapping[str, Any]],
    *,
    started_at: str | None = None,
) -> CrawlFolder:
    """A crawl folder ``archive/<crawl_id>`` holding ``records``; a manifest when
    ``started_at`` is given (a crawl without one is a crawl that was killed)."""
    folder = CrawlFolder(archive / crawl_id)
    folder.warc_dir.mkdir(parents=True)
    (folder.warc_dir / "topten-1.warc.gz").write_bytes(b"")
    lines = [json.dumps(dict(record)) + "\n" for record in records]
    folder.records_file.write_text("".join(lines), encoding="utf-8")
    if started_at is not None:
        manifest = {"crawl_id": crawl_id, "started_at": started_at, "ok": True}
        folder.manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    return folder
