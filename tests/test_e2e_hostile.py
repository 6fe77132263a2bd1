"""End to end: the hostile site (``tests/helpers/hostile/``) crawled as a user runs the
command. Every case must end well: exit 0, within 60 s plus the configured time limits, under
300 MB peak RSS, no traceback on the console, every hostile URL a record or a counted cut,
every WARC file passing ``gzip -t`` and ``warcio check``.

The cases the crawler survives are crawled together once, and each is checked in that crawl.
A case it does not survive yet (``Case.failing``) is crawled alone and marked
``xfail(strict=True)``: fixed, it fails as XPASS, and its ``failing`` is to be cleared (it then
joins the shared crawl). ``test_every_case_together`` serves them all in one site.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.hostile.cases import CASES, Case
from tests.helpers.hostile.crawl import Outcome, crawl_problems, run_crawl
from tests.helpers.hostile.site import HostileSite

pytestmark = pytest.mark.e2e

SURVIVED = [case for case in CASES if case.failing is None]
FAILING = [case for case in CASES if case.failing is not None]
# A case that still fails is stopped early: it would only fail later.
FAILING_CASE_SECONDS = 30
TOGETHER_SECONDS = 300


@pytest.fixture(scope="module")
def survived(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Outcome, HostileSite]]:
    with HostileSite(SURVIVED) as site:
        outcome = run_crawl(site, tmp_path_factory.mktemp("hostile"))
        yield outcome, site


def test_the_crawl_of_the_cases_survived_meets_every_target(
    survived: tuple[Outcome, HostileSite],
) -> None:
    outcome, _ = survived
    # Many cases in one crawl: the target of every case together (5 minutes).
    problems = crawl_problems(outcome, extra_seconds=TOGETHER_SECONDS - 60)
    assert problems == [], outcome.console[-3000:]


def _case_param(case: Case) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=case.failing)] if case.failing else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("case", [_case_param(case) for case in CASES])
def test_case(case: Case, survived: tuple[Outcome, HostileSite], tmp_path: Path) -> None:
    if case.failing is None:
        outcome, site = survived
        problems = case.check(outcome, site.plan[case.name])
    else:
        with HostileSite([case]) as site:
            outcome = run_crawl(site, tmp_path, timeout=FAILING_CASE_SECONDS)
            problems = crawl_problems(outcome) + case.check(outcome, site.plan[case.name])
    assert problems == [], f"{case.fault}: expected {case.expect}"


@pytest.mark.xfail(bool(FAILING), strict=True, reason=f"{len(FAILING)} cases still fail alone")
def test_every_case_together(tmp_path: Path) -> None:
    timeout = TOGETHER_SECONDS if not FAILING else FAILING_CASE_SECONDS * 2
    with HostileSite(CASES) as site:
        outcome = run_crawl(site, tmp_path, timeout=timeout)
        problems = crawl_problems(outcome, extra_seconds=TOGETHER_SECONDS - 60)
        for case in CASES:
            problems += [f"{case.name}: {p}" for p in case.check(outcome, site.plan[case.name])]
    assert problems == []
