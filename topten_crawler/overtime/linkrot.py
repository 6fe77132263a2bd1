"""What became of every cited URL across the crawls of an archive folder.

Each crawl whose posts cite a URL checks it once: its source record says what the URL answered
(``status``, ``error``, ``final_url``, the extracted text). A check is in one of the states

- ``alive``: it answered 200 with the page that was cited;
- ``gone`` (404, 410, any other 4xx), ``server_error``, ``dns``, ``connection``, ``timeout``;
- ``soft_404``: 200, but redirected to the outlet's home page or to a generic "not found" page;
- ``drifted``: 200, but less than half of its text's sentences are the first good capture's;
- ``unchecked``: the crawler was not allowed to ask (robots.txt, a private address).

A URL's ``state`` is its last check's, with one rule for the dead ones (every state but
``alive`` and ``unchecked``): a URL is dead only once it failed in at least two crawls at least
``confirm_days`` apart with no good check between (InternetArchiveBot checks three times, three
days apart); until then it is ``failing``, and ``cause`` names the state it is heading for. A
crawl's time is its start (:attr:`ArchivedCrawl.started_at`), so the rule can be tested with
crawls dated as a test likes.

:func:`link_states` gives another command (``export``) each URL's state.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from topten_crawler.overtime.crawls import ArchivedCrawl, CrawlRecord, parse_time
from topten_crawler.overtime.sentences import shared_share
from topten_crawler.rules.overtime import (
    DRIFT_SHARED_SENTENCES,
    ERROR_STATES,
    NOT_FOUND_PAGE,
    NOT_FOUND_TEXT_CHARS,
)

DEFAULT_CONFIRM_DAYS = 3
ALIVE = "alive"
UNCHECKED = "unchecked"
FAILING = "failing"
DEAD_STATES = ("gone", "server_error", "dns", "connection", "timeout", "soft_404", "drifted")
STATES = (ALIVE, FAILING, *DEAD_STATES, UNCHECKED)


def outlet_of(url: str) -> str:
    """The outlet a cited URL belongs to: its host, lower-cased."""
    return (urlsplit(url).hostname or "").lower()


@dataclass(frozen=True)
class Check(CrawlRecord):
    """One crawl's check of a cited URL: its source record, and the state it says."""

    state: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "crawl_id": self.crawl.crawl_id,
            "captured_at": self.captured_at,
            "status": self.record.get("status"),
            "error": self.record.get("error"),
            "final_url": self.record.get("final_url"),
            "state": self.state,
        }


@dataclass
class CitedUrl:
    """One cited URL across the archive."""

    url: str
    checks: list[Check] = field(default_factory=list)
    cited_by: set[str] = field(default_factory=set)
    first_cited: str | None = None  # the earliest publication of a post citing it
    state: str = UNCHECKED
    cause: str | None = None  # for a URL failing: the state it is heading for

    @property
    def outlet(self) -> str:
        return outlet_of(self.url)

    @property
    def good_checks(self) -> list[Check]:
        return [check for check in self.checks if check.state == ALIVE]

    @property
    def last_good(self) -> Check | None:
        good = self.good_checks
        return good[-1] if good else None

    @property
    def dead(self) -> bool:
        return self.state in DEAD_STATES

    def as_dict(self) -> dict[str, Any]:
        good = self.good_checks
        out: dict[str, Any] = {
            "url": self.url,
            "outlet": self.outlet,
            "cited_by": sorted(self.cited_by),
            "first_cited": self.first_cited,
            "first_ok": good[0].captured_at if good else None,
            "last_ok": good[-1].captured_at if good else None,
            "history": [check.as_dict() for check in self.checks],
            "state": self.state,
        }
        if self.cause is not None:
            out["cause"] = self.cause
        return out


