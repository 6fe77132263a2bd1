"""The replica site moving through time: day *N* (N >= 1) is day *N - 1* with one day's news.

What changes from one day to the next (:class:`DayEvents` names it for each day):

- **new posts**: :data:`NEW_POSTS_PER_DAY` generated posts, published on day *N* (the newest
  :data:`NEW_POSTS_PER_DAY` of the site), citing only source URLs never cited before;
- **edits**: one recent post gets a new closing paragraph, another a corrected title (its slug,
  so its URL, stays); both have their modified time moved to day *N*; a third gets one sentence
  reworded with its modified time left as it was (a silent edit);
- **a deletion**: one post is gone: its URL, shortlink and embed answer 404, and it leaves every
  listing, feed, sitemap and "Related Posts" card (the posts that showed it get the next nearest
  card instead, so their ``related`` changes). It is never a post that another post links to
  in its body, and preferably one whose citations other posts share, so that no cited source is
  left uncited;
- **sources** (:func:`source_docs_for_day`): one cited article starts answering 404, another one
  gets a new closing paragraph (its modified time moves), a third redirects to its outlet's home
  page (a soft 404), a fourth serves another text under the same URL (drifted); on day 1 the
  host of :data:`DOWN_OUTLET` stops answering (connection refused) and stays down;
- **boilerplate** (in the renderers, driven by ``SiteContent.day``): the edition date in the
  header, the "Recent Posts" widget and the share counts change on every page every day. The
  crawler's cleaning never reads them, so an untouched post's record stays the same.

Page requisites never change. Hand-written posts (the special cases the e2e tests check) are
never edited or deleted. Everything is deterministic, seeded with the site seed and the day.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta

from topten_crawler.replica.articles import SourceDoc, build_source_docs
from topten_crawler.replica.body_markup import parse_body
from topten_crawler.replica.content import (
    DEFUNCT_OUTLET,
    NEWEST_POST_UTC,
    FeaturedImage,
    Post,
    SiteContent,
    Tag,
    eastern_time,
)
from topten_crawler.replica.corpus import HAND_POSTS
from topten_crawler.replica.generator import generate_spec
from topten_crawler.replica.post_body import (
    Block,
    ExtLink,
    Paragraph,
    PostLink,
    SignupForm,
    block_inlines,
    body_text,
    iter_links,
)
from topten_crawler.replica.related import related_cards, resolve_related_stories
from topten_crawler.replica.source_data import POOL_EN
from topten_crawler.replica.textutil import slugify

NEW_POSTS_PER_DAY = 2
# Le Messager du Levant: its host refuses connections from day 1 on.
DOWN_OUTLET = 4
# Edits go to one of this many newest listed posts, as editors fix what is on the front page.
EDIT_WINDOW = 12
# Generated posts of later days take positions far beyond any site's size, so that they never
# repeat a day-0 post (generated post k depends only on the seed and k).
DAY_POSITION_BASE = 1_000_000
# Outlets whose articles may die or change: the plain English outlets the generated posts cite.
MUTABLE_OUTLETS = (0, 1, 2)
_TRAILING_ROLES = ("read_more", "related", "cta", "spacer")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
POST_ADDITIONS = (
    "Officials said on {day} that a fuller statement would follow later in the week.",
    "A spokesperson said on {day} that the review would be completed within a month.",
    "Local media reported on {day} that talks on the matter would resume next week.",
)
SOURCE_ADDITIONS = (
    "Later on {day}, officials said a further statement was expected within days.",
    "By {day} evening, two more governments had asked for a briefing on the matter.",
    "Diplomats said on {day} that the issue would be raised at next month's meeting.",
)
TITLE_CORRECTIONS = (", Officials Say", ", Reports Say", " as Talks Continue")
REWORDING = ", according to officials."
DRIFT_PARAGRAPHS = 4  # the paragraphs of the text a drifted article serves instead


@dataclass(frozen=True)
class DayEvents:
    """What happened on one day of the site (keys are post keys; sources are (outlet, path))."""

    day: int
    new_posts: tuple[str, ...] = ()
    extended: str | None = None  # got a new closing paragraph
    retitled: str | None = None  # got a corrected title
    reworded: str | None = None  # one sentence reworded, its modified time left alone
    deleted: str | None = None
    deleted_path: str | None = None
    source_gone: tuple[int, str] | None = None  # answers 404 from this day on
    source_changed: tuple[int, str] | None = None  # got a new closing paragraph
    source_soft_404: tuple[int, str] | None = None  # redirects to its outlet's home page
    source_drifted: tuple[int, str] | None = None  # serves another text from this day on
    host_down: int | None = None  # the outlet whose host stops answering on this day


@dataclass
class DayState:
    """One day of the site: its content, the day's post events, and what was ever taken."""

    content: SiteContent
    events: DayEvents
    down_outlets: frozenset[int]
    # Across every day so far, deleted posts included: nothing is reused.
    max_post_id: int
    titles: frozenset[str]
    slugs: frozenset[str]
    images: frozenset[str]
    # None on day 0 until day 1 is built: a large site starts without walking every body.
    cited: frozenset[tuple[int, str]] | None
    # Filled by Timeline.docs: the cited documents of the day, and every document the outlets
    # serve (those no longer cited included).
    docs: dict[tuple[int, str], SourceDoc] | None = field(default=None, repr=False)
    served: dict[tuple[int, str], SourceDoc] | None = field(default=None, repr=False)


