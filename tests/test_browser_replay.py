"""Historians' replay, seen through a browser: an archived post looks as the live one did.

One crawl of the replica site is shared by the tests of this module. Headless Chromium takes
a screenshot of a post on the live replica; the replica is then stopped, and the same post is
shown by ``topten-crawler replay`` (pywb, ``framed_replay: false``) at
``/<crawl-id>/<timestamp>/<url>``. The two screenshots are compared pixel by pixel, and every
request of the replayed page is recorded: all of them must go to pywb, and every stylesheet,
image and font must come out of the archive. The crawl is also packaged as a WACZ, which must
open in ReplayWeb.page.

Screenshots, their difference image and the request logs land in
``test-artifacts/browser-replay/``; ``replay-readme.png`` there is the picture that ``make
readme-screenshot`` copies to ``docs/replay-screenshot.png``.

What the numbers mean:

- Two pixels are "different" when one of their R, G, B channels differs by more than
  ``TOLERANCE`` (16 of 255): a change of colour or shape, not anti-aliasing noise.
- The replayed page passes when fewer than ``MAX_DIFFERING`` (0.5 %) of the 1280 x 2000
  pixels differ. A missing stylesheet, image or font, a banner, or a shift of the layout by a
  line changes far more than that. Measured on the replica (Chromium 156): the replay as it is,
  0 %; with the post's header image blocked, 6.8 %; with the web fonts blocked, 13 %; with the
  theme's stylesheet blocked, 88 %.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.helpers import replay_env, replaywebpage
from tests.helpers.browser import (
    BrowserPage,
    Difference,
    Exchange,
    artifacts_dir,
    box_of,
    browser_page,
    chromium,
    origin,
    painted,
    pixel_difference,
    save_crop,
    screenshot,
    settle,
    text_of,
)
from tests.helpers.browser import missing_reason as browser_missing
from tests.helpers.replay_env import REPLICA_CRAWL_OPTIONS, replay_command, run_topten
from topten_crawler.cleaning.text import normalize_space

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Frame, Page

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(browser_missing() is not None, reason=browser_missing() or ""),
]
needs_pywb = pytest.mark.skipif(
    replay_env.missing_reason() is not None, reason=replay_env.missing_reason() or ""
)
needs_rwp = pytest.mark.skipif(
    replaywebpage.missing_reason() is not None, reason=replaywebpage.missing_reason() or ""
)

CRAWL_ID = "browser"
MAX_POSTS = 3
WIDTH, HEIGHT = 1280, 2000
TOLERANCE = 16  # of 255, per channel
MAX_DIFFERING = 0.005  # share of the pixels
README_SIZE = (1280, 800)
RWP_TIMEOUT = 60.0
TITLE = "h1.cs-entry__title"


@dataclass
class Shot:
    """A post shown in the browser: its screenshot, what it loaded, where its title stood."""

    url: str  # the address the browser opened
    image: Path
    network: BrowserPage
    title_text: str | None
    title_box: dict[str, Any] | None
    page_info: dict[str, Any]


@dataclass
class Crawl:
    folder: Path
    live_base: str  # the replica's address; nothing listens there once the crawl fixture ends
    post: dict[str, Any]  # the post record that the tests look at
    timestamp: str  # its capture time, 14 digits
    live: Shot


# Facts about the page that pywb could change: its scripts, stylesheets and frames.
PAGE_INFO = """() => ({
  scripts: [...document.scripts].map(s => s.src).filter(Boolean),
  stylesheets: [...document.querySelectorAll('link[rel~=stylesheet]')].map(l => l.href),
  frames: [...document.querySelectorAll('iframe, frame')].map(f => f.id || f.src),
  banner: document.querySelectorAll(
    '#_wb_frame_top_banner, #wb_iframe_div, #replay_iframe, .wb_banner, #wb-banner'
  ).length,
  width: document.documentElement.scrollWidth,
  height: document.documentElement.scrollHeight,
})"""


def artifacts() -> Path:
    return artifacts_dir("browser-replay")


def take(page: BrowserPage, url: str, name: str) -> Shot:
    page.page.goto(url, wait_until="load")
    settle(page.page)
    image = screenshot(page.page, artifacts() / f"{name}.png")
    page.save_log(artifacts() / f"{name}-requests.json")
    return Shot(
        url=url,
        image=image,
        network=page,
        title_text=text_of(page.page, TITLE),
        title_box=box_of(page.page, TITLE),
        page_info=page.page.evaluate(PAGE_INFO),
    )


def capture_timestamp(folder: Path, record: dict[str, Any]) -> str:
    pointer = record["warc"]
    with (folder / pointer["file"]).open("rb") as stream:
        stream.seek(pointer["offset"])
        date = next(iter(ArchiveIterator(stream))).rec_headers.get_header("WARC-Date")
    return "".join(ch for ch in date if ch.isdigit())[:14]


def refused(base: str) -> bool:
    parts = urlsplit(base)
    try:
        socket.create_connection((parts.hostname or "", parts.port or 80), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def crawl(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    """Crawl a few posts of the replica, screenshot one live, then stop the replica."""
    from topten_crawler.replica import ReplicaServer, build_content

    out = tmp_path_factory.mktemp("browser")
    with ReplicaServer(build_content()) as server:
        result = run_topten(
            "crawl", server.base_url, "--out", str(out), "--max-posts", str(MAX_POSTS),
            *REPLICA_CRAWL_OPTIONS, "-s", f"TOPTEN_CRAWL_ID={CRAWL_ID}",
            cwd=out,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr[-3000:]
        folder = out / CRAWL_ID
        lines = (folder / "records.jsonl").read_text(encoding="utf-8").splitlines()
        posts = [r for r in map(json.loads, lines) if r["type"] == "post"]
        # A post with a header image: it has the most requisites to get right.
        post = next((p for p in posts if p.get("image")), posts[0])
        with browser_page(browser, {origin(server.base_url)}, width=WIDTH, height=HEIGHT) as page:
            live = take(page, post["url"], "live")
        live_base = server.base_url
    return Crawl(folder, live_base, post, capture_timestamp(folder, post), live)


@dataclass
class Replayed:
    base: str  # pywb's address
    shot: Shot


@pytest.fixture(scope="module")
def replayed(browser: Browser, crawl: Crawl) -> Iterator[Replayed]:
    """The same post, from ``topten-crawler replay``, the live site stopped."""
    if replay_env.missing_reason() is not None:
        pytest.skip(replay_env.missing_reason() or "")
    assert refused(crawl.live_base), "the replica must be stopped before replay"
    archive_dir = crawl.folder.parent
    with replay_command(str(archive_dir), cwd=archive_dir.parent) as command:
        command.wait_ready()
        url = f"{command.base}/{CRAWL_ID}/{crawl.timestamp}/{crawl.post['url']}"
        with browser_page(browser, {command.base}, width=WIDTH, height=HEIGHT) as page:
            shot = take(page, url, "replay")
        yield Replayed(command.base, shot)


@pytest.fixture(scope="module", autouse=True)
def no_server_left_behind() -> Iterator[None]:
    """After the module's last test: nothing that it started still listens."""
    yield
    assert replay_env.servers_left() == []


