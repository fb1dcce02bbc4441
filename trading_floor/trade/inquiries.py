"""Inquiries (hỏi hàng): a buyer asks about a listing, the enterprise's members answer in a thread.

Unread counts are two counters on the thread, one per side, kept by UPDATE … + 1 so that two
messages at once both count; opening the thread resets one's own side.
"""

from __future__ import annotations

from flask import has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from trading_floor import policy
from trading_floor.catalog.models import Listing
from trading_floor.catalog.visibility import is_public
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.trade import notifications
from trading_floor.trade.models import Inquiry, InquiryMessage
from trading_floor.trade.services import TradeError

MAX_MESSAGE = 4000


def _url(inquiry: Inquiry, external: bool = False) -> str:
    if not has_request_context():
        return ""
    return url_for("trade.inquiry", inquiry_id=inquiry.id, _external=external)


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise TradeError(_("Hãy viết nội dung tin nhắn."))
    if len(body) > MAX_MESSAGE:
        raise TradeError(_("Tin nhắn dài quá %(n)d ký tự.", n=MAX_MESSAGE))
    return body


def send_inquiry(buyer, listing: Listing, quantity: int | None, message: str) -> Inquiry:
    """A signed-in buyer asks about a public listing; the enterprise's owner is told by e-mail."""
    if not policy.can_buy(buyer):
        raise TradeError(_("Tài khoản này không gửi câu hỏi mua hàng được."))
    if not is_public(listing):
        raise TradeError(_("Sản phẩm này hiện không được bán trên sàn."))
    if policy.membership_of(buyer, listing.enterprise_id):
        raise TradeError(_("Đây là sản phẩm của doanh nghiệp bạn."))
    if quantity is not None and not 0 < quantity <= 10_000_000:
        raise TradeError(_("Số lượng phải là số nguyên dương."))
    body = _clean_body(message)
    now = utcnow()
    inquiry = Inquiry(listing_id=listing.id, enterprise_id=listing.enterprise_id, buyer_id=buyer.id,
                      listing_title=listing.title, quantity=quantity, unit=listing.unit,
                      seller_unread=1, created_at=now, last_message_at=now)
    inquiry.messages.append(InquiryMessage(author_id=buyer.id, from_buyer=True, body=body,
                                           created_at=now))
    db.session.add(inquiry)
    db.session.flush()  # the e-mail's link needs the inquiry's id
    owner = listing.enterprise.owner
    if owner:
        notifications.email(owner.email,
                            _("Câu hỏi mới về sản phẩm “%(title)s”", title=listing.title),
                            _("%(buyer)s hỏi về “%(title)s”:\n\n%(body)s\n\nTrả lời tại: %(url)s",
                              buyer=buyer.full_name, title=listing.title, body=body,
                              url=_url(inquiry, external=True)))
    db.session.commit()
    return inquiry


def reply(inquiry: Inquiry, author, message: str) -> InquiryMessage:
    """A message in the thread, from the buyer or from any member of the enterprise. When the
    enterprise answers, the buyer is told on the floor and by e-mail."""
    from_buyer = inquiry.buyer_id == author.id
    if not (from_buyer or policy.sells_for(author, inquiry.enterprise_id)):
        raise TradeError(_("Bạn không tham gia cuộc trao đổi này."))
    body = _clean_body(message)
    now = utcnow()
    entry = InquiryMessage(inquiry_id=inquiry.id, author_id=author.id, from_buyer=from_buyer,
                           body=body, created_at=now)
    db.session.add(entry)
    counter = Inquiry.seller_unread if from_buyer else Inquiry.buyer_unread
    db.session.execute(update(Inquiry).where(Inquiry.id == inquiry.id)
                       .values({counter: counter + 1, Inquiry.last_message_at: now})
                       .execution_options(synchronize_session=False))
    if not from_buyer:
        notifications.notify(inquiry.buyer,
                             _("%(name)s đã trả lời câu hỏi về “%(title)s”.",
                               name=inquiry.enterprise.name, title=inquiry.listing_title),
                             _url(inquiry))
    if not from_buyer:
        notifications.email(inquiry.buyer.email,
                            _("Trả lời về “%(title)s”", title=inquiry.listing_title),
                            _("%(name)s trả lời:\n\n%(body)s\n\nXem cuộc trao đổi: %(url)s",
                              name=inquiry.enterprise.name, body=body,
                              url=_url(inquiry, external=True)))
    db.session.commit()
    db.session.refresh(inquiry)
    return entry


def open_thread(inquiry: Inquiry, user) -> None:
    """The user reads the thread: their side's unread counter goes back to zero."""
    if inquiry.buyer_id == user.id:
        column = Inquiry.buyer_unread
    elif policy.sells_for(user, inquiry.enterprise_id):
        column = Inquiry.seller_unread
    else:
        return
    db.session.execute(update(Inquiry).where(Inquiry.id == inquiry.id).values({column: 0})
                       .execution_options(synchronize_session=False))
    db.session.commit()
    db.session.refresh(inquiry)


def visible_inquiry(user, inquiry_id: int) -> Inquiry | None:
    inquiry = db.session.get(Inquiry, inquiry_id)
    if inquiry is None or not policy.can_see_inquiry(user, inquiry):
        return None
    return inquiry


def _enterprise_id(user) -> int | None:
    membership = policy.membership_of(user)
    if membership and policy.sells_for(user, membership.enterprise_id):
        return membership.enterprise_id
    return None


def inbox(user, page: int = 1):
    """Threads the user takes part in: received by their enterprise, and the ones they sent."""
    enterprise_id = _enterprise_id(user)
    condition = Inquiry.buyer_id == user.id
    if enterprise_id:
        condition = or_(condition, Inquiry.enterprise_id == enterprise_id)
    stmt = (select(Inquiry).where(condition)
            .order_by(Inquiry.last_message_at.desc(), Inquiry.id.desc())
            .options(selectinload(Inquiry.buyer), selectinload(Inquiry.enterprise)))
    return db.paginate(stmt, page=page, per_page=30, error_out=False)


def unread_for(user, inquiry: Inquiry) -> int:
    return inquiry.buyer_unread if inquiry.buyer_id == user.id else inquiry.seller_unread


def unread_total(user) -> int:
    """Threads with messages the user has not read (their enterprise's, and their own)."""
    count = db.session.scalar(select(func.count()).select_from(Inquiry).where(
        Inquiry.buyer_id == user.id, Inquiry.buyer_unread > 0)) or 0
    enterprise_id = _enterprise_id(user)
    if enterprise_id:
        count += db.session.scalar(select(func.count()).select_from(Inquiry).where(
            Inquiry.enterprise_id == enterprise_id, Inquiry.seller_unread > 0)) or 0
    return count
