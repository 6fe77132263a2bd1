"""WARC/1.1 records for one HTTP exchange, built from plain data with warcio.

Nothing here needs Scrapy: the extension turns Scrapy's request and response into an
:class:`HttpExchange`, and these functions turn that into warcio record objects.

How the stored HTTP headers relate to what travelled on the wire
-----------------------------------------------------------------
Scrapy (through Twisted) hands over a *parsed* response, not the bytes of the wire, so the
HTTP header block of each response record is reconstructed:

* Header names come as Scrapy normalised them (``str.title()``: ``Etag``, ``Www-Authenticate``);
  every value of a repeated header is kept, in the order received for that name.
* Twisted parses the connection-control headers (``Connection``, ``Keep-Alive``,
  ``Transfer-Encoding``, ``TE``, ``Trailers``, ``Upgrade``, ``Proxy-Connection``,
  ``Content-Length``) apart and never shows them to Scrapy; Scrapy puts back only
  ``Content-Length``, from the length Twisted parsed, and only when the body had one. So those
  headers are missing from the records, except ``Content-Length``.
* Twisted has removed the transfer coding (chunked), so a ``Transfer-Encoding`` header, if a
  handler passes one on, is dropped, and ``Content-Length`` is set to the length of the stored
  body; one that disagrees with the body (a cut connection) is replaced in place. No
  ``X-Archive-Orig-*`` copies are written: pywb adds that prefix itself when it replays, the
  original framing values are not known to Scrapy so a stored "original" would be a guess, and
  pywb, finding ``Transfer-Encoding: chunked`` in a record, de-chunks a body that is not chunked.
* ``Content-Encoding`` is kept with a body that is still encoded (gzip stays gzip): pywb
  decompresses on replay when the client does not accept the encoding.
* The reason phrase comes from the status code (Scrapy does not keep the server's phrase).
* The request record gets a ``Host`` header made from the URL, placed first, as Twisted adds it
  on the wire without telling Scrapy.
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from importlib import metadata
from io import BytesIO
from typing import Any, Literal, TypeAlias
from urllib.parse import urldefrag, urlsplit

from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.timeutils import datetime_to_iso_date

from topten_crawler import __version__

# warcio has no type hints: its records are ``ArcWarcRecord`` objects.
WarcRecord: TypeAlias = Any
HeaderPairs: TypeAlias = Sequence[tuple[bytes, bytes]]

# The values the WARC 1.1 standard allows for WARC-Truncated.
TruncatedReason: TypeAlias = Literal["length", "time", "disconnect", "unspecified"]

WARC_VERSION = "WARC/1.1"
WARC_FORMAT = "WARC File Format 1.1"
WARC_CONFORMS_TO = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"

HEADER_PROVENANCE = (
    "HTTP headers are reconstructed from Scrapy's parsed response, not copied from the wire: "
    "header names are title-cased by Scrapy; every value of a repeated header is kept; "
    "connection-control headers (Connection, Keep-Alive, Transfer-Encoding, Upgrade...) are "
    "consumed by Twisted and absent; the chunked transfer coding was decoded by Twisted, so "
    "Transfer-Encoding is removed and "
    "Content-Length is recomputed from the stored body (which is otherwise byte-for-byte as "
    "received, content codings such as gzip included); the reason phrase is derived from the "
    "status code; the request Host header is added from the URL."
)

_DEFAULT_PORTS = {"http": "80", "https": "443"}
# Responses that carry no body whatever their headers say (RFC 9110 6.4.1); their
# Content-Length describes the representation, so it is kept as sent.
_NO_BODY_STATUSES = {204, 304}

_BUILDER = RecordBuilder(warc_version=WARC_VERSION)

# The two revisit profiles of WARC 1.1 (section 6.7).
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
IDENTICAL_PAYLOAD_DIGEST = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
# A 304's headers update the stored response's (RFC 9111 4.3.4), except those that describe
# the 304's own (absent) content.
_NOT_UPDATED_BY_304 = {
    "content-length",
    "content-encoding",
    "content-range",
    "content-type",
    "transfer-encoding",
}


@dataclass(frozen=True, kw_only=True)
class HttpExchange:
    """One request and its response as the crawler saw them."""

    url: str
    date: datetime
    method: str = "GET"
    request_headers: HeaderPairs = ()
    request_body: bytes = b""
    # Twisted always speaks HTTP/1.1 to the server, whatever the server answers with.
    request_protocol: str = "HTTP/1.1"
    status: int = 200
    protocol: str = "HTTP/1.1"
    response_headers: HeaderPairs = ()
    # Exactly as received: transfer coding removed, content coding (gzip...) still applied.
    body: bytes = b""
    ip_address: str | None = None
    truncated: TruncatedReason | None = None


@dataclass(frozen=True, kw_only=True)
class RevisitOf:
    """The original ``response`` record a revisit refers to, and the revisit's profile."""

    profile: str  # SERVER_NOT_MODIFIED or IDENTICAL_PAYLOAD_DIGEST
    target_uri: str  # the original's WARC-Target-URI
    date: str  # the original's WARC-Date
    record_id: str  # the original's WARC-Record-ID
    payload_digest: str  # the original's WARC-Payload-Digest