class Timeline:
    """Every day of one site, built on demand from its day 0 and kept; thread-safe."""

    def __init__(self, base: SiteContent) -> None:
        if base.day != 0:
            raise ValueError("a timeline starts from a day-0 site")
        self.base = base
        self._lock = threading.RLock()
        posts = base.posts
        self._states = [
            DayState(
                content=base,
                events=DayEvents(0),
                down_outlets=frozenset(),
                max_post_id=max((p.post_id for p in posts), default=1000),
                titles=frozenset(p.title for p in posts),
                slugs=frozenset(p.slug for p in posts),
                images=frozenset(p.image.path for p in posts if p.image),
                cited=None,
            )
        ]

    def state(self, day: int) -> DayState:
        if day < 0:
            raise ValueError("day must not be negative")
        with self._lock:
            while len(self._states) <= day:
                self._states.append(_next_day(self._states[-1]))
            return self._states[day]

    def content(self, day: int) -> SiteContent:
        return self.state(day).content

    def docs(self, day: int) -> dict[tuple[int, str], SourceDoc]:
        """The cited documents of the day, in outlet then path order."""
        return self._sources(day)[0]

    def served(self, day: int) -> dict[tuple[int, str], SourceDoc]:
        """Every document the outlets serve on the day: an article no longer cited (its only
        citing post was deleted) stays online."""
        return self._sources(day)[1]

    def events(self, day: int) -> DayEvents:
        """The day's events, the source ones included."""
        self._sources(day)
        return self.state(day).events

    def _sources(
        self, day: int
    ) -> tuple[dict[tuple[int, str], SourceDoc], dict[tuple[int, str], SourceDoc]]:
        with self._lock:
            state = self.state(day)
            if state.docs is None or state.served is None:
                if day == 0:
                    state.docs = build_source_docs(state.content)
                    state.served = dict(state.docs)
                else:
                    before_docs, before_served = self._sources(day - 1)
                    state.docs, fates = source_docs_for_day(
                        state.content, before_docs, before_served, state.down_outlets
                    )
                    state.served = dict(sorted({**before_served, **state.docs}.items()))
                    state.events = replace(
                        state.events,
                        source_gone=fates.gone,
                        source_changed=fates.changed,
                        source_soft_404=fates.soft_404,
                        source_drifted=fates.drifted,
                    )
            return state.docs, state.served


def content_for_day(base: SiteContent, day: int) -> SiteContent:
    """The site of ``base`` (a day-0 site) ``day`` days later."""
    return Timeline(base).content(day)


# ------------------------------------------------------------------------------------------------
# Posts


def _is_hand(post: Post) -> bool:
    return post.key in _HAND_KEYS


_HAND_KEYS = frozenset(spec.key for spec in HAND_POSTS)


