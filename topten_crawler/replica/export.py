"""The digest site written to a folder, with an nginx configuration that serves it as the
replica does: for benchmarks against a real web server.

Every page a crawler can reach from the home page, ``robots.txt``, the sitemaps and the feed
is rendered once (absolute links for the base URL nginx will listen on) and written under
``site/``: a URL ending in ``/`` as ``index.html`` in its folder, each compressible body also
gzipped beside it (``.gz``, served by ``gzip_static`` with a ``Content-Length``, as the replica
sends them). Redirects go into an nginx ``map`` on the request URI, content types that a file
name cannot tell (feeds, JSON) into exact ``location`` blocks. Page requisites (theme files and
uploads) are written too when asked for.

``nginx.conf`` is self-contained (its own pid file and logs under the folder, no access log);
``latency`` seconds are slept before each answer with the Lua module (``ngx.sleep``).
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from topten_crawler.replica.content import LinkResolver, SiteContent
from topten_crawler.replica.render_base import PageWeight
from topten_crawler.replica.reply import Reply
from topten_crawler.replica.site import DigestSite

# Where a crawl of the digest site starts: what the crawlers ask for first.
START_PATHS = ("/", "/robots.txt", "/sitemap_index.xml", "/feed/")
# Media types nginx's mime.types gives by file name: any other needs a location of its own.
_BY_NAME = {
    ".html": "text/html",
    ".xml": "text/xml",
    ".xsl": "text/xml",
    ".txt": "text/plain",
    ".css": "text/css",
    ".js": "application/javascript",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}
_QUOTED_URL = r"""[^"'<>\s)\\]*"""
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')\s]+)["']?\s*\)""", re.IGNORECASE)
_SRCSET_OR_HREF = re.compile(r"""(?:href|src|srcset)=["']([^"']+)["']""", re.IGNORECASE)
_REQUISITE_PREFIXES = ("/wp-content/", "/wp-includes/", "/favicon.ico")
# The line of the configuration that sleeps before each answer, commented out when there is
# no latency (the Lua module's access phase costs CPU even for a zero sleep).
_LATENCY_LINE = re.compile(r"(# )?access_by_lua_block \{ ngx\.sleep\([0-9.]+\) \}")


@dataclass(frozen=True)
class Export:
    folder: Path
    base_url: str
    pages: int
    redirects: int
    files: int

    @property
    def config(self) -> Path:
        return self.folder / "nginx.conf"


def export_site(
    content: SiteContent,
    folder: Path,
    base_url: str,
    *,
    page_weight: PageWeight = "full",
    requisites: bool = False,
) -> Export:
    """Write every page reachable from ``START_PATHS`` for ``base_url`` under ``folder``."""
    parts = urlsplit(base_url)
    if parts.scheme != "http" or not parts.hostname or not parts.port:
        raise ValueError(f"an export needs an http base URL with a port, not {base_url!r}")
    # Sources are not served by the export: their links point at the replica's outlet hosts.
    sources = [f"http://127.0.0.{n}:{parts.port}/" for n in range(2, 10)]
    site = DigestSite(content, LinkResolver(base_url, sources), page_weight)
    root = folder / "site"
    root.mkdir(parents=True, exist_ok=True)
    own_url = re.compile(re.escape(base_url.rstrip("/")) + "(/" + _QUOTED_URL + ")")
    redirects: dict[str, str] = {}
    typed: dict[str, str] = {}
    queue: deque[str] = deque(START_PATHS)
    seen = set(queue)
    pages = files = 0
    while queue:
        target = queue.popleft()
        reply = site.handle(target)
        found: list[str] = []
        if reply.status in (301, 302):
            location = dict(reply.headers)["Location"]
            redirects[target] = location
            found.append(location)
        elif reply.status == 200:
            path = urlsplit(target).path
            files += _write(root, path, reply, typed)
            pages += not path.startswith(_REQUISITE_PREFIXES)
            found += _links(reply, own_url, base_url + target.lstrip("/"))
        for url in found:
            next_target = _own_target(url, base_url)
            if next_target is None or next_target in seen:
                continue
            if next_target.startswith(_REQUISITE_PREFIXES) and not requisites:
                continue
            seen.add(next_target)
            queue.append(next_target)
    (folder / "logs").mkdir(exist_ok=True)
    (folder / "nginx.conf").write_text(
        nginx_config(folder, parts.hostname, parts.port, redirects, typed), encoding="utf-8"
    )
    return Export(folder, base_url, pages, len(redirects), files)


def set_latency(export: Export, latency: float) -> None:
    """Make the export's nginx sleep ``latency`` seconds before each answer (0: none)."""
    text = export.config.read_text(encoding="utf-8")
    line = f"access_by_lua_block {{ ngx.sleep({latency:.3f}) }}"
    text = _LATENCY_LINE.sub(line if latency > 0 else f"# {line}", text)
    export.config.write_text(text, encoding="utf-8")


