# ruff: noqa: E501
# (The page templates keep one HTML element per source line, however long, to stay readable.)
"""WordPress-like HTML, RSS, sitemaps and robots.txt for the replica site.

The markup follows what is known of foreigndesknews.com: Code Supply's Newsblock theme shell
(``cs-*`` classes), Powerkit share buttons, a Gravity Forms sign-up, Yoast SEO meta tags,
breadcrumbs, JSON-LD and sitemaps. Like WordPress, every internal link is absolute, built on the
server's base URL; only editors' "Related Story" lines may use a relative path.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Literal
from urllib.parse import quote

from topten_crawler.replica import padding, theme
from topten_crawler.replica.content import (
    SITE_NAME,
    TAGLINE,
    LinkResolver,
    Post,
    SiteContent,
    StaticPage,
)
from topten_crawler.replica.post_body import (
    Block,
    Em,
    ExtLink,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    PostLink,
    Quote,
    SignupForm,
    Strong,
    inline_text,
)
from topten_crawler.replica.textutil import collapse

PageWeight = Literal["full", "light"]

# wptexturize() prints typographic characters as numeric references; decoding them is part of a
# cleaner's job, so the replica does the same inside post content and titles.
_TEXTURIZE = str.maketrans(
    {
        "’": "&#8217;",
        "‘": "&#8216;",
        "“": "&#8220;",
        "”": "&#8221;",
        "—": "&#8212;",
        "–": "&#8211;",
        "…": "&#8230;",
        "\u00a0": "&nbsp;",
    }
)
SITE_LOGO = theme.SITE_LOGO
# Body image sizes (srcset candidates) after the thumbnail: WordPress's medium_large and large.
BODY_SIZES = ((300, 169), (768, 432), (1024, 576))
# Posts that embed another post's card (see Renderer.embedded_post) carry it after this many
# body blocks.
EMBED_AFTER = 3
SOCIAL = (
    ("facebook", "https://www.facebook.com/TheForeignDesk"),
    ("twitter", "https://twitter.com/foreigndesk"),
    ("instagram", "https://www.instagram.com/theforeigndesk/"),
    ("youtube", "https://www.youtube.com/@TheForeignDesk"),
)


def esc(text: str) -> str:
    """Text for an element body or attribute value."""
    return html.escape(text, quote=True)


def tx(text: str) -> str:
    """Text as wptexturize prints it: escaped, ampersands and curly quotes as numeric references."""
    return html.escape(text, quote=False).replace("&amp;", "&#038;").translate(_TEXTURIZE)


def display_date(moment: datetime) -> str:
    return f"{moment:%B} {moment.day}, {moment.year}"


def sized(path: str, width: int, height: int) -> str:
    """The path of a WordPress intermediate image size (``x-300x169.jpg``)."""
    stem, dot, ext = path.rpartition(".")
    return f"{stem}-{width}x{height}.{ext}" if dot else path


def gravity_form(form_id: int = 1) -> str:
    # Gravity Forms 2.5+ markup with the field left at its default label, which is where the
    # "Untitled(Required)" boilerplate of the real pages comes from.
    f = form_id
    return (
        '<div class="gform_wrapper gravity-theme"><div class="gform_heading">'
        '<h2 class="gform_title">Sign Up for Lisa\'s Top Ten</h2></div>\n'
        f'<form id="gform_{f}" method="post"><div class="gform-body gform_body">'
        f'<div id="gform_fields_{f}" class="gform_fields top_label form_sublabel_below '
        'description_below">\n'
        f' <div id="field_{f}_1" class="gfield gfield--type-email gfield_contains_required '
        'hidden_label gfield_visibility_visible">\n'
        f'  <label class="gfield_label gform-field-label" for="input_{f}_1">Untitled'
        '<span class="gfield_required"><span class="gfield_required gfield_required_text">'
        "(Required)</span></span></label>\n"
        '  <div class="ginput_container ginput_container_email">'
        f'<input name="input_1" id="input_{f}_1" type="email" aria-required="true"></div></div>\n'
        '</div></div><div class="gform_footer top_label"><input type="submit" '
        'class="gform_button button" value="Subscribe"></div></form></div>'
    )


class Renderer:
    """Renders every page of one replica site for one set of server addresses."""

    def __init__(
        self, content: SiteContent, links: LinkResolver, page_weight: PageWeight = "full"
    ) -> None:
        if page_weight not in ("full", "light"):
            raise ValueError(f"page_weight must be 'full' or 'light', not {page_weight!r}")
        self.content = content
        self.links = links
        self.page_weight = page_weight
        self.full = page_weight == "full"

    def url(self, path: str) -> str:
        return self.links.site(path)

    # --- body content --------------------------------------------------------------------------
    def inline(self, nodes: Iterable[Inline]) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, str):
                out.append(tx(node))
            elif isinstance(node, Strong):
                out.append(f"<strong>{self.inline(node.children)}</strong>")
            elif isinstance(node, Em):
                out.append(f"<em>{self.inline(node.children)}</em>")
            elif isinstance(node, ExtLink):
                href = esc(self.links.external(node.outlet, node.path))
                text = self.inline(node.children)
                if node.children == ("Read More",):
                    out.append(f'<a href="{href}" >{text}</a>')
                else:
                    out.append(f'<a href="{href}" target="_blank" rel="noopener">{text}</a>')
            elif isinstance(node, PostLink):
                target = self.content.post(node.key)
                href = self.url(target.path) if node.absolute else target.path
                text = tx(target.title) if node.children is None else self.inline(node.children)
                out.append(f'<a href="{esc(href)}">{text}</a>')
            else:
                out.append(f'<a href="{esc(self.url(node.path))}">{self.inline(node.children)}</a>')
        return "".join(out)

    def block(self, block: Block, index: int) -> str:
        if isinstance(block, Paragraph):
            return f"<p>{self.inline(block.children)}</p>"
        if isinstance(block, Heading):
            n = block.level
            return f'<h{n} class="wp-block-heading">{self.inline(block.children)}</h{n}>'
        if isinstance(block, ListBlock):
            tag = "ol" if block.ordered else "ul"
            items = "\n".join(f"<li>{self.inline(item)}</li>" for item in block.items)
            return f'<{tag} class="wp-block-list">\n{items}\n</{tag}>'
        if isinstance(block, Quote):
            paras = "\n".join(f"<p>{self.inline(p)}</p>" for p in block.paragraphs)
            return f'<blockquote class="wp-block-quote">\n{paras}\n</blockquote>'
        if isinstance(block, Figure):
            src = self.url(block.path)
            srcset = ", ".join(
                f"{esc(self.url(sized(block.path, w, h)))} {w}w" for w, h in BODY_SIZES
            )
            img = (
                f'<img decoding="async" loading="lazy" width="1200" height="675" '
                f'src="{esc(src)}" alt="{esc(block.alt)}" class="wp-image-{9000 + index}" '
                f'srcset="{srcset}, {esc(src)} 1200w" sizes="(max-width: 1200px) 100vw, 1200px" />'
            )
            caption = ""
            if block.caption:
                caption = f'<figcaption class="wp-element-caption">{self.inline(block.caption)}'
                caption += "</figcaption>"
            return f'<figure class="wp-block-image size-large">{img}{caption}</figure>'
        assert isinstance(block, SignupForm)
        return gravity_form(1)

    def body_html(self, post: Post) -> str:
        blocks = [self.block(b, i) for i, b in enumerate(post.blocks)]
        embedded = self.embedded_post(post)
        if embedded is not None:
            blocks.insert(EMBED_AFTER, self.embed_block(embedded))
        return "\n\n".join(blocks)

    def embedded_post(self, post: Post) -> Post | None:
        """The post whose embed card some posts carry in their body (an iframe to the replica):
        every third post (the newest among them) with enough blocks embeds its first related
        card."""
        if post.post_id % 3 != 2 or len(post.blocks) <= EMBED_AFTER or not post.related_cards:
            return None
        return self.content.post(post.related_cards[0])

    def embed_block(self, target: Post) -> str:
        # The iframe of a WordPress post embed; its fallback blockquote is left out, so that
        # the post's text and links are the same with or without the embed.
        src = esc(self.url(target.path + "embed/"))
        return (
            '<figure class="wp-block-embed is-type-wp-embed is-provider-the-foreign-desk '
            'wp-block-embed-the-foreign-desk"><div class="wp-block-embed__wrapper">'
            f'<iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted" '
            f'title="{esc(target.title)} &#8212; {SITE_NAME}" src="{src}" width="600" '
            'height="260" frameborder="0" marginwidth="0" marginheight="0" scrolling="no">'
            "</iframe></div></figure>"
        )

    def excerpt(self, post: Post, words: int = 30) -> str:
        # WordPress builds the automatic excerpt from the stripped content, so the "From:" line
        # and other editor lines show up in it, exactly as on a real archive page.
        titles = self.content.titles
        parts: list[str] = []
        for block in post.blocks:
            if isinstance(block, Paragraph | Heading):
                parts.append(inline_text(block.children, titles))
            if sum(len(p.split()) for p in parts) > words:
                break
        text = collapse(" ".join(parts)).split()
        return " ".join(text[:words]) + ("…" if len(text) > words else "")

    # --- shared page parts ---------------------------------------------------------------------
    def head(
        self,
        title: str,
        canonical: str,
        *,
        meta: Sequence[tuple[str, str, str]] = (),
        jsonld: Mapping[str, object] | None = None,
        shortlink: str | None = None,
        extra_links: Sequence[str] = (),
    ) -> str:
        lines = [
            "<!doctype html>",
            '<html lang="en-US">',
            "<head>",
            '<meta charset="UTF-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<link rel="profile" href="https://gmpg.org/xfn/11">',
            "<!-- Google Tag Manager -->",
            "<script>/** Google Tag Manager */",
            "(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':",
            "new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],",
            "j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=",
            "'https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);",
            "})(window,document,'script','dataLayer','GTM-K7F3Q2X');",
            "/** Retention Collection Script*/",
            "</script>",
            "<!-- End Google Tag Manager -->",
            "",
            "<!-- This site is optimized with the Yoast SEO plugin v21.9.1 - "
            "https://yoast.com/wordpress/plugins/seo/ -->",
            f"<title>{esc(title)}</title>",
            f'<link rel="canonical" href="{esc(canonical)}" />',
        ]
        for kind, name, value in meta:
            lines.append(f'<meta {kind}="{name}" content="{esc(value)}" />')
        if jsonld is not None:
            data = json.dumps(jsonld, ensure_ascii=False, separators=(",", ":"))
            lines.append(
                '<script type="application/ld+json" class="yoast-schema-graph">'
                + data.replace("</", "<\\/")
                + "</script>"
            )
        lines.append("<!-- / Yoast SEO plugin. -->")
        lines.append("")
        lines.append("<link rel='dns-prefetch' href='//www.googletagmanager.com' />")
        lines.append(
            f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" '
            f'href="{esc(self.url("/feed/"))}" />'
        )
        lines.extend(extra_links)
        if self.full:
            # The generated critical CSS only adds weight: kept to print so that it never
            # fights the theme stylesheet on screen.
            lines.append(
                f"<style id='csco-critical-css' media='print'>{padding.critical_css()}</style>"
            )
        for sid, path in theme.STYLESHEETS:
            lines.append(
                f"<link rel='stylesheet' id='{sid}' href='{esc(self.url(path))}' media='all' />"
            )
        for sid, path in theme.HEAD_SCRIPTS:
            lines.append(f"<script src='{esc(self.url(path))}' id='{sid}'></script>")
        lines.append(f'<link rel="https://api.w.org/" href="{esc(self.url("/wp-json/"))}" />')
        if shortlink:
            lines.append(f"<link rel='shortlink' href='{esc(shortlink)}' />")
        for rel, size in theme.SITE_ICONS:
            href = esc(self.url(sized(SITE_LOGO, size, size)))
            sizes = f' sizes="{size}x{size}"' if rel == "icon" else ""
            lines.append(f'<link rel="{rel}" href="{href}"{sizes} />')
        lines.append("</head>")
        return "\n".join(lines)

    def offcanvas(self) -> str:
        menu = self.menu_items("menu-item")
        return f"""<div class="cs-site-overlay"></div>
