"""Building the replica site: :func:`build_content` lays the hand-written posts of
:mod:`topten_crawler.replica.corpus` and seeded generated ones on one timeline, then resolves
their "Related Story" lines and "Related Posts" cards.

The same ``(n_posts, seed)`` always builds the same site.
"""

from __future__ import annotations

import bisect
import random
from datetime import UTC, datetime, timedelta

from topten_crawler.replica.body_markup import parse_body
from topten_crawler.replica.content import (
    Author,
    Category,
    Comment,
    FeaturedImage,
    Post,
    SiteContent,
    StaticPage,
    Tag,
    eastern_time,
)
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
from topten_crawler.replica.post_body import (
    Block,
    Paragraph,
    PostLink,
    Strong,
    body_text,
    iter_links,
)
from topten_crawler.replica.textutil import slugify

DEFAULT_POSTS = 72
# The newest post; the timeline runs backwards from here, a few posts a day.
NEWEST_POST_UTC = datetime(2024, 2, 13, 14, 40, 12, tzinfo=UTC)
# Nothing on the site was edited after this moment (modified times are capped here).
SITE_NOW_UTC = NEWEST_POST_UTC + timedelta(hours=8)
HAND_POST_STRIDE = 3


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
