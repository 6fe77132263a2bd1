"""The cases a cited source exercises (``ExpectedSource.cases``), and which of them names it.

Every source carries the flags of all the cases it exercises; its ``case`` is the most specific
one, by :data:`CASE_PRIORITY`. :data:`Special` names the cases that hang on a cited path itself.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

JSONLD = "jsonld"  # JSON-LD NewsArticle metadata
OPENGRAPH = "opengraph"  # Open Graph and <meta name=author> only
NO_METADATA = "no_metadata"  # nothing but a visible byline and <time datetime>
WINDOWS_1252 = "windows_1252"  # charset only in the HTTP header, cp1252 bytes
GZIP = "gzip"  # Content-Encoding: gzip when the client accepts it
FOREIGN_LANGUAGE = "foreign_language"  # <html lang="fr">, French text
REDIRECT = "redirect"  # 301 from the cited URL to the canonical URL
NOT_FOUND = "not_found"  # 404
SERVER_ERROR_RECOVERS = "server_error_recovers"  # 500 on the first request, then 200
SLOW = "slow"  # the host answers after ``slow_seconds``
ROBOTS_DISALLOWED = "robots_disallowed"  # robots.txt disallows the path
PDF = "pdf"  # application/pdf
IMAGE = "image"  # image/jpeg cited directly
SHARED = "shared"  # cited by more than one post
CONNECTION_REFUSED = "connection_refused"  # nothing listens at the outlet's address
# Cases that only later days of the site bring (days.source_docs_for_day), never day 0's:
SOFT_404 = "soft_404"  # the cited URL redirects to the outlet's home page
DRIFTED = "drifted"  # the cited URL serves another text than it did when first cited

ALL_CASES = (
    JSONLD,
    OPENGRAPH,
    NO_METADATA,
    WINDOWS_1252,
    GZIP,
    FOREIGN_LANGUAGE,
    REDIRECT,
    NOT_FOUND,
    SERVER_ERROR_RECOVERS,
    SLOW,
    ROBOTS_DISALLOWED,
    PDF,
    IMAGE,
    SHARED,
    CONNECTION_REFUSED,
)
# The most specific case of a source is its ``case``; the order runs from the HTTP outcome down
# to the page's metadata style.
CASE_PRIORITY = (
    CONNECTION_REFUSED,
    ROBOTS_DISALLOWED,
    SLOW,
    NOT_FOUND,
    SOFT_404,
    DRIFTED,
    SERVER_ERROR_RECOVERS,
    REDIRECT,
    PDF,
    IMAGE,
    SHARED,
    FOREIGN_LANGUAGE,
    WINDOWS_1252,
    NO_METADATA,
    OPENGRAPH,
    JSONLD,
    GZIP,
)

# What happens at the cited URL itself, before any article is served (five of the cases above).
Special: TypeAlias = Literal[
    "redirect", "not_found", "server_error_recovers", "soft_404", "drifted"
]
