"""Seed lists: plain text files, one URL per line, ``#`` comments and blank lines ignored.

The default list ships inside the package, beside this module (``seeds/foreigndesknews.txt``,
package data), so that it is found wherever the package runs: a checkout, an installed wheel,
or the zipped egg that ``scrapyd-deploy`` uploads to scrapyd. It is read through
:mod:`importlib.resources`, never through a path on disk, which a zipped egg does not have.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

# The package whose files a relative seeds path falls back to (``seeds/foreigndesknews.txt``).
_PACKAGE = "topten_crawler"


class SeedError(ValueError):
    """A seed list or seed URL that cannot start a crawl."""


def parse_seed_lines(text: str, origin: str = "<seeds>") -> list[str]:
    seeds: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        seeds.append(validate_seed(line, f"{origin}:{number}"))
    return seeds


def validate_seed(url: str, origin: str = "seed") -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SeedError(f"{origin}: not an http(s) URL: {url!r}")
    return url.strip()


def resolve_seeds_file(path: str | Path) -> Path | Traversable:
    """The seeds file as given, or, for a relative path missing here, the package's copy.

    ``seeds/foreigndesknews.txt`` (``TOPTEN_SEEDS_FILE``) is a file of the package: unless
    the working folder has a file of that name, it is read from the package, whether that is
    a folder or a zipped egg.
    """
    candidate = Path(path)
    if candidate.is_file() or candidate.is_absolute():
        return candidate
    shipped = resources.files(_PACKAGE).joinpath(*candidate.parts)
    return shipped if shipped.is_file() else candidate


def read_seeds_file(path: str | Path) -> list[str]:
    seeds_file = resolve_seeds_file(path)
    try:
        text = seeds_file.read_text(encoding="utf-8")
    except OSError as error:
        raise SeedError(f"cannot read seeds file {seeds_file}: {error.strerror}") from error
    seeds = parse_seed_lines(text, str(seeds_file))
    if not seeds:
        raise SeedError(f"seeds file {seeds_file} lists no URL")
    return seeds
