"""Building the replica site: :func:`build_content` lays the hand-written posts of
:mod:`topten_crawler.replica.corpus` and seeded generated ones on one timeline, then resolves
their "Related Story" lines and "Related Posts" cards.

The same ``(n_posts, seed)`` always builds the same site.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from topten_crawler.replica.body_markup import parse_body
from topten_crawler.replica.content import (
    NEWEST_POST_UTC,
    SITE_NOW_UTC,
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
from topten_crawler.replica.days import content_for_day
from topten_crawler.replica.generator import generate_spec
from topten_crawler.replica.post_body import Block, body_text
from topten_crawler.replica.related import related_cards, resolve_related_stories
from topten_crawler.replica.textutil import slugify

DEFAULT_POSTS = 72
HAND_POST_STRIDE = 3


def build_content(n_posts: int | None = None, seed: int = 0, *, day: int = 0) -> SiteContent:
    """The replica site: the hand-written posts plus seeded generated ones, newest first.

    ``n_posts`` None builds the default site of :data:`DEFAULT_POSTS` posts. Hand post *i* sits at
    position ``3 * i`` of the timeline (0 = newest) so the special cases are among the newest posts
    at any size; generated posts fill the other positions and depend only on ``(seed, position)``.
    ``day`` > 0: the same site that many days later (:mod:`topten_crawler.replica.days`).
    """
    if day < 0:
        raise ValueError("day must not be negative")
    content = _build_day_zero(n_posts, seed)
    return content_for_day(content, day) if day else content


def _build_day_zero(n_posts: int | None, seed: int) -> SiteContent:
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

    resolve_related_stories(posts, random.Random(f"{seed}:related"))
    cards = related_cards(posts)
    for post in posts:
        post.related_cards = cards[post.key]
    pages = [
        StaticPage(
            page_id, path, title, paragraphs, eastern_time(datetime(2023, 5, 2, 15, tzinfo=UTC))
        )
        for page_id, path, title, paragraphs in STATIC_PAGES
    ]
    return SiteContent(
        posts=posts, categories=categories, tags=tags, authors=authors, pages=pages, seed=seed
    )
