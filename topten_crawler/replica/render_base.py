"""What every renderer of the replica site shares: text escaped as WordPress prints it, dates,
image size paths, the Gravity Forms sign-up form, and :class:`RendererBase`, which holds the site,
its addresses and the page weight.

Like WordPress, every internal link is absolute, built on the server's base URL (see
:meth:`RendererBase.url`); only editors' "Related Story" lines may use a relative path.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Literal

from topten_crawler.replica import theme
from topten_crawler.replica.content import LinkResolver, SiteContent

PageWeight = Literal["full", "light"]

# wptexturize() prints typographic characters as numeric references; decoding them is part of a
# cleaner's job, so the replica does the same inside post content and titles.
_TEXTURIZE = str.maketrans(
    {
        "’": "&#8217;",
        "‘": "&#8216;",
        "“": "&#8220;",
        "”": "&#8221;",
        "—": "&#8212;",
        "–": "&#8211;",
        "…": "&#8230;",
        "\u00a0": "&nbsp;",
    }
)
SITE_LOGO = theme.SITE_LOGO


def esc(text: str) -> str:
    """Text for an element body or attribute value."""
    return html.escape(text, quote=True)


def tx(text: str) -> str:
    """Text as wptexturize prints it: escaped, ampersands and curly quotes as numeric references."""
    return html.escape(text, quote=False).replace("&amp;", "&#038;").translate(_TEXTURIZE)


def display_date(moment: datetime) -> str:
    return f"{moment:%B} {moment.day}, {moment.year}"


def sized(path: str, width: int, height: int) -> str:
    """The path of a WordPress intermediate image size (``x-300x169.jpg``)."""
    stem, dot, ext = path.rpartition(".")
    return f"{stem}-{width}x{height}.{ext}" if dot else path


def gravity_form(form_id: int = 1) -> str:
    # Gravity Forms 2.5+ markup with the field left at its default label, which is where the
    # "Untitled(Required)" boilerplate of the real pages comes from.
    f = form_id
    return (
        '<div class="gform_wrapper gravity-theme"><div class="gform_heading">'
        '<h2 class="gform_title">Sign Up for Lisa\'s Top Ten</h2></div>\n'
        f'<form id="gform_{f}" method="post"><div class="gform-body gform_body">'
        f'<div id="gform_fields_{f}" class="gform_fields top_label form_sublabel_below '
        'description_below">\n'
        f' <div id="field_{f}_1" class="gfield gfield--type-email gfield_contains_required '
        'hidden_label gfield_visibility_visible">\n'
        f'  <label class="gfield_label gform-field-label" for="input_{f}_1">Untitled'
        '<span class="gfield_required"><span class="gfield_required gfield_required_text">'
        "(Required)</span></span></label>\n"
        '  <div class="ginput_container ginput_container_email">'
        f'<input name="input_1" id="input_{f}_1" type="email" aria-required="true"></div></div>\n'
        '</div></div><div class="gform_footer top_label"><input type="submit" '
        'class="gform_button button" value="Subscribe"></div></form></div>'
    )


class RendererBase:
    """The site and server addresses one renderer prints for; the page kinds build on it."""

    def __init__(
        self, content: SiteContent, links: LinkResolver, page_weight: PageWeight = "full"
    ) -> None:
        if page_weight not in ("full", "light"):
            raise ValueError(f"page_weight must be 'full' or 'light', not {page_weight!r}")
        self.content = content
        self.links = links
        self.page_weight = page_weight
        self.full = page_weight == "full"

    def url(self, path: str) -> str:
        return self.links.site(path)
