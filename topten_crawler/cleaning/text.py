"""Text-level cleaning: white space, the key that patterns match, paragraphs, title suffixes.

The text contract of the JSON records: paragraphs (headings, block quotes, captions) are
separated by one blank line; the items of one list stand one per line inside one block.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from urllib.parse import urlsplit

from topten_crawler.rules import outlets

_SPACES = re.compile(r"[^\S\n]+")
_QUOTES = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}


def normalize_space(text: str) -> str:
    """Collapse runs of white space (no-break spaces included) to one space; NFC; strip."""
    text = unicodedata.normalize("NFC", text.replace("\u00a0", " ").replace("\u200b", ""))
    return _SPACES.sub(" ", text.replace("\n", " ").replace("\r", " ").replace("\t", " ")).strip()


def match_key(text: str) -> str:
    """The form of a block's text that boilerplate patterns are matched against: curly quotes
    straightened, lines joined by one space.

    ``text`` is space-normalised already, line by line, as every block's text is (pass other
    text through ``normalize_space`` first). Only the quotes are left to straighten, and
    str.replace is much faster than str.translate with a dict on long paragraphs.
    """
    for curly, straight in _QUOTES.items():
        if curly in text:
            text = text.replace(curly, straight)
    return text.replace("\n", " ")


def loose(text: str) -> str:
    """Lower-case words only, for comparing a title or a name with how a page prints it."""
    return " ".join(re.findall(r"\w+", text.lower().replace("’", "'")))


def plain_paragraphs(text: str) -> str:
    """Plain text as paragraphs: blank lines separate them, wrapped lines are joined."""
    paragraphs = (normalize_space(p) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def without_site_suffix(
    title: str,
    site_name: str | None,
    url: str | None = None,
    *,
    separators: Sequence[str] = outlets.TITLE_SEPARATORS,
    exact: bool = False,
) -> str:
    """A title without the site's name after a separator ("Story - The Outlet").

    ``exact`` (the digest's own og:title, whose suffix is known): only ``site_name`` itself,
    once, and the title is otherwise left as printed. Otherwise (a cited outlet's <title> or
    og:title): white space is normalised, the name is matched loosely ("Riverside Herald" for
    "The Riverside Herald"), a short last segment made of the URL's host words counts as the
    name when the page names no site, and suffixes are stripped until none is left.
    """
    if exact:
        if site_name:
            for separator in separators:
                suffix = f"{separator}{site_name}"
                if title.endswith(suffix):
                    return title[: -len(suffix)].strip()
        return title
    title = normalize_space(title)
    host_words = set(re.findall(r"[a-z0-9]+", (urlsplit(url or "").hostname or "").lower()))
    site_key = loose(site_name) if site_name else ""
    for separator in separators:
        head, found, tail = title.rpartition(separator)
        if not found or not head.strip():
            continue
        tail_key = loose(tail)
        names_site = bool(site_key) and (tail_key == site_key or site_key in tail_key)
        squeezed = tail_key.replace(" ", "")
        names_host = (
            len(tail.split()) <= outlets.MAX_SITE_SUFFIX_WORDS
            and bool(squeezed)
            and (
                squeezed in host_words
                or any(w in host_words for w in tail_key.split() if len(w) > 3)
            )
        )
        if names_site or names_host:
            return without_site_suffix(head.strip(), site_name, url, separators=separators)
    return title


def without_site_name(title: str, site_names: Sequence[str | None], url: str | None = None) -> str:
    """A cited outlet's title without its name, after the headline or before it ("Outlet:
    Headline"). The names: the page's site name, its publisher's, and the URL's host words
    (see ``without_site_suffix``)."""
    names = [name for name in site_names if name]
    for name in names or (None,):
        title = without_site_suffix(title, name, url)
    keys = {loose(name) for name in names}
    host_words = set(re.findall(r"[a-z0-9]+", (urlsplit(url or "").hostname or "").lower()))
    for separator in outlets.TITLE_PREFIX_SEPARATORS:
        head, found, tail = title.partition(separator)
        if not found or not tail.strip() or len(head.split()) > outlets.MAX_SITE_SUFFIX_WORDS:
            continue
        head_key = loose(head)
        if head_key in keys or (head_key and head_key.replace(" ", "") in host_words):
            return tail.strip()
    return title
