"""Links between posts that depend on the whole timeline: an editor's "Related Story" lines
(generated posts leave their target open until the site is built) and the three "Related Posts"
cards under each article. Used by :mod:`~topten_crawler.replica.builder` for day 0 and by
:mod:`~topten_crawler.replica.days` for the posts of later days.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterable

from topten_crawler.replica.content import Post
from topten_crawler.replica.generator import RELATED_PLACEHOLDER
from topten_crawler.replica.post_body import Block, Paragraph, PostLink, Strong, iter_links


def resolve_related_stories(
    posts: list[Post], rng: random.Random, only: Iterable[str] | None = None
) -> None:
    """Point generated "Related Story" lines at an older listed post of the same category.

    Lines whose target is missing (a small site without that hand post) or hidden are dropped, so
    a Related Story line always leads to a reachable post. ``only``: the keys of the posts to
    resolve (the new posts of a day); None resolves every post.
    """
    keys = {p.key: i for i, p in enumerate(posts)}
    wanted = None if only is None else set(only)
    for pos, post in enumerate(posts):
        if wanted is not None and post.key not in wanted:
            continue
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


def related_cards(posts: list[Post]) -> dict[str, tuple[str, ...]]:
    """The three "Related Posts" cards of every post: the nearest listed posts of the same first
    category (of any listed posts when the category has fewer than four)."""
    index = {p.key: i for i, p in enumerate(posts)}
    listed_all = [p for p in posts if not p.hidden_from_listings]
    listed_by_cat: dict[str, list[Post]] = {}
    for post in listed_all:
        listed_by_cat.setdefault(post.categories[0].slug, []).append(post)
    positions = {slug: [index[p.key] for p in pool] for slug, pool in listed_by_cat.items()}
    positions_all = [index[p.key] for p in listed_all]
    out: dict[str, tuple[str, ...]] = {}
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
        out[post.key] = tuple(p.key for p in candidates[:3])
    return out