def archived_url(replay_url: str, base: str) -> str | None:
    """The original URL inside a pywb replay URL (``<base>/<coll>/<ts><mod>/<url>``)."""
    match = re.match(re.escape(f"{base}/{CRAWL_ID}/") + r"\d{1,14}(?:[a-z]{2}_)?/(.+)$", replay_url)
    return match.group(1) if match else None


def crawl_archives_requisites(folder: Path) -> bool:
    """Does the crawl's index hold any stylesheet, image or font (not only pages)?"""
    index = folder / "indexes" / "index.cdxj"
    if not index.is_file():
        return False
    for line in index.read_text(encoding="utf-8").splitlines():
        fields = json.loads(line.split(" ", 2)[2])
        mime = fields.get("mime", "")
        if mime == "text/css" or mime.startswith(("image/", "font/")) or "font" in mime:
            return True
    return False


def describe(exchanges: list[Exchange]) -> list[str]:
    return [f"{e.resource_type} {e.status or e.failure or 'blocked'} {e.url}" for e in exchanges]


# --- pywb ---------------------------------------------------------------------------------


@needs_pywb
def test_the_replayed_post_looks_like_the_live_post(crawl: Crawl, replayed: Replayed) -> None:
    diff = pixel_difference(
        crawl.live.image,
        replayed.shot.image,
        tolerance=TOLERANCE,
        diff_path=artifacts() / "replay-diff.png",
    )
    (artifacts() / "replay-diff.json").write_text(
        json.dumps({**diff.__dict__, "max_differing": MAX_DIFFERING}) + "\n", encoding="utf-8"
    )
    assert isinstance(diff, Difference)
    assert diff.fraction < MAX_DIFFERING, (
        f"{diff.describe()}; see {artifacts()}/live.png, replay.png and replay-diff.png"
    )