<div class="cs-offcanvas">
 <div class="cs-offcanvas__header" data-scheme="default">
  <div class="cs-logo"><a class="cs-offcanvas__logo cs-logo-default" href="{esc(self.url("/"))}"><img src="{esc(self.url(SITE_LOGO))}" alt="{SITE_NAME}" width="180" height="40"></a></div>
  <nav class="cs-offcanvas__toggle" role="button" aria-label="Close mobile menu button"><i class="cs-icon cs-icon-x"></i></nav>
 </div>
 <aside class="cs-offcanvas__sidebar"><div class="cs-offcanvas__inner cs-offcanvas__area cs-widget-area">
  <div class="widget nav_menu-2 widget_nav_menu"><div class="menu-primary-container"><ul id="menu-primary" class="menu">{menu}</ul></div></div>
  <div class="widget gform_widget-2 gform_widget"><div class="cs-section-heading cs-section-heading-common"><h5 class="cs-section-title">The first task of the day</h5></div>
{gravity_form(1)}
  </div>
 </div></aside>
</div>"""

    def menu_items(self, li_class: str) -> str:
        items = [
            f'<li class="{li_class} menu-item-type-taxonomy menu-item-object-category">'
            f'<a href="{esc(self.url(c.path))}"><span>{esc(c.name)}</span></a></li>'
            for c in self.content.categories
        ]
        items.append(
            f'<li class="{li_class} menu-item-type-post_type menu-item-object-page">'
            f'<a href="{esc(self.url("/about-2/"))}"><span>About</span></a></li>'
        )
        return "".join(items)

    def edition_date(self) -> str:
        """The day of the newest post, which the theme script prints in the top bar."""
        if not self.content.posts:
            return ""
        newest = self.content.posts[0].published
        return f"{newest:%A}, {display_date(newest)}"

    def header(self) -> str:
        home = esc(self.url("/"))
        return f"""<header class="cs-header cs-header-one cs-header-stretch" data-scheme="default">
 <div class="cs-header__topbar"><div class="cs-container"><div class="cs-header__tagline">{esc(TAGLINE)}</div><div class="cs-header__date" data-date="{esc(self.edition_date())}"></div></div></div>
 <div class="cs-container"><div class="cs-header__inner cs-header__inner-desktop">
  <div class="cs-header__col cs-col-left">
   <span class="cs-header__offcanvas-toggle" role="button" aria-label="Mobile menu button"><span></span></span>
   <div class="cs-logo"><a class="cs-header__logo cs-logo-default" href="{home}"><img src="{esc(self.url(SITE_LOGO))}" alt="{SITE_NAME}" width="180" height="40"></a></div>
  </div>
  <div class="cs-header__col cs-col-center">
   <nav class="cs-header__nav"><ul id="menu-primary-1" class="cs-header__nav-inner">{self.menu_items("menu-item")}</ul></nav>
  </div>
  <div class="cs-header__col cs-col-right">
   <a class="cs-button cs-header__button cs-header__button-donate" href="{esc(self.url("/donate/"))}">DONATE</a>
   <a class="cs-button cs-header__button cs-header__button-subscribe" href="{esc(self.url("/subscribe/"))}">SUBSCRIBE</a>
   <span class="cs-header__search-toggle" role="button" aria-label="Search"><i class="cs-icon cs-icon-search"></i></span>
  </div>
 </div></div>
 <div class="cs-search"><div class="cs-container"><form role="search" method="get" class="cs-search__form" action="{home}"><input type="search" class="cs-search__input" placeholder="Search..." value="" name="s" required><button class="cs-search__submit">Search</button></form></div></div>
