# ruff: noqa: E501
# (The page templates keep one HTML element per source line, however long, to stay readable.)
"""Post pages of the digest site, and the embed card WordPress serves at ``<permalink>embed/``.

A post page carries Powerkit share buttons, post navigation, comments with their form, the
"Related Posts" cards and the Yoast JSON-LD graph of the article.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from topten_crawler.replica import theme
from topten_crawler.replica.content import SITE_NAME, Post
from topten_crawler.replica.render_base import SITE_LOGO, display_date, esc, sized, tx
from topten_crawler.replica.render_body import PostBodyRenderer
from topten_crawler.replica.render_chrome import SOCIAL, PageChrome
from topten_crawler.replica.textutil import collapse

SHARE_NETWORKS = ("facebook", "twitter", "pinterest")


class PostPages(PageChrome, PostBodyRenderer):
    """One post's page and its embed card."""

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

    def share_buttons(self, post: Post, location: str) -> str:
        url = self.url(post.path)
        enc = quote(url, safe="")
        image = quote(self.url(post.image.path), safe="") if post.image else ""
        links = (
            ("facebook", f"https://www.facebook.invalid/sharer.php?u={enc}"),
            (
                "twitter",
                f"https://twitter.invalid/share?&text={quote(post.title, safe='')}"
                f"&via=foreigndesk&url={enc}",
            ),
            (
                "pinterest",
                f"https://pinterest.invalid/pin/create/bookmarklet/?url={enc}&media={image}",
            ),
        )
        counts = self.share_counts(post)
        # Powerkit marks a button (and the total) "no-count" while its count is zero.
        items = "".join(
            f'<div class="pk-share-buttons-item pk-share-buttons-{name}'
            f'{"" if counts[name] else " pk-share-buttons-no-count"}" '
            f'data-id="{name}">\n<a href="{esc(href)}" class="pk-share-buttons-link" '
            f'target="_blank">\n<i class="pk-share-buttons-icon pk-icon pk-icon-{name}"></i>\n'
            f'<span class="pk-share-buttons-count pk-font-secondary">{counts[name]}</span></a>'
            "</div>\n"
            for name, href in links
        )
        if location == "after-post":
            total_count = sum(counts.values())
            total = (
                '<div class="pk-share-buttons-total'
                f'{"" if total_count else " pk-share-buttons-total-no-count"}">\n'
                '<div class="pk-share-buttons-title pk-font-primary">Total</div>\n'
                f'<div class="pk-share-buttons-count pk-font-heading">{total_count}</div>\n'
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

    def share_counts(self, post: Post) -> dict[str, int]:
        """Shares per network: none on day 0, then more every day (a deterministic walk per
        post), so the share bar of every post page changes daily. The crawler drops the bar."""
        day = self.content.day
        counts = {}
        for name in SHARE_NETWORKS:
            digest = hashlib.md5(f"{post.post_id}:{name}".encode()).digest()
            start, step = digest[0] % 37, 1 + digest[1] % 11
            counts[name] = start + day * step if day else 0
        return counts

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
