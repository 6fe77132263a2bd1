"""Seed lists: plain text files, one URL per line, ``#`` comments and blank lines ignored."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

# The repository's folder when the package runs from a checkout (an editable install).
_CHECKOUT = Path(__file__).resolve().parent.parent


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


def resolve_seeds_file(path: str | Path) -> Path:
    """The seeds file as given, or, for a relative path missing here, the checkout's copy."""
    candidate = Path(path)
    if candidate.is_file() or candidate.is_absolute():
        return candidate
    in_checkout = _CHECKOUT / candidate
    return in_checkout if in_checkout.is_file() else candidate


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
