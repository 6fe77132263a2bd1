"""The block engine: HTML into blocks, blocks into text, boilerplate and repeats out."""

from __future__ import annotations

import pytest
from lxml import etree, html

from topten_crawler.cleaning.blocks import (
    Block,
    blocks_of,
    element_text,
    join_blocks,
    without_elements,
)
from topten_crawler.cleaning.boilerplate import drop_repeated_blocks, is_boilerplate_paragraph
from topten_crawler.cleaning.selectors import select, select_first
from topten_crawler.cleaning.text import match_key, normalize_space, without_site_suffix


def text_of(markup: str) -> str:
    return join_blocks(blocks_of(html.fragment_fromstring(markup, create_parent="div")))


def test_paragraphs_are_separated_by_one_blank_line() -> None:
    assert text_of("<p>One  <em>two</em>\nthree.</p><p>Four.</p>") == "One two three.\n\nFour."


def test_list_items_stand_one_per_line_in_one_block() -> None:
    markup = "<p>Intro:</p><ul><li>first</li><li>second <b>item</b></li></ul><p>After.</p>"
    assert text_of(markup) == "Intro:\n\nfirst\nsecond item\n\nAfter."


def test_two_lists_stay_two_blocks() -> None:
    assert text_of("<ol><li>a</li></ol><ul><li>b</li></ul>") == "a\n\nb"


def test_blockquote_headings_and_captions_are_paragraphs() -> None:
    markup = (
        "<h2>Subhead</h2><blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote>"
        "<figure><img src='x.jpg' alt='alt text'><figcaption>Caption</figcaption></figure>"
    )
    assert text_of(markup) == "Subhead\n\nQuoted one.\n\nQuoted two.\n\nCaption"


def test_invisible_text_is_skipped_and_curly_quotes_kept() -> None:
    markup = "<p>“Zoë’s” café <script>var x = 1;</script><style>p{}</style>opened.</p>"
    assert text_of(markup) == "“Zoë’s” café opened."


def test_line_breaks_inside_a_paragraph() -> None:
    assert text_of("<p>Line one<br>Line two</p>") == "Line one\nLine two"


def test_links_belong_to_their_block() -> None:
    root = html.fragment_fromstring(
        "<p>See <a href='http://a.example/x'>this</a>.</p><p><a href='/y'>Read More</a></p>",
        create_parent="div",
    )
    blocks = blocks_of(root)
    assert [(b.text, [link.href for link in b.links]) for b in blocks] == [
        ("See this.", ["http://a.example/x"]),
        ("Read More", ["/y"]),
    ]


def test_without_elements_keeps_the_text_after_a_removed_element() -> None:
    root = html.fragment_fromstring(
        "<p>Before <span class='pk-share-buttons-wrap'>Total 0 Shares</span> after.</p>",
        create_parent="div",
    )
    cleaned, removed = without_elements(root, [".pk-share-buttons-wrap"])
    assert removed == 1
    assert join_blocks(blocks_of(cleaned)) == "Before after."
    # The original tree is untouched: extraction never mutates the parsed page.
    assert "Total" in root.text_content()


def test_boilerplate_paragraphs_match_whole_paragraphs_only() -> None:
    assert is_boilerplate_paragraph("Total 0 Shares")
    assert is_boilerplate_paragraph("Sign Up for Lisa’s Top Ten")
    assert is_boilerplate_paragraph(
        "Sign Up for Lisa's Top Ten to get a daily briefing on the world each morning. "
        "Start your free trial today."
    )
    assert is_boilerplate_paragraph("Untitled(Required)")
    assert not is_boilerplate_paragraph("The company's total shares outstanding fell by half.")
    assert not is_boilerplate_paragraph("Readers were urged to subscribe to the alert service.")
    assert not is_boilerplate_paragraph("Related posts on the forum were deleted by moderators.")


def test_repeated_caption_is_dropped_once() -> None:
    root = html.fragment_fromstring(
        "<p>Royal Navy</p><p>Royal Navy</p><p>Text.</p><p>Royal Navy</p>", create_parent="div"
    )
    kept = drop_repeated_blocks(blocks_of(root))
    assert join_blocks(kept) == "Royal Navy\n\nText.\n\nRoyal Navy"


def test_repeats_ignore_case_only_when_asked() -> None:
    blocks = [Block("Royal Navy"), Block("ROYAL NAVY"), Block("Text.")]
    assert [b.text for b in drop_repeated_blocks(blocks)] == ["Royal Navy", "ROYAL NAVY", "Text."]
    kept = drop_repeated_blocks(blocks, ignore_case=True)
    assert [b.text for b in kept] == ["Royal Navy", "Text."]


def test_blocks_outside_lists_are_paragraphs_whatever_their_kind() -> None:
    # trafilatura's blocks are named after its elements and never share a list group.
    blocks = [Block("One", "item"), Block("Two", "item"), Block("a\nb", "list")]
    assert join_blocks(blocks) == "One\n\nTwo\n\na\nb"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("“Don’t” ‘go’", "\"Don't\" 'go'"),
        ("Line one\nLine two", "Line one Line two"),
    ],
)
def test_match_key_straightens_quotes_and_joins_lines(text: str, key: str) -> None:
    assert match_key(text) == key


def test_match_key_of_normalised_text_is_the_whole_normalisation() -> None:
    raw = " Sign\u00a0up  for Lisa’s\tTop Ten "
    assert match_key(normalize_space(raw)) == "Sign up for Lisa's Top Ten"
    assert is_boilerplate_paragraph(raw)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Drone strike - Foreign Desk News", "Drone strike"),
        ("Drone strike | Foreign Desk News", "Drone strike"),
        ("Drone strike · Foreign Desk News", "Drone strike · Foreign Desk News"),
        ("Drone strike - Foreign Desk", "Drone strike - Foreign Desk"),
        ("Drone  strike", "Drone  strike"),
    ],
)
def test_exact_site_suffix_strips_only_the_site_name(title: str, expected: str) -> None:
    separators = (" - ", " – ", " | ", " — ")
    stripped = without_site_suffix(title, "Foreign Desk News", separators=separators, exact=True)
    assert stripped == expected


def test_select_and_select_first() -> None:
    root = html.fragment_fromstring("<p class='a'>x</p><p class='b'>y</p>", create_parent="div")
    assert [e.text for e in select(root, "p")] == ["x", "y"]
    first = select_first(root, (".missing", ".b", ".a"))
    assert first is not None and first.text == "y"
    assert select_first(root, (".missing",)) is None


def test_a_tree_ten_thousand_levels_deep_is_walked_without_recursion() -> None:
    # Built element by element, deeper than any parser keeps (libxml2 stops at 2,048 levels
    # with huge_tree), ten times deeper than Python's recursion limit.
    root = html.fromstring("<div><p>Before the nest.</p><a href='http://a.example/x'></a></div>")
    parent = root[1]
    for level in range(10_000):
        parent = etree.SubElement(parent, "div" if level % 2 else "span")
    parent.text = "At the bottom"
    etree.SubElement(root, "p").text = "After the nest."
    blocks = blocks_of(root)
    assert [b.text for b in blocks] == ["Before the nest.", "At the bottom", "After the nest."]
    assert [link.text for link in blocks[1].links] == ["At the bottom"]
    assert element_text(root) == "Before the nest.At the bottomAfter the nest."
