"""Seeded composition of digest posts from hand-written sentence pools.

Each generated post picks a region, a place and a story type (:mod:`topten_crawler.replica.topics`),
then fills that story type's title, dek, lead and body templates with words drawn from
:mod:`topten_crawler.replica.word_pools`. Every choice comes from a ``random.Random`` seeded with
the site seed and the post's position, so post *k* is the same whatever the size of the site.
"""

from __future__ import annotations

import random
from datetime import datetime

from topten_crawler.replica.corpus import PostSpec
from topten_crawler.replica.textutil import slugify
from topten_crawler.replica.topics import TOPICS
from topten_crawler.replica.word_pools import (
    AUTHOR_WEIGHTS,
    CATEGORY_WEIGHTS,
    CITE_FORMS,
    DAYS,
    FIRST_NAMES,
    GENERIC_PARAS,
    GENERIC_PARAS_WEST,
    HOSTED_OUTLETS,
    IMAGE_CAPTIONS,
    IN_PROSE,
    LAST_NAMES,
    NUMBER_WORDS,
    ORDINALS,
    OTHER_OUTLETS,
    REGIONS,
    ROLES,
    WATERS,
    WEST_ROLES,
)

# The post key of a generated "Related Story" line: the target can only be chosen once the whole
# timeline is built, so the builder replaces it with an older post of the same category.
RELATED_PLACEHOLDER = "@related"


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _source_path(outlet: int, slug: str, published: datetime, rng: random.Random) -> str:
    # Each outlet keeps its own URL style, as real news sites do.
    words = "-".join(slug.split("-")[:8])
    if outlet == 0:
        return f"/{published:%Y/%m/%d}/{words}/"
    if outlet == 1:
        return f"/world/{words}-{published:%Y%m%d}.html"
    return f"/news/{words}-{rng.getrandbits(24):06x}"


