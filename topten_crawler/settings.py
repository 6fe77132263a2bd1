"""Every setting of the crawler in one place.

Scrapy's own settings come first; the project's settings carry the ``TOPTEN_`` prefix.
Anything here can be overridden per run with ``topten-crawler crawl -s NAME=VALUE`` or
``scrapy crawl topten -s NAME=VALUE``.
"""

from __future__ import annotations

from topten_crawler import __version__

BOT_NAME = "topten_crawler"
SPIDER_MODULES = ["topten_crawler.spiders"]
NEWSPIDER_MODULE = "topten_crawler.spiders"
# ``scrapy crawl`` prints the crawl's summary and exits 1 when the crawl failed.
COMMANDS_MODULE = "topten_crawler.commands"

# --- Politeness -------------------------------------------------------------------------------
# An honest User-Agent with a contact URL, robots.txt obeyed, and AutoThrottle so that the real
# site is never hammered. The replica tests lift the throttle with -s overrides.
USER_AGENT = (
    f"topten-crawler/{__version__} (archival crawler; "
    "+https://github.com/topten-crawler/topten-crawler)"
)
ROBOTSTXT_OBEY = True
# Reads a robots.txt up to 500 KiB, as the major search engines do (the rest is ignored).
ROBOTSTXT_PARSER = "topten_crawler.downloadermiddlewares.robotstxt.BoundedRobotParser"
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 10

# An archive keeps what the server sent, so nothing may be served from a local cache as a
# new capture. The HTTP cache stays off; the WARC extension refuses cached responses anyway.
HTTPCACHE_ENABLED = False
# No control endpoints on an unattended archival crawl: the telnet console and Scrapy's remote
# control extension would both listen on the machine and write job files under the home folder.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Breadth-first: listing pages before deep pagination keeps memory flat on large sites.
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# The address guard works where connections are made (downloadhandlers/address_guard.py): no
# connection to a private, loopback, link-local or reserved address is ever opened.
DOWNLOAD_HANDLERS = {
    "http": "topten_crawler.downloadhandlers.http.HTTPDownloadHandler",
    "https": "topten_crawler.downloadhandlers.http.HTTPDownloadHandler",
}

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's robots.txt middleware allows a whole host whose robots.txt fails to load; this
    # one reads failures as RFC 9309 does, with the archive's copy standing in (its module).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "topten_crawler.downloadermiddlewares.robotstxt.ArchivalRobotsTxtMiddleware": 100,
    "topten_crawler.downloadermiddlewares.post_limit.PostLimitMiddleware": 60,
    # A resumed crawl's requests for what its killed run archived are answered from the WARC,
    # before robots.txt is asked and anything is fetched (off unless TOPTEN_RESUME).
    "topten_crawler.downloadermiddlewares.resume.ArchivedResponsesMiddleware": 80,
    # Scrapy's cookie middleware asks tldextract for the public-suffix list, which downloads it
    # on first use; ours uses the snapshot bundled with tldextract so nothing leaves the machine.
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    # Between HttpCompressionMiddleware (590) and RedirectMiddleware (600): responses go up the
    # numbers, so a 304 is replaced by the archived 200 before the body is decompressed (it is
    # stored compressed) and before the spider sees it; its validators are added to requests
    # after the default headers and the User-Agent are set.
    "topten_crawler.downloadermiddlewares.conditional.ConditionalRequestMiddleware": 595,
    # Above RedirectMiddleware (600): each response reaches it first, so a redirect to
    # javascript:, a loop and a cut gzip body fail with their reason instead of passing on.
    "topten_crawler.downloadermiddlewares.response_faults.ResponseFaultsMiddleware": 610,
    "topten_crawler.downloadermiddlewares.offline_cookies.OfflineCookiesMiddleware": 700,
}

EXTENSIONS = {
    # First, so that the crawl's own log lines from here on reach the crawl folder's crawl.log.
    "topten_crawler.extensions.crawl_log.CrawlLogExtension": 0,
    "topten_crawler.extensions.warc.WarcArchiveExtension": 100,
    "topten_crawler.extensions.progress.ProgressExtension": 500,
    "topten_crawler.extensions.report.CrawlReportExtension": 900,
}
# The progress extension says what Scrapy's "Crawled N pages" line says, and more.
LOGSTATS_INTERVAL = 0

# What one callback yields (a record, the requests for its links) goes through the item
# pipelines and the scheduler one output at a time: they do not wait on anything, so running
# outputs side by side gains nothing, and Scrapy would start this many asyncio tasks for every
# response (the default, 100, took 7% of the crawl's own CPU).
CONCURRENT_ITEMS = 1
ITEM_PIPELINES = {
    # Before validation: a record is validated with its change, first_seen and version.
    "topten_crawler.pipelines.RecordChangePipeline": 200,
    "topten_crawler.pipelines.SchemaValidationPipeline": 300,
    "topten_crawler.pipelines.JsonLinesPipeline": 800,
    # After the record is written: the store holds exactly what records.jsonl holds.
    "topten_crawler.pipelines.CrawlStatePipeline": 900,
}

