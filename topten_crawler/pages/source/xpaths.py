"""trafilatura's costliest XPath expressions, evaluated in Python: the same elements in the same
order, in a third of the time.

trafilatura prunes its tree with XPath expressions that test ids and classes against regular
expressions (EXSLT ``re:test``): libxml2 calls back into Python for every test of every element,
and on the AEB pages these expressions took a third of source extraction's time. A plain walk of
the tree that tests the same attributes with the same compiled patterns selects the same
elements for a fraction of that.

Each substitute stands for one expression of one of trafilatura's lists, known by a digest of
the expression's text. ``install`` puts it in that list in place of the expression (the lists
are shared by trafilatura's modules, so every stage uses it) only when the text there is still
the one it was written for: a trafilatura whose expressions changed keeps its own, and the tests
say which are no longer replaced. The tests also check that every substitute selects exactly
what its expression selects.

trafilatura reads only the first element that a ``BODY_XPATH`` expression selects (the
article's container), and the substitutes of those give no other.

XPath reads ``@id|@class`` as the value of whichever of the two attributes comes first in the
markup (``_first_of``); a missing attribute is the empty string, which none of the patterns
matches (``_pattern`` checks it).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from lxml.etree import XPath, _Element
from trafilatura import xpaths as trafilatura_xpaths

Select = Callable[[_Element], list[_Element]]


def _pattern(expression: str, flags: int = 0) -> re.Pattern[str]:
    compiled = re.compile(expression, flags)
    # An attribute that is missing is tested as "" by XPath and skipped here: the same only
    # while no pattern matches the empty string.
    if compiled.search("") is not None:
        raise ValueError(f"pattern matches the empty string: {expression}")
    return compiled


def _test(element: _Element, attribute: str, pattern: re.Pattern[str]) -> bool:
    """``re:test(@attribute, pattern)``."""
    value = element.get(attribute)
    return value is not None and pattern.search(value) is not None


def _first_of(element: _Element, first: str, second: str) -> str:
    """The string value of ``@first|@second``: the one of the two that the markup gives first."""
    one, other = element.get(first), element.get(second)
    if one is None:
        return other or ""
    if other is None:
        return one
    names = element.keys()
    return one if names.index(first) < names.index(second) else other


def _contains_folded(value: str | None, lower: str, upper: str, part: str) -> bool:
    """``contains(translate(value, upper, lower), part)``."""
    if not value:
        return False
    for big, small in zip(upper, lower, strict=True):
        value = value.replace(big, small)
    return part in value


# --- Raw tree: appended articles and share buttons (RAW_TREE_PRUNE_XPATH) ---------------------
_APPENDED_OR_SCROLL = _pattern("mvp-post-add-(?:box|wrap)|infinite-?scroll")
_APPENDED = _pattern("mvp-post-add-(?:box|wrap)")


def _appended_articles(tree: _Element) -> list[_Element]:
    return [
        e
        for e in tree.iterdescendants("div", "section", "aside")
        if (_test(e, "id", _APPENDED_OR_SCROLL) or _test(e, "class", _APPENDED_OR_SCROLL))
        and (e.find(".//h1") is None or _test(e, "id", _APPENDED) or _test(e, "class", _APPENDED))
    ]


def _share_buttons(tree: _Element) -> list[_Element]:
    return [
        e
        for e in tree.iterdescendants("div", "section", "aside")
        if "elementor-share-buttons" in (e.get("class") or "")
    ]


# --- Comments (REMOVE_COMMENTS_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH) --------------------------
_COMMENTS_ID = _pattern("^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)")
_COMMENTS_LIST_ID = _pattern("^(?:[Cc]omment(?!ary)|comol)")
_COMMENTS_CLASS = _pattern("^[Cc]omment(?!ary)|(?:article|post)-comments")


def _comments(tree: _Element) -> list[_Element]:
    return [
        e
        for e in tree.iterdescendants("div", "list", "section", "details")
        if _test(e, "id", _COMMENTS_ID) or _test(e, "class", _COMMENTS_CLASS)
    ]


def _comments_and_lists(tree: _Element) -> list[_Element]:
    found = []
    for e in tree.iterdescendants("div", "list", "section", "details", "ol", "ul"):
        by_class = _test(e, "class", _COMMENTS_CLASS)
        if not (by_class or _test(e, "id", _COMMENTS_ID)):
            continue
        if e.tag in ("ol", "ul") and not (by_class or _test(e, "id", _COMMENTS_LIST_ID)):
            continue
        found.append(e)
    return found


# --- Boilerplate sections (OVERALL_DISCARD_XPATH) -----------------------------------------------
_SECTION_TAGS = ("div", "item", "list", "p", "section", "span")
_COOKIE = _pattern("cookie")
_BOILERPLATE_ID = _pattern(
    "^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author"
    "|^(?:jp-|dpsp-content)|bmdh|footer|Footer|share|Share|nav|Nav|menu|related"
    "|message-container|premium|^ad-"
)
_BOILERPLATE_CLASS = _pattern(
    "^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author"
    "|^(?:nav|post-nav|ZendeskForm)|subnav|avigation|navbar|navbox|menu|bar| ad |-ad-|(?:^| )ad-"
    "|dfp[Aa]d|outbrain|taboola|criteo|paid-?content|widget|footer|Footer|byline|Byline|share-"
    "|sociable|embedded|embed|tag-list|consent|modal-content|permission|elated|next-|-stories"
    "|most-popular|more-on|meta|rating|attachment|timestamp|user-info|user-profile|-icon"
    "|article-infos|message-container|slide|viewport|overlay|options|expand|obfuscated|blurred"
    "|mol-factbox|yin|zlylin|nfoline"
)
_HIDDEN = _pattern("hidden")
_HIDDEN_ID = _pattern("reader-comments|akismet")
_HIDDEN_CLASS = _pattern(
    "^hide-|comments-title|nocomments|-reply-|message|akismet|suggest-links|-hide-|hide-print"
    "| hidden| hide|noprint|notloaded"
)


def _boilerplate_sections(tree: _Element) -> list[_Element]:
    found = []
    for e in tree.iterdescendants(*_SECTION_TAGS):
        ident, classes = e.get("id"), e.get("class")
        if (
            e.get("data-lp-replacement-content") is not None
            or _contains_folded(e.get("role"), "n", "N", "nav")
            or "MostPopularStories" in (e.get("data-component") or "")
            or ((ident or classes) and _COOKIE.search(_first_of(e, "id", "class")))
            or (ident and _BOILERPLATE_ID.search(ident))
            or (classes and _BOILERPLATE_CLASS.search(classes))
        ):
            found.append(e)
    return found


def _hidden_elements(tree: _Element) -> list[_Element]:
    found = []
    for e in tree.iterdescendants("*"):
        ident, classes, style = e.get("id"), e.get("class"), e.get("style")
        if (
            classes == "comments-title"
            or (
                (ident is not None or classes is not None)
                and _first_of(e, "id", "class").startswith("reply-")
            )
            or ((ident or style) and _HIDDEN.search(_first_of(e, "id", "style")))
            or (style and ("display:none" in style or "display: none" in style))
            or (ident and _HIDDEN_ID.search(ident))
            or (classes and _HIDDEN_CLASS.search(classes))
            or e.get("aria-hidden") == "true"
        ):
            found.append(e)
    return found


# --- Precision and teasers (PRECISION_DISCARD_XPATH, TEASER_DISCARD_XPATH, images) -------------
_BOTTOM = _pattern(r"(^|\s)bottom|bottom(\s|$)")
_LINK = _pattern(r"(^|\s)link(\s|$)")


def _bottoms_and_links(tree: _Element) -> list[_Element]:
    found = []
    for e in tree.iterdescendants(*_SECTION_TAGS):
        ident_or_class = _first_of(e, "id", "class")
        if (
            ident_or_class and (_BOTTOM.search(ident_or_class) or _LINK.search(ident_or_class))
        ) or "border" in (e.get("style") or ""):
            found.append(e)
    return found


def _teasers(tree: _Element) -> list[_Element]:
    return [
        e
        for e in tree.iterdescendants(*_SECTION_TAGS)
        if _contains_folded(e.get("id"), "t", "T", "teaser")
        or _contains_folded(e.get("class"), "t", "T", "teaser")
    ]


def _captions(tree: _Element) -> list[_Element]:
    return [
        e
        for e in tree.iterdescendants(*_SECTION_TAGS)
        if "caption" in (e.get("id") or "") or "caption" in (e.get("class") or "")
    ]


# --- The article's container (BODY_XPATH) ---------------------------------------------------------
_CONTAINER_TAGS = ("article", "div", "main", "section")
_ARTICLE_ID = _pattern(
    "(?:entry|article|art)-content|article__content|article(?:-|__)?body|articleBody|body-text"
)
_ARTICLE_CLASS = _pattern(
    "post[-_]text|post-body|post-?entry|post[-_]?content|postContent|post_inner_wrapper"
    "|article-?text|articleText|(?:entry|page|text|article|art)-content|article__content"
    "|article(?:-|__)?body|articleBody|ArticleContent|body-text|article__container"
)
_STORY_ID = _pattern("^primary|story-body")
_FULLTEXT = _pattern("fulltext", re.IGNORECASE)
_STORY_CLASS = _pattern(
    "^article |post-bodycopy|story-?content|(?:theme|blog|section|single)-content|single-post"
    "|main-column|wpb_text_column|story-body|field-body"
)
_MAIN_ID = _pattern("content-main|content-body|contentBody")
_MAIN_CLASS = _pattern("content[-_]main|content(?:-|__)body")


def _first(elements: Iterable[_Element], test: Callable[[_Element], bool]) -> list[_Element]:
    """``(...)[1]``: the first element that passes, if any."""
    return next(([e] for e in elements if test(e)), [])


def _is_article_container(e: _Element) -> bool:
    classes = e.get("class")
    return (
        classes in ("post", "entry")
        or e.get("itemprop") == "articleBody"
        or e.get("id") == "articleContent"
        or _test(e, "id", _ARTICLE_ID)
        or _test(e, "class", _ARTICLE_CLASS)
    )


def _article_container(tree: _Element) -> list[_Element]:
    """The first element of ``.//*[...][1]`` (of each element's children that qualify, the
    first): the first that qualifies. trafilatura reads no other (``BODY_XPATH``)."""
    return _first(tree.iterdescendants(*_CONTAINER_TAGS), _is_article_container)


def _is_story_container(e: _Element) -> bool:
    return (
        e.get("role") == "article"
        or e.get("id") in ("article", "story")
        or e.get("class") in ("postarea", "art-postcontent", "text", "cell", "story")
        or _test(e, "id", _STORY_ID)
        or _test(e, "class", _FULLTEXT)
        or _test(e, "class", _STORY_CLASS)
    )


def _is_main_container(e: _Element) -> bool:
    ident, classes = e.get("id"), e.get("class")
    return (
        ident == "content"
        or classes == "content"
        or _test(e, "id", _MAIN_ID)
        or _test(e, "class", _MAIN_CLASS)
        or _contains_folded(ident, "cm", "CM", "main-content")
        or _contains_folded(classes, "cm", "CM", "main-content")
        or _contains_folded(classes, "cp", "CP", "page-content")
    )


def _story_container(tree: _Element) -> list[_Element]:
    return _first(tree.iterdescendants(*_CONTAINER_TAGS), _is_story_container)


def _main_content_container(tree: _Element) -> list[_Element]:
    return _first(tree.iterdescendants(*_CONTAINER_TAGS), _is_main_container)


def _is_main(e: _Element) -> bool:
    return e.tag == "main" or any(
        (e.get(name) or "").startswith("main") for name in ("class", "id", "role")
    )


def _main_container(tree: _Element) -> list[_Element]:
    """The first of the union: the first article, div or section whose class, id or role
    starts with "main", or the first <main>, whichever comes first."""
    return _first(tree.iterdescendants("article", "div", "section", "main"), _is_main)


# --- Installing them ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Substitute:
    """A Python stand-in for one expression: the list and place it has there, and the digest
    of the text it was written for (``digest``)."""

    list_name: str
    index: int
    text_digest: str
    select: Select


def digest(xpath: XPath) -> str:
    """The first 16 hex digits of the SHA-256 of an expression's text."""
    return hashlib.sha256(xpath.path.encode()).hexdigest()[:16]