def _linked_posts(posts: list[Post]) -> set[str]:
    """Keys of the posts some post body links to (Related Story lines, inline links)."""
    out: set[str] = set()
    for post in posts:
        for block in post.blocks:
            for run in block_inlines(block):
                out.update(x.key for x in iter_links(run) if isinstance(x, PostLink))
    return out


def _cited(blocks: tuple[Block, ...]) -> set[tuple[int, str]]:
    return {
        (x.outlet, x.path)
        for block in blocks
        for run in block_inlines(block)
        for x in iter_links(run)
        if isinstance(x, ExtLink)
    }


def _next_day(prev: DayState) -> DayState:
    c = prev.content
    day = c.day + 1
    rng = random.Random(f"{c.seed}:day:{day}")
    newest = NEWEST_POST_UTC + timedelta(days=day)
    linked = _linked_posts(c.posts)
    editable = [p for p in c.listed if not _is_hand(p)]
    citers = c.citing_posts()

    # The deletion: never a link target; preferably leaving no source uncited.
    deletable = [p for p in editable if p.key not in linked]
    shared = [p for p in deletable if all(len(citers[k]) > 1 for k in _cited(p.blocks))]
    pool = shared or deletable
    deleted = rng.choice(pool) if pool else None
    recent = [p for p in editable if p is not deleted][:EDIT_WINDOW]
    extended = rng.choice(recent) if recent else None
    retitle_pool = [p for p in recent if p is not extended and p.key not in linked]
    retitled = rng.choice(retitle_pool) if retitle_pool else None
    # Drawn from a generator of its own, so that the other events stay those of earlier
    # versions of the replica.
    reword_rng = random.Random(f"{c.seed}:reword:day:{day}")
    reword_pool = [
        p
        for p in recent
        if p is not extended and p is not retitled and _rewordable(p.blocks) is not None
    ]
    reworded = reword_rng.choice(reword_pool) if reword_pool else None

    titles = set(prev.titles)
    slugs = set(prev.slugs)
    images = set(prev.images)
    cited = set(citers) if prev.cited is None else set(prev.cited)
    tags = {t.name: t for t in c.tags}
    texts = {body_text(p.blocks, c.titles) for p in c.posts}
    new_posts: list[Post] = []
    next_id = prev.max_post_id
    # Oldest first, so that post ids grow with time.
    for i in reversed(range(NEW_POSTS_PER_DAY)):
        published = eastern_time(newest - timedelta(hours=6 * i, minutes=13 * i, seconds=27 * i))
        position = DAY_POSITION_BASE + day * 10 + i
        attempt = 0
        while True:
            spec = generate_spec(c.seed, position, published, titles, attempt)
            blocks = parse_body(spec.body)
            text = body_text(blocks, {})
            if not (_cited(blocks) & cited) and text not in texts:
                break
            titles.discard(spec.title)
            attempt += 1
        texts.add(text)
        cited |= _cited(blocks)
        slug = base_slug = slugify(spec.title)
        n = 2
        while slug in slugs:
            slug, n = f"{base_slug}-{n}", n + 1
        slugs.add(slug)
        image: FeaturedImage | None = None
        if spec.image is not None:
            stem, caption = spec.image
            path = f"/wp-content/uploads/{published:%Y/%m}/{stem}.jpg"
            n = 1
            while path in images:
                path, n = f"/wp-content/uploads/{published:%Y/%m}/{stem}-{n}.jpg", n + 1
            images.add(path)
            image = FeaturedImage(path, caption, alt=spec.title)
        for name in spec.tags:
            if name not in tags:
                term_id = max((t.term_id for t in tags.values()), default=39) + 1
                tags[name] = Tag(slugify(name), name, term_id)
        next_id += rng.randint(2, 30)
        authors = {a.name: a for a in c.authors}
        categories = {cat.slug: cat for cat in c.categories}
        new_posts.insert(
            0,
            Post(
                key=f"day{day}-{i + 1}",
                post_id=next_id,
                title=spec.title,
                subtitle=spec.subtitle,
                slug=slug,
                author=authors[spec.author],
                categories=tuple(categories[s] for s in spec.categories),
                tags=tuple(tags[t] for t in spec.tags),
                published=published,
                modified=published,
                image=image,
                blocks=blocks,
                has_jsonld=spec.has_jsonld,
                has_meta=spec.has_meta,
            ),
        )

    weekday = _WEEKDAYS[newest.weekday()]
    posts: list[Post] = list(new_posts)
    for post in c.posts:
        if post is deleted:
            continue
        if post is extended:
            addition = rng.choice(POST_ADDITIONS).format(day=weekday)
            post = replace(
                post,
                blocks=_with_closing_paragraph(post.blocks, addition),
                modified=eastern_time(newest - timedelta(hours=3, minutes=12)),
            )
        elif post is reworded:
            post = replace(post, blocks=_reworded(post.blocks))
        elif post is retitled:
            title = next(
                (post.title + s for s in TITLE_CORRECTIONS if post.title + s not in titles),
                f"{post.title} (Corrected {day})",
            )
            titles.add(title)
            post = replace(
                post, title=title, modified=eastern_time(newest - timedelta(hours=1, minutes=48))
            )
        posts.append(post)

    new_keys = [p.key for p in new_posts]
    resolve_related_stories(posts, random.Random(f"{c.seed}:related:day{day}"), only=new_keys)
    nearest = related_cards(posts)
    for i, post in enumerate(posts):
        if post.key in new_keys:
            post.related_cards = nearest[post.key]
        elif deleted is not None and deleted.key in post.related_cards:
            # The card of the deleted post gives way to the nearest one not shown yet.
            kept = [k for k in post.related_cards if k != deleted.key]
            kept += [k for k in nearest[post.key] if k not in kept][: 3 - len(kept)]
            posts[i] = replace(post, related_cards=tuple(kept))

    content = SiteContent(
        posts=posts,
        categories=c.categories,
        tags=sorted(tags.values(), key=lambda t: t.slug),
        authors=c.authors,
        pages=c.pages,
        seed=c.seed,
        day=day,
        base=c.day_zero,
    )
    events = DayEvents(
        day=day,
        new_posts=tuple(new_keys),
        extended=extended.key if extended else None,
        retitled=retitled.key if retitled else None,
        reworded=reworded.key if reworded else None,
        deleted=deleted.key if deleted else None,
        deleted_path=deleted.path if deleted else None,
        host_down=DOWN_OUTLET if day == 1 else None,
    )
    return DayState(
        content=content,
        events=events,
        down_outlets=prev.down_outlets | {DOWN_OUTLET},
        max_post_id=next_id,
        titles=frozenset(titles),
        slugs=frozenset(slugs),
        images=frozenset(images),
        cited=frozenset(cited),
    )


