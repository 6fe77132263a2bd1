"""The HTTP layer of the replica: threaded HTTP/1.1 servers with keep-alive, gzip, chunked
encoding, validators and 304 answers, each serving one app (the digest site or a source host).

A 200 carries an ``ETag`` (a strong validator of the exact bytes sent, gzip or identity) and a
``Last-Modified`` when its app's ``validators`` are not ``"none"``; with ``"honour"`` a
conditional GET or HEAD whose ``If-None-Match`` matches (or, without one, whose
``If-Modified-Since`` is not older than ``Last-Modified``) gets ``304 Not Modified`` with the
validators and caching headers and no body, as nginx sends it (RFC 9110, 13.1 and 15.4.5).
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
from datetime import UTC
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol, cast

from topten_crawler.replica.reply import Reply

CHUNK_SIZE = 4096
# Headers a 304 repeats from the 200 it stands for (RFC 9110, 15.4.5).
_NOT_MODIFIED_HEADERS = frozenset({"cache-control", "content-location", "expires", "vary"})


class App(Protocol):
    def handle(self, target: str) -> Reply: ...


def accepts_gzip(header: str) -> bool:
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip", "*"):
            q = params.strip()
            return not (q.startswith("q=") and float(q[2:] or 0) == 0)
    return False


def url_of(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def not_modified(
    reply: Reply, etag: str, if_none_match: str | None, if_modified: str | None
) -> bool:
    """Whether a conditional request's validators match the reply (If-None-Match first)."""
    if if_none_match is not None:
        # Weak comparison, as RFC 9110 prescribes for If-None-Match.
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if if_modified is None or reply.last_modified is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified)
    except (TypeError, ValueError):
        return False  # an unparsable date is ignored
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    # HTTP dates have whole seconds.
    return reply.last_modified.replace(microsecond=0) <= since


class AppServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], *, latency: float, verbose: bool) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.app: App | None = None
        self.latency = latency
        self.verbose = verbose
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    # Open connections are tracked so that stop() can end idle keep-alive connections at once
    # instead of leaving their threads blocked on a read.
    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client hanging up mid-response is normal for a crawler being stopped.
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError) and not self.verbose:
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    # Idle keep-alive connections are closed after this many seconds.
    timeout = 30

    def version_string(self) -> str:
        return "nginx"

    def log_message(self, format: str, *args: Any) -> None:
        if cast(AppServer, self.server).verbose:
            super().log_message(format, *args)

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _refuse(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = _refuse

    def _respond(self, head: bool) -> None:
        server = cast(AppServer, self.server)
        if server.latency > 0:
            time.sleep(server.latency)
        # Read once: the app may be swapped for another day's between two requests.
        app = server.app
        assert app is not None
        try:
            reply = app.handle(self.path)
        except Exception:
            server.handle_error(self.request, self.client_address)
            reply = Reply(500, "text/plain; charset=utf-8", b"Internal Server Error")
        use_gzip = reply.compressible and accepts_gzip(self.headers.get("Accept-Encoding", ""))
        validators: list[tuple[str, str]] = []
        if reply.status == 200 and reply.validators != "none":
            etag = reply.etag(use_gzip)
            validators.append(("ETag", etag))
            if reply.last_modified is not None:
                modified = format_datetime(reply.last_modified.astimezone(UTC), usegmt=True)
                validators.append(("Last-Modified", modified))
            if reply.validators == "honour" and not_modified(
                reply,
                etag,
                self.headers.get("If-None-Match"),
                self.headers.get("If-Modified-Since"),
            ):
                self._not_modified(reply, validators)
                return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        for name, value in [*reply.headers, *validators]:
            self.send_header(name, value)
        if reply.compressible:
            self.send_header("Vary", "Accept-Encoding")
        if use_gzip and reply.chunked and self.request_version != "HTTP/1.0":
            data = reply.gzipped
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if not head:
                # One write per chunk, so the body really travels chunked on the wire.
                for start in range(0, len(data), CHUNK_SIZE):
                    piece = data[start : start + CHUNK_SIZE]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.write(b"0\r\n\r\n")
            return
        body = reply.gzipped if use_gzip else reply.body
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _not_modified(self, reply: Reply, validators: list[tuple[str, str]]) -> None:
        # No body and no Content-Length or Content-Type: a 304 ends at its header block.
        self.send_response(304)
        for name, value in reply.headers:
            if name.lower() in _NOT_MODIFIED_HEADERS:
                self.send_header(name, value)
        for name, value in validators:
            self.send_header(name, value)
        if reply.compressible:
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
