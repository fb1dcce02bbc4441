"""The Department's side of listings: the review queue, takedowns and abuse reports."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from trading_floor import policy
from trading_floor.catalog.models import (
    PUBLISHED,
    REJECTED,
    SUBMITTED,
    AbuseReport,
    Listing,
    Takedown,
)
from trading_floor.catalog.services import (
    ListingError,
    NotAllowed,
    commit_and_signal,
    record_status,
)
from trading_floor.catalog.visibility import is_public
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.registry.models import RegistryEnterprise

OPEN, DISMISSED, ACTIONED = "open", "dismissed", "actioned"
MAX_REASON = 2000


def _require_officer(user) -> None:
    if not policy.can_moderate(user):
        raise NotAllowed()


def _reason(text: str, what: str) -> str:
    reason = (text or "").strip()
    if not reason:
        raise ListingError(what)
    return reason[:MAX_REASON]


def published(q: str = "", page: int = 1, per_page: int = 30):
    """Published listings for the takedown tab, searchable by title, sku or enterprise."""
    stmt = (select(Listing).join(RegistryEnterprise, Listing.enterprise_id == RegistryEnterprise.id)
            .where(Listing.status == PUBLISHED))
    if q.strip():
        like = f"%{q.strip()}%"
        stmt = stmt.where(or_(Listing.title.ilike(like), Listing.sku.ilike(like),
                              RegistryEnterprise.name.ilike(like),
                              RegistryEnterprise.code.like(like)))
    stmt = stmt.order_by(Listing.published_at.desc(), Listing.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def approve(officer, listing: Listing) -> None:
    """Publishes a submitted listing."""
    _require_officer(officer)
    if listing.status != SUBMITTED:
        raise ListingError(_("Sản phẩm này không còn chờ duyệt."))
    record_status(listing, PUBLISHED, officer.id)
    commit_and_signal([listing.id])


def reject(officer, listing: Listing, reason: str) -> None:
    """Sends a submitted listing back to its enterprise with the reason (shown in the workspace)."""
    _require_officer(officer)
    reason = _reason(reason, _("Cần ghi lý do từ chối để doanh nghiệp sửa."))
    if listing.status != SUBMITTED:
        raise ListingError(_("Sản phẩm này không còn chờ duyệt."))
    record_status(listing, REJECTED, officer.id, reason)
    commit_and_signal([listing.id])


def _submitted(listing_ids: list[int]) -> tuple[list[Listing], int]:
    """The listings of these ids still waiting for review, and how many were not (any more)."""
    ids = sorted({int(i) for i in listing_ids})
    waiting = list(db.session.scalars(select(Listing).where(Listing.id.in_(ids),
                                                            Listing.status == SUBMITTED)
                                      .order_by(Listing.updated_at, Listing.id)))
    return waiting, len(ids) - len(waiting)


def approve_many(officer, listing_ids: list[int]) -> tuple[list[Listing], int]:
    """Publishes the submitted listings among these ids in one transaction.

    Returns (the listings published, how many were skipped because another officer or the
    enterprise moved them meanwhile)."""
    _require_officer(officer)
    if not listing_ids:
        raise ListingError(_("Hãy chọn ít nhất một sản phẩm."))
    waiting, skipped = _submitted(listing_ids)
    for listing in waiting:
        record_status(listing, PUBLISHED, officer.id)
    commit_and_signal([listing.id for listing in waiting])
    return waiting, skipped


def reject_many(officer, listing_ids: list[int], reason: str) -> tuple[list[Listing], int]:
    """Sends the submitted listings among these ids back with one reason (as approve_many)."""
    _require_officer(officer)
    reason = _reason(reason, _("Cần chọn hoặc ghi lý do từ chối để doanh nghiệp sửa."))
    if not listing_ids:
        raise ListingError(_("Hãy chọn ít nhất một sản phẩm."))
    waiting, skipped = _submitted(listing_ids)
    for listing in waiting:
        record_status(listing, REJECTED, officer.id, reason)
    commit_and_signal([listing.id for listing in waiting])
    return waiting, skipped


def _take_down(officer, listing: Listing, reason: str) -> Takedown:
    if listing.status != PUBLISHED:
        raise ListingError(_("Chỉ gỡ được sản phẩm đang đăng."))
    takedown = Takedown(listing_id=listing.id, officer_id=officer.id, reason=reason)
    db.session.add(takedown)
    # a taken-down listing is "rejected" with the reason: the enterprise can fix and resubmit
    record_status(listing, REJECTED, officer.id, _("gỡ xuống: %(r)s", r=reason))
    return takedown


def take_down(officer, listing: Listing, reason: str) -> None:
    """Removes a published listing from public view, with a reason kept in the takedown log."""
    _require_officer(officer)
    reason = _reason(reason, _("Cần ghi lý do gỡ sản phẩm."))
    _take_down(officer, listing, reason)
    commit_and_signal([listing.id])


def takedown_log(page: int = 1, per_page: int = 30):
    stmt = select(Takedown).order_by(Takedown.created_at.desc(), Takedown.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def file_report(user, listing: Listing, reason: str) -> AbuseReport:
    """Any signed-in user reports a public listing; one open report per user and listing."""
    if not policy.can_report_abuse(user):
        raise NotAllowed()
    if not is_public(listing):
        raise NotAllowed()
    reason = _reason(reason, _("Hãy cho biết sản phẩm này có vấn đề gì."))
    existing = db.session.scalar(select(AbuseReport).where(
        AbuseReport.listing_id == listing.id, AbuseReport.reporter_id == user.id,
        AbuseReport.status == OPEN))
    if existing:
        existing.reason = (existing.reason + "\n\n" + reason)[:8000]
        db.session.commit()
        return existing
    report = AbuseReport(listing_id=listing.id, reporter_id=user.id, reason=reason, status=OPEN)
    db.session.add(report)
    db.session.commit()
    return report


def reports(status: str = OPEN, page: int = 1, per_page: int = 30):
    stmt = (select(AbuseReport).where(AbuseReport.status == status)
            .order_by(AbuseReport.created_at, AbuseReport.id))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def dismiss_report(officer, report: AbuseReport) -> None:
    """The report is unfounded; the listing stays."""
    _require_officer(officer)
    if report.status != OPEN:
        raise ListingError(_("Báo cáo này đã được xử lý."))
    report.status, report.handled_by_id, report.handled_at = DISMISSED, officer.id, utcnow()
    db.session.commit()


def act_on_report(officer, report: AbuseReport, reason: str) -> None:
    """The report is founded: the listing is taken down (if still published) with the reason.

    Every other open report of the same listing is closed with it.
    """
    _require_officer(officer)
    if report.status != OPEN:
        raise ListingError(_("Báo cáo này đã được xử lý."))
    reason = _reason(reason, _("Cần ghi lý do gỡ sản phẩm."))
    listing = report.listing
    if listing.status == PUBLISHED:
        _take_down(officer, listing, reason)
    now = utcnow()
    for other in db.session.scalars(select(AbuseReport).where(
            AbuseReport.listing_id == listing.id, AbuseReport.status == OPEN)):
        other.status, other.handled_by_id, other.handled_at = ACTIONED, officer.id, now
    commit_and_signal([listing.id])


def counts() -> dict[str, int]:
    return {
        "submitted": db.session.scalar(select(func.count()).select_from(Listing)
                                       .where(Listing.status == SUBMITTED)) or 0,
        "reports": db.session.scalar(select(func.count()).select_from(AbuseReport)
                                     .where(AbuseReport.status == OPEN)) or 0,
    }
