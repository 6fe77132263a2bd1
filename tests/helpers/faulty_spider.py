"""The ``topten`` spider with a page extraction that hangs or kills its worker on the pages
that ``tests/helpers/extraction_jobs.faulty_extract_page`` names: run with ``scrapy runspider``
from the repository root, so that the project's settings apply."""

from __future__ import annotations

from tests.helpers.extraction_jobs import faulty_extract_page
from topten_crawler.spiders.topten import ToptenSpider


class FaultyExtractionSpider(ToptenSpider):
    name = "topten-faulty-extraction"
    page_job = staticmethod(faulty_extract_page)
