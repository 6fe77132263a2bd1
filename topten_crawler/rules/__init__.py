"""Rules as data: what the crawler knows about the digest site and the outlets it cites.

No logic and no Scrapy here: ``digest`` (selectors and boilerplate of the digest's theme),
``site_urls`` (which URLs of the site are listings, posts or neither), ``outlets`` (per-outlet
extraction rules, boilerplate patterns and thresholds of source extraction).
"""
