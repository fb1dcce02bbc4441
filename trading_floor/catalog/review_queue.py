"""The review queue of submitted listings as officers work it: search, filters, waiting times,
and the standard rejection reasons they pick from (kept in a table they edit).

Why a table and not a setting: the reasons are the Department's working practice, they change
when a rule changes (a new OCOP decree, a banned product), and the officers who use them are the
ones who know — a setting would need an administrator or a deployment for each change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, or_, select

from trading_floor.catalog.models import SUBMITTED, Category, Listing, RejectionReason
from trading_floor.catalog.taxonomy import subtree_ids
from trading_floor.core.numbers import query_int
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.registry.models import RegistryEnterprise

PER_PAGE = 30
AGES = (1, 3, 7, 30)  # "waiting more than N days" filter choices
SORTS = ("oldest", "newest")
MAX_REASON_TEXT = 300


class ReasonError(ValueError):
    """A standard reason refused (empty, too long, a duplicate); str() says why."""


@dataclass
class QueueFilters:
    """What an officer narrowed the queue to (all optional)."""

    q: str = ""
    enterprise_id: int | None = None
    category_id: int | None = None
    min_age_days: int | None = None
    sort: str = "oldest"

    @classmethod
    def from_args(cls, args) -> QueueFilters:
        age = query_int(args, "age")
        sort = args.get("sort", "oldest")
        return cls(q=(args.get("q") or "").strip()[:100],
                   enterprise_id=query_int(args, "enterprise"),
                   category_id=query_int(args, "category"),
                   min_age_days=age if age in AGES else None,
                   sort=sort if sort in SORTS else "oldest")

    @property
    def active(self) -> bool:
        return bool(self.q or self.enterprise_id or self.category_id or self.min_age_days)


@dataclass
class QueueSummary:
    """The whole queue (unfiltered): how many wait, and since when the oldest waits."""

    total: int
    oldest_since: datetime | None

    @property
    def oldest_wait(self) -> str:
        return waiting_label(self.oldest_since) if self.oldest_since else ""


def _queue_stmt(filters: QueueFilters):
    stmt = (select(Listing)
            .join(RegistryEnterprise, Listing.enterprise_id == RegistryEnterprise.id)
            .where(Listing.status == SUBMITTED))
    if filters.q:
        like = f"%{filters.q}%"
        stmt = stmt.where(or_(Listing.title.ilike(like), Listing.sku.ilike(like),
                              RegistryEnterprise.name.ilike(like),
                              RegistryEnterprise.code.like(like)))
    if filters.enterprise_id:
        stmt = stmt.where(Listing.enterprise_id == filters.enterprise_id)
    if filters.category_id:
        stmt = stmt.where(Listing.category_id.in_(subtree_ids(filters.category_id)))
    if filters.min_age_days:
        stmt = stmt.where(Listing.updated_at <= utcnow() - timedelta(days=filters.min_age_days))
    return stmt


def review_queue(filters: QueueFilters | None = None, page: int = 1, per_page: int = PER_PAGE):
    """Submitted listings matching the filters, oldest first unless asked otherwise.

    A listing waits since its last change (its submission: any later edit of its content sends
    it back to draft)."""
    filters = filters or QueueFilters()
    stmt = _queue_stmt(filters)
    if filters.sort == "newest":
        stmt = stmt.order_by(Listing.updated_at.desc(), Listing.id.desc())
    else:
        stmt = stmt.order_by(Listing.updated_at, Listing.id)
    return db.paginate(stmt, page=max(page, 1), per_page=per_page, error_out=False)


def summary() -> QueueSummary:
    total, oldest = db.session.execute(
        select(func.count(Listing.id), func.min(Listing.updated_at))
        .where(Listing.status == SUBMITTED)).one()
    return QueueSummary(total=total or 0, oldest_since=oldest)


def waiting_label(since: datetime, now: datetime | None = None) -> str:
    """How long something has waited, in the largest whole unit: '12 ngày', '5 giờ', '3 phút'."""
    seconds = max(0, int(((now or utcnow()) - since).total_seconds()))
    if seconds >= 86400:
        days = seconds // 86400
        return ngettext("%(num)d ngày", "%(num)d ngày", days)
    if seconds >= 3600:
        hours = seconds // 3600
        return ngettext("%(num)d giờ", "%(num)d giờ", hours)
    minutes = max(1, seconds // 60)
    return ngettext("%(num)d phút", "%(num)d phút", minutes)


def enterprise_choices() -> list[tuple[int, str, int]]:
    """(id, name, listings waiting) of every enterprise with something in the queue."""
    return [tuple(row) for row in db.session.execute(
        select(RegistryEnterprise.id, RegistryEnterprise.name, func.count(Listing.id))
        .join(Listing, Listing.enterprise_id == RegistryEnterprise.id)
        .where(Listing.status == SUBMITTED)
        .group_by(RegistryEnterprise.id, RegistryEnterprise.name)
        .order_by(RegistryEnterprise.name))]


def category_choices() -> list[tuple[Category, int, int]]:
    """(category, depth, listings waiting in it and below) for the categories that have some."""
    from trading_floor.catalog.taxonomy import tree

    direct = dict(db.session.execute(
        select(Listing.category_id, func.count(Listing.id))
        .where(Listing.status == SUBMITTED).group_by(Listing.category_id)).all())
    nodes = tree()
    totals = {category.id: direct.get(category.id, 0) for category, _depth in nodes}
    # the tree is depth-first: walking it backwards adds each category to its parent once
    for category, _depth in reversed(nodes):
        if category.parent_id in totals:
            totals[category.parent_id] += totals[category.id]
    return [(category, depth, totals[category.id]) for category, depth in nodes
            if totals[category.id]]


# --- standard rejection reasons -----------------------------------------------------------------

def standard_reasons() -> list[RejectionReason]:
    return list(db.session.scalars(select(RejectionReason)
                                   .order_by(RejectionReason.position, RejectionReason.id)))


def _clean_reason(text: str) -> str:
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise ReasonError(_("Hãy ghi nội dung lý do."))
    if len(cleaned) > MAX_REASON_TEXT:
        raise ReasonError(_("Lý do dài quá %(n)d ký tự.", n=MAX_REASON_TEXT))
    return cleaned


def _refuse_duplicate(text: str, reason_id: int | None = None) -> None:
    clash = db.session.scalar(select(RejectionReason.id).where(
        func.lower(RejectionReason.text) == text.lower(), RejectionReason.id != (reason_id or 0)))
    if clash:
        raise ReasonError(_("Lý do này đã có trong danh sách."))


def add_reason(text: str) -> RejectionReason:
    text = _clean_reason(text)
    _refuse_duplicate(text)
    position = (db.session.scalar(select(func.max(RejectionReason.position))) or 0) + 1
    reason = RejectionReason(text=text, position=position)
    db.session.add(reason)
    db.session.commit()
    return reason


def edit_reason(reason: RejectionReason, text: str) -> None:
    text = _clean_reason(text)
    _refuse_duplicate(text, reason.id)
    reason.text = text
    db.session.commit()


def remove_reason(reason: RejectionReason) -> None:
    """Listings already rejected keep the words they were sent (copied at the time)."""
    db.session.delete(reason)
    db.session.commit()


def compose_reason(reason_ids: list[int], note: str) -> str:
    """The text an enterprise receives: the standard reasons picked, then the officer's note."""
    wanted = set(reason_ids or [])
    picked = [r.text for r in standard_reasons() if r.id in wanted]
    parts = picked + ([note.strip()] if (note or "").strip() else [])
    return "; ".join(parts)
