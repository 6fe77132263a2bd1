"""The digest site's page requisites: theme and plugin stylesheets and scripts, web fonts,
CSS background images, uploads (every size of every picture), site icons.

Every asset has the same bytes on every request and on every day of the site, a correct
``Content-Type``, and the headers of a static file behind nginx (``Last-Modified``, ``ETag``,
``Cache-Control``); a matching conditional request gets a 304. Text assets are gzip-compressed
for clients that accept it, with a ``Content-Length``.

:func:`page_requisites` lists what a page loads, independently of the crawler's own code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from urllib.parse import urljoin, urlsplit

from topten_crawler.replica import images, theme_css
from topten_crawler.replica.reply import Reply

THEME = "/wp-content/themes/newsblock"
POWERKIT = "/wp-content/plugins/powerkit"
GFORMS = "/wp-content/plugins/gravityforms"
UPLOADS = "/wp-content/uploads/"
SITE_LOGO = "/wp-content/uploads/2021/03/foreign-desk-logo.png"
EMBED_CSS = "/wp-includes/css/wp-embed-template.min.css"

# When the theme and plugins were last updated: the Last-Modified of their files.
THEME_MODIFIED = datetime(2024, 1, 9, 14, 21, 7, tzinfo=UTC)
CACHE_CONTROL = "max-age=31536000"

CONTENT_TYPES = {
    "css": "text/css",
    "js": "application/javascript",
    "woff2": "font/woff2",
    "woff": "font/woff",
    "ttf": "font/ttf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "ico": "image/x-icon",
}
_NAVY = (11, 37, 69)
_INK = (16, 21, 31)
_WHITE = (255, 255, 255)
_RED = (200, 16, 46)


def _static(name: str) -> Callable[[], bytes]:
    def read() -> bytes:
        return (resources.files("topten_crawler.replica") / "static" / name).read_bytes()

    return read


def _text(value: str) -> Callable[[], bytes]:
    return lambda: value.encode("utf-8")


# Fixed files, by path (queries such as ?ver= are ignored, as by a static file server).
FILES: dict[str, Callable[[], bytes]] = {
    f"{THEME}/style.css": _text(theme_css.STYLE_CSS),
    f"{THEME}/css/components.css": _text(theme_css.COMPONENTS_CSS),
    f"{THEME}/fonts/fd-display-bold.woff2": _static("fd-display-bold.woff2"),
    f"{THEME}/fonts/fd-display-bold.woff": _static("fd-display-bold.woff"),
    f"{THEME}/fonts/fd-text-regular.woff2": _static("fd-text-regular.woff2"),
    f"{THEME}/fonts/fd-text-regular.ttf": _static("fd-text-regular.ttf"),
    f"{THEME}/images/header-pattern.png": lambda: images.pattern_png(24, _NAVY, (22, 52, 90)),
    f"{THEME}/images/footer-pattern.png": lambda: images.pattern_png(16, _INK, (30, 38, 52)),
    f"{THEME}/images/logo-mark.png": lambda: images.logo_png(56, 56),
    f"{THEME}/js/scripts.js": _text(theme_css.SCRIPTS_JS),
    "/wp-includes/css/dist/block-library/style.min.css": _text(theme_css.BLOCK_LIBRARY_CSS),
    EMBED_CSS: _text(theme_css.EMBED_CSS),
    "/wp-includes/images/embed-corner.png": lambda: images.pattern_png(12, _WHITE, _RED),
    "/wp-includes/js/jquery/jquery.min.js": _text(theme_css.JQUERY_JS),
    f"{POWERKIT}/modules/share-buttons/public/css/public-powerkit-share-buttons.css": _text(
        theme_css.SHARE_BUTTONS_CSS
    ),
    f"{POWERKIT}/modules/share-buttons/public/js/public-powerkit-share-buttons.js": _text(
        theme_css.SHARE_BUTTONS_JS
    ),
    f"{GFORMS}/assets/css/dist/basic.min.css": _text(theme_css.GRAVITY_FORMS_CSS),
    f"{GFORMS}/js/gravityforms.min.js": _text(theme_css.GRAVITY_FORMS_JS),
    "/favicon.ico": lambda: images.ico(images.logo_png(32, 32), 32),
}
# Stylesheets and scripts, as the page heads and footers link them.
STYLESHEETS = (
    ("wp-block-library-css", "/wp-includes/css/dist/block-library/style.min.css?ver=6.4.3"),
    ("csco-styles-css", f"{THEME}/style.css?ver=1.2.1"),
    (
        "powerkit-share-buttons-css",
        f"{POWERKIT}/modules/share-buttons/public/css/public-powerkit-share-buttons.css?ver=2.9.1",
    ),
    ("gform_basic-css", f"{GFORMS}/assets/css/dist/basic.min.css?ver=2.7.17"),
)
HEAD_SCRIPTS = (("jquery-core-js", "/wp-includes/js/jquery/jquery.min.js?ver=3.7.1"),)
FOOTER_SCRIPTS = (
    ("csco-scripts-js", f"{THEME}/js/scripts.js?ver=1.2.1"),
    (
        "powerkit-share-buttons-js",
        f"{POWERKIT}/modules/share-buttons/public/js/public-powerkit-share-buttons.js",
    ),
    ("gform_gravityforms-js", f"{GFORMS}/js/gravityforms.min.js?ver=2.7.17"),
)
# Site icon sizes WordPress prints: (rel, size).
SITE_ICONS = (("icon", 32), ("icon", 192), ("apple-touch-icon", 180))

_UPLOAD_DATE = re.compile(r"^/wp-content/uploads/(\d{4})/(\d{2})/")


def extension(path: str) -> str:
    last = path.rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[-1].lower() if "." in last else ""


def _last_modified(path: str) -> datetime:
    match = _UPLOAD_DATE.match(path)
    if match:  # an upload was made in the month its folder names
        return datetime(int(match.group(1)), int(match.group(2)), 1, 9, 30, tzinfo=UTC)
    return THEME_MODIFIED


def _body(path: str) -> bytes | None:
    make = FILES.get(path)
    if make is not None:
        return make()
    if not path.startswith(UPLOADS):
        return None
    ext = extension(path)
    stem, size = images.split_size(path)
    if ext == "png" and stem == SITE_LOGO.rsplit(".", 1)[0]:
        width, height = size or (180, 40)
        return images.logo_png(width, height) if width * height <= 512 * 512 else None
    if ext in ("jpg", "jpeg"):
        return images.upload_image(path, "jpeg")
    if ext == "png":
        return images.upload_image(path, "png")
    return None


@cache
def _fixed_reply(path: str) -> Reply | None:
    return _make_reply(path)


def _make_reply(path: str) -> Reply | None:
    ext = extension(path)
    if ext not in CONTENT_TYPES:
        return None
    body = _body(path)
    if body is None:
        return None
    headers = [("Cache-Control", CACHE_CONTROL), ("Accept-Ranges", "bytes")]
    text = ext in ("css", "js")
    content_type = CONTENT_TYPES[ext]
    # The HTTP layer adds the ETag (of the bytes sent) and Last-Modified, and answers 304.
    return Reply(
        200,
        content_type,
        body,
        headers,
        compressible=text,
        chunked=False,
        last_modified=_last_modified(path),
        validators="honour",
    )


def asset_reply(path: str) -> Reply | None:
    """The reply for an asset path (no query), or None when there is no such file."""
    if path in FILES:
        return _fixed_reply(path)
    # Uploads are drawn on demand (images keeps a bounded cache of them), so that a 5000-post
    # site does not hold every size of every picture in memory.
    return _make_reply(path)


# --- what a page loads ----------------------------------------------------------------------

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)""", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')\s]+)["']?\s*\)""", re.IGNORECASE)


def css_references(css: str) -> list[str]:
    """``@import`` targets and ``url(...)`` values of a stylesheet, in order, without data: URLs."""
    css = _CSS_COMMENT.sub("", css)
    found = [m.group(1) for m in _CSS_IMPORT.finditer(css)]
    found += [m.group(1) for m in _CSS_URL.finditer(css)]
    return [u for u in dict.fromkeys(found) if not u.startswith(("data:", "#"))]


class _Collector(HTMLParser):
    """The URLs an HTML document loads to render, in document order (not inside noscript)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (kind, raw URL)
        self._noscript = 0
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "noscript":
            self._noscript += 1
        if self._noscript:
            return
        if tag == "link":
            rels = set(a.get("rel", "").lower().split())
            if "stylesheet" in rels:
                self.found.append(("style", a.get("href", "")))
            elif rels & {"icon", "apple-touch-icon"}:
                self.found.append(("image", a.get("href", "")))
        elif tag == "script" and a.get("src"):
            self.found.append(("script", a["src"]))
        elif tag in ("img", "source"):
            if a.get("src"):
                self.found.append(("image", a["src"]))
            for candidate in a.get("srcset", "").split(","):
                if candidate.strip():
                    self.found.append(("image", candidate.split()[0]))
        elif tag == "iframe" and a.get("src"):
            self.found.append(("frame", a["src"]))
        elif tag == "style":
            self._style = True
        if a.get("style"):
            self.found += [("image", u) for u in css_references(a["style"])]

    def handle_endtag(self, tag: str) -> None:
        if tag == "noscript" and self._noscript:
            self._noscript -= 1
        elif tag == "style":
            self._style = False

    def handle_data(self, data: str) -> None:
        if self._style and not self._noscript:
            self.found += [("image", u) for u in css_references(data)]


