"""Every reason a fetch can fail for: the closed list of codes in records, stats and the report.

A record's ``error``, a stats key under ``topten/sources/error/`` or ``topten/errors/``, and a
failure listed in the manifest all name one of these codes, and nothing else: the record
schema takes this list as the ``enum`` of ``error`` (``items.record_schema``), and the README
lists it. A new way to fail gets a member here, its line in the README, and the schema file's
copy of the list (a test compares all three).
"""

from __future__ import annotations

import enum


class Reason(enum.StrEnum):
    """Why a request ended without a page to read. The value is the code written out."""

    # The server answered with an error status. The record keeps the exact status; client
    # errors that matter for link rot have a code each, every server error is one code.
    HTTP_400 = "http_400"
    HTTP_401 = "http_401"
    HTTP_403 = "http_403"
    HTTP_404 = "http_404"
    HTTP_405 = "http_405"
    HTTP_408 = "http_408"
    HTTP_410 = "http_410"
    HTTP_429 = "http_429"
    HTTP_451 = "http_451"
    HTTP_4XX = "http_4xx"  # any other 4xx
    HTTP_5XX = "http_5xx"
    # A status outside 2xx-5xx (LinkedIn's 999, a 1xx that never ended).
    HTTP_OTHER = "http_other"
    # The host's name does not resolve (or is under ``.invalid``, reserved never to).
    DNS = "dns"
    TIMEOUT = "timeout"
    # Refused, reset or closed before a whole answer came, without a more exact reason below.
    CONNECTION = "connection"
    # The TLS handshake failed (an expired or mismatched certificate, an old protocol).
    TLS = "tls"
    ROBOTS = "robots"
    # The host's robots.txt answered with a server error or 429, timed out or came cut, and
    # the archive holds no earlier copy: RFC 9309 says to assume everything is disallowed.
    ROBOTS_UNREACHABLE = "robots_unreachable"
    # The host is on a private, loopback, link-local or reserved address (refused at connect).
    BLOCKED_ADDRESS = "blocked_address"
    # The body passed the size limit: as announced, as received (chunked), or once inflated.
    TOO_LARGE = "too_large"
    # The body ended before its Content-Length, or its gzip/deflate stream is cut or broken.
    TRUNCATED = "truncated"
    # A header line longer than the client accepts (a 100 KB Set-Cookie).
    HEADERS_TOO_LARGE = "headers_too_large"
    # A redirect loop, or a chain longer than REDIRECT_MAX_TIMES.
    TOO_MANY_REDIRECTS = "too_many_redirects"
    # A redirect that cannot be followed: to ``file:``, ``data:``, ``javascript:`` or another
    # scheme, to an invalid URL, or a 3xx without a Location.
    BAD_REDIRECT = "bad_redirect"
    # The URL itself cannot be requested (a port out of range, a space in the host...).
    INVALID_URL = "invalid_url"
    # A page of the digest site that answered with something other than HTML, or nothing.
    NOT_HTML = "not_html"
    EMPTY = "empty"
    # A sitemap or feed that is not XML of its kind (listed in the report; never a record).
    SITEMAP_UNREADABLE = "sitemap_unreadable"
    FEED_UNREADABLE = "feed_unreadable"
    # A page that answered but could not be read: its extraction ran past
    # TOPTEN_EXTRACT_TIMEOUT, its worker process died, or it gave a result that could not be
    # sent back (the worker is replaced; the crawl goes on).
    EXTRACTION_TIMEOUT = "extraction_timeout"
    EXTRACTION_WORKER_DIED = "extraction_worker_died"
    EXTRACTION_ERROR = "extraction_error"
    # A queued page of the digest site dropped once --max-posts was reached (never listed).
    POST_LIMIT = "post_limit"
    # A failure no code above describes; its exception type is logged and counted
    # (``topten/errors/unclassified/<type>``) so that it can be given a code of its own.
    OTHER = "other"


REASON_CODES: tuple[str, ...] = tuple(reason.value for reason in Reason)

# The client errors with a code of their own (``http_404``); the others are ``http_4xx``.
_NAMED_CLIENT_ERRORS = frozenset(
    int(reason.value[5:]) for reason in Reason if reason.value[5:].isdigit()
)


def reason_named(code: str) -> Reason:
    """The reason of a code that a pure module names as text (``sitemap_unreadable``);
    ``other`` for a code that is not on the list (a test keeps the list complete)."""
    try:
        return Reason(code)
    except ValueError:
        return Reason.OTHER


def http_status_reason(status: int) -> Reason:
    """The reason of an error status: ``http_404``, ``http_4xx``, ``http_5xx``; a 3xx that
    reached the spider is a redirect that could not be followed."""
    if 300 <= status <= 399:
        return Reason.BAD_REDIRECT
    if status in _NAMED_CLIENT_ERRORS:
        return Reason(f"http_{status}")
    if 400 <= status <= 499:
        return Reason.HTTP_4XX
    if 500 <= status <= 599:
        return Reason.HTTP_5XX
    return Reason.HTTP_OTHER
