"""The files of ``history`` and ``linkrot``: JSON lines and HTML pages, each written whole."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from topten_crawler.crawlfolder.files import write_atomically
from topten_crawler.crawlfolder.jsonlines import to_json_line
from topten_crawler.overtime.crawls import ArchivedCrawl
from topten_crawler.overtime.history import RecordHistory, build_history
from topten_crawler.overtime.html import (
    history_index,
    history_page,
    history_page_name,
    linkrot_page,
)
from topten_crawler.overtime.linkrot import STATES, track_links


def history_summary(histories: Sequence[RecordHistory]) -> str:
    """One line: posts edited, silently edited and gone; sources changed."""
    posts = [h for h in histories if h.kind == "post"]
    sources = [h for h in histories if h.kind == "source"]
    return (
        f"{len(posts)} posts ({sum(1 for h in posts if h.changes)} edited, "
        f"{sum(1 for h in posts if h.silent_edit)} silent edits, "
        f"{sum(1 for h in posts if h.gone)} gone), {len(sources)} sources "
        f"({sum(1 for h in sources if h.changes)} changed)"
    )


def write_history(crawls: Sequence[ArchivedCrawl], path: Path) -> list[RecordHistory]:
    histories = build_history(crawls)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, "".join(to_json_line(h.as_dict()) for h in histories))
    return histories


def write_history_pages(histories: Sequence[RecordHistory], folder: Path, replay_base: str) -> int:
    """A page per edited post and an ``index.html`` of them; returns how many pages."""
    edited = [h for h in histories if h.kind == "post" and h.changes]
    folder.mkdir(parents=True, exist_ok=True)
    for history in edited:
        write_atomically(
            folder / history_page_name(history.url), history_page(history, replay_base)
        )
    write_atomically(folder / "index.html", history_index(edited))
    return len(edited)


def write_linkrot(
    crawls: Sequence[ArchivedCrawl],
    path: Path,
    page: Path,
    *,
    confirm_days: float,
    replay_base: str,
) -> Counter[str]:
    """``linkrot.jsonl`` and ``linkrot.html``; returns the URLs by state."""
    entries = track_links(crawls, confirm_days=confirm_days)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, "".join(to_json_line(entry.as_dict()) for entry in entries))
    now = crawls[-1].started_at.isoformat() if crawls else ""
    write_atomically(page, linkrot_page(entries, now, replay_base))
    counts = Counter(entry.state for entry in entries)
    return Counter({state: counts[state] for state in STATES if counts[state]})
