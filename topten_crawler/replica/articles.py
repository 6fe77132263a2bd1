"""The documents the source hosts serve, one per URL the posts cite, and what a crawl records.

Everything is derived from the content model and is deterministic: a cited article takes its
headline from a hand-written table (hand posts, :mod:`topten_crawler.replica.source_data`) or from
the citing post's title (generated posts), its first paragraphs from the plain paragraphs of the
post that cited it first, and the rest from sentence pools chosen by a generator seeded with the
URL path. :func:`expected_source` turns a :class:`SourceDoc` into the :class:`ExpectedSource` a
correct crawler records, flagged with the cases of :mod:`topten_crawler.replica.source_cases`; no
extractor is involved.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal, TypeAlias

from topten_crawler.replica.content import (
    DEFUNCT_OUTLET,
    OUTLETS,
    LinkResolver,
    Post,
    SiteContent,
)
from topten_crawler.replica.outlets import PROFILES, OutletProfile
from topten_crawler.replica.post_body import Inline, Paragraph, Quote, inline_text, iter_links
from topten_crawler.replica.source_cases import (
    CASE_PRIORITY,
    CONNECTION_REFUSED,
    DRIFTED,
    FOREIGN_LANGUAGE,
    GZIP,
    IMAGE,
    JSONLD,
    NO_METADATA,
    OPENGRAPH,
    PDF,
    ROBOTS_DISALLOWED,
    SHARED,
    SLOW,
    SOFT_404,
    WINDOWS_1252,
    Special,
)
from topten_crawler.replica.source_data import (
    AUTHORS,
    CANONICAL_PATHS,
    FULL_TEXTS,
    HEADLINES,
    PDF_CREATED,
    PDF_SENTENCE,
    POOL_CP1252,
    POOL_EN,
    SPECIAL_PATHS,
)
from topten_crawler.replica.textutil import collapse

# ------------------------------------------------------------------------------------------------
# The documents and their records

DocKind: TypeAlias = Literal["html", "pdf", "image"]
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PATH_DATE = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/|-(\d{4})(\d{2})(\d{2})\.html$")
MIN_WORDS = 200  # composed articles grow to at least this many words
MAX_WORDS = 600


@dataclass(frozen=True)
class SourceDoc:
    """One cited URL and the document its outlet serves there."""

    outlet: int
    path: str  # as cited
    kind: DocKind
    headline: str
    author: str | None
    published_at: datetime  # aware, in the outlet's time zone
    modified_at: datetime
    paragraphs: tuple[str, ...]
    citers: tuple[str, ...]  # keys of the citing posts, newest first
    special: Special | None = None
    canonical_path: str = ""  # where the cited path redirects to; == path otherwise
    since: int = 0  # the day of the site on which it was first cited

    @property
    def profile(self) -> OutletProfile:
        return PROFILES[self.outlet]

    @property
    def published(self) -> str:
        """The publication date as the page's metadata (or ``<time datetime>``) prints it."""
        if self.kind == "pdf":
            return self.published_at.isoformat()
        return self.profile.format_date(self.published_at)

    @property
    def modified(self) -> str:
        return self.profile.format_date(self.modified_at)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def blocked_by_robots(self) -> bool:
        return any(self.path.startswith(p) for p in self.profile.robots_disallow)

    @property
    def cases(self) -> tuple[str, ...]:
        profile = self.profile
        flags: set[str] = set()
        if self.outlet == DEFUNCT_OUTLET:
            flags.add(CONNECTION_REFUSED)
        if self.special is not None:
            flags.add(self.special)
        if self.blocked_by_robots:
            flags.add(ROBOTS_DISALLOWED)
        if profile.slow:
            flags.add(SLOW)
        if len(self.citers) > 1:
            flags.add(SHARED)
        if self.kind == "pdf":
            flags.add(PDF)
        elif self.kind == "image":
            flags.add(IMAGE)
        elif self.outlet != DEFUNCT_OUTLET:
            flags.add(
                {"jsonld": JSONLD, "opengraph": OPENGRAPH, "none": NO_METADATA}[profile.metadata]
            )
            if profile.charset == "windows-1252":
                flags.add(WINDOWS_1252)
            if profile.lang is not None and not profile.lang.startswith("en"):
                flags.add(FOREIGN_LANGUAGE)
            if profile.gzip:
                flags.add(GZIP)
        return tuple(c for c in CASE_PRIORITY if c in flags)


