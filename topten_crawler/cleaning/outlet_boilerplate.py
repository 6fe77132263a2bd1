"""Boilerplate learned across an outlet's pages in one crawl.

A page alone cannot tell a metered-paywall notice, a newsletter box inside the body or a
recurring author bio from the article; the crawl can, since it holds every page it fetched of
that outlet. A block of a source's text (a paragraph, as ``join_blocks`` separates them) is
the outlet's boilerplate when:

- the same block (compared case-, space-, punctuation- and digit-insensitively, so that "3
  free articles left" and "2 free articles left" are one) stands in the bodies of two or
  more different articles of the same host, and in at least half of that host's articles
  in the crawl, in the same place (the same paragraph counted from the start or from the
  end, in most of the articles that hold it), and is short
  (``outlets.MAX_LEARNED_BLOCK_CHARS``). A template puts its notice, box or bio in one place
  on most pages; a stock sentence a newsroom reuses ("Officials did not respond to requests
  for comment") turns up in a few articles, anywhere, and is reporting. Two pages that share
  most of their blocks are one article twice (syndicated, or under two URLs), and teach
  nothing;
- or it matches a short-text pattern of a known kind (``outlets.KNOWN_BOILERPLATE``: meters,
  subscription and sign-up prompts, cookie and consent notices).

Titles too: a part that the titles of all of a host's articles (two or more) share before or
after a separator ("Headline | Outlet Weekly") is the outlet's, and is cut from each.

What one crawl learns holds in the next ones: a crawl starts from the blocks and title parts
that earlier crawls of the archive dropped (``remember``, from their reports). Without that,
an article's text would change with the set of other articles of its outlet that a crawl
happened to fetch (an article that dies leaves a block in fewer than half of them), and an
unchanged page would count as a new version.

Pure: records (dicts, as the crawl holds them) in, records and a report out. ``remember``
earlier reports, ``learn`` every record, then ``clean`` each; ``report`` says, per host, which
blocks went and why.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from topten_crawler.cleaning.text import match_key
from topten_crawler.rules import outlets

# Paragraphs of a record's text (list items, one per line, stay in their paragraph).
PARAGRAPH_BREAK = "\n\n"
_NOT_WORDS = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")


def block_key(text: str) -> str:
    """What two printings of one block have in common: lower-case words, numbers as 0."""
    words = _NOT_WORDS.sub(" ", match_key(text).lower()).strip()
    return _DIGITS.sub("0", words)


def host_of(record: Mapping[str, Any]) -> str:
    url = record.get("final_url") or record.get("url") or ""
    host = (urlsplit(str(url)).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


@dataclass
class LearnedBlock:
    """A block dropped from an outlet's articles, and why."""

    text: str
    # "repeated" (in several articles of the host) or "pattern:<kind>".
    reason: str
    # Articles of the host whose text held it.
    articles: int = 0
    # Times it was dropped.
    dropped: int = 0


@dataclass
class _Outlet:
    # Per article (its URL), the keys of its short blocks.
    articles: dict[str, set[str]] = field(default_factory=dict)
    # Per article, each short block's place: (paragraph from the start, from the end).
    places: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    # The first printing of each key, as the report shows it.
    printed: dict[str, str] = field(default_factory=dict)
    learned: dict[str, LearnedBlock] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)
    # The title part every article shares: (separator, part, at the end?).
    title_part: tuple[str, str, bool] | None = None
    # What earlier crawls of the archive dropped: block keys, and the title part.
    remembered: dict[str, LearnedBlock] = field(default_factory=dict)
    remembered_title_part: tuple[str, str, bool] | None = None
    titles_cut: int = 0


