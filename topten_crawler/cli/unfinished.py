"""A crawl that a kill interrupted: continued by the next crawl, or closed with ``--fresh``.

Both begin by mending the crawl's files, so that whatever happens next, what it archived
reads cleanly: each ``.warc.gz.open`` file loses its torn tail and gets its final name
(``archive.repair``), each JSON lines file loses a torn last line (``crawlfolder.resume``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from topten_crawler.archive.readback import warcinfo_seeds
from topten_crawler.archive.repair import close_open_warcs
from topten_crawler.crawlfolder.folder import CrawlFolder
from topten_crawler.crawlfolder.manifest import (
    Verdict,
    build_manifest,
    file_entries,
    write_json_atomically,
)
from topten_crawler.crawlfolder.resume import (
    archived_anything,
    mend_jsonl_files,
    note_resume,
    started_at,
    unfinished_crawls,
)
from topten_crawler.crawlfolder.run import utc_now


def mend(folder: CrawlFolder) -> dict[str, Any]:
    """Close the open WARC files and cut torn lines; what was cut, for the record."""
    repairs = close_open_warcs(folder.warc_dir) if folder.warc_dir.is_dir() else []
    return {
        "warc_files_closed": [repair.as_dict(folder.path) for repair in repairs],
        "warc_bytes_cut": sum(repair.cut_bytes for repair in repairs),
        "jsonl_bytes_cut": mend_jsonl_files(folder),
    }


def abandon(folder: CrawlFolder, why: str) -> None:
    """Give a mended unfinished crawl a manifest that says it was not finished."""
    stats = {"finish_reason": "abandoned"}
    manifest = build_manifest(
        crawl_id=folder.path.name,
        seeds=[],
        started_at=started_at(folder.path.name, utc_now()),
        finished_at=utc_now(),
        stats=stats,
        settings={},
        files=file_entries(folder.path),
        failures=[],
        verdict=Verdict(problems=[f"the crawl did not finish: {why}"]),
    )
    write_json_atomically(folder.manifest_file, manifest)


def seeds_of(folder: CrawlFolder) -> list[str]:
    """The seeds an unfinished crawl was started with: its ``seeds.txt``, else (a crawl
    folder from before that file) its first warcinfo record."""
    seeds = folder.read_seeds()
    if seeds is not None:
        return seeds
    warcs = folder.closed_warcs()
    return warcinfo_seeds(warcs[0]) if warcs else []


def continue_or_abandon(
    output_dir: Path, crawl_id: str, seeds: list[str], *, fresh: bool
) -> tuple[CrawlFolder | None, dict[str, Any]]:
    """The unfinished crawl to continue (mended and noted), and its resume details.

    Only a crawl of the same seeds is continued (the same command, run again), or one killed
    before it wrote its seeds or anything else (nothing in it can differ): ``crawl_id``
    (``-s TOPTEN_CRAWL_ID``) picks one, else the newest. With ``fresh``, those crawls are
    closed as abandoned instead, and a new crawl starts. Unfinished crawls of other seeds are
    mended and left as they are. The caller holds the archive folder's lock.
    """
    same_seeds = []
    for folder in unfinished_crawls(output_dir):
        details = mend(folder)
        started_with = seeds_of(folder)
        if sorted(started_with) == sorted(seeds) or not (started_with or archived_anything(folder)):
            same_seeds.append((folder, details))
    if fresh:
        for folder, _ in same_seeds:
            abandon(folder, "a later crawl of the same seeds was started with --fresh")
        return None, {}
    if crawl_id:
        same_seeds = [(folder, d) for folder, d in same_seeds if folder.path.name == crawl_id]
    if not same_seeds:
        return None, {}
    folder, details = same_seeds[-1]
    note_resume(folder, details)
    return folder, details
