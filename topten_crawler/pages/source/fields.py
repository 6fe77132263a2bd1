"""A source page's metadata fields: JSON-LD first, then meta tags, then the visible page.

Each field read from a weaker source than JSON-LD and meta tags (the visible markup, an outlet
rule) is named in ``fallbacks``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from html import unescape
from itertools import chain
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.etree import _Element
from lxml.html import HtmlElement

from topten_crawler.cleaning.selectors import select
from topten_crawler.cleaning.text import loose, normalize_space, without_site_name
from topten_crawler.pages import metadata
from topten_crawler.rules import outlets as rules


class FieldReader:
    """The metadata of one parsed page, indexed once; read before the text cuts the tree."""

    def __init__(
        self,
        url: str,
        document: HtmlElement,
        rule: rules.OutletRule | None,
        fallbacks: list[str],
        problems: list[str],
    ) -> None:
        self.url = url
        self.document = document
        self.rule = rule
        self.fallbacks = fallbacks
        # One walk of the tree finds every element the metadata is read from.
        self._elements: dict[str, list[_Element]] = {}
        for element in document.iter(*rules.METADATA_TAGS):
            self._elements.setdefault(str(element.tag), []).append(element)
        self._meta = meta_index(self._elements.get("meta", []))
        body = document.find("body")
        self._body = body if isinstance(body, HtmlElement) else None
        self._body_texts: dict[bool, str] = {}
        self._hidden: list[str] | None = None
        self._nodes, broken = metadata.jsonld_nodes(document, self._elements.get("script", []))
        problems.extend(["broken_jsonld"] * broken)
        self._article = metadata.find_node(self._nodes, rules.ARTICLE_TYPES) or metadata.find_node(
            self._nodes, rules.PAGE_TYPES
        )

    def value(self, key: str) -> Any:
        """A property of the page's JSON-LD article (or page) node."""
        return self._article.get(key) if self._article else None

    def _first_meta(self, keys: Iterable[str]) -> str | None:
        for key in keys:
            values = self._meta.get(key.lower())
            if values:
                return values[0]
        return None

    def _fallback(self, name: str, value: str | None) -> str | None:
        if value:
            self.fallbacks.append(name)
        return value or None

    def site_name(self) -> str | None:
        name = self._first_meta(rules.SITE_NAME_META_KEYS)
        if name:
            return name
        publisher = metadata.resolve(self.value("publisher"), self._nodes)
        if isinstance(publisher, dict) and text_value(publisher.get("name")):
            return text_value(publisher.get("name"))
        organization = metadata.find_node(self._nodes, ("NewsMediaOrganization", "Organization"))
        if organization and text_value(organization.get("name")):
            return text_value(organization.get("name"))
        return self._fallback("site_name", self.rule.site_name if self.rule else None)

    def title(self, site_name: str | None) -> str | None:
        """The headline as the page prints it.

        The metadata's titles (JSON-LD headline, og:title and its kin, then <title>) lose the
        outlet's name; a visible <h1> that says the same headline (the same words, or most of
        the words of one of them: an SEO title often reworded) is the one readers see, and is
        preferred. Without metadata, <title> and then <h1>.
        """
        names = [site_name, *self._publisher_names()]
        headline = text_value(self.value("headline")) or text_value(self.value("name"))
        metadata_titles: list[str] = []
        if headline and self._article is not None and self._article_is_article():
            metadata_titles.append(headline)
        metadata_titles.extend(self._meta_values(rules.TITLE_META_KEYS))
        page_titles = [all_text(e) for e in self._elements.get("title", [])]
        candidates = [
            without_site_name(t, names, self.url) for t in (*metadata_titles, *page_titles[:1]) if t
        ]
        headings = [h for h in self._headings() if loose(h) not in {loose(n or "") for n in names}]
        chosen = _agreeing_heading(headings, candidates)
        if chosen:
            if not metadata_titles:
                self.fallbacks.append("title")  # the visible markup alone says it
            return chosen
        if metadata_titles:
            return candidates[0]
        if candidates:
            self.fallbacks.append("title")
            return candidates[0]
        if headings:
            self.fallbacks.append("title")
            return headings[0]
        return headline

    def _headings(self) -> list[str]:
        """The page's <h1> texts, in order: the visible headline is among them."""
        texts = (all_text(e) for e in self._elements.get("h1", []))
        return [t for t in texts if _is_headline(t)]

    def _publisher_names(self) -> list[str]:
        publisher = metadata.resolve(self.value("publisher"), self._nodes)
        name = text_value(publisher.get("name")) if isinstance(publisher, dict) else None
        return [name] if name else []

    def _meta_values(self, keys: Iterable[str]) -> list[str]:
        return [value for key in keys for value in self._meta.get(key.lower(), [])]

    def _article_is_article(self) -> bool:
        return bool(self._article and metadata.types_of(self._article) & rules.ARTICLE_TYPES)

    def author(self) -> str | None:
        """Every name of the byline, joined with ", ".

        From JSON-LD's author (a string, a Person, a list, references), else the author meta
        tags (article:author only when a name, not a profile URL), keeping only the names the
        page shows. The visible byline ("By A, B and C" near the headline, or a byline
        element; never a fact check's claimant) wins when it names everyone the metadata
        names and more, or none of them; without metadata it is the fallback. Without either:
        the outlet, when the metadata names it and the page prints it as the credit; else a
        name signed at the article's end (``rules.SIGN_OFF``).
        """
        site_names = [n for n in (self.site_name(), *self._publisher_names()) if n]
        # Read as one byline: "Jane Roe" then "The Herald" is a person and her outlet.
        raw_names = metadata.names(self.value("author"), self._nodes)
        found = byline_names(", ".join(raw_names), site_names, self.url) if raw_names else []
        if not found:
            for key in rules.AUTHOR_META_KEYS:
                values = [v for v in self._meta.get(key.lower(), []) if "://" not in v]
                for value in values:
                    found.extend(byline_names(value, site_names, self.url))
                raw_names = raw_names or values
                if found:
                    break
        # A name the page never shows ("kei_eno", "admin", the account a press release was
        # posted from) is whoever filed it in the CMS, not a byline; "REUTERS" printed under
        # the headline is one.
        named = metadata.unique(found)
        found = [n for n in named if self._shows(n)]
        # Byline elements are looked for (a dozen CSS selectors) only without metadata.
        names, near = self._visible_names(site_names, with_selectors=not found)
        visible = metadata.unique(names)
        # The byline printed under the headline wins when it names everyone the metadata
        # names and more, or none of them (the metadata names whoever filed it in the CMS).
        if (
            found
            and visible
            and (
                set(map(loose, found)) < set(map(loose, visible))
                or (near and not set(map(loose, found)) & set(map(loose, visible)))
            )
        ):
            return ", ".join(visible)
        if found:
            return ", ".join(found)
        if named and visible:
            return ", ".join(visible)  # the page's byline over names it never shows
        if not visible:
            visible = self._outlet_credit(raw_names, site_names) or self._signed_name()
        return self._fallback("author", ", ".join(visible))

    def _shows(self, name: str) -> bool:
        """Whether the page's visible text (not its scripts) holds ``name``, in any case and
        spacing; a one-word name as a whole word."""
        words = name.split()
        if self._body is None:
            return bool(words)  # nothing to tell by: the metadata is believed
        if not words:
            return False
        # The text of the body's nodes glued together is five times faster to get than the
        # nodes one by one, but glues words ("Read nextJane"): a one-word name is looked for
        # in the spaced text, as a whole word.
        whole_word = len(words) == 1
        text = self._body_text(spaced=whole_word)
        key = " ".join(words)
        # Names are mostly printed as the metadata gives them, or in capitals: looked for
        # as they are first; in any case and spacing only when not found so (slower).
        for printed in (key, key.upper()):
            if printed in text and _count_printed(text, printed, whole_word) > sum(
                _count_printed(t, printed, whole_word) for t in self._hidden_texts()
            ):
                return True
        last = (words[-1].lower(), words[-1].upper(), words[-1].title(), words[-1])
        if not any(form in text for form in last):
            return False
        printed = key.lower()
        hidden = (t for t in self._hidden_texts() if any(form in t for form in last))
        return _count_printed(_folded(text), printed, whole_word) > sum(
            _count_printed(_folded(t), printed, whole_word) for t in hidden
        )

    def _body_text(self, *, spaced: bool = False) -> str:
        """The text of the page's <body>, scripts and styles included (see ``_hidden_texts``)."""
        if spaced not in self._body_texts:
            body = self._body
            if body is None:
                text = ""
            elif spaced:
                text = " ".join(t for t in body.itertext() if isinstance(t, str))
            else:
                text = body.text_content()
            self._body_texts[spaced] = text
        return self._body_texts[spaced]

    def _hidden_texts(self) -> list[str]:
        """The texts within <body> that are never shown: its scripts (JSON-LD and data blocks
        name the author; styles and templates do not)."""
        if self._hidden is None:
            body = self._body
            self._hidden = [
                e.text
                for e in self._elements.get("script", [])
                if e.text and body is not None and body in e.iterancestors()
            ]
        return self._hidden

    def _claimants(self) -> list[str]:
        """The authors of the claims a fact check reviews (JSON-LD ClaimReview)."""
        found: list[str] = []
        for node in self._nodes:
            if "ClaimReview" in metadata.types_of(node):
                reviewed = metadata.resolve(node.get("itemReviewed"), self._nodes)
                if isinstance(reviewed, dict):
                    found.extend(metadata.names(reviewed.get("author"), self._nodes))
        return found

    def _outlet_credit(self, raw_names: list[str], site_names: list[str]) -> list[str]:
        """The outlet as the byline: when the metadata names the outlet alone as the author
        and the page prints it as a credit near the headline ("By The Herald", "November
        19, 2019 / 10:07 AM / The Herald")."""
        outlets = {loose(n) for n in site_names}
        credited = [n for n in raw_names if loose(n) in outlets]
        if not credited or len(credited) != len(raw_names):
            return []
        for element in self._near_headline(after=True):
            # A container's text is no credit line (its children are tried in turn).
            text = all_text(element) if len(element) < 8 else ""
            match = rules.OUTLET_CREDIT.search(text) if len(text) < rules.MAX_BYLINE_CHARS else None
            if match and loose(match.group("outlet")) in outlets:
                return [match.group("outlet")]
        return []

    def _signed_name(self) -> list[str]:
        """A name signed at the article's end with its role and e-mail address (see
        ``rules.SIGN_OFF``)."""
        glued = self._body_text()
        if "@" not in glued or not any(role in glued for role in rules.SIGN_OFF_ROLES):
            return []
        match = rules.SIGN_OFF.search(self._body_text(spaced=True))
        return [match.group("after_role") or match.group("before_role")] if match else []

    def _visible_names(
        self, site_names: list[str], *, with_selectors: bool
    ) -> tuple[list[str], bool]:
        """The names of the visible byline, and whether it is printed near the headline."""
        # A fact check prints the claim's author beside the claim, as a byline is printed.
        claimants = {loose(n) for n in self._claimants()}
        # "By Jane Roe" printed alone, near the headline (the few elements around the first
        # <h1>) first, then anywhere a theme puts it. Only the element's own first text node is
        # tested first (cheap); "By <a>Name</a>" is then read whole.
        for element, near in self._by_lines():
            text = _without_leading_date(all_text(element))
            if claimants and _names_a_claimant(text, claimants):
                continue
            if len(text) < rules.MAX_BYLINE_CHARS and rules.VISIBLE_BYLINE_START.match(text):
                names = [_undoubled(n) for n in byline_names(text, site_names, self.url)]
                # "By submitting this form, you agree...": a sentence, not a byline.
                if names and all(_looks_like_a_name(n) for n in names):
                    return names, near
        for css in rules.BYLINE_SELECTORS if with_selectors else ():
            for element in select(self.document, css):
                text = all_text(element)
                if claimants and _names_a_claimant(text, claimants):
                    continue
                names = byline_names(text, site_names, self.url) if len(text) < 200 else []
                if names and all(len(n.split()) <= rules.MAX_NAME_WORDS for n in names):
                    return names, False
        return [], False

    def _by_lines(self) -> Iterator[tuple[_Element, bool]]:
        for element in self._near_headline():
            if _opens_a_byline(element):
                yield element, True
        # A walk in Python, testing each element's first text node, is four times faster
        # than the same test in XPath (normalize-space of every text node).
        for element in self.document.iter(*rules.BYLINE_TAGS):
            if _opens_a_byline(element):
                yield element, False

    def published(self) -> str | None:
        """The first publication date, as precise as the page gives it (a date stays a date).

        A time in UTC is given in the page's own offset when the page shows it (see
        ``_page_offset``): the same instant, on the calendar day its readers saw.
        """
        found = self._published_from_metadata()
        if found is None:
            found = self._fallback("published", self._visible_date() or _date_in_url(self.url))
        if not found:
            return found
        printed = self._printed_date(after=True)
        shown = _as_printed(found, printed) if printed and printed != found else found
        if shown != found:
            return shown
        if _offset_of(found) != timedelta(0):
            return found
        return _in_offset(found, self._page_offset(found))

    def _published_from_metadata(self) -> str | None:
        for value in (self.value("datePublished"), self.value("dateCreated")):
            iso = parse_date(text_value(value))
            if iso:
                return iso
        for key in rules.PUBLISHED_META_KEYS:
            for value in self._meta.get(key.lower(), []):
                iso = parse_date(value)
                if iso:
                    return iso
        return None

    def _page_offset(self, published: str) -> timedelta | None:
        """The UTC offset of the times the page prints: from a <time> whose datetime is in
        UTC and whose text shows the local clock ("10:01 pm PST"); from a local time of the
        same moment printed or given without an offset (a <time>, a meta tag: the page's own
        clock, hours off the UTC ``published``); else from any date-time of the metadata that
        carries a non-zero offset."""
        for element in self._elements.get("time", []):
            offset = _offset_shown(element.get("datetime") or "", all_text(element))
            if offset is not None:
                return offset
        local_times = [
            *(e.get("datetime") or "" for e in self._elements.get("time", [])),
            *(all_text(e) for e in self._elements.get("time", [])),
            *(v for k in rules.PUBLISHED_META_KEYS for v in self._meta.get(k.lower(), [])),
        ]
        for value in local_times:
            offset = _offset_between(parse_date(value), published)
            if offset is not None:
                return offset
        for key in (*rules.PUBLISHED_META_KEYS, *rules.MODIFIED_META_KEYS):
            for value in self._meta.get(key.lower(), []):
                offset = _offset_of(parse_date(value))
                if offset:
                    return offset
        return _offset_of(parse_date(text_value(self.value("dateModified")))) or None

    def _visible_date(self) -> str | None:
        for css in rules.DATE_SELECTORS:
            for element in select(self.document, css):
                for raw in (element.get("datetime"), element.get("content"), all_text(element)):
                    iso = parse_date(raw)
                    if iso:
                        return iso
        # Any node of the JSON-LD (a ClaimReview, a WebPage) that gives a publication date.
        for node in self._nodes:
            iso = parse_date(text_value(node.get("datePublished")))
            if iso:
                return iso
        return self._printed_date()

    def _printed_date(self, *, after: bool = False) -> str | None:
        """The first date printed near the headline (``after`` it only: see ``_near_headline``),
        in a short element ("on Monday, November 18th, 2019 at 11:04 a.m."), then in the first
        <time> elements, with the clock time and zone printed after it: a date, a local
        date-time, or one with its offset. A date labelled as an update is passed over."""
        times = self._elements.get("time", [])[: rules.PRINTED_TIME_ELEMENTS]
        updates: set[_Element] = set()
        longest = rules.MAX_DATELINE_CHARS if after else 200
        for element in chain(self._near_headline(after=after), times):
            # The raw text is tested first (cheap); white space is collapsed only on a match.
            raw = _raw_text(element) if len(element) < 8 else (element.text or "")
            if len(raw) >= 2 * longest or not rules.DATE_IN_TEXT.search(raw):
                continue
            text = normalize_space(raw)
            match = rules.DATE_IN_TEXT.search(text) if len(text) < longest else None
            iso = _day_printed(match.group(0)) if match else None
            if not match or not iso:
                continue
            if rules.UPDATE_LABEL.search(text[: match.start()]):
                updates.add(element)  # "Updated <time>...</time>": its <time> too
            elif not updates.intersection(element.iterancestors()):
                return _with_clock(iso[:10], text[match.end() :])
        return None

    def _near_headline(self, *, after: bool = False) -> Iterator[_Element]:
        """The elements around the first <h1> (its ancestor a few levels up), in order; with
        ``after``, only those that follow its start (a masthead's date of the day is before)."""
        # The first <h1> that reads as a headline: a logo or a section name may come first.
        headings = self._elements.get("h1", [])
        outlet = {
            loose(n)
            for n in (*self._meta_values(rules.SITE_NAME_META_KEYS), *self._publisher_names())
        }
        around = next(
            (h for h in headings if _is_headline(all_text(h)) and loose(all_text(h)) not in outlet),
            None,
        )
        if around is None:
            if not headings:
                return
            around = headings[0]
        headline = around
        for _ in range(rules.BYLINE_SEARCH_LEVELS):
            parent = around.getparent()
            if parent is None or parent.tag == "body":
                break
            around = parent
        seen = not after
        tags = (*rules.BYLINE_TAGS, "time", "h1") if after else (*rules.BYLINE_TAGS, "time")
        for index, element in enumerate(around.iter(*tags)):
            if index >= rules.BYLINE_SEARCH_ELEMENTS:
                break
            if element is headline:
                seen = True
            elif seen and element.tag != "h1":
                yield element

    def modified(self) -> str | None:
        iso = parse_date(text_value(self.value("dateModified")))
        if iso:
            return iso
        for key in rules.MODIFIED_META_KEYS:
            for value in self._meta.get(key.lower(), []):
                iso = parse_date(value)
                if iso:
                    return iso
        return None

    def language(self) -> str | None:
        lang = (self.document.get("lang") or self.document.get("xml:lang") or "").strip()
        if lang:
            return lang
        in_language = text_value(self.value("inLanguage"))
        if in_language:
            return in_language
        locale = self._first_meta(("og:locale", "content-language", "language"))
        return locale.replace("_", "-") if locale else None

    def canonical_url(self) -> str | None:
        candidates = [
            link.get("href") or ""
            for link in self._elements.get("link", [])
            if (link.get("rel") or "").strip().lower() == "canonical"
        ]
        candidates.extend(self._meta.get("og:url", []))
        for href in candidates:
            absolute = urljoin(self.url, href.strip())
            if urlsplit(absolute).scheme in ("http", "https"):
                return absolute
        return None

    def description(self) -> str | None:
        return self._first_meta(rules.DESCRIPTION_META_KEYS) or text_value(
            self.value("description")
        )


