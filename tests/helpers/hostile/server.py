"""The hostile site's servers: raw HTTP/1.1 over sockets, one thread per connection, so that a
case can send anything (a reset, half a body, a drip, a header of 100 KB).

One server per loopback host: the digest site on 127.0.0.1, the outlets its posts cite on
127.0.0.2, and three outlets whose robots.txt is the fault (127.0.0.3-5). Every connection
gets one answer and is closed. Routes come from the cases (``cases.py``); what each host was
asked is counted, so that a test can say how often a URL was fetched.
"""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

HOSTS = {
    "site": "127.0.0.1",
    "outlet": "127.0.0.2",
    "robots-error": "127.0.0.3",
    "robots-hang": "127.0.0.4",
    "robots-huge": "127.0.0.5",
}
HEAD_LIMIT = 64 * 1024


@dataclass
class Exchange:
    """One request, and the socket its answer goes to."""

    sock: socket.socket
    method: str
    target: str
    headers: dict[str, str]
    stopping: threading.Event

    def send(
        self,
        status: int = 200,
        body: bytes = b"",
        content_type: str | None = "text/html; charset=utf-8",
        headers: Iterable[tuple[str, str]] = (),
        *,
        length: int | None = None,
    ) -> None:
        """A whole answer: status line, headers (``Content-Length`` is the body's unless
        ``length`` says otherwise), body."""
        lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}", "Connection: close"]
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        lines += [f"{name}: {value}" for name, value in headers]
        lines.append(f"Content-Length: {len(body) if length is None else length}")
        self.raw(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        if self.method != "HEAD":
            self.raw(body)

    def raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def reset(self) -> None:
        """Close with a TCP reset instead of a FIN."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def wait(self, seconds: float) -> bool:
        """Sleep; True when the site is stopping meanwhile."""
        return self.stopping.wait(seconds)


Handler = Callable[[Exchange], None]

REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found",
           500: "Internal Server Error", 503: "Service Unavailable"}  # fmt: skip


@dataclass
class Routes:
    """What one host answers: exact paths, then path prefixes, else 404."""

    exact: dict[str, Handler] = field(default_factory=dict)
    prefixes: dict[str, Handler] = field(default_factory=dict)

    def find(self, path: str) -> Handler | None:
        if path in self.exact:
            return self.exact[path]
        for prefix, handler in sorted(self.prefixes.items(), key=lambda kv: -len(kv[0])):
            if path.startswith(prefix):
                return handler
        return None


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str, routes: Routes, stopping: threading.Event) -> None:
        self.routes = routes
        self.stopping = stopping
        self.hits: Counter[str] = Counter()
        self.hits_lock = threading.Lock()
        super().__init__((host, 0), _Connection)


class _Connection(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(60)
        try:
            head = _read_head(sock)
            if head is None:
                return
            method, target, headers = _parse_head(head)
            path = target.split("?", 1)[0]
            with self.server.hits_lock:
                self.server.hits[target] += 1
            handler = self.server.routes.find(path)
            exchange = Exchange(sock, method, target, headers, self.server.stopping)
            if handler is None:
                exchange.send(404, b"<html><body>Not here.</body></html>")
            else:
                handler(exchange)
        except OSError:
            pass  # the crawler gave up on the answer (a cut, a time-out): nothing to do


def _read_head(sock: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk or len(data) > HEAD_LIMIT:
            return None
        data += chunk
    return data.split(b"\r\n\r\n", 1)[0]


def _parse_head(head: bytes) -> tuple[str, str, dict[str, str]]:
    request_line, *header_lines = head.decode("latin-1").split("\r\n")
    method, target, _ = [*request_line.split(" "), "", ""][:3]
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return method, target, headers


class HostileServers:
    """Every host of the site, serving :attr:`routes` until :meth:`stop`."""

    def __init__(self) -> None:
        self.stopping = threading.Event()
        # Filled once the ports are known (pages name them): see ``site.HostileSite``.
        self.routes = {name: Routes() for name in HOSTS}
        self._servers = {
            name: _Server(HOSTS[name], self.routes[name], self.stopping) for name in HOSTS
        }
        self._threads = [
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                             daemon=True, name=f"hostile-{name}")
            for name, server in self._servers.items()
        ]  # fmt: skip
        for thread in self._threads:
            thread.start()

    def base_url(self, host: str) -> str:
        address, port = self._servers[host].server_address[:2]
        return f"http://{address}:{port}"

    def port(self, host: str) -> int:
        return int(self._servers[host].server_address[1])

    def hits(self, host: str, target: str) -> int:
        return self._servers[host].hits[target]

    def stop(self) -> None:
        self.stopping.set()  # drips and hanging answers end
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
