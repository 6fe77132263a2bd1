# ruff: noqa: E501
# (HTML templates: markup lines are kept whole, as a theme prints them.)
"""The HTML templates of the outlets' article pages, one per outlet, with their boilerplate.

Boilerplate (cookie banners, newsletter boxes, paywall teasers, share bars, "Advertisement"
slots, related links, comments, nav and footers) never belongs to an article's text; the strings
of :data:`topten_crawler.replica.outlets.BOILERPLATE_MARKERS` appear only there. Which outlet uses
which template is in :data:`topten_crawler.replica.outlets.PROFILES`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from topten_crawler.replica.render_base import esc


@dataclass(frozen=True)
class ArticlePage:
    """What a template needs to print one article."""

    name: str  # the outlet's name
    headline: str
    author: str
    published: str  # as the metadata prints it
    modified: str
    published_at: datetime
    paragraphs: tuple[str, ...]
    url: str  # canonical, absolute
    base: str  # the outlet's home, absolute
    section: str
    related: tuple[tuple[str, str], ...]  # (absolute URL, headline) of other articles


# ------------------------------------------------------------------------------------------------
# Shared pieces


def _jsonld(data: object, ascii_only: bool = False) -> str:
    text = json.dumps(data, ensure_ascii=ascii_only, indent=1)
    return '<script type="application/ld+json">' + text.replace("</", "<\\/") + "</script>"


def _news_article(page: ArticlePage, language: str | None = None) -> dict[str, object]:
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": page.url,
        "headline": page.headline,
        "datePublished": page.published,
        "dateModified": page.modified,
        "author": {"@type": "Person", "name": page.author},
        "publisher": {
            "@type": "Organization",
            "name": page.name,
            "logo": {"@type": "ImageObject", "url": page.base + "static/logo.png"},
        },
        "articleSection": page.section,
    }
    if language:
        data["inLanguage"] = language
    return data


def _paragraphs(paragraphs: tuple[str, ...], ad_after: int | None = None, ad: str = "") -> str:
    out: list[str] = []
    for i, text in enumerate(paragraphs):
        out.append(f"<p>{esc(text)}</p>")
        if ad_after is not None and i + 1 == ad_after and i + 1 < len(paragraphs):
            out.append(ad)
    return "\n".join(out)


def _related(items: tuple[tuple[str, str], ...]) -> str:
    return "".join(f'<li><a href="{esc(u)}">{esc(h)}</a></li>' for u, h in items)


def _share(url: str, headline: str) -> tuple[str, str, str]:
    u, t = quote(url, safe=""), quote(headline, safe="")
    return (
        f"https://www.facebook.invalid/sharer/sharer.php?u={u}",
        f"https://twitter.invalid/intent/tweet?url={u}&amp;text={t}",
        f"https://www.linkedin.invalid/shareArticle?mini=true&amp;url={u}",
    )


def _us_date(moment: datetime) -> str:
    return f"{moment:%B} {moment.day}, {moment.year}"


def _uk_date(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

# ------------------------------------------------------------------------------------------------
# The templates, one per outlet


def harbor_ledger(page: ArticlePage) -> str:
    fb, tw, _ = _share(page.url, page.headline)
    ad = '<aside class="ad-slot ad-inline"><span class="ad-label">Advertisement</span></aside>'
    related = (
        f'<section class="related"><h2>More from {esc(page.name)}</h2><ul>'
        f"{_related(page.related)}</ul></section>"
        if page.related
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(page.headline)} | {esc(page.name)}</title>
<link rel="canonical" href="{esc(page.url)}">
<link rel="stylesheet" href="/static/ledger.css">
{_jsonld(_news_article(page))}
</head>
<body class="article-page">
<div id="cookie-consent" class="consent-banner" role="dialog">
<p>We use cookies to improve your experience and to show you relevant advertising.
<a href="/privacy/">Privacy policy</a></p>
<button type="button">Accept all cookies</button> <button type="button">Manage preferences</button>
</div>
<header class="masthead">
<a class="logo" href="/">{esc(page.name)}</a>
<nav class="primary-nav"><ul><li><a href="/world/">World</a></li><li><a href="/business/">Business</a></li>
<li><a href="/opinion/">Opinion</a></li><li><a href="/culture/">Culture</a></li></ul></nav>
<a class="subscribe-button" href="/subscribe/">Subscribe</a>
</header>
<div class="ad-slot ad-leaderboard"><span class="ad-label">Advertisement</span></div>
<main id="main">
<article class="story">
<header class="story-header">
<p class="kicker">{esc(page.section)}</p>
<h1 class="story-headline">{esc(page.headline)}</h1>
<p class="byline">By <a rel="author" href="/staff/">{esc(page.author)}</a></p>
<p class="dateline"><time datetime="{esc(page.published)}">{_us_date(page.published_at)}</time></p>
</header>
<div class="share-bar"><span>Share this article</span> <a href="{fb}">Facebook</a>
<a href="{tw}">X</a> <a href="mailto:?subject={quote(page.headline)}">Email</a></div>
<div class="story-body">
{_paragraphs(page.paragraphs, 2, ad)}
</div>
<aside class="newsletter-signup"><h2>The Morning Ledger</h2>
<p>Sign up for our newsletter: the day's essential news, before breakfast.</p>
<form action="/newsletter/" method="post"><input type="email" name="email" placeholder="Email address">
<button type="submit">Sign up</button></form></aside>
</article>
{related}
<section id="comments" class="comments"><h2>Comments (2)</h2>
<ol><li class="comment"><p class="comment-author">HarbourWatcher</p><p>Good to see this covered properly.</p></li>
<li class="comment"><p class="comment-author">k_lindgren</p><p>Any word from the ministry yet?</p></li></ol>
<p><a href="/login/">Log in to leave a comment</a></p></section>
</main>
<footer class="site-footer"><p>&copy; 2024 {esc(page.name)}. All rights reserved.</p>
<ul><li><a href="/about/">About us</a></li><li><a href="/privacy/">Privacy</a></li><li><a href="/terms/">Terms</a></li></ul>
</footer>
</body>
</html>
"""