def _with_closing_paragraph(blocks: tuple[Block, ...], text: str) -> tuple[Block, ...]:
    """The body with a paragraph after its last block of text (before Read More, Related Story
    and sign-up lines)."""
    at = len(blocks)
    while at:
        last = blocks[at - 1]
        if not (
            isinstance(last, SignupForm)
            or (isinstance(last, Paragraph) and last.role in _TRAILING_ROLES)
        ):
            break
        at -= 1
    return (*blocks[:at], Paragraph((text,)), *blocks[at:])


def _rewordable(blocks: tuple[Block, ...]) -> int | None:
    """The index of the first plain text paragraph (no link, no markup) that ends a sentence."""
    for index, block in enumerate(blocks):
        if (
            isinstance(block, Paragraph)
            and block.role == "text"
            and all(isinstance(child, str) for child in block.children)
            and "".join(str(child) for child in block.children).rstrip().endswith(".")
        ):
            return index
    return None


def _reworded(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The body with its first plain paragraph's last sentence reworded: an attribution added
    (``... in March.`` becomes ``... in March, according to officials.``)."""
    index = _rewordable(blocks)
    if index is None:
        return blocks
    block = blocks[index]
    assert isinstance(block, Paragraph)
    text = "".join(str(child) for child in block.children).rstrip()
    reworded = Paragraph((text[:-1] + REWORDING,))
    return (*blocks[:index], reworded, *blocks[index + 1 :])


# ------------------------------------------------------------------------------------------------
# Sources


@dataclass(frozen=True)
class SourceFates:
    """The cited articles that something happens to on one day (outlet, path)."""

    gone: tuple[int, str] | None = None
    changed: tuple[int, str] | None = None
    soft_404: tuple[int, str] | None = None
    drifted: tuple[int, str] | None = None


def source_docs_for_day(
    content: SiteContent,
    before: Mapping[tuple[int, str], SourceDoc],
    served: Mapping[tuple[int, str], SourceDoc],
    down_outlets: frozenset[int],
) -> tuple[dict[tuple[int, str], SourceDoc], SourceFates]:
    """The cited documents of ``content``'s day, given the day before's cited (``before``) and
    served documents, and what happened to which of them."""
    docs = build_source_docs(content, known=served)
    rng = random.Random(f"{content.seed}:sources:day{content.day}")
    candidates = [
        key
        for key, doc in docs.items()
        if key in before
        and doc.kind == "html"
        and doc.special is None
        and doc.outlet in MUTABLE_OUTLETS
        and doc.outlet not in down_outlets
        and doc.outlet != DEFUNCT_OUTLET
        and not doc.blocked_by_robots
        and not doc.profile.slow
    ]
    gone = rng.choice(candidates) if candidates else None
    if gone is not None:
        docs[gone] = replace(docs[gone], special="not_found")
    rest = [key for key in candidates if key != gone]
    changed = rng.choice(rest) if rest else None
    moment = NEWEST_POST_UTC + timedelta(days=content.day, hours=-2)
    weekday = _WEEKDAYS[moment.weekday()]
    if changed is not None:
        doc = docs[changed]
        addition = rng.choice(SOURCE_ADDITIONS).format(day=weekday)
        docs[changed] = replace(
            doc,
            paragraphs=(*doc.paragraphs, addition),
            modified_at=doc.profile.to_zone(max(moment, doc.modified_at)),
        )
    # A generator of its own: the two fates above stay those of earlier replica versions.
    later = random.Random(f"{content.seed}:sources:later:day{content.day}")
    rest = [key for key in rest if key != changed]
    soft_404 = later.choice(rest) if rest else None
    if soft_404 is not None:
        docs[soft_404] = replace(docs[soft_404], special="soft_404")
    rest = [key for key in rest if key != soft_404]
    drifted = later.choice(rest) if rest else None
    if drifted is not None:
        doc = docs[drifted]
        # Templates the article used (on any weekday) would share sentences with it.
        fresh = [
            p.replace("{day}", weekday)
            for p in POOL_EN
            if not any(p.replace("{day}", d) in doc.paragraphs for d in _WEEKDAYS)
        ]
        docs[drifted] = replace(
            doc,
            special="drifted",
            paragraphs=tuple(later.sample(fresh, k=min(DRIFT_PARAGRAPHS, len(fresh)))),
            modified_at=doc.profile.to_zone(max(moment, doc.modified_at)),
        )
    return docs, SourceFates(gone, changed, soft_404, drifted)


# ------------------------------------------------------------------------------------------------
# What changed between two days


def classify(
    before: Mapping[str, Mapping[str, object]],
    after: Mapping[str, Mapping[str, object]],
    *,
    ignore: tuple[str, ...] = (),
) -> dict[str, set[str]]:
    """Records by URL on two days -> the URLs that are new, changed, unchanged and gone.

    A record with an ``error`` is no content: a URL whose content turned into an error is gone,
    one whose error turned into content is new. Fields in ``ignore`` do not count as changes.
    """

    def ok(record: Mapping[str, object]) -> bool:
        return record.get("error") is None

    out: dict[str, set[str]] = {"new": set(), "changed": set(), "unchanged": set(), "gone": set()}
    for url, old in before.items():
        new = after.get(url)
        if new is None or (ok(old) and not ok(new)):
            out["gone"].add(url)
        elif not ok(old) and ok(new):
            out["new"].add(url)
        elif any(old[k] != new[k] for k in old if k not in ignore):
            out["changed"].add(url)
        else:
            out["unchanged"].add(url)
    out["new"].update(url for url in after if url not in before)
    return out
