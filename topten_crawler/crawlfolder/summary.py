"""The few lines a crawl ends with on the terminal, read from its manifest.

Both ``topten-crawler crawl`` and ``scrapy crawl topten`` print them, so that the person (or
the scheduler's mail) sees the verdict, the counts and where the output is.
"""

from __future__ import annotations

from typing import Any

from topten_crawler.crawlfolder.folder import CrawlFolder


def summarize(
    folder: CrawlFolder, manifest: dict[str, Any] | None, *, unwritable: str | None = None
) -> str:
    """The closing lines; ``unwritable``: why the crawl's output could not be written."""
    if manifest is None and unwritable:
        return (
            f"Crawl FAILED: its output could not be written ({unwritable}); what it wrote "
            f"before is whole in {folder.path}, but it has no manifest."
        )
    if manifest is None:
        return (
            f"Crawl FAILED: no manifest was written in {folder.path} "
            f"(the crawl stopped before its end; its log is {folder.log_file})."
        )
    counts = manifest["counts"]
    warcs = [f for f in manifest["files"] if f["path"].endswith(".warc.gz")]
    if warcs:
        warc_line = f"    WARC:     {len(warcs)} file(s) under {folder.warc_dir}/"
    else:
        warc_line = "    WARC:     none written"
    lines = [
        f"Crawl {manifest['crawl_id']} {'succeeded' if manifest['ok'] else 'FAILED'} "
        f"({manifest['finish_reason']}).",
        f"  posts: {counts['posts']}   sources: {counts['sources']}   "
        f"records: {counts['records']}   "
        f"responses: {counts['responses']}   failed requests: {counts['failed_requests']}",
        f"  output: {folder.path}/",
        f"    records:  {folder.records_file}",
        warc_line,
        f"    manifest: {folder.manifest_file}",
        f"    log:      {folder.log_file}",
    ]
    lines += archive_lines(counts)
    lines += [f"  problem: {problem}" for problem in manifest["problems"]]
    lines += [f"  warning: {warning}" for warning in manifest["warnings"]]
    source_errors = counts.get("source_errors") or {}
    if source_errors:
        by_reason = ", ".join(f"{reason} {n}" for reason, n in sorted(source_errors.items()))
        lines.append(f"  cited sources not fetched, by reason: {by_reason}")
    return "\n".join(lines)


def archive_lines(counts: dict[str, Any]) -> list[str]:
    """What changed since the archive's earlier crawls, and what revisits saved (none for a
    manifest written before the archive kept a crawl state)."""
    changes = counts.get("changes")
    if not changes:
        return []
    lines = []
    for kind in ("posts", "sources"):
        by_change = changes.get(kind) or {}
        described = ", ".join(f"{change} {n}" for change, n in by_change.items())
        lines.append(f"  {kind} against the archive's earlier crawls: {described}")
    revisits = counts.get("revisits") or {}
    written, full = counts.get("warc_bytes", 0), counts.get("warc_bytes_full", 0)
    if revisits:
        described = ", ".join(f"{profile} {n}" for profile, n in sorted(revisits.items()))
        lines.append(f"  revisits: {described}")
    if full:
        lines.append(
            f"  WARC bytes: {written:,} written, {full:,} without revisits "
            f"({100 * written / full:.0f}%)"
        )
    return lines
