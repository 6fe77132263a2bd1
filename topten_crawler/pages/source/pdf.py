"""A PDF source: its text as paragraphs, and the title, author and date of its info dictionary."""

from __future__ import annotations

import importlib
import io
import logging
import re
from collections.abc import Iterable
from typing import Any

from topten_crawler.cleaning.text import normalize_space
from topten_crawler.pages.source.fields import text_value
from topten_crawler.pages.source.record import SourceFields
from topten_crawler.rules import outlets as rules


def pdf_fields(url: str, body: bytes, problems: list[str]) -> SourceFields:
    record = SourceFields.empty(url, rules.PDF_TYPE, problems)
    try:
        # Optional dependency, imported when a PDF comes: by name, so that type checking does
        # not depend on it being installed.
        pypdf = importlib.import_module("pypdf")
    except ImportError:
        problems.append("pdf_text_unavailable")
        return record
    # pypdf logs every malformed object it recovers from; the record's problems say enough.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(body))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except Exception:  # pypdf raises many kinds on broken files; a record is still due
        problems.append("pdf_unreadable")
        return record
    record.text = pdf_paragraphs(pages)
    if info is not None:
        record.title = text_value(info.title)
        record.author = text_value(info.author)
        created = info.creation_date if _has_date(info) else None
        record.published = created.isoformat() if created else None
    if not record.text:
        problems.append("no_text")
    return record


def _has_date(info: Any) -> bool:
    try:
        return info.creation_date is not None
    except (ValueError, TypeError):
        return False


def pdf_paragraphs(pages: Iterable[str]) -> str:
    """Page text as paragraphs: wrapped lines joined, hyphenated line ends mended.

    PDF text has no paragraph marks, only lines. A line that ends a sentence well short of the
    page's longest line is the last of its paragraph (the rest of the line is white space).
    """
    paragraphs: list[str] = []
    current: list[str] = []

    def close() -> None:
        text = normalize_space(re.sub(r"(\w)-\n(\w)", r"\1\2", "\n".join(current)))
        if text:
            paragraphs.append(text)
        current.clear()

    for page in pages:
        lines = [line.strip() for line in page.splitlines()]
        longest = max((len(line) for line in lines), default=0)
        for line in lines:
            if not line:
                close()
                continue
            current.append(line)
            if line[-1] in rules.PDF_SENTENCE_ENDS and len(line) < rules.PDF_SHORT_LINE * longest:
                close()
        close()
    return "\n\n".join(paragraphs)
