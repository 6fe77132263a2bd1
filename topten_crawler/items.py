"""The records a crawl writes, one JSON object per line.

``schema/records.schema.json`` is their contract.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any, TypedDict

from topten_crawler.reasons import REASON_CODES
from topten_crawler.request_meta import WARC_DATE, WARC_POINTER

# What is no text on output: lone surrogates (JSON's "\ud800" escapes decode to them, and UTF-8
# cannot encode them) and NUL (which many readers of text take for its end).
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT_CHARACTER = "\ufffd"


def valid_text(value: Any) -> Any:
    """``value`` with every string in it valid text: lone surrogates and NULs replaced by
    U+FFFD, never raised over. Lists and dicts are walked (tuples come back as lists);
    anything else is returned as it is."""
    if isinstance(value, str):
        return _NOT_TEXT.sub(REPLACEMENT_CHARACTER, value)
    if isinstance(value, dict):
        return {valid_text(key): valid_text(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [valid_text(item) for item in value]
    return value


def _make_text_valid(record: Any) -> None:
    # A record's text comes from pages that may hold anything: it is made writable at once.
    for each in fields(record):
        value = getattr(record, each.name)
        if isinstance(value, str | list | dict):
            setattr(record, each.name, valid_text(value))


class WarcPointer(TypedDict):
    """Where the WARC response record of a page lies: file relative to the crawl folder."""

    file: str
    offset: int
    record_id: str


class Image(TypedDict):
    url: str
    caption: str | None


class Citation(TypedDict):
    url: str
    text: str


@dataclass(frozen=True)
class Capture:
    """What the crawl knows of one fetch beyond the page's bytes, built once per response.

    A fetch that got no response at all (a DNS failure, a refused connection) is a capture
    too, with ``url``, ``status`` and ``warc`` left None, so that its error record still says
    when and in which crawl it was tried.
    """

    crawl_id: str
    fetched_at: str
    # The URL the response came from (after redirects); None when nothing answered.
    url: str | None = None
    status: int | None = None
    warc: WarcPointer | None = None
    # The media type the server declared, lower-cased, without parameters.
    content_type: str | None = None

    @classmethod
    def of(cls, response: Any | None, *, crawl_id: str, fetched_at: str) -> Capture:
        """The capture of a Scrapy response (duck-typed: items stay free of Scrapy), or of a
        request that got none (``response`` None). An archived response is dated by its WARC
        record (``fetched_at`` is then only the fallback)."""
        if response is None:
            return cls(crawl_id=crawl_id, fetched_at=fetched_at)
        warc_date = response.meta.get(WARC_DATE)
        return cls(
            crawl_id=crawl_id,
            fetched_at=fetched_at if warc_date is None else fetched_at_of(warc_date),
            url=response.url,
            status=response.status,
            warc=response.meta.get(WARC_POINTER),
            content_type=media_type(response.headers.get("Content-Type")),
        )


@dataclass
class PostRecord:
    """One digest post. Field names are fixed by the record contract; extra fields may follow."""

    url: str
    crawl_id: str
    fetched_at: str
    status: int | None
    title: str | None
    subtitle: str | None
    author: str | None
    published: str | None
    modified: str | None
    categories: list[str]
    tags: list[str]
    image: Image | None
    source_name: str | None
    text: str
    citations: list[Citation]
    related: list[str]
    warc: WarcPointer | None
    type: str = "post"
    canonical_url: str | None = None
    post_id: int | None = None
    read_more_url: str | None = None
    language: str | None = None
    word_count: int = 0
    # Fields whose value came from the visible markup because JSON-LD and meta tags lacked it.
    fallbacks: list[str] = field(default_factory=list)
    # Null, or why a post the archive holds could not be fetched now (its change is "gone").
    error: str | None = None
    # Against the archive folder's earlier crawls (set by the pipelines; null without the
    # crawl-state store): new, changed, unchanged or gone; when the archive first saw it; how
    # many distinct versions of its extracted fields the archive holds.
    change: str | None = None
    first_seen: str | None = None
    version: int | None = None

    def __post_init__(self) -> None:
        _make_text_valid(self)

    @classmethod
    def gone(cls, url: str, reason: str, capture: Capture) -> PostRecord:
        """The record of a post the archive holds that could not be fetched this time."""
        return cls(
            url=url,
            crawl_id=capture.crawl_id,
            fetched_at=capture.fetched_at,
            status=capture.status,
            title=None,
            subtitle=None,
            author=None,
            published=None,
            modified=None,
            categories=[],
            tags=[],
            image=None,
            source_name=None,
            text="",
            citations=[],
            related=[],
            warc=capture.warc,
            error=reason,
        )


@dataclass
class SourceRecord:
    """One cited source: a page of another outlet that posts link to. A dead one has ``error``.

    ``url`` is the normal form of the cited URL (``urls.normal_url``), fetched once however
    many spellings the posts cite; ``cited_urls`` lists those spellings."""

    url: str
    final_url: str | None
    cited_by: list[str]
    crawl_id: str
    fetched_at: str
    status: int | None
    error: str | None
    content_type: str | None
    title: str | None
    author: str | None
    published: str | None
    site_name: str | None
    language: str | None
    text: str
    warc: WarcPointer | None
    type: str = "source"
    modified: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    word_count: int = 0
    fallbacks: list[str] = field(default_factory=list)
    # As for posts: new, changed, unchanged or gone; first seen; distinct versions.
    change: str | None = None
    first_seen: str | None = None
    version: int | None = None
    # Every spelling of ``url`` that the posts cite (tracking parameters, fragment, host case,
    # default port); set with ``cited_by`` when the record is written.
    cited_urls: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        _make_text_valid(self)

    @classmethod
    def failed(cls, url: str, reason: str, capture: Capture) -> SourceRecord:
        """The record of a cited source that could not be fetched: link rot is data too."""
        return cls(
            url=url,
            final_url=capture.url,
            cited_by=[],
            crawl_id=capture.crawl_id,
            fetched_at=capture.fetched_at,
            status=capture.status,
            error=reason,
            content_type=capture.content_type,
            title=None,
            author=None,
            published=None,
            site_name=None,
            language=None,
            text="",
            warc=capture.warc,
        )


def fetched_at_of(warc_date: str) -> str:
    """A record's ``fetched_at`` (whole seconds, ``Z``) of a ``WARC-Date`` such as
    ``2026-11-24T17:11:04.123456Z``."""
    moment = datetime.fromisoformat(warc_date.replace("Z", "+00:00"))
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def media_type(content_type: str | bytes | None) -> str | None:
    """``text/html`` of a ``Content-Type`` header value such as ``Text/HTML; charset=utf-8``."""
    if content_type is None:
        return None
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    return content_type.split(";", 1)[0].strip().lower() or None


@cache
def record_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of every record type.

    A record's ``error`` is validated against ``reasons.REASON_CODES`` itself, the one list of
    reason codes; the schema file carries a copy of it for readers of the file alone.
    """
    text = (
        resources.files("topten_crawler")
        .joinpath("schema/records.schema.json")
        .read_text(encoding="utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    schema["$defs"]["errorCode"]["enum"] = [*REASON_CODES, None]
    return schema
