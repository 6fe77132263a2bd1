"""The replica's content model: posts, taxonomies, static pages and the expected clean extraction.

Everything here is plain data and deterministic: the same ``(n_posts, seed)`` always builds the
same site. Off-site links are stored as *(outlet index, path)* pairs because the source hosts'
addresses are only known once the server has bound its sockets; :class:`LinkResolver` turns them
into absolute URLs both when a page is rendered and when a test asks for expectations, so the two
can never disagree.
"""

from __future__ import annotations

import bisect
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import cached_property
from typing import Literal, TypeAlias

from topten_crawler.replica.corpus import (
    AUTHORS,
    CATEGORIES,
    COMMENT_TEXTS,
    COMMENTERS,
    HAND_POSTS,
    STATIC_PAGES,
    PostSpec,
)
from topten_crawler.replica.generator import RELATED_PLACEHOLDER, generate_spec
from topten_crawler.replica.textutil import collapse, slugify

SITE_NAME = "The Foreign Desk"
TAGLINE = "Home of Lisa's Top Ten, the daily email that brings you the world."
# The in-body call to action seen on 2021-22 pages. It is boilerplate: never part of ``text``.
CTA_TEXT = (
    "Sign Up for Lisa's Top Ten to get a daily briefing on the world each morning. "
    "Start your free trial today."
)
CTA_LEAD = "Sign Up for Lisa's Top Ten"
POSTS_PER_PAGE = 10

# ------------------------------------------------------------------------------------------------
# Inline and block model of a post body


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Em:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ExtLink:
    """A link to an outlet's article; ``outlet`` indexes :data:`OUTLETS`."""

    outlet: int
    path: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class PostLink:
    """A link to another replica post. ``children`` None: the anchor text is the target's title."""

    key: str
    absolute: bool
    children: tuple[Inline, ...] | None


@dataclass(frozen=True, slots=True)
class SiteLink:
    """A link to a non-post page of the digest site (the sign-up page of the call to action)."""

    path: str
    children: tuple[Inline, ...]


Inline: TypeAlias = str | Strong | Em | ExtLink | PostLink | SiteLink

# What a paragraph is for: only "text" paragraphs belong to the clean text. "from" is the
# "From: Outlet" source line, "read_more" the closing link to the original article, "related" an
# editor's "Related Story:" line, "cta" the sign-up call to action, "spacer" an empty paragraph.
ParagraphRole: TypeAlias = Literal["text", "from", "read_more", "related", "cta", "spacer"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    children: tuple[Inline, ...]
    role: ParagraphRole = "text"


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True, slots=True)
class Quote:
    paragraphs: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True, slots=True)
class Figure:
    path: str
    alt: str
    caption: tuple[Inline, ...] | None


@dataclass(frozen=True, slots=True)
class SignupForm:
    """A Gravity Forms sign-up embedded in the body by shortcode: boilerplate inside the content."""


Block: TypeAlias = Paragraph | Heading | ListBlock | Quote | Figure | SignupForm

# ------------------------------------------------------------------------------------------------
# Site entities


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    # How the name reads inside a sentence ("the Meridian Post").
    in_prose: str


# The outlets whose articles the posts cite (``srcN:`` links of the corpus markup). Outlet i is
# served by source host i modulo the number of source hosts, so the seven default hosts hold one
# outlet each; :mod:`topten_crawler.replica.outlets` describes how each one answers. The last one,
# :data:`DEFUNCT_OUTLET`, has no server at all: its address refuses connections.
OUTLETS: tuple[Outlet, ...] = (
    Outlet("The Harbor Ledger", "the Harbor Ledger"),
    Outlet("Meridian Post", "the Meridian Post"),
    Outlet("Northgate Courier", "the Northgate Courier"),
    Outlet("Lakeshore Chronicle", "the Lakeshore Chronicle"),
    Outlet("Le Messager du Levant", "Le Messager du Levant"),
    Outlet("Atlas Wire", "Atlas Wire"),
    Outlet("Halden Institute", "the Halden Institute"),
    Outlet("Caspian Observer", "the Caspian Observer"),
)
DEFUNCT_OUTLET = 7


@dataclass(frozen=True, slots=True)
class Category:
    slug: str
    name: str
    term_id: int

    @property
    def path(self) -> str:
        return f"/category/{self.slug}/"


