"""How the domains are put together: the one place that knows them all (with setup.py, demo.py,
cli.py and healthz.py). core/ stays a leaf that imports no domain."""

from __future__ import annotations

from flask import Flask
from flask_login import user_logged_in

from trading_floor.catalog import changes as listing_changes
from trading_floor.catalog import home as catalog_home
from trading_floor.content import home as content_home
from trading_floor.core import home_sections, metrics
from trading_floor.core.signals import (
    accessed,
    listings_changed,
    registry_changed,
    rfqs_changed,
    searched,
)
from trading_floor.jobs import outbox
from trading_floor.legal import gate as legal_gate
from trading_floor.monitoring import recording
from trading_floor.outreach import demand
from trading_floor.trade import home as trade_home
from trading_floor.webhooks import services as webhooks

# the home page's sections, top to bottom
HOME_SECTIONS = (
    catalog_home.categories_section,
    catalog_home.newest_section,
    trade_home.newest_requests,
    content_home.latest_announcements,
)

# monitoring counts the visits the views announce (blinker connects a receiver once)
accessed.connect(recording.on_accessed, weak=False)
# the sign-up form's box records the acceptance of the rules in force
user_logged_in.connect(legal_gate.accept_at_signup, weak=False)
# partners subscribed to webhooks hear of listings and requests that changed
listings_changed.connect(webhooks.on_listings_changed, weak=False)
registry_changed.connect(webhooks.on_registry_changed, weak=False)
rfqs_changed.connect(webhooks.on_rfqs_changed, weak=False)
# the demand report records every listing search
searched.connect(demand.on_searched, weak=False)
# partners mirror the catalogue from the listing change log, numbered after each commit
listings_changed.connect(listing_changes.on_listings_changed, weak=False)
registry_changed.connect(listing_changes.on_registry_changed, weak=False)


def init_app(app: Flask) -> None:
    home_sections.init_app(app, HOME_SECTIONS)
    # a member accepts the rules in force before using the floor (legal/gate.py)
    app.before_request(legal_gate.require_acceptance)
    app.context_processor(legal_gate.footer_context)


# /metrics: the job queue's backlog (jobs pending or running) and failed jobs, read when scraped
metrics.gauge_source("floor_jobs_backlog", "Jobs pending or running (the jobs table)",
                     lambda: outbox.counts()["backlog"])
metrics.gauge_source("floor_jobs_failed", "Jobs failed after every attempt",
                     lambda: outbox.counts()["failed"])
