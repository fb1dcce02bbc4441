"""The demo floor's complaint: about a listing, answered by the enterprise, now in mediation."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from trading_floor.accounts.models import User
from trading_floor.catalog.models import Listing
from trading_floor.catalog.visibility import is_public
from trading_floor.complaints import services
from trading_floor.complaints.models import Complaint
from trading_floor.extensions import db
from trading_floor.registry import demo as registry_demo


def build_complaints_demo(echo: Callable[[str], None] = print, scale: float = 1.0) -> None:
    if db.session.scalar(select(Complaint.id).limit(1)):
        return
    buyer = db.session.scalar(select(User).where(User.email == registry_demo.BUYER_EMAIL))
    officer = db.session.scalar(select(User).where(User.email == registry_demo.OFFICER_EMAIL))
    listing = next((item for item in db.session.scalars(
        select(Listing).where(Listing.status == "published").order_by(Listing.id).limit(50))
        if is_public(item) and item.enterprise.owner is not None), None)
    if buyer is None or officer is None or listing is None:
        return
    complaint = services.file_complaint(
        buyer, services.subject_for(buyer, listing_id=listing.id), "Hàng không đúng mô tả",
        "Lô hàng mẫu nhận được nhỏ hơn kích cỡ ghi trên sàn.")
    services.act(listing.enterprise.owner, complaint, "message",
                 "Doanh nghiệp xin kiểm tra lại lô hàng và đề nghị đổi hàng.")
    services.act(buyer, complaint, "mediation_asked", "Chưa thống nhất được cách đổi hàng.")
    services.act(officer, complaint, "mediation", "Sở mời hai bên làm việc trực tuyến.")
    echo(f"  Khiếu nại {complaint.reference} đang hòa giải.")