def _links(reply: Reply, own_url: re.Pattern[str], page_url: str) -> list[str]:
    kind = reply.content_type.split(";")[0].strip()
    if not kind.startswith(("text/", "application/xml", "application/rss", "application/json")):
        return []
    text = reply.body.decode("utf-8", errors="replace")
    found = [match.group(0) for match in own_url.finditer(text)]
    if kind == "text/css":
        found += [urljoin(page_url, ref) for ref in _CSS_URL.findall(text)]
    else:
        for value in _SRCSET_OR_HREF.findall(text):
            found += [urljoin(page_url, item.split()[0]) for item in value.split(",") if item]
    return found


def _own_target(url: str, base_url: str) -> str | None:
    """The request target (path and query) of a URL of the site, without its fragment."""
    if not url.startswith(base_url.rstrip("/") + "/"):
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _write(root: Path, path: str, reply: Reply, typed: dict[str, str]) -> int:
    relative = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
    if not relative or ".." in relative.split("/"):
        return 0
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(reply.body)
    if reply.compressible:
        target.with_name(target.name + ".gz").write_bytes(reply.gzipped)
    media_type = reply.content_type.split(";")[0].strip()
    if _BY_NAME.get(target.suffix) != media_type:
        typed[path] = reply.content_type
    return 1


def nginx_config(
    folder: Path, host: str, port: int, redirects: dict[str, str], typed: dict[str, str]
) -> str:
    modules = Path("/usr/lib/nginx/modules")
    redirect_lines = "\n".join(
        f"        {_quoted(target)} {_quoted(location)};" for target, location in redirects.items()
    )
    typed_locations = "\n".join(
        f"        location = {_quoted(path)} {{ types {{ }} default_type {_quoted(media)}; "
        f"try_files $uri $uri/index.html =404; }}"
        for path, media in typed.items()
    )
    return f"""# The replica's digest site served by nginx (topten_crawler.replica.export).
load_module {modules / "ndk_http_module.so"};
load_module {modules / "ngx_http_lua_module.so"};
worker_processes 1;
pid {folder / "logs" / "nginx.pid"};
error_log {folder / "logs" / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    server_tokens off;
    gzip_static on;
    gzip_vary on;
    client_body_temp_path {folder / "logs"};
    proxy_temp_path {folder / "logs"};
    fastcgi_temp_path {folder / "logs"};
    uwsgi_temp_path {folder / "logs"};
    scgi_temp_path {folder / "logs"};
    map_hash_max_size 262144;
    map_hash_bucket_size 256;
    map $request_uri $replica_redirect {{
        default "";
{redirect_lines}
    }}
    server {{
        listen {host}:{port};
        root {folder / "site"};
        absolute_redirect on;
        port_in_redirect on;
        # access_by_lua_block {{ ngx.sleep(0.000) }}
        if ($replica_redirect) {{ return 301 $replica_redirect; }}
        location / {{ try_files $uri $uri/index.html =404; }}
{typed_locations}
    }}
}}
"""


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