def _count_printed(text: str, key: str, whole_word: bool) -> int:
    """How many times ``key`` stands in ``text`` (as a whole word, if asked)."""
    count, start = 0, text.find(key)
    while start >= 0:
        end = start + len(key)
        if not whole_word or (
            (start == 0 or not text[start - 1].isalnum())
            and (end == len(text) or not text[end].isalnum())
        ):
            count += 1
        start = text.find(key, end)
    return count


def _folded(text: str) -> str:
    """Lower case, white space collapsed: how a name is compared in any case and spacing."""
    return " ".join(text.lower().split())


def _names_a_claimant(text: str, claimants: set[str]) -> bool:
    """Whether a byline's text holds one of the names (``loose``) whole."""
    key = f" {loose(text)} "
    return any(f" {claimant} " in key for claimant in claimants)


def _undoubled(name: str) -> str:
    """A name printed twice in a row ("Jane Roe Jane Roe": a theme's wide and narrow
    layouts, one of them hidden) once."""
    words = name.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return name


def _opens_a_byline(element: _Element) -> bool:
    """Whether an element's first text is "By" (or its kin): its own text, or, when it has
    none, its first child's alone ("<span>By</span> <a>Jane Roe</a>"); after a date printed
    first ("05/10/2018 - By Jane Roe", "<b>05/10/2018</b> - By Jane Roe")."""
    text = (element.text or "").lstrip()
    if text:
        return bool(rules.BYLINE_OPENING.match(text[: rules.BYLINE_OPENING_CHARS]))
    if not len(element) or len(element[0]):
        return False
    first = (element[0].text or "").strip(" :")
    if first[:1].isdigit():
        text = first + (element[0].tail or "")
        return bool(rules.BYLINE_OPENING.match(text[: rules.BYLINE_OPENING_CHARS]))
    return len(first) < 16 and bool(rules.BYLINE_OPENING.fullmatch(first))


