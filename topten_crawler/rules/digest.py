"""Selectors and boilerplate patterns of the digest site, as data.

Everything the post extractor needs to know about the site's theme (Code Supply Newsblock),
its plugins (Powerkit share buttons, Gravity Forms, Yoast SEO) and its editors' habits lives
here, so that a theme change is an edit of this module and of nothing else.
"""

from __future__ import annotations

import re

# --- Where things are --------------------------------------------------------------------------
# The article body. The first selector that matches wins; the others are fallbacks for older
# or other themes, each use counted in the crawl stats.
BODY_SELECTORS: tuple[str, ...] = (
    "div.entry-content",
    "article .cs-entry__content",
    "article.post",
    "main article",
)
TITLE_SELECTORS: tuple[str, ...] = ("h1.cs-entry__title span", "h1.cs-entry__title", "h1")
SUBTITLE_SELECTORS: tuple[str, ...] = (".cs-entry__subtitle",)
AUTHOR_SELECTORS: tuple[str, ...] = (".cs-entry__details .cs-author", ".cs-author", "a[rel=author]")
DATE_SELECTORS: tuple[str, ...] = (".cs-entry__details .cs-meta-date", ".cs-meta-date")
CATEGORY_SELECTORS: tuple[str, ...] = (
    ".cs-entry__header .cs-meta-category a",
    ".cs-meta-category a",
    "a[rel~=category]",
)
TAG_SELECTORS: tuple[str, ...] = (".cs-entry__tags a", "a[rel=tag]")
FEATURED_IMAGE_SELECTORS: tuple[str, ...] = ("figure.cs-entry__post-media img", ".post-media img")
FEATURED_CAPTION_SELECTORS: tuple[str, ...] = (
    "figure.cs-entry__post-media figcaption",
    "figcaption.cs-entry__caption-text",
)
# Cards of the theme's "Related Posts" section: links to other posts, never citations.
RELATED_POSTS_LINK_SELECTORS: tuple[str, ...] = (
    ".cs-entry__post-related article .cs-entry__title a",
    ".cs-entry__post-related article a",
)

# Body classes WordPress puts on a single post; a static page carries "page" instead.
POST_BODY_CLASSES: frozenset[str] = frozenset({"single-post"})
NOT_POST_BODY_CLASSES: frozenset[str] = frozenset({"page", "archive", "home", "blog", "error404"})
# WordPress marks a post's ID in a body class ("postid-123") and in its shortlink ("/?p=123").
POST_ID_CLASS = re.compile(r"^postid-(\d+)$")
SHORTLINK_ID = re.compile(r"[?&]p=(\d+)")
# Separators between a post's title and the site's name in og:title ("Title - Site").
TITLE_SEPARATORS: tuple[str, ...] = (" - ", " – ", " | ", " — ")
# JSON-LD types that mark an article.
ARTICLE_TYPES: frozenset[str] = frozenset(
    {"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle"}
)

# --- What is removed from the body before its text is taken ------------------------------------
# Elements that are never part of an article's text, wherever a plugin or editor put them.
BODY_BOILERPLATE_SELECTORS: tuple[str, ...] = (
    "script",
    "style",
    "noscript",
    "template",
    "form",
    "button",
    ".pk-share-buttons-wrap",  # Powerkit share bar: "Total 0 Shares"
    ".gform_wrapper",  # Gravity Forms sign-up: "Sign Up for Lisa's Top Ten", "Untitled(Required)"
    ".cs-entry__post-related",  # "Related Posts" cards
    ".cs-entry__subscribe",
    ".cs-entry__after-share-buttons",
    ".pk-inline-posts",
    ".sharedaddy",
    ".jp-relatedposts",
    ".wp-block-buttons",
    "#comments",
    ".comment-respond",
)

# Whole paragraphs that are boilerplate when they are all a paragraph says. Matching is on the
# paragraph's normalised text (straight apostrophes, single spaces) and must cover all of it,
# so a sentence that merely uses the same words ("total shares fell") is kept.
BOILERPLATE_PARAGRAPHS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"sign up for lisa's top ten( to get a daily briefing on the world each morning\.?"
        r"( start your free trial today\.?)?)?",
        r"the first task of the day",
        r"untitled ?\(required\)",
        r"total ?\d* ?shares?",
        r"related posts",
        r"leave a reply",
        r"your email address will not be published\.?( required fields are marked \*)?",
        r"home of lisa's top ten, the daily email that brings you the world\.?",
        r"(donate|subscribe)",
    )
)

# "From: The Hill" at the top of a post names the outlet the item comes from.
SOURCE_LINE = re.compile(r"^(?:from|source|via)\s*:\s*(?P<name>.+?)\s*$", re.IGNORECASE)
# "Read More" at the end of a post links to the original article.
READ_MORE_LINE = re.compile(r"^(?:read (?:more|the full (?:story|article)))\W*$", re.IGNORECASE)
# "Related Story: <a>Title</a>" paragraphs point at other posts of the digest site.
RELATED_STORY_LINE = re.compile(r"^related (?:story|stories|article|reading)\s*:", re.IGNORECASE)
