"""How far a crawl has come, read from its stats: pure, so both progress forms share it.

On a terminal the crawl shows this as a live line; in a log (cron, systemd) as one entry every
``TOPTEN_PROGRESS_INTERVAL`` seconds. The counts are the crawl's own stats keys, so what the
progress says is what the manifest will count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def _stat(stats: Mapping[str, Any], key: str) -> int:
    value = stats.get(key, 0)
    return int(value) if isinstance(value, int | float) else 0


def _stat_sum(stats: Mapping[str, Any], prefix: str) -> int:
    return sum(_stat(stats, key) for key in stats if key.startswith(prefix))


def human_bytes(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def human_duration(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


@dataclass(frozen=True)
class Progress:
    elapsed: float
    posts_found: int
    posts_recorded: int
    sources_cited: int
    sources_fetched: int
    sources_failed: int
    # Requests waiting in the scheduler.
    queued: int
    responses: int
    # Responses per second since the previous reading (the whole crawl's rate at the first).
    pages_per_second: float
    warc_bytes: int

    @classmethod
    def from_stats(
        cls, stats: Mapping[str, Any], *, elapsed: float, previous: Progress | None = None
    ) -> Progress:
        responses = _stat(stats, "downloader/response_count")
        if previous is not None and elapsed > previous.elapsed:
            rate = (responses - previous.responses) / (elapsed - previous.elapsed)
        else:
            rate = responses / elapsed if elapsed > 0 else 0.0
        queued = _stat(stats, "scheduler/enqueued") - _stat(stats, "scheduler/dequeued")
        return cls(
            elapsed=elapsed,
            posts_found=_stat(stats, "topten/pages/post"),
            posts_recorded=_stat(stats, "topten/records/written/post"),
            sources_cited=_stat(stats, "topten/sources/cited"),
            sources_fetched=_stat(stats, "topten/sources/fetched"),
            sources_failed=_stat_sum(stats, "topten/sources/error/"),
            queued=max(queued, 0),
            responses=responses,
            pages_per_second=max(rate, 0.0),
            warc_bytes=_stat(stats, "warc/bytes"),
        )

    def line(self) -> str:
        """One line: ``posts 12 found, 10 recorded | sources 40 of 52 fetched, 3 failed | ...``."""
        return (
            f"posts {self.posts_found} found, {self.posts_recorded} recorded | "
            f"sources {self.sources_fetched} of {self.sources_cited} fetched, "
            f"{self.sources_failed} failed | queue {self.queued} | "
            f"{self.pages_per_second:.1f} pages/s | WARC {human_bytes(self.warc_bytes)} | "
            f"{human_duration(self.elapsed)}"
        )