def page_requisites(
    page_url: str, html: str, fetch: Callable[[str], Reply | None], *, frames: bool = True
) -> list[str]:
    """Every URL on the page's own server that the page loads to render: stylesheets and what
    they import and load (fonts, background images), scripts, every ``src``/``srcset`` candidate
    of images and picture sources, site icons, and iframes with their own requisites (one level).
    ``fetch(url)`` answers a same-server URL. URLs of other hosts (the tag manager) are left out.
    """
    origin = urlsplit(page_url).netloc
    urls: list[str] = []

    def add(url: str) -> bool:
        if urlsplit(url).netloc != origin or url in urls:
            return False
        urls.append(url)
        return True

    def stylesheet(url: str) -> None:
        if not add(url):
            return
        reply = fetch(url)
        if reply is None or reply.status != 200:
            return
        for ref in css_references(reply.body.decode("utf-8", "replace")):
            target = urljoin(url, ref)
            if extension(urlsplit(target).path) == "css":
                stylesheet(target)
            else:
                add(target)

    collector = _Collector()
    collector.feed(html)
    collector.close()
    for kind, raw in collector.found:
        url = urljoin(page_url, raw.strip())
        if kind == "style":
            stylesheet(url)
        elif kind == "frame":
            if add(url) and frames:
                reply = fetch(url)
                if reply is not None and reply.status == 200:
                    inner = reply.body.decode("utf-8", "replace")
                    for sub in page_requisites(url, inner, fetch, frames=False):
                        add(sub)
        else:
            add(url)
    return urls
