"""What the tests share but pytest does not collect: servers, crawls, pywb, Chromium.

- ``archive_server``: a loopback server that frames each response byte by byte, and a Scrapy
  crawl of it with only the WARC extension.
- ``replay_env``: the crawl of the replica the archive tests read, and pywb's own venv.
- ``browser``: headless Chromium through Playwright, and pixel comparison.
- ``replaywebpage``: ReplayWeb.page served on loopback.
"""
