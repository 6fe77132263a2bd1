# ruff: noqa: E501
# (Article prose and sentence pools: one paragraph per string, so no line wrapping.)
"""The documents the source hosts serve, one per URL the posts cite, and what a crawl records.

Everything is derived from the content model and is deterministic: a cited article takes its
headline from a hand-written table (hand posts) or from the citing post's title (generated posts),
its first paragraphs from the plain paragraphs of the post that cited it first, and the rest from
sentence pools chosen by a generator seeded with the URL path. :func:`expected_source` turns a
:class:`SourceDoc` into the :class:`ExpectedSource` a correct crawler records; no extractor is
involved.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal, TypeAlias

from topten_crawler.replica.content import (
    DEFUNCT_OUTLET,
    OUTLETS,
    LinkResolver,
    Post,
    SiteContent,
)
from topten_crawler.replica.outlets import PROFILES, OutletProfile
from topten_crawler.replica.post_body import Inline, Paragraph, Quote, inline_text, iter_links
from topten_crawler.replica.textutil import collapse

# ------------------------------------------------------------------------------------------------
# Cases: every source carries the flags of the cases it exercises (``ExpectedSource.cases``).

JSONLD = "jsonld"  # JSON-LD NewsArticle metadata
OPENGRAPH = "opengraph"  # Open Graph and <meta name=author> only
NO_METADATA = "no_metadata"  # nothing but a visible byline and <time datetime>
WINDOWS_1252 = "windows_1252"  # charset only in the HTTP header, cp1252 bytes
GZIP = "gzip"  # Content-Encoding: gzip when the client accepts it
FOREIGN_LANGUAGE = "foreign_language"  # <html lang="fr">, French text
REDIRECT = "redirect"  # 301 from the cited URL to the canonical URL
NOT_FOUND = "not_found"  # 404
SERVER_ERROR_RECOVERS = "server_error_recovers"  # 500 on the first request, then 200
SLOW = "slow"  # the host answers after ``slow_seconds``
ROBOTS_DISALLOWED = "robots_disallowed"  # robots.txt disallows the path
PDF = "pdf"  # application/pdf
IMAGE = "image"  # image/jpeg cited directly
SHARED = "shared"  # cited by more than one post
CONNECTION_REFUSED = "connection_refused"  # nothing listens at the outlet's address

ALL_CASES = (
    JSONLD,
    OPENGRAPH,
    NO_METADATA,
    WINDOWS_1252,
    GZIP,
    FOREIGN_LANGUAGE,
    REDIRECT,
    NOT_FOUND,
    SERVER_ERROR_RECOVERS,
    SLOW,
    ROBOTS_DISALLOWED,
    PDF,
    IMAGE,
    SHARED,
    CONNECTION_REFUSED,
)
# The most specific case of a source is its ``case``; the order runs from the HTTP outcome down
# to the page's metadata style.
_CASE_PRIORITY = (
    CONNECTION_REFUSED,
    ROBOTS_DISALLOWED,
    SLOW,
    NOT_FOUND,
    SERVER_ERROR_RECOVERS,
    REDIRECT,
    PDF,
    IMAGE,
    SHARED,
    FOREIGN_LANGUAGE,
    WINDOWS_1252,
    NO_METADATA,
    OPENGRAPH,
    JSONLD,
    GZIP,
)

DocKind: TypeAlias = Literal["html", "pdf", "image"]
# What happens at the cited URL itself, before any article is served.
Special: TypeAlias = Literal["redirect", "not_found", "server_error_recovers"]

# Cited URLs of the hand posts that exercise an HTTP case; the robots, PDF, image, slow and
# refused cases follow from the outlet (see outlets.PROFILES) and the path.
SPECIAL_PATHS: dict[tuple[int, str], Special] = {
    (0, "/2024/01/13/venezuela-colombia-border-bridge-reopens/"): "redirect",
    (1, "/us/education/campus-antisemitism-report-20240123.html"): "not_found",
    (2, "/news/africa/congo-cobalt-child-labour-audit-c33f18"): "server_error_recovers",
}
# Where a redirecting cited URL leads (the article's canonical path).
CANONICAL_PATHS: dict[tuple[int, str], str] = {
    (0, "/2024/01/13/venezuela-colombia-border-bridge-reopens/"): (
        "/2024/01/13/venezuela-reopens-simon-bolivar-bridge-to-cargo/"
    ),
}

# Headlines of the articles the hand posts cite (generated posts' sources take the post's title).
HEADLINES: dict[tuple[int, str], str] = {
    (
        0,
        "/2024/02/11/drone-strike-tanker-red-sea/",
    ): "Drone Strike Sets Tanker Ablaze in the Southern Red Sea",
    (
        0,
        "/2024/01/18/kyiv-volunteer-drone-workshop/",
    ): "The Kyiv Volunteers Who Turned a Furniture Factory Into a Drone Line",
    (
        0,
        "/2024/01/13/venezuela-colombia-border-bridge-reopens/",
    ): "Venezuela Reopens Simón Bolívar Bridge to Cargo After Five Months",
    (
        0,
        "/2024/01/10/iran-hijab-bill-parliament/",
    ): "Iran’s Parliament Passes Hijab Bill With Fines of a Year’s Wages",
    (
        0,
        "/2024/01/08/beirut-port-inquiry-resumes/",
    ): "Beirut Port Inquiry Resumes as Families Rally Outside the Court",
    (
        0,
        "/2024/01/05/tbilisi-foreign-agents-bill-protest/",
    ): "Tbilisi Marchers Fill Rustaveli Avenue Against ‘Foreign Agents’ Bill",
    (
        1,
        "/world/middle-east/iran-oil-exports-five-year-high-20240209.html",
    ): "Iran’s Oil Exports Reach Highest Level Since 2019, Tanker Data Show",
    (
        1,
        "/world/europe/valencia-flood-alert-guide-20240131.html",
    ): "Valencia Floods: How the City’s Text Alerts and Evacuation Routes Work",
    (
        1,
        "/us/education/campus-antisemitism-report-20240123.html",
    ): "Campuses Named in Antisemitism Report Open Disciplinary Cases",
    (
        1,
        "/world/middle-east/gulf-of-aden-missiles-intercepted-20240126.html",
    ): "Destroyer Intercepts Two Anti-Ship Missiles Over the Gulf of Aden",
    (
        1,
        "/world/europe/paris-synagogue-graffiti-arrests-20240107.html",
    ): "Two Men Arrested Over Graffiti on Paris Synagogue",
    (
        1,
        "/world/middle-east/houthi-missiles-two-cargo-ships-20240103.html",
    ): "Houthi Missiles Strike Two Merchant Ships Off Yemen",
    (
        1,
        "/world/europe/turkey-black-sea-shipping-talks-20231220.html",
    ): "Türkiye Proposes Black Sea Shipping Talks as Mines Drift South",
    (
        2,
        "/news/markets/war-risk-premiums-red-sea-b41c09",
    ): "London Underwriters Raise Red Sea War-Risk Premiums Again",
    (
        2,
        "/news/europe/corvane-shipping-sanctions-probe-c8e210",
    ): "Customs Officers Board Corvane Tankers in Sanctions Inquiry",
    (
        2,
        "/news/europe/kyiv-volunteer-drone-workshop-d7a201",
    ): "Cheap and Fast: The Economics of Kyiv’s Volunteer Drones",
    (
        2,
        "/news/middle-east/iran-executions-january-d19a44",
    ): "Iran Executions Reach Eight-Year High, Rights Group Says",
    (
        2,
        "/news/europe/finland-cable-anchor-investigation-e2b781",
    ): "Finnish Investigators Blame Dragged Anchor for October Pipeline Damage",
    (
        2,
        "/news/europe/gulf-of-finland-data-cable-damage-f0c3aa",
    ): "Police Open Inquiry Into Damaged Helsinki–Tallinn Data Cable",
    (
        2,
        "/news/europe/moldova-expels-russian-diplomat-a90d55",
    ): "Moldova Gives Russian Diplomat 72 Hours to Leave",
    (
        2,
        "/news/world/kola-airbase-satellite-images-b7e312",
    ): "Satellite Images Reveal New Hangars at Kola Peninsula Airbase",
    (
        2,
        "/news/africa/congo-cobalt-child-labour-audit-c33f18",
    ): "Children Found Working at Cobalt Mines That Supply Battery Makers",
    (
        3,
        "/city/2024/01/21/north-york-kosher-bakery-vandalised/",
    ): "Kosher Bakery’s Window Smashed for the Second Time in a Month",
    (
        4,
        "/fr/liban/2024/01/08/enquete-port-beyrouth-reprise_6021.html",
    ): "Port de Beyrouth : l’enquête sur l’explosion reprend après plus d’un an de blocage",
    (
        5,
        "/wire/2024/01/24/houthi-spokesman-vows-more-attacks--q7f2c1",
    ): "Houthi Spokesman Vows More Attacks on Merchant Shipping",
    (
        6,
        "/private/briefings/kola-airbase-expansion/",
    ): "Kola Airbase Expansion: An Imagery Briefing",
    (6, "/reports/campus-antisemitism-autumn-2023.pdf"): "Campus Antisemitism Report: Autumn 2023",
    (
        6,
        "/research/2024/02/campus-climate-what-students-told-us/",
    ): "What Students Told Us About the Campus Climate",
    (6, "/media/kola-airbase-2024-01.jpg"): "Kola airbase, January 2024",
    (7, "/2024/01/20/turkey-black-sea-talks-offer"): "Türkiye Offers to Broker Black Sea Talks",
}
# Bylines of single documents (the others draw from the outlet's staff list).
AUTHORS: dict[tuple[int, str], str] = {
    (3, "/city/2024/01/21/north-york-kosher-bakery-vandalised/"): "Jane Roe",
    (4, "/fr/liban/2024/01/08/enquete-port-beyrouth-reprise_6021.html"): "Camille Haddad",
    (6, "/reports/campus-antisemitism-autumn-2023.pdf"): "Miriam Achterberg",
    (6, "/research/2024/02/campus-climate-what-students-told-us/"): "Miriam Achterberg",
}
# Documents written in full by hand (the French article, the institute's briefing).
FULL_TEXTS: dict[tuple[int, str], tuple[str, ...]] = {
    (4, "/fr/liban/2024/01/08/enquete-port-beyrouth-reprise_6021.html"): (
        "Le juge chargé de l’enquête sur l’explosion du 4 août 2020 au port de Beyrouth a repris ses travaux lundi, après une suspension de plus d’un an provoquée par une série de recours déposés par des responsables politiques qu’il souhaitait interroger.",
        "Dès le matin, plusieurs centaines de proches des victimes se sont rassemblés devant le palais de justice, portant les portraits des disparus. « Nous ne demandons pas vengeance, seulement des noms », a déclaré Rima Khalil, dont le frère, pompier, a péri dans l’explosion.",
        "De brefs heurts ont opposé des manifestants aux forces de l’ordre en fin de matinée, sans faire de blessés graves selon la Croix-Rouge libanaise.",
        "L’explosion, causée par des centaines de tonnes de nitrate d’ammonium entreposées pendant des années dans un hangar du port, a fait plus de deux cents morts et dévasté des quartiers entiers de la capitale.",
        "À ce jour, aucun haut responsable n’a été condamné. Les avocats des familles espèrent que le juge pourra rendre ses premières mises en accusation avant l’été, mais beaucoup doutent que la classe politique le laisse aller jusqu’au bout.",
    ),
    (6, "/research/2024/02/campus-climate-what-students-told-us/"): (
        "Between September and December we recorded 412 antisemitic incidents at 120 universities in the United States and Canada, three times as many as in the same months of 2022. The full dataset is published with our report; this note sets out what the numbers alone cannot show.",
        "We interviewed 86 Jewish students at 14 of those campuses. Most described a change in daily habits rather than a single frightening event: routes to lectures chosen to avoid certain buildings, study groups moved online, necklaces tucked under collars.",
        "Several students said they had stopped wearing anything that identified them as Jewish. Others said they no longer spoke up in seminars on the Middle East, for fear of being singled out by classmates or, in a few cases, by teaching staff.",
        "Universities have responded unevenly. About a quarter of the incidents took place at just ten institutions, and only four of those had published a written response by the end of the semester. Where administrators acted quickly and in public, students reported feeling safer within weeks.",
        "Our recommendations are modest: record incidents consistently, tell students what happened after they report, and apply the rules on protest and harassment in the same way to everyone.",
    ),
    (6, "/private/briefings/kola-airbase-expansion/"): (
        "This briefing summarises what commercial imagery taken between April and January shows at the airbase on the Kola Peninsula, about 100 kilometres from the Norwegian border.",
        "The main runway has been extended by roughly 600 metres, enough to allow heavy bombers to take off with a full fuel load in winter conditions. Four hardened shelters have been built on the northern apron, and a fuel depot now connects to the rail line that serves the base.",
        "Taken together, the changes suggest that the base is being prepared to host long-range aviation on a rotating basis rather than as a permanent station. We assess with moderate confidence that the work will be finished before the end of the year.",
        "The images were reviewed by three analysts independently. Where their readings differed, this briefing gives the more cautious interpretation.",
        "Two questions remain open: whether the new shelters are sized for the largest bombers in the fleet, and whether the fuel depot is meant to support aircraft that stay for weeks rather than days. Imagery due in the spring should help answer both.",
    ),
}
PDF_SENTENCE = "Campus antisemitic incidents tripled in the autumn 2023 semester, with 412 incidents recorded at 120 universities."
PDF_CREATED = datetime(2024, 2, 6, 9, 0, tzinfo=UTC)

# Paragraphs any English-language outlet may add after the facts taken from the citing post.
POOL_EN: tuple[str, ...] = (
    "Officials did not respond to several requests for comment on {day}. A spokesperson said a fuller statement would be issued once the facts had been established.",
    "The account could not be independently verified. Several of the people involved spoke on condition of anonymity because they were not authorised to discuss the matter publicly.",
    "Diplomats said the episode would be raised at a meeting of foreign ministers later this month, although few expected it to produce anything beyond a joint statement.",
    "Analysts cautioned against reading too much into a single event. “It fits a pattern we have seen for two years now,” one said, “but patterns can break.”",
    "The latest figures are preliminary and may be revised as more information comes in, the authorities said in a written reply to questions.",
    "Opposition politicians seized on the news, accusing the government of having ignored warnings that were raised in parliament as long ago as last spring.",
    "People living nearby described a day of confusion. Some said they had learned what was happening only from messages forwarded by relatives abroad.",
    "Insurers, shipping agents and traders were watching the situation closely, and several said they had already adjusted their plans for the coming weeks.",
    "A similar case last year took months to resolve, and lawyers familiar with it said there was little reason to think this one would move faster.",
    "International organisations urged restraint and called for an investigation that would be transparent and open to outside observers.",
    "The ministry said it had set up a working group to review the case and would publish its findings before the end of the quarter.",
    "Local reporters who reached the area on {day} found roads partly blocked and shops closed, with police checking the papers of anyone trying to pass.",
    "Previous attempts to settle the issue foundered on questions of money and sequencing, according to two people who took part in the talks.",
    "For now, the practical consequences remain uncertain. Much will depend on decisions expected in the next few weeks, officials said.",
    "Independent experts who reviewed the available evidence said it was consistent with the official account but left important questions unanswered.",
    "The story drew wide attention online, where videos said to show the events were viewed hundreds of thousands of times within hours.",
    "Budget documents show that spending in this area has risen every year since 2019, though critics say the money has rarely reached the people it was meant for.",
    "Neighbouring governments have so far kept their distance, saying only that they are in contact with all sides.",
)
# Every Northgate Courier article has one of these: curly double quotes and an "é", which the
# windows-1252 page carries as the bytes 0x93, 0x94 and 0xE9.
POOL_CP1252: tuple[str, ...] = (
    "“We are following this closely,” said a spokesman, reading from a communiqué issued in the early afternoon.",
    "“Nobody here was surprised,” said the owner of a café near the ministry, who asked that her name not be used.",
    "“This is not déjà vu, it is a trend,” said a researcher whose career began at the finance ministry.",
    "“We will know more by the weekend,” said a consular official, describing the mood among the expatriate community as one of cautious détente.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PATH_DATE = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/|-(\d{4})(\d{2})(\d{2})\.html$")
MIN_WORDS = 200  # composed articles grow to at least this many words
MAX_WORDS = 600


@dataclass(frozen=True)
class SourceDoc:
    """One cited URL and the document its outlet serves there."""

    outlet: int
    path: str  # as cited
    kind: DocKind
    headline: str
    author: str | None
    published_at: datetime  # aware, in the outlet's time zone
    modified_at: datetime
    paragraphs: tuple[str, ...]
    citers: tuple[str, ...]  # keys of the citing posts, newest first
    special: Special | None = None
    canonical_path: str = ""  # where the cited path redirects to; == path otherwise

    @property
    def profile(self) -> OutletProfile:
        return PROFILES[self.outlet]

    @property
    def published(self) -> str:
        """The publication date as the page's metadata (or ``<time datetime>``) prints it."""
        if self.kind == "pdf":
            return self.published_at.isoformat()
        return self.profile.format_date(self.published_at)

    @property
    def modified(self) -> str:
        return self.profile.format_date(self.modified_at)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def blocked_by_robots(self) -> bool:
        return any(self.path.startswith(p) for p in self.profile.robots_disallow)

    @property
    def cases(self) -> tuple[str, ...]:
        profile = self.profile
        flags: set[str] = set()
        if self.outlet == DEFUNCT_OUTLET:
            flags.add(CONNECTION_REFUSED)
        if self.special is not None:
            flags.add(self.special)
        if self.blocked_by_robots:
            flags.add(ROBOTS_DISALLOWED)
        if profile.slow:
            flags.add(SLOW)
        if len(self.citers) > 1:
            flags.add(SHARED)
        if self.kind == "pdf":
            flags.add(PDF)
        elif self.kind == "image":
            flags.add(IMAGE)
        elif self.outlet != DEFUNCT_OUTLET:
            flags.add(
                {"jsonld": JSONLD, "opengraph": OPENGRAPH, "none": NO_METADATA}[profile.metadata]
            )
            if profile.charset == "windows-1252":
                flags.add(WINDOWS_1252)
            if profile.lang is not None and not profile.lang.startswith("en"):
                flags.add(FOREIGN_LANGUAGE)
            if profile.gzip:
                flags.add(GZIP)
        return tuple(c for c in _CASE_PRIORITY if c in flags)


