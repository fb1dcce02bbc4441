"""Trade fixtures: a category, public listings of a verified seller, staff of that seller."""

from __future__ import annotations

import pytest

from trading_floor.accounts.models import Membership
from trading_floor.catalog.models import PUBLISHED, Category, Listing
from trading_floor.i18n import utcnow


@pytest.fixture
def category(db):
    fruit = Category(slug="trai-cay", name_vi="Trái cây")
    db.session.add(fruit)
    db.session.commit()
    return fruit


@pytest.fixture
def seller(verified_owner):
    """(owner, enterprise) of a verified seller."""
    return verified_owner(email="chu@nhanlong.vn", name="Công ty TNHH Nhãn Lồng Phố Hiến")


@pytest.fixture
def make_listing(db, category):
    counter = {"n": 0}

    def make(enterprise, price_vnd: int | None = 50_000, moq: int = 10, tiers=None,
             title: str = "Nhãn lồng Hưng Yên loại 1", status: str = PUBLISHED,
             category_id: int | None = None, unit: str = "kg"):
        counter["n"] += 1
        listing = Listing(enterprise_id=enterprise.id, sku=f"SKU{counter['n']}", title=title,
                          category_id=category_id or category.id, price_vnd=price_vnd, unit=unit,
                          moq=moq, tiers=tiers or [], status=status, published_at=utcnow())
        db.session.add(listing)
        db.session.commit()
        return listing

    return make


@pytest.fixture
def listing(seller, make_listing):
    """50.000 ₫/kg, MOQ 10 kg, 45.000 ₫ from 100 kg, 40.000 ₫ from 500 kg."""
    return make_listing(seller[1], tiers=[[100, 45_000], [500, 40_000]])


@pytest.fixture
def add_staff(db, make_user):
    def add(enterprise, email: str | None = None):
        user = make_user(email=email)
        db.session.add(Membership(user_id=user.id, enterprise_id=enterprise.id, role="staff"))
        db.session.commit()
        db.session.refresh(user)
        return user

    return add


def logout(client):
    from tests.conftest import post_form

    post_form(client, "/dang-xuat", {}, form_url="/tai-khoan")
