# ruff: noqa: E501
# (The page templates keep one HTML element per source line, however long, to stay readable.)
"""The shell every HTML page of the digest site shares: Code Supply's Newsblock theme (``cs-*``
classes) with its head (Yoast SEO meta tags and JSON-LD, stylesheets, scripts, icons), off-canvas
menu, header, footer and breadcrumbs, and the category and byline snippets of posts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from topten_crawler.replica import padding, theme
from topten_crawler.replica.content import SITE_NAME, TAGLINE, Post
from topten_crawler.replica.render_base import (
    SITE_LOGO,
    RendererBase,
    display_date,
    esc,
    gravity_form,
    sized,
    tx,
)

# Every off-site URL a page links to or loads is on a host under the reserved ``.invalid`` TLD
# (RFC 2606), which never resolves: a crawler or browser that follows one fails at once, never
# reaches the internet. The real site's host is kept as the name's first label
# ("www.facebook.com" -> "www.facebook.invalid"), so the markup keeps its shape. Namespace and
# vocabulary identifiers (schema.org's @context, XML namespaces, rel="https://api.w.org/") are
# names nobody fetches, and stay as WordPress prints them.
GTM_ORIGIN = "https://www.googletagmanager.invalid"
GTM_ID = "GTM-K7F3Q2X"

# How many posts the "Recent Posts" widget lists (from day 1 on).
RECENT_POSTS = 5

# The site's social profiles: footer links, the Organization's sameAs, article:publisher.
SOCIAL = (
    ("facebook", "https://www.facebook.invalid/TheForeignDesk"),
    ("twitter", "https://twitter.invalid/foreigndesk"),
    ("instagram", "https://www.instagram.invalid/theforeigndesk/"),
    ("youtube", "https://www.youtube.invalid/@TheForeignDesk"),
)


class PageChrome(RendererBase):
    """The parts around a page's own content."""

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
            '<link rel="profile" href="https://gmpg.invalid/xfn/11">',
            "<!-- Google Tag Manager -->",
            "<script>/** Google Tag Manager */",
            "(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':",
            "new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],",
            "j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=",
            f"'{GTM_ORIGIN}/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);",
            f"}})(window,document,'script','dataLayer','{GTM_ID}');",
            "/** Retention Collection Script*/",
            "</script>",
            "<!-- End Google Tag Manager -->",
            "",
            "<!-- This site is optimized with the Yoast SEO plugin v21.9.1 - "
            "https://yoast.invalid/wordpress/plugins/seo/ -->",
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
        lines.append(f"<link rel='dns-prefetch' href='{GTM_ORIGIN.removeprefix('https:')}' />")
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
  <div class="widget nav_menu-2 widget_nav_menu"><div class="menu-primary-container"><ul id="menu-primary" class="menu">{menu}</ul></div></div>{self.recent_posts()}
  <div class="widget gform_widget-2 gform_widget"><div class="cs-section-heading cs-section-heading-common"><h5 class="cs-section-title">The first task of the day</h5></div>
{gravity_form(1)}
  </div>
 </div></aside>
</div>"""

    def recent_posts(self) -> str:
        """The "Recent Posts" widget of the off-canvas sidebar, switched on after day 0: the
        newest listed posts, so every page changes when a post is published. It is theme
        boilerplate, outside the article and its related cards, and no record reads it."""
        if self.content.day == 0:
            return ""
        items = "".join(
            f'<li><a href="{esc(self.url(p.path))}">{tx(p.title)}</a>'
            f'<span class="post-date">{display_date(p.published)}</span></li>'
            for p in self.content.listed[:RECENT_POSTS]
        )
        return (
            '\n  <div class="widget recent-posts-2 widget_recent_entries"><div '
            'class="cs-section-heading cs-section-heading-common"><h5 class="cs-section-title">'
            f"Recent Posts</h5></div><ul>{items}</ul></div>"
        )

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
            f'<noscript><iframe src="{GTM_ORIGIN}/ns.html?id={GTM_ID}" '
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
