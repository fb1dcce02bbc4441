"""Complaints: filing, the enterprise's answer, mediation by an officer, the outcomes, the
officers' register (ages, overdue cases) and its export. Every step keeps who acted and when.

    open ─► answered ─► mediation ─► resolved | referred (to an authority)
      └────────┴───────────┴──────► withdrawn (by the complainant) | resolved

An officer may take a complaint to mediation once the enterprise's answer time
(COMPLAINT_ANSWER_DAYS) has passed, or at once when the complainant or the enterprise asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_floor import policy
from trading_floor.catalog.models import Listing
from trading_floor.catalog.visibility import is_public
from trading_floor.complaints.models import (
    ANSWERED,
    CLOSED,
    ENTERPRISE,
    LISTING,
    MEDIATION,
    OPEN,
    ORDER,
    REFERRED,
    RESOLVED,
    STATUSES,
    WITHDRAWN,
    Complaint,
    ComplaintStep,
)
from trading_floor.extensions import db
from trading_floor.i18n import format_datetime, utcnow
from trading_floor.registry.models import RegistryEnterprise
from trading_floor.trade import notifications
from trading_floor.trade.models import Order
from trading_floor.trade.services import enterprise_members

STATUS_LABELS = {OPEN: _l("Chờ doanh nghiệp trả lời"), ANSWERED: _l("Doanh nghiệp đã trả lời"),
                 MEDIATION: _l("Đang hòa giải"), RESOLVED: _l("Đã giải quyết"),
                 WITHDRAWN: _l("Đã rút"), REFERRED: _l("Chuyển cơ quan có thẩm quyền")}
ACTION_LABELS = {"filed": _l("Gửi khiếu nại"), "answered": _l("Doanh nghiệp trả lời"),
                 "message": _l("Trao đổi"), "mediation_asked": _l("Đề nghị hòa giải"),
                 "mediation": _l("Cán bộ Sở hòa giải"), RESOLVED: _l("Đã giải quyết"),
                 WITHDRAWN: _l("Rút khiếu nại"), REFERRED: _l("Chuyển cơ quan có thẩm quyền")}
COMPLAINANT, SELLER, OFFICER = "complainant", "enterprise", "officer"
MAX_TEXT = 5000


class ComplaintError(ValueError):
    """A rule refused the request; the message is for the person. Nothing was saved."""


@dataclass(frozen=True)
class Subject:
    kind: str
    enterprise: RegistryEnterprise
    about: str
    order: Order | None = None
    listing: Listing | None = None


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def answer_days() -> int:
    return current_app.config["COMPLAINT_ANSWER_DAYS"]


def _link(complaint: Complaint, external: bool = False) -> str:
    if not has_request_context():
        return ""
    return url_for("complaints.complaint", complaint_id=complaint.id, _external=external)


# --- what a complaint is about ------------------------------------------------------------------
def subject_for(user, *, order_ref: str = "", listing_id: int | None = None,
                enterprise_code: str = "") -> Subject:
    """The order (its buyer or seller sees it), public listing or enterprise complained about."""
    if order_ref:
        order = db.session.scalar(select(Order).where(Order.reference == order_ref.upper()))
        if order is None or not policy.can_see_order(user, order):
            raise ComplaintError(_("Không tìm thấy đơn hàng này."))
        return Subject(ORDER, order.enterprise, _("Đơn hàng %(ref)s", ref=order.reference),
                       order=order)
    if listing_id:
        listing = db.session.get(Listing, listing_id)
        if listing is None or not is_public(listing):
            raise ComplaintError(_("Không tìm thấy sản phẩm này."))
        return Subject(LISTING, listing.enterprise, listing.title[:300], listing=listing)
    if enterprise_code:
        enterprise = db.session.scalar(select(RegistryEnterprise).where(
            RegistryEnterprise.code == enterprise_code.strip()))
        if enterprise is None:
            raise ComplaintError(_("Không tìm thấy doanh nghiệp này."))
        return Subject(ENTERPRISE, enterprise, enterprise.name[:300])
    raise ComplaintError(_("Hãy chọn đơn hàng, sản phẩm hoặc doanh nghiệp bị khiếu nại."))


# --- steps ---------------------------------------------------------------------------------------
def side_of(user, complaint: Complaint) -> str | None:
    """Which side this user acts for on this complaint, or None if they may not see it."""
    if not user.is_authenticated:
        return None
    if policy.is_officer(user):
        return OFFICER
    if policy.sells_for(user, complaint.enterprise_id):
        return SELLER
    if complaint.complainant_id == user.id:
        return COMPLAINANT
    return None


def _clean(text: str | None) -> str:
    return (text or "").replace("\x00", "").replace("\r\n", "\n").strip()


def _step(complaint: Complaint, actor, side: str, action: str, text: str = "") -> None:
    complaint.steps.append(ComplaintStep(actor_id=actor.id if actor else None, side=side,
                                         action=action, text=text[:MAX_TEXT],
                                         created_at=utcnow()))


def _tell_enterprise(complaint: Complaint, text: str) -> None:
    for member in enterprise_members(complaint.enterprise_id):
        notifications.notify(member, text, _link(complaint))
    owner = complaint.enterprise.owner
    if owner:
        notifications.email(owner.email, text, text + "\n\n" + _link(complaint, external=True))


def _tell_complainant(complaint: Complaint, text: str) -> None:
    if complaint.complainant is not None:
        notifications.notify(complaint.complainant, text, _link(complaint))
        notifications.email(complaint.complainant.email, text,
                            text + "\n\n" + _link(complaint, external=True))


def file_complaint(user, subject: Subject, title: str, description: str) -> Complaint:
    """A member files a complaint; the enterprise is told and has COMPLAINT_ANSWER_DAYS to answer."""
    title, description = _clean(title), _clean(description)
    if not title or not description:
        raise ComplaintError(_("Hãy ghi tiêu đề và nội dung khiếu nại."))
    if len(title) > 200 or len(description) > MAX_TEXT:
        raise ComplaintError(_("Tiêu đề tối đa 200 ký tự, nội dung tối đa 5.000 ký tự."))
    if policy.sells_for(user, subject.enterprise.id):
        raise ComplaintError(_("Bạn không thể khiếu nại doanh nghiệp của chính mình."))
    now = utcnow()
    complaint = Complaint(complainant_id=user.id, subject=subject.kind,
                          enterprise_id=subject.enterprise.id,
                          order_id=subject.order.id if subject.order else None,
                          listing_id=subject.listing.id if subject.listing else None,
                          about=subject.about, title=title, description=description,
                          status=OPEN, created_at=now,
                          answer_due_at=now + timedelta(days=answer_days()))
    db.session.add(complaint)
    _step(complaint, user, COMPLAINANT, "filed", description)
    db.session.flush()
    _tell_enterprise(complaint, _("Khiếu nại mới %(ref)s: %(title)s", ref=complaint.reference,
                                  title=title))
    db.session.commit()
    return complaint


def allowed_actions(user, complaint: Complaint) -> list[str]:
    side = side_of(user, complaint)
    if side is None or complaint.is_closed:
        return []
    actions = ["message"]
    if side in (COMPLAINANT, SELLER) and complaint.status != MEDIATION:
        actions.append("mediation_asked")
    if side == COMPLAINANT:
        actions += [RESOLVED, WITHDRAWN]
    if side == OFFICER:
        if complaint.status != MEDIATION and may_mediate(complaint):
            actions.append("mediation")
        if complaint.status == MEDIATION:
            actions += [RESOLVED, REFERRED]
    return actions


def may_mediate(complaint: Complaint, now: datetime | None = None) -> bool:
    """After the enterprise's answer time, or once a side asked for mediation."""
    asked = any(step.action == "mediation_asked" for step in complaint.steps)
    return asked or (now or utcnow()) >= complaint.answer_due_at


