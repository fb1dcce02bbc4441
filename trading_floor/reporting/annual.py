"""The annual report for a calendar year (Vietnamese time): members by kind, enterprises selling,
listings published, orders and their value by payment method, complaints and their outcomes,
takedowns. The participation figures are the monitoring dashboard's own (period_report of the
same year), so the two never disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_floor.accounts.models import Membership, User
from trading_floor.authority.models import TAKEDOWN, AuthorityRequest
from trading_floor.authority.services import deadline_hours
from trading_floor.catalog.models import PUBLISHED, ListingStatusEvent, Takedown
from trading_floor.complaints.models import STATUSES, Complaint
from trading_floor.complaints.services import status_label
from trading_floor.extensions import db
from trading_floor.monitoring import periods
from trading_floor.monitoring.services import period_report
from trading_floor.policy import ADMIN, OFFICER, OWNER, STAFF
from trading_floor.trade.models import CANCELLED, Order

PAYMENT_LABELS = {"bank_transfer": _l("Chuyển khoản ngân hàng"), "card": _l("Thẻ")}


@dataclass
class AnnualReport:
    year: int
    period: periods.Period
    members: dict[str, int] = field(default_factory=dict)
    denominator: int = 0
    participating: int = 0
    accessing: int = 0
    listings_published: int = 0
    orders: dict[str, tuple[int, int]] = field(default_factory=dict)  # method -> (count, value)
    orders_cancelled: int = 0
    complaints: dict[str, int] = field(default_factory=dict)
    takedown_requests: int = 0
    takedowns_in_time: int = 0
    officer_takedowns: int = 0

    @property
    def orders_total(self) -> tuple[int, int]:
        return (sum(c for c, _v in self.orders.values()), sum(v for _c, v in self.orders.values()))


def member_labels() -> dict[str, str]:
    return {"owner": _("Chủ doanh nghiệp"), "staff": _("Nhân viên doanh nghiệp"),
            "buyer": _("Người mua khác"), "officer": _("Cán bộ Sở"), "admin": _("Quản trị viên"),
            "total": _("Tổng số tài khoản")}


def build(year: int) -> AnnualReport:
    period = periods.year(year)
    start, end = period.start, period.measured_end
    report = AnnualReport(year=year, period=period)
    # members: accounts that existed at the end of the year, by their part on the floor
    users = db.session.execute(select(User.id, User.role).where(User.created_at < end)).all()
    memberships = dict(db.session.execute(
        select(Membership.user_id, Membership.role).where(Membership.active.is_(True),
                                                          Membership.created_at < end)).all())
    counts = {"owner": 0, "staff": 0, "buyer": 0, "officer": 0, "admin": 0}
    for user_id, role in users:
        if role in (OFFICER, ADMIN):
            counts[role] += 1
        elif memberships.get(user_id) == OWNER:
            counts["owner"] += 1
        elif memberships.get(user_id) == STAFF:
            counts["staff"] += 1
        else:
            counts["buyer"] += 1
    report.members = {**counts, "total": len(users)}
    # enterprises selling: the dashboard's participation of the same year
    tally = period_report(period, ()).total
    report.denominator, report.participating, report.accessing = (
        tally.denominator, tally.participating, tally.accessing)
    report.listings_published = db.session.scalar(
        select(func.count(func.distinct(ListingStatusEvent.listing_id))).where(
            ListingStatusEvent.status == PUBLISHED, ListingStatusEvent.changed_at >= start,
            ListingStatusEvent.changed_at < end)) or 0
    for method, count, value in db.session.execute(
            select(Order.payment_method, func.count(), func.coalesce(func.sum(Order.total_vnd), 0))
            .where(Order.created_at >= start, Order.created_at < end, Order.status != CANCELLED)
            .group_by(Order.payment_method)):
        report.orders[method] = (count, int(value))
    report.orders_cancelled = db.session.scalar(select(func.count()).select_from(Order).where(
        Order.created_at >= start, Order.created_at < end, Order.status == CANCELLED)) or 0
    by_status = dict(db.session.execute(
        select(Complaint.status, func.count()).where(Complaint.created_at >= start,
                                                     Complaint.created_at < end)
        .group_by(Complaint.status)).all())
    report.complaints = {status: by_status.get(status, 0) for status in STATUSES}
    requests = list(db.session.scalars(select(AuthorityRequest).where(
        AuthorityRequest.kind == TAKEDOWN, AuthorityRequest.received_at >= start,
        AuthorityRequest.received_at < end)))
    report.takedown_requests = len(requests)
    limit = timedelta(hours=deadline_hours())
    report.takedowns_in_time = sum(1 for r in requests
                                   if r.done_at is not None and r.done_at - r.received_at <= limit)
    report.officer_takedowns = db.session.scalar(select(func.count()).select_from(Takedown).where(
        Takedown.created_at >= start, Takedown.created_at < end)) or 0
    return report


def rows(report: AnnualReport) -> list[tuple[str, str, int]]:
    """(section, item, figure): the report as one table (the XLSX, and what the page prints)."""
    labels = member_labels()
    out = [(_("Thành viên"), labels[key], report.members[key]) for key in labels]
    out += [(_("Doanh nghiệp"), _("Doanh nghiệp trong sổ đăng ký (mẫu số)"), report.denominator),
            (_("Doanh nghiệp"), _("Doanh nghiệp bán hàng trên sàn (tham gia)"),
             report.participating),
            (_("Doanh nghiệp"), _("Doanh nghiệp truy cập sàn"), report.accessing),
            (_("Sản phẩm"), _("Sản phẩm được đăng trong năm"), report.listings_published)]
    for method, (count, value) in sorted(report.orders.items()):
        label = str(PAYMENT_LABELS.get(method, method))
        out += [(_("Đơn hàng"), _("Số đơn — %(m)s", m=label), count),
                (_("Đơn hàng"), _("Giá trị (đồng) — %(m)s", m=label), value)]
    count, value = report.orders_total
    out += [(_("Đơn hàng"), _("Tổng số đơn (không kể đơn hủy)"), count),
            (_("Đơn hàng"), _("Tổng giá trị (đồng)"), value),
            (_("Đơn hàng"), _("Đơn đã hủy"), report.orders_cancelled)]
    out += [(_("Khiếu nại"), status_label(status), n) for status, n in report.complaints.items()]
    out += [(_("Gỡ bỏ"), _("Yêu cầu gỡ bỏ của cơ quan có thẩm quyền"), report.takedown_requests),
            (_("Gỡ bỏ"), _("Gỡ trong hạn"), report.takedowns_in_time),
            (_("Gỡ bỏ"), _("Sản phẩm cán bộ Sở gỡ"), report.officer_takedowns)]
    return out
