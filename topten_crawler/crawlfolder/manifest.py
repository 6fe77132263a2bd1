"""The crawl's manifest: what was crawled, how, what came of it, and whether it succeeded.

Pure functions: the report extension feeds them the crawl's stats; the command line reads the
manifest back to set its exit status, so that a scheduled job can tell a failed crawl.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from topten_crawler import __version__
from topten_crawler.crawlfolder.files import write_atomically
from topten_crawler.crawlfolder.folder import CrawlFolder

MANIFEST_FORMAT = "topten-crawler/manifest/1"
# Finish reasons of a crawl that ran to its end or to a limit the user set.
GOOD_FINISH_REASONS = frozenset({"finished", "max_posts"})
GOOD_FINISH_PREFIXES = ("closespider_",)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_entries(
    directory: Path, exclude: Iterable[str] = (CrawlFolder.MANIFEST, CrawlFolder.LOG)
) -> list[dict[str, Any]]:
    """Every file under the crawl folder with its size and SHA-256, sorted by path."""
    excluded = set(exclude)
    entries = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        relative = path.relative_to(directory).as_posix()
        if relative in excluded:
            continue
        entries.append({"path": relative, "size": path.stat().st_size, "sha256": sha256_of(path)})
    return entries


def json_safe(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [json_safe(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def stat_sum(stats: Mapping[str, Any], prefix: str) -> int:
    return sum(int(v) for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int))


def stat_group(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    return {
        k[len(prefix) :]: int(v)
        for k, v in sorted(stats.items())
        if k.startswith(prefix) and isinstance(v, int)
    }


CHANGES = ("new", "changed", "unchanged", "gone")


def change_counts(stats: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """Posts and sources by how they compare with the archive's earlier crawls."""
    return {
        f"{kind}s": {
            change: int(stats.get(f"topten/changes/{kind}/{change}", 0)) for change in CHANGES
        }
        for kind in ("post", "source")
    }


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def judge(
    stats: Mapping[str, Any],
    files: list[dict[str, Any]],
    *,
    warc_enabled: bool,
    failures: list[dict[str, str]],
) -> Verdict:
    """Did the crawl succeed? Problems fail it; warnings are reported but do not."""
    verdict = Verdict()
    reason = str(stats.get("finish_reason", "unknown"))
    if reason not in GOOD_FINISH_REASONS and not reason.startswith(GOOD_FINISH_PREFIXES):
        verdict.problems.append(f"the crawl did not finish normally (finish reason: {reason})")
    if stats.get("topten/seed/failed"):
        seeds = [f"{f['url']} ({f['reason']})" for f in failures if f["kind"].endswith("/seed")]
        verdict.problems.append("seed unreachable: " + (", ".join(seeds) or "see stats"))
    posts = int(stats.get("topten/records/written/post", 0))
    if posts == 0:
        verdict.problems.append("no post was found")
    paths = {entry["path"]: entry for entry in files}
    records = paths.get(CrawlFolder.RECORDS)
    written = stat_sum(stats, "topten/records/written/")
    if records is None or (written and records["size"] == 0):
        verdict.problems.append(f"the records file {CrawlFolder.RECORDS} was not written")
    if CrawlFolder.PENDING_SOURCES in paths:
        verdict.problems.append(
            f"source records were left unwritten (they are kept in {CrawlFolder.PENDING_SOURCES})"
        )
    invalid = stat_sum(stats, "topten/records/invalid/")
    if invalid:
        verdict.problems.append(f"{invalid} records failed schema validation")
    if stats.get("topten/output/unwritable"):
        verdict.problems.append(
            f"the crawl's output could not be written: {stats['topten/output/unwritable']}"
        )
    if stats.get("topten/records/write_errors"):
        verdict.problems.append("records could not be written (see the log)")
    unwritable = stat_sum(stats, "topten/records/unwritable/")
    if unwritable:
        verdict.problems.append(f"{unwritable} records could not be written (see the log)")
    if warc_enabled:
        warcs = [p for p in paths if p.endswith(".warc.gz")]
        if not warcs:
            verdict.problems.append("no WARC file was written")
        if any(p.endswith(".open") for p in paths):
            verdict.problems.append("a WARC file was left open (.open suffix)")
        if stats.get("warc/errors"):
            verdict.problems.append(f"{stats['warc/errors']} exchanges could not be archived")
    if stats.get("topten/index/errors"):
        verdict.warnings.append("the CDXJ index could not be written (see the log)")
    callback_errors = stat_sum(stats, "spider_exceptions/")
    if callback_errors:
        verdict.problems.append(f"{callback_errors} pages raised errors in the spider")
    failed_pages = stat_sum(stats, "topten/errors/page/")
    if failed_pages:
        verdict.warnings.append(f"{failed_pages} pages of the site could not be fetched")
    dead_sources = stat_sum(stats, "topten/sources/error/")
    if dead_sources:
        verdict.warnings.append(f"{dead_sources} cited sources could not be fetched (see records)")
    cuts = stat_group(stats, "topten/cut/")
    if cuts:
        by_reason = ", ".join(f"{reason} {n}" for reason, n in cuts.items())
        verdict.warnings.append(f"links or pages not followed, by reason: {by_reason}")
    fallbacks = stat_sum(stats, "topten/extract/fallback/")
    if fallbacks:
        verdict.warnings.append(f"{fallbacks} fields came from visible markup, not metadata")
    return verdict