def act(user, complaint: Complaint, action: str, text: str = "") -> None:
    """One step on a complaint by whoever may take it now; raises ComplaintError otherwise."""
    if action not in allowed_actions(user, complaint):
        raise ComplaintError(_("Không thể thực hiện thao tác này với khiếu nại ở trạng thái hiện "
                               "tại."))
    side = side_of(user, complaint)
    text = _clean(text)
    if len(text) > MAX_TEXT:
        raise ComplaintError(_("Nội dung tối đa 5.000 ký tự."))
    if action in ("message", REFERRED) and not text:
        raise ComplaintError(_("Hãy ghi nội dung.") if action == "message" else
                             _("Hãy ghi cơ quan tiếp nhận và lý do chuyển."))
    now = utcnow()
    if action == "message" and side == SELLER and complaint.status == OPEN:
        action = "answered"
        complaint.status, complaint.answered_at = ANSWERED, now
    elif action == "mediation":
        complaint.status, complaint.mediation_at = MEDIATION, now
    elif action in (RESOLVED, WITHDRAWN, REFERRED):
        complaint.status, complaint.closed_at = action, now
    _step(complaint, user, side, action, text)
    text_for_others = _("Khiếu nại %(ref)s: %(step)s", ref=complaint.reference,
                        step=action_label(action))
    if side != COMPLAINANT:
        _tell_complainant(complaint, text_for_others)
    if side != SELLER:
        _tell_enterprise(complaint, text_for_others)
    db.session.commit()


