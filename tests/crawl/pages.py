"""What the crawl reads off an HTML page: its language, the local links and GET forms a person
can follow, the resources it loads, and the text a person sees (for the English-mode check)."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

# every Vietnamese letter that English never uses: đ and the vowels with a tone, breve, circumflex
# or horn (built, not typed: a, ă, â, e, ê, i, o, ô, ơ, u, ư, y × the five tone marks)
_BASES = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", base + tone).lower()
    for base in _BASES for tone in _TONES) - set("aeiouy") | {"đ"}
_WORD = re.compile(r"\w+", re.UNICODE)

# text that is not a person's reading of the page
_INVISIBLE = {"script", "style", "template"}
# attributes a person sees (or hears, with a screen reader)
_VISIBLE_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
_BUTTON_INPUTS = {"submit", "button", "reset"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


def is_vietnamese(text: str) -> bool:
    return any(ch in VIETNAMESE_LETTERS for ch in text.lower())


def vietnamese_words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text) if is_vietnamese(word)]


class Page(HTMLParser):
    """One HTML page, parsed once: lang, links, GET forms, resources and visible text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.links: list[str] = []
        self.forms: list[dict] = []  # {"action": str|None, "fields": [(name, value)]}
        self.resources: list[str] = []
        self.texts: list[str] = []
        self._skip = 0
        self._marked: list[str] = []  # open elements with lang="vi" inside a page in English
        self._form: dict | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None
        self.feed(html)
        self.close()

    # --- parsing ---------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "html" and self.lang is None:
            self.lang = a.get("lang")
        elif a.get("lang", "").startswith("vi") and tag not in _VOID:
            self._marked.append(tag)  # marked as Vietnamese on purpose (a name in both languages)
        if tag in _INVISIBLE:
            self._skip += 1
        for name in _VISIBLE_ATTRIBUTES:
            if a.get(name) and not self._marked:
                self.texts.append(a[name])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag in ("img", "script", "source") and a.get("src"):
            self.resources.append(a["src"])
        elif tag == "link" and a.get("href") and "stylesheet" in a.get("rel", "") + " icon":
            self.resources.append(a["href"])
        elif tag == "form":
            self._form = {"action": a.get("action"), "get": a.get("method", "get").lower() == "get",
                          "fields": []}
            self.forms.append(self._form)
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in _BUTTON_INPUTS and a.get("value") and not self._marked:
                self.texts.append(a["value"])
            if self._form is not None and a.get("name") and kind not in (
                    *_BUTTON_INPUTS, "image", "file") and (
                    kind not in ("checkbox", "radio") or "checked" in a):
                self._form["fields"].append((a["name"], a.get("value", "on" if kind in (
                    "checkbox", "radio") else "")))
        elif tag == "select":
            self._select = {"name": a.get("name"), "value": None, "first": None}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
        elif tag == "textarea":
            self._textarea = {"name": a.get("name"), "text": ""}
        if tag in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self._marked and self._marked[-1] == tag:
            self._marked.pop()
        if tag in _INVISIBLE and self._skip:
            self._skip -= 1
        elif tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value = self._option["value"]
            value = self._option["text"].strip() if value is None else value
            if self._select["first"] is None:
                self._select["first"] = value
            if self._option["selected"]:
                self._select["value"] = value
            self._option = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["value"] if self._select["value"] is not None \
                else self._select["first"]
            if self._form is not None and self._select["name"] and chosen is not None:
                self._form["fields"].append((self._select["name"], chosen))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None and self._textarea["name"]:
                self._form["fields"].append((self._textarea["name"], self._textarea["text"]))
            self._textarea = None

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data
        if not self._skip and not self._marked and data.strip():
            self.texts.append(data)

    # --- what the crawl uses ---------------------------------------------------------------
    def get_form_urls(self, page_url: str) -> list[str]:
        """Each GET form submitted as it stands (what pressing its button asks for)."""
        urls = []
        for form in self.forms:
            if not form["get"]:
                continue
            action = urljoin(page_url, form["action"] or page_url)
            action = action.split("?", 1)[0] if form["action"] is None else action
            query = urlencode(form["fields"])
            urls.append(action + ("&" if "?" in action else "?") + query if query else action)
        return urls

    def visible_text(self) -> list[str]:
        return [" ".join(unicodedata.normalize("NFC", t).split()) for t in self.texts]


def local_path(url: str, base: str, host: str = "localhost") -> str | None:
    """The path?query of a link on this floor, or None for another site / mail / phone."""
    if url.startswith(("mailto:", "tel:", "javascript:", "data:", "#")):
        return None
    parts = urlsplit(urljoin(base, url.split("#", 1)[0]))
    if parts.scheme not in ("http", "https") or parts.hostname not in (host, None):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")
