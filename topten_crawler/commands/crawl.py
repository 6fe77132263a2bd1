"""``scrapy crawl topten``, judged like ``topten-crawler crawl``: a summary and an exit status.

Scrapy's own ``crawl`` command exits 0 whenever the spider ran, however bad its results. This
one, found through the project's ``COMMANDS_MODULE``, runs Scrapy's command and then reads the
crawl's manifest: it prints the same summary as ``topten-crawler crawl`` and exits 1 when the
crawl failed (seed unreachable, no post found, an output not written, invalid records, a crawl
that did not finish), so that a job scheduled through Scrapy (scrapyd, cron) can tell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from topten_crawler.crawlfolder.lock import ArchiveLock, ArchiveLocked
from topten_crawler.crawlfolder.manifest import read_manifest
from topten_crawler.crawlfolder.run import CrawlRun
from topten_crawler.crawlfolder.summary import summarize

if TYPE_CHECKING:
    import argparse

# As topten-crawler's: another crawl holds the archive folder, nothing was done.
EXIT_LOCKED = 3


class Command(ScrapyCrawlCommand):
    def short_desc(self) -> str:
        return "Run a spider; for topten, print the crawl's summary and exit 1 if it failed"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider name: scrapy crawl topten")
        assert self.crawler_process
        assert self.settings is not None
        try:
            # Before the crawler is built, as topten-crawler does: a refused crawl is one line.
            lock = ArchiveLock.acquire(self.settings.get("TOPTEN_OUTPUT_DIR", "archives"))
        except ArchiveLocked as error:
            print(f"scrapy crawl: {error}", flush=True)
            self.exitcode = EXIT_LOCKED
            return
        try:
            crawler = self._create_crawler(args[0])
            self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
        finally:
            lock.release()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        run = CrawlRun.registered(crawler)
        if run is None:  # another spider of the project, or one that made no crawl folder
            return
        folder = run.folder
        manifest = read_manifest(folder.path) if folder.manifest_file.is_file() else None
        print(summarize(folder, manifest), flush=True)
        if not (manifest and manifest.get("ok")):
            self.exitcode = 1