class PythonPath:
    """In a list of trafilatura's expressions, one evaluated in Python: called on an element, it
    returns what the expression it replaces (``original``) returns."""

    def __init__(self, original: XPath, select: Select) -> None:
        self.original = original
        self.path = original.path
        self._select = select

    def __call__(self, tree: _Element) -> list[_Element]:
        return self._select(tree)

    def __str__(self) -> str:
        return self.path


SUBSTITUTES: tuple[Substitute, ...] = (
    Substitute("RAW_TREE_PRUNE_XPATH", 0, "01e7c660fd6406f2", _appended_articles),
    Substitute("RAW_TREE_PRUNE_XPATH", 1, "3c7afe92279543d5", _share_buttons),
    Substitute("REMOVE_COMMENTS_XPATH", 0, "5d97216ca15d0558", _comments),
    Substitute("REMOVE_COMMENTS_AND_LISTS_XPATH", 0, "9cc18d34e6e2d258", _comments_and_lists),
    Substitute("OVERALL_DISCARD_XPATH", 0, "a837e58a1b1ea116", _boilerplate_sections),
    Substitute("OVERALL_DISCARD_XPATH", 1, "c1d5b70b8cd03783", _hidden_elements),
    Substitute("PRECISION_DISCARD_XPATH", 1, "53d31ea1df47920a", _bottoms_and_links),
    Substitute("TEASER_DISCARD_XPATH", 0, "ebb02f066626551d", _teasers),
    Substitute("DISCARD_IMAGE_ELEMENTS", 0, "cb1ab981e44913f7", _captions),
    Substitute("BODY_XPATH", 0, "caaa561ceca17064", _article_container),
    Substitute("BODY_XPATH", 2, "6c9b5e1fdc092943", _story_container),
    Substitute("BODY_XPATH", 3, "10a7ceacc0ff8cdf", _main_content_container),
    Substitute("BODY_XPATH", 4, "95f15d1c1b6d4052", _main_container),
)


def install() -> list[Substitute]:
    """Put every substitute whose expression is unchanged in its place (once: installing again
    changes nothing); the substitutes in place."""
    installed = []
    for substitute in SUBSTITUTES:
        expressions: list[Any] = getattr(trafilatura_xpaths, substitute.list_name)
        current = expressions[substitute.index]
        if isinstance(current, PythonPath):
            installed.append(substitute)
        elif isinstance(current, XPath) and digest(current) == substitute.text_digest:
            expressions[substitute.index] = PythonPath(current, substitute.select)
            installed.append(substitute)
    return installed