def _without_leading_date(text: str) -> str:
    """A byline's text without the date printed before its "By" (``rules.LEADING_DATE``)."""
    match = rules.LEADING_DATE.match(text) if text[:1].isdigit() else None
    return text[match.end() :] if match else text


def _is_headline(text: str) -> bool:
    return rules.MIN_HEADLINE_CHARS <= len(text) <= rules.MAX_HEADLINE_CHARS


def _agreeing_heading(headings: list[str], titles: list[str]) -> str | None:
    """The first heading that says what one of the titles says: the same words, or most of
    the content words of the shorter of the two."""
    title_keys = [loose(t) for t in titles]
    for heading in headings:
        if loose(heading) in title_keys:
            return heading
    title_words = [_content_words(t) for t in titles]
    for heading in headings:
        words = _content_words(heading)
        for other in title_words:
            shorter = min(len(words), len(other))
            if shorter and len(words & other) >= rules.HEADLINE_WORD_SHARE * shorter:
                return heading
    return None


def _content_words(text: str) -> set[str]:
    return {w for w in loose(text).split() if w not in rules.TITLE_STOP_WORDS}


def meta_index(metas: Iterable[_Element]) -> dict[str, list[str]]:
    """Every <meta> content by lower-cased property/name/itemprop, in page order: one pass."""
    index: dict[str, list[str]] = {}
    for element in metas:
        raw = element.get("content") or ""
        # Some CMSs escape twice: "&amp;#8217;" reaches the attribute as "&#8217;".
        content = normalize_space(unescape(raw) if "&" in raw else raw)
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attribute)
            if key:
                index.setdefault(key.strip().lower(), []).append(content)
    return index


