"""RFQ alerts and the digests.

- When an RFQ opens, trade's fan-out tells the matching members on the floor at once and hands
  their ids to `rfq_matched` (the job `alerts.rfq_matched`): "at once" members get an e-mail
  now, "daily"/"weekly" members get a DigestItem, "never" members nothing.
- The daily (07:00) and weekly (Monday 07:00) schedules record one job per member who has
  something of that frequency (`schedule_digests`), so one failure stops no one else; the job key
  carries the member, the frequency and the Vietnamese date, so a second run sends nothing twice.
- A member's digest (`member_digest`) is one e-mail per kind (each with its own unsubscribe):
  the RFQs waiting (each once, with its link), the new listings of their saved searches, and on
  Mondays the owners' weekly summary (summary.py).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select, update

from trading_floor import jobs
from trading_floor.accounts.models import User
from trading_floor.alerts import letters, preferences, saved_searches, summary
from trading_floor.alerts.models import DigestItem, SavedSearch
from trading_floor.alerts.preferences import (
    DAILY,
    IMMEDIATE,
    RFQ,
    SAVED_SEARCH,
    SUMMARY,
    WEEKLY,
    external_url,
)
from trading_floor.extensions import db
from trading_floor.i18n import format_date, format_number, format_vnd, to_local, utcnow
from trading_floor.jobs.models import Job
from trading_floor.trade.models import Rfq
from trading_floor.trade.rfqs import open_condition

DIGEST_JOB = "alerts.member_digest"


# --- an RFQ opened ---------------------------------------------------------------------------
def rfq_matched(rfq_id: int, user_ids: list[int], rfq_url: str = "") -> int:
    """E-mail per each member's choice for RFQ alerts; returns how many were e-mailed at once."""
    rfq = db.session.get(Rfq, rfq_id)
    if rfq is None or not user_ids:
        return 0
    chosen = preferences.frequencies_for(RFQ, user_ids)
    waiting = set(db.session.scalars(select(DigestItem.user_id).where(
        DigestItem.kind == RFQ, DigestItem.ref_id == rfq_id)))
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    sent = 0
    for user_id, frequency in chosen.items():
        user = users.get(user_id)
        if user is None or not user.is_active_account:
            continue
        if frequency == IMMEDIATE:
            with letters.in_language_of(user):
                _rfq_now(user, rfq, rfq_url or external_url("trade.rfq", rfq_id=rfq.id))
            sent += 1
        elif frequency in (DAILY, WEEKLY) and user_id not in waiting:
            db.session.add(DigestItem(user_id=user_id, kind=RFQ, ref_id=rfq_id))
    return sent


def _category(rfq: Rfq) -> str:
    return letters.localized(rfq.category.name_vi, rfq.category.name_en)


def _rfq_lines(rfq: Rfq, url: str) -> list[str]:
    price = _(", giá mong muốn %(price)s / %(unit)s", price=format_vnd(rfq.target_price_vnd),
              unit=rfq.unit) if rfq.target_price_vnd else ""
    return [f"• {rfq.title}",
            "  " + _("%(qty)s %(unit)s%(price)s — hạn chót %(deadline)s",
                     qty=format_number(rfq.quantity), unit=rfq.unit, price=price,
                     deadline=format_date(rfq.deadline_day)),
            "  " + _("Danh mục: %(cat)s", cat=_category(rfq)),
            "  " + url]


def _rfq_now(user: User, rfq: Rfq, url: str) -> None:
    subject = _("Yêu cầu chào mua mới trong danh mục %(cat)s: %(title)s", cat=_category(rfq),
                title=rfq.title)
    lines = [_("Một yêu cầu chào mua mới trong danh mục doanh nghiệp bạn đang bán:"), "",
             *_rfq_lines(rfq, url), "", _("Gửi báo giá tại trang của yêu cầu.")]
    letters.send(user, RFQ, subject, lines, key=f"rfq-{rfq.id}-user-{user.id}")


# --- the schedules ---------------------------------------------------------------------------
def _stamp(now: datetime) -> str:
    return to_local(now).date().isoformat()


def _digest_key(frequency: str, stamp: str, user_id: int) -> str:
    return f"alerts-digest:{frequency}:{stamp}:{user_id}"