@dataclass(frozen=True)
class ExchangeRecords:
    """The response record and the request record that points to it."""

    response: WarcRecord
    request: WarcRecord

    @property
    def response_id(self) -> str:
        return str(self.response.rec_headers.get_header("WARC-Record-ID"))


def software_string() -> str:
    """``topten-crawler/0.1.0 warcio/1.8.1 scrapy/2.19.0``: what made the records."""
    parts = [f"topten-crawler/{__version__}"]
    for dist in ("warcio", "scrapy"):
        try:
            parts.append(f"{dist}/{metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}/unknown")
    return " ".join(parts)


@dataclass(frozen=True, kw_only=True)
class CrawlInfo:
    """What each file's warcinfo record says about the crawl."""

    crawl_id: str
    seeds: Sequence[str] = ()
    # Settings that shape what was captured (user agent, robots, delays, TOPTEN_*...).
    config: Mapping[str, object] = field(default_factory=dict)
    software: str = field(default_factory=software_string)
    hostname: str = field(default_factory=socket.gethostname)


class _ExactStatusAndHeaders(StatusAndHeaders):  # type: ignore[misc]
    """HTTP headers serialised byte-for-byte as received.

    warcio percent-encodes header values that are not ASCII; values here are bytes decoded as
    latin-1 (a lossless mapping), so encoding them back as latin-1 stores the original bytes.
    """

    def compute_headers_buffer(self, header_filter: Any = None) -> None:
        self.headers_buff = self.to_str(header_filter).encode("latin-1") + b"\r\n"


def new_record_id() -> str:
    return str(StatusAndHeadersParser.make_warc_id())


def warc_date(moment: datetime) -> str:
    """WARC 1.1 date: UTC, microseconds when there are any (``2026-11-24T17:11:04.123456Z``)."""
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    return str(datetime_to_iso_date(utc, use_micros=True))


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def target_uri(url: str) -> str:
    # A fragment never goes to the server, so it is no part of what was captured.
    return urldefrag(url)[0]


def request_target(url: str) -> str:
    """The request line's target: ``/path?query`` (``/`` for an empty path)."""
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return target


def host_header(url: str) -> str:
    """``host[:port]`` as Twisted sends it: the port only when it is not the scheme's default."""
    parts = urlsplit(url)
    hostport = parts.netloc.rpartition("@")[2]
    if hostport.startswith("["):  # IPv6 literal: the port follows the closing bracket
        close = hostport.find("]")
        host, port = hostport[: close + 1], hostport[close + 1 :].removeprefix(":")
    else:
        host, _, port = hostport.partition(":")
    if not port or port == _DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


def _text(value: bytes) -> str:
    # latin-1 maps every byte to one code point, so the round trip to bytes is exact; CR and
    # LF would end the header line early and break the record, so they become spaces.
    return value.decode("latin-1").replace("\r", " ").replace("\n", " ")


def _body_is_absent(method: str, status: int) -> bool:
    return method.upper() == "HEAD" or 100 <= status < 200 or status in _NO_BODY_STATUSES


def normalise_response_headers(
    headers: Iterable[tuple[bytes, bytes]], body: bytes, *, method: str = "GET", status: int = 200
) -> list[tuple[str, str]]:
    """Headers that tell the truth about the stored body (see the module docstring)."""
    result: list[tuple[str, str]] = []
    length_at: int | None = None
    fix_length = not (_body_is_absent(method, status) and not body)
    for name, value in headers:
        lower = name.lower()
        if lower == b"transfer-encoding":
            continue
        if lower == b"content-length" and fix_length:
            if length_at is None:
                length_at = len(result)
            continue
        result.append((_text(name), _text(value)))
    if fix_length:
        # Keep the header where the server put it, so the block reads like the original.
        result.insert(
            len(result) if length_at is None else length_at, ("Content-Length", str(len(body)))
        )
    return result


