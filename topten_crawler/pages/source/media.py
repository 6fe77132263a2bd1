"""What a response body is: the declared media type, unless the bytes plainly say otherwise."""

from __future__ import annotations

from collections.abc import Mapping

from topten_crawler.rules import outlets as rules


def header(headers: Mapping[str, str] | None, name: str) -> str | None:
    """A header's value, its name matched case-insensitively (``name`` lower-case)."""
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def content_type_of(body: bytes, declared: str | None) -> tuple[str, list[str]]:
    """The media type of a body, and the problems its label had."""
    label = (declared or "").split(";")[0].strip().lower()
    sniffed = next(
        (kind for magic, at, kind in rules.MAGIC_TYPES if body[at : at + len(magic)] == magic),
        None,
    )
    if sniffed and label != sniffed:
        # Servers label downloads text/html or octet-stream; the bytes do not lie.
        return sniffed, (["content_type_mismatch"] if label and label in rules.HTML_TYPES else [])
    if label and label not in rules.UNLABELLED_TYPES:
        return label, []
    if rules.MARKUP_START.match(body[: rules.MARKUP_SNIFF_BYTES]):
        return "text/html", []
    return (label or "application/octet-stream"), []
