"""The catalogue's sections of the home page: top categories and the newest listings."""

from __future__ import annotations

from trading_floor.catalog import queries


def categories_section() -> dict | None:
    nodes = queries.top_categories(limit=8)
    return {"template": "catalog/_home_categories.html", "categories": nodes} if nodes else None


def newest_section() -> dict | None:
    listings = queries.newest_listings(limit=12)
    return {"template": "catalog/_home_newest.html", "listings": listings} if listings else None