def request_headers(exchange: HttpExchange) -> list[tuple[str, str]]:
    """``Host`` first (as sent by Twisted), then the headers Scrapy sent, in order."""
    given = [(_text(name), _text(value)) for name, value in exchange.request_headers]
    hosts = [pair for pair in given if pair[0].lower() == "host"]
    others = [pair for pair in given if pair[0].lower() != "host"]
    result = hosts[:1] or [("Host", host_header(exchange.url))]
    if exchange.request_body and not any(n.lower() == "content-length" for n, _ in others):
        # Twisted frames a request body with Content-Length when Scrapy has not set one.
        result.append(("Content-Length", str(len(exchange.request_body))))
    return result + others


def build_exchange_records(
    exchange: HttpExchange,
    *,
    response_id: str | None = None,
    request_id: str | None = None,
) -> ExchangeRecords:
    """A ``response`` record and a ``request`` record that names it in ``WARC-Concurrent-To``.

    Both carry the same ``WARC-Date`` and ``WARC-Target-URI``, and ``WARC-IP-Address`` when the
    address is known. Digests are added by warcio (sha1, base32).
    """
    uri = target_uri(exchange.url)
    date = warc_date(exchange.date)
    response_id = response_id or new_record_id()
    request_id = request_id or new_record_id()

    # WARC-Type first, as the standard's examples do (warcio replaces it in place).
    response_warc: dict[str, str] = {
        "WARC-Type": "response",
        "WARC-Record-ID": response_id,
        "WARC-Date": date,
    }
    request_warc: dict[str, str] = {
        "WARC-Type": "request",
        "WARC-Record-ID": request_id,
        "WARC-Date": date,
        "WARC-Concurrent-To": response_id,
    }
    if exchange.ip_address:
        response_warc["WARC-IP-Address"] = exchange.ip_address
        request_warc["WARC-IP-Address"] = exchange.ip_address
    if exchange.truncated:
        response_warc["WARC-Truncated"] = exchange.truncated

    response_http = _ExactStatusAndHeaders(
        f"{exchange.status} {reason_phrase(exchange.status)}",
        normalise_response_headers(
            exchange.response_headers,
            exchange.body,
            method=exchange.method,
            status=exchange.status,
        ),
        protocol=exchange.protocol,
    )
    response = _BUILDER.create_warc_record(
        uri,
        "response",
        payload=BytesIO(exchange.body),
        length=len(exchange.body),
        warc_headers_dict=response_warc,
        http_headers=response_http,
    )

    # warcio writes "protocol statusline" and reads a request line back as protocol=method,
    # statusline="target HTTP/1.1"; the same split gives "GET /path?query HTTP/1.1".
    request_http = _ExactStatusAndHeaders(
        f"{request_target(exchange.url)} {exchange.request_protocol}",
        request_headers(exchange),
        protocol=exchange.method.upper(),
    )
    request = _BUILDER.create_warc_record(
        uri,
        "request",
        payload=BytesIO(exchange.request_body),
        length=len(exchange.request_body),
        warc_headers_dict=request_warc,
        http_headers=request_http,
    )
    return ExchangeRecords(response=response, request=request)


def payload_digest(body: bytes) -> str:
    """The ``WARC-Payload-Digest`` warcio gives a payload: ``sha1:`` and base32."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def updated_headers(
    original: Sequence[tuple[str, str]], not_modified: Iterable[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The original response's headers updated from a 304's (RFC 9111 4.3.4).

    Each header the 304 sends replaces every value of that name, in the place of the first
    (``ETag``, ``Date``, ``Cache-Control``...); one the original lacked is appended. Headers
    of the 304's own empty content (``Content-Length``...) update nothing.
    """
    updates: dict[str, list[tuple[str, str]]] = {}
    for name, value in not_modified:
        if name.lower() not in _NOT_UPDATED_BY_304:
            updates.setdefault(name.lower(), []).append((name, value))
    result: list[tuple[str, str]] = []
    placed: set[str] = set()
    for name, value in original:
        lower = name.lower()
        if lower not in updates:
            result.append((name, value))
        elif lower not in placed:
            placed.add(lower)
            result.extend(updates[lower])
    for lower, pairs in updates.items():
        if lower not in placed:
            result.extend(pairs)
    return result


