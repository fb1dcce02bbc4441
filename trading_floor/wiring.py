"""How the domains are put together: the one place that knows them all (with setup.py, demo.py,
cli.py and healthz.py). core/ stays a leaf that imports no domain."""

from __future__ import annotations

from flask import Flask

from trading_floor.catalog import home as catalog_home
from trading_floor.content import home as content_home
from trading_floor.core import home_sections
from trading_floor.core.signals import accessed, searched
from trading_floor.monitoring import recording
from trading_floor.outreach import demand
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
# the demand report records every listing search
searched.connect(demand.on_searched, weak=False)


def init_app(app: Flask) -> None:
    home_sections.init_app(app, HOME_SECTIONS)