def meridian_post(page: ArticlePage) -> str:
    _, tw, li = _share(page.url, page.headline)
    description = page.paragraphs[0][:150].rsplit(" ", 1)[0] + "…" if page.paragraphs else ""
    return f"""<!doctype html>
<html lang="en-US" prefix="og: https://ogp.me/ns#">
<head>
<meta charset="UTF-8">
<title>{esc(page.headline)} | {esc(page.name)}</title>
<meta name="description" content="{esc(description)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(page.headline)} | {esc(page.name)}">
<meta property="og:site_name" content="{esc(page.name)}">
<meta property="og:url" content="{esc(page.url)}">
<meta property="og:description" content="{esc(description)}">
<meta property="article:published_time" content="{esc(page.published)}">
<meta property="article:modified_time" content="{esc(page.modified)}">
<meta property="article:section" content="{esc(page.section)}">
<meta name="author" content="By {esc(page.author)}">
<meta name="twitter:card" content="summary_large_image">
<link rel="canonical" href="{esc(page.url)}">
</head>
<body class="mp">
<div class="mp-topbar"><a href="/account/">Log in</a> <a href="/subscribe/">Subscribe</a></div>
<header class="mp-header"><div class="mp-brand"><a href="/">{esc(page.name)}</a></div>
<nav class="mp-nav"><a href="/world/">World</a> <a href="/us/">U.S.</a> <a href="/politics/">Politics</a>
<a href="/climate/">Climate</a></nav></header>
<div class="mp-layout">
<main class="mp-main">
<article class="mp-article">
<h1 class="mp-title">{esc(page.headline)}</h1>
<div class="mp-meta"><span class="mp-author">By {esc(page.author)}</span>
<span class="mp-date">Published {page.published_at:%b} {page.published_at.day}, {page.published_at.year}</span></div>
<ul class="mp-share"><li><a href="{tw}">Post</a></li><li><a href="{li}">LinkedIn</a></li>
<li><button type="button">Copy link</button></li></ul>
<section class="mp-body">
{_paragraphs(page.paragraphs)}
</section>
<div class="mp-paywall" role="complementary">
<p class="mp-paywall-title">You have read 3 of 5 free articles this month.</p>
<p>Subscribe to continue reading, with unlimited access from $1 a week.</p>
<a class="mp-cta" href="/subscribe/">Subscribe now</a></div>
</article>
</main>
<aside class="mp-rail"><h2>Most read</h2><ol>{_related(page.related)}</ol>
<div class="mp-ad"><span>Advertisement</span><div class="mp-ad-unit"></div></div></aside>
</div>
<footer class="mp-footer"><p>{esc(page.name)} &middot; Copyright 2024 Meridian Media Group</p>
<a href="/terms/">Terms of Service</a> <a href="/privacy/">Privacy</a> <a href="/contact/">Contact</a></footer>
</body>
</html>
"""