def schedule_digests(frequency: str, now: datetime | None = None) -> int:
    """Records one digest job per member who has something of this frequency waiting (RFQs,
    saved searches, on Mondays the owners' summary); a member already given today's job is
    skipped. Returns how many jobs were recorded (the caller commits)."""
    now = now or utcnow()
    stamp = _stamp(now)
    waiting = set(db.session.scalars(select(DigestItem.user_id).where(
        DigestItem.kind == RFQ, DigestItem.sent_at.is_(None)).distinct()))
    savers = set(db.session.scalars(select(SavedSearch.user_id).distinct()))
    candidates = {u for u, f in preferences.frequencies_for(RFQ, waiting).items()
                  if f == frequency}
    candidates |= {u for u, f in preferences.frequencies_for(SAVED_SEARCH, savers).items()
                   if f == frequency}
    if frequency == WEEKLY:
        candidates |= {u for u, f in preferences.frequencies_for(
            SUMMARY, summary.owner_ids()).items() if f == WEEKLY}
    inactive = set(db.session.scalars(select(User.id).where(User.is_active_account.is_(False))))
    candidates -= inactive  # closed or deleted accounts get nothing
    prefix = _digest_key(frequency, stamp, 0)[:-1]
    done = set(db.session.scalars(select(Job.key).where(Job.key.like(prefix + "%"))))
    recorded = 0
    for user_id in sorted(candidates):
        key = _digest_key(frequency, stamp, user_id)
        if key not in done:
            jobs.record(DIGEST_JOB, {"user_id": user_id, "frequency": frequency, "stamp": stamp},
                        key=key)
            recorded += 1
    return recorded


# --- one member's digest ------------------------------------------------------------------------
def member_digest(user_id: int, frequency: str, stamp: str | None = None,
                  now: datetime | None = None) -> int:
    """Writes this member's digest e-mails of this frequency; returns how many (the job's
    transaction commits them with the DigestItems marked sent)."""
    now = now or utcnow()
    stamp = stamp or _stamp(now)
    user = db.session.get(User, user_id)
    if user is None or not user.is_active_account:
        return 0
    chosen = preferences.frequencies_of(user_id)
    sent = 0
    with letters.in_language_of(user):
        if chosen[RFQ] == frequency:
            sent += _rfq_digest(user, frequency, stamp, now)
        if chosen[SAVED_SEARCH] == frequency:
            sent += _saved_search_digest(user, frequency, stamp, now)
        if frequency == WEEKLY and chosen[SUMMARY] == WEEKLY:
            sent += summary.send_summary(user, stamp, now)
    return sent


def _rfq_digest(user: User, frequency: str, stamp: str, now: datetime) -> int:
    items = list(db.session.scalars(select(DigestItem).where(
        DigestItem.user_id == user.id, DigestItem.kind == RFQ, DigestItem.sent_at.is_(None))))
    if not items:
        return 0
    # each RFQ once, still open, oldest first; those closed meanwhile are dropped
    rfqs = list(db.session.scalars(select(Rfq).where(
        Rfq.id.in_({item.ref_id for item in items}), open_condition(now))
        .order_by(Rfq.created_at, Rfq.id)))
    db.session.execute(update(DigestItem).where(DigestItem.id.in_([i.id for i in items]))
                       .values(sent_at=now).execution_options(synchronize_session=False))
    if not rfqs:
        return 0
    subject = ngettext("%(num)d yêu cầu chào mua mới trong danh mục của bạn",
                       "%(num)d yêu cầu chào mua mới trong danh mục của bạn", len(rfqs))
    lines = [_("Các yêu cầu chào mua mới trong danh mục doanh nghiệp bạn đang bán:"), ""]
    for rfq in rfqs:
        lines += _rfq_lines(rfq, external_url("trade.rfq", rfq_id=rfq.id)) + [""]
    letters.send(user, RFQ, subject, lines, key=f"alerts-rfq:{frequency}:{stamp}:{user.id}")
    return 1


def _saved_search_digest(user: User, frequency: str, stamp: str, now: datetime) -> int:
    sections, seen, total = [], set(), 0
    for saved in saved_searches.saved_searches_of(user):
        found = [listing for listing in saved_searches.new_matches(
            saved, saved.last_sent_at or saved.created_at) if listing.id not in seen]
        saved.last_sent_at = now
        if not found:
            continue
        seen.update(listing.id for listing in found)
        total += len(found)
        sections += [_("Tìm kiếm %(what)s:", what=saved_searches.describe(saved))]
        for listing in found:
            price = format_vnd(listing.price_vnd) if listing.price_vnd else _("liên hệ")
            sections += [f"• {listing.title} — {price} / {listing.unit}",
                         "  " + external_url("catalog.listing_by_id", listing_id=listing.id)]
        sections += [""]
    if not total:
        return 0
    subject = ngettext("%(num)d sản phẩm mới khớp tìm kiếm đã lưu",
                       "%(num)d sản phẩm mới khớp tìm kiếm đã lưu", total)
    lines = [_("Sản phẩm mới đăng khớp với các tìm kiếm bạn đã lưu:"), "", *sections]
    letters.send(user, SAVED_SEARCH, subject, lines,
                 key=f"alerts-saved:{frequency}:{stamp}:{user.id}")
    return 1
