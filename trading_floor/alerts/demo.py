"""Alerts in the demo: the demo buyer's saved searches and the demo owner's choices, so the
preferences page (/tai-khoan/thong-bao) has something to show after `make run`."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from trading_floor.accounts.models import User
from trading_floor.alerts import preferences, saved_searches
from trading_floor.extensions import db


def build_alerts_demo(buyer_email: str, owner_email: str,
                      echo: Callable[[str], None] = print) -> None:
    echo("Đang tạo lựa chọn nhận thư và tìm kiếm đã lưu mẫu…")
    buyer = db.session.scalar(select(User).where(User.email == buyer_email))
    owner = db.session.scalar(select(User).where(User.email == owner_email))
    if buyer is not None:
        for args in ({"q": "nhãn lồng"}, {"q": "mật ong", "price_max": "300000"}):
            saved_searches.save_search(buyer, args)
        preferences.set_frequency(buyer, preferences.SAVED_SEARCH, preferences.DAILY)
    if owner is not None:
        preferences.set_frequency(owner, preferences.RFQ, preferences.IMMEDIATE)
        preferences.set_frequency(owner, preferences.SUMMARY, preferences.WEEKLY)
