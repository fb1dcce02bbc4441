"""Alerts fixtures: the trade fixtures (a category, a verified seller, listings), an RFQ
poster, and the e-mails of the outbox with their headers."""

from __future__ import annotations

from datetime import date
from email import message_from_bytes
from email import policy as email_policy
from pathlib import Path

import pytest

from tests.trade.conftest import category, listing, make_listing, seller  # noqa: F401
from trading_floor.trade import rfqs


def mails(app) -> list:
    """The messages in the outbox, oldest first, as email.message objects (headers included)."""
    return [message_from_bytes(path.read_bytes(), policy=email_policy.default)
            for path in sorted(Path(app.config["OUTBOX_DIR"]).glob("*.eml"))]


def alert_mails(app) -> list:
    """The alert e-mails (those with a one-click unsubscribe), leaving out claim decisions etc."""
    return [m for m in mails(app) if m["List-Unsubscribe"]]


def body(message) -> str:
    return message.get_content()


@pytest.fixture
def post_rfq(make_user, category):  # noqa: F811
    buyer = {}

    def post(title: str = "Cần mua nhãn lồng", category_id: int | None = None):
        if "user" not in buyer:
            buyer["user"] = make_user(email="nguoimua@example.vn")
        return rfqs.create_rfq(buyer["user"], title=title, description="", quantity=2000,
                               category_id=category_id or category.id, unit="kg",
                               target_price_vnd=42_000, delivery_commune_code=None,
                               delivery_place="Phố Nối", deadline_day=date(2026, 12, 20))

    return post
