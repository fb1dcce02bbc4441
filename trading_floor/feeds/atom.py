"""Atom feeds of new public listings and of new open requests for quotation, for the whole floor
or one category (its subcategories included). Small (the newest ATOM_SIZE entries), built with
ElementTree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from xml.etree import ElementTree as ET

from sqlalchemy import select

from trading_floor.catalog.models import Category
from trading_floor.extensions import db
from trading_floor.feeds.merchant import clean
from trading_floor.trade.models import Rfq
from trading_floor.trade.rfqs import open_condition

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_SIZE = 50


@dataclass(frozen=True)
class Entry:
    url: str
    title: str
    summary: str
    published: datetime
    updated: datetime
    category: str


def category_by_slug(slug: str) -> Category | None:
    return db.session.scalar(select(Category).where(Category.slug == slug))


def subtree(category: Category) -> list[int]:
    """The category and all categories under it (a cycle in the taxonomy stops the walk)."""
    ids, frontier = [category.id], [category.id]
    while frontier:
        frontier = [i for i in db.session.scalars(select(Category.id).where(
            Category.parent_id.in_(frontier))) if i not in ids]
        ids.extend(frontier)
    return ids


def newest_rfqs(category_ids: list[int] | None, limit: int = ATOM_SIZE) -> list[Rfq]:
    """Open requests, newest first (the buyer's name is not in the feed)."""
    stmt = select(Rfq).where(open_condition())
    if category_ids is not None:
        stmt = stmt.where(Rfq.category_id.in_(category_ids))
    return list(db.session.scalars(stmt.order_by(Rfq.created_at.desc(), Rfq.id.desc())
                                   .limit(limit)))


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, name: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{name}", attributes)
    if text is not None:
        element.text = clean(text)
    return element


def document(*, title: str, self_url: str, page_url: str, author: str,
             entries: list[Entry]) -> bytes:
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _sub(feed, "id", self_url)
    _sub(feed, "title", title)
    newest = max((e.updated for e in entries), default=datetime(2025, 7, 1))
    _sub(feed, "updated", _stamp(newest))
    _sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=page_url, type="text/html")
    _sub(_sub(feed, "author"), "name", author)
    for entry in entries:
        element = _sub(feed, "entry")
        _sub(element, "id", entry.url)
        _sub(element, "title", entry.title)
        _sub(element, "link", rel="alternate", href=entry.url, type="text/html")
        _sub(element, "published", _stamp(entry.published))
        _sub(element, "updated", _stamp(entry.updated))
        _sub(element, "category", term=clean(entry.category))
        _sub(element, "summary", entry.summary[:1000])
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
