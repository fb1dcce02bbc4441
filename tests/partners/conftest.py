"""Fixtures of the partner and seller APIs: keys, tokens, public listings."""

from __future__ import annotations

import io

import pytest
from PIL import Image


@pytest.fixture
def taxonomy(app):
    from trading_floor.catalog.taxonomy import seed_taxonomy

    seed_taxonomy()


@pytest.fixture
def partner_key(app):
    """A raw partner key with the scopes asked for (every scope by default)."""
    from trading_floor.partners import keys

    def make(name: str = "Sàn Postmart", scopes=None) -> str:
        return keys.create_partner_key(name, scopes)[1]

    return make


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def seller(app, taxonomy, verified_owner):
    """(owner, enterprise, raw seller token) of a verified enterprise."""
    from trading_floor.partners import keys

    owner, enterprise = verified_owner()
    return owner, enterprise, keys.create_seller_token(owner, enterprise.id, "Phần mềm kho")[1]


@pytest.fixture
def publish(app):
    """Approves a listing as an officer would."""
    from trading_floor.accounts.services import create_user
    from trading_floor.catalog import moderation

    counter = {"n": 0}

    def approve(listing):
        counter["n"] += 1
        officer = create_user(f"duyet{counter['n']}@soct.vn", "matkhau123", "Cán bộ",
                              role="officer")
        moderation.approve(officer, listing)

    return approve


def image_bytes(fmt: str = "JPEG", size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()
