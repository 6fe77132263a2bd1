"""The records a crawl writes, one JSON object per line.

``schema/records.schema.json`` is their contract.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, TypedDict


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


@dataclass
class PostRecord:
    """One digest post. Field names are fixed by the record contract; extra fields may follow."""

    url: str
    crawl_id: str
    fetched_at: str
    status: int
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


@dataclass
class SourceRecord:
    """One cited source: a page of another outlet that posts link to. A dead one has ``error``."""

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


@cache
def record_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of every record type."""
    text = (
        resources.files("topten_crawler")
        .joinpath("schema/records.schema.json")
        .read_text(encoding="utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema
