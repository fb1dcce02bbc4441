"""A Merchant-format feed file (TSV or RSS/Atom XML with g: fields, as Shopee/Lazada seller
centres and most carts export) turned into the listing import's CSV, then imported by the listing
import itself: the same rules, the same upsert by sku, the same all-or-nothing report.

Line numbers in the report: the header is line 1, the n-th product is line n + 1 (in XML too)."""

from __future__ import annotations

import csv
import io
import re
from xml.etree import ElementTree as ET

from flask_babel import gettext as _

from trading_floor.catalog import importer
from trading_floor.core.tabular import RowError
from trading_floor.registry.models import RegistryEnterprise

G_NS = "{http://base.google.com/ns/1.0}"
ATOM_NS = "{http://www.w3.org/2005/Atom}"
FIELDS = ("id", "title", "description", "price", "availability", "product_type")
AVAILABILITY = {"in_stock": "in_stock", "in stock": "in_stock", "preorder": "made_to_order",
                "backorder": "made_to_order", "out_of_stock": "made_to_order",
                "out of stock": "made_to_order"}
_PRICE = re.compile(r"^\s*([0-9][0-9.,]*)\s*([A-Za-z]{3})?\s*$")
MAX_BYTES = 20 * 2**20


class FeedFileError(ValueError):
    pass


def _tsv_items(text: str) -> list[dict[str, str]]:
    lines = text.lstrip("\ufeff").splitlines()
    if not lines:
        raise FeedFileError(_("Tệp trống."))
    header = [name.strip().lower().removeprefix("g:") for name in lines[0].split("\t")]
    if "id" not in header or "title" not in header:
        raise FeedFileError(_("Dòng 1 phải có ít nhất các cột id và title (định dạng Merchant)."))
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:]
            if line.strip()]


def _xml_items(content: bytes) -> list[dict[str, str]]:
    try:
        root = ET.fromstring(content)
    except ET.ParseError as error:
        raise FeedFileError(_("Tệp XML không đọc được: %(e)s", e=str(error))) from None
    items = list(root.iter("item")) or list(root.iter(f"{ATOM_NS}entry"))
    found = []
    for item in items:
        fields: dict[str, str] = {}
        for child in item:
            name = child.tag.removeprefix(G_NS).removeprefix(ATOM_NS)
            fields.setdefault(name, (child.text or "").strip())
        found.append(fields)
    return found


def _price(text: str) -> tuple[str, str | None]:
    """("30000", None) from "30000 VND", "30,000 VND" or "30000.00 VND"; an error otherwise."""
    text = (text or "").strip()
    if not text:
        return "", None
    match = _PRICE.match(text)
    if not match:
        return "", _("giá «%(p)s» không đọc được (ví dụ 30000 VND)", p=text)
    number, currency = match.group(1), (match.group(2) or "VND").upper()
    if currency != "VND":
        return "", _("giá phải tính bằng VND, không phải %(c)s", c=currency)
    number = re.sub(r"[.,]00$", "", number).replace(",", "").replace(".", "")
    return number, None


def to_listing_rows(content: bytes, filename: str) -> tuple[list[dict[str, str]],
                                                            list[RowError]]:
    """The products of the feed as rows of the listing import (without category and unit)."""
    if len(content) > MAX_BYTES:
        raise FeedFileError(_("Tệp quá lớn (tối đa 20 MB)."))
    if filename.lower().endswith(".xml") or content.lstrip()[:1] == b"<":
        items = _xml_items(content)
    else:
        try:
            items = _tsv_items(content.decode("utf-8"))
        except UnicodeDecodeError:
            raise FeedFileError(_("Tệp phải là UTF-8.")) from None
    rows, errors = [], []
    for line, item in enumerate(items, start=2):
        price, problem = _price(item.get("price", ""))
        if problem:
            errors.append(RowError(line, "price", problem))
        availability = (item.get("availability") or "in_stock").strip().lower()
        rows.append({"sku": (item.get("id") or "").strip(),
                     "title": (item.get("title") or "").strip(),
                     "description": (item.get("description") or "").strip(),
                     "price_vnd": price,
                     "availability": AVAILABILITY.get(availability, availability),
                     "product_type": (item.get("product_type") or "").split(">")[-1].strip()})
    return rows, errors


def import_feed(content: bytes, filename: str, enterprise: RegistryEnterprise, category: str,
                unit: str, actor_id: int | None) -> importer.ListingImportReport:
    """Imports the feed's products as the enterprise's listings (drafts, or updated by sku).
    `category` (slug) is used where the product_type is not one of the floor's categories;
    `unit` is the unit of sale for every product (Merchant feeds have none)."""
    report = importer.ListingImportReport()
    try:
        rows, report.errors = to_listing_rows(content, filename)
    except FeedFileError as error:
        report.errors.append(RowError(1, "", str(error)))
        return report
    if not rows and not report.errors:
        report.errors.append(RowError(1, "", _("Tệp không có sản phẩm nào.")))
    if report.errors:
        return report
    known = importer.category_index()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["sku", "title", "description", "category", "price_vnd", "unit",
                     "availability"])
    for row in rows:
        chosen = row["product_type"] if row["product_type"].lower() in known else category
        writer.writerow([row["sku"], row["title"], row["description"], chosen,
                         row["price_vnd"], unit, row["availability"]])
    return importer.import_listings(out.getvalue().encode("utf-8"), "merchant-feed.csv",
                                    enterprise, actor_id=actor_id)
