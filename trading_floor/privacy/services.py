"""A copy of a member's data (JSON in a ZIP) and the deletion of an account.

Deletion keeps what the floor must keep — orders (with their lines and history), complaints,
rules acceptances and the notice log — attached to the same account row, whose personal fields
are replaced ("Tài khoản đã xóa", an address that cannot receive mail, no phone, no usable
password). The rest is removed: notifications, inquiry threads the member started, consents,
staff membership. Requests for quotation stay (quotes of enterprises hang on them) under the
anonymised name. An enterprise owner hands the storefront over first (the Department).
"""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from trading_floor.accounts.models import Membership, User
from trading_floor.alerts import preferences as alert_preferences
from trading_floor.complaints.models import Complaint
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.legal.models import ConsentRecord, LegalAcceptance, LegalNotice
from trading_floor.policy import OWNER
from trading_floor.privacy.models import DELETION, EXPORT, PersonalDataRequest
from trading_floor.trade.models import Inquiry, Notification, Order, Rfq

DELETED_NAME = "Tài khoản đã xóa"
REMOVED = "[đã xóa theo yêu cầu của chủ thể dữ liệu]"


class PrivacyError(ValueError):
    """A rule refused the request; the message is for the member. Nothing was changed."""


def _iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def personal_data(user: User) -> dict:
    """Everything the floor holds about this member, as plain data."""
    orders = db.session.scalars(select(Order).where(Order.buyer_id == user.id).order_by(Order.id))
    inquiries = db.session.scalars(select(Inquiry).where(Inquiry.buyer_id == user.id))
    return {
        "account": {"email": user.email, "full_name": user.full_name, "phone": user.phone,
                    "role": user.role, "locale": user.locale, "created_at": _iso(user.created_at)},
        "memberships": [{"enterprise": m.enterprise.name, "code": m.enterprise.code,
                         "role": m.role, "active": m.active, "since": _iso(m.created_at)}
                        for m in user.memberships],
        "rules_acceptances": [{"kind": a.document.kind, "version": a.document.version,
                               "accepted_at": _iso(a.accepted_at)}
                              for a in db.session.scalars(select(LegalAcceptance).where(
                                  LegalAcceptance.user_id == user.id))],
        "consents": [{"purpose": c.purpose, "granted": c.granted,
                      "recorded_at": _iso(c.recorded_at)}
                     for c in db.session.scalars(select(ConsentRecord).where(
                         ConsentRecord.user_id == user.id))],
        "orders": [{"reference": o.reference, "status": o.status, "total_vnd": o.total_vnd,
                    "payment_method": o.payment_method, "delivery_address": o.delivery_address,
                    "note": o.note, "created_at": _iso(o.created_at),
                    "lines": [{"title": line.title, "quantity": line.quantity, "unit": line.unit,
                               "unit_price_vnd": line.unit_price_vnd} for line in o.lines]}
                   for o in orders],
        "inquiries": [{"listing": i.listing_title, "created_at": _iso(i.created_at),
                       "messages": [{"body": m.body, "at": _iso(m.created_at),
                                     "mine": m.author_id == user.id} for m in i.messages]}
                      for i in inquiries],
        "requests_for_quotation": [{"title": r.title, "created_at": _iso(r.created_at)}
                                   for r in db.session.scalars(select(Rfq).where(
                                       Rfq.buyer_id == user.id))],
        "complaints": [{"reference": c.reference, "about": c.about, "title": c.title,
                        "description": c.description, "status": c.status,
                        "created_at": _iso(c.created_at)}
                       for c in db.session.scalars(select(Complaint).where(
                           Complaint.complainant_id == user.id))],
        "notifications": [{"text": n.text, "created_at": _iso(n.created_at)}
                          for n in db.session.scalars(select(Notification).where(
                              Notification.user_id == user.id))],
        **alert_preferences.member_data(user),  # e-mail choices, saved searches
    }


def export_zip(user: User) -> tuple[str, bytes]:
    """(file name, ZIP bytes) with du-lieu.json; the request is logged."""
    data = personal_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("du-lieu.json", json.dumps(data, ensure_ascii=False, indent=2))
    now = utcnow()
    db.session.add(PersonalDataRequest(user_id=user.id, kind=EXPORT, requested_at=now,
                                       completed_at=now))
    db.session.commit()
    return f"du-lieu-ca-nhan-{now:%Y-%m-%d}.zip", buffer.getvalue()


def delete_account(user: User, password: str) -> None:
    """Deletes the account as the module docstring says; the password confirms it."""
    if not check_password_hash(user.password_hash, password or ""):
        raise PrivacyError(_("Mật khẩu không đúng; tài khoản chưa bị xóa."))
    if any(m.active and m.role == OWNER for m in user.memberships):
        raise PrivacyError(_("Bạn là chủ doanh nghiệp trên sàn: hãy liên hệ Sở Công Thương để "
                             "chuyển giao gian hàng trước khi xóa tài khoản."))
    now = utcnow()
    request = PersonalDataRequest(user_id=user.id, kind=DELETION, requested_at=now)
    db.session.add(request)
    anonymous_email = f"da-xoa-{user.id}@invalid"
    # kept, personal fields replaced
    db.session.execute(update(Order).where(Order.buyer_id == user.id)
                       .values(delivery_address=REMOVED, note=""))
    db.session.execute(update(LegalNotice).where(LegalNotice.user_id == user.id)
                       .values(email=anonymous_email))
    # removed
    for inquiry in db.session.scalars(select(Inquiry).where(Inquiry.buyer_id == user.id)):
        db.session.delete(inquiry)
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(delete(ConsentRecord).where(ConsentRecord.user_id == user.id))
    db.session.execute(delete(Membership).where(Membership.user_id == user.id))
    alert_preferences.forget_member(user)
    user.email, user.full_name, user.phone, user.locale = anonymous_email, DELETED_NAME, None, None
    user.password_hash = generate_password_hash(secrets.token_urlsafe(32))
    user.is_active_account = False
    request.completed_at = now
    db.session.commit()


def request_log(limit: int = 500) -> list[PersonalDataRequest]:
    return list(db.session.scalars(select(PersonalDataRequest).order_by(
        PersonalDataRequest.requested_at.desc(), PersonalDataRequest.id.desc()).limit(limit)))


def purge_read_notifications() -> int:
    """Retention: read notifications older than NOTIFICATION_RETENTION_DAYS are deleted."""
    cutoff = utcnow() - timedelta(days=current_app.config["NOTIFICATION_RETENTION_DAYS"])
    result = db.session.execute(delete(Notification).where(
        Notification.read_at.is_not(None), Notification.created_at < cutoff))
    db.session.commit()
    return result.rowcount or 0