@dataclass(frozen=True, slots=True)
class Tag:
    slug: str
    name: str
    term_id: int

    @property
    def path(self) -> str:
        return f"/tag/{self.slug}/"


@dataclass(frozen=True, slots=True)
class Author:
    slug: str
    name: str
    user_id: int
    bio: str

    @property
    def path(self) -> str:
        return f"/author/{self.slug}/"


@dataclass(frozen=True, slots=True)
class FeaturedImage:
    path: str
    caption: str | None
    alt: str
    width: int = 1200
    height: int = 675


@dataclass(frozen=True, slots=True)
class Comment:
    comment_id: int
    author: str
    posted: datetime
    text: str


@dataclass(slots=True)
class Post:
    key: str
    post_id: int
    title: str
    subtitle: str | None
    slug: str
    author: Author
    categories: tuple[Category, ...]
    tags: tuple[Tag, ...]
    published: datetime
    modified: datetime
    image: FeaturedImage | None
    blocks: tuple[Block, ...]
    comments: tuple[Comment, ...] = ()
    has_jsonld: bool = True
    has_meta: bool = True
    # Reachable only through the sitemap (and the feed while it is among the newest ten): no
    # listing, archive, related card, Related Story line or prev/next link points at it.
    hidden_from_listings: bool = False
    # Keys of the three posts of the "Related Posts" cards under the article.
    related_cards: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return f"/{self.categories[0].slug}/{self.slug}/"


@dataclass(frozen=True, slots=True)
class StaticPage:
    page_id: int
    path: str
    title: str
    paragraphs: tuple[str, ...]
    modified: datetime


# ------------------------------------------------------------------------------------------------
# Links and expectations


