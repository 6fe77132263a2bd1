"""Every post's and source's versions across the crawls of an archive folder, and what changed.

A version is what the crawl state counts as one (:func:`crawlfolder.state.version_hash`): the
record's extracted fields, without the details of its capture. Records are cleaned when they
are written, so a change that only touches boilerplate (share counts, sidebars, "Recent Posts",
related cards, timestamps, cache-busting query strings) leaves the hash alone and is never a
version. Between two consecutive versions the history lists the fields that changed
(:data:`rules.overtime.HISTORY_FIELDS`), the text's changes sentence by sentence, and the names
of any other field that changed; a post whose text changed while its ``modified`` date stayed
is a ``silent_edit``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from topten_crawler.crawlfolder.state import NOT_VERSION_FIELDS, version_hash
from topten_crawler.overtime.crawls import ArchivedCrawl, CrawlRecord, records_over_time
from topten_crawler.overtime.sentences import TextChange, diff_sentences, split_sentences
from topten_crawler.rules.overtime import HISTORY_FIELDS

VERSION_FIELDS = ("title", "subtitle", "author", "published", "modified")


@dataclass(frozen=True)
class Version(CrawlRecord):
    """One distinct version of a record, as the crawl that first captured it wrote it."""

    hash: str

    @property
    def text(self) -> str:
        return str(self.record.get("text") or "")

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"crawl_id": self.crawl.crawl_id, "captured_at": self.captured_at}
        out.update({name: self.record.get(name) for name in VERSION_FIELDS})
        out["text_sha256"] = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        out["warc"] = self.record.get("warc")
        return out


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class Change:
    """What turned one version into the next."""

    old: Version
    new: Version
    fields: list[FieldChange]
    text: list[TextChange]
    other_fields: list[str]

    @property
    def silent_edit(self) -> bool:
        """The text changed but the record's ``modified`` date did not (posts carry one)."""
        dated = "modified" in self.new.record
        same_date = self.old.record.get("modified") == self.new.record.get("modified")
        return dated and same_date and bool(self.text)

    def as_dict(self) -> dict[str, Any]:
        return {
            "from_crawl": self.old.crawl.crawl_id,
            "to_crawl": self.new.crawl.crawl_id,
            "fields": [change.as_dict() for change in self.fields],
            "text": [change.as_dict() for change in self.text],
            "other_fields": self.other_fields,
            "silent_edit": self.silent_edit,
        }


@dataclass
class RecordHistory:
    """One post or source across the archive."""

    kind: str
    url: str
    versions: list[Version] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    # The last crawl's failure when the record failed after its last version (a deleted post).
    gone: dict[str, Any] | None = None

    @property
    def silent_edit(self) -> bool:
        return any(change.silent_edit for change in self.changes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": self.kind,
            "url": self.url,
            "versions": [version.as_dict() for version in self.versions],
            "changes": [change.as_dict() for change in self.changes],
            "silent_edit": self.silent_edit,
            "gone": self.gone,
        }

    def add(self, crawl: ArchivedCrawl, record: dict[str, Any]) -> None:
        error = record.get("error")
        if error:
            if self.gone is None:
                self.gone = {
                    "crawl_id": crawl.crawl_id,
                    "captured_at": record.get("fetched_at"),
                    "error": error,
                }
            return
        self.gone = None
        digest = version_hash(record)
        if self.versions and self.versions[-1].hash == digest:
            return
        version = Version(crawl, record, digest)
        if self.versions:
            self.changes.append(compare(self.versions[-1], version))
        self.versions.append(version)


def compare(old: Version, new: Version) -> Change:
    """The field, text and other changes from ``old`` to ``new``."""
    fields = [
        FieldChange(name, old.record.get(name), new.record.get(name))
        for name in HISTORY_FIELDS
        if old.record.get(name) != new.record.get(name)
    ]
    text = diff_sentences(split_sentences(old.text), split_sentences(new.text))
    listed = {*HISTORY_FIELDS, "text", *NOT_VERSION_FIELDS}
    names = sorted((old.record.keys() | new.record.keys()) - listed)
    other = [name for name in names if old.record.get(name) != new.record.get(name)]
    return Change(old, new, fields, text, other)


def build_history(crawls: Iterable[ArchivedCrawl]) -> list[RecordHistory]:
    """Every post and source of ``crawls`` (oldest first), posts first, each kind by URL."""
    histories: dict[tuple[str, str], RecordHistory] = {}
    for crawl, record in records_over_time(crawls):
        kind, url = str(record.get("type")), str(record.get("url"))
        if kind not in ("post", "source"):
            continue
        history = histories.get((kind, url))
        if history is None:
            history = histories[kind, url] = RecordHistory(kind, url)
        history.add(crawl, record)
    return [histories[key] for key in sorted(histories)]