@needs_pywb
def test_the_replayed_page_is_the_post_not_an_error(crawl: Crawl, replayed: Replayed) -> None:
    title = normalize_space(crawl.post["title"])
    assert normalize_space(crawl.live.title_text or "") == title
    assert normalize_space(replayed.shot.title_text or "") == title
    document = next(e for e in replayed.shot.network.exchanges if e.url == replayed.shot.url)
    assert document.status == 200
    assert "memento-datetime" in document.headers  # pywb's mark of an archived response


@needs_pywb
def test_pywb_adds_no_banner_frame_or_style_in_non_framed_replay(
    crawl: Crawl, replayed: Replayed
) -> None:
    live, replay = crawl.live.page_info, replayed.shot.page_info
    assert replay["banner"] == 0
    assert replay["frames"] == live["frames"]
    # pywb's only addition is its rewriting script, wombat.js (framed_replay: false).
    static = f"{replayed.base}/static/"
    added = [src for src in replay["scripts"] if src.startswith(static)]
    assert added == [f"{static}wombat.js"]
    assert not [href for href in replay["stylesheets"] if href.startswith(static)]
    assert len(replay["stylesheets"]) == len(live["stylesheets"])
    # Nothing pushes the page down or sideways: the title stands where it stood live.
    assert replay["width"] == live["width"]
    assert replay["height"] == live["height"]
    assert replayed.shot.title_box == crawl.live.title_box


@needs_pywb
def test_the_replayed_page_asks_nothing_of_the_live_site(crawl: Crawl, replayed: Replayed) -> None:
    exchanges = replayed.shot.network.exchanges
    assert len(exchanges) > 1
    elsewhere = [e for e in exchanges if origin(e.url) != replayed.base]
    assert describe(elsewhere) == []
    # The live replica is still stopped: nothing could have come from it anyway.
    assert refused(crawl.live_base)


@needs_pywb
def test_every_stylesheet_image_and_font_comes_from_the_archive(
    crawl: Crawl, replayed: Replayed
) -> None:
    live_looks = [e for e in crawl.live.network.requisites() if e.status == 200]
    replay_looks = replayed.shot.network.requisites()
    assert live_looks, "the live post loaded no stylesheet, image or font"
    not_archived = [
        e
        for e in replay_looks
        if e.status != 200
        or "memento-datetime" not in e.headers
        or archived_url(e.url, replayed.base) is None
    ]
    asked = {archived_url(e.url, replayed.base) for e in replay_looks}
    never_asked = sorted(e.url for e in live_looks if e.url not in asked)
    if not_archived and not crawl_archives_requisites(crawl.folder):
        pytest.xfail(
            f"the crawl archives no page requisite yet: {len(not_archived)} of "
            f"{len(replay_looks)} stylesheets, images and fonts are not in the archive"
        )
    assert describe(not_archived) == []
    # Every requisite the live page showed, the replayed page showed from the archive.
    assert never_asked == []


@needs_pywb
def test_a_readme_picture_of_the_replayed_post(crawl: Crawl, replayed: Replayed) -> None:
    """A 1280 x 800 crop of the replayed post, with its title in it, for the README."""
    width, height = README_SIZE
    box = replayed.shot.title_box
    assert box is not None
    # The top of the page when the title is in the first screenful, else the title's region.
    top = 0 if box["y"] + box["height"] < height - 100 else int(box["y"]) - height // 2
    top = max(0, min(top, HEIGHT - height))
    picture = save_crop(
        replayed.shot.image, artifacts() / "replay-readme.png", (0, top, width, top + height)
    )
    assert picture.stat().st_size < 400_000


# --- ReplayWeb.page -----------------------------------------------------------------------


