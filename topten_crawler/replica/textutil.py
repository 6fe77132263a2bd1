"""Small text helpers shared by the content model and the corpus generator."""

from __future__ import annotations

import re
import unicodedata

_ASCII_FOLD = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L"}
)
_QUOTES = re.compile(r"['’‘\"“”]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """WordPress ``sanitize_title``: accents folded, apostrophes dropped, the rest hyphenated."""
    # NFKD splits "é" into "e" plus a combining accent that the ASCII encoding then drops; the
    # few letters that do not decompose (ø, ß, ł) are folded by hand as remove_accents() does.
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    no_quotes = _QUOTES.sub("", ascii_text.lower())
    return _NON_ALNUM.sub("-", no_quotes).strip("-")


def collapse(text: str) -> str:
    """Runs of whitespace (newlines and no-break spaces included) to one space, ends stripped."""
    return " ".join(text.split())
