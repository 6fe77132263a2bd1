"""Self-contained HTML pages of the archive over time: edit histories and link rot.

Every page stands alone: inline CSS, charts as inline SVG, no script and nothing fetched when
it opens (a page saved years later still shows). Links to captures point at
``topten-crawler replay`` URLs (:func:`archive.replay.replay_url`) under the base given.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from html import escape
from urllib.parse import urlsplit

from topten_crawler.archive.replay import replay_url
from topten_crawler.overtime.crawls import parse_time
from topten_crawler.overtime.history import Change, RecordHistory, Version
from topten_crawler.overtime.linkrot import ALIVE, DEAD_STATES, FAILING, STATES, CitedUrl
from topten_crawler.overtime.sentences import split_sentences
from topten_crawler.rules.overtime import AGE_BINS, MONTHLY_SPAN

DAYS_A_MONTH = 365.25 / 12
MAX_BAR_WIDTH = 90

STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;
padding:1rem 2rem;color:#1b1b1b;background:#fff}
h1{font-size:1.5rem;margin:.5rem 0}
h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
a{color:#0b57a4}table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;
padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f4f4f4}
td.n{text-align:right;font-variant-numeric:tabular-nums}.url{word-break:break-all;color:#555}
.badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;font-size:.8rem;
background:#eee;margin-left:.3rem}.silent{background:#ffe08a}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.side{border:1px solid #ddd;
padding:.5rem 1rem;background:#fcfcfc}.side h3{font-size:.95rem;margin:.2rem 0 .5rem}
.side p{margin:.4rem 0}del,.deleted{background:#ffd7d5;text-decoration:line-through}
ins,.added{background:#ccf5d3;text-decoration:none}.edited{background:#fff3b0}
.edited b{background:#ffd54f;font-weight:normal}.legend span{margin-right:1rem}
.state-alive{color:#1a7f37}.state-failing{color:#9a6700}.dead{color:#b42318}
svg text{font:12px system-ui,sans-serif}
"""


def page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


# --- History -------------------------------------------------------------------------------------


def history_page_name(url: str) -> str:
    """The file name of a post's page: its last path segment and a hash of its URL."""
    parts = [part for part in urlsplit(url).path.split("/") if part]
    slug = re.sub(r"[^a-z0-9-]+", "-", (parts[-1] if parts else "home").lower()).strip("-")
    return f"{slug[:60] or 'post'}-{hashlib.sha256(url.encode()).hexdigest()[:8]}.html"


def _link(version: Version, replay_base: str, url: str) -> str:
    target = replay_url(replay_base, version.crawl.name, version.captured_at, url)
    return f'<a href="{escape(target)}">replay</a>'


def _versions_table(history: RecordHistory, replay_base: str) -> str:
    rows = []
    for number, version in enumerate(history.versions, start=1):
        record = version.record
        rows.append(
            f"<tr><td class=n>{number}</td><td>{escape(version.crawl.crawl_id)}</td>"
            f"<td>{escape(version.captured_at)}</td><td>{escape(str(record.get('title') or ''))}"
            f"</td><td>{escape(str(record.get('modified') or ''))}</td>"
            f"<td>{_link(version, replay_base, history.url)}</td></tr>"
        )
    return (
        "<table><tr><th>#</th><th>crawl</th><th>captured</th><th>title</th><th>modified</th>"
        f"<th>capture</th></tr>{''.join(rows)}</table>"
    )


def _word_marks(text: str, other: str) -> str:
    """``text`` with the words that ``other`` lacks in ``<b>``."""
    words, others = text.split(), other.split()
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, words, others, autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        chunk = escape(" ".join(words[i1:i2]))
        if chunk:
            out.append(chunk if tag == "equal" else f"<b>{chunk}</b>")
    return " ".join(out)


def _side(text: str, marks: dict[int, tuple[str, str | None]]) -> str:
    """A text's paragraphs with its changed sentences marked: ``marks`` by sentence index,
    (class, the other side's sentence for an edit)."""
    paragraphs, index = [], 0
    for line in text.splitlines():
        sentences = split_sentences(line)
        if not sentences:
            continue
        shown = []
        for sentence in sentences:
            mark = marks.get(index)
            if mark is None:
                shown.append(escape(sentence))
            elif mark[0] == "edited":
                shown.append(f'<span class="edited">{_word_marks(sentence, mark[1] or "")}</span>')
            else:
                tag = "del" if mark[0] == "deleted" else "ins"
                shown.append(f"<{tag}>{escape(sentence)}</{tag}>")
            index += 1
        paragraphs.append(f"<p>{' '.join(shown)}</p>")
    return "".join(paragraphs) or "<p><em>(no text)</em></p>"


