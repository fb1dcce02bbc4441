"""Text that people write, made safe to show: the one module that imports nh3 and markdown-it.

Officers write pages and announcements in Markdown; it is rendered by markdown-it (raw HTML off,
so `<script>` comes out as text) and the HTML is then sanitised by nh3 with a short allow-list of
tags and URL schemes (a `javascript:` link loses its href). Listing descriptions are plain text:
markup pasted into them is stripped.
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"])

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"},
                      "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_HEADING = re.compile(r"<(/?)h1>")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to put in a page as it is (a page's own h1 is its title)."""
    rendered = _md.render(text or "")
    rendered = _HEADING.sub(r"<\1h2>", rendered)
    return nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")


def markdown_excerpt(text: str, length: int = 200) -> str:
    """The first words of a Markdown text as plain text, cut at a word boundary."""
    plain = html.unescape(_TAG.sub(" ", render_markdown(text)))
    plain = _SPACE.sub(" ", plain).strip()
    if len(plain) <= length:
        return plain
    return plain[:length].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def strip_markup(text: str) -> str:
    """Plain text: every tag removed, entities decoded."""
    return html.unescape(nh3.clean(text, tags=set()))
