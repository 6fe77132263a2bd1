"""Scrapy commands of the project (``COMMANDS_MODULE``): ``scrapy crawl`` judged like ours."""
