"""Nothing fetched behind the archivist's back: Scrapy's cookie handling without downloads.

Scrapy's ``CookiesMiddleware`` asks ``tldextract`` whether a cookie's domain is a public suffix.
``tldextract``'s default extractor downloads the public-suffix list on first use (and writes a
cache under the home folder), which on a closed network means a stalled request at run time.
The extractor used here reads only the snapshot that ships inside the ``tldextract`` package.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares import cookies as scrapy_cookies
from tldextract import TLDExtract

# suffix_list_urls=() and cache_dir=None: no download, no cache file; the bundled snapshot only.
OFFLINE_SUFFIX_EXTRACTOR = TLDExtract(
    cache_dir=None,
    suffix_list_urls=(),
    fallback_to_snapshot=True,
    include_psl_private_domains=True,
)


class OfflineCookiesMiddleware(scrapy_cookies.CookiesMiddleware):
    """Scrapy's cookie middleware, its public-suffix look-ups answered from the bundled list.

    Replaces ``scrapy.downloadermiddlewares.cookies.CookiesMiddleware`` at the same place
    (``DOWNLOADER_MIDDLEWARES``); reads ``COOKIES_ENABLED`` and ``COOKIES_DEBUG`` as it does.
    """


# Scrapy looks the extractor up as a module global at call time, so replacing that global
# is the one place where its choice of suffix list can be changed.
scrapy_cookies._split_domain = OFFLINE_SUFFIX_EXTRACTOR
