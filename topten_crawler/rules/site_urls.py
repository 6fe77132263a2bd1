"""URL rules of the digest site, as data: where its lists of posts are, which URLs are no posts.

``topten_crawler.urls`` applies them; a WordPress site that moves its sitemaps or adds a path
that never holds a post is an edit of this module.
"""

from __future__ import annotations

# Where WordPress (with or without Yoast) publishes its machine-readable lists of posts.
SITEMAP_PATHS: tuple[str, ...] = ("/sitemap_index.xml", "/wp-sitemap.xml")
FEED_PATHS: tuple[str, ...] = ("/feed/",)

# First path segments of WordPress URLs that are never posts.
NON_POST_PATH_PREFIXES: frozenset[str] = frozenset(
    {
        "wp-admin",
        "wp-content",
        "wp-includes",
        "wp-json",
        "wp-login.php",
        "xmlrpc.php",
        "feed",
        "comments",
        "tag",
        "author",
        "search",
        "cdn-cgi",
    }
)
# File extensions that are not pages.
NON_PAGE_EXTENSIONS: frozenset[str] = frozenset(
    {
        ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".css", ".js", ".pdf",
        ".mp3", ".mp4", ".zip", ".woff", ".woff2", ".ttf", ".xml",
    }
)  # fmt: skip
