"""The hostile site, case by case and all together: outcome, seconds and peak RSS of each crawl.

    .venv/bin/python benchmarks/hostile_report.py            # every case alone, then all together
    .venv/bin/python benchmarks/hostile_report.py trap reset # just these (alone)

Each case is one fault of ``tests/helpers/hostile/cases.py`` crawled alone (with the control
post), as the end-to-end test crawls it; "together" serves every case in one site. The outcome
is "ok" when the crawl meets every target (exit 0, time, 300 MB, no traceback, WARC checks)
and the case's own check, else the first problems found. Timings depend on the machine's load.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.helpers.hostile.cases import BY_NAME, CASES, Case
from tests.helpers.hostile.crawl import crawl_problems, run_crawl
from tests.helpers.hostile.site import HostileSite

ALONE_TIMEOUT = 120
TOGETHER_TIMEOUT = 300


def report(name: str, cases: list[Case], timeout: float, known: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="hostile-") as out, HostileSite(cases) as site:
        outcome = run_crawl(site, Path(out), timeout=timeout)
        extra = 0 if len(cases) == 1 else TOGETHER_TIMEOUT - 60
        problems = crawl_problems(outcome, extra_seconds=extra)
        for case in cases:
            prefix = "" if len(cases) == 1 else f"{case.name}: "
            problems += [prefix + p for p in case.check(outcome, site.plan[case.name])]
    verdict = "ok" if not problems else "; ".join(problems[:3])[:150]
    mark = "" if known is None else "  [known: " + known + "]"
    print(f"{name:26} {outcome.seconds:7.1f} s {outcome.peak_rss_mb:7.0f} MB  {verdict}{mark}",
          flush=True)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="case names (default: all, then together)")
    args = parser.parse_args()
    chosen = [BY_NAME[name] for name in args.cases] if args.cases else CASES
    print(f"{'case':26} {'seconds':>9} {'peak RSS':>10}  outcome")
    for case in chosen:
        report(case.name, [case], ALONE_TIMEOUT, case.failing)
    if not args.cases:
        report("(every case together)", CASES, TOGETHER_TIMEOUT, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