# --- The project's own settings ---------------------------------------------------------------
# Where each crawl writes its folder ``<TOPTEN_OUTPUT_DIR>/<crawl-id>/``.
TOPTEN_OUTPUT_DIR = "archives"
# Empty: a crawl id is made from the start time (``20261124T171104Z-3f9a``).
TOPTEN_CRAWL_ID = ""
# Continue the unfinished crawl TOPTEN_CRAWL_ID in its own folder (topten-crawler crawl sets
# it when the archive folder holds a crawl that a kill interrupted; --fresh starts anew).
TOPTEN_RESUME = False
# Seeds used when neither ``-a seed=`` nor ``-a seeds_file=`` is given. A relative path that is
# not a file from the working folder is read from the package: this list ships in it
# (topten_crawler/seeds/), so it is found from a checkout, an installed package or a scrapyd egg.
TOPTEN_SEEDS_FILE = "seeds/foreigndesknews.txt"
# Stop after this many post records (0: no limit).
TOPTEN_MAX_POSTS = 0
# Follow the sources that posts cite, one hop off the digest site (--no-sources turns it off).
TOPTEN_FOLLOW_SOURCES = True
# Limits for each cited source's response (the digest site uses DOWNLOAD_MAXSIZE and
# DOWNLOAD_TIMEOUT): an outlet's 2 GB video or a stalled server must not hold up the crawl.
TOPTEN_SOURCE_MAX_SIZE = 20 * 1024 * 1024
TOPTEN_SOURCE_TIMEOUT = 30.0
# At most this many links read from one page (0: no limit), far above any real page of the
# digest (under a hundred): a page of a hundred thousand links must not become as many requests.
# What is cut is counted (topten/cut/links_per_page) and listed in the manifest.
TOPTEN_MAX_LINKS_PER_PAGE = 1000
# Pages of a site that are no posts (home, pagination, category and date archives) have their
# links followed while each shows a post not listed before, and for at most this many pages
# (0: no limit): an endless pagination or calendar ends there (topten/cut/listing_pages).
TOPTEN_MAX_LISTING_PAGES = 5000
# Archive what each page needs to render (stylesheets, scripts, images with their srcset, fonts
# and images that stylesheets load, favicons, iframes one level deep), once per crawl each.
TOPTEN_REQUISITES_ENABLED = True
# At most this many requisites from one page (0: no limit): a guard against pathological pages.
TOPTEN_REQUISITES_MAX_PER_PAGE = 300
# Stylesheet imports (a stylesheet's @import, its fonts and images) and frames are followed
# this deep at most: a stylesheet that imports itself under ever new URLs cannot trap the crawl.
TOPTEN_REQUISITES_MAX_DEPTH = 3
# Page extraction (posts, sources, sitemaps and feeds, requisites) runs in this many worker
# processes beside the crawl (0: one per core; 1: no pool, extraction runs inline on the crawl's
# own thread, without a time budget).
TOPTEN_EXTRACT_WORKERS = 0
# A page whose extraction takes longer than this (seconds) is given up: its worker is killed
# and replaced, a source gets its record without text, a page of the site is listed as failed.
TOPTEN_EXTRACT_TIMEOUT = 30.0
# Fetch cited sources whose host resolves to a private, loopback, link-local or reserved
# address (the digest site itself is always fetched). Off by default; tests and intranets.
TOPTEN_ALLOW_PRIVATE_ADDRESSES = False
# Non-public addresses and networks that cited sources may still be fetched from (a list, or
# one string with commas between items: ``127.0.0.2,10.8.0.0/16``): narrower than the switch
# above. The demo lists exactly the replica's own outlet addresses here.
TOPTEN_ALLOWED_ADDRESSES: list[str] = []

# Progress: ``log`` writes one entry every TOPTEN_PROGRESS_INTERVAL seconds (cron, systemd),
# ``live`` redraws one line on a terminal (topten-crawler chooses it when stderr is one),
# ``off`` shows none.
TOPTEN_PROGRESS = "log"
TOPTEN_PROGRESS_INTERVAL = 30.0
# The level of the crawl folder's crawl.log, the whole log with tracebacks ("": no file).
TOPTEN_LOG_FILE_LEVEL = "INFO"

# WARC files: ``<PREFIX>-<timestamp>-<serial>-<hostname>.warc.gz`` in ``<crawl folder>/warc/``
# (the layout of a crawl folder is fixed in ``crawlfolder/folder.py``, since every tool that
# reads one depends on it).
TOPTEN_WARC_ENABLED = True
TOPTEN_WARC_PREFIX = "topten"
# Rotate to a new file once the current one reaches this many bytes.
TOPTEN_WARC_MAX_SIZE = 1_000_000_000

# The archive folder's crawl-state store (``<TOPTEN_OUTPUT_DIR>/state.sqlite3``): what earlier
# crawls captured and recorded, so that a crawl archives only what changed (revisits), asks
# servers whether pages changed, and says of each record whether it is new, changed,
# unchanged or gone. Off: every crawl archives and records as if it were the first.
TOPTEN_STATE_ENABLED = True
# Ask with If-None-Match / If-Modified-Since for what the archive holds with validators; a 304
# is archived as a server-not-modified revisit (needs the store and the WARC).
TOPTEN_CONDITIONAL_REQUESTS = True
# A 200 whose payload the archive holds already (any URL, any crawl) is archived as an
# identical-payload-digest revisit (needs the store).
TOPTEN_REVISIT_IDENTICAL_PAYLOADS = True

# --- Reading the archive over time (history, linkrot): never a request ---------------------------
# A cited URL is dead only once it failed in two crawls at least this many days apart (with no
# good answer between); before that it is "failing".
TOPTEN_LINKROT_CONFIRM_DAYS = 3
# Where the HTML pages of history and linkrot link captures: ``topten-crawler replay``'s address.
TOPTEN_REPLAY_BASE_URL = "http://127.0.0.1:8080"
