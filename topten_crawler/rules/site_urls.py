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

# Date archives (``/2024/``, ``/2024/02/``, ``/2024/02/13/``) are listings: a calendar widget
# links them month after month, so the listing rules (stop when no new post is found) apply.
DATE_ARCHIVE_PATH = r"\d{4}(/\d{1,2}){0,2}"
# Crawler traps: a URL longer than this (the sitemaps protocol's limit) or whose path repeats
# one segment more often than this (``/page/2/page/3/page/4/``, relative links that grow the
# path) or has more segments than this is not followed.
MAX_URL_LENGTH = 2048
MAX_SEGMENT_REPEATS = 2
MAX_PATH_SEGMENTS = 16
# WordPress permalinks are lower-case and answer with and without their final slash: both
# spellings of one post are one page.
PATHS_IGNORE_CASE = True
TRAILING_SLASH_OPTIONAL = True