def generate_spec(
    seed: int,
    position: int,
    published: datetime,
    taken_titles: set[str],
    attempt: int = 0,
) -> PostSpec:
    """One generated post; ``taken_titles`` keeps titles unique across the site."""
    rng = random.Random(f"{seed}:{position}:{attempt}")
    category = _weighted(rng, CATEGORY_WEIGHTS)
    if category == "middle-east":
        region = "me"
    elif category == "europe":
        region = "eu"
    elif category == "antisemitism":
        region = "west"
    else:
        region = rng.choice(("me", "eu", "global"))
    topics = [t for t in TOPICS if region in t.regions]
    categories = [category]
    if category in ("trending", "first") and rng.random() < 0.3:
        categories.append({"me": "middle-east", "eu": "europe", "global": "trending"}[region])
        if categories[1] == categories[0]:
            categories.pop()

    title = ""
    slots: dict[str, str] = {}
    topic = topics[0]
    for tries in range(40):
        topic = rng.choice(topics)
        place = rng.choice(REGIONS[region])
        thing_t, thing = rng.choice(topic.things)
        few = rng.choice(NUMBER_WORDS)
        name = f"{rng.choice(FIRST_NAMES[region])} {rng.choice(LAST_NAMES[region])}"
        name2 = f"{rng.choice(FIRST_NAMES[region])} {rng.choice(LAST_NAMES[region])}"
        slots = {
            "city": place.city,
            "country": place.country,
            "adj": place.adj,
            "thing_t": thing_t,
            "thing": thing,
            "thing_c": thing[0].upper() + thing[1:],
            "few": few,
            "few_t": few.capitalize(),
            "n1": str(rng.randint(12, 96)),
            "n2": f"{rng.randint(2, 9)},{rng.randint(0, 999):03d}",
            "pct": str(rng.randint(41, 68)),
            "pct2": str(rng.randint(27, 49)),
            "pct3": str(rng.randint(6, 35)),
            "bn": str(rng.randint(2, 9)),
            "ordinal": rng.choice(ORDINALS),
            "day": DAYS[(published.weekday() - rng.choice((0, 0, 1))) % 7],
            "water": rng.choice(WATERS[region]),
            "name": name,
            "name2": name2,
        }
        title = rng.choice(topic.titles).format(**slots)
        if tries >= 30:
            title = f"{title}: {slots['few_t']} Things to Know"
        if title not in taken_titles:
            break
    if title in taken_titles:
        title = f"{title} (Update {position})"
    taken_titles.add(title)
    slug = slugify(title)

    outlets_used: dict[int, str] = {}

    def cite() -> str:
        outlet = rng.randrange(3)
        if outlet not in outlets_used:
            outlets_used[outlet] = _source_path(outlet, slug, published, rng)
        href = f"src{outlet}:{outlets_used[outlet]}"
        return rng.choice(CITE_FORMS).format(outlet=IN_PROSE[outlet], href=href)

    def fill(template: str) -> str:
        return template.format(**slots, cite=cite() if "{cite}" in template else "")

    lines: list[str] = []
    from_outlet: int | None = None
    roll = rng.random()
    if roll < 0.35:
        if rng.random() < 0.8:
            from_outlet = rng.randrange(3)
            outlet_name = HOSTED_OUTLETS[from_outlet]
        else:
            outlet_name = rng.choice(OTHER_OUTLETS)
        variant = rng.randrange(3)
        if variant == 0:
            lines.append(f"FROM: From: {outlet_name}")
        elif variant == 1:
            lines.append(f"FROM: **From:** {outlet_name}")
        else:
            lines.append(f"FROM: From: *{outlet_name}*")

    lines.append("P: " + fill(rng.choice(topic.leads)))
    body_paras = rng.sample(topic.paras, k=rng.randint(3, min(5, len(topic.paras))))
    generic = GENERIC_PARAS_WEST if region == "west" else GENERIC_PARAS
    body_paras += rng.sample(generic, k=rng.randint(0, 2))
    with_subheads = rng.random() < 0.15
    subheads = list(rng.sample(topic.subheads, k=min(2, len(topic.subheads))))
    quote_at = rng.randrange(1, len(body_paras) + 1) if rng.random() < 0.3 else -1
    list_at = rng.randrange(1, len(body_paras) + 1) if rng.random() < 0.2 else -1
    cta_at = rng.randrange(1, len(body_paras) + 1) if rng.random() < 0.12 else -1
    figure_at = rng.randrange(0, len(body_paras)) if rng.random() < 0.08 else -1
    for i, para in enumerate(body_paras):
        if with_subheads and i in (1, 3) and subheads:
            lines.append(f"H{rng.choice((2, 3))}: " + fill(subheads.pop(0)))
        if i == figure_at:
            credit = rng.choice(("Getty Images", "AP Photo", "Wikimedia Commons"))
            fig_caption = f"The scene in {slots['city']} on {slots['day']}. ({credit})"
            if rng.random() < 0.3:
                fig_caption = ""
            stem = f"{slugify(slots['city'])}-{topic.image_word}-{position}"
            lines.append(
                f"FIG: /wp-content/uploads/{published:%Y/%m}/{stem}-inline.jpg | "
                f"{slots['city']} | {fig_caption}"
            )
        lines.append("P: " + fill(para))
        if i + 1 == quote_at:
            quote = rng.choice(topic.quotes)
            role = rng.choice(WEST_ROLES if region == "west" else ROLES)
            # A quoted sentence ends in a comma before "said", as in print.
            spoken = quote[:-1] + "," if quote.endswith(".") else quote
            text = f"Q: “{spoken}” said {slots['name']}, {role}."
            if rng.random() < 0.3:
                other = rng.choice([q for q in topic.quotes if q != quote])
                text += f" || “{other}”"
            lines.append(text)
        if i + 1 == list_at:
            lines.append("P: " + fill(rng.choice(topic.list_intros)))
            items = rng.sample(topic.list_items, k=rng.randint(3, len(topic.list_items)))
            tag = "OL" if rng.random() < 0.3 else "UL"
            lines.append(f"{tag}: " + " | ".join(fill(item) for item in items))
        if i + 1 == cta_at:
            lines.append(rng.choice(("CTA:", "CTA@:")))

    if rng.random() < 0.35 or (from_outlet is not None and rng.random() < 0.7):
        outlet = from_outlet if from_outlet is not None else rng.randrange(3)
        if outlet not in outlets_used:
            outlets_used[outlet] = _source_path(outlet, slug, published, rng)
        lines.append(f"RM: src{outlet}:{outlets_used[outlet]}")
    if rng.random() < 0.2:
        lines.append(f"RS: {RELATED_PLACEHOLDER}")

    tags: list[str] = []
    if rng.random() > 0.08:
        tags.append(slots["country"])
        tags.extend(rng.sample(topic.tags, k=rng.randint(1, len(topic.tags))))
        if len(tags) < 4 and rng.random() < 0.2:
            tags.append(rng.choice(("Analysis", "Breaking", "Top Ten")))
    image: tuple[str, str | None] | None = None
    if rng.random() > 0.08:
        if rng.random() < 0.25:
            stem = f"GettyImages-{rng.randint(1_000_000_000, 1_999_999_999)}"
        else:
            stem = f"{slugify(slots['city'])}-{topic.image_word}-{position}"
        caption: str | None = rng.choice(IMAGE_CAPTIONS).format(name=slots["name"])
        if rng.random() < 0.1:
            caption = None
        image = (stem, caption)
    roll = rng.random()
    return PostSpec(
        key=f"g{position}",
        title=title,
        subtitle=fill(rng.choice(topic.deks)) if rng.random() < 0.85 else None,
        author=_weighted(rng, AUTHOR_WEIGHTS),
        categories=tuple(categories),
        tags=tuple(dict.fromkeys(tags)),
        body="\n".join(lines),
        image=image,
        has_jsonld=not (roll < 0.03 or 0.06 <= roll < 0.07),
        has_meta=not (0.03 <= roll < 0.07),
        comments=rng.choice((0, 0, 0, 0, 0, 1, 2)),
    )