@dataclass(frozen=True)
class ExpectedSource:
    """What a correct crawler records for one cited URL; field names follow the JSON record.

    ``case`` is the most specific of ``cases``, the flags of every case the source exercises.
    """

    url: str
    final_url: str | None
    cited_by: list[str]
    status: int | None
    error: str | None
    content_type: str | None
    title: str | None
    author: str | None
    published: str | None
    site_name: str | None
    language: str | None
    text: str
    case: str
    cases: tuple[str, ...] = ()
    outlet: str | None = None
    path: str = ""

    RECORD_FIELDS = (
        "url",
        "final_url",
        "cited_by",
        "status",
        "error",
        "content_type",
        "title",
        "author",
        "published",
        "site_name",
        "language",
        "text",
    )

    def record(self) -> dict[str, object]:
        """Only the fields of the crawler's source record, for field-by-field comparison."""
        return {name: getattr(self, name) for name in self.RECORD_FIELDS}

    def has(self, case: str) -> bool:
        return case in self.cases


# ------------------------------------------------------------------------------------------------
# Building the documents


def _plain_paragraphs(post: Post, titles: dict[str, str]) -> list[str]:
    """The post's text paragraphs and quotes that link nowhere: facts an article can repeat."""
    out: list[str] = []
    for block in post.blocks:
        runs: list[tuple[Inline, ...]] = []
        if isinstance(block, Paragraph) and block.role == "text":
            runs = [block.children]
        elif isinstance(block, Quote):
            runs = [block.paragraphs[0]]
        for run in runs:
            if any(True for _ in iter_links(run)):
                continue
            text = collapse(inline_text(run, titles))
            if text:
                out.append(text)
    return out


