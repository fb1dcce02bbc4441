"""Fixtures of the seller side: the taxonomy, listings in a given status, photos as bytes."""

from __future__ import annotations

import io

import pytest
from PIL import Image


@pytest.fixture
def taxonomy(app):
    from trading_floor.catalog.taxonomy import seed_taxonomy

    seed_taxonomy()


@pytest.fixture
def category(taxonomy, db):
    from sqlalchemy import select

    from trading_floor.catalog.models import Category

    return db.session.scalar(select(Category).where(Category.slug == "nhan"))


@pytest.fixture
def make_listing(app, category):
    """A listing of an enterprise through the service, moved on to the status asked for."""
    from trading_floor.catalog import moderation, services

    counter = {"n": 0}

    def make(owner, enterprise, status: str = "draft", **fields):
        counter["n"] += 1
        data = services.ListingInput(**{"title": f"Nhãn lồng loại {counter['n']}",
                                        "category": "nhan", "unit": "kg", "price": "45.000",
                                        **fields})
        listing = services.save_listing(owner, enterprise, data)
        if status in ("submitted", "published", "rejected"):
            services.submit_listing(owner, listing)
        if status in ("published", "rejected"):
            from trading_floor.accounts.services import create_user

            officer = create_user(f"kiemduyet{counter['n']}@soct.vn", "matkhau123", "Cán bộ",
                                  role="officer")
            if status == "published":
                moderation.approve(officer, listing)
            else:
                moderation.reject(officer, listing, "Ảnh không rõ")
        if status == "archived":
            services.archive_listing(owner, listing)
        return listing

    return make


def image_bytes(fmt: str = "JPEG", size=(64, 48), color=(200, 30, 30), exif: bool = False) -> bytes:
    image = Image.new("RGB" if fmt != "PNG" else "RGBA", size, color if fmt != "PNG"
                      else (*color, 128))
    buffer = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Điện thoại bí mật"  # Make
        data[0x8825] = {2: (21.0, 1.0, 0.0)}  # GPS
        kwargs["exif"] = data
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


@pytest.fixture
def photo():
    return image_bytes
