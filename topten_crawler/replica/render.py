"""WordPress-like HTML, RSS, sitemaps and robots.txt for the replica site.

The markup follows what is known of foreigndesknews.com: Code Supply's Newsblock theme shell
(``cs-*`` classes), Powerkit share buttons, a Gravity Forms sign-up, Yoast SEO meta tags,
breadcrumbs, JSON-LD and sitemaps. :class:`Renderer` gathers the page kinds, each in its own
module:

- :mod:`~topten_crawler.replica.render_base`: escaping, dates, image sizes, the sign-up form;
- :mod:`~topten_crawler.replica.render_body`: post bodies and excerpts;
- :mod:`~topten_crawler.replica.render_chrome`: the head, header, menus and footer of every page;
- :mod:`~topten_crawler.replica.render_post`: post pages and embed cards;
- :mod:`~topten_crawler.replica.render_pages`: listings, static pages, the 404 page;
- :mod:`~topten_crawler.replica.render_feeds`: feeds, sitemaps, robots.txt.
"""

from __future__ import annotations

from topten_crawler.replica.render_feeds import FeedsAndSitemaps
from topten_crawler.replica.render_pages import SitePages
from topten_crawler.replica.render_post import PostPages


class Renderer(PostPages, SitePages, FeedsAndSitemaps):
    """Renders every page of one replica site for one set of server addresses.

    The page kinds share one state (:class:`~topten_crawler.replica.render_base.RendererBase`) and
    each other's parts (the chrome, post bodies), so they are combined here rather than composed:
    the router holds a single object.
    """