</header>"""

    def footer(self) -> str:
        pages = [("/about-2/", "About"), ("/contact/", "Contact"), ("/privacy-policy/", "Privacy")]
        pages += [("/subscribe/", "Subscribe"), ("/donate/", "Donate")]
        menu = "".join(
            f'<li class="menu-item menu-item-type-post_type menu-item-object-page">'
            f'<a href="{esc(self.url(p))}">{name}</a></li>'
            for p, name in pages
        )
        social = "".join(
            f'<div class="pk-social-links-item pk-social-links-{name}">'
            f'<a href="{esc(href)}" class="pk-social-links-link" target="_blank" rel="nofollow noopener">'
            f'<i class="pk-social-links-icon pk-icon pk-icon-{name}"></i></a></div>'
            for name, href in SOCIAL
        )
        scripts = "\n".join(
            f"<script src='{esc(self.url(path))}' id='{sid}'></script>"
            for sid, path in theme.FOOTER_SCRIPTS
        )
        data = padding.script_data() if self.full else ""
        return f"""<footer class="cs-footer cs-footer-one" data-scheme="dark">
 <div class="cs-container"><div class="cs-footer__item"><div class="cs-footer__inner">
  <div class="cs-footer__col cs-col-left"><div class="cs-logo"><a class="cs-footer__logo cs-logo-default" href="{esc(self.url("/"))}"><img src="{esc(self.url(SITE_LOGO))}" alt="{SITE_NAME}" width="180" height="40"></a></div>
   <div class="cs-footer__desc">© 2024 {SITE_NAME}. All Rights Reserved.</div></div>
  <div class="cs-footer__col cs-col-center"><div class="footer-nav-menu"><ul id="menu-footer" class="cs-footer__nav cs-nav-grid">{menu}</ul></div></div>
  <div class="cs-footer__col cs-col-right"><div class="pk-social-links-wrap pk-social-links-template-default"><div class="pk-social-links-items">{social}</div></div></div>
 </div></div></div>
