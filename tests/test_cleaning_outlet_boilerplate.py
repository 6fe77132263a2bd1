"""Boilerplate learned across an outlet's pages: repeated blocks and known short kinds."""

from __future__ import annotations

from typing import Any

import pytest

from topten_crawler.cleaning.outlet_boilerplate import (
    OutletBoilerplate,
    block_key,
    known_kind,
    shared_title_part,
)

BIO = "Maren Holt covers transport for the Gazette. She lives in the river district."
METER = "You have 3 free articles left this month."


def source(url: str, *paragraphs: str, **more: Any) -> dict[str, Any]:
    text = "\n\n".join(paragraphs)
    return {"type": "source", "url": url, "final_url": url, "text": text, **more}


def learned_from(*records: dict[str, Any]) -> tuple[OutletBoilerplate, list[dict[str, Any]]]:
    learner = OutletBoilerplate()
    for record in records:
        learner.learn(record)
    return learner, [learner.clean(dict(record)) for record in records]


def test_a_block_in_two_articles_of_one_host_is_dropped_and_reported() -> None:
    learner, cleaned = learned_from(
        source("https://www.gazette.example/a", "Trams return to the bridge.", BIO),
        source("https://gazette.example/b", "The ferry timetable changes.", BIO),
        source("https://other.example/c", "A third story.", BIO),
    )
    assert [r["text"] for r in cleaned] == [
        "Trams return to the bridge.",
        "The ferry timetable changes.",
        f"A third story.\n\n{BIO}",  # another host: one article teaches nothing
    ]
    assert cleaned[0]["word_count"] == 5
    assert learner.report() == {
        "blocks_dropped": 2,
        "outlets": {
            "gazette.example": {
                "articles": 2,
                "title_part": None,
                "blocks": [{"text": BIO, "reason": "repeated", "articles": 2, "dropped": 2}],
            }
        },
    }


def test_numbers_and_case_do_not_make_two_blocks() -> None:
    assert block_key("You have 3 FREE articles left!") == block_key(
        "you have 12 free articles left"
    )
    _, cleaned = learned_from(
        source("https://gazette.example/a", "One.", "Print edition, page 4"),
        source("https://gazette.example/b", "Two.", "Print edition, page 11"),
    )
    assert [r["text"] for r in cleaned] == ["One.", "Two."]


def test_one_article_printed_twice_teaches_nothing() -> None:
    story = [
        "The mill reopens on Monday.",
        "Its owners hired forty people.",
        "Shifts start at six.",
    ]
    _, cleaned = learned_from(
        source("https://gazette.example/mill", *story),
        source("https://gazette.example/mill?amp=1", *story),
    )
    assert [r["text"] for r in cleaned] == ["\n\n".join(story)] * 2


def test_long_shared_paragraphs_are_reporting_not_boilerplate() -> None:
    background = "Background. " * 40  # a paragraph two articles of one story may share
    _, cleaned = learned_from(
        source("https://gazette.example/a", "First report.", background),
        source("https://gazette.example/b", "Second report.", background),
    )
    assert all(background.strip() in r["text"] for r in cleaned)


def test_known_short_kinds_go_even_on_a_single_page() -> None:
    learner, cleaned = learned_from(
        source("https://gazette.example/a", "The story.", METER, "Already a subscriber? Log in")
    )
    assert cleaned[0]["text"] == "The story."
    reasons = [b["reason"] for b in learner.report()["outlets"]["gazette.example"]["blocks"]]
    assert sorted(reasons) == ["pattern:already_subscriber", "pattern:meter"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (METER, "meter"),
        ("We use cookies to improve your experience. By continuing you agree.", "cookie_consent"),
        ("Sign up for our morning briefing.", "sign_up"),
        ("Subscribe today for unlimited access.", "subscribe"),
        ("Already a subscriber? Log in", "already_subscriber"),
        ("By using satellite data, researchers found the ice had thinned.", None),
        ("Sign up sheets for the vaccine were posted at the town hall.", None),
        ("Subscribers to the plan rose by 4 percent in the year to March.", None),
    ],
)
def test_known_kinds(text: str, kind: str | None) -> None:
    assert known_kind(text) == kind


def test_error_records_and_posts_pass_untouched() -> None:
    failed = {"type": "source", "url": "https://gazette.example/x", "text": "", "error": "dns"}
    post = {"type": "post", "url": "https://digest.example/p", "text": METER}
    learner, cleaned = learned_from(failed, post)
    assert cleaned == [failed, post]
    assert learner.report() == {"blocks_dropped": 0, "outlets": {}}


def test_a_title_part_every_article_of_a_host_shares_is_cut() -> None:
    learner, cleaned = learned_from(
        source("https://gazette.example/a", "One.", title="Trams return :: Gazette Online"),
        source("https://gazette.example/b", "Two.", title="Ferries change :: Gazette Online"),
        source("https://other.example/c", "Three.", title="Alone :: Gazette Online"),
    )
    assert [r["title"] for r in cleaned] == [
        "Trams return",
        "Ferries change",
        "Alone :: Gazette Online",
    ]
    outlet = learner.report()["outlets"]["gazette.example"]
    assert outlet["title_part"] == {
        "text": "Gazette Online",
        "separator": " :: ",
        "at": "end",
        "cut": 2,
    }


@pytest.mark.parametrize(
    ("titles", "part"),
    [
        (["Weekly | A story", "Weekly | Another"], (" | ", "Weekly", False)),
        (["A story - Daily", "Another - Weekly"], None),
        (["A story - Daily"], None),
        (["Daily", "Another - Daily"], None),
    ],
)
def test_shared_title_part(titles: list[str], part: tuple[str, str, bool] | None) -> None:
    assert shared_title_part(titles) == part


def test_what_an_earlier_crawl_learned_holds_in_the_next() -> None:
    """Day 0 learns the bio from two articles; day 1 fetches one of them only, and still drops
    it (and the title part), so the article's text is the same on both days."""
    day0, _ = learned_from(
        source("https://gazette.example/a", "Trams return.", BIO, title="Trams | The Gazette"),
        source("https://gazette.example/b", "Ferries change.", BIO, title="Ferries | The Gazette"),
    )
    day0_report = day0.report()
    assert day0_report["outlets"]["gazette.example"]["title_part"]["separator"] == " | "
    day1 = OutletBoilerplate()
    day1.remember(day0_report)
    alone = source("https://gazette.example/a", "Trams return.", BIO, title="Trams | The Gazette")
    day1.learn(alone)
    cleaned = day1.clean(dict(alone))
    assert (cleaned["text"], cleaned["title"]) == ("Trams return.", "Trams")
    assert day1.report()["outlets"]["gazette.example"]["blocks"][0]["reason"] == "repeated"


def test_an_unreadable_earlier_report_teaches_nothing() -> None:
    learner = OutletBoilerplate()
    learner.remember({"outlets": {"gazette.example": {"blocks": [{"text": 3}], "title_part": 1}}})
    learner.remember({"outlets": []})
    record = source("https://gazette.example/a", "Trams return.", BIO)
    learner.learn(record)
    assert learner.clean(dict(record))["text"] == f"Trams return.\n\n{BIO}"
