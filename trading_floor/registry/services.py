"""Registry rules: administrative units, claims of an enterprise and their verification."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from trading_floor.accounts.models import Membership, User
from trading_floor.core.collation import commune_sort_key
from trading_floor.core.signals import registry_changed
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.jobs import send_mail_later
from trading_floor.policy import OWNER
from trading_floor.registry.codes import normalise_code
from trading_floor.registry.models import (
    APPROVED,
    INFO_REQUESTED,
    PENDING,
    REJECTED,
    AdminUnit,
    Claim,
    ClaimDecision,
    RegistryEnterprise,
)

OPEN_CLAIMS = (PENDING, INFO_REQUESTED, APPROVED)


class RegistryError(ValueError):
    """A rule refused the request; the message is for the user."""


# --- the seller's answer time for orders ----------------------------------------------------------
MIN_ANSWER_HOURS, MAX_ANSWER_HOURS = 1, 168


def answer_hours_of(enterprise: RegistryEnterprise | None) -> int:
    """The hours the enterprise has to accept an order: its own published time, else the floor's
    ORDER_ANSWER_HOURS (12 by default)."""
    own = enterprise.answer_hours if enterprise is not None else None
    return own or current_app.config["ORDER_ANSWER_HOURS"]


def set_answer_hours(enterprise: RegistryEnterprise, raw: str | None) -> None:
    """Publishes the enterprise's answer time (whole hours, 1–168; blank = the floor's setting).
    Refuses anything else with RegistryError and changes nothing; commits on success."""
    text = (raw or "").strip()
    if not text:
        enterprise.answer_hours = None
    else:
        hours = int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else 0
        if not MIN_ANSWER_HOURS <= hours <= MAX_ANSWER_HOURS:
            raise RegistryError(_("Thời gian trả lời đơn phải là số giờ nguyên từ %(lo)d đến "
                                  "%(hi)d, hoặc để trống để theo quy định chung của sàn.",
                                  lo=MIN_ANSWER_HOURS, hi=MAX_ANSWER_HOURS))
        enterprise.answer_hours = hours
    db.session.commit()


def load_admin_units() -> int:
    """Loads the communes and wards of the province from the vietnam-provinces package."""
    import vietnam_provinces as vp

    province = current_app.config["PROVINCE_CODE"]
    known = set(db.session.scalars(select(AdminUnit.code)))
    added = 0
    for ward in vp.Ward.iter_all():
        if int(ward.province_code) != province or int(ward.code) in known:
            continue
        db.session.add(AdminUnit(code=int(ward.code), name=ward.name,
                                 division_type=str(ward.division_type.value),
                                 codename=ward.codename, province_code=province))
        added += 1
    db.session.commit()
    return added


def communes() -> list[AdminUnit]:
    """The communes and wards of the province in Vietnamese alphabetical order."""
    return sorted(db.session.scalars(select(AdminUnit)), key=lambda u: commune_sort_key(u.name))


def find_enterprise(code: str) -> RegistryEnterprise | None:
    code = normalise_code(code)
    if len(code) == 13 and "-" not in code:
        code = f"{code[:10]}-{code[10:]}"
    return db.session.scalar(select(RegistryEnterprise).where(RegistryEnterprise.code == code))


def search_registry(q: str = "", commune: int | None = None, status: str | None = None,
                    page: int = 1, per_page: int = 50):
    stmt = select(RegistryEnterprise).order_by(RegistryEnterprise.name)
    if q:
        like = f"%{q.strip()}%"
        stmt = stmt.where(or_(RegistryEnterprise.name.ilike(like),
                              RegistryEnterprise.code.like(like)))
    if commune:
        stmt = stmt.where(RegistryEnterprise.commune_code == commune)
    if status:
        stmt = stmt.where(RegistryEnterprise.status == status)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def claims_of(user: User) -> list[Claim]:
    return list(db.session.scalars(
        select(Claim).where(Claim.user_id == user.id).order_by(Claim.created_at.desc())))


def submit_claim(user: User, code: str, position: str = "", evidence: str = "",
                 email_confirmed: bool = False) -> Claim:
    """An owner claims a registry enterprise by its code; one owner per enterprise.

    `email_confirmed`: the claimant proved the registry's e-mail address (a campaign's personal
    link opened by an account with that address): first in the queue, marked so."""
    enterprise = find_enterprise(code)
    if enterprise is None:
        raise RegistryError(_("Không tìm thấy mã số %(code)s trong sổ đăng ký doanh nghiệp của "
                              "tỉnh. Hãy kiểm tra lại mã hoặc liên hệ Sở Công Thương.",
                              code=code.strip()))
    if enterprise.status != "active":
        raise RegistryError(_("Doanh nghiệp %(code)s không ở trạng thái đang hoạt động.",
                              code=enterprise.code))
    if user.role != "buyer":
        raise RegistryError(_("Tài khoản cán bộ hoặc quản trị không thể nhận doanh nghiệp."))
    if user.membership:
        raise RegistryError(_("Tài khoản của bạn đã thuộc một doanh nghiệp."))
    mine = db.session.scalar(select(Claim).where(Claim.user_id == user.id,
                                                 Claim.status.in_((PENDING, INFO_REQUESTED))))
    if mine:
        raise RegistryError(_("Bạn đang có một yêu cầu chờ xác minh (%(code)s).",
                              code=mine.enterprise.code))
    # another pending claim does not block this one (a squatter must not lock out the owner):
    # the officer sees them side by side; only an approved owner closes the enterprise
    taken = db.session.scalar(select(Claim).where(Claim.enterprise_id == enterprise.id,
                                                  Claim.status == APPROVED))
    if taken or enterprise.owner:
        raise RegistryError(_("Doanh nghiệp %(code)s đã có người nhận là chủ sở hữu. Nếu đó không "
                              "phải là bạn, hãy liên hệ Sở Công Thương.", code=enterprise.code))
    claim = Claim(enterprise_id=enterprise.id, user_id=user.id, position=position.strip()[:120],
                  evidence=evidence.strip()[:4000], email_confirmed=email_confirmed)
    db.session.add(claim)
    db.session.commit()
    return claim


def respond_to_info_request(user: User, claim: Claim, evidence: str) -> None:
    if claim.user_id != user.id or claim.status != INFO_REQUESTED:
        raise RegistryError(_("Yêu cầu này không chờ bổ sung thông tin."))
    claim.evidence = (claim.evidence + "\n\n" + evidence.strip())[:8000]
    claim.status = PENDING
    db.session.commit()


def verification_queue(status: str = PENDING) -> list[Claim]:
    return list(db.session.scalars(
        select(Claim).where(Claim.status == status)
        .order_by(Claim.email_confirmed.desc(), Claim.created_at)))


def verification_groups(status: str = PENDING) -> list[tuple[RegistryEnterprise, list[Claim]]]:
    """The queue by enterprise, side by side: each enterprise where its first claim stands in the
    queue (claims confirmed by the registry's e-mail first, then the oldest)."""
    groups: dict[int, list[Claim]] = {}
    for claim in verification_queue(status):
        groups.setdefault(claim.enterprise_id, []).append(claim)
    return [(claims[0].enterprise, claims) for claims in groups.values()]


def competing_claims(claim: Claim) -> list[Claim]:
    """The other open claims of the same enterprise (what an approval of `claim` rejects)."""
    return list(db.session.scalars(
        select(Claim).where(Claim.enterprise_id == claim.enterprise_id, Claim.id != claim.id,
                            Claim.status.in_((PENDING, INFO_REQUESTED)))
        .order_by(Claim.created_at)))


def decide_claim(claim: Claim, officer: User, decision: str, reason: str = "",
                 *, others_reason: str = "") -> None:
    """Approve, reject (with a reason) or ask for more information; every decision is kept.
    Approving one claim rejects the enterprise's other open claims, with `others_reason` (or a
    standard one), each told by e-mail."""
    if decision not in (APPROVED, REJECTED, INFO_REQUESTED):
        raise RegistryError(_("Quyết định không hợp lệ."))
    if claim.status not in (PENDING, INFO_REQUESTED):
        raise RegistryError(_("Yêu cầu này đã được xử lý."))
    reason = (reason or "").strip()
    if decision in (REJECTED, INFO_REQUESTED) and not reason:
        raise RegistryError(_("Cần ghi lý do hoặc thông tin cần bổ sung."))
    now = utcnow()
    claim.status = decision
    claim.decided_at = now
    db.session.add(ClaimDecision(claim=claim, officer_id=officer.id, decision=decision,
                                 reason=reason, decided_at=now))
    enterprise = claim.enterprise
    if decision == APPROVED:
        if claim.user.membership:
            raise RegistryError(_("Người yêu cầu đã thuộc một doanh nghiệp khác."))
        if enterprise.owner:
            raise RegistryError(_("Doanh nghiệp %(code)s đã có chủ sở hữu được xác minh.",
                                  code=enterprise.code))
        db.session.add(Membership(user_id=claim.user_id, enterprise_id=enterprise.id, role=OWNER))
        if enterprise.verified_at is None:
            enterprise.verified_at, enterprise.verified_via = now, "claim"
        others_reason = (others_reason or "").strip() or _(
            "Sở Công Thương đã xác minh một người khác là chủ sở hữu của doanh nghiệp này. Nếu "
            "bạn cho rằng có nhầm lẫn, hãy liên hệ Sở Công Thương.")
        for other in competing_claims(claim):
            other.status, other.decided_at = REJECTED, now
            db.session.add(ClaimDecision(claim=other, officer_id=officer.id, decision=REJECTED,
                                         reason=others_reason, decided_at=now))
            send_mail_later(other.user.email, _("Kết quả xác minh doanh nghiệp"),
                            _("Yêu cầu nhận doanh nghiệp %(name)s bị từ chối. Lý do: %(reason)s",
                              name=enterprise.name, reason=others_reason))
    messages = {
        APPROVED: _("Doanh nghiệp %(name)s đã được xác minh. Bạn có thể đăng sản phẩm.",
                    name=enterprise.name),
        REJECTED: _("Yêu cầu nhận doanh nghiệp %(name)s bị từ chối. Lý do: %(reason)s",
                    name=enterprise.name, reason=reason),
        INFO_REQUESTED: _("Sở Công Thương cần thêm thông tin cho yêu cầu nhận %(name)s: "
                          "%(reason)s", name=enterprise.name, reason=reason),
    }
    # the e-mail commits with the decision; the job consumer sends it
    send_mail_later(claim.user.email, _("Kết quả xác minh doanh nghiệp"), messages[decision])
    db.session.commit()
    registry_changed.send(enterprise_ids=[enterprise.id])


def vouch_by_import(enterprise: RegistryEnterprise) -> None:
    """An officer's --publish import vouches for an enterprise that has no verified owner yet."""
    if enterprise.verified_at is None:
        enterprise.verified_at, enterprise.verified_via = utcnow(), "import"


def registry_counts() -> dict[str, int]:
    rows = db.session.execute(select(RegistryEnterprise.status, func.count())
                              .group_by(RegistryEnterprise.status)).all()
    return {status: count for status, count in rows}
