"""Texts as sentences, and the sentence-level differences between two texts.

A record's ``text`` is paragraphs separated by blank lines (list items one per line); every
line is split further into sentences by the rules of :mod:`topten_crawler.rules.overtime`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from topten_crawler.rules.overtime import ABBREVIATIONS, EDITED_SIMILARITY, SENTENCE_END

TextChangeKind = Literal["added", "deleted", "edited"]


def split_sentences(text: str | None) -> list[str]:
    """The sentences of ``text`` in order, white space collapsed, empty ones left out."""
    sentences: list[str] = []
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        start = 0
        for match in SENTENCE_END.finditer(line):
            head = line[start : match.start()]
            last_word = head.rsplit(" ", 1)[-1].lower()
            if match.group() == "." and (
                last_word in ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha())
            ):
                continue  # "Mr. Smith", "U.S. Army", "John F. Kennedy"
            sentences.append(line[start : match.end()].strip())
            start = match.end()
        sentences.append(line[start:].strip())
    return [sentence for sentence in sentences if sentence]


def similarity(old: str, new: str) -> float:
    """How alike two sentences are, 0 to 1, word by word."""
    return difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False).ratio()


@dataclass(frozen=True)
class TextChange:
    """One sentence added, deleted or edited; ``old`` / ``new`` are None where there is none."""

    change: TextChangeKind
    old: str | None
    new: str | None
    old_index: int  # where in the old sentences (the next one's index for an addition)
    new_index: int  # where in the new sentences (the next one's index for a deletion)

    def as_dict(self) -> dict[str, str | None]:
        return {"change": self.change, "old": self.old, "new": self.new}


def diff_sentences(old: list[str], new: list[str]) -> list[TextChange]:
    """The sentence changes that turn ``old`` into ``new``, in text order.

    Sentences replaced at one place are paired in order: a pair alike enough
    (``EDITED_SIMILARITY``) is one sentence ``edited``; the rest are ``deleted`` and ``added``.
    """
    changes: list[TextChange] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        changes.extend(_replaced(old, new, i1, i2, j1, j2))
    return changes


def _replaced(
    old: list[str], new: list[str], i1: int, i2: int, j1: int, j2: int
) -> Iterator[TextChange]:
    i, j = i1, j1
    while i < i2 or j < j2:
        if i < i2 and j < j2:
            if similarity(old[i], new[j]) >= EDITED_SIMILARITY:
                yield TextChange("edited", old[i], new[j], i, j)
                i, j = i + 1, j + 1
                continue
            # The old sentence is kept in spirit further down the new ones: what comes before
            # it there is new; otherwise the old sentence is gone.
            ahead = next(
                (k for k in range(j + 1, j2) if similarity(old[i], new[k]) >= EDITED_SIMILARITY),
                None,
            )
            if ahead is not None:
                for k in range(j, ahead):
                    yield TextChange("added", None, new[k], i, k)
                j = ahead
                continue
            yield TextChange("deleted", old[i], None, i, j)
            i += 1
        elif i < i2:
            yield TextChange("deleted", old[i], None, i, j)
            i += 1
        else:
            yield TextChange("added", None, new[j], i, j)
            j += 1


def shared_share(text: str | None, reference: str | None) -> float:
    """The share of ``text``'s sentences that are sentences of ``reference`` (1 when ``text``
    has none and neither has ``reference``, 0 when only ``reference`` has some)."""
    sentences = split_sentences(text)
    known = set(split_sentences(reference))
    if not sentences:
        return 0.0 if known else 1.0
    return sum(1 for sentence in sentences if sentence in known) / len(sentences)
