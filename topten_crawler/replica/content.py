"""The replica's site model: outlets, posts, taxonomies, static pages, the whole site
(:class:`SiteContent`, with its look-ups) and what a correct crawl records for each post
(:class:`ExpectedPost`).

Everything here is plain data and deterministic. Off-site links are stored as *(outlet index,
path)* pairs because the source hosts' addresses are only known once the server has bound its
sockets; :class:`LinkResolver` turns them into absolute URLs both when a page is rendered and when
a test asks for expectations, so the two can never disagree. Post bodies are modelled in
:mod:`topten_crawler.replica.post_body`; :mod:`topten_crawler.replica.builder` builds the site.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import cached_property

from topten_crawler.replica.post_body import (
    Block,
    ExtLink,
    Paragraph,
    PostLink,
    SignupForm,
    block_inlines,
    body_text,
    inline_text,
    iter_links,
)
from topten_crawler.replica.textutil import collapse

SITE_NAME = "The Foreign Desk"
TAGLINE = "Home of Lisa's Top Ten, the daily email that brings you the world."
POSTS_PER_PAGE = 10

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
    # Which day of the site this is (see :mod:`topten_crawler.replica.days`), and the day-0 site
    # that every other day is derived from (None on day 0 itself).
    day: int = 0
    base: SiteContent | None = field(default=None, repr=False, compare=False)
    _by_key: dict[str, Post] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_key = {p.key: p for p in self.posts}

    # --- look-ups --------------------------------------------------------------------------------
    def post(self, key: str) -> Post:
        return self._by_key[key]

    def has_post(self, key: str) -> bool:
        return key in self._by_key

    @property
    def day_zero(self) -> SiteContent:
        """The day-0 site this one belongs to (itself on day 0)."""
        return self.base if self.base is not None else self

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
# The site's clock: every moment the digest site prints is in US Eastern time, as on the real
# site (the source outlets keep their own zones).

# The newest post of day 0; the timeline runs backwards from here, a few posts a day. Day N's
# newest post is N days later.
NEWEST_POST_UTC = datetime(2024, 2, 13, 14, 40, 12, tzinfo=UTC)
# Nothing on the day-0 site was edited after this moment (modified times are capped here).
SITE_NOW_UTC = NEWEST_POST_UTC + timedelta(hours=8)


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