def _change_section(number: int, change: Change, history: RecordHistory, replay: str) -> str:
    old_marks: dict[int, tuple[str, str | None]] = {}
    new_marks: dict[int, tuple[str, str | None]] = {}
    for text_change in change.text:
        if text_change.change in ("deleted", "edited"):
            old_marks[text_change.old_index] = (text_change.change, text_change.new)
        if text_change.change in ("added", "edited"):
            new_marks[text_change.new_index] = (text_change.change, text_change.old)
    counts = Counter(text_change.change for text_change in change.text)
    summary = ", ".join(f"{counts[k]} {k}" for k in ("edited", "added", "deleted") if counts[k])
    parts = [
        f"<h2>Version {number} → {number + 1}: {escape(change.old.crawl.crawl_id)} → "
        f"{escape(change.new.crawl.crawl_id)}"
        + ('<span class="badge silent">silent edit</span>' if change.silent_edit else "")
        + "</h2>",
        f"<p>Sentences: {escape(summary) or 'none changed'}"
        + (
            f"; also changed: {escape(', '.join(change.other_fields))}"
            if change.other_fields
            else ""
        )
        + "</p>",
    ]
    if change.fields:
        rows = "".join(
            f"<tr><th>{escape(f.field)}</th><td><del>{escape(str(f.old))}</del></td>"
            f"<td><ins>{escape(str(f.new))}</ins></td></tr>"
            for f in change.fields
        )
        parts.append(f"<table><tr><th>field</th><th>before</th><th>after</th></tr>{rows}</table>")
    for title, version, marks in (
        ("Before", change.old, old_marks),
        ("After", change.new, new_marks),
    ):
        parts.append(
            f'<div class="side"><h3>{title}: {escape(version.captured_at)} '
            f"({_link(version, replay, history.url)})</h3>{_side(version.text, marks)}</div>"
        )
    parts[-2] = '<div class="sides">' + parts[-2]
    parts[-1] += "</div>"
    return "\n".join(parts)


def history_page(history: RecordHistory, replay_base: str) -> str:
    """One changed record: its versions, and each change with the two texts side by side."""
    latest = history.versions[-1].record if history.versions else {}
    title = str(latest.get("title") or history.url)
    body = [
        '<p><a href="index.html">All changed posts</a></p>',
        f"<h1>{escape(title)}"
        + ('<span class="badge silent">silent edit</span>' if history.silent_edit else "")
        + "</h1>",
        f'<p class="url">{escape(history.url)}</p>',
        '<p class="legend"><span><del>deleted</del></span><span><ins>added</ins></span>'
        '<span class="edited">edited (changed words in <b>bold</b>)</span></p>',
        _versions_table(history, replay_base),
    ]
    if history.gone:
        body.append(
            f"<p class=dead>Gone since {escape(str(history.gone.get('captured_at')))} "
            f"({escape(str(history.gone.get('error')))}).</p>"
        )
    for number, change in enumerate(history.changes, start=1):
        body.append(_change_section(number, change, history, replay_base))
    return page(f"Edits: {title}", "\n".join(body))


def history_index(histories: Sequence[RecordHistory]) -> str:
    rows = []
    for history in histories:
        latest = history.versions[-1].record
        rows.append(
            f'<tr><td><a href="{history_page_name(history.url)}">'
            f"{escape(str(latest.get('title') or history.url))}</a></td>"
            f"<td class=n>{len(history.versions)}</td>"
            f"<td>{'yes' if history.silent_edit else ''}</td>"
            f'<td class="url">{escape(history.url)}</td></tr>'
        )
    body = (
        f"<h1>Edited posts ({len(histories)})</h1><table><tr><th>title</th><th>versions</th>"
        f"<th>silent edit</th><th>URL</th></tr>{''.join(rows)}</table>"
    )
    return page("Edited posts", body)


# --- Link rot -----------------------------------------------------------------------------------


def _state_counts(entries: Iterable[CitedUrl]) -> Counter[str]:
    return Counter(entry.state for entry in entries)


def _summary_table(title: str, groups: dict[str, list[CitedUrl]]) -> str:
    states = [s for s in STATES if any(e.state == s for es in groups.values() for e in es)]
    head = "".join(f"<th>{escape(s)}</th>" for s in states)
    rows = []
    for name, entries in groups.items():
        counts = _state_counts(entries)
        checked = sum(n for s, n in counts.items() if s != "unchecked")
        share = f"{100 * counts[ALIVE] / checked:.0f}%" if checked else "–"
        cells = "".join(f"<td class=n>{counts[s] or ''}</td>" for s in states)
        rows.append(
            f"<tr><td>{escape(name)}</td><td class=n>{len(entries)}</td>{cells}"
            f"<td class=n>{share}</td></tr>"
        )
    return (
        f"<h2>{escape(title)}</h2><table><tr><th></th><th>cited URLs</th>{head}"
        f"<th>share alive</th></tr>{''.join(rows)}</table>"
    )


