"""The archive as data over time: commands that read every crawl of an archive folder.

Nothing here crawls or touches the network: each module reads crawl folders (through
:mod:`topten_crawler.overtime.crawls`) and writes files beside them.
"""
