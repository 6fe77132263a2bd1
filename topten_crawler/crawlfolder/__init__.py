"""The crawl folder and the crawl that writes it: pure modules, no Scrapy at run time.

``folder`` names every path of a crawl folder; ``run`` is the one object a crawl's components
share (id, folder, seeds, failures, recorded settings); ``jsonlines`` validates and writes the
records; ``citations`` holds source records until every citing post is known; ``manifest``
judges the crawl and writes its manifest.
"""
