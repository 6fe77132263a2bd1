"""Texts as sentences and their sentence-level differences."""

from __future__ import annotations

from topten_crawler.overtime.sentences import diff_sentences, shared_share, split_sentences


def test_sentences_end_at_full_stops_but_not_after_abbreviations_or_initials() -> None:
    text = (
        'Mr. Smith met U.S. Army officers on Monday. He said "No." John F. Kennedy spoke!\n'
        "A list item\n\nA new paragraph? It is. (An aside.) 3 more came."
    )
    assert split_sentences(text) == [
        "Mr. Smith met U.S. Army officers on Monday.",
        'He said "No."',
        "John F. Kennedy spoke!",
        "A list item",
        "A new paragraph?",
        "It is.",
        "(An aside.)",
        "3 more came.",
    ]
    assert split_sentences(None) == split_sentences("  \n\n ") == []


def test_changes_are_labelled_and_in_text_order() -> None:
    old = ["A cat sat on the mat.", "The dog ran away fast.", "Birds sang.", "The end."]
    new = [
        "A cat sat on the mat.",
        "The dog ran away very fast.",
        "Fish swim in the pond.",
        "Birds sang.",
        "Officials said on Monday that talks would resume.",
    ]
    changes = [(c.change, c.old, c.new) for c in diff_sentences(old, new)]
    assert changes == [
        ("edited", "The dog ran away fast.", "The dog ran away very fast."),
        ("added", None, "Fish swim in the pond."),
        ("deleted", "The end.", None),
        ("added", None, "Officials said on Monday that talks would resume."),
    ]
    assert diff_sentences(old, old) == []


def test_an_unlike_replacement_is_a_deletion_and_an_addition() -> None:
    changes = diff_sentences(["Talks failed on Monday."], ["Markets rose sharply in Asia."])
    assert [(c.change, c.old_index, c.new_index) for c in changes] == [
        ("deleted", 0, 0),
        ("added", 1, 0),
    ]


def test_shared_share_counts_the_texts_sentences_found_in_the_reference() -> None:
    reference = "One. Two. Three. Four."
    assert shared_share("One. Two. Three. Four. Five.", reference) == 0.8
    assert shared_share("One. Six. Seven.", reference) == 1 / 3
    assert shared_share("", reference) == 0.0
    assert shared_share("", "") == 1.0