def _words(paragraphs: Iterable[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def _kind(path: str) -> DocKind:
    if path.endswith(".pdf"):
        return "pdf"
    if path.endswith((".jpg", ".jpeg")):
        return "image"
    return "html"


def _publication(
    outlet: int, path: str, oldest: Post, rng: random.Random
) -> tuple[datetime, datetime]:
    """(published, modified): on the day the path names, or hours before the citing post."""
    profile = PROFILES[outlet]
    if (outlet, path) == (6, "/reports/campus-antisemitism-autumn-2023.pdf"):
        return PDF_CREATED, PDF_CREATED
    match = _PATH_DATE.search(path)
    if match:
        y, m, d = (
            int(g) for g in (match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6))
        )
        local = datetime(y, m, d, rng.randint(6, 19), rng.randint(0, 59))
        published = profile.localize(local)
        limit = oldest.published - timedelta(hours=1)
        if published.date() == oldest.published.date() and published > limit:
            published = profile.to_zone(limit)
    else:
        moment = oldest.published - timedelta(hours=rng.randint(3, 30), minutes=rng.randint(0, 59))
        published = profile.to_zone(moment.replace(second=0))
    modified = profile.to_zone(published + timedelta(minutes=rng.randint(20, 30 * 60)))
    return published, modified


def _compose(
    outlet: int,
    path: str,
    oldest: Post,
    titles: dict[str, str],
    published: date,
    rng: random.Random,
) -> tuple[str, ...]:
    full = FULL_TEXTS.get((outlet, path))
    if full is not None:
        return full
    facts = _plain_paragraphs(oldest, titles)
    take = min(len(facts), rng.choice((2, 2, 3)))
    # Mostly the post's opening facts, as the article's lead; sometimes later ones.
    start = rng.randrange(len(facts) - take + 1) if facts and rng.random() < 0.4 else 0
    paragraphs = facts[start : start + take]
    day = DAYS[published.weekday()]
    pool = [p.replace("{day}", day) for p in POOL_EN]
    extra = rng.sample(pool, k=rng.randint(3, 5))
    if PROFILES[outlet].charset == "windows-1252":
        extra.insert(rng.randrange(len(extra) + 1), rng.choice(POOL_CP1252))
    paragraphs += extra
    rest = [p for p in pool if p not in paragraphs]
    rng.shuffle(rest)
    while _words(paragraphs) < MIN_WORDS and rest:
        paragraphs.append(rest.pop())
    while _words(paragraphs) > MAX_WORDS:
        paragraphs.pop()
    return tuple(paragraphs)


def build_source_docs(content: SiteContent) -> dict[tuple[int, str], SourceDoc]:
    """Every cited *(outlet, path)* and its document, in outlet then path order."""
    titles = content.titles
    docs: dict[tuple[int, str], SourceDoc] = {}
    seen_texts: set[str] = set()
    for (outlet, path), citers in sorted(content.citing_posts().items()):
        if not 0 <= outlet < len(OUTLETS):
            raise ValueError(f"no outlet {outlet} for the cited path {path}")
        oldest = citers[-1]
        rng = random.Random(f"{content.seed}:source:{outlet}:{path}")
        kind = _kind(path)
        profile = PROFILES[outlet]
        headline = HEADLINES.get((outlet, path)) or oldest.title
        author = AUTHORS.get((outlet, path)) or rng.choice(profile.staff)
        published, modified = _publication(outlet, path, oldest, rng)
        if kind == "pdf":
            paragraphs: tuple[str, ...] = (PDF_SENTENCE,)
        elif kind == "image":
            paragraphs = ()
        else:
            paragraphs = _compose(outlet, path, oldest, titles, published.date(), rng)
            # Every article is distinct (two URLs never carry the same text).
            salt = 0
            while "\n\n".join(paragraphs) in seen_texts:
                salt += 1
                rng = random.Random(f"{content.seed}:source:{outlet}:{path}:{salt}")
                paragraphs = _compose(outlet, path, oldest, titles, published.date(), rng)
            seen_texts.add("\n\n".join(paragraphs))
        special = SPECIAL_PATHS.get((outlet, path))
        docs[outlet, path] = SourceDoc(
            outlet=outlet,
            path=path,
            kind=kind,
            headline=headline,
            author=author,
            published_at=published,
            modified_at=modified,
            paragraphs=paragraphs,
            citers=tuple(p.key for p in citers),
            special=special,
            canonical_path=CANONICAL_PATHS.get((outlet, path), path),
        )
    return docs


# ------------------------------------------------------------------------------------------------
# Expectations


def expected_source(
    doc: SourceDoc,
    content: SiteContent,
    links: LinkResolver,
    *,
    slow_times_out: bool = True,
    retries: bool = True,
) -> ExpectedSource:
    """The record of one cited URL. ``slow_times_out``: the crawler's download timeout is
    shorter than the slow host's delay. ``retries``: the crawler retries a 500 at least once."""
    profile = doc.profile
    url = links.external(doc.outlet, doc.path)
    cited_by = sorted(links.site(content.post(key).path) for key in doc.citers)
    cases = doc.cases

    def make(
        final_url: str | None,
        status: int | None,
        error: str | None,
        content_type: str | None,
        title: str | None = None,
        author: str | None = None,
        published: str | None = None,
        site_name: str | None = None,
        language: str | None = None,
        text: str = "",
    ) -> ExpectedSource:
        return ExpectedSource(
            url=url,
            final_url=final_url,
            cited_by=cited_by,
            status=status,
            error=error,
            content_type=content_type,
            title=title,
            author=author,
            published=published,
            site_name=site_name,
            language=language,
            text=text,
            case=cases[0],
            cases=cases,
            outlet=OUTLETS[doc.outlet].name,
            path=doc.path,
        )

    if doc.outlet == DEFUNCT_OUTLET:
        return make(None, None, "connection", None)
    if doc.blocked_by_robots:
        return make(None, None, "robots", None)
    if profile.slow and slow_times_out:
        return make(None, None, "timeout", None)
    if doc.special == "not_found":
        return make(url, 404, "http_404", "text/html")
    if doc.special == "server_error_recovers" and not retries:
        return make(url, 500, "http_5xx", "text/html")
    final_url = links.external(doc.outlet, doc.canonical_path)
    if doc.kind == "image":
        return make(final_url, 200, None, "image/jpeg")
    if doc.kind == "pdf":
        return make(
            final_url, 200, None, "application/pdf", doc.headline, doc.author, doc.published,
            text=doc.text,
        )  # fmt: skip
    return make(
        final_url,
        200,
        None,
        "text/html",
        title=doc.headline,
        author=doc.author,
        published=doc.published,
        site_name=None if profile.metadata == "none" else OUTLETS[doc.outlet].name,
        language=profile.lang,
        text=doc.text,
    )