def text_value(value: Any) -> str | None:
    """A JSON-LD (or PDF info) value as one line of text: the first string of a list."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if isinstance(value, str):
        text = normalize_space(unescape(value) if "&" in value else value)
        return text or None
    return None


def _raw_text(element: _Element) -> str:
    return "".join(t for t in element.itertext() if isinstance(t, str))


def all_text(element: _Element) -> str:
    """Every text node under an element, white space collapsed (the metadata is read before
    the text step strips scripts and styles from the tree)."""
    return normalize_space("".join(t for t in element.itertext() if isinstance(t, str)))


def clean_author(value: str) -> str:
    """A name without "By", "View all posts by", trailing roles or separators."""
    text = normalize_space(value)
    for _ in range(2):
        text = rules.AUTHOR_PREFIX.sub("", text).strip()
    text = re.split(r"\s+[|•·]\s+|\s+[-–—]\s+", text)[0].strip(" ,;:|")
    if not text or "://" in text or len(text) > 120:
        return ""
    return text


def _looks_like_a_name(name: str) -> bool:
    """Capitalised words (or a script without case), few of them: not a sentence."""
    words = name.split()
    return len(words) <= rules.MAX_NAME_WORDS and all(
        not word[0].islower() or word in rules.NAME_PARTICLES for word in words
    )


def _is_one_cased_word(text: str) -> bool:
    """One word of a script with capitals (Latin, Cyrillic, Greek): in a byline, after a
    person's full name, the outlet or the place it was filed from. Names in scripts without
    case ("정덕현") are one word and are not meant."""
    return " " not in text and text.lower() != text


def byline_names(byline: str, site_names: Iterable[str] = (), url: str | None = None) -> list[str]:
    """The people a byline names: "By JANE ROE and Al Poe, Staff Writers, The Herald" gives
    ["JANE ROE", "Al Poe"]. Job titles, degrees, the outlet's own name (after a person) and
    a trailing date ("on Monday, ...") are left out."""
    text = clean_author(byline)
    text = rules.BYLINE_END.split(text, maxsplit=1)[0]
    parts = [clean_author(p) for p in rules.NAME_SEPARATORS.split(text)]
    outlet_keys = {loose(n) for n in site_names if n}
    host = (urlsplit(url or "").hostname or "").lower()
    names: list[str] = []
    for part in parts:
        key = loose(part)
        if not key:
            continue
        if rules.NOT_A_NAME_PART.search(part) and (
            names or not rules.STANDALONE_CREDIT.fullmatch(part)
        ):
            continue  # a degree, a date; first, an agency's initials ("PTI") are its byline
        if not names:
            names.append(part)  # the first part: a person, a desk ("Staff Reports"), an agency
            continue
        is_outlet = (
            key in outlet_keys
            or any(key.startswith(o + " ") for o in outlet_keys)
            or (len(key) > 3 and key.replace(" ", "") in host)
        )
        if is_outlet or rules.ROLE_WORDS.search(part) or rules.ORGANISATION_WORDS.search(part):
            continue  # "Jane Roe, Staff Writer, The Herald": her job and her outlet
        if _is_one_cased_word(part) and not _is_one_cased_word(names[-1]):
            continue  # "Jane Roe, Futurism", "Jane Roe, Washington": an outlet, a dateline
        names.append(part)
    if len(names) == 1 and loose(names[0]) in outlet_keys:
        return []  # the outlet alone is not a byline
    return names


_EXTRA_DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%dT%H:%M%z",
    "%Y%m%d",
    "%Y/%m/%d",
    "%a, %d %b %Y %H:%M:%S %Z",
    "%a, %d %b %Y %H:%M:%S %z",
    "%B %d, %Y %I:%M %p",
    "%b %d, %Y %I:%M %p",
    "%A, %B %d, %Y, %I:%M %p",
    "%a %b %d %Y %H:%M:%S GMT%z",
    "%B %d, %Y, %I:%M %p %z",
    "%B %d, %Y %I:%M %p %z",
    "%b %d, %Y, %I:%M %p %z",
    "%b %d, %Y %I:%M %p %z",
    "%d %b %Y %H:%M %z",
    "%d %B %Y %H:%M %z",
    "%A, %B %d, %Y",
    "%A %d %B %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%b. %d, %Y",
    "%b. %d, %Y %I:%M %p",
    "%d.%m.%Y",
)
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_COMPACT_DATE = re.compile(r"(?:19|20)\d{6}")
_ISO_PREFIX = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)


def parse_date(value: str | None) -> str | None:
    """An ISO 8601 date-time or date from the forms pages print; None when unreadable or
    implausible (CMS placeholders such as 0001-01-01)."""
    iso = _parse_date(value)
    if iso and rules.MIN_YEAR <= int(iso[:4]) <= rules.MAX_YEAR:
        return iso
    return None


def _parse_date(value: str | None) -> str | None:
    if not value:
        return None
    text = normalize_space(value)
    # "November 18th, 2019, 07:47 PM EST": ordinals and "at" out, a zone name as its offset.
    text = rules.DATE_ORDINAL.sub(r"\1", text).replace(" at ", " ")
    zone = rules.ZONE_NAME.search(text)
    if zone:
        text = f"{text[: zone.start()].rstrip(' ,')} {rules.ZONE_OFFSETS[zone.group(1).upper()]}"
    if _COMPACT_DATE.fullmatch(text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    if _DATE_ONLY.fullmatch(text):
        try:
            return date.fromisoformat(text).isoformat()  # a date, not midnight of it
        except ValueError:
            return None
    iso = metadata.iso_datetime(text)
    if iso:
        return iso
    match = _ISO_PREFIX.match(text)
    if match:
        iso = metadata.iso_datetime(match.group(0))
        if iso:
            return iso
    for pattern in _EXTRA_DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, pattern)
        except ValueError:
            continue
        # A date printed without a time stays a date: no invented midnight.
        timed = "%H" in pattern or "%I" in pattern
        return parsed.isoformat() if timed else parsed.date().isoformat()
    return metadata.iso_date_from_text(text)


def _date_in_url(url: str) -> str | None:
    """The date of a URL path such as /2019/11/19/slug or /2019-11-19/ (a date alone)."""
    match = rules.URL_DATE.search(urlsplit(url).path)
    if not match:
        return None
    try:
        return parse_date(date(*map(int, match.groups())).isoformat())
    except ValueError:
        return None


_WORDS_AND_NUMBERS = re.compile(r"[^\W\d_]+|\d+")


def _day_printed(text: str) -> str | None:
    """The ISO date of a ``DATE_IN_TEXT`` match ("Nov. 18th, 2019", "18 NOV 2019",
    "2019-11-18"), read directly: a hundred times faster than trying every date format."""
    parts = _WORDS_AND_NUMBERS.findall(text)
    try:
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            day = date(int(parts[0]), int(parts[1]), int(parts[2]))
        else:
            month = next(
                rules.MONTH_PREFIXES.get(p[:4].lower()) or rules.MONTH_PREFIXES[p[:3].lower()]
                for p in parts
                if p[0].isalpha() and p.lower() != "de"
            )
            numbers = [int(p) for p in parts if p.isdigit()]
            day = date(max(numbers), month, min(numbers))
    except (ValueError, StopIteration, KeyError):
        return None
    return day.isoformat() if rules.MIN_YEAR <= day.year <= rules.MAX_YEAR else None


def _with_clock(day: str, after: str) -> str:
    """A printed date with the clock time printed right after it (and its zone, when named)."""
    clock = rules.PRINTED_CLOCK.match(after)
    if clock is None:
        return day
    hour, minute = int(clock.group("hour")), int(clock.group("minute"))
    meridiem = (clock.group("meridiem") or "").lower().replace(".", "")
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return day
    stamp = f"{day}T{hour:02d}:{minute:02d}:00"
    zone = rules.ZONE_OFFSETS.get((clock.group("zone") or "").upper())
    return f"{stamp}{zone[:3]}:{zone[3:]}" if zone else stamp


def _as_printed(found: str, printed: str) -> str:
    """The metadata's publication date as the page prints it.

    The same instant in the page's own offset when the printed local clock time tells it;
    the printed date itself when the two fall on calendar days a time zone apart (a UTC
    time, or an offset the CMS got wrong, puts an evening's article on the next day);
    else the metadata's value.
    """
    if "T" in printed and _offset_of(found) is not None:
        moment = datetime.fromisoformat(found)
        shown = _offset_of(printed)
        # Printed to the minute: the metadata's seconds are no offset.
        minute = moment.astimezone(UTC).replace(second=0, microsecond=0)
        shift = shown if shown is not None else _offset_between(printed, minute.isoformat())
        if shift is not None and minute == datetime.fromisoformat(printed[:16]).replace(
            tzinfo=timezone(shift)
        ):
            return moment.astimezone(timezone(shift)).isoformat()
    try:
        days = abs((date.fromisoformat(found[:10]) - date.fromisoformat(printed[:10])).days)
    except ValueError:
        return found
    # A date printed without a clock time may be the masthead's date of the day.
    if "T" in printed and 0 < days <= rules.PRINTED_DATE_MAX_DAYS:
        return printed
    return found


def _offset_of(iso: str | None) -> timedelta | None:
    if not iso or "T" not in iso:
        return None
    try:
        return datetime.fromisoformat(iso).utcoffset()
    except ValueError:
        return None


def _offset_shown(stamp: str, shown: str) -> timedelta | None:
    """The offset between a UTC ``datetime`` attribute and the clock time its text shows."""
    iso = parse_date(stamp)
    clock = rules.CLOCK_TIME.search(shown)
    if _offset_of(iso) != timedelta(0) or iso is None or clock is None:
        return None
    hour, minute = int(clock.group("hour")), int(clock.group("minute"))
    meridiem = (clock.group("meridiem") or "").lower().replace(".", "")
    if meridiem and not 1 <= hour <= 12:
        return None
    if meridiem == "pm" and hour != 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    utc = datetime.fromisoformat(iso)
    minutes = (hour * 60 + minute - utc.hour * 60 - utc.minute) % 1440
    minutes = minutes - 1440 if minutes > 720 else minutes
    # Only offsets that time zones have: a clock time of another moment (an update, a
    # comment) gives an odd one and is no evidence.
    return timedelta(minutes=minutes) if minutes in rules.ZONE_OFFSET_MINUTES else None


def _offset_between(local: str | None, utc: str) -> timedelta | None:
    """The offset that makes a date-time without one (``local``) the UTC instant ``utc``."""
    if not local or "T" not in local or _offset_of(local) is not None:
        return None
    moment = datetime.fromisoformat(utc).replace(tzinfo=None)
    seconds = (datetime.fromisoformat(local) - moment).total_seconds()
    minutes = round(seconds / 60)
    if abs(seconds - minutes * 60) >= 60 or minutes not in rules.ZONE_OFFSET_MINUTES:
        return None
    return timedelta(minutes=minutes)


def _in_offset(iso: str, offset: timedelta | None) -> str:
    """A UTC date-time given in ``offset`` instead (the same instant); anything else as is."""
    if not offset or _offset_of(iso) != timedelta(0):
        return iso
    moment = datetime.fromisoformat(iso).astimezone(timezone(offset))
    return moment.isoformat()
