"""Rules of the commands that read the archive across time (``history``, ``linkrot``), as data.

What a sentence is, when two sentences are one edited sentence, which record fields a reader
of the history sees change, and when a cited URL that still answers 200 is no longer the page
the digest cited.
"""

from __future__ import annotations

import re

# --- Sentences -----------------------------------------------------------------------------------
# A sentence ends at ., ! or ? (with any closing quotes or brackets) followed by white space
# and a capital letter, a digit or an opening quote; these words end in a full stop without
# ending a sentence.
ABBREVIATIONS: frozenset[str] = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep",
     "st", "jr", "sr", "no", "vs", "inc", "ltd", "co", "corp", "mt", "ft", "jan", "feb", "mar",
     "apr", "aug", "sept", "sep", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e"}
)  # fmt: skip
SENTENCE_END = re.compile(r"""[.!?]["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9À-Ý])""")

# Two sentences at the same place of a text, one gone and one new, are one sentence edited
# when difflib's similarity ratio of their words reaches this.
EDITED_SIMILARITY = 0.5

# --- History --------------------------------------------------------------------------------------
# The fields whose changes the history lists one by one (the text is compared by sentence);
# any other field of a version that changed (categories, tags, citations, related posts) is
# named in the change's ``other_fields``.
HISTORY_FIELDS: tuple[str, ...] = ("title", "subtitle", "author", "published")

# --- Link rot -------------------------------------------------------------------------------------
# A 200 is "drifted" when less than this share of the sentences of its text are sentences of
# the first good capture's text.
DRIFT_SHARED_SENTENCES = 0.5
# A 200 whose title or text (its first lines) says this is a generic "not found" page: a soft 404.
NOT_FOUND_PAGE = re.compile(
    r"\b(?:page|article|story|content)s? (?:was |is |could )?not (?:be )?found\b"
    r"|\b404\b|\bno longer available\b|\bpage you (?:are|were) looking for\b"
    r"|\bpage (?:does not|doesn't) exist\b",
    re.IGNORECASE,
)
NOT_FOUND_TEXT_CHARS = 400  # how much of the text is read for it
# The error codes of a source record (``reasons.Reason``) and the state a crawl's check of the
# URL says it is in. Every client error is ``gone`` (a 408 is a time-out); a redirect that
# leads nowhere is gone too. ``unchecked``: the crawler was not allowed to ask (robots.txt, a
# private address). A too large response answered all the same; a code not listed here is read
# from the record's status, else ``unchecked``.
ERROR_STATES: dict[str, str] = {
    **{code: "gone" for code in ("http_400", "http_401", "http_403", "http_404", "http_405",
                                 "http_410", "http_429", "http_451", "http_4xx")},
    "http_408": "timeout",
    "http_5xx": "server_error",
    "http_other": "server_error",
    "headers_too_large": "server_error",
    "dns": "dns",
    "timeout": "timeout",
    "connection": "connection",
    "tls": "connection",
    "truncated": "connection",
    "too_many_redirects": "gone",
    "bad_redirect": "gone",
    "invalid_url": "gone",
    "empty": "soft_404",
    "robots": "unchecked",
    "robots_unreachable": "unchecked",
    "blocked_address": "unchecked",
    "too_large": "alive",
}  # fmt: skip
# Ages of a citation (days) that the link-rot chart groups URLs by: (label, up to this many days);
# when every citation's age falls within MONTHLY_SPAN months, a bar a month instead.
MONTHLY_SPAN = 12
AGE_BINS: tuple[tuple[str, float], ...] = (
    ("< 1 month", 31),
    ("1-6 months", 183),
    ("6-12 months", 366),
    ("1-2 years", 731),
    ("2-3 years", 1096),
    ("3-5 years", 1827),
    ("5+ years", float("inf")),
)
