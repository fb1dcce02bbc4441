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
                      "ol": {"start"}, "th": {"align"}, "td": {"align"},
                      "h2": {"id"}, "h3": {"id"}, "h4": {"id"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_HEADING = re.compile(r"<(/?)h1\b")
_TAG = re.compile(r"<[^>]+>")
_TABLE = re.compile(r"<table>.*?</table>", re.S)
_SPACE = re.compile(r"\s+")
# "## Title {#anchor}" names a heading's anchor; other headings are anchored by their words
_ANCHOR = re.compile(r"\s*\{#([a-z0-9][a-z0-9-]{0,60})\}\s*$")


def _anchor_headings(tokens) -> None:
    from trading_floor.i18n import slugify

    for heading, inline in zip(tokens, tokens[1:], strict=False):
        if heading.type != "heading_open" or inline.type != "inline":
            continue
        anchor = None
        last = inline.children[-1] if inline.children else None
        if last is not None and last.type == "text" and (match := _ANCHOR.search(last.content)):
            anchor = match.group(1)
            last.content = last.content[:match.start()]
        if anchor or any(ch.isalnum() for ch in inline.content):
            heading.attrSet("id", anchor or slugify(inline.content, 60))


def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to put in a page as it is (a page's own h1 is its title)."""
    tokens = _md.parse(text or "")
    _anchor_headings(tokens)
    rendered = _md.renderer.render(tokens, _md.options, {})
    rendered = _HEADING.sub(r"<\1h2", rendered)
    return nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")


def markdown_excerpt(text: str, length: int = 200) -> str:
    """The first words of a Markdown text as plain text, cut at a word boundary."""
    rendered = _TABLE.sub(" ", render_markdown(text))  # a table's cells make no sentence
    plain = html.unescape(_TAG.sub(" ", rendered))
    plain = _SPACE.sub(" ", plain).strip()
    if len(plain) <= length:
        return plain
    return plain[:length].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def strip_markup(text: str) -> str:
    """Plain text: every tag removed, entities decoded."""
    return html.unescape(nh3.clean(text, tags=set()))