def age_bins(entries: Iterable[CitedUrl], now: str) -> list[tuple[str, int, int]]:
    """(label, URLs alive, URLs checked) per age of citation at ``now``: the chart's data.

    Ages over more than ``MONTHLY_SPAN`` months go in the bins of ``AGE_BINS``; an archive
    whose citations are all of a few months (a young digest, a test site) gets a bar a month.
    """
    moment = parse_time(now)
    ages: list[tuple[float, bool]] = []
    for entry in entries:
        cited = parse_time(entry.first_cited)
        if entry.state == "unchecked" or cited is None or moment is None:
            continue
        ages.append(((moment - cited).total_seconds() / 86400, entry.state == ALIVE))
    months = [int(age // DAYS_A_MONTH) for age, _ in ages]
    if months and max(months) - min(months) < MONTHLY_SPAN:
        labels = {
            m: f"{m} month{'s' if m != 1 else ''}" for m in range(min(months), max(months) + 1)
        }
        keys = [labels[m] for m in months]
        order = list(labels.values())
    else:
        keys = [next(label for label, limit in AGE_BINS if age <= limit) for age, _ in ages]
        order = [label for label, _ in AGE_BINS]
    bins = {label: [0, 0] for label in order}
    for key, (_, alive) in zip(keys, ages, strict=True):
        bins[key][1] += 1
        bins[key][0] += alive
    return [(label, alive, total) for label, (alive, total) in bins.items()]


def alive_chart(bins: Sequence[tuple[str, int, int]]) -> str:
    """An inline SVG bar chart: the share of cited URLs alive by age of citation."""
    width, height, left, bottom, top = 720, 300, 50, 50, 20
    plot_h = height - bottom - top
    step = (width - left - 10) / max(len(bins), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Share of cited URLs alive by '
        'age of citation">'
    ]
    for percent in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - percent / 100)
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e3e3"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{percent}%</text>'
        )
    for index, (label, alive, total) in enumerate(bins):
        bar_w = min(step * 0.7, MAX_BAR_WIDTH)
        x = left + index * step + (step - bar_w) / 2
        share = alive / total if total else 0.0
        bar_h = plot_h * share
        centre = x + bar_w / 2
        if total:
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{bar_w:.1f}" '
                f'height="{bar_h:.1f}" fill="#2f81f7"><title>{escape(label)}: {alive} of '
                f"{total} alive</title></rect>"
                f'<text x="{centre:.1f}" y="{top + plot_h - bar_h - 5:.1f}" '
                f'text-anchor="middle">{100 * share:.0f}%</text>'
            )
        parts.append(
            f'<text x="{centre:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
            f'{escape(label)}</text><text x="{centre:.1f}" y="{height - bottom + 32}" '
            f'text-anchor="middle" fill="#666">n={total}</text>'
        )
    parts.append(
        f'<line x1="{left}" x2="{width - 10}" y1="{top + plot_h}" y2="{top + plot_h}" '
        'stroke="#888"/></svg>'
    )
    return "".join(parts)


def _when(moment: str) -> str:
    parsed = parse_time(moment)
    return f"{parsed:%Y-%m-%d %H:%M} UTC" if parsed is not None else moment


def linkrot_page(entries: Sequence[CitedUrl], now: str, replay_base: str) -> str:
    """The summary by outlet and by the citing post's year, the chart, and every dead URL
    linked to its last good capture."""
    totals = _state_counts(entries)
    by_outlet: dict[str, list[CitedUrl]] = {}
    by_year: dict[str, list[CitedUrl]] = {}
    for entry in entries:
        by_outlet.setdefault(entry.outlet, []).append(entry)
        by_year.setdefault((entry.first_cited or "unknown")[:4], []).append(entry)
    summary = ", ".join(f"{totals[s]} {s}" for s in STATES if totals[s])
    body = [
        f"<h1>Link rot: {len(entries)} cited URLs</h1>",
        f"<p>As of the last crawl ({escape(_when(now))}): {escape(summary)}.</p>",
        "<h2>Share of cited URLs still alive, by age of citation</h2>",
        alive_chart(age_bins(entries, now)),
        _summary_table("By outlet", dict(sorted(by_outlet.items()))),
        _summary_table("By the citing post's year", dict(sorted(by_year.items()))),
    ]
    dead = [e for e in entries if e.state in DEAD_STATES or e.state == FAILING]
    rows = []
    for entry in dead:
        good = entry.last_good
        if good is None:
            capture = "never captured alive"
        else:
            target = replay_url(replay_base, good.crawl.name, good.captured_at, entry.url)
            capture = f'<a href="{escape(target)}">{escape(good.captured_at)}</a>'
        state = entry.state + (f" ({entry.cause})" if entry.cause else "")
        css = "state-failing" if entry.state == FAILING else "dead"
        rows.append(
            f'<tr><td class="url">{escape(entry.url)}</td><td class="{css}">{escape(state)}'
            f"</td><td>{escape(entry.outlet)}</td><td>{capture}</td></tr>"
        )
    body.append(
        f"<h2>Dead and failing URLs ({len(dead)})</h2><table><tr><th>URL</th><th>state</th>"
        f"<th>outlet</th><th>last good capture</th></tr>{''.join(rows)}</table>"
    )
    return page("Link rot", "\n".join(body))
