"""Page metadata from JSON-LD and meta tags: pure functions over an lxml document."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from lxml.etree import _Element

from topten_crawler.cleaning.text import normalize_space
from topten_crawler.items import valid_text

logger = logging.getLogger(__name__)

JsonObject = dict[str, Any]


def xpath_elements(node: _Element, expression: str, **variables: str) -> list[_Element]:
    found = node.xpath(expression, **variables)  # type: ignore[arg-type]
    return [e for e in found if isinstance(e, _Element)] if isinstance(found, list) else []


def xpath_strings(node: _Element, expression: str, **variables: str) -> list[str]:
    found = node.xpath(expression, **variables)  # type: ignore[arg-type]
    return [str(v) for v in found if isinstance(v, str)] if isinstance(found, list) else []


def jsonld_nodes(
    document: _Element, scripts: Iterable[_Element] | None = None
) -> tuple[list[JsonObject], int]:
    """Every JSON-LD object of the page, ``@graph`` flattened, and how many scripts failed.

    Read as leniently as browsers and extruct read it: raw control characters inside strings
    (a pasted headline with a line break) and JavaScript comments around or inside the block
    are accepted. A block that still cannot be read is counted and skipped; the page's other
    blocks are still read. ``scripts``: the page's <script> elements, when already found.
    """
    nodes: list[JsonObject] = []
    broken = 0
    if scripts is None:
        scripts = xpath_elements(document, '//script[@type="application/ld+json"]')
    for script in scripts:
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            # Lone surrogates ("\ud800") are valid JSON but no text: replaced at once.
            data = valid_text(parse_jsonld(script.text or ""))
            if data is _UNREADABLE:
                # A hand-edited or truncated block: the visible markup still carries the facts.
                broken += 1
                continue
            nodes.extend(_flatten(data))
        except RecursionError:  # nested too deep to walk: the markup still has the facts
            broken += 1
    return nodes, broken


_UNREADABLE = object()
# What CMSs wrap a script's content in for old browsers.
_WRAPPERS = re.compile(
    r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?://\s*\]\]>|\]\]>|-->)\s*;?\s*$"
)


def parse_jsonld(raw: str) -> Any:
    """One JSON-LD block's data; ``None`` for an empty block, ``_UNREADABLE`` when broken."""
    text = raw.strip()
    if not text:
        return None
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    cleaned = _without_comments(_WRAPPERS.sub("", text)).strip().rstrip(";")
    try:
        return json.loads(cleaned, strict=False)
    except ValueError:
        return _UNREADABLE


def _without_comments(text: str) -> str:
    """JSON text without ``// ...`` and ``/* ... */`` comments (those outside strings)."""
    out: list[str] = []
    index, length = 0, len(text)
    in_string = False
    while index < length:
        char = text[index]
        if in_string:
            out.append(char)
            if char == "\\" and index + 1 < length:
                out.append(text[index + 1])
                index += 2
                continue
            if char == '"':
                in_string = False
            index += 1
        elif char == '"':
            in_string = True
            out.append(char)
            index += 1
        elif text.startswith("//", index):
            end = text.find("\n", index)
            index = length if end < 0 else end
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            index = length if end < 0 else end + 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _flatten(data: Any) -> Iterator[JsonObject]:
    if isinstance(data, list):
        for entry in data:
            yield from _flatten(entry)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if isinstance(graph, list):
            yield from _flatten(graph)
        else:
            yield data


def types_of(node: JsonObject) -> set[str]:
    kind = node.get("@type")
    if isinstance(kind, str):
        return {kind}
    if isinstance(kind, list):
        return {k for k in kind if isinstance(k, str)}
    return set()


def find_node(nodes: Iterable[JsonObject], wanted: Iterable[str]) -> JsonObject | None:
    wanted_types = set(wanted)
    for node in nodes:
        if types_of(node) & wanted_types:
            return node
    return None


def resolve(value: Any, nodes: Iterable[JsonObject]) -> Any:
    """Follow an ``{"@id": ...}`` reference to the node it names, if the page has it."""
    if isinstance(value, dict) and set(value) == {"@id"}:
        for node in nodes:
            if node.get("@id") == value["@id"]:
                return node
    return value


def names(value: Any, nodes: Iterable[JsonObject]) -> list[str]:
    """Display names from a JSON-LD value: a string, a list, a Person/Thing, or references."""
    nodes = list(nodes)
    values = value if isinstance(value, list) else [value]
    found: list[str] = []
    for entry in values:
        entry = resolve(entry, nodes)
        if isinstance(entry, str):
            found.extend(part for part in (normalize_space(p) for p in entry.split(",")) if part)
        elif isinstance(entry, dict) and isinstance(entry.get("name"), str):
            found.append(normalize_space(entry["name"]))
    return unique(found)


def unique(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            kept.append(value)
    return kept


def meta_values(document: _Element, key: str) -> list[str]:
    """Contents of ``<meta property=key>`` or ``<meta name=key>``, in page order."""
    found = xpath_strings(
        document, "//meta[@property=$key or @name=$key or @itemprop=$key]/@content", key=key
    )
    return [text for text in (normalize_space(v) for v in found) if text]


def meta_value(document: _Element, key: str) -> str | None:
    values = meta_values(document, key)
    return values[0] if values else None


def iso_datetime(value: Any) -> str | None:
    """An ISO 8601 date-time (offset kept when given) or date, or None when unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10]).isoformat() if len(text) == 10 else None
    except ValueError:
        return None


# Date formats the theme prints in ``.cs-meta-date`` (WordPress's "F j, Y" by default).
VISIBLE_DATE_FORMATS: tuple[str, ...] = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y-%m-%d")


def iso_date_from_text(text: str) -> str | None:
    """A date printed for readers ("February 13, 2024") as ISO 8601 ("2024-02-13")."""
    text = normalize_space(text)
    for pattern in VISIBLE_DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return None
