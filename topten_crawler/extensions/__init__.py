"""Scrapy extensions: thin hooks on the crawl's signals (WARC writing, the crawl report)."""
