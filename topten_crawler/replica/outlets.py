"""How each outlet of :data:`topten_crawler.replica.content.OUTLETS` answers: its metadata style,
charset, encoding, speed, robots.txt and article template
(:mod:`topten_crawler.replica.outlet_templates`), and the strings of its boilerplate, which must
never appear in an article's expected text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Literal

from topten_crawler.replica.content import eastern_time
from topten_crawler.replica.outlet_templates import (
    ArticlePage,
    atlas_wire,
    halden_institute,
    harbor_ledger,
    lakeshore_chronicle,
    meridian_post,
    messager_du_levant,
    never_served,
    northgate_courier,
)
from topten_crawler.replica.reply import Validators

MetadataStyle = Literal["jsonld", "opengraph", "none"]
DateStyle = Literal["offset", "zulu", "zulu_ms", "utc_offset"]
Zone = Literal["eastern", "utc", "beirut", "baku"]

# Strings of the outlets' boilerplate: none of them may appear in an expected ``text``.
BOILERPLATE_MARKERS: tuple[str, ...] = (
    "Accept all cookies",
    "We use cookies",
    "This site uses cookies",
    "Advertisement",
    "Subscribe to continue reading",
    "free articles this month",
    "Sign up for our newsletter",
    "Lakeshore Daily",
    "Share this article",
    "Log in to leave a comment",
    "Readers' comments",
    "Most read",
    "More from",
    "Related stories",
    "Related coverage",
    "All rights reserved",
    "Print this page",
    "Tout accepter",
    "Publicité",
    "Lire aussi",
    "Partager",
    "Inscrivez-vous",
    "Commentaires",
    "Download the PDF",
    "Members-only briefing",
)


@dataclass(frozen=True)
class OutletProfile:
    index: int
    metadata: MetadataStyle
    lang: str | None  # <html lang>, None: no attribute
    charset: Literal["utf-8", "windows-1252"]
    content_type: str  # the Content-Type header of HTML pages
    gzip: bool  # gzip-encoded when the client accepts it
    chunked: bool  # gzip bodies sent chunked (else with Content-Length)
    slow: bool  # answers after ReplicaServer.slow_seconds (robots.txt and / answer at once)
    robots_disallow: tuple[str, ...]  # for User-agent: *
    robots_blocked_bots: tuple[str, ...]  # other user agents shut out entirely
    staff: tuple[str, ...]
    zone: Zone
    date_style: DateStyle
    template: Callable[[ArticlePage], str]
    home_title: str
    # Conditional requests: "honour" (ETag, Last-Modified, 304), "ignore" (both headers but
    # always a 200, as a misconfigured cache does) or "none" (no validators at all).
    validators: Validators = "honour"

    def to_zone(self, moment: datetime) -> datetime:
        if self.zone == "eastern":
            return eastern_time(moment)
        hours = {"utc": 0, "beirut": 2, "baku": 4}[self.zone]
        return moment.astimezone(timezone(timedelta(hours=hours)) if hours else UTC)

    def localize(self, local: datetime) -> datetime:
        """A naive local wall time of the outlet as an aware datetime (same date)."""
        if self.zone == "eastern":
            guess = eastern_time(local.replace(tzinfo=UTC) + timedelta(hours=5))
            return guess.replace(hour=local.hour, minute=local.minute)
        hours = {"utc": 0, "beirut": 2, "baku": 4}[self.zone]
        return local.replace(tzinfo=timezone(timedelta(hours=hours)) if hours else UTC)

    def format_date(self, moment: datetime) -> str:
        moment = moment.replace(second=0, microsecond=0)
        if self.date_style == "offset":
            return self.to_zone(moment).isoformat()
        utc = moment.astimezone(UTC)
        if self.date_style == "zulu":
            return utc.strftime("%Y-%m-%dT%H:%M:%SZ")
        if self.date_style == "zulu_ms":
            return utc.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return utc.isoformat()

    def encode(self, html: str) -> bytes:
        return html.encode(self.charset, "xmlcharrefreplace")


PROFILES: tuple[OutletProfile, ...] = (
    OutletProfile(
        index=0,
        metadata="jsonld",
        lang="en",
        charset="utf-8",
        content_type="text/html; charset=utf-8",
        gzip=True,
        chunked=True,
        slow=False,
        robots_disallow=("/wp-admin/", "/search/"),
        robots_blocked_bots=(),
        staff=("Hannah Price", "Marcus Oyelaran", "Ellen Vasquez", "Tobias Reinholt"),
        zone="eastern",
        date_style="offset",
        template=harbor_ledger,
        home_title="The Harbor Ledger: World news from the waterfront up",
    ),
    OutletProfile(
        index=1,
        metadata="opengraph",
        lang="en-US",
        charset="utf-8",
        content_type="text/html; charset=UTF-8",
        gzip=False,
        chunked=False,
        slow=False,
        robots_disallow=("/account/", "/search"),
        robots_blocked_bots=("GPTBot", "CCBot"),
        staff=("Tom Ellery", "Priya Natarajan", "Grace Holloway", "Samuel Adeyemi"),
        zone="utc",
        date_style="zulu",
        template=meridian_post,
        home_title="Meridian Post",
        validators="ignore",
    ),
    OutletProfile(
        index=2,
        metadata="jsonld",
        lang="en-GB",
        charset="windows-1252",
        content_type="text/html; charset=windows-1252",
        gzip=False,
        chunked=False,
        slow=False,
        robots_disallow=(),
        robots_blocked_bots=(),
        staff=("Alistair Penrose", "Fiona McCabe", "Rhys Pritchard", "Nadia Farouk"),
        zone="utc",
        date_style="utc_offset",
        template=northgate_courier,
        home_title="Northgate Courier - News you can trust since 1884",
    ),
    OutletProfile(
        index=3,
        metadata="none",
        lang=None,
        charset="utf-8",
        content_type="text/html",
        gzip=True,
        chunked=False,
        slow=False,
        robots_disallow=("/login",),
        robots_blocked_bots=(),
        staff=("Jane Roe",),
        zone="eastern",
        date_style="offset",
        template=lakeshore_chronicle,
        home_title="City news",
        validators="none",
    ),
    OutletProfile(
        index=4,
        metadata="jsonld",
        lang="fr",
        charset="utf-8",
        content_type="text/html; charset=utf-8",
        gzip=True,
        chunked=True,
        slow=False,
        robots_disallow=("/abonnement/",),
        robots_blocked_bots=(),
        staff=("Camille Haddad",),
        zone="beirut",
        date_style="offset",
        template=messager_du_levant,
        home_title="Le Messager du Levant – L’actualité du Liban et du monde",
    ),
    OutletProfile(
        index=5,
        metadata="opengraph",
        lang="en",
        charset="utf-8",
        content_type="text/html; charset=utf-8",
        gzip=True,
        chunked=True,
        slow=True,
        robots_disallow=(),
        robots_blocked_bots=(),
        staff=("Leila Nasser", "Owen Gallagher"),
        zone="utc",
        date_style="zulu_ms",
        template=atlas_wire,
        home_title="Atlas Wire",
    ),
    OutletProfile(
        index=6,
        metadata="opengraph",
        lang="en",
        charset="utf-8",
        content_type="text/html; charset=utf-8",
        gzip=True,
        chunked=True,
        slow=False,
        robots_disallow=("/private/",),
        robots_blocked_bots=(),
        staff=("Ingrid Solberg",),
        zone="utc",
        date_style="offset",
        template=halden_institute,
        home_title="Halden Institute",
    ),
    OutletProfile(
        index=7,
        metadata="none",
        lang=None,
        charset="utf-8",
        content_type="text/html",
        gzip=False,
        chunked=False,
        slow=False,
        robots_disallow=(),
        robots_blocked_bots=(),
        staff=("Rashad Aliyev",),
        zone="baku",
        date_style="offset",
        template=never_served,
        home_title="Caspian Observer",
    ),
)


def robots_txt(profiles: list[OutletProfile]) -> str:
    """The robots.txt of a host serving these outlets (their rules merged)."""
    lines: list[str] = []
    bots = sorted({bot for p in profiles for bot in p.robots_blocked_bots})
    for bot in bots:
        lines += [f"User-agent: {bot}", "Disallow: /", ""]
    disallow = sorted({path for p in profiles for path in p.robots_disallow})
    lines.append("User-agent: *")
    lines += [f"Disallow: {path}" for path in disallow]
    lines.append("Allow: /")
    return "\n".join(lines) + "\n"
