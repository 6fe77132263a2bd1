"""What the crawl makes of the links it reads, as data: tracking parameters and list sizes.

``topten_crawler.urls`` drops the tracking parameters from every URL before it is fetched or
recorded (one fetch and one record per normal form); ``pages/feeds.py`` and the robots.txt
parser stop reading at the sizes below, counted decompressed, so that a gzip bomb or a
runaway file costs a bounded amount of memory.
"""

from __future__ import annotations

# Query parameters that say who sent the reader, never what the page is: campaign tags and
# click identifiers of ad and mail platforms. Compared lower-cased.
TRACKING_PARAMETER_PREFIXES: tuple[str, ...] = ("utm_", "_hs", "oly_", "pk_", "mtm_")
TRACKING_PARAMETERS: frozenset[str] = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
        "twclid", "ttclid", "li_fat_id", "igshid", "mc_cid", "mc_eid", "mkt_tok", "_ga",
        "_gl", "vero_id", "vero_conv", "rb_clickid", "s_cid", "wickedid", "ncid",
    }
)  # fmt: skip

# The sitemaps protocol's own limits (sitemaps.org): 50,000 URLs and 50 MB uncompressed per
# file. A sitemap over them is read up to them and the rest counted as cut.
SITEMAP_MAX_BYTES = 50 * 1024 * 1024
SITEMAP_MAX_URLS = 50_000
# A feed lists the latest posts: a few hundred kilobytes at most on a real site.
FEED_MAX_BYTES = 5 * 1024 * 1024
FEED_MAX_URLS = 10_000
# RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt; Google stops there too.
# The rest of a longer file is ignored, as theirs is.
ROBOTSTXT_MAX_BYTES = 500 * 1024
