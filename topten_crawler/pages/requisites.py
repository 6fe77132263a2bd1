"""Page requisites: what a browser loads to show a page (styles, scripts, images, fonts, frames).

A WARC that holds only the HTML replays as a bare page; a historian needs the page as its
readers saw it. These pure functions list the URLs a page or a stylesheet needs.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from lxml.etree import _Element

from topten_crawler.pages.metadata import xpath_elements, xpath_strings
from topten_crawler.urls import absolute_http_url

# rel values of <link> elements whose target a browser fetches to render the page.
RENDERING_LINK_RELS: frozenset[str] = frozenset(
    {"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "preload", "modulepreload"}
)
# <link rel=preload as=...> values worth archiving (not "fetch" or "document").
PRELOAD_KINDS: frozenset[str] = frozenset({"style", "script", "font", "image"})

# url(...) in CSS, quoted or not; @import "..." without url().
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]+)"|'([^']+)')""", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


@dataclass(frozen=True)
class Requisite:
    url: str
    # "style", "script", "image", "font", "icon", "frame", "media"
    kind: str


def srcset_urls(srcset: str) -> list[str]:
    """The URLs of a ``srcset`` ("a.jpg 1x, b.jpg 2x"), parsed as the HTML standard says:
    a URL runs to the next white space and may itself contain commas."""
    urls: list[str] = []
    position, length = 0, len(srcset)
    while position < length:
        while position < length and (srcset[position].isspace() or srcset[position] == ","):
            position += 1
        start = position
        while position < length and not srcset[position].isspace():
            position += 1
        url = srcset[start:position]
        if url.endswith(","):
            url = url.rstrip(",")  # a candidate without descriptors
        else:
            while position < length and srcset[position] != ",":
                position += 1  # skip the descriptors ("300w", "2x")
        if url:
            urls.append(url)
    return urls


def css_urls(css: str) -> list[str]:
    """Every URL a stylesheet loads: ``@import`` targets, fonts and images in ``url(...)``."""
    css = _CSS_COMMENT.sub("", css)
    found: list[str] = []
    for match in _CSS_IMPORT.finditer(css):
        found.append(match.group(1) or match.group(2))
    for match in _CSS_URL.finditer(css):
        value = match.group(1) or match.group(2) or match.group(3) or ""
        if value and not value.startswith(("data:", "#")):
            found.append(value)
    return found


def css_requisites(base_url: str, css: str) -> list[Requisite]:
    requisites = []
    for raw in css_urls(css):
        url = absolute_http_url(base_url, raw)
        if url:
            requisites.append(Requisite(url, _kind_from_extension(url)))
    return _unique(requisites)


def html_requisites(base_url: str, document: _Element, *, frames: bool = True) -> list[Requisite]:
    """What the HTML page at ``base_url`` loads to render; ``frames``: its iframes too."""
    bases = xpath_strings(document, "//base/@href")
    base = absolute_http_url(base_url, bases[0]) if bases else None
    base = base or base_url
    found: list[Requisite] = []

    def add(raw: str | None, kind: str) -> None:
        url = absolute_http_url(base, raw) if raw else None
        if url:
            found.append(Requisite(url, kind))

    for link in xpath_elements(document, "//link[@href]"):
        rels = set((link.get("rel") or "").lower().split())
        if not rels & RENDERING_LINK_RELS:
            continue
        if "preload" in rels or "modulepreload" in rels:
            kind = (link.get("as") or "script").lower()
            if kind in PRELOAD_KINDS:
                add(link.get("href"), kind)
        elif "stylesheet" in rels:
            add(link.get("href"), "style")
        else:
            add(link.get("href"), "icon")
    for src in xpath_strings(document, "//script/@src"):
        add(src, "script")
    for element in xpath_elements(document, "//img | //picture/source | //input[@type='image']"):
        add(element.get("src"), "image")
        for attribute in ("srcset", "data-srcset"):
            for url in srcset_urls(element.get(attribute) or ""):
                add(url, "image")
        add(element.get("data-src"), "image")
    for element in xpath_elements(document, "//video | //audio | //video/source | //audio/source"):
        add(element.get("src"), "media")
        add(element.get("poster"), "image")
    if frames:
        for src in xpath_strings(document, "//iframe/@src"):
            add(src, "frame")
    # Inline styles load images and fonts too.
    for style in xpath_elements(document, "//style"):
        found.extend(css_requisites(base, style.text or ""))
    for inline in xpath_strings(document, "//*[@style]/@style"):
        found.extend(css_requisites(base, inline))
    return _unique(found)


def _kind_from_extension(url: str) -> str:
    path = url.split("?", 1)[0].lower()
    if path.endswith(".css"):
        return "style"
    if path.endswith((".woff", ".woff2", ".ttf", ".otf", ".eot")):
        return "font"
    return "image"


def _unique(requisites: list[Requisite]) -> list[Requisite]:
    seen: set[str] = set()
    kept = []
    for requisite in requisites:
        if requisite.url not in seen:
            seen.add(requisite.url)
            kept.append(requisite)
    return kept


class LoadsMore(enum.Enum):
    """What a fetched requisite itself loads: a stylesheet its imports, fonts and images; a
    frame its own requisites (but no further frames); anything else nothing."""

    STYLESHEET = "stylesheet"
    FRAME = "frame"
    NOTHING = "nothing"


def what_it_loads(content_type: str | None, requested_as: str | None) -> LoadsMore:
    """Sniff a requisite's response: its declared type first, then what the page asked for.

    A stylesheet served without ``text/css`` (a bare ``text/plain`` or no header) is still
    read as CSS when the page linked it as one, but an HTML error page never is.
    """
    declared = (content_type or "").lower()
    if "text/css" in declared or requested_as == "style":
        return LoadsMore.NOTHING if "html" in declared else LoadsMore.STYLESHEET
    if "html" in declared and requested_as == "frame":
        return LoadsMore.FRAME
    return LoadsMore.NOTHING
