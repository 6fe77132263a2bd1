"""Arguments checked before any request: a bad one is one clear line and exit status 2.

A mistake found after the crawl has started costs a fetch of the whole site (``--max-posts -1``
used to mean "no limit" by accident) or ends in a traceback from deep inside Scrapy (``--out``
naming a file). Everything the command line can get wrong is checked here first.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

from topten_crawler import settings as project_settings
from topten_crawler.addresses import parse_networks
from topten_crawler.crawlfolder.folder import CrawlFolder
from topten_crawler.crawlfolder.resume import was_stopped

PROGRESS_MODES = ("log", "live", "off")


class UsageError(ValueError):
    """A command-line argument that cannot work; the message says which and why."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (``prog: error: ... (see --help)``), exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def non_negative_int(text: str) -> int:
    value = _int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def positive_int(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def port_number(text: str) -> int:
    value = _int(text)
    if not 0 < value < 65536:
        raise argparse.ArgumentTypeError(f"must be a port from 1 to 65535, not {value}")
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def check_output_dir(path: Path, option: str = "--out") -> None:
    """The archive folder (or the folder ``option`` names) must be a folder we can write in,
    or creatable as one."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"{option} {path}: exists and is not a folder")
    existing = path
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise UsageError(f"{option} {path}: {existing} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {path}: {existing} is not writable")


def check_crawl_id(output_dir: Path, crawl_id: str) -> None:
    if not crawl_id:
        return
    if "/" in crawl_id or crawl_id in (".", ".."):
        raise UsageError(f"TOPTEN_CRAWL_ID {crawl_id!r} is not a folder name")
    folder = CrawlFolder(output_dir / crawl_id)
    # An unfinished crawl (killed, or stopped) is continued; a finished one is never written
    # into.
    if folder.manifest_file.exists() and not was_stopped(folder):
        raise UsageError(
            f"crawl folder {folder.path} holds a finished crawl: "
            "an earlier crawl's archive is never written into"
        )


def check_overrides(overrides: Mapping[str, Any]) -> None:
    """Names and values of ``-s NAME=VALUE`` settings, against the defaults they replace.

    A ``TOPTEN_*`` name that the project does not define is a typo (it would be silently
    ignored); a value that cannot be read as its setting's type would fail mid-crawl.
    """
    from scrapy.settings import default_settings

    for name, value in overrides.items():
        if hasattr(project_settings, name):
            default = getattr(project_settings, name)
        elif name.startswith("TOPTEN_"):
            raise UsageError(f"-s {name}: no such setting (see topten_crawler/settings.py)")
        else:
            default = getattr(default_settings, name, None)
        if isinstance(value, str):
            _check_type(name, value, default)
    _check_known_values(overrides)


def _check_type(name: str, value: str, default: Any) -> None:
    if isinstance(default, bool):
        if value.strip().lower() not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
            raise UsageError(f"-s {name}={value}: not a yes/no value (True or False)")
    elif isinstance(default, int):
        try:
            int(value)
        except ValueError:
            # Scrapy reads some settings with whole-number defaults as numbers
            # (DOWNLOAD_TIMEOUT = 180); the project's own say float where they mean it.
            if name.startswith("TOPTEN_") or not _is_number(value):
                raise UsageError(f"-s {name}={value}: not a whole number") from None
    elif isinstance(default, float):
        try:
            float(value)
        except ValueError:
            raise UsageError(f"-s {name}={value}: not a number") from None


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _check_known_values(overrides: Mapping[str, Any]) -> None:
    for name in ("TOPTEN_MAX_POSTS", "TOPTEN_REQUISITES_MAX_PER_PAGE", "TOPTEN_WARC_MAX_SIZE"):
        if name in overrides and int(overrides[name]) < 0:
            raise UsageError(f"-s {name}={overrides[name]}: must be 0 or more")
    if "TOPTEN_ALLOWED_ADDRESSES" in overrides:
        try:
            parse_networks(overrides["TOPTEN_ALLOWED_ADDRESSES"])
        except ValueError as error:
            raise UsageError(f"-s TOPTEN_ALLOWED_ADDRESSES: {error}") from None
    progress = str(overrides.get("TOPTEN_PROGRESS", "log")).lower()
    if progress not in PROGRESS_MODES:
        raise UsageError(f"-s TOPTEN_PROGRESS={progress}: one of {', '.join(PROGRESS_MODES)}")
    for name in ("LOG_LEVEL", "TOPTEN_LOG_FILE_LEVEL"):
        level = str(overrides.get(name, "INFO")).upper()
        if level and not isinstance(logging.getLevelName(level), int):
            raise UsageError(f"-s {name}={level}: not a log level (DEBUG, INFO, WARNING, ...)")
