"""Headless Chromium for the browser tests, driven by Playwright, and pixel comparison.

Chromium comes from the system: ``$TOPTEN_CHROMIUM`` if set, else the first of
``CHROMIUM_NAMES`` on PATH, as the Makefile looks for it (``make browser-deps`` installs
Debian's ``chromium`` package when it finds none). Playwright is only the driver: its
wheel ships the driver it needs, and ``playwright install`` (which downloads browsers) is
never run. Each launch gets a fresh, empty profile from Playwright.

Chromium runs as root in CI, so without its sandbox; it is kept off every outside host (the
background-networking flags), and the tests route every request of a page through
``BrowserPage.allow``: a request to any other origin is aborted before it leaves the browser,
and recorded.

Screenshots and their difference images go to ``test-artifacts/`` (``$TOPTEN_TEST_ARTIFACTS``
names another folder), which git ignores.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Frame, Page, Request, Response, Route

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ENV = "TOPTEN_CHROMIUM"
ARTIFACTS_ENV = "TOPTEN_TEST_ARTIFACTS"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "run `make browser-deps` (apt-get install chromium, unless one is on PATH) and "
    f"`make setup`, or name a Chromium in ${CHROMIUM_ENV}"
)

# Flags that keep Chromium quiet on a machine without the internet: no sandbox (root in CI),
# no GPU, no QUIC, and none of the background requests (updates, sync, field trials) that
# would try outside hosts.
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--font-render-hinting=none",  # the same glyph rasterising for every page
    # Every request that is not to loopback goes to a proxy that refuses at once: a fence for
    # what Playwright's routing does not see (a service worker's fetches, as ReplayWeb.page
    # makes them). Chromium never sends loopback requests through a proxy.
    "--proxy-server=http://127.0.0.1:9",
)
NAVIGATION_TIMEOUT_MS = 30_000

# Resource types (Playwright's names) of the page requisites that decide how a page looks.
LOOK_TYPES = frozenset({"stylesheet", "image", "font"})


def chromium_path() -> Path | None:
    configured = os.environ.get(CHROMIUM_ENV)
    candidates = [configured] if configured else [shutil.which(name) for name in CHROMIUM_NAMES]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK) and Path(candidate).is_file():
            return Path(candidate)
    return None


def missing_reason() -> str | None:
    """Why the browser tests cannot run, and what fixes it; None when they can."""
    if chromium_path() is None:
        where = os.environ.get(CHROMIUM_ENV) or f"PATH ({', '.join(CHROMIUM_NAMES)})"
        return f"Chromium not found in {where} ({INSTALL_HINT})"
    if importlib.util.find_spec("playwright") is None:
        return f"the playwright package is not installed in this venv ({INSTALL_HINT})"
    try:
        import PIL  # noqa: F401
    except ImportError:
        return f"the pillow package is not installed in this venv ({INSTALL_HINT})"
    return None


def artifacts_dir(*parts: str) -> Path:
    configured = os.environ.get(ARTIFACTS_ENV)
    folder = Path(configured) if configured else REPO_ROOT / "test-artifacts"
    folder = folder.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium (the system's), closed on the way out."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise FileNotFoundError(missing_reason())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(path),
            headless=True,
            chromium_sandbox=False,
            args=list(CHROMIUM_FLAGS),
            timeout=60_000,
        )
        try:
            yield browser
        finally:
            browser.close()


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class Exchange:
    """One request the page made, as the browser saw it."""

    url: str
    resource_type: str
    method: str
    status: int | None = None  # None: no response (failed or blocked)
    failure: str | None = None
    blocked: bool = False  # aborted by the test: its origin was not allowed
    headers: dict[str, str] = field(default_factory=dict)  # of the response, lower-case names


@dataclass
class BrowserPage:
    """A page in its own browser context whose every request is recorded.

    Only requests to the ``allow``-ed origins (and ``data:``/``blob:`` URLs) reach the
    network; any other request is aborted and recorded as blocked.
    """

    page: Page
    allow: frozenset[str]
    exchanges: list[Exchange] = field(default_factory=list)
    _by_request: dict[Request, Exchange] = field(default_factory=dict)

    def _route(self, route: Route, request: Request) -> None:
        if request.url.startswith(("data:", "blob:")) or origin(request.url) in self.allow:
            route.continue_()
            return
        exchange = self._record(request)
        exchange.blocked = True
        route.abort("blockedbyclient")

    def _record(self, request: Request) -> Exchange:
        exchange = self._by_request.get(request)
        if exchange is None:
            exchange = Exchange(request.url, request.resource_type, request.method)
            self._by_request[request] = exchange
            self.exchanges.append(exchange)
        return exchange

    def _response(self, response: Response) -> None:
        exchange = self._record(response.request)
        exchange.status = response.status
        exchange.headers = {k.lower(): v for k, v in response.headers.items()}

    def _failed(self, request: Request) -> None:
        self._record(request).failure = request.failure

    def requisites(self) -> list[Exchange]:
        """Stylesheets, images and fonts: what decides how the page looks."""
        return [e for e in self.exchanges if e.resource_type in LOOK_TYPES]

    def save_log(self, path: Path) -> None:
        entries = [asdict(e) for e in self.exchanges]
        path.write_text(json.dumps(entries, indent=1) + "\n", encoding="utf-8")


@contextmanager
def browser_page(
    browser: Browser,
    allow: set[str] | frozenset[str],
    *,
    width: int = 1280,
    height: int = 2000,
    service_workers: bool = False,
) -> Iterator[BrowserPage]:
    """A new context and page: fixed viewport, reduced motion, every request recorded."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=1,
        reduced_motion="reduce",
        color_scheme="light",
        locale="en-US",
        timezone_id="UTC",
        service_workers="allow" if service_workers else "block",
    )
    try:
        page = context.new_page()
        page.set_default_timeout(NAVIGATION_TIMEOUT_MS)
        recorded = BrowserPage(page, frozenset(allow))
        page.on("request", recorded._record)
        page.on("response", recorded._response)
        page.on("requestfailed", recorded._failed)
        if not service_workers:
            # Playwright's routing does not see a service worker's requests: pages that need
            # one (ReplayWeb.page) are recorded but not fenced.
            context.route("**/*", recorded._route)
        yield recorded
    finally:
        context.close()