class LinkResolver:
    """Turns stored links into absolute URLs for one running server."""

    def __init__(
        self,
        base_url: str,
        source_base_urls: Sequence[str],
        outlet_base_urls: Mapping[int, str] | None = None,
    ) -> None:
        """``outlet_base_urls`` pins single outlets to a base URL of their own (the defunct
        outlet's refusing address); the others go to source host ``outlet % len(hosts)``."""
        if not source_base_urls:
            raise ValueError("at least one source host is needed to resolve off-site links")
        self.base_url = _slashed(base_url)
        self.source_base_urls = [_slashed(u) for u in source_base_urls]
        self.outlet_base_urls = {k: _slashed(u) for k, u in (outlet_base_urls or {}).items()}

    def site(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def source_base(self, outlet: int) -> str:
        pinned = self.outlet_base_urls.get(outlet)
        if pinned is not None:
            return pinned
        return self.source_base_urls[outlet % len(self.source_base_urls)]

    def external(self, outlet: int, path: str) -> str:
        return self.source_base(outlet) + path.lstrip("/")


def _slashed(url: str) -> str:
    return url if url.endswith("/") else url + "/"


@dataclass(frozen=True)
class ExpectedPost:
    """What a correct crawler records for one post; field names follow the JSON record."""

    url: str
    title: str
    subtitle: str | None
    author: str
    published: str
    modified: str | None
    categories: list[str]
    tags: list[str]
    image: dict[str, str | None] | None
    source_name: str | None
    text: str
    citations: list[dict[str, str]]
    related: list[str]
    post_id: int
    read_more_url: str | None = None
    path: str = ""
    has_jsonld: bool = True
    has_meta: bool = True
    hidden_from_listings: bool = False

    RECORD_FIELDS = (
        "url",
        "title",
        "subtitle",
        "author",
        "published",
        "modified",
        "categories",
        "tags",
        "image",
        "source_name",
        "text",
        "citations",
        "related",
        "post_id",
    )

    def record(self) -> dict[str, object]:
        """Only the fields of the crawler's JSON record, for field-by-field comparison."""
        return {name: getattr(self, name) for name in self.RECORD_FIELDS}


def inline_text(nodes: Iterable[Inline], titles: dict[str, str]) -> str:
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif isinstance(node, PostLink) and node.children is None:
            parts.append(titles[node.key])
        else:
            assert node.children is not None
            parts.append(inline_text(node.children, titles))
    return "".join(parts)


def iter_links(nodes: Iterable[Inline]) -> Iterable[ExtLink | PostLink | SiteLink]:
    for node in nodes:
        if isinstance(node, ExtLink | PostLink | SiteLink):
            yield node
        if not isinstance(node, str) and node.children is not None:
            yield from iter_links(node.children)


def block_inlines(block: Block) -> list[tuple[Inline, ...]]:
    """Every inline run of a block, in document order."""
    if isinstance(block, Paragraph | Heading):
        return [block.children]
    if isinstance(block, ListBlock):
        return list(block.items)
    if isinstance(block, Quote):
        return list(block.paragraphs)
    if isinstance(block, Figure):
        return [block.caption] if block.caption else []
    return []


def body_text(blocks: Iterable[Block], titles: dict[str, str]) -> str:
    """The clean text of a body: one block per paragraph, heading, quote paragraph or caption,
    blocks separated by a blank line, list items one per line inside one block."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.role == "text":
                out.append(collapse(inline_text(block.children, titles)))
        elif isinstance(block, Heading):
            out.append(collapse(inline_text(block.children, titles)))
        elif isinstance(block, ListBlock):
            items = [collapse(inline_text(item, titles)) for item in block.items]
            out.append("\n".join(i for i in items if i))
        elif isinstance(block, Quote):
            out.extend(collapse(inline_text(p, titles)) for p in block.paragraphs)
        elif isinstance(block, Figure) and block.caption:
            out.append(collapse(inline_text(block.caption, titles)))
    return "\n\n".join(b for b in out if b)


# ------------------------------------------------------------------------------------------------
# The whole site


@dataclass
class SiteContent:
    posts: list[Post]  # newest first
    categories: list[Category]
    tags: list[Tag]
    authors: list[Author]
    pages: list[StaticPage]
    seed: int = 0
    _by_key: dict[str, Post] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_key = {p.key: p for p in self.posts}

    # --- look-ups --------------------------------------------------------------------------------
    def post(self, key: str) -> Post:
        return self._by_key[key]

    def has_post(self, key: str) -> bool:
        return key in self._by_key

    @cached_property
    def by_path(self) -> dict[str, Post]:
        return {p.path: p for p in self.posts}

    @cached_property
    def by_id(self) -> dict[int, Post]:
        return {p.post_id: p for p in self.posts}

    @cached_property
    def by_slug(self) -> dict[str, Post]:
        return {p.slug: p for p in self.posts}

    @cached_property
    def titles(self) -> dict[str, str]:
        return {p.key: p.title for p in self.posts}

    @cached_property
    def listed(self) -> list[Post]:
        """Posts that listings show, newest first."""
        return [p for p in self.posts if not p.hidden_from_listings]

    @cached_property
    def listed_index(self) -> dict[str, int]:
        return {p.key: i for i, p in enumerate(self.listed)}

    @cached_property
    def by_category(self) -> dict[str, list[Post]]:
        out: dict[str, list[Post]] = {c.slug: [] for c in self.categories}
        for p in self.listed:
            for c in p.categories:
                out[c.slug].append(p)
        return out

    @cached_property
    def by_tag(self) -> dict[str, list[Post]]:
        out: dict[str, list[Post]] = {t.slug: [] for t in self.tags}
        for p in self.listed:
            for t in p.tags:
                out[t.slug].append(p)
        return out

    @cached_property
    def by_author(self) -> dict[str, list[Post]]:
        out: dict[str, list[Post]] = {a.slug: [] for a in self.authors}
        for p in self.listed:
            out[p.author.slug].append(p)
        return out

    @cached_property
    def page_by_path(self) -> dict[str, StaticPage]:
        return {pg.path: pg for pg in self.pages}

    def neighbours(self, post: Post) -> tuple[Post | None, Post | None]:
        """(previous = older, next = newer) listed posts around ``post``, for post navigation."""
        listed = self.listed
        if post.hidden_from_listings:
            # A hidden post still shows navigation, pointing at the listed posts around its date.
            older = next((p for p in listed if p.published < post.published), None)
            newer = next((p for p in reversed(listed) if p.published > post.published), None)
            return older, newer
        i = self.listed_index[post.key]
        older_post = listed[i + 1] if i + 1 < len(listed) else None
        newer_post = listed[i - 1] if i > 0 else None
        return older_post, newer_post

    # --- expectations ----------------------------------------------------------------------------
    def expected_post(self, post: Post, links: LinkResolver) -> ExpectedPost:
        titles = self.titles
        citations: list[dict[str, str]] = []
        seen_citations: set[str] = set()
        related: list[str] = []
        source_name: str | None = None
        read_more_url: str | None = None

        def add_related(url: str) -> None:
            if url not in related:
                related.append(url)

        for block in post.blocks:
            if isinstance(block, SignupForm):
                continue
            if isinstance(block, Paragraph) and block.role == "cta":
                continue
            for run in block_inlines(block):
                for link in iter_links(run):
                    if isinstance(link, ExtLink):
                        url = links.external(link.outlet, link.path)
                        if url not in seen_citations:
                            seen_citations.add(url)
                            text = collapse(inline_text(link.children, titles))
                            citations.append({"url": url, "text": text})
                        if isinstance(block, Paragraph) and block.role == "read_more":
                            read_more_url = url
                    elif (
                        isinstance(link, PostLink)
                        and isinstance(block, Paragraph)
                        and block.role == "related"
                    ):
                        add_related(links.site(self.post(link.key).path))
            if isinstance(block, Paragraph) and block.role == "from":
                source_name = collapse(inline_text(block.children, titles))
                source_name = source_name.removeprefix("From:").strip()
        for key in post.related_cards:
            add_related(links.site(self.post(key).path))

        if post.has_jsonld or post.has_meta:
            published = post.published.isoformat()
            modified: str | None = post.modified.isoformat()
        else:
            # Only the visible ".cs-meta-date" is left, and it carries the day alone.
            published = post.published.date().isoformat()
            modified = None
        image: dict[str, str | None] | None = None
        if post.image is not None:
            image = {"url": links.site(post.image.path), "caption": post.image.caption}
        return ExpectedPost(
            url=links.site(post.path),
            title=post.title,
            subtitle=post.subtitle,
            author=post.author.name,
            published=published,
            modified=modified,
            categories=[c.name for c in post.categories],
            tags=[t.name for t in post.tags],
            image=image,
            source_name=source_name,
            text=body_text(post.blocks, titles),
            citations=citations,
            related=related,
            post_id=post.post_id,
            read_more_url=read_more_url,
            path=post.path,
            has_jsonld=post.has_jsonld,
            has_meta=post.has_meta,
            hidden_from_listings=post.hidden_from_listings,
        )

    def expected_posts(self, links: LinkResolver) -> list[ExpectedPost]:
        return [self.expected_post(p, links) for p in self.posts]

    def non_post_paths(self) -> list[str]:
        """Pages that are not posts: home, static pages, category, tag and author archives."""
        paths = ["/"]
        paths += [pg.path for pg in self.pages]
        paths += [c.path for c in self.categories if self.by_category[c.slug]]
        paths += [t.path for t in self.tags if self.by_tag[t.slug]]
        paths += [a.path for a in self.authors if self.by_author[a.slug]]
        return paths

    def cited_paths(self) -> dict[int, dict[str, str]]:
        """Per outlet: every cited path and the anchor text that cites it first."""
        out: dict[int, dict[str, str]] = {}
        titles = self.titles
        for post in self.posts:
            for block in post.blocks:
                for run in block_inlines(block):
                    for link in iter_links(run):
                        if isinstance(link, ExtLink):
                            text = collapse(inline_text(link.children, titles))
                            out.setdefault(link.outlet, {}).setdefault(link.path, text)
        return out

    def citing_posts(self) -> dict[tuple[int, str], list[Post]]:
        """Per cited *(outlet, path)*: the posts that cite it, newest first, each once."""
        out: dict[tuple[int, str], list[Post]] = {}
        for post in self.posts:
            for block in post.blocks:
                for run in block_inlines(block):
                    for link in iter_links(run):
                        if isinstance(link, ExtLink):
                            citers = out.setdefault((link.outlet, link.path), [])
                            if post not in citers:
                                citers.append(post)
        return out


# ------------------------------------------------------------------------------------------------
# The small body markup used by the corpus

_INLINE_RE = re.compile(
    r"\[(?P<ltext>[^\]]+)\]\((?P<href>[^)\s]+)\)|\*\*(?P<strong>.+?)\*\*|\*(?P<em>[^*]+?)\*"
)
_BLOCK_TAG = re.compile(r"^(?P<tag>[A-Z][A-Z0-9@]*):(?: |$)")


def parse_inline(source: str) -> tuple[Inline, ...]:
    """``[text](href)``, ``**strong**``, ``*em*``; href ``srcN:/path``, ``post:key``, ``/path``.

    ``post@:key`` makes the link absolute, as editors who paste full URLs do.
    """
    out: list[Inline] = []
    pos = 0
    for match in _INLINE_RE.finditer(source):
        if match.start() > pos:
            out.append(source[pos : match.start()])
        if match.group("ltext") is not None:
            out.append(_link(match.group("href"), parse_inline(match.group("ltext"))))
        elif match.group("strong") is not None:
            out.append(Strong(parse_inline(match.group("strong"))))
        else:
            out.append(Em(parse_inline(match.group("em"))))
        pos = match.end()
    if pos < len(source):
        out.append(source[pos:])
    return tuple(out)


def _link(href: str, children: tuple[Inline, ...]) -> Inline:
    if href.startswith("src"):
        outlet, _, path = href[3:].partition(":")
        return ExtLink(int(outlet), path, children)
    if href.startswith("post:"):
        return PostLink(href[5:], False, children)
    if href.startswith("post@:"):
        return PostLink(href[6:], True, children)
    if href.startswith("/"):
        return SiteLink(href, children)
    raise ValueError(f"unknown link target {href!r}")


def parse_body(markup: str) -> tuple[Block, ...]:
    """Parse the corpus' line-based body markup.

    One block per line, ``TAG: content``; a line starting with whitespace continues the block above
    with its newline and indentation kept, so the HTML carries whitespace the cleaner must
    collapse. Tags: ``P`` paragraph (also an untagged line), ``FROM`` source line, ``H2``/``H3``,
    ``UL``/``OL`` items split on `` | ``, ``Q`` quote paragraphs split on `` || ``, ``FIG``
    ``path | alt | caption``, ``RS``/``RS@`` Related Story line to a post key (relative/absolute
    link), ``RM`` Read More to an ``srcN:/path`` URL, ``CTA``/``CTA@`` sign-up call to action
    (plain/linked), ``FORM`` embedded sign-up form, ``EMPTY`` an ``&nbsp;`` paragraph.
    """
    raw: list[list[str]] = []
    for line in markup.split("\n"):
        if not line.strip():
            continue
        if line[0] in " \t" and raw:
            raw[-1][1] += "\n" + line
            continue
        match = _BLOCK_TAG.match(line)
        if match:
            raw.append([match.group("tag"), line[match.end() :]])
        else:
            raw.append(["P", line])
    return tuple(_make_block(tag, content) for tag, content in raw)


def _make_block(tag: str, content: str) -> Block:
    if tag == "P":
        return Paragraph(parse_inline(content))
    if tag == "FROM":
        return Paragraph(parse_inline(content), "from")
    if tag in ("H2", "H3"):
        return Heading(int(tag[1]), parse_inline(content))
    if tag in ("UL", "OL"):
        items = tuple(parse_inline(item.strip()) for item in content.split(" | "))
        return ListBlock(tag == "OL", items)
    if tag == "Q":
        return Quote(tuple(parse_inline(p.strip()) for p in content.split(" || ")))
    if tag == "FIG":
        parts = [p.strip() for p in content.split(" | ")]
        caption = parse_inline(parts[2]) if len(parts) > 2 and parts[2] else None
        return Figure(parts[0], parts[1], caption)
    if tag in ("RS", "RS@"):
        link = PostLink(content.strip(), tag == "RS@", None)
        return Paragraph((Strong(("Related Story:",)), " ", link), "related")
    if tag == "RM":
        target = _link(content.strip(), ("Read More",))
        return Paragraph((target,), "read_more")
    if tag == "CTA":
        return Paragraph((Strong((CTA_LEAD,)), CTA_TEXT[len(CTA_LEAD) :]), "cta")
    if tag == "CTA@":
        signup = SiteLink("/subscribe/", (CTA_LEAD,))
        return Paragraph((signup, CTA_TEXT[len(CTA_LEAD) :]), "cta")
    if tag == "FORM":
        return SignupForm()
    if tag == "EMPTY":
        return Paragraph(("\u00a0",), "spacer")
    raise ValueError(f"unknown block tag {tag!r}")


# ------------------------------------------------------------------------------------------------
# Building the site

DEFAULT_POSTS = 72
# The newest post; the timeline runs backwards from here, a few posts a day.
NEWEST_POST_UTC = datetime(2024, 2, 13, 14, 40, 12, tzinfo=UTC)
# Nothing on the site was edited after this moment (modified times are capped here).
SITE_NOW_UTC = NEWEST_POST_UTC + timedelta(hours=8)
HAND_POST_STRIDE = 3


def eastern_time(moment: datetime) -> datetime:
    """The moment in US Eastern time, -05:00 or -04:00 by the post-2007 daylight-saving rules."""
    # Computed by hand rather than with zoneinfo: the tz database is not always installed.
    utc = moment.astimezone(UTC)
    march = datetime(utc.year, 3, 8, 7, tzinfo=UTC)
    start = march + timedelta(days=(6 - march.weekday()) % 7)
    november = datetime(utc.year, 11, 1, 6, tzinfo=UTC)
    end = november + timedelta(days=(6 - november.weekday()) % 7)
    hours = -4 if start <= utc < end else -5
    return utc.astimezone(timezone(timedelta(hours=hours)))


def build_content(n_posts: int | None = None, seed: int = 0) -> SiteContent:
    """The replica site: the hand-written posts plus seeded generated ones, newest first.

    ``n_posts`` None builds the default site of :data:`DEFAULT_POSTS` posts. Hand post *i* sits at
    position ``3 * i`` of the timeline (0 = newest) so the special cases are among the newest posts
    at any size; generated posts fill the other positions and depend only on ``(seed, position)``.
    """
    n = DEFAULT_POSTS if n_posts is None else n_posts
    if n < 0:
        raise ValueError("n_posts must not be negative")
    timeline_rng = random.Random(f"{seed}:timeline")
    moments: list[datetime] = []
    moment = NEWEST_POST_UTC
    for _ in range(n):
        moments.append(eastern_time(moment))
        moment -= timedelta(
            minutes=timeline_rng.randint(240, 960), seconds=timeline_rng.randint(0, 59)
        )

    taken_titles = {spec.title for spec in HAND_POSTS}
    seen_texts: set[str] = set()
    specs: list[PostSpec] = []
    parsed: list[tuple[Block, ...]] = []
    next_hand = 0
    for pos in range(n):
        hand_left = len(HAND_POSTS) - next_hand
        if hand_left and (pos % HAND_POST_STRIDE == 0 or n - pos <= hand_left):
            spec = HAND_POSTS[next_hand]
            next_hand += 1
            blocks = parse_body(spec.body)
        else:
            # Regenerate on the (unlikely) event of a body text identical to an earlier one:
            # every post's text must be distinct so that tests can match records by text.
            attempt = 0
            while True:
                spec = generate_spec(seed, pos, moments[pos], taken_titles, attempt)
                blocks = parse_body(spec.body)
                if body_text(blocks, {}) not in seen_texts:
                    break
                taken_titles.discard(spec.title)
                attempt += 1
        seen_texts.add(body_text(blocks, {}))
        specs.append(spec)
        parsed.append(blocks)

    # Post ids grow with time, with gaps where WordPress spent ids on revisions and attachments.
    id_rng = random.Random(f"{seed}:ids")
    ids = [0] * n
    next_id = 1000
    for pos in range(n - 1, -1, -1):
        next_id += id_rng.randint(2, 30)
        ids[pos] = next_id

    categories = [Category(slug, name, term_id) for slug, name, term_id in CATEGORIES]
    category_by_slug = {c.slug: c for c in categories}
    authors = [Author(slugify(name), name, uid, bio) for name, uid, bio in AUTHORS]
    author_by_name = {a.name: a for a in authors}
    tag_names = sorted({t for spec in specs for t in spec.tags}, key=slugify)
    tags = [Tag(slugify(name), name, 40 + i) for i, name in enumerate(tag_names)]
    tag_by_name = {t.name: t for t in tags}

    extra_rng = random.Random(f"{seed}:extras")
    used_slugs: set[str] = set()
    used_images: set[str] = set()
    posts: list[Post] = []
    comment_id = 500
    for pos, (spec, blocks) in enumerate(zip(specs, parsed, strict=True)):
        published = moments[pos]
        slug = slugify(spec.title)
        suffix = 2
        while slug in used_slugs:
            slug = f"{slugify(spec.title)}-{suffix}"
            suffix += 1
        used_slugs.add(slug)
        roll = extra_rng.random()
        if roll < 0.4:
            modified = published
        elif roll < 0.8:
            modified = published + timedelta(minutes=extra_rng.randint(5, 240))
        else:
            modified = published + timedelta(hours=extra_rng.randint(1, 72))
        modified = eastern_time(min(modified, SITE_NOW_UTC))
        image: FeaturedImage | None = None
        if spec.image is not None:
            stem, caption = spec.image
            path = f"/wp-content/uploads/{published:%Y/%m}/{stem}.jpg"
            dup = 1
            while path in used_images:
                path = f"/wp-content/uploads/{published:%Y/%m}/{stem}-{dup}.jpg"
                dup += 1
            used_images.add(path)
            image = FeaturedImage(path, caption, alt=spec.title)
        comments: list[Comment] = []
        for _ in range(spec.comments):
            comment_id += extra_rng.randint(1, 9)
            posted = eastern_time(published + timedelta(minutes=extra_rng.randint(30, 2000)))
            comments.append(
                Comment(
                    comment_id,
                    extra_rng.choice(COMMENTERS),
                    posted,
                    extra_rng.choice(COMMENT_TEXTS),
                )
            )
        posts.append(
            Post(
                key=spec.key,
                post_id=ids[pos],
                title=spec.title,
                subtitle=spec.subtitle,
                slug=slug,
                author=author_by_name[spec.author],
                categories=tuple(category_by_slug[c] for c in spec.categories),
                tags=tuple(tag_by_name[t] for t in spec.tags),
                published=published,
                modified=max(modified, published),
                image=image,
                blocks=blocks,
                comments=tuple(comments),
                has_jsonld=spec.has_jsonld,
                has_meta=spec.has_meta,
                hidden_from_listings=spec.hidden,
            )
        )

    _resolve_related_stories(posts, seed)
    _choose_related_cards(posts)
    pages = [
        StaticPage(
            page_id, path, title, paragraphs, eastern_time(datetime(2023, 5, 2, 15, tzinfo=UTC))
        )
        for page_id, path, title, paragraphs in STATIC_PAGES
    ]
    return SiteContent(
        posts=posts, categories=categories, tags=tags, authors=authors, pages=pages, seed=seed
    )


def _resolve_related_stories(posts: list[Post], seed: int) -> None:
    """Point generated "Related Story" lines at an older listed post of the same category.

    Lines whose target is missing (a small site without that hand post) or hidden are dropped, so
    a Related Story line always leads to a reachable post.
    """
    rng = random.Random(f"{seed}:related")
    keys = {p.key: i for i, p in enumerate(posts)}
    for pos, post in enumerate(posts):
        blocks: list[Block] = []
        changed = False
        for block in post.blocks:
            if isinstance(block, Paragraph) and block.role == "related":
                link = next(x for x in iter_links(block.children) if isinstance(x, PostLink))
                target = link.key
                if target == RELATED_PLACEHOLDER:
                    older = [
                        p
                        for p in posts[pos + 1 : pos + 40]
                        if not p.hidden_from_listings and p.categories[0] == post.categories[0]
                    ]
                    target = rng.choice(older).key if older else ""
                if target not in keys or posts[keys[target]].hidden_from_listings:
                    changed = True
                    continue
                if target != link.key:
                    changed = True
                    block = Paragraph(
                        (Strong(("Related Story:",)), " ", PostLink(target, link.absolute, None)),
                        "related",
                    )
            blocks.append(block)
        if changed:
            post.blocks = tuple(blocks)


def _choose_related_cards(posts: list[Post]) -> None:
    """The three "Related Posts" cards: the nearest listed posts of the same first category."""
    index = {p.key: i for i, p in enumerate(posts)}
    listed_all = [p for p in posts if not p.hidden_from_listings]
    listed_by_cat: dict[str, list[Post]] = {}
    for post in listed_all:
        listed_by_cat.setdefault(post.categories[0].slug, []).append(post)
    positions = {slug: [index[p.key] for p in pool] for slug, pool in listed_by_cat.items()}
    positions_all = [index[p.key] for p in listed_all]
    for post in posts:
        pool = listed_by_cat.get(post.categories[0].slug, [])
        pool_positions = positions.get(post.categories[0].slug, [])
        if len(pool) < 4:
            pool, pool_positions = listed_all, positions_all
        # Posts are newest first, so the nearest by position are nearest in time; ties go to the
        # older post, as earlier stories make the better further reading. Only a window around
        # the post is sorted so that large sites still build in linear time.
        here = index[post.key]
        at = bisect.bisect_left(pool_positions, here)
        window = pool[max(0, at - 4) : at + 5]
        candidates = sorted(
            (p for p in window if p.key != post.key),
            key=lambda p: (abs(index[p.key] - here), index[p.key] < here),
        )
        post.related_cards = tuple(p.key for p in candidates[:3])
