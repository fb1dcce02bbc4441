"""The owners' weekly summary: their listings' views, new inquiries, requests for quotation in
their categories (and those still waiting for their quote), their quotes waiting for a buyer's
answer, and what buyers searched for in their categories that found few results (the demand
report's records, outreach)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from trading_floor.accounts.models import Membership, User
from trading_floor.alerts import letters
from trading_floor.alerts.models import SummaryMark
from trading_floor.alerts.preferences import SUMMARY, external_url
from trading_floor.catalog.models import Category, Listing
from trading_floor.catalog.visibility import public_listings
from trading_floor.extensions import db
from trading_floor.i18n import format_date, format_number
from trading_floor.outreach.demand import FEW
from trading_floor.outreach.models import SearchRecord
from trading_floor.registry.models import ACTIVE, RegistryEnterprise
from trading_floor.trade.models import RFQ_CLOSED, RFQ_OPEN, Inquiry, Quote, Rfq
from trading_floor.trade.rfqs import category_and_children, open_condition

WEEK = timedelta(days=7)


def owner_ids() -> list[int]:
    """Owners of verified, active enterprises: who the weekly summary is for."""
    return list(db.session.scalars(
        select(Membership.user_id).join(RegistryEnterprise,
                                         Membership.enterprise_id == RegistryEnterprise.id)
        .where(Membership.role == "owner", Membership.active.is_(True),
               RegistryEnterprise.verified_at.is_not(None), RegistryEnterprise.status == ACTIVE)))


@dataclass
class Summary:
    enterprise: RegistryEnterprise
    since: datetime
    views: int  # in the week (or so far, the first time: first_time)
    first_time: bool
    new_inquiries: int
    new_rfqs: list = field(default_factory=list)  # RFQs opened in the week in their categories
    rfqs_to_quote: int = 0  # open RFQs in their categories without their quote
    quotes_waiting: int = 0  # their quotes the buyer has not answered yet
    few_searches: list = field(default_factory=list)  # (words, times)


def weekly_figures(user: User, now: datetime) -> Summary | None:
    membership = user.membership
    if membership is None or membership.role != "owner":
        return None
    enterprise = membership.enterprise
    if not enterprise.is_verified or enterprise.status != ACTIVE:
        return None
    since = now - WEEK
    views_total = int(db.session.scalar(select(func.coalesce(func.sum(Listing.view_count), 0))
                                        .where(Listing.enterprise_id == enterprise.id)) or 0)
    mark = db.session.get(SummaryMark, user.id)
    inquiries = db.session.scalar(select(func.count()).select_from(Inquiry).where(
        Inquiry.enterprise_id == enterprise.id, Inquiry.created_at >= since)) or 0
    result = Summary(enterprise, since, views_total - (mark.views_total if mark else 0),
                     mark is None, inquiries)
    if mark is None:
        db.session.add(SummaryMark(user_id=user.id, views_total=views_total, sent_at=now))
    else:
        mark.views_total, mark.sent_at = views_total, now
    selling = set(db.session.scalars(public_listings().with_only_columns(Listing.category_id)
                                     .where(Listing.enterprise_id == enterprise.id).distinct()))
    categories: set[int] = set()
    for category_id in selling:
        categories.update(category_and_children(category_id))
    quoted = select(Quote.rfq_id).where(Quote.enterprise_id == enterprise.id)
    if categories:
        in_categories = (Rfq.category_id.in_(categories), open_condition(now),
                         Rfq.buyer_id.not_in(select(Membership.user_id).where(
                             Membership.enterprise_id == enterprise.id)))
        result.new_rfqs = list(db.session.scalars(select(Rfq).where(
            *in_categories, Rfq.created_at >= since).order_by(Rfq.created_at.desc()).limit(10)))
        result.rfqs_to_quote = db.session.scalar(select(func.count()).select_from(Rfq).where(
            *in_categories, Rfq.id.not_in(quoted))) or 0
        slugs = list(db.session.scalars(select(Category.slug).where(Category.id.in_(categories))))
        searches = Counter(db.session.scalars(select(SearchRecord.query).where(
            SearchRecord.occurred_at >= since, SearchRecord.total < FEW, SearchRecord.query != "",
            or_(SearchRecord.guessed_category_id.in_(categories),
                SearchRecord.category_slug.in_(slugs)))))
        result.few_searches = searches.most_common(10)
    result.quotes_waiting = db.session.scalar(
        select(func.count()).select_from(Quote).join(Rfq, Quote.rfq_id == Rfq.id).where(
            Quote.enterprise_id == enterprise.id, Quote.status == "submitted",
            Rfq.status.in_((RFQ_OPEN, RFQ_CLOSED)))) or 0
    return result


def send_summary(user: User, stamp: str, now: datetime) -> int:
    """Writes an owner's weekly summary e-mail (in the caller's language context)."""
    figures = weekly_figures(user, now)
    if figures is None:
        return 0
    subject = _("Tóm tắt tuần của %(name)s trên sàn", name=figures.enterprise.name)
    views = (_("Lượt xem sản phẩm từ trước đến nay: %(n)s", n=format_number(figures.views))
             if figures.first_time else
             _("Lượt xem sản phẩm trong tuần: %(n)s", n=format_number(figures.views)))
    lines = [_("Tuần từ %(start)s đến %(end)s", start=format_date(figures.since),
               end=format_date(now)), "", views,
             _("Hỏi hàng mới: %(n)s", n=format_number(figures.new_inquiries)),
             _("Yêu cầu chào mua đang mở chờ bạn báo giá: %(n)s",
               n=format_number(figures.rfqs_to_quote)),
             _("Báo giá của bạn đang chờ người mua trả lời: %(n)s",
               n=format_number(figures.quotes_waiting)), ""]
    if figures.new_rfqs:
        lines.append(_("Yêu cầu chào mua mới trong danh mục của bạn:"))
        lines += [f"• {rfq.title} — {external_url('trade.rfq', rfq_id=rfq.id)}"
                  for rfq in figures.new_rfqs]
        lines.append("")
    if figures.few_searches:
        lines.append(_("Người mua đã tìm trong danh mục của bạn nhưng thấy ít kết quả:"))
        lines += [_("• “%(words)s” (%(n)s lần)", words=words, n=format_number(times))
                  for words, times in figures.few_searches]
        lines.append("")
    lines.append(_("Quản lý sản phẩm: %(link)s", link=external_url("seller.workspace")))
    letters.send(user, SUMMARY, subject, lines, key=f"alerts-summary:{stamp}:{user.id}")
    return 1
