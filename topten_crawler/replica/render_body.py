"""The HTML of a post's body (``div.entry-content``, also the feed's ``content:encoded``):
inline runs and blocks, the embed card of another post, and the automatic excerpt.
"""

from __future__ import annotations

from collections.abc import Iterable

from topten_crawler.replica.content import SITE_NAME, Post
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
from topten_crawler.replica.render_base import RendererBase, esc, gravity_form, sized, tx
from topten_crawler.replica.textutil import collapse

# Body image sizes (srcset candidates) after the thumbnail: WordPress's medium_large and large.
BODY_SIZES = ((300, 169), (768, 432), (1024, 576))
# Posts that embed another post's card (see PostBodyRenderer.embedded_post) carry it after this
# many body blocks.
EMBED_AFTER = 3


class PostBodyRenderer(RendererBase):
    """Post bodies and excerpts."""

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