def check_state(record: Mapping[str, Any], first_good: Mapping[str, Any] | None) -> str:
    """The state one source record says its URL is in; ``first_good``: the URL's first
    ``alive`` record, against which the text is compared (None: this one would be it)."""
    error = record.get("error")
    status = record.get("status")
    if error:
        state = ERROR_STATES.get(str(error))
        if state is not None:
            return state
        if isinstance(status, int) and 400 <= status < 500:
            return "gone"
        if isinstance(status, int) and status >= 500:
            return "server_error"
        return UNCHECKED
    if isinstance(status, int) and 400 <= status < 500:
        return "gone"
    if isinstance(status, int) and status >= 500:
        return "server_error"
    if is_soft_404(record):
        return "soft_404"
    if first_good is not None:
        share = shared_share(_text(record), _text(first_good))
        if share < DRIFT_SHARED_SENTENCES:
            return "drifted"
    return ALIVE


def is_soft_404(record: Mapping[str, Any]) -> bool:
    """A 200 that is the outlet's home page (a redirect from an article to ``/``) or a page
    whose title or first lines say "not found"."""
    cited, final = urlsplit(str(record.get("url") or "")), str(record.get("final_url") or "")
    landed = urlsplit(final)
    if final and landed.path in ("", "/") and not landed.query and cited.path not in ("", "/"):
        return True
    words = f"{record.get('title') or ''}\n{_text(record)[:NOT_FOUND_TEXT_CHARS]}"
    return bool(NOT_FOUND_PAGE.search(words))


def _text(record: Mapping[str, Any]) -> str:
    return str(record.get("text") or "")


def judge(cited: CitedUrl, confirm_days: float) -> None:
    """Set ``cited.state`` (and ``cause``) from its checks, by the confirmation rule."""
    if not cited.checks:
        cited.state, cited.cause = UNCHECKED, None
        return
    last = cited.checks[-1]
    if last.state not in DEAD_STATES:
        cited.state, cited.cause = last.state, None
        return
    failing = []
    for check in reversed(cited.checks):
        if check.state == ALIVE:
            break
        if check.state in DEAD_STATES:
            failing.append(check)
    first, latest = failing[-1].crawl.started_at, failing[0].crawl.started_at
    confirmed = len(failing) >= 2 and latest - first >= timedelta(days=confirm_days)
    if confirmed:
        cited.state, cited.cause = last.state, None
    else:
        cited.state, cited.cause = FAILING, last.state


def track_links(
    crawls: Iterable[ArchivedCrawl], *, confirm_days: float = DEFAULT_CONFIRM_DAYS
) -> list[CitedUrl]:
    """Every cited URL of ``crawls`` (oldest first) with its checks and state, by URL."""
    cited: dict[str, CitedUrl] = {}
    published: dict[str, datetime] = {}
    for crawl in crawls:
        for record in crawl.records():
            kind = record.get("type")
            if kind == "post":
                moment = parse_time(record.get("published"))
                if moment is not None:
                    published[str(record["url"])] = moment
                continue
            if kind != "source":
                continue
            url = str(record.get("url"))
            entry = cited.setdefault(url, CitedUrl(url))
            entry.cited_by.update(str(post) for post in record.get("cited_by") or ())
            good = entry.good_checks
            state = check_state(record, good[0].record if good else None)
            entry.checks.append(Check(crawl, record, state))
    for entry in cited.values():
        dates = [published[post] for post in entry.cited_by if post in published]
        first_check = parse_time(entry.checks[0].captured_at) if entry.checks else None
        first = min(dates) if dates else first_check
        entry.first_cited = first.isoformat() if first is not None else None
        judge(entry, confirm_days)
    return [cited[url] for url in sorted(cited)]


def link_states(
    crawls: Iterable[ArchivedCrawl], *, confirm_days: float = DEFAULT_CONFIRM_DAYS
) -> dict[str, str]:
    """Each cited URL's state (``failing`` included), by URL: what ``export`` records."""
    return {entry.url: entry.state for entry in track_links(crawls, confirm_days=confirm_days)}