def build_revisit_records(
    exchange: HttpExchange,
    refers_to: RevisitOf,
    *,
    http_status: int,
    http_headers: Sequence[tuple[str, str]],
    http_protocol: str = "HTTP/1.1",
    response_id: str | None = None,
    request_id: str | None = None,
) -> ExchangeRecords:
    """A ``revisit`` record (HTTP headers, no payload) and the ``request`` that names it.

    The block holds ``http_status`` and ``http_headers``: for an identical payload, the
    response's own; for a 304, the original's updated from it, with the original's status
    (pywb replays a revisit that keeps the literal 304 as an empty 304).
    """
    records = build_exchange_records(exchange, response_id=response_id, request_id=request_id)
    revisit_warc: dict[str, str] = {
        "WARC-Type": "revisit",
        "WARC-Record-ID": records.response_id,
        "WARC-Date": warc_date(exchange.date),
    }
    if exchange.ip_address:
        revisit_warc["WARC-IP-Address"] = exchange.ip_address
    revisit_warc.update(
        {
            "WARC-Profile": refers_to.profile,
            "WARC-Refers-To-Target-URI": refers_to.target_uri,
            "WARC-Refers-To-Date": refers_to.date,
            "WARC-Refers-To": refers_to.record_id,
            "WARC-Payload-Digest": refers_to.payload_digest,
        }
    )
    http = _ExactStatusAndHeaders(
        f"{http_status} {reason_phrase(http_status)}", list(http_headers), protocol=http_protocol
    )
    revisit = _BUILDER.create_warc_record(
        target_uri(exchange.url),
        "revisit",
        payload=BytesIO(b""),
        length=0,
        warc_headers_dict=revisit_warc,
        http_headers=http,
    )
    return ExchangeRecords(response=revisit, request=records.request)


def identical_payload_headers(exchange: HttpExchange) -> list[tuple[str, str]]:
    """The HTTP headers an identical-payload revisit keeps: the response's own, normalised."""
    return normalise_response_headers(
        exchange.response_headers, exchange.body, method=exchange.method, status=exchange.status
    )


def warcinfo_fields(info: CrawlInfo, *, filename: str) -> list[tuple[str, str]]:
    """The ``application/warc-fields`` lines of a warcinfo record, in order."""
    fields: list[tuple[str, str]] = [
        ("software", info.software),
        ("format", WARC_FORMAT),
        ("conformsTo", WARC_CONFORMS_TO),
        ("isPartOf", info.crawl_id),
        ("hostname", info.hostname),
        ("filename", filename),
    ]
    user_agent = info.config.get("USER_AGENT")
    if user_agent:
        fields.append(("http-header-user-agent", str(user_agent)))
    if "ROBOTSTXT_OBEY" in info.config:
        obey = str(info.config["ROBOTSTXT_OBEY"]).lower() in {"1", "true", "yes"}
        fields.append(("robots", "obey" if obey else "ignore"))
    fields.extend(("seed", seed) for seed in info.seeds)
    # One JSON line keeps every setting readable by a machine without inventing field names;
    # json.dumps escapes newlines, so the value cannot break the warc-fields block.
    config = json.dumps(dict(info.config), sort_keys=True, default=str, ensure_ascii=False)
    fields.append(("crawl-config", config))
    fields.append(("http-headers", HEADER_PROVENANCE))
    # A line break inside a value would start a new field.
    return [(name, value.replace("\r", " ").replace("\n", " ")) for name, value in fields]


def build_warcinfo_record(
    info: CrawlInfo,
    *,
    filename: str,
    date: datetime,
    record_id: str | None = None,
) -> WarcRecord:
    """The warcinfo record that opens each file (``WARC-Filename`` names that file)."""
    payload = "".join(
        f"{name}: {value}\r\n" for name, value in warcinfo_fields(info, filename=filename)
    ).encode("utf-8")
    return _BUILDER.create_warc_record(
        "",
        "warcinfo",
        payload=BytesIO(payload),
        length=len(payload),
        warc_headers_dict={
            "WARC-Type": "warcinfo",
            "WARC-Record-ID": record_id or new_record_id(),
            "WARC-Date": warc_date(date),
            "WARC-Filename": filename,
        },
    )