def northgate_courier(page: ArticlePage) -> str:
    fb, _, _ = _share(page.url, page.headline)
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": page.url, "url": page.url, "name": page.headline},
            {
                "@type": "NewsArticle",
                "mainEntityOfPage": {"@id": page.url},
                "headline": page.headline,
                "datePublished": page.published,
                "dateModified": page.modified,
                "author": {"@type": "Person", "name": page.author},
                "publisher": {"@id": page.base + "#publisher"},
            },
            {"@type": "Organization", "@id": page.base + "#publisher", "name": page.name},
        ],
    }
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" \
"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="en-GB">
<head>
<title>{esc(page.headline)} - {esc(page.name)}</title>
<meta property="og:title" content="{esc(page.headline)} | {esc(page.name)}" />
<meta property="og:site_name" content="{esc(page.name)}" />
<meta property="og:type" content="article" />
<meta property="article:published_time" content="{esc(page.published)}" />
{_jsonld(graph, ascii_only=True)}
<link rel="stylesheet" type="text/css" href="/css/courier.css" />
</head>
<body>
<div id="wrapper">
<div id="top-advert" class="advert"><p>Advertisement</p></div>
<div id="masthead"><a href="/"><img src="/img/courier-logo.gif" alt="{esc(page.name)}" /></a>
<span class="strapline">News you can trust since 1884</span></div>
<ul id="nav"><li><a href="/news/">News</a></li><li><a href="/sport/">Sport</a></li>
<li><a href="/business/">Business</a></li><li><a href="/letters/">Letters</a></li></ul>
<div id="breadcrumbs"><a href="/">Home</a> &gt; <a href="/news/">News</a> &gt; {esc(page.section)}</div>
<div id="content">
<div id="story">
<h1>{esc(page.headline)}</h1>
<p class="story-meta">By {esc(page.author)} &middot; {_uk_date(page.published_at)}</p>
<div id="story-body">
{_paragraphs(page.paragraphs)}
</div>
<div class="tools"><a href="#" onclick="window.print()">Print this page</a> |
<a href="mailto:?subject=Courier%20story">Email a friend</a> | <a href="{fb}">Share on Facebook</a></div>
</div>
<div id="sidebar"><h3>Related stories</h3><ul>{_related(page.related)}</ul>
<div class="advert"><p>Advertisement</p></div></div>
<div id="comments"><h3>Readers' comments (1)</h3>
<div class="comment"><b>Old Northgatian</b> wrote: <p>Same story every winter.</p></div>
<form action="/comments/" method="post"><textarea name="comment"></textarea><input type="submit" value="Post" /></form>
</div>
</div>
<div id="footer">&copy; 2024 {esc(page.name)} Ltd. All rights reserved. | <a href="/terms">Terms</a></div>
</div>
</body>
</html>
"""


def lakeshore_chronicle(page: ArticlePage) -> str:
    # No JSON-LD, no meta tags, no lang, and no site name anywhere: a visible byline and date.
    ad = '<div class="ad">Advertisement</div>'
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(page.headline)}</title>
<link rel="stylesheet" href="/static/lc.css">
</head>
<body>
<div class="cookie-notice">This site uses cookies. By continuing to browse you agree to our use of
cookies. <a href="#" class="dismiss">OK</a></div>
<table class="masthead" width="100%"><tr><td><a href="/"><img src="/static/masthead.png" alt=""></a></td>
<td class="nav"><a href="/city/">City</a> | <a href="/sports/">Sports</a> | <a href="/opinion/">Opinion</a>
| <a href="/obituaries/">Obituaries</a></td></tr></table>
<div class="article">
<h1 class="headline">{esc(page.headline)}</h1>
<div class="byline">By {esc(page.author)}</div>
<div class="date"><time datetime="{esc(page.published)}">{page.published_at:%A}, \
{_us_date(page.published_at)}</time></div>
<div class="article-text">
{_paragraphs(page.paragraphs, 3, ad)}
</div>
</div>
<div class="signup-box">Get the Lakeshore Daily in your inbox every morning.
<a href="/newsletter">Sign up for free</a></div>
{ad}
<div class="comments"><h3>Comments</h3><p class="comment">Terrible. Hope they catch whoever did this.
&mdash; <i>RiverdaleMom</i></p><p><a href="/login">Log in to leave a comment</a></p></div>
<div class="footer">Published by LC Media Inc., Toronto | <a href="/contact">Contact us</a></div>
</body>
</html>
"""


