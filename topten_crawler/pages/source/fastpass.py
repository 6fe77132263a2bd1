"""trafilatura's fast pass over a source page, without the work whose output it never reads.

``trafilatura.bare_extraction`` with the fast, precise, comment-free options of ``html`` runs
``trafilatura_sequence``, which copies the tree three times: the caller's tree (kept whole), the
pruned tree before cleaning (kept for the comparison with readability and justext, for the
baseline and for the recall retry), and the cleaned tree before its tags are converted (kept
for the comparison and for forum threads). In fast mode with ``precision`` none of those stages
runs, so ``fast_body`` takes the same steps in the same order on one copy of the tree: the
article tree ``bare_extraction`` gives, in nine tenths of the time.

It is written for one version of trafilatura's sequence (``SEQUENCE_VERSION``); with any other
version ``fast_body`` is ``bare_extraction`` itself, and the tests say so.
"""

from __future__ import annotations

import copy

import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor
from trafilatura.xpaths import (
    RAW_TREE_PRUNE_XPATH,
    REMOVE_COMMENTS_AND_LISTS_XPATH,
    REMOVE_COMMENTS_XPATH,
)

# The trafilatura whose ``bare_extraction`` and ``trafilatura_sequence`` the steps below follow.
SEQUENCE_VERSION = "2.3.1"


def fast_body(tree: HtmlElement, options: Extractor) -> _Element | None:
    """trafilatura's article tree of ``tree`` for fast ``options`` (``precision``, no comments,
    no metadata, no URL, no language, no size limit): ``bare_extraction(tree, options=options)
    .body``. ``tree`` is left as it was.

    ``tree`` must hold no <script>: trafilatura then never takes the page for a forum thread
    (its test reads the JSON-LD), which would change two steps.
    """
    if trafilatura.__version__ != SEQUENCE_VERSION or not _follows_sequence(options):
        document = trafilatura.bare_extraction(tree, options=options)
        body = getattr(document, "body", None)
        return body if isinstance(body, _Element) else None
    try:
        # The only copy: trafilatura's pruning and cleaning change the tree they are given.
        raw = prune_unwanted_nodes(copy.copy(tree), RAW_TREE_PRUNE_XPATH)
        raw = prune_unwanted_nodes(raw, REMOVE_COMMENTS_AND_LISTS_XPATH)
        cleaned = convert_tags(tree_cleaning(raw, options), options, None)
        cleaned = prune_unwanted_nodes(cleaned, REMOVE_COMMENTS_XPATH)
        body, text = extract_content(cleaned, options)
    except (TypeError, ValueError):
        return None  # as bare_extraction: an extraction that failed gives nothing
    # bare_extraction's size check (no comments: their length is 0).
    if len(text) < options.min_output_size and options.min_output_comm_size > 0:
        return None
    return body


def _follows_sequence(options: Extractor) -> bool:
    """Whether ``options`` are ones for which the steps of ``fast_body`` are trafilatura's."""
    return (
        options.fast
        and options.focus == "precision"
        and not options.comments
        and not options.with_metadata
        and not options.dedup
        and not options.lang
        and not options.max_tree_size
        and not options.url
    )
