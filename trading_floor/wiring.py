"""How the domains are put together: the one place that knows them all (with setup.py, demo.py,
cli.py and healthz.py). core/ stays a leaf that imports no domain."""

from __future__ import annotations

from flask import Flask

from trading_floor.catalog import changes as listing_changes
from trading_floor.catalog import home as catalog_home
from trading_floor.content import home as content_home
from trading_floor.core import home_sections
from trading_floor.core.signals import accessed, listings_changed, registry_changed
from trading_floor.monitoring import recording
from trading_floor.trade import home as trade_home

# the home page's sections, top to bottom
HOME_SECTIONS = (
    catalog_home.categories_section,
    catalog_home.newest_section,
    trade_home.newest_requests,
    content_home.latest_announcements,
)

# monitoring counts the visits the views announce (blinker connects a receiver once)
accessed.connect(recording.on_accessed, weak=False)
# partners mirror the catalogue from the listing change log, numbered after each commit
listings_changed.connect(listing_changes.on_listings_changed, weak=False)
registry_changed.connect(listing_changes.on_registry_changed, weak=False)


def init_app(app: Flask) -> None:
    home_sections.init_app(app, HOME_SECTIONS)
