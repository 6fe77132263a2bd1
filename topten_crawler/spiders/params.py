"""The ``topten`` spider's parameters: its arguments and settings, read and checked once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from topten_crawler.seeds import read_seeds_file, validate_seed


@dataclass(frozen=True)
class ToptenParams:
    """What one crawl of the ``topten`` spider is asked to do.

    From the spider's arguments (``-a seed=URL [URL ...]``, ``-a seeds_file=PATH``,
    ``-a max_posts=N``) and the settings ``TOPTEN_SEEDS_FILE``, ``TOPTEN_MAX_POSTS``,
    ``TOPTEN_FOLLOW_SOURCES``, ``TOPTEN_SOURCE_MAX_SIZE``, ``TOPTEN_SOURCE_TIMEOUT``,
    ``TOPTEN_REQUISITES_ENABLED``, ``TOPTEN_REQUISITES_MAX_PER_PAGE``,
    ``TOPTEN_REQUISITES_MAX_DEPTH``, ``TOPTEN_MAX_LINKS_PER_PAGE`` and
    ``TOPTEN_MAX_LISTING_PAGES``; an argument wins over its setting.
    """

    seeds: list[str]
    # Stop recording posts after this many (0: no limit); their cited sources still finish.
    max_posts: int
    follow_sources: bool
    # Request meta that Scrapy's downloader reads: a source's own size and time limits.
    source_limits: dict[str, float]
    fetch_requisites: bool
    # At most this many requisites from one page (0: no limit).
    max_requisites_per_page: int
    # Stylesheet imports and frames are followed this deep at most.
    max_requisite_depth: int
    # At most this many links read from one page (0: no limit).
    max_links_per_page: int = 0
    # At most this many pages of a site that are no posts have their links followed (0: no
    # limit): the last guard against a trap that keeps showing new URLs.
    max_listing_pages: int = 0

    # The spider's arguments, by name (``scrapy crawl topten -a NAME=VALUE``).
    ARGUMENTS: ClassVar[tuple[str, ...]] = ("seed", "seeds_file", "max_posts")

    @classmethod
    def from_arguments(
        cls,
        settings: Any,
        *,
        seed: str | None = None,
        seeds_file: str | None = None,
        max_posts: str | int | None = None,
    ) -> ToptenParams:
        """Raises :class:`~topten_crawler.seeds.SeedError` for a seed that cannot start."""
        if seed:
            seeds = [validate_seed(url) for url in seed.replace(",", " ").split()]
        else:
            seeds = read_seeds_file(seeds_file or settings.get("TOPTEN_SEEDS_FILE"))
        return cls(
            seeds=seeds,
            max_posts=int(max_posts or settings.getint("TOPTEN_MAX_POSTS")),
            follow_sources=settings.getbool("TOPTEN_FOLLOW_SOURCES"),
            source_limits={
                "download_maxsize": settings.getint("TOPTEN_SOURCE_MAX_SIZE"),
                "download_timeout": settings.getfloat("TOPTEN_SOURCE_TIMEOUT"),
            },
            fetch_requisites=settings.getbool("TOPTEN_REQUISITES_ENABLED"),
            max_requisites_per_page=settings.getint("TOPTEN_REQUISITES_MAX_PER_PAGE"),
            max_requisite_depth=settings.getint("TOPTEN_REQUISITES_MAX_DEPTH"),
            max_links_per_page=settings.getint("TOPTEN_MAX_LINKS_PER_PAGE"),
            max_listing_pages=settings.getint("TOPTEN_MAX_LISTING_PAGES"),
        )