</footer>
</div></div>
{data}
{scripts}
</body>
</html>
"""

    def body_open(self, body_class: str) -> str:
        sprite = padding.svg_sprite() if self.full else ""
        return (
            f'<body class="{body_class} wp-embed-responsive cs-page-layout-right '
            'cs-navbar-sticky-enabled cs-sticky-sidebar-enabled" data-scheme="default">\n'
            "<!-- Google Tag Manager (noscript) -->\n"
            '<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-K7F3Q2X" '
            'height="0" width="0" style="display:none;visibility:hidden"></iframe></noscript>\n'
            "<!-- End Google Tag Manager (noscript) -->\n"
            f"{sprite}\n{self.offcanvas()}\n"
            '<div id="page" class="cs-site"><div class="cs-site-inner">\n'
            f"{self.header()}\n"
            '<main id="main" class="cs-site-primary"><div class="cs-site-content cs-sidebar-disabled">'
            '<div class="cs-container"><div id="content" class="cs-main-content">\n'
        )

    def breadcrumbs(self, trail: Sequence[tuple[str, str | None]]) -> str:
        parts = []
        for name, href in trail:
            if href is None:
                parts.append(f'<span class="breadcrumb_last" aria-current="page">{tx(name)}</span>')
            else:
                parts.append(f'<span><a href="{esc(href)}">{tx(name)}</a></span>')
        return (
            '<div class="cs-breadcrumbs" id="breadcrumbs"><span>'
            + " » ".join(parts)
            + "</span></div>"
        )

    def category_list(self, post: Post) -> str:
        items = "".join(
            f'<li><a href="{esc(self.url(c.path))}" rel="category tag">{esc(c.name)}</a></li>'
            for c in post.categories
        )
        return f'<div class="cs-meta-category"><ul class="post-categories">{items}</ul></div>'

    def author_date(self, post: Post) -> str:
        return (
            f'<a class="cs-meta-author-inner url fn n" href="{esc(self.url(post.author.path))}" '
            f'title="View all posts by {esc(post.author.name)}"><span class="cs-by">by</span>'
            f'<span class="cs-author">{esc(post.author.name)}</span></a>'
            f'<div class="cs-meta-date">{display_date(post.published)}</div>'
        )

    def card(self, post: Post, heading: str = "h2", excerpt: bool = True) -> str:
        url = esc(self.url(post.path))
        classes = f"post-{post.post_id} post type-post status-publish format-standard"
        if post.image is not None:
            classes += " has-post-thumbnail"
        classes += "".join(f" category-{c.slug}" for c in post.categories) + " cs-entry"
        thumb = ""
        if post.image is not None:
            src = esc(self.url(sized(post.image.path, 380, 250)))
            thumb = (
                '<div class="cs-entry__inner cs-entry__thumbnail cs-entry__overlay cs-overlay-ratio '
                'cs-ratio-landscape" data-scheme="inverse"><div class="cs-overlay-background">'
                f'<img width="380" height="250" src="{src}" class="attachment-csco-thumbnail '
                'size-csco-thumbnail wp-post-image" alt="" decoding="async" loading="lazy"></div>'
                f'<a href="{url}" class="cs-overlay-link" title="{esc(post.title)}"></a></div>'
            )
        text = f'<div class="cs-entry__excerpt">{tx(self.excerpt(post))}</div>' if excerpt else ""
        return (
            f'<article class="{classes}"><div class="cs-entry__outer">{thumb}'
            '<div class="cs-entry__inner cs-entry__content">'
            f'<div class="cs-entry__post-meta">{self.category_list(post)}</div>'
            f'<{heading} class="cs-entry__title"><a href="{url}"><span>{tx(post.title)}</span></a>'
            f"</{heading}>{text}"
            f'<div class="cs-entry__details"><div class="cs-entry__details-data">'
            f"{self.author_date(post)}</div></div>"
            "</div></div></article>"
        )

    def share_buttons(self, post: Post, location: str) -> str:
        url = self.url(post.path)
        enc = quote(url, safe="")
        image = quote(self.url(post.image.path), safe="") if post.image else ""
        links = (
            ("facebook", f"https://www.facebook.com/sharer.php?u={enc}"),
            (
                "twitter",
                f"https://twitter.com/share?&text={quote(post.title, safe='')}"
                f"&via=foreigndesk&url={enc}",
            ),
            ("pinterest", f"https://pinterest.com/pin/create/bookmarklet/?url={enc}&media={image}"),
        )
        items = "".join(
            f'<div class="pk-share-buttons-item pk-share-buttons-{name} pk-share-buttons-no-count" '
            f'data-id="{name}">\n<a href="{esc(href)}" class="pk-share-buttons-link" '
            f'target="_blank">\n<i class="pk-share-buttons-icon pk-icon pk-icon-{name}"></i>\n'
            '<span class="pk-share-buttons-count pk-font-secondary">0</span></a></div>\n'
            for name, href in links
        )
        if location == "after-post":
            total = (
                '<div class="pk-share-buttons-total pk-share-buttons-total-no-count">\n'
                '<div class="pk-share-buttons-title pk-font-primary">Total</div>\n'
                '<div class="pk-share-buttons-count pk-font-heading">0</div>\n'
                '<div class="pk-share-buttons-label pk-font-secondary">Shares</div>\n</div>\n'
            )
            layout = (
                "pk-share-buttons-layout-default pk-share-buttons-scheme-bold-bg "
                "pk-share-buttons-has-counts pk-share-buttons-has-total-counts"
            )
        else:
            total = ""
            layout = (
                "pk-share-buttons-layout-simple pk-share-buttons-scheme-simple-light "
                "pk-share-buttons-has-counts"
            )
        return (
            f'<div class="pk-share-buttons-wrap {layout} pk-share-buttons-{location} '
            'pk-share-buttons-mode-php pk-share-buttons-mode-rest" '
            f'data-post-id="{post.post_id}" data-share-url="{esc(url)}">\n{total}'
            f'<div class="pk-share-buttons-items">\n{items}</div></div>'
        )

    # --- pages -----------------------------------------------------------------------------------
    def post_page(self, post: Post) -> str:
        url = self.url(post.path)
        page_title = f"{post.title} - {SITE_NAME}"
        meta: list[tuple[str, str, str]] = []
        if post.has_meta:
            meta += [
                ("property", "og:locale", "en_US"),
                ("property", "og:type", "article"),
                ("property", "og:title", page_title),
                ("property", "og:description", post.subtitle or self.excerpt(post, 25)),
                ("property", "og:url", url),
                ("property", "og:site_name", SITE_NAME),
                ("property", "article:publisher", SOCIAL[0][1]),
                ("property", "article:published_time", post.published.isoformat()),
                ("property", "article:modified_time", post.modified.isoformat()),
            ]
            meta += [("property", "article:section", c.name) for c in post.categories]
            meta += [("property", "article:tag", t.name) for t in post.tags]
            if post.image is not None:
                meta += [
                    ("property", "og:image", self.url(post.image.path)),
                    ("property", "og:image:width", str(post.image.width)),
                    ("property", "og:image:height", str(post.image.height)),
                    ("property", "og:image:type", "image/jpeg"),
                ]
            words = len(collapse(self.excerpt(post, 10_000)).split())
            meta += [
                ("name", "author", post.author.name),
                ("name", "twitter:card", "summary_large_image"),
                ("name", "twitter:creator", "@foreigndesk"),
                ("name", "twitter:label1", "Written by"),
                ("name", "twitter:data1", post.author.name),
                ("name", "twitter:label2", "Est. reading time"),
                ("name", "twitter:data2", f"{max(1, round(words / 230))} minutes"),
            ]
        jsonld = self.post_jsonld(post) if post.has_jsonld else None
        shortlink = self.url(f"/?p={post.post_id}")
        head = self.head(page_title, url, meta=meta, jsonld=jsonld, shortlink=shortlink)
        cat = post.categories[0]
        crumbs = self.breadcrumbs(
            [("Home", self.url("/")), (cat.name, self.url(cat.path)), (post.title, None)]
        )
        media = ["", ""]
        if post.image is not None:
            img = post.image
            src = self.url(img.path)
            srcset = ", ".join(
                f"{esc(self.url(sized(img.path, w, h)))} {w}w"
                for w, h in ((300, 169), (768, 432), (1024, 576))
            )
            caption = (
                f'<figcaption class="cs-entry__caption-text wp-caption-text">{tx(img.caption)}'
                "</figcaption>"
                if img.caption
                else ""
            )
            # The header media is printed twice, once for wide and once for narrow screens,
            # which is why every caption appears twice in the text of the real pages.
            for i, variant in enumerate(("desktop", "mobile")):
                media[i] = (
                    f'<figure class="cs-entry__post-media post-media cs-entry__post-media-{variant}">'
                    f'<img width="{img.width}" height="{img.height}" src="{esc(src)}" '
                    'class="attachment-csco-large size-csco-large wp-post-image" '
                    f'alt="{esc(img.alt)}" decoding="async" srcset="{srcset}, {esc(src)} 1200w" '
                    f'sizes="(max-width: 1200px) 100vw, 1200px" />{caption}</figure>'
                )
        subtitle = (
            f'<div class="cs-entry__subtitle">{tx(post.subtitle)}</div>' if post.subtitle else ""
        )
        tags = ""
        if post.tags:
            tag_items = "".join(
                f'<li><a href="{esc(self.url(t.path))}" rel="tag">{esc(t.name)}</a></li>'
                for t in post.tags
            )
            tags = f'<div class="cs-entry__tags"><ul>{tag_items}</ul></div>'
        body_class = (
            f"post-template-default single single-post postid-{post.post_id} single-format-standard"
        )
        return "".join(
            [
                head,
                "\n",
                self.body_open(body_class),
                '<div id="primary" class="cs-content-area">\n',
                crumbs,
                '\n<div class="cs-entry__header cs-entry__header-standard">'
                '<div class="cs-entry__header-inner">\n',
                media[0],
                '\n<div class="cs-entry__header-info">\n<div class="cs-entry__post-meta">',
                self.category_list(post),
                "</div>\n",
                f'<h1 class="cs-entry__title"><span>{tx(post.title)}</span></h1>\n',
                subtitle,
                '\n<div class="cs-entry__details cs-entry__details-standard">'
                '<div class="cs-entry__details-data">',
                self.author_date(post),
                "</div></div>\n</div>\n",
                media[1],
                "\n</div></div>\n",
                '<div class="cs-entry__wrap"><div class="cs-entry__container">\n',
                '<div class="cs-entry__metabar"><div class="cs-entry__metabar-inner">',
                self.share_buttons(post, "metabar-post"),
                "</div></div>\n",
                '<div class="cs-entry__content-wrap">\n<div class="entry-content">\n',
                self.body_html(post),
                "\n</div>\n",
                tags,
                '\n<div class="cs-entry__after-share-buttons">',
                self.share_buttons(post, "after-post"),
                "</div>\n",
                self.prev_next(post),
                "\n",
                self.comments(post),
                "\n</div>\n</div></div>\n</div>\n",
                self.related_block(post),
                "\n</div></div></div></main>\n",
                self.footer(),
            ]
        )

    def embed_page(self, post: Post) -> str:
        """``<permalink>embed/``: the card WordPress shows inside an embed iframe. It has its own
        stylesheet; it is neither a post page nor listed anywhere."""
        url = esc(self.url(post.path))
        image = ""
        if post.image is not None:
            src = esc(self.url(sized(post.image.path, 600, 338)))
            image = (
                f'<div class="wp-embed-featured-image rectangular"><a href="{url}" target="_top">'
                f'<img width="600" height="338" src="{src}" alt="" decoding="async" /></a></div>\n'
            )
        icon = esc(self.url(sized(SITE_LOGO, 32, 32)))
        css = esc(self.url(f"{theme.EMBED_CSS}?ver=6.4.3"))
        return (
            '<!DOCTYPE html>\n<html lang="en-US" class="no-js">\n<head>\n'
            f"<title>{tx(post.title)} - {SITE_NAME}</title>\n"
            '<meta name="robots" content="noindex, follow" />\n'
            f'<link rel="canonical" href="{url}" />\n'
            f"<link rel='stylesheet' id='wp-embed-template-css' href='{css}' media='all' />\n"
            '</head>\n<body class="wp-embed-responsive">\n'
            f'<div class="wp-embed post-{post.post_id} post type-post status-publish">\n{image}'
            f'<p class="wp-embed-heading"><a href="{url}" target="_top">{tx(post.title)}</a></p>\n'
            f'<div class="wp-embed-excerpt"><p>{tx(self.excerpt(post, 35))}</p></div>\n'
            f'<div class="wp-embed-footer"><div class="wp-embed-site-title"><a href="'
            f'{esc(self.url("/"))}" target="_top"><img src="{icon}" width="32" height="32" '
            f'alt="" class="wp-embed-site-icon" /><span>{SITE_NAME}</span></a></div></div>\n'
            "</div>\n</body>\n</html>\n"
        )

    def prev_next(self, post: Post) -> str:
        older, newer = self.content.neighbours(post)
        items = []
        for which, label, other in (
            ("prev", "Previous Article", older),
            ("next", "Next Article", newer),
        ):
            if other is None:
                continue
            url = esc(self.url(other.path))
            items.append(
                f'<div class="cs-entry__prev-next-item cs-entry__{which}">'
                f'<a class="cs-entry__prev-next-link" href="{url}"></a>'
                f'<div class="cs-entry__prev-next-label"><span>{label}</span></div>'
                '<div class="cs-entry"><div class="cs-entry__outer"><div class="cs-entry__inner '
                f'cs-entry__content"><h2 class="cs-entry__title"><a href="{url}">'
                f"{tx(other.title)}</a></h2>"
                f'<div class="cs-entry__post-meta"><div class="cs-meta-date">'
                f"{display_date(other.published)}</div></div></div></div></div></div>"
            )
        return f'<div class="cs-entry__prev-next">{"".join(items)}</div>'

    def comments(self, post: Post) -> str:
        url = self.url(post.path)
        items = []
        for c in post.comments:
            when = f"{display_date(c.posted)} at {c.posted:%I:%M %p}".replace(" 0", " ")
            when = when[:-2] + when[-2:].lower()
            items.append(
                f'<li id="comment-{c.comment_id}" class="comment even thread-even depth-1">'
                f'<article id="div-comment-{c.comment_id}" class="comment-body">'
                '<footer class="comment-meta"><div class="comment-author vcard">'
                f'<b class="fn">{esc(c.author)}</b> <span class="says">says:</span></div>'
                f'<div class="comment-metadata"><a href="{esc(url)}#comment-{c.comment_id}">'
                f'<time datetime="{c.posted.isoformat()}">{when}</time></a></div></footer>'
                f'<div class="comment-content"><p>{tx(c.text)}</p></div>'
                # WordPress's reply links carry ?replytocom=, the same page under another URL.
                f'<div class="reply"><a rel="nofollow" class="comment-reply-link" '
                f'href="{esc(url)}?replytocom={c.comment_id}#respond" '
                f'data-commentid="{c.comment_id}" data-postid="{post.post_id}" '
                f'aria-label="Reply to {esc(c.author)}">Reply</a></div></article></li>'
            )
        listing = ""
        if items:
            count = len(items)
            noun = "comment" if count == 1 else "comments"
            listing = (
                '<div class="cs-entry__comments-header"><div class="cs-section-heading '
                f'cs-section-heading-common"><h5 class="cs-section-title">{count} {noun}</h5>'
                f'</div></div><ol class="comment-list">{"".join(items)}</ol>'
            )
        return (
            f'<div id="comments" class="post-comments cs-entry__comments">{listing}'
            '<div id="respond" class="comment-respond"><h3 id="reply-title" '
            'class="comment-reply-title">Leave a Reply <small><a rel="nofollow" '
            f'id="cancel-comment-reply-link" href="{esc(url)}#respond" style="display:none;">'
            "Cancel reply</a></small></h3>"
            f'<form action="{esc(self.url("/wp-comments-post.php"))}" method="post" '
            'id="commentform" class="comment-form" novalidate>'
            '<p class="comment-notes"><span id="email-notes">Your email address will not be '
            'published.</span> <span class="required-field-message">Required fields are marked '
            '<span class="required">*</span></span></p>'
            '<p class="comment-form-comment"><label for="comment">Comment <span class="required">'
            '*</span></label> <textarea id="comment" name="comment" cols="45" rows="8" '
            'maxlength="65525" required></textarea></p>'
            '<p class="comment-form-author"><label for="author">Name <span class="required">*'
            '</span></label> <input id="author" name="author" type="text" value="" size="30" '
            'maxlength="245" autocomplete="name" required /></p>'
            '<p class="comment-form-email"><label for="email">Email <span class="required">*'
            '</span></label> <input id="email" name="email" type="email" value="" size="30" '
            'maxlength="100" aria-describedby="email-notes" autocomplete="email" required /></p>'
            '<p class="form-submit"><input name="submit" type="submit" id="submit" '
            'class="submit" value="Post Comment" /> <input type="hidden" '
            f"name='comment_post_ID' value='{post.post_id}' id='comment_post_ID' /></p>"
            "</form></div></div>"
        )

    def related_block(self, post: Post) -> str:
        # Newsblock's related cards: thumbnail, title and date, no excerpt or byline.
        cards = []
        for key in post.related_cards:
            other = self.content.post(key)
            url = esc(self.url(other.path))
            thumb = ""
            if other.image is not None:
                src = esc(self.url(sized(other.image.path, 380, 250)))
                stem = other.image.path.rsplit(".", 1)[0]
                png_1x = esc(self.url(f"{stem}-380x250.png"))
                png_2x = esc(self.url(f"{stem}-760x500.png"))
                # The theme offers a lossless PNG rendition through <picture>.
                thumb = (
                    '<div class="cs-entry__inner cs-entry__thumbnail cs-overlay-ratio cs-ratio-landscape">'
                    f'<div class="cs-overlay-background"><picture><source type="image/png" '
                    f'srcset="{png_1x} 1x, {png_2x} 2x"><img width="380" height="250" src="{src}" '
                    'alt="" decoding="async" loading="lazy"></picture></div>'
                    f'<a href="{url}" class="cs-overlay-link"></a></div>'
                )
            cards.append(
                f'<article class="post-{other.post_id} post type-post cs-entry">'
                f'<div class="cs-entry__outer">{thumb}<div class="cs-entry__inner cs-entry__content">'
                f'<h2 class="cs-entry__title"><a href="{url}">{tx(other.title)}</a></h2>'
                f'<div class="cs-entry__post-meta"><div class="cs-meta-date">'
                f"{display_date(other.published)}</div></div></div></div></article>"
            )
        return (
            '<div class="cs-entry__post-related"><div class="cs-section-heading '
            'cs-section-heading-common"><h5 class="cs-section-title">Related Posts</h5></div>'
            f'<div class="cs-entry__post-wrap">{"".join(cards)}</div></div>'
        )

    def post_jsonld(self, post: Post) -> dict[str, object]:
        url = self.url(post.path)
        base = self.url("/")
        person_id = f"{base}#/schema/person/{hashlib.md5(post.author.slug.encode()).hexdigest()}"
        published = post.published.isoformat()
        modified = post.modified.isoformat()
        article: dict[str, object] = {
            "@type": "Article",
            "@id": f"{url}#article",
            "isPartOf": {"@id": url},
            "author": {"name": post.author.name, "@id": person_id},
            "headline": post.title,
            "datePublished": published,
            "dateModified": modified,
            "mainEntityOfPage": {"@id": url},
            "wordCount": len(self.excerpt(post, 100_000).split()),
            "commentCount": len(post.comments),
            "publisher": {"@id": f"{base}#organization"},
        }
        webpage: dict[str, object] = {
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": f"{post.title} - {SITE_NAME}",
            "isPartOf": {"@id": f"{base}#website"},
            "datePublished": published,
            "dateModified": modified,
            "breadcrumb": {"@id": f"{url}#breadcrumb"},
            "inLanguage": "en-US",
            "potentialAction": [{"@type": "ReadAction", "target": [url]}],
        }
        graph: list[dict[str, object]] = [article, webpage]
        if post.image is not None:
            image_url = self.url(post.image.path)
            article["image"] = {"@id": f"{url}#primaryimage"}
            article["thumbnailUrl"] = image_url
            webpage["primaryImageOfPage"] = {"@id": f"{url}#primaryimage"}
            webpage["image"] = {"@id": f"{url}#primaryimage"}
            webpage["thumbnailUrl"] = image_url
            image: dict[str, object] = {
                "@type": "ImageObject",
                "inLanguage": "en-US",
                "@id": f"{url}#primaryimage",
                "url": image_url,
                "contentUrl": image_url,
                "width": post.image.width,
                "height": post.image.height,
            }
            if post.image.caption:
                image["caption"] = post.image.caption
            graph.append(image)
        if post.tags:
            article["keywords"] = [t.name for t in post.tags]
        article["articleSection"] = [c.name for c in post.categories]
        article["inLanguage"] = "en-US"
        article["potentialAction"] = [
            {"@type": "CommentAction", "name": "Comment", "target": [f"{url}#respond"]}
        ]
        cat = post.categories[0]
        graph.append(
            {
                "@type": "BreadcrumbList",
                "@id": f"{url}#breadcrumb",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": "Home", "item": base},
                    {
                        "@type": "ListItem",
                        "position": 2,
                        "name": cat.name,
                        "item": self.url(cat.path),
                    },
                    {"@type": "ListItem", "position": 3, "name": post.title},
                ],
            }
        )
        graph += self.site_graph()
        graph.append(
            {
                "@type": "Person",
                "@id": person_id,
                "name": post.author.name,
                "description": post.author.bio,
                "url": self.url(post.author.path),
            }
        )
        return {"@context": "https://schema.org", "@graph": graph}

    def site_graph(self) -> list[dict[str, object]]:
        base = self.url("/")
        return [
            {
                "@type": "WebSite",
                "@id": f"{base}#website",
                "url": base,
                "name": SITE_NAME,
                "description": TAGLINE,
                "publisher": {"@id": f"{base}#organization"},
                "inLanguage": "en-US",
            },
            {
                "@type": "Organization",
                "@id": f"{base}#organization",
                "name": SITE_NAME,
                "url": base,
                "logo": {
                    "@type": "ImageObject",
                    "@id": f"{base}#/schema/logo/image/",
                    "url": self.url(SITE_LOGO),
                    "contentUrl": self.url(SITE_LOGO),
                    "caption": SITE_NAME,
                },
                "sameAs": [href for _, href in SOCIAL],
            },
        ]

    def static_page(self, page: StaticPage) -> str:
        url = self.url(page.path)
        title = f"{page.title} - {SITE_NAME}"
        # Yoast marks pages og:type=article too, so og:type alone does not tell a post.
        meta = [
            ("property", "og:locale", "en_US"),
            ("property", "og:type", "article"),
            ("property", "og:title", title),
            ("property", "og:url", url),
            ("property", "og:site_name", SITE_NAME),
            ("property", "article:modified_time", page.modified.isoformat()),
        ]
        webpage: dict[str, object] = {
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": title,
            "isPartOf": {"@id": f"{self.url('/')}#website"},
            "dateModified": page.modified.isoformat(),
            "inLanguage": "en-US",
        }
        jsonld = {"@context": "https://schema.org", "@graph": [webpage, *self.site_graph()]}
        head = self.head(
            title, url, meta=meta, jsonld=jsonld, shortlink=self.url(f"/?p={page.page_id}")
        )
        paras = "\n".join(f"<p>{tx(p)}</p>" for p in page.paragraphs)
        if page.path in ("/subscribe/", "/contact/"):
            paras += "\n" + gravity_form(1)
        return "".join(
            [
                head,
                "\n",
                self.body_open(f"page-template-default page page-id-{page.page_id}"),
                '<div id="primary" class="cs-content-area">\n',
                self.breadcrumbs([("Home", self.url("/")), (page.title, None)]),
                '\n<div class="cs-entry__header cs-entry__header-standard"><div '
                'class="cs-entry__header-inner"><div class="cs-entry__header-info">'
                f'<h1 class="cs-entry__title"><span>{tx(page.title)}</span></h1></div></div></div>',
                '\n<div class="cs-entry__wrap"><div class="cs-entry__container">'
                '<div class="cs-entry__content-wrap"><div class="entry-content">\n',
                paras,
                "\n</div></div></div></div>\n</div>\n</div></div></div></main>\n",
                self.footer(),
            ]
        )

    def listing(
        self,
        posts: Sequence[Post],
        *,
        page: int,
        pages: int,
        base_path: str,
        title: str,
        heading: str | None,
        subtitle: str,
        body_class: str,
        feed_path: str | None = None,
    ) -> str:
        """Home, category, tag and author archives: one page of cards plus pagination."""
        path = base_path if page == 1 else f"{base_path}page/{page}/"
        url = self.url(path)
        extra: list[str] = []
        if page > 1:
            prev_path = base_path if page == 2 else f"{base_path}page/{page - 1}/"
            extra.append(f'<link rel="prev" href="{esc(self.url(prev_path))}" />')
        if page < pages:
            extra.append(
                f'<link rel="next" href="{esc(self.url(f"{base_path}page/{page + 1}/"))}" />'
            )
        if feed_path:
            extra.append(
                f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; '
                f'{esc(heading or SITE_NAME)} Feed" href="{esc(self.url(feed_path))}" />'
            )
        page_title = (
            title
            if page == 1
            else f"{title.rsplit(' - ', 1)[0]} - Page {page} of {pages} - {SITE_NAME}"
        )
        meta = [
            ("property", "og:locale", "en_US"),
            ("property", "og:type", "website"),
            ("property", "og:title", page_title),
            ("property", "og:url", url),
            ("property", "og:site_name", SITE_NAME),
        ]
        jsonld = {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "CollectionPage",
                    "@id": url,
                    "url": url,
                    "name": page_title,
                    "isPartOf": {"@id": f"{self.url('/')}#website"},
                    "inLanguage": "en-US",
                },
                *self.site_graph(),
            ],
        }
        head = self.head(page_title, url, meta=meta, jsonld=jsonld, extra_links=extra)
        classes = body_class
        if page > 1:
            classes += f" paged paged-{page}"
        header = ""
        if heading is not None:
            header = (
                f'<div class="cs-page__header"><span class="cs-page__subtitle">{esc(subtitle)}'
                f'</span><h1 class="cs-page__title">{esc(heading)}</h1></div>\n'
            )
        cards = "\n".join(self.card(p) for p in posts)
        return "".join(
            [
                head,
                "\n",
                self.body_open(classes),
                '<div id="primary" class="cs-content-area">\n',
                header,
                '<div class="cs-posts-area cs-posts-area-posts"><div class="cs-posts-area__outer">'
                '<div class="cs-posts-area__main cs-posts-area__archive cs-posts-area__list">\n',
                cards,
                "\n</div></div>\n",
                self.pagination(page, pages, base_path),
                "\n</div>\n</div>\n</div></div></div></main>\n",
                self.footer(),
            ]
        )

    def pagination(self, page: int, pages: int, base_path: str) -> str:
        if pages <= 1:
            return ""

        def href(n: int) -> str:
            return esc(self.url(base_path if n == 1 else f"{base_path}page/{n}/"))

        parts: list[str] = []
        if page > 1:
            parts.append(f'<a class="prev page-numbers" href="{href(page - 1)}">Previous</a>')
        shown = sorted(
            {1, 2, pages - 1, pages, page - 1, page, page + 1} & set(range(1, pages + 1))
        )
        last = 0
        for n in shown:
            if n - last > 1:
                parts.append('<span class="page-numbers dots">&hellip;</span>')
            if n == page:
                parts.append(f'<span aria-current="page" class="page-numbers current">{n}</span>')
            else:
                parts.append(f'<a class="page-numbers" href="{href(n)}">{n}</a>')
            last = n
        if page < pages:
            parts.append(f'<a class="next page-numbers" href="{href(page + 1)}">Next</a>')
        return (
            '<nav class="navigation pagination" aria-label="Posts">\n'
            '<h2 class="screen-reader-text">Posts navigation</h2>\n'
            f'<div class="nav-links">{"".join(parts)}</div>\n</nav>'
        )

    def not_found(self) -> str:
        title = f"Page not found - {SITE_NAME}"
        head = self.head(title, self.url("/"), meta=[("property", "og:title", title)])
        return "".join(
            [
                head,
                "\n",
                self.body_open("error404"),
                '<div id="primary" class="cs-content-area"><div class="cs-page__header">'
                '<h1 class="cs-page__title">404</h1></div><div class="cs-page__content">'
                "<p>Looks like the page you were looking for is no longer here. Maybe try a "
                "search?</p></div></div>\n</div></div></div></main>\n",
                self.footer(),
            ]
        )

    # --- feeds, sitemaps, robots -----------------------------------------------------------------
    def feed(self, posts: Sequence[Post], self_path: str, title: str = SITE_NAME) -> str:
        items = []
        for post in posts:
            url = self.url(post.path)
            cats = "".join(
                f"\t\t<category><![CDATA[{name}]]></category>\n"
                for name in [c.name for c in post.categories] + [t.name for t in post.tags]
            )
            items.append(
                "\t<item>\n"
                f"\t\t<title>{tx(post.title)}</title>\n"
                f"\t\t<link>{esc(url)}</link>\n"
                f"\t\t<comments>{esc(url)}#respond</comments>\n"
                f"\t\t<dc:creator><![CDATA[{post.author.name}]]></dc:creator>\n"
                f"\t\t<pubDate>{format_datetime(post.published.astimezone(UTC))}</pubDate>\n"
                f"{cats}"
                f'\t\t<guid isPermaLink="false">{esc(self.url(f"/?p={post.post_id}"))}</guid>\n'
                f"\t\t<description><![CDATA[{tx(self.excerpt(post, 55))} [&#8230;]]]></description>\n"
                f"\t\t<content:encoded><![CDATA[{self.body_html(post)}]]></content:encoded>\n"
                f"\t\t<slash:comments>{len(post.comments)}</slash:comments>\n"
                "\t</item>"
            )
        build = max((p.modified for p in posts), default=datetime(2024, 2, 13, tzinfo=UTC))
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
            '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
            '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
            '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n\t>\n\n<channel>\n'
            f"\t<title>{esc(title)}</title>\n"
            f'\t<atom:link href="{esc(self.url(self_path))}" rel="self" '
            'type="application/rss+xml" />\n'
            f"\t<link>{esc(self.url('/').rstrip('/'))}</link>\n"
            f"\t<description>{esc(TAGLINE)}</description>\n"
            f"\t<lastBuildDate>{format_datetime(build.astimezone(UTC))}</lastBuildDate>\n"
            "\t<language>en-US</language>\n"
            "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
            "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
            "\t<generator>https://wordpress.org/?v=6.4.3</generator>\n"
            + "\n".join(items)
            + "\n\t</channel>\n</rss>\n"
        )

    def _sitemap_head(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet type="text/xsl" '
            f'href="{esc(self.url("/main-sitemap.xsl"))}"?>\n'
        )

    def sitemap_index(self, post_sitemaps: int) -> str:
        newest = max((p.modified for p in self.content.posts), default=None)
        entries = []
        names = [
            "post-sitemap.xml" if i == 1 else f"post-sitemap{i}.xml"
            for i in range(1, post_sitemaps + 1)
        ]
        names += ["page-sitemap.xml", "category-sitemap.xml"]
        for name in names:
            lastmod = (
                f"\t\t<lastmod>{newest.astimezone(UTC).isoformat()}</lastmod>\n" if newest else ""
            )
            entries.append(
                f"\t<sitemap>\n\t\t<loc>{esc(self.url('/' + name))}</loc>\n{lastmod}\t</sitemap>"
            )
        return (
            self._sitemap_head()
            + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(entries)
            + "\n</sitemapindex>\n<!-- XML Sitemap generated by Yoast SEO -->"
        )

    def urlset(self, entries: Iterable[tuple[str, datetime | None, str | None]]) -> str:
        rows = []
        for loc, lastmod, image in entries:
            row = f"\t<url>\n\t\t<loc>{esc(loc)}</loc>\n"
            if lastmod is not None:
                row += f"\t\t<lastmod>{lastmod.astimezone(UTC).isoformat()}</lastmod>\n"
            if image:
                row += f"\t\t<image:image>\n\t\t\t<image:loc>{esc(image)}</image:loc>\n\t\t</image:image>\n"
            rows.append(row + "\t</url>")
        return (
            self._sitemap_head() + '<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" '
            'xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 '
            "http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd "
            "http://www.google.com/schemas/sitemap-image/1.1 "
            'http://www.google.com/schemas/sitemap-image/1.1/sitemap-image.xsd" '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(rows)
            + "\n</urlset>\n<!-- XML Sitemap generated by Yoast SEO -->"
        )

    def robots(self) -> str:
        return (
            "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
            f"Sitemap: {self.url('/sitemap_index.xml')}\n"
        )