def archived_frame(page: Page, url: str, text: str, timeout: float) -> Frame:
    """The frame, however deeply nested, that shows the archived ``url`` with ``text``."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while time.monotonic() < deadline:
        seen = [frame.url for frame in page.frames]
        for frame in page.frames:
            if "/replay/w/" not in frame.url or not frame.url.endswith(url):
                continue
            try:
                body = frame.evaluate("document.body ? document.body.innerText : ''")
            except Error:
                continue  # navigated or detached meanwhile
            if text in normalize_space(body or ""):
                return frame
        # Not time.sleep: Playwright's sync API takes in the browser's events (new frames
        # among them) only while a call into it waits.
        page.wait_for_timeout(250)
    raise AssertionError(f"{text!r} not shown within {timeout} s; frames: {seen}")


@needs_rwp
def test_the_wacz_opens_in_replaywebpage(browser: Browser, crawl: Crawl) -> None:
    result = run_topten("package", str(crawl.folder), cwd=crawl.folder.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    wacz = crawl.folder / f"{CRAWL_ID}.wacz"
    post = crawl.post
    title = normalize_space(post["title"])
    with (
        replaywebpage.serve_embed(wacz, post["url"]) as (embed_url, served),
        browser_page(
            browser, {origin(embed_url)}, width=1280, height=900, service_workers=True
        ) as page,
    ):
        console: list[str] = []
        page.page.on("console", lambda m: console.append(f"{m.type}: {m.text[:300]}"))
        page.page.goto(embed_url, wait_until="load")
        try:
            frame = archived_frame(page.page, post["url"], title, RWP_TIMEOUT)
        finally:
            page.save_log(artifacts() / "replaywebpage-requests.json")
            (artifacts() / "replaywebpage-console.txt").write_text(
                "\n".join([*console, "", "server:", *served]) + "\n", encoding="utf-8"
            )
        # Not settle(): ReplayWeb.page's page never goes network-idle for long.
        frame.wait_for_load_state("load")
        painted(frame)
        screenshot(page.page, artifacts() / "replaywebpage.png")
        heading = frame.query_selector(TITLE)
        assert heading is not None
        assert normalize_space(heading.inner_text()) == title
        first_paragraph = normalize_space(post["text"].split("\n\n")[0])
        assert first_paragraph in normalize_space(frame.evaluate("document.body.innerText"))
        # Everything came from the embed's own server: the WACZ, read by byte ranges.
        assert [e.url for e in page.exchanges if origin(e.url) != origin(embed_url)] == []
        assert any(f"GET /{replaywebpage.SOURCE_NAME}" in line and " 206 " in line
                   for line in served), served  # fmt: skip


@needs_rwp
def test_a_recrawls_wacz_alone_shows_an_unchanged_post(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Crawled twice into one archive folder: the second crawl holds revisits of the first's
    pages, and its WACZ (with the originals they refer to) shows such a post on its own."""
    from topten_crawler.replica import ReplicaServer, build_content

    out = tmp_path_factory.mktemp("recrawl")
    with ReplicaServer(build_content()) as server:
        for crawl_id in ("first", "again"):
            result = run_topten(
                "crawl", server.base_url, "--out", str(out), "--max-posts", str(MAX_POSTS),
                *REPLICA_CRAWL_OPTIONS, "-s", f"TOPTEN_CRAWL_ID={crawl_id}", cwd=out,
            )  # fmt: skip
            assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    folder = out / "again"
    lines = (folder / "records.jsonl").read_text(encoding="utf-8").splitlines()
    posts = [r for r in map(json.loads, lines) if r["type"] == "post"]
    post = next(p for p in posts if p["change"] == "unchanged")
    with (folder / post["warc"]["file"]).open("rb") as stream:
        stream.seek(post["warc"]["offset"])
        assert next(iter(ArchiveIterator(stream))).rec_type == "revisit"
    # The first crawl's folder is out of reach: only the WACZ is served.
    result = run_topten("package", str(folder), "--out", str(out / "again.wacz"), cwd=out)
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.rmtree(out / "first")
    title = normalize_space(post["title"])
    with (
        replaywebpage.serve_embed(out / "again.wacz", post["url"]) as (embed_url, _served),
        browser_page(
            browser, {origin(embed_url)}, width=1280, height=900, service_workers=True
        ) as page,
    ):
        page.page.goto(embed_url, wait_until="load")
        frame = archived_frame(page.page, post["url"], title, RWP_TIMEOUT)
        frame.wait_for_load_state("load")
        screenshot(page.page, artifacts() / "replaywebpage-recrawl.png")
        heading = frame.query_selector(TITLE)
        assert heading is not None
        assert normalize_space(heading.inner_text()) == title
        first_paragraph = normalize_space(post["text"].split("\n\n")[0])
        assert first_paragraph in normalize_space(frame.evaluate("document.body.innerText"))
        assert [e.url for e in page.exchanges if origin(e.url) != origin(embed_url)] == []
