"""CSS selection over lxml trees, each selector compiled once for the whole crawl."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from lxml.cssselect import CSSSelector
from lxml.etree import _Element


@cache
def _compiled(css: str) -> CSSSelector:
    return CSSSelector(css, translator="html")


def select(root: _Element, css: str) -> list[_Element]:
    """The elements under ``root`` (itself included) that match ``css``, in document order."""
    found = _compiled(css)(root)
    return [e for e in found if isinstance(e, _Element)] if isinstance(found, list) else []


def select_first(root: _Element, selectors: Iterable[str]) -> _Element | None:
    """The first match of the first selector that matches anything."""
    for css in selectors:
        found = select(root, css)
        if found:
            return found[0]
    return None
