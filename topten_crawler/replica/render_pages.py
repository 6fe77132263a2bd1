# ruff: noqa: E501
# (The page templates keep one HTML element per source line, however long, to stay readable.)
"""The digest site's pages other than posts: home and archive listings (post cards and
pagination), static pages and the 404 page.
"""

from __future__ import annotations

from collections.abc import Sequence

from topten_crawler.replica.content import SITE_NAME, Post, StaticPage
from topten_crawler.replica.render_base import esc, gravity_form, sized, tx
from topten_crawler.replica.render_body import PostBodyRenderer
from topten_crawler.replica.render_chrome import PageChrome


class SitePages(PageChrome, PostBodyRenderer):
    """Listings, static pages and the 404 page."""

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