def build_manifest(
    *,
    crawl_id: str,
    seeds: list[str],
    started_at: datetime,
    finished_at: datetime,
    stats: Mapping[str, Any],
    settings: Mapping[str, Any],
    files: list[dict[str, Any]],
    failures: list[dict[str, str]],
    verdict: Verdict,
    cuts: list[dict[str, object]] | None = None,
) -> dict[str, Any]:
    return {
        "format": MANIFEST_FORMAT,
        "crawl_id": crawl_id,
        "ok": verdict.ok,
        "problems": verdict.problems,
        "warnings": verdict.warnings,
        "seeds": seeds,
        "started_at": started_at.isoformat(),
        "finished_at": finished_at.isoformat(),
        "finish_reason": stats.get("finish_reason"),
        "software": {
            "topten-crawler": __version__,
            "python": platform.python_version(),
            "host": platform.node(),
        },
        "settings": json_safe(dict(settings)),
        "counts": {
            "posts": int(stats.get("topten/records/written/post", 0)),
            "sources": int(stats.get("topten/records/written/source", 0)),
            "source_errors": stat_group(stats, "topten/sources/error/"),
            "records": stat_sum(stats, "topten/records/written/"),
            "invalid_records": stat_sum(stats, "topten/records/invalid/"),
            "responses": int(stats.get("downloader/response_count", 0)),
            "responses_by_status": stat_group(stats, "downloader/response_status_count/"),
            "failed_requests": stat_sum(stats, "topten/errors/"),
            "warc_exchanges": int(stats.get("warc/exchanges", 0)),
            "fallbacks": stat_group(stats, "topten/extract/fallback/"),
            "changes": change_counts(stats),
            "revisits": stat_group(stats, "warc/revisits/"),
            "warc_bytes": int(stats.get("warc/bytes", 0)),
            # What the WARC files would hold without revisits (a 304 counted as its 200).
            "warc_bytes_full": int(stats.get("warc/bytes_full", stats.get("warc/bytes", 0))),
            # Links and pages not followed on purpose (limits, traps), by reason.
            "cuts": stat_group(stats, "topten/cut/"),
        },
        "failures": failures,
        "cuts": cuts or [],
        "files": files,
        "stats": json_safe(dict(sorted(stats.items()))),
    }


def write_json_atomically(path: Path, data: Mapping[str, Any]) -> None:
    """``data`` as indented JSON, written whole or not at all (``files.write_atomically``)."""
    write_atomically(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def read_manifest(crawl_dir: Path) -> dict[str, Any]:
    path = CrawlFolder(crawl_dir).manifest_file
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