# --- reading ------------------------------------------------------------------------------------
def visible(user, complaint_id: int) -> Complaint | None:
    complaint = db.session.get(Complaint, complaint_id)
    if complaint is None or side_of(user, complaint) is None:
        return None
    return complaint


def mine(user) -> list[Complaint]:
    """Complaints this member filed or that concern their enterprise, the newest first."""
    stmt = select(Complaint)
    membership = policy.membership_of(user)
    if membership is not None and policy.sells_for(user, membership.enterprise_id):
        stmt = stmt.where((Complaint.complainant_id == user.id)
                          | (Complaint.enterprise_id == membership.enterprise_id))
    else:
        stmt = stmt.where(Complaint.complainant_id == user.id)
    return list(db.session.scalars(stmt.order_by(Complaint.created_at.desc()).limit(200)))


@dataclass(frozen=True)
class RegisterRow:
    complaint: Complaint
    age_days: int
    overdue: bool


def is_overdue(complaint: Complaint, now: datetime | None = None) -> bool:
    """Open past the answer time, or in mediation longer than COMPLAINT_MEDIATION_DAYS."""
    now = now or utcnow()
    if complaint.status == OPEN:
        return now >= complaint.answer_due_at
    if complaint.status == MEDIATION and complaint.mediation_at is not None:
        days = current_app.config["COMPLAINT_MEDIATION_DAYS"]
        return now >= complaint.mediation_at + timedelta(days=days)
    return False


def register(status: str | None = None, overdue_only: bool = False) -> list[RegisterRow]:
    """The officers' register: every complaint with its age and whether it is overdue."""
    stmt = select(Complaint).order_by(Complaint.created_at.desc(), Complaint.id.desc())
    if status in STATUSES:
        stmt = stmt.where(Complaint.status == status)
    elif status == "open_all":
        stmt = stmt.where(Complaint.status.not_in(CLOSED))
    now = utcnow()
    rows = []
    for complaint in db.session.scalars(stmt.limit(5000)):
        end = complaint.closed_at or now
        row = RegisterRow(complaint, (end - complaint.created_at).days,
                          is_overdue(complaint, now))
        if row.overdue or not overdue_only:
            rows.append(row)
    return rows


def register_table(rows: list[RegisterRow]) -> tuple[list[str], list[list]]:
    headers = [_("Số"), _("Ngày gửi"), _("Người khiếu nại"), _("Doanh nghiệp"), _("Về"),
               _("Tiêu đề"), _("Trạng thái"), _("Số ngày"), _("Quá hạn"), _("Ngày kết thúc")]
    table = [[row.complaint.reference, format_datetime(row.complaint.created_at),
              row.complaint.complainant.full_name if row.complaint.complainant else "",
              row.complaint.enterprise.name, row.complaint.about, row.complaint.title,
              status_label(row.complaint.status), row.age_days,
              _("có") if row.overdue else "", format_datetime(row.complaint.closed_at)]
             for row in rows]
    return headers, table
