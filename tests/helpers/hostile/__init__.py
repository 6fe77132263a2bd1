"""A hostile site on loopback: a small digest site and the outlets its posts cite, each case
one fault (see ``cases.py``), crawled end to end by ``tests/test_e2e_hostile.py`` and
``benchmarks/hostile_report.py``."""
