"""The demo floor's takedown: an authority's request recorded and the listing taken down in time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from trading_floor.accounts.models import User
from trading_floor.authority import services
from trading_floor.authority.models import AuthorityRequest
from trading_floor.catalog.models import PUBLISHED, Listing
from trading_floor.extensions import db
from trading_floor.i18n import local_today, utcnow
from trading_floor.registry import demo as registry_demo


def build_authority_demo(echo: Callable[[str], None] = print, scale: float = 1.0) -> None:
    if db.session.scalar(select(AuthorityRequest.id).limit(1)):
        return
    officer = db.session.scalar(select(User).where(User.email == registry_demo.OFFICER_EMAIL))
    listing = db.session.scalar(select(Listing).where(Listing.status == PUBLISHED)
                                .order_by(Listing.id.desc()).limit(1))
    if officer is None or listing is None:
        return
    request = services.record_takedown(officer, services.Document(
        "Chi cục Quản lý thị trường tỉnh Hưng Yên", "[số văn bản]/QLTT",
        local_today() - timedelta(days=1), utcnow() - timedelta(hours=3),
        "Gỡ sản phẩm có thông tin xuất xứ chưa được chứng minh."), listing_id=listing.id)
    echo(f"  Yêu cầu gỡ bỏ {request.document_number}: đã gỡ {request.listings_taken_down} sản phẩm.")