def messager_du_levant(page: ArticlePage) -> str:
    fb, tw, _ = _share(page.url, page.headline)
    moment = page.published_at
    when = f"{moment.day} {MOIS[moment.month - 1]} {moment.year} à {moment.hour} h {moment:%M}"
    ad = '<div class="pub">Publicité</div>'
    related = (
        f'<aside class="lire-aussi"><h2>Lire aussi</h2><ul>{_related(page.related)}</ul></aside>'
        if page.related
        else '<aside class="lire-aussi"><h2>Lire aussi</h2><ul>'
        '<li><a href="/fr/liban/">Toute l’actualité du Liban</a></li></ul></aside>'
    )
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>{esc(page.headline)} – {esc(page.name)}</title>
<link rel="canonical" href="{esc(page.url)}">
{_jsonld(_news_article(page, "fr"))}
</head>
<body>
<div class="rgpd-banner"><p>Nous utilisons des cookies pour mesurer l’audience et personnaliser
les publicités.</p><button type="button">Tout accepter</button> <button type="button">Paramétrer</button></div>
<header class="entete"><div class="logo"><a href="/">{esc(page.name)}</a></div>
<nav><a href="/fr/liban/">Liban</a> <a href="/fr/monde/">Monde</a> <a href="/fr/economie/">Économie</a>
<a href="/fr/culture/">Culture</a></nav><a class="abonnement" href="/abonnement/">S’abonner</a></header>
<main>
<article class="article">
<p class="rubrique">{esc(page.section)}</p>
<h1 class="titre">{esc(page.headline)}</h1>
<p class="auteur">Par <a href="/auteurs/">{esc(page.author)}</a>, le
<time datetime="{esc(page.published)}">{when}</time></p>
<div class="partage">Partager : <a href="{fb}">Facebook</a> <a href="{tw}">X</a></div>
<div class="article-texte">
{_paragraphs(page.paragraphs, 2, ad)}
</div>
{related}
<div class="newsletter"><p>Inscrivez-vous à notre lettre quotidienne</p>
<form action="/newsletter/" method="post"><input type="email" name="courriel"><button>OK</button></form></div>
<section class="commentaires"><h2>Commentaires</h2><p>Les commentaires sont réservés aux abonnés.</p></section>
</article>
</main>
<footer>&copy; {esc(page.name)} 2024 – Tous droits réservés</footer>
</body>
</html>
"""


def atlas_wire(page: ArticlePage) -> str:
    fb, tw, li = _share(page.url, page.headline)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(page.headline)} | {esc(page.name)}</title>
<meta property="og:title" content="{esc(page.headline)} | {esc(page.name)}">
<meta property="og:site_name" content="{esc(page.name)}">
<meta property="og:type" content="article">
<meta property="og:url" content="{esc(page.url)}">
<meta property="article:published_time" content="{esc(page.published)}">
<meta name="author" content="By {esc(page.author)}">
</head>
<body>
<div class="aw-alert">Breaking news, as it happens: <a href="/alerts/">turn on alerts</a></div>
<header class="aw-header"><a class="aw-logo" href="/">ATLAS WIRE</a>
<nav><a href="/top-news/">Top News</a> <a href="/world/">World</a> <a href="/markets/">Markets</a>
<a href="/photos/">Photos</a></nav></header>
<main>
<div class="aw-article">
<h1>{esc(page.headline)}</h1>
<div class="aw-byline">By {esc(page.author)} | {_us_date(page.published_at)} \
{page.published_at:%H:%M} GMT</div>
<div class="aw-share">Share this article: <a href="{fb}">Facebook</a> <a href="{tw}">X</a>
<a href="{li}">LinkedIn</a></div>
<div class="aw-text">
{_paragraphs(page.paragraphs)}
</div>
<div class="aw-ad">Advertisement</div>
<div class="aw-related"><h2>Related coverage</h2><ul>{_related(page.related)}</ul></div>
</div>
</main>
<footer>Atlas Wire is a global news agency. &copy; 2024 Atlas Wire. All rights reserved.</footer>
</body>
</html>
"""


def halden_institute(page: ArticlePage) -> str:
    label = "Members-only briefing" if page.section == "Briefings" else "Research note"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(page.headline)} | {esc(page.name)}</title>
<meta property="og:title" content="{esc(page.headline)} | {esc(page.name)}">
<meta property="og:site_name" content="{esc(page.name)}">
<meta property="article:published_time" content="{esc(page.published)}">
<meta name="author" content="By {esc(page.author)}">
</head>
<body>
<header><a href="/">{esc(page.name)}</a> <a href="/research/">Research</a> <a href="/reports/">Reports</a>
<a href="/about/">About</a></header>
<main>
<header class="note-head">
<p class="label">{label}</p>
<h1>{esc(page.headline)}</h1>
<p class="authors">By {esc(page.author)}</p>
</header>
<div class="briefing-body">
{_paragraphs(page.paragraphs)}
</div>
<div class="download"><a href="/reports/">Download the PDF</a></div>
<div class="share">Share this article: <a href="{_share(page.url, page.headline)[2]}">LinkedIn</a></div>
</main>
<aside class="more"><h2>More from {esc(page.name)}</h2><ul>{_related(page.related)}</ul></aside>
<div class="newsletter-box"><p>Sign up for our newsletter: new research, once a month.</p>
<form action="/newsletter/" method="post"><input type="email" name="email"><button>Sign up</button></form></div>
<div class="cookie-bar">We use cookies to understand how our research is read. <button>OK</button></div>
<footer>{esc(page.name)}, Oslo. All rights reserved.</footer>
</body>
</html>
"""


def never_served(page: ArticlePage) -> str:
    raise AssertionError("the defunct outlet has no server")
