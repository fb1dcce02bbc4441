"""sitemap.xml: an index of chunks of at most SITEMAP_CHUNK URLs (50,000 is the protocol's
limit), each chunk written with the stdlib XML writer from keyset pages of ids."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from xml.sax.saxutils import XMLGenerator

from sqlalchemy import func, select

from trading_floor.catalog.models import Category, Listing
from trading_floor.catalog.visibility import public_condition
from trading_floor.extensions import db
from trading_floor.feeds.merchant import _Chunks
from trading_floor.registry.models import ACTIVE, RegistryEnterprise

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
KINDS = ("pages", "listings", "enterprises")


def _public_enterprises():
    return (RegistryEnterprise.status == ACTIVE) & RegistryEnterprise.verified_at.is_not(None)


def count(kind: str) -> int:
    if kind == "listings":
        return db.session.scalar(select(func.count()).select_from(Listing).join(
            RegistryEnterprise, Listing.enterprise_id == RegistryEnterprise.id)
            .where(public_condition())) or 0
    if kind == "enterprises":
        return db.session.scalar(select(func.count()).select_from(RegistryEnterprise)
                                 .where(_public_enterprises())) or 0
    return 1 + (db.session.scalar(select(func.count()).select_from(Category)) or 0)


def chunks(kind: str, size: int) -> int:
    return max(1, math.ceil(count(kind) / size))


def _keyset(stmt, key, start: int, size: int, page: int = 1000) -> Iterator:
    """Rows number start+1 .. start+size of stmt in key order, a keyset page at a time."""
    first = db.session.scalar(stmt.with_only_columns(key).order_by(key).offset(start).limit(1))
    if first is None:
        return
    condition, left = key >= first, size
    while left > 0:
        rows = db.session.execute(stmt.where(condition).order_by(key)
                                  .limit(min(page, left))).all()
        yield from rows
        left -= len(rows)
        if len(rows) < page:
            return
        condition = key > rows[-1][0]


def entries(kind: str, number: int, size: int, url_for: Callable) -> Iterator[tuple[str, datetime | None]]:
    """(URL, last modified) of chunk `number` (from 1) of a kind."""
    start = (number - 1) * size
    if kind == "listings":
        stmt = (select(Listing.id, Listing.title, Listing.updated_at)
                .join(RegistryEnterprise, Listing.enterprise_id == RegistryEnterprise.id)
                .where(public_condition()))
        for listing_id, title, updated in _keyset(stmt, Listing.id, start, size):
            yield url_for("listing", listing_id=listing_id, title=title), updated
    elif kind == "enterprises":
        stmt = select(RegistryEnterprise.id, RegistryEnterprise.code,
                      RegistryEnterprise.updated_at).where(_public_enterprises())
        for _id, code, updated in _keyset(stmt, RegistryEnterprise.id, start, size):
            yield url_for("storefront", code=code), updated
    else:  # the home page and the categories: a few hundred at most
        pages = [url_for("home")] + [url_for("category", slug=slug) for slug in db.session.scalars(
            select(Category.slug).order_by(Category.id))]
        for url in pages[start: start + size]:
            yield url, None


def urlset(urls: Iterable[tuple[str, datetime | None]]) -> Iterator[str]:
    return _document("urlset", "url", urls)


def index(urls: Iterable[tuple[str, datetime | None]]) -> Iterator[str]:
    return _document("sitemapindex", "sitemap", urls)


def _document(root: str, element: str, urls: Iterable[tuple[str, datetime | None]]
              ) -> Iterator[str]:
    out = _Chunks()
    writer = XMLGenerator(out, encoding="utf-8")
    writer.startDocument()
    writer.startElement(root, {"xmlns": NS})
    for number, (url, modified) in enumerate(urls, 1):
        writer.startElement(element, {})
        writer.startElement("loc", {})
        writer.characters(url)
        writer.endElement("loc")
        if modified is not None:
            writer.startElement("lastmod", {})
            writer.characters(modified.strftime("%Y-%m-%dT%H:%M:%SZ"))
            writer.endElement("lastmod")
        writer.endElement(element)
        if number % 1000 == 0:
            yield out.take()
    writer.endElement(root)
    writer.endDocument()
    yield out.take() + "\n"
