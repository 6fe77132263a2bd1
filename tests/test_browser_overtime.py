"""The pages of ``history --html`` and ``linkrot`` in headless Chromium: they open without a
console error, ask for nothing (inline CSS, inline SVG, no script), and show the edits and the
chart. Screenshots go to ``test-artifacts/overtime/``; ``history-readme.png`` and
``linkrot-readme.png`` there are the README's pictures (``make readme-screenshot`` copies them
to ``docs/``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.helpers.browser import (
    artifacts_dir,
    box_of,
    browser_page,
    chromium,
    save_crop,
    screenshot,
    settle,
)
from tests.helpers.browser import missing_reason as browser_missing
from tests.helpers.over_time import OverTime
from topten_crawler.overtime.crawls import archive_crawls
from topten_crawler.overtime.html import history_page_name
from topten_crawler.overtime.report import write_history, write_history_pages, write_linkrot

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(browser_missing() is not None, reason=browser_missing() or ""),
]
REPLAY = "http://127.0.0.1:8080"
WIDTH, HEIGHT = 1280, 1600
README_HEIGHT = 860


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def pages(over_time: OverTime, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both commands' pages of the shared archive, written outside it; link rot with no
    waiting days, so that its dead URLs are listed."""
    out = tmp_path_factory.mktemp("overtime-pages")
    crawls = archive_crawls(over_time.archive)
    histories = write_history(crawls, out / "history.jsonl")
    write_history_pages(histories, out / "history", REPLAY)
    write_linkrot(
        crawls, out / "linkrot.jsonl", out / "linkrot.html", confirm_days=0, replay_base=REPLAY
    )
    return out


@dataclass
class Opened:
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def open_page(browser: Browser, path: Path, shot: str) -> tuple[Opened, Path, dict[str, object]]:
    """Open ``path``, screenshot it; what it logged and asked for, and where its parts are."""
    opened = Opened()
    with browser_page(browser, {"file://"}, width=WIDTH, height=HEIGHT) as page:

        def console(message: ConsoleMessage) -> None:
            if message.type in ("error", "warning"):
                opened.errors.append(f"{message.type}: {message.text}")

        page.page.on("console", console)
        page.page.on("pageerror", lambda error: opened.errors.append(f"page error: {error}"))
        page.page.goto(path.as_uri())
        settle(page.page)
        image = screenshot(page.page, artifacts_dir("overtime") / f"{shot}.png")
        opened.requests = [e.url for e in page.exchanges]
        boxes = {
            name: box_of(page.page, selector)
            for name, selector in (("svg", "svg"), ("sides", ".sides"), ("ins", ".sides ins"))
        }
        counts = {
            name: page.page.locator(selector).count()
            for name, selector in (
                ("bars", "svg rect"),
                ("edited", ".sides .edited"),
                ("added", ".sides ins"),
                ("deleted", ".sides del"),
                ("dead", "td.dead"),
                ("scripts", "script"),
            )
        }
    return opened, image, {**boxes, **counts}


def test_every_history_page_opens_without_errors(
    browser: Browser, over_time: OverTime, pages: Path
) -> None:
    changed = sorted(over_time.expected["posts"]["changed"])
    for number, url in enumerate(changed):
        path = pages / "history" / history_page_name(url)
        opened, _, found = open_page(browser, path, f"history-{number}")
        assert opened.errors == [], url
        assert opened.requests == [path.as_uri()], url
        assert found["scripts"] == 0
    opened, _, _ = open_page(browser, pages / "history" / "index.html", "history-index")
    assert opened.errors == []


def test_the_diff_page_marks_the_edits_side_by_side(
    browser: Browser, over_time: OverTime, pages: Path
) -> None:
    """The extended post: one paragraph added on the right; the silently reworded post: one
    sentence edited on both sides. The reworded one is the README's picture."""
    extended = over_time.post_urls[0][over_time.events.extended or ""]
    _, _, found = open_page(browser, pages / "history" / history_page_name(extended), "extended")
    assert (found["added"], found["deleted"], found["edited"]) == (1, 0, 0)
    reworded = over_time.post_urls[0][over_time.events.reworded or ""]
    opened, image, found = open_page(
        browser, pages / "history" / history_page_name(reworded), "reworded"
    )
    assert opened.errors == []
    assert (found["added"], found["deleted"], found["edited"]) == (0, 0, 2)  # old and new side
    sides = found["sides"]
    assert isinstance(sides, dict) and sides["y"] < HEIGHT
    save_crop(image, artifacts_dir("overtime") / "history-readme.png", (0, 0, WIDTH, README_HEIGHT))


def test_the_linkrot_page_shows_the_chart_and_the_dead(browser: Browser, pages: Path) -> None:
    path = pages / "linkrot.html"
    opened, image, found = open_page(browser, path, "linkrot")
    assert opened.errors == []
    assert opened.requests == [path.as_uri()]
    assert isinstance(found["bars"], int) and found["bars"] >= 1
    assert isinstance(found["dead"], int) and found["dead"] >= 4
    svg = found["svg"]
    assert isinstance(svg, dict) and svg["width"] > 600 and svg["height"] > 200
    bottom = int(svg["y"] + svg["height"]) + 20
    save_crop(image, artifacts_dir("overtime") / "linkrot-readme.png", (0, 0, WIDTH, bottom))
