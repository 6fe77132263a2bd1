"""What the source extractor knows about news pages, as data.

Generic rules first (media types, thresholds, metadata keys, boilerplate paragraphs, byline and
title conventions), then per-outlet rules for the outlets a news digest cites most. An outlet
rule only narrows the generic path: a body selector that no longer matches (outlets redesign)
falls back to the generic extraction, so a stale rule costs precision, never the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- Media types ---------------------------------------------------------------------------------
HTML_TYPES: frozenset[str] = frozenset({"text/html", "application/xhtml+xml"})
PDF_TYPE = "application/pdf"
PLAIN_TEXT_TYPE = "text/plain"
# Labels that say nothing about the body: the bytes decide.
UNLABELLED_TYPES: frozenset[str] = frozenset({"application/octet-stream", "binary/octet-stream"})
# Magic numbers of the binary types a news article links to (bytes, offset, type), for
# responses that are unlabelled or labelled wrongly (a PDF served as text/html is common on
# government sites).
MAGIC_TYPES: tuple[tuple[bytes, int, str], ...] = (
    (b"%PDF-", 0, PDF_TYPE),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
    (b"ftyp", 4, "video/mp4"),
    (b"\x1a\x45\xdf\xa3", 0, "video/webm"),
    (b"ID3", 0, "audio/mpeg"),
    (b"PK\x03\x04", 0, "application/zip"),
)
# An unlabelled body that starts like this (in its first MARKUP_SNIFF_BYTES) is HTML.
MARKUP_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|head|body|meta|title|div|p)\b",
    re.IGNORECASE | re.DOTALL,
)
MARKUP_SNIFF_BYTES = 2048

# --- Thresholds ----------------------------------------------------------------------------------
# trafilatura's shortest useful result; below it the page is retried with recall settings.
MIN_TEXT_CHARS = 250
# A fast (trafilatura-only) result at least this long, and at least this share of all the page's
# text (markup white space included), is kept without asking readability and justext. On the
# AEB pages, their second opinion on fast results of 500 to 1,500 characters lost more than it
# won (text F1 0.975 when asked there too, 0.977 when not) and cost a fifth of the time.
CONFIDENT_TEXT_CHARS = 500
# A page with more links than this gets no text from trafilatura (only its articleBody, if any):
# on a page of 100,000 links its fast mode alone grows a worker by 300 MB and runs for seconds,
# and no article has a tenth of that many.
MAX_TEXT_LINKS = 20_000
CONFIDENT_PAGE_SHARE = 0.05
# PDF paragraphs: a line ending with one of these, shorter than this share of the page's
# longest line, ends its paragraph.
PDF_SENTENCE_ENDS: frozenset[str] = frozenset('.!?:"”»)')
PDF_SHORT_LINE = 0.75
# A JSON-LD articleBody replaces the extracted text only when the page's text is this much
# shorter (paywalled pages ship the full text in JSON-LD and a teaser in the markup).
ARTICLE_BODY_RATIO = 3

# --- Metadata ------------------------------------------------------------------------------------
# JSON-LD types whose node describes the article itself.
ARTICLE_TYPES: frozenset[str] = frozenset(
    {
        "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting",
        "Report", "ScholarlyArticle", "TechArticle", "SatiricalArticle", "Posting",
        "SocialMediaPosting", "DiscussionForumPosting",
    }
)  # fmt: skip
# Fallbacks when no article node exists: some outlets describe the page only.
PAGE_TYPES: frozenset[str] = frozenset({"WebPage", "ItemPage", "VideoObject"})

# Meta keys, strongest first. "article:published_time" is Open Graph's; the others are what
# large publishers' CMSs emit (Parse.ly, Sailthru, Dublin Core, Google News' original-source).
PUBLISHED_META_KEYS: tuple[str, ...] = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "published_time",
    "datePublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "article.published",
    "DC.date.issued",
    "dcterms.created",
    "dcterms.date",
    "dc.date",
    "citation_publication_date",
    "article_date_original",
    "pdate",
    "sn-post-date",
    "date",
)
# Dates outside these years are placeholders ("0001-01-01") or typos.
MIN_YEAR = 1900
MAX_YEAR = 2100
# A date in a URL path: /2019/11/19/ or /2019-11-19-.
URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|$)")
# Dates as pages print them: "18th" is "18"; a zone name ("EST") stands for its offset.
DATE_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
ZONE_OFFSETS: dict[str, str] = {
    "UTC": "+0000", "GMT": "+0000", "EST": "-0500", "EDT": "-0400", "CST": "-0600",
    "CDT": "-0500", "MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700",
    "BST": "+0100", "CET": "+0100", "CEST": "+0200", "IST": "+0530", "JST": "+0900",
    "AEST": "+1000", "AEDT": "+1100", "HST": "-1000", "AKST": "-0900", "AKDT": "-0800",
}  # fmt: skip
ZONE_NAME = re.compile(r"(?<=[\dmM.])\s*\b(" + "|".join(ZONE_OFFSETS) + r")\b\.?$")
# Month names by their first letters (four where three are shared: "juin", "juil"), in the
# languages cited most: English, German, French, Spanish, Italian, Portuguese, Dutch.
MONTH_PREFIXES: dict[str, int] = {
    "jan": 1, "gen": 1, "ene": 1, "feb": 2, "fév": 2, "fev": 2, "mar": 3, "mär": 3, "maa": 3,
    "apr": 4, "avr": 4, "abr": 4, "may": 5, "mai": 5, "mag": 5, "mei": 5, "jun": 6, "juin": 6,
    "giu": 6, "jul": 7, "juil": 7, "lug": 7, "aug": 8, "aoû": 8, "aou": 8, "ago": 8, "sep": 9,
    "set": 9, "oct": 10, "okt": 10, "ott": 10, "out": 10, "nov": 11, "dec": 12, "dez": 12,
    "déc": 12, "dic": 12,
}  # fmt: skip
_MONTHS = r"(?:" + "|".join(sorted(MONTH_PREFIXES, key=len, reverse=True)) + r")[^\W\d_]*\.?"
# A date inside a line of text: "November 18, 2019", "18 Nov 2019", "25. Juli 2018", "18 de
# noviembre de 2019", "2019-11-18".
DATE_IN_TEXT = re.compile(
    rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b"
    rf"|\b\d{{1,2}}\.?\s+(?:de\s+)?{_MONTHS}\s+(?:de\s+)?(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d-\d\d-\d\d\b",
    re.IGNORECASE,
)
# A clock time printed right after a date ("Nov 18, 2019 at 9:24 pm ET", "November 18, 2019
# -- 19:14 GMT", "Nov. 19, 2019 5:50 PM"), with the zone name when one is printed.
PRINTED_CLOCK = re.compile(
    r"\s*(?:,|--|[-–—|])?\s*(?:at\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?"
    r"\s*(?P<meridiem>[ap]\.?m\.?)?(?:\s*(?P<zone>[A-Z]{2,4})\b)?",
    re.IGNORECASE,
)
# A printed date so labelled is not the first publication's.
UPDATE_LABEL = re.compile(
    r"\b(?:updated?|modified|edited|actualizado|aktualisiert|mis à jour|aggiornato)\b",
    re.IGNORECASE,
)
# The most days the date a page prints may lie from the metadata's and still be the same
# publication seen in another time zone (a UTC time late in the evening is the next day).
PRINTED_DATE_MAX_DAYS = 1
# After the elements around the headline, the text of the page's first <time> elements.
PRINTED_TIME_ELEMENTS = 3
# A dateline is short: a date in a longer text (a photo caption, a sentence) tells nothing of
# the article's own publication.
MAX_DATELINE_CHARS = 80
# The UTC offsets (minutes) a page's clock is believed to be in: whole hours, and India's.
ZONE_OFFSET_MINUTES: frozenset[int] = frozenset({*(h * 60 for h in range(-12, 15) if h), 330})
# A clock time as pages print it next to a date: "10:01 pm", "22:01", "7:04 p.m.".
# Not the minutes and seconds of a machine timestamp ("2019-11-18T22:05:36Z" shown as is).
CLOCK_TIME = re.compile(
    r"(?<![\d:])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?\s*(?P<meridiem>[ap]\.?m\.?)?",
    re.IGNORECASE,
)
MODIFIED_META_KEYS: tuple[str, ...] = (
    "article:modified_time",
    "og:updated_time",
    "dateModified",
    "last-modified",
)
AUTHOR_META_KEYS: tuple[str, ...] = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "byl",
    "dc.creator",
)
TITLE_META_KEYS: tuple[str, ...] = ("og:title", "twitter:title", "parsely-title", "sailthru.title")
DESCRIPTION_META_KEYS: tuple[str, ...] = ("og:description", "description", "twitter:description")
SITE_NAME_META_KEYS: tuple[str, ...] = ("og:site_name", "application-name", "publisher")

# Separators between an article title and the outlet's name in <title> and og:title.
TITLE_SEPARATORS: tuple[str, ...] = (" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » ")
# A trailing title segment this short may be the outlet's name even when no site name is known.
MAX_SITE_SUFFIX_WORDS = 4
# A leading "Outlet: " before the headline.
TITLE_PREFIX_SEPARATORS: tuple[str, ...] = (": ", " | ", " - ", " – ", " — ")
# An <h1> of this length may be the headline (shorter: a logo; longer: a paragraph).
MIN_HEADLINE_CHARS = 8
MAX_HEADLINE_CHARS = 300
# An <h1> is the headline a metadata title rewords when it shares this share of the content
# words of the shorter of the two.
HEADLINE_WORD_SHARE = 0.6
TITLE_STOP_WORDS: frozenset[str] = frozenset(
    {"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "is", "are", "with", "at", "by"}
)

# Visible markup, for pages without metadata. First match wins.
BYLINE_SELECTORS: tuple[str, ...] = (
    "[itemprop~=author] [itemprop=name]",
    "[itemprop~=author]",
    "a[rel=author]",
    ".byline__name",
    ".author-name",
    "[class*=author__name]",
    ".byline",
    ".author",
    # "byline-section", "article-byline": a credit without "By" and without an author element
    # ("Herald wire services", then the date) is read whole.
    "[class*=byline]",
)
# Prefixes that are part of how a byline is printed, never of a name.
AUTHOR_PREFIX = re.compile(
    r"^(?:(?:posted|published) on .{1,40}? by|"
    r"(?:view|see|more) (?:all )?(?:posts|articles|stories) by|(?:posted|written|words|"
    r"story|text|reporting|report|analysis|opinion|commentary|interview) by|"
    r"(?:publicado|escrito) por|by|from|von|por|"
    r"par|di|author:?|(?:text|texto|autor|auteur|текст|автор)\s*:)\s*[:\-–]?\s+",
    re.IGNORECASE,
)
# The elements the metadata is read from, found in one walk of the tree.
METADATA_TAGS: tuple[str, ...] = ("meta", "script", "title", "h1", "time", "link")
# A visible "By" line is looked for among this many elements of these kinds around the first
# <h1> (its ancestor this many levels up), or anywhere when the page has no <h1>.
BYLINE_TAGS: tuple[str, ...] = ("p", "span", "div", "address", "li", "small")
BYLINE_SEARCH_LEVELS = 3
BYLINE_SEARCH_ELEMENTS = 300
# A visible byline: starts with "By", is shorter than this.
# "By", "Written by", and its kin in the languages cited most ("Von", "Por", "Par", "Door").
# A blog's "Posted on <date> by Name" too.
_BY_WORDS = r"(?:written|posted|words|reported|story|text) by|by|von|por|publicado por|par|door"
# A date printed before the "By" of a byline ("05/10/2018 - Publicado por: Jane Roe"): passed
# over when looking for the "By".
_LEADING_DATE = (
    r"\s*(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d\d|(?:19|20)\d\d[/.-]\d{1,2}[/.-]\d{1,2})"
    r"(?:,?\s+\d{1,2}[:h]\d\d)?\s*[-–—|·•,]?\s*"
)
LEADING_DATE = re.compile(_LEADING_DATE)
BYLINE_OPENING = re.compile(
    rf"^(?:{_LEADING_DATE})?\s*(?:(?:posted|published) on|{_BY_WORDS})\b", re.IGNORECASE
)
# How much of an element's first text ``BYLINE_OPENING`` is tried on.
BYLINE_OPENING_CHARS = 48
VISIBLE_BYLINE_START = re.compile(
    rf"^\s*(?:(?:posted|published) on\b.{{1,40}}?\bby|{_BY_WORDS})\b\s*:?\s*\S", re.IGNORECASE
)
MAX_BYLINE_CHARS = 160
MAX_NAME_WORDS = 5
# Where a byline's names end: a date or a time after them ("By Jane Roe on Monday, ...",
# "By Jane Roe Wednesday, 20 Nov", "By Jane RoeMonday" where the markup has no space).
_WEEKDAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
BYLINE_END = re.compile(
    r"\s+(?:on|updated|published|posted|publiziert|veröffentlicht|publicado|publié|am|le|el)"
    r"\s+(?=\w)|\s+(?:19|20)\d\d[-/.]\d\d?[-/.]\d|\s*(?:\||•|·|／)\s*|\s+\d{1,2}[:/.]\d|"
    rf"\s+{_WEEKDAYS}\b|(?<=[a-z])(?={_WEEKDAYS[:3]}(?i:{_WEEKDAYS[3:]})\b)",
    re.IGNORECASE,
)
# Between the names of one byline: "A, B and C", "A & B", "A; B".
# "Jane Roe. The Herald": a full stop after a word (not an initial) ends a name too.
NAME_SEPARATORS = re.compile(
    r"\s*[,;]\s*(?:(?:and|&)\s+)?|\s+(?:and|&|und|et|y|e)\s+|(?-i:(?<=[a-z]{3})\.\s+(?=[A-Z]))",
    re.IGNORECASE,
)
# Never part of a name: a degree, a number, a date word.
NOT_A_NAME_PART = re.compile(
    r"^(?:[A-Z]{2,4}|Ph\.?D\.?|M\.?D\.?)$|\d|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d|\b(?:ago|updated)\b",
    re.IGNORECASE,
)
# A part the rule above drops that is a whole byline when it comes first: a news agency's
# initials ("PTI", "AFP", "AP"; two other letters are a person's initials, which say nobody's
# name) or an account's handle ("user2024") printed as the author.
STANDALONE_CREDIT = re.compile(r"AP|[A-Z]{3,5}|[a-z][a-z._-]*\d+")
# After a person's name, a job title ("Staff Writer") is no second author.
ROLE_WORDS = re.compile(
    r"\b(?:writer|editor|correspondent|reporter|columnist|contributor|contributing|staff|"
    r"producer|analyst|at-large|bureau|chief|senior|director|intern|photographer)\b",
    re.IGNORECASE,
)
# Lower-case words a name may hold.
NAME_PARTICLES: frozenset[str] = frozenset(
    {"de", "da", "del", "della", "di", "van", "von", "der", "den", "la", "le", "bin", "al", "el"}
)
# A part after a person's name that names an organisation, not a second author.
ORGANISATION_WORDS = re.compile(
    r"\b(?:press|news|media|times|post|journal|international|agency|wires?|insider|"
    r"network|magazine|daily|tribune|herald|gazette)\b|\.com\b",
    re.IGNORECASE,
)
# "By Jane Roe" standing alone in a short element.
VISIBLE_BYLINE = re.compile(
    r"^by\s+(?P<name>[A-Z][\w'’.\-]+(?:\s+(?:[A-Z][\w'’.\-]+|de|van|von|da|and|&|,))*)\s*$"
)
# The outlet credited as the byline, at the end of a short line near the headline: "By The
# Herald", "November 19, 2019 / 10:07 AM / The Herald".
OUTLET_CREDIT = re.compile(r"(?:^by\s+|[/|·•]\s*)(?P<outlet>[^/|·•]{2,80}?)\s*$", re.IGNORECASE)
# A name signed at the end of the article, as Korean, Chinese and Japanese papers do: a name in
# Hangul or Han characters with its role ("reporter", "columnist", "correspondent") before or
# after it, then the writer's e-mail address ("홍길동 기자 gildong@paper.example").
SIGN_OFF_ROLES: tuple[str, ...] = (
    "기자", "특파원", "칼럼니스트", "논설위원", "편집위원", "평론가",
    "記者", "记者", "特派員", "特派员",
)  # fmt: skip
_SIGN_OFF_NAME = r"(?<!\w)(?:[가-힣]{2,4}|[\u4e00-\u9fff]{2,4})"
_SIGN_OFF_ROLE = "(?:" + "|".join(SIGN_OFF_ROLES) + ")"
SIGN_OFF = re.compile(
    rf"(?:{_SIGN_OFF_ROLE}\s+(?P<after_role>{_SIGN_OFF_NAME})"
    rf"|(?P<before_role>{_SIGN_OFF_NAME})\s*{_SIGN_OFF_ROLE})"
    r"\s+[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
DATE_SELECTORS: tuple[str, ...] = (
    "time[itemprop=datePublished]",
    "[itemprop=datePublished]",
    "time[pubdate]",
    "time.published",
    "time",
)

# --- Before extraction ---------------------------------------------------------------------------
# Elements that never carry article text. Removing them before trafilatura halves the tree it
# walks (SVG icons and scripts are most of a modern page's elements) without changing what it
# keeps: it removes all of these itself, later and more slowly.
NON_CONTENT_TAGS: tuple[str, ...] = (
    "script", "style", "noscript", "svg", "template", "iframe", "link", "meta", "head",
    "button", "select", "input", "textarea", "option", "footer", "aside", "nav", "img",
    "source", "picture", "object", "embed", "video", "audio", "canvas", "map",
)  # fmt: skip

# --- After extraction: paragraphs that are not the article -------------------------------------
# Each pattern must match a whole paragraph (normalised: straight quotes, single spaces), so an
# article sentence that merely mentions a newsletter is kept.
_WORDS = r"[^.!?]{0,120}"  # a short stretch of one sentence
BOILERPLATE_PARAGRAPHS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # Ad slots and their labels.
        r"(?:story continues below )?advertisement\W*(?:continue reading below\W*)?",
        r"(?:article continues|story continues|continue reading) (?:below|after)" + _WORDS,
        r"sponsored(?: content)?|ad|ads|promoted",
        # Newsletter and subscription prompts.
        r"(?:sign up|subscribe|register)\b"
        + _WORDS
        + r"(?:newsletter|inbox|email|updates)"
        + _WORDS
        + r"[.!]?(?:\s"
        + _WORDS
        + r"[.!])?",
        r"get (?:the|our)"
        + _WORDS
        + r"(?:newsletter|delivered|in your inbox|inbox)"
        + _WORDS
        + r"[.!]?(?:\s"
        + _WORDS
        + r"[.!])?",
        r"(?:already a subscriber|subscribe now|subscribe today|become a member)" + _WORDS,
        r"(?:this article|this story|this content) is (?:for|available to) (?:subscribers|members)"
        + _WORDS,
        # Share and follow prompts.
        r"(?:share|tweet|email|print)(?: this)?(?: article| story| page)?\W*",
        r"(?:like|enjoy(?:ed)?) this (?:story|article)\?" + _WORDS + r"[.!]?",
        r"follow (?:us|me|him|her|them|\w+(?: \w+){0,4}) on (?:twitter|facebook|instagram|x|"
        r"linkedin|youtube|tiktok|threads)" + _WORDS + r"[.!]?(?:\s" + _WORDS + r"[.!])*",
        r"(?:email \S+ at \S+|contact \w+(?: \w+)? at \S+)"
        + _WORDS
        + r"[.!]?(?:\s"
        + _WORDS
        + r"[.!])*",
        # Links to other stories.
        r"\[?(?:read more|read also|also read|see more|see also|related|related article|"
        r"related story|more|more from \w+|recommended|watch|listen|don't miss|must read)"
        r"\s*(?::|\||>>|-)\s*" + _WORDS + r"\]?",
        r"(?:click here|tap here)" + _WORDS + r"[.!]?",
        # Reprint notices (Dow Jones papers print this above every article).
        r"this copy is for your personal, non-commercial use only\." + r".{0,300}",
        # Reading time and comment counters.
        r"(?:reading time|tempo de leitura|lesezeit|temps de lecture)\W+\d+\W*\w*",
        r"\d+\s*(?:min|mins|minute|minutes) read",
        r"comments?(?: \(\d+\))?|\d+ comments?|leave a (?:comment|reply)|show comments",
        # Credits that stand alone: photo credits, copyright lines, wire-service credits.
        r"\(?(?:photo|photograph|image|picture|video|credit|illustration)s?(?: credit)?\s*"
        r"(?:by|:)\s*" + _WORDS + r"\)?",
        r"(?:©|\(c\)|copyright)\s*" + _WORDS,
        r"\(?(?:additional |with |and )?(?:reporting|writing|editing|compiled) by.{0,300}",
        r"with (?:post |wire |ap |afp |reuters |staff )?"
        r"(?:wires|reporting|wire services|agencies)\.?",
        r"(?:[\w.'’ ,&-]{0,200}) contributed (?:to )?(?:this|the) (?:report|story|article)\.?",
        r"(?:[\w.'’ ,&-]{0,200}) contributed reporting(?: from [\w. ,'’-]{0,80})?\.?",
        # A date label whose date was a <time> element, which trafilatura drops.
        r"(?:published|updated|posted|last updated|first published|modified)(?: on| at)?:?",
        r"(?:this|the) (?:story|article) (?:has been|was) (?:updated|corrected)" + _WORDS + r".?",
        r"our standards:? the thomson reuters trust principles\.?",
    )
)
# A sentence or two after the words that tell the kind.
_TWO_SENTENCES = r"[.!?]?(?:\s" + _WORDS + r"[.!?]?)?"
# Short boilerplate of known kinds, by kind: dropped from a crawl's sources and named in its
# outlet-boilerplate.json (cleaning.outlet_boilerplate). Whole paragraphs, as above.
KNOWN_BOILERPLATE: dict[str, re.Pattern[str]] = {
    kind: re.compile(pattern, re.IGNORECASE)
    for kind, pattern in {
        "meter": r"(?:you have |you've )?(?:\d+|one|two|three|no) (?:more )?(?:free )?"
        r"(?:articles?|stories|stor(?:y|ies)|reads?) (?:left|remaining)" + _WORDS + r"[.!]?"
        r"|you(?:'ve| have) (?:reached|read) (?:your|all|the)"
        + _WORDS
        + r"(?:free|limit)"
        + _WORDS
        + _TWO_SENTENCES,
        "subscribe": r"(?=.{0,200}\b(?:today|now|keep reading|continue reading|unlimited|"
        r"access|journalism|offer|per (?:month|week)|trial)\b)"
        r"(?:subscribe|subscribers? only|become a subscriber|support (?:our|local) journalism)"
        r"\b" + _WORDS + _TWO_SENTENCES,
        "sign_up": r"(?=.{0,200}\b(?:newsletters?|e-?mails?|inbox|alerts|updates|briefing|"
        r"free account)\b)sign up\b" + _WORDS + _TWO_SENTENCES,
        "already_subscriber": r"already (?:a subscriber|have an account|registered)\b"
        + _WORDS
        + _TWO_SENTENCES,
        "cookie_consent": r"(?=.{0,300}\b(?:cookies?|consent)\b)"
        r"(?:(?:we|this (?:site|website)) uses?|by (?:continuing|using)|accept|manage|cookie)"
        r"\b.{0,300}",
    }.items()
}
# A block learned from repetition is at most this long (a bio, a notice; not a paragraph of
# reporting that two articles happen to share).
MAX_LEARNED_BLOCK_CHARS = 400
# Two pages sharing more than this share of their short blocks are one article twice.
SAME_ARTICLE_SHARE = 0.5
# A learned block stands in at least this share of its host's articles in the crawl.
LEARNED_SHARE = 0.5
# A learned block stands in the same place (paragraph from the start or the end) in at least
# this share of the articles that hold it.
SAME_PLACE_SHARE = 0.6
# Pages of one host compared pairwise, at most, to find two different articles.
MAX_LEARNING_COMPARISONS = 20
# The longest paragraph any pattern above can match: longer ones are never tested.
MAX_BOILERPLATE_CHARS = 600
# A lone URL line, as printed under reprint notices.
URL_PARAGRAPH = re.compile(r"\S*https?://\S+")
# Headings that open a block of links to other stories: they and what follows them go, when
# they come in the last part of the text.
TAIL_HEADINGS = re.compile(
    r"(?:related(?: articles| stories| posts| content| coverage| reading)?|you may also like|"
    r"you might also like|more (?:stories|news|from|on|in)\b.{0,40}|more:?|most (?:read|popular)"
    r".{0,40}|recommended(?: for you| stories)?|trending(?: now)?|read next|what to read next|"
    r"further reading|latest (?:news|stories)|popular (?:stories|posts)|comments?|"
    r"leave a (?:comment|reply)|join the conversation|tell us what you think\W*)\W*",
    re.IGNORECASE,
)
# Only in this last share of the blocks is a tail heading trusted to open a link list.
TAIL_SHARE = 0.35
# A dateline or timestamp printed as its own paragraph at the top: "Updated at 1:23 p.m.",
# "5:45 AM PST 11/19/2019 by Patrick Shanley", "Published November 19, 2019".
DATELINE = re.compile(
    r"(?:(?:published|updated|posted|last updated|first published)(?: on| at)?:?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s*)?"
    r"(?:\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?,?\s*)?"
    r"(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?"
    r"\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+"
    r"\d{4})?"
    r"(?:,?\s*(?:at\s*)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
    r"(?:\s*(?:by|\|)\s*.{0,80})?",
    re.IGNORECASE,
)
# Bylines and datelines are looked for only among the first blocks, and only when short.
HEADER_BLOCKS = 3
MAX_HEADER_WORDS = 16


# --- Per outlet ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class OutletRule:
    """What one outlet's article pages need beyond the generic rules."""

    # Registered domains; subdomains match too ("www.foxnews.com", "m.foxnews.com").
    domains: tuple[str, ...]
    # The outlet's name, used when the page names no site.
    site_name: str
    # CSS selectors of the article body, first match wins.
    body: tuple[str, ...] = ()
    # CSS selectors of boilerplate inside the page, removed before extraction.
    drop: tuple[str, ...] = ()
    # Whole-paragraph patterns of the outlet's house boilerplate, on normalised text (straight
    # quotes, single spaces). Case-sensitive, since house style is often all caps: wrap a
    # pattern in (?i:...) when case does not matter.
    paragraphs: tuple[str, ...] = ()