@dataclass(frozen=True)
class ExpectedSource:
    """What a correct crawler records for one cited URL; field names follow the JSON record.

    ``case`` is the most specific of ``cases``, the flags of every case the source exercises.
    """

    url: str
    final_url: str | None
    cited_by: list[str]
    status: int | None
    error: str | None
    content_type: str | None
    title: str | None
    author: str | None
    published: str | None
    site_name: str | None
    language: str | None
    text: str
    case: str
    cases: tuple[str, ...] = ()
    outlet: str | None = None
    path: str = ""

    RECORD_FIELDS = (
        "url",
        "final_url",
        "cited_by",
        "status",
        "error",
        "content_type",
        "title",
        "author",
        "published",
        "site_name",
        "language",
        "text",
    )

    def record(self) -> dict[str, object]:
        """Only the fields of the crawler's source record, for field-by-field comparison."""
        return {name: getattr(self, name) for name in self.RECORD_FIELDS}

    def has(self, case: str) -> bool:
        return case in self.cases

    @property
    def link_state(self) -> str:
        """What a link checker should say of the URL on this day: ``alive``, ``gone`` (a 4xx),
        ``server_error``, ``connection``, ``timeout``, ``soft_404`` (sent to the home page),
        ``drifted`` (another text than first cited) or ``unchecked`` (robots.txt forbids it)."""
        if self.error is not None:
            return _ERROR_LINK_STATES[self.error]
        if self.has(SOFT_404):
            return "soft_404"
        if self.has(DRIFTED):
            return "drifted"
        return "alive"


_ERROR_LINK_STATES = {
    "connection": "connection",
    "timeout": "timeout",
    "robots": "unchecked",
    "http_404": "gone",
    "http_5xx": "server_error",
}


# ------------------------------------------------------------------------------------------------
# Building the documents


def _plain_paragraphs(post: Post, titles: dict[str, str]) -> list[str]:
    """The post's text paragraphs and quotes that link nowhere: facts an article can repeat."""
    out: list[str] = []
    for block in post.blocks:
        runs: list[tuple[Inline, ...]] = []
        if isinstance(block, Paragraph) and block.role == "text":
            runs = [block.children]
        elif isinstance(block, Quote):
            runs = [block.paragraphs[0]]
        for run in runs:
            if any(True for _ in iter_links(run)):
                continue
            text = collapse(inline_text(run, titles))
            if text:
                out.append(text)
    return out


