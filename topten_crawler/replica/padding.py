"""Deterministic page weight: the inline CSS, SVG sprite and script data a real theme prints.

A Newsblock page carries tens of kilobytes of critical CSS, icon sprites and localised script
settings around a few kilobytes of article. The benchmark needs pages of that weight, so "full"
pages include these blocks. They hold no ``<a>`` and no URL that could pass for a post.
"""

from __future__ import annotations

import json
import random
from functools import cache

_COMPONENTS = (
    "cs-header",
    "cs-header__nav",
    "cs-entry",
    "cs-entry__header",
    "cs-entry__content-wrap",
    "cs-entry__post-meta",
    "cs-offcanvas",
    "cs-footer",
    "cs-search",
    "cs-posts-area",
    "cs-section-heading",
    "cs-meta-date",
    "cs-breadcrumbs",
    "cs-navbar",
    "cs-site-overlay",
    "pk-share-buttons",
    "pk-social-links",
    "gform_wrapper",
    "cs-entry__prev-next",
    "cs-entry__post-related",
)
_ELEMENTS = (
    "",
    "__inner",
    "__title",
    "__content",
    "__thumbnail",
    "__overlay",
    "__col",
    "__item",
    "__link",
    "__button",
    "__wrap",
    "__label",
)
_STATES = ("", ":hover", ":focus", " a", " span", " > li", "::before", "::after")
_COLORS = ("primary", "secondary", "accent", "text", "border", "background", "overlay", "heading")


def _declarations(rng: random.Random) -> list[str]:
    pool = [
        f"display:{rng.choice(('flex', 'block', 'inline-flex', 'grid', 'none'))}",
        f"align-items:{rng.choice(('center', 'flex-start', 'baseline'))}",
        f"margin:{rng.randint(0, 4)}rem {rng.choice(('auto', '0'))}",
        f"padding:{rng.randint(0, 32)}px {rng.randint(0, 40)}px",
        f"font-size:{rng.randint(10, 40) / 10}rem",
        f"line-height:{rng.randint(10, 19) / 10}",
        f"letter-spacing:{rng.choice(('-0.02em', '0.05em', 'normal'))}",
        f"color:var(--cs-color-{rng.choice(_COLORS)})",
        f"background-color:var(--cs-color-{rng.choice(_COLORS)}-contrast)",
        f"border-bottom:1px solid var(--cs-layout-elements-border-color-{rng.randint(1, 3)})",
        f"transition:{rng.choice(('opacity', 'color', 'transform'))} 0.{rng.randint(1, 5)}s ease",
        f"z-index:{rng.randint(1, 99)}",
        f"gap:{rng.randint(4, 40)}px",
        f"grid-template-columns:repeat({rng.randint(1, 4)},minmax(0,1fr))",
        f"font-weight:{rng.choice((400, 500, 600, 700))}",
        f"text-transform:{rng.choice(('uppercase', 'none'))}",
        f"opacity:{rng.randint(3, 10) / 10}",
        f"border-radius:{rng.randint(0, 12)}px",
    ]
    return rng.sample(pool, k=rng.randint(2, 6))


@cache
def critical_css(size: int = 14_000) -> str:
    """Theme-like CSS rules, about ``size`` characters, the same on every call."""
    rng = random.Random("critical-css")
    variables = ";".join(
        f"--cs-color-{c}:#{rng.getrandbits(24):06x};--cs-color-{c}-contrast:#{rng.getrandbits(24):06x}"
        for c in _COLORS
    )
    rules = [f":root{{{variables}}}"]
    total = len(rules[0])
    n = 0
    while total < size:
        selector = (
            f".{rng.choice(_COMPONENTS)}{rng.choice(_ELEMENTS)}"
            f"{rng.choice(_STATES)},.{rng.choice(_COMPONENTS)}{rng.choice(_ELEMENTS)}"
        )
        rule = f"{selector}{{{';'.join(_declarations(rng))}}}"
        if n % 25 == 24:
            rule = f"@media (min-width:{rng.choice((576, 768, 1020, 1200))}px){{{rule}}}"
        rules.append(rule)
        total += len(rule)
        n += 1
    return "".join(rules)


@cache
def svg_sprite(icons: int = 34) -> str:
    """An inline icon sprite: ``<symbol>`` paths of the theme's and Powerkit's icons."""
    rng = random.Random("svg-sprite")
    names = [
        "facebook",
        "twitter",
        "pinterest",
        "instagram",
        "youtube",
        "telegram",
        "whatsapp",
        "linkedin",
        "reddit",
        "mail",
        "search",
        "close",
        "menu",
        "arrow-left",
        "arrow-right",
        "arrow-up",
        "chevron-down",
        "chevron-up",
        "share",
        "bookmark",
        "comment",
        "clock",
        "user",
        "heart",
        "play",
        "pause",
        "volume",
        "eye",
        "external",
        "sun",
        "moon",
    ]
    symbols = []
    for i in range(icons):
        name = names[i % len(names)] + ("" if i < len(names) else f"-{i // len(names)}")
        points = " ".join(
            f"{rng.choice('MLCQ')}{rng.randint(0, 240) / 10} {rng.randint(0, 240) / 10}"
            for _ in range(rng.randint(14, 30))
        )
        symbols.append(
            f'<symbol id="pk-icon-{name}" viewBox="0 0 24 24"><path d="{points} Z"/></symbol>'
        )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" style="position:absolute;width:0;height:0;'
        'overflow:hidden" aria-hidden="true"><defs>' + "".join(symbols) + "</defs></svg>"
    )


@cache
def script_data(entries: int = 90) -> str:
    """Localised script settings (``wp.i18n`` style), as plugins print before their scripts."""
    rng = random.Random("script-data")
    words = [
        "share",
        "post",
        "comment",
        "reply",
        "search",
        "close",
        "open",
        "menu",
        "load",
        "more",
        "next",
        "previous",
        "loading",
        "subscribe",
        "email",
        "required",
        "field",
        "invalid",
        "submit",
        "cancel",
        "confirm",
        "settings",
        "cookie",
        "accept",
        "decline",
        "privacy",
        "update",
        "error",
        "success",
        "warning",
        "title",
        "label",
        "button",
        "form",
        "select",
        "option",
    ]
    locale: dict[str, list[str]] = {"": ["en_US"]}
    for i in range(entries):
        key = " ".join(rng.choice(words) for _ in range(rng.randint(2, 6))).capitalize()
        locale[f"{key} {i}"] = [key]
    settings = {
        "ajax_nonce": f"{rng.getrandbits(40):010x}",
        "lazyload": True,
        "sticky_header": "enabled",
        "powerkit_share_counts": {"facebook": 0, "twitter": 0, "pinterest": 0},
        "locale": locale,
    }
    data = json.dumps(settings, separators=(",", ":"))
    return f'<script id="csco-scripts-js-extra">\nvar csco_mega_menu = {data};\n</script>'