class OutletBoilerplate:
    """What one crawl learns of its outlets' boilerplate (see the module's docstring)."""

    def __init__(self) -> None:
        self._outlets: dict[str, _Outlet] = {}
        self._decided = False
        self.dropped = 0

    def remember(self, report: Mapping[str, Any]) -> None:
        """Apply what an earlier crawl learned (its :meth:`report`) in this crawl too."""
        outlets_seen = report.get("outlets")
        if not isinstance(outlets_seen, Mapping):
            return
        for host, entry in outlets_seen.items():
            if not isinstance(entry, Mapping):
                continue
            outlet = self._outlets.setdefault(str(host), _Outlet())
            for block in entry.get("blocks") or []:
                text, reason = block.get("text"), block.get("reason")
                key = block_key(text) if isinstance(text, str) else ""
                if key and key not in outlet.remembered and isinstance(reason, str):
                    outlet.remembered[key] = LearnedBlock(text, reason)
            part = entry.get("title_part")
            if isinstance(part, Mapping) and isinstance(part.get("separator"), str):
                outlet.remembered_title_part = (
                    part["separator"],
                    str(part.get("text")),
                    part.get("at") == "end",
                )
        self._decided = False

    def learn(self, record: Mapping[str, Any]) -> None:
        """Take note of one source record's blocks (records without text teach nothing)."""
        text = record.get("text")
        if record.get("type", "source") != "source" or not isinstance(text, str) or not text:
            return
        outlet = self._outlets.setdefault(host_of(record), _Outlet())
        article = str(record.get("canonical_url") or record.get("final_url") or record["url"])
        if article not in outlet.articles and isinstance(record.get("title"), str):
            outlet.titles.append(record["title"])
        keys = outlet.articles.setdefault(article, set())
        places = outlet.places.setdefault(article, {})
        blocks = text.split(PARAGRAPH_BREAK)
        for index, block in enumerate(blocks):
            if len(block) <= outlets.MAX_LEARNED_BLOCK_CHARS:
                key = block_key(block)
                if key:
                    keys.add(key)
                    places.setdefault(key, (index, len(blocks) - 1 - index))
                    outlet.printed.setdefault(key, block)
        self._decided = False

    def _decide(self) -> None:
        for outlet in self._outlets.values():
            outlet.title_part = shared_title_part(outlet.titles) or outlet.remembered_title_part
            for key, block in outlet.remembered.items():
                if key not in outlet.learned:
                    holding = sum(key in keys for keys in outlet.articles.values())
                    outlet.learned[key] = LearnedBlock(block.text, block.reason, holding)
            holders: dict[str, list[str]] = {}
            for article, keys in outlet.articles.items():
                for key in keys:
                    holders.setdefault(key, []).append(article)
            for key, articles in holders.items():
                share = len(articles) / len(outlet.articles)
                if key in outlet.learned or len(articles) < 2 or share < outlets.LEARNED_SHARE:
                    continue
                if _same_place(key, articles, outlet.places) and _independent_pair(
                    articles, outlet.articles
                ):
                    outlet.learned[key] = LearnedBlock(
                        outlet.printed[key], "repeated", articles=len(articles)
                    )
        self._decided = True

    def clean(self, record: dict[str, Any]) -> dict[str, Any]:
        """``record`` without its outlet's boilerplate blocks (``word_count`` follows)."""
        if not self._decided:
            self._decide()
        text = record.get("text")
        if record.get("type", "source") != "source" or not isinstance(text, str) or not text:
            return record
        outlet = self._outlets.setdefault(host_of(record), _Outlet())
        record = self._clean_title(outlet, record)
        kept: list[str] = []
        for block in text.split(PARAGRAPH_BREAK):
            learned = self._learned(outlet, block)
            if learned is None:
                kept.append(block)
                continue
            learned.dropped += 1
            self.dropped += 1
        if len(kept) == len(text.split(PARAGRAPH_BREAK)):
            return record
        cleaned = PARAGRAPH_BREAK.join(kept)
        return {**record, "text": cleaned, "word_count": len(cleaned.split())}

    @staticmethod
    def _clean_title(outlet: _Outlet, record: dict[str, Any]) -> dict[str, Any]:
        title = record.get("title")
        if outlet.title_part is None or not isinstance(title, str):
            return record
        separator, part, at_end = outlet.title_part
        affix = separator + part if at_end else part + separator
        if at_end and title.endswith(affix) and len(title) > len(affix):
            outlet.titles_cut += 1
            return {**record, "title": title[: -len(affix)].strip()}
        if not at_end and title.startswith(affix) and len(title) > len(affix):
            outlet.titles_cut += 1
            return {**record, "title": title[len(affix) :].strip()}
        return record

    def _learned(self, outlet: _Outlet, block: str) -> LearnedBlock | None:
        if len(block) > outlets.MAX_LEARNED_BLOCK_CHARS:
            return None
        key = block_key(block)
        learned = outlet.learned.get(key)
        if learned is not None:
            return learned
        kind = known_kind(block)
        if kind is None:
            return None
        articles = sum(key in keys for keys in outlet.articles.values())
        learned = LearnedBlock(block, f"pattern:{kind}", articles=articles)
        outlet.learned[key] = learned
        return learned

    def report(self) -> dict[str, Any]:
        """Per host, the blocks dropped from its articles: text, reason, articles, drops."""
        hosts: dict[str, Any] = {}
        for host, outlet in sorted(self._outlets.items()):
            blocks = [b for b in outlet.learned.values() if b.dropped]
            if blocks or outlet.titles_cut:
                cut = outlet.title_part
                hosts[host] = {
                    "articles": len(outlet.articles),
                    "title_part": (
                        {
                            "text": cut[1],
                            "separator": cut[0],
                            "at": "end" if cut[2] else "start",
                            "cut": outlet.titles_cut,
                        }
                        if cut and outlet.titles_cut
                        else None
                    ),
                    "blocks": [
                        {
                            "text": b.text,
                            "reason": b.reason,
                            "articles": b.articles,
                            "dropped": b.dropped,
                        }
                        for b in sorted(blocks, key=lambda b: (-b.dropped, b.text))
                    ],
                }
        return {"blocks_dropped": self.dropped, "outlets": hosts}