def _words(paragraphs: Iterable[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def _kind(path: str) -> DocKind:
    if path.endswith(".pdf"):
        return "pdf"
    if path.endswith((".jpg", ".jpeg")):
        return "image"
    return "html"


def _publication(
    outlet: int, path: str, oldest: Post, rng: random.Random
) -> tuple[datetime, datetime]:
    """(published, modified): on the day the path names, or hours before the citing post."""
    profile = PROFILES[outlet]
    if (outlet, path) == (6, "/reports/campus-antisemitism-autumn-2023.pdf"):
        return PDF_CREATED, PDF_CREATED
    match = _PATH_DATE.search(path)
    if match:
        y, m, d = (
            int(g) for g in (match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6))
        )
        local = datetime(y, m, d, rng.randint(6, 19), rng.randint(0, 59))
        published = profile.localize(local)
        limit = oldest.published - timedelta(hours=1)
        if published.date() == oldest.published.date() and published > limit:
            published = profile.to_zone(limit)
    else:
        moment = oldest.published - timedelta(hours=rng.randint(3, 30), minutes=rng.randint(0, 59))
        published = profile.to_zone(moment.replace(second=0))
    modified = profile.to_zone(published + timedelta(minutes=rng.randint(20, 30 * 60)))
    return published, modified


def _compose(
    outlet: int,
    path: str,
    oldest: Post,
    titles: dict[str, str],
    published: date,
    rng: random.Random,
) -> tuple[str, ...]:
    full = FULL_TEXTS.get((outlet, path))
    if full is not None:
        return full
    facts = _plain_paragraphs(oldest, titles)
    take = min(len(facts), rng.choice((2, 2, 3)))
    # Mostly the post's opening facts, as the article's lead; sometimes later ones.
    start = rng.randrange(len(facts) - take + 1) if facts and rng.random() < 0.4 else 0
    paragraphs = facts[start : start + take]
    day = DAYS[published.weekday()]
    pool = [p.replace("{day}", day) for p in POOL_EN]
    extra = rng.sample(pool, k=rng.randint(3, 5))
    if PROFILES[outlet].charset == "windows-1252":
        extra.insert(rng.randrange(len(extra) + 1), rng.choice(POOL_CP1252))
    paragraphs += extra
    rest = [p for p in pool if p not in paragraphs]
    rng.shuffle(rest)
    while _words(paragraphs) < MIN_WORDS and rest:
        paragraphs.append(rest.pop())
    while _words(paragraphs) > MAX_WORDS:
        paragraphs.pop()
    return tuple(paragraphs)


def build_source_docs(
    content: SiteContent, known: Mapping[tuple[int, str], SourceDoc] | None = None
) -> dict[tuple[int, str], SourceDoc]:
    """Every cited *(outlet, path)* and its document, in outlet then path order.

    ``known``: documents of earlier days of the site. A path cited before keeps its document
    (an outlet does not rewrite an article because the digest cites it again), with today's
    citers; only newly cited paths get a new one, dated ``content.day``.
    """
    titles = content.titles
    docs: dict[tuple[int, str], SourceDoc] = {}
    known = known or {}
    seen_texts: set[str] = {doc.text for doc in known.values() if doc.kind == "html"}
    for (outlet, path), citers in sorted(content.citing_posts().items()):
        if not 0 <= outlet < len(OUTLETS):
            raise ValueError(f"no outlet {outlet} for the cited path {path}")
        earlier = known.get((outlet, path))
        if earlier is not None:
            citer_keys = tuple(p.key for p in citers)
            same = citer_keys == earlier.citers
            docs[outlet, path] = earlier if same else replace(earlier, citers=citer_keys)
            continue
        oldest = citers[-1]
        rng = random.Random(f"{content.seed}:source:{outlet}:{path}")
        kind = _kind(path)
        profile = PROFILES[outlet]
        headline = HEADLINES.get((outlet, path)) or oldest.title
        author = AUTHORS.get((outlet, path)) or rng.choice(profile.staff)
        published, modified = _publication(outlet, path, oldest, rng)
        if kind == "pdf":
            paragraphs: tuple[str, ...] = (PDF_SENTENCE,)
        elif kind == "image":
            paragraphs = ()
        else:
            paragraphs = _compose(outlet, path, oldest, titles, published.date(), rng)
            # Every article is distinct (two URLs never carry the same text).
            salt = 0
            while "\n\n".join(paragraphs) in seen_texts:
                salt += 1
                rng = random.Random(f"{content.seed}:source:{outlet}:{path}:{salt}")
                paragraphs = _compose(outlet, path, oldest, titles, published.date(), rng)
            seen_texts.add("\n\n".join(paragraphs))
        special = SPECIAL_PATHS.get((outlet, path))
        docs[outlet, path] = SourceDoc(
            outlet=outlet,
            path=path,
            kind=kind,
            headline=headline,
            author=author,
            published_at=published,
            modified_at=modified,
            paragraphs=paragraphs,
            citers=tuple(p.key for p in citers),
            special=special,
            canonical_path=CANONICAL_PATHS.get((outlet, path), path),
            since=content.day,
        )
    return docs


# ------------------------------------------------------------------------------------------------
# Expectations


def expected_source(
    doc: SourceDoc,
    content: SiteContent,
    links: LinkResolver,
    *,
    slow_times_out: bool = True,
    retries: bool = True,
    down_outlets: frozenset[int] = frozenset(),
) -> ExpectedSource:
    """The record of one cited URL. ``slow_times_out``: the crawler's download timeout is
    shorter than the slow host's delay. ``retries``: the crawler retries a 500 at least once.
    ``down_outlets``: outlets whose host refuses connections on this day of the site."""
    profile = doc.profile
    url = links.external(doc.outlet, doc.path)
    cited_by = sorted(links.site(content.post(key).path) for key in doc.citers)
    cases = doc.cases
    host_down = doc.outlet in down_outlets
    if host_down and CONNECTION_REFUSED not in cases:
        flags = {*cases, CONNECTION_REFUSED}
        cases = tuple(c for c in CASE_PRIORITY if c in flags)

    def make(
        final_url: str | None,
        status: int | None,
        error: str | None,
        content_type: str | None,
        title: str | None = None,
        author: str | None = None,
        published: str | None = None,
        site_name: str | None = None,
        language: str | None = None,
        text: str = "",
    ) -> ExpectedSource:
        return ExpectedSource(
            url=url,
            final_url=final_url,
            cited_by=cited_by,
            status=status,
            error=error,
            content_type=content_type,
            title=title,
            author=author,
            published=published,
            site_name=site_name,
            language=language,
            text=text,
            case=cases[0],
            cases=cases,
            outlet=OUTLETS[doc.outlet].name,
            path=doc.path,
        )

    if doc.outlet == DEFUNCT_OUTLET or host_down:
        return make(None, None, "connection", None)
    if doc.blocked_by_robots:
        return make(None, None, "robots", None)
    if profile.slow and slow_times_out:
        return make(None, None, "timeout", None)
    if doc.special == "not_found":
        return make(url, 404, "http_404", "text/html")
    if doc.special == "soft_404":
        # A 200 of the home page; what an extractor makes of a home page is no article, and
        # its fields are not predicted here (only that they differ from the article's).
        return make(links.external(doc.outlet, "/"), 200, None, "text/html")
    if doc.special == "server_error_recovers" and not retries:
        return make(url, 500, "http_5xx", "text/html")
    final_url = links.external(doc.outlet, doc.canonical_path)
    if doc.kind == "image":
        return make(final_url, 200, None, "image/jpeg")
    if doc.kind == "pdf":
        return make(
            final_url, 200, None, "application/pdf", doc.headline, doc.author, doc.published,
            text=doc.text,
        )  # fmt: skip
    return make(
        final_url,
        200,
        None,
        "text/html",
        title=doc.headline,
        author=doc.author,
        published=doc.published,
        site_name=None if profile.metadata == "none" else OUTLETS[doc.outlet].name,
        language=profile.lang,
        text=doc.text,
    )