def settle(page: Page) -> None:
    """Wait until the page is loaded, its network quiet, its fonts ready, and it has painted."""
    page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")
    painted(page)


def painted(page: Page | Frame) -> None:
    """Wait for the web fonts of a page or frame, then for two frames to be painted."""
    page.evaluate("document.fonts.ready.then(() => true)")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def screenshot(page: Page, path: Path) -> Path:
    """The viewport (not the full page: both images of a comparison have the same size)."""
    page.screenshot(path=str(path), animations="disabled", caret="hide", scale="css")
    return path


@dataclass(frozen=True)
class Difference:
    fraction: float  # share of pixels that differ by more than the tolerance
    differing: int
    total: int
    tolerance: int  # largest per-channel difference (0-255) still taken as equal
    box: tuple[int, int, int, int] | None  # bounding box of the differing pixels

    def describe(self) -> str:
        return (
            f"{self.differing} of {self.total} pixels ({self.fraction:.4%}) differ by more "
            f"than {self.tolerance}/255 in a channel; bounding box {self.box}"
        )


def pixel_difference(first: Path, second: Path, *, tolerance: int, diff_path: Path) -> Difference:
    """Compare two screenshots pixel by pixel; write a difference image to ``diff_path``.

    A pixel differs when any of its R, G, B channels differs by more than ``tolerance``. Images
    of different sizes are compared on the larger canvas, the missing part counting as
    differing. The difference image shows the first screenshot faded, with differing pixels in
    red.
    """
    from PIL import Image, ImageChops

    with Image.open(first) as a_file, Image.open(second) as b_file:
        a = a_file.convert("RGB")
        b = b_file.convert("RGB")
    size = (max(a.width, b.width), max(a.height, b.height))
    if a.size != size or b.size != size:
        a_full = Image.new("RGB", size, (255, 0, 255))
        b_full = Image.new("RGB", size, (0, 255, 0))
        a_full.paste(a)
        b_full.paste(b)
        a, b = a_full, b_full
    delta = ImageChops.difference(a, b)
    # The largest channel difference of each pixel, then a 0/255 mask above the tolerance.
    r, g, bl = delta.split()
    largest = ImageChops.lighter(ImageChops.lighter(r, g), bl)
    mask = largest.point(lambda v: 255 if v > tolerance else 0)
    histogram = mask.histogram()
    differing = histogram[255]
    total = size[0] * size[1]
    faded = Image.blend(a, Image.new("RGB", size, (255, 255, 255)), 0.7)
    faded.paste(Image.new("RGB", size, (230, 0, 0)), mask=mask)
    faded.save(diff_path, optimize=True)
    return Difference(differing / total, differing, total, tolerance, mask.getbbox())


def save_crop(source: Path, target: Path, box: tuple[int, int, int, int]) -> Path:
    """A region of a screenshot as a small PNG: 256-colour palette, optimised."""
    from PIL import Image

    with Image.open(source) as image:
        region = image.convert("RGB").crop(box)
    palette = region.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    target.parent.mkdir(parents=True, exist_ok=True)
    palette.save(target, optimize=True)
    return target


def text_of(page: Page, selector: str) -> str | None:
    element = page.query_selector(selector)
    return None if element is None else element.inner_text()


def box_of(page: Page, selector: str) -> dict[str, Any] | None:
    element = page.query_selector(selector)
    if element is None:
        return None
    box = element.bounding_box()
    return None if box is None else dict(box)