def shared_title_part(titles: list[str]) -> tuple[str, str, bool] | None:
    """The part that every title (two or more) has after its last separator, or before its
    first: (separator, part, True when at the end). None when they share none, or when the
    part would be a whole title."""
    if len(titles) < 2:
        return None
    for separator in outlets.TITLE_SEPARATORS:
        for at_end in (True, False):
            parts = set()
            for title in titles:
                head, found, tail = (
                    title.rpartition(separator) if at_end else title.partition(separator)
                )
                if not found or not head.strip() or not tail.strip():
                    break
                parts.add(tail if at_end else head)
            else:
                if len(parts) == 1:
                    part = parts.pop()
                    if len(part.split()) <= outlets.MAX_SITE_SUFFIX_WORDS:
                        return separator, part, at_end
    return None


def known_kind(block: str) -> str | None:
    """The kind of known short boilerplate a block is, if it is one."""
    if len(block) > outlets.MAX_BOILERPLATE_CHARS:
        return None
    key = match_key(block)
    for kind, pattern in outlets.KNOWN_BOILERPLATE.items():
        if pattern.fullmatch(key):
            return kind
    return None


def _same_place(key: str, articles: list[str], places: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether most of the articles holding a block hold it in the same place."""
    from_start = Counter(places[a][key][0] for a in articles)
    from_end = Counter(places[a][key][1] for a in articles)
    agreeing = max(max(from_start.values()), max(from_end.values()))
    return agreeing >= 2 and agreeing >= outlets.SAME_PLACE_SHARE * len(articles)


def _independent_pair(articles: list[str], blocks_of: Mapping[str, set[str]]) -> bool:
    """Whether two of ``articles`` are different articles, not one printed twice."""
    if len(articles) < 2:
        return False
    candidates = articles[: outlets.MAX_LEARNING_COMPARISONS]
    for index, first in enumerate(candidates):
        for second in candidates[index + 1 :]:
            if _share(blocks_of[first], blocks_of[second]) <= outlets.SAME_ARTICLE_SHARE:
                return True
    return False


def _share(first: Iterable[str], second: Iterable[str]) -> float:
    one, other = set(first), set(second)
    smaller = min(len(one), len(other))
    return len(one & other) / smaller if smaller else 0.0
