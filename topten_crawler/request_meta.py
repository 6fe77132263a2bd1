"""The ``request.meta`` keys that the spider and the crawl's components pass each other.

One module names them all, so that a key written by one component and read by another cannot
drift apart, and a reader of the code sees every piece of state that travels with a request.
"""

from __future__ import annotations

# Set by the WARC extension on every archived request: ``{"file", "offset", "record_id"}`` of
# its response record, ``file`` relative to the crawl folder.
WARC_POINTER = "topten_warc"
# Set beside it: the record's ``WARC-Date``, which the records give as their ``fetched_at`` (so
# that records re-extracted from the WARC alone say the same).
WARC_DATE = "topten_warc_date"
# On every request of the spider: the name of its ``RequestKind``, read back by its errback.
REQUEST_KIND = "topten_kind"
# On every page of the digest site (its value is the seed): the post limit drops such pages.
SITE_PAGE = "topten_site"
# On a page of the digest site that a listing page links to: that listing's URL, so that a
# listing is judged against the listings before it in its own chain (page 1, 2 ... of its walk),
# whatever order their extractions complete in.
LISTED_BY = "topten_listed_by"
# On a cited source's request: the URL as the post cited it (redirects change response.url).
CITED_URL = "topten_source"
# On a requisite's request: its kind (style, script, image, font, frame, icon), and how deep
# in stylesheet imports or frames it was found (a frame's own frames are not followed).
REQUISITE_KIND = "topten_requisite"
REQUISITE_DEPTH = "topten_requisite_depth"
# Set by the conditional-request middleware on a request it added ``If-None-Match`` or
# ``If-Modified-Since`` to, from the archive's last capture: the URL they belong to (a redirect
# copies headers and meta to another URL, which must not keep them).
CONDITIONAL = "topten_conditional"