# Only markup these outlets have used across their article templates, as publicly visible;
# selectors are checked for a match before use, so a redesign degrades to the generic path.
OUTLET_RULES: tuple[OutletRule, ...] = (
    OutletRule(
        domains=("foxnews.com", "foxbusiness.com"),
        site_name="Fox News",
        body=("div.article-body",),
        drop=(".ad-container", ".featured-video", ".caption"),
        # In-text promotions, printed as bold all-caps links: "CLICK HERE TO GET THE FOX NEWS APP".
        paragraphs=(
            r"(?:CLICK HERE|GET THE FOX NEWS APP|SIGN UP FOR|WATCH:|READ MORE|SUBSCRIBE TO)"
            r"[^a-z]{0,200}",
        ),
    ),
    OutletRule(
        domains=("nypost.com",),
        site_name="New York Post",
        body=("div.single__content", "div.entry-content"),
        drop=(".inline-module", ".membership-comments-container", ".widget_nypost_recirc"),
        paragraphs=(r"(?i:with post wires\.?)", r"(?i:let's be friends on .*)"),
    ),
    OutletRule(
        domains=("thehill.com",),
        site_name="The Hill",
        body=("div.article__text", "div.field-name-body"),
        # Lawmakers' names open a hover card of their latest stories, printed inline.
        drop=(".rollover-people-block", ".dfp-tag-wrapper", ".article__newsletter"),
        paragraphs=(r"(?i:updated at \d{1,2}:\d{2} [ap]\.?m\.?)",),
    ),
    OutletRule(
        domains=("freebeacon.com", "washingtonfreebeacon.com"),
        site_name="Washington Free Beacon",
        body=("div.article-content", "div.entry-content"),
        drop=(".sharedaddy", ".jp-relatedposts"),
    ),
    OutletRule(
        domains=("timesofisrael.com",),
        site_name="The Times of Israel",
        body=("div.the-content",),
        drop=(".inline-newsletter", ".liveblog-date", ".article-subscribe"),
    ),
    OutletRule(
        domains=("jpost.com",),
        site_name="The Jerusalem Post",
        body=("section.article-inner-content", "div.article-inner-content"),
        drop=(".article-tags", ".hide-for-premium"),
    ),
    OutletRule(
        domains=("reuters.com",),
        site_name="Reuters",
        body=("div[class*='article-body__content']", "div.StandardArticleBody_body"),
        drop=("[class*='article-body__toolbar']", "[class*='signoff']", "[class*='trust-badge']"),
    ),
    OutletRule(
        domains=("apnews.com",),
        site_name="AP News",
        body=("div.RichTextStoryBody", "div.Article"),
        drop=(".Advertisement", ".ad-placeholder", ".Enhancement"),
        paragraphs=(r"(?i:follow ap's .*coverage.*)", r"(?i:more ap \w+: .*)"),
    ),
    OutletRule(
        domains=("bbc.com", "bbc.co.uk"),
        site_name="BBC",
        body=("main article", "article"),
        drop=(
            "[data-component='links-block']",
            "[data-component='tag-list']",
            "[data-component='related-internet-links']",
            "[data-component='image-block']",
            "[data-component='media-block']",
            "[data-component='byline-block']",
            "[data-component='timestamp-block']",
        ),
    ),
)
