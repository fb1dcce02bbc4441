"""The Merchant-format product feed (RSS 2.0 with the g: namespace, and TSV): what national
floors, comparison sites and search engines read. Written with the stdlib XML writer
(xml.sax.saxutils.XMLGenerator escapes every text) and tab-joined lines, chunk by chunk as rows arrive.

A "liên hệ" listing (no price) cannot be in a priced feed: it is left out and the feed says how
many were (the channel's description, and the X-Feed-Omitted-Price-On-Request header)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import XMLGenerator

from trading_floor.catalog.structured_data import in_season
from trading_floor.i18n import slugify

G_NS = "http://base.google.com/ns/1.0"
FLUSH_EVERY = 200  # items per chunk handed to the server
TSV_COLUMNS = ("id", "title", "description", "link", "image_link", "availability", "price",
               "brand", "identifier_exists", "condition", "product_type", "external_seller_id")
DESCRIPTION_LIMIT = 5000  # Merchant's limit for description
# characters XML 1.0 cannot carry at all (escaping does not help): dropped from texts
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return _NOT_XML.sub("", text or "")


@dataclass(frozen=True)
class Urls:
    """How a row becomes absolute URLs (given by the view, which knows the request's host)."""

    listing: Callable[[int, str], str]  # (listing id, slug) -> URL
    photo: Callable[[str], str]  # filename -> URL


def availability(row) -> str:
    """Merchant's availability: made to order is a backorder; out of season a preorder."""
    if row.availability == "made_to_order":
        return "backorder"
    if not in_season(row):
        return "preorder"
    return "in_stock"


def item(row, urls: Urls) -> dict[str, str]:
    """One product of the feed, field by field (the same for XML and TSV)."""
    description = clean(row.description or row.title)[:DESCRIPTION_LIMIT]
    return {
        "id": f"{row.enterprise_code}-{row.sku}"[:50],
        "title": clean(row.title)[:150],
        "description": description,
        "link": urls.listing(row.id, slugify(row.title)),
        "image_link": urls.photo(row.image) if row.image else "",
        "availability": availability(row),
        "price": f"{row.price_vnd} VND",
        "brand": clean(row.enterprise_name)[:70],
        "identifier_exists": "no",  # no GTIN or MPN: the floor's products are mostly local goods
        "condition": "new",
        "product_type": row.category_name,
        # the tax code: stable, public (it is in the storefront's address and its JSON-LD)
        "external_seller_id": row.enterprise_code,
    }


class _Chunks(io.StringIO):
    def take(self) -> str:
        text = self.getvalue()
        self.seek(0)
        self.truncate()
        return text


def xml_feed(rows: Iterable, urls: Urls, *, title: str, link: str, description: str
             ) -> Iterator[str]:
    """RSS 2.0 with g: elements, yielded as text chunks (one every FLUSH_EVERY items)."""
    out = _Chunks()
    writer = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
    writer.startDocument()
    writer.startPrefixMapping("g", G_NS)
    # the NS form writes the pending xmlns:g declaration on <rss>
    writer.startElementNS((None, "rss"), "rss", {(None, "version"): "2.0"})
    writer.startElement("channel", {})
    for name, text in (("title", title), ("link", link), ("description", description)):
        _text_element(writer, name, text)
    yield out.take()
    for count, row in enumerate(rows, 1):
        writer.startElement("item", {})
        for name, value in item(row, urls).items():
            if value:
                writer.startElementNS((G_NS, name), f"g:{name}", {})
                writer.characters(value)
                writer.endElementNS((G_NS, name), f"g:{name}")
        writer.endElement("item")
        if count % FLUSH_EVERY == 0:
            yield out.take()
    writer.endElement("channel")
    writer.endElementNS((None, "rss"), "rss")
    writer.endPrefixMapping("g")
    writer.endDocument()
    yield out.take() + "\n"


def _text_element(writer: XMLGenerator, name: str, text: str) -> None:
    writer.startElement(name, {})
    writer.characters(text)
    writer.endElement(name)


def tsv_feed(rows: Iterable, urls: Urls) -> Iterator[str]:
    """Tab-separated, a header row first; tabs and line breaks inside a text become spaces
    (Merchant's TSV has no quoting)."""
    lines = ["\t".join(TSV_COLUMNS)]
    for count, row in enumerate(rows, 1):
        fields = item(row, urls)
        lines.append("\t".join(_flat(fields[name]) for name in TSV_COLUMNS))
        if count % FLUSH_EVERY == 0:
            yield "\n".join(lines) + "\n"
            lines = []
    yield "".join(line + "\n" for line in lines)


def _flat(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())
