"""The onboarding funnel of campaigns, every step derived from recorded events:

targeted (the target row) → sent (its e-mail recorded) → link opened (the claim page) → signed up
(the account that claimed through the link: its creation) → claimed (through the link) → verified
(the claim's approval) → first listing submitted → published (= participating: verified and a
published listing; ListingStatusEvent) → accessed within 30 days of verification (monitoring's
access rollup). A step counts only when every step before it did."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_floor.accounts.models import User
from trading_floor.catalog.models import ListingStatusEvent
from trading_floor.extensions import db
from trading_floor.i18n import to_local
from trading_floor.monitoring.models import EnterpriseAccessDay
from trading_floor.monitoring.services import DIMENSIONS, group_name
from trading_floor.outreach.models import CampaignTarget
from trading_floor.registry.models import APPROVED, Claim, RegistryEnterprise

STEPS = ("targeted", "sent", "opened", "signed_up", "claimed", "verified", "submitted",
         "published", "accessed")
STEP_LABELS = {
    "targeted": _l("Trong nhóm"), "sent": _l("Đã gửi thư"), "opened": _l("Mở liên kết"),
    "signed_up": _l("Đăng ký"), "claimed": _l("Nhận doanh nghiệp"), "verified": _l("Đã xác minh"),
    "submitted": _l("Gửi sản phẩm đầu tiên"), "published": _l("Có sản phẩm công khai"),
    "accessed": _l("Truy cập trong 30 ngày"),
}
ACCESS_WINDOW = timedelta(days=30)
CHUNK = 900


@dataclass
class Journey:
    enterprise_id: int
    groups: dict
    times: list  # one datetime (naive UTC) or None per step


@dataclass
class Row:
    key: object
    name: str
    counts: list = field(default_factory=lambda: [0] * len(STEPS))


@dataclass
class Funnel:
    total: Row
    rows: list
    # median hours from each step to the next (None when nobody made that step)
    median_hours: list


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def journeys(campaign_id: int | None = None) -> list[Journey]:
    """One journey per enterprise (over all campaigns: its claimed target, else its latest)."""
    stmt = (select(CampaignTarget, RegistryEnterprise.commune_code,
                   RegistryEnterprise.vsic_section, RegistryEnterprise.size_class,
                   User.created_at, Claim.status, Claim.decided_at)
            .join(RegistryEnterprise, RegistryEnterprise.id == CampaignTarget.enterprise_id)
            .outerjoin(User, User.id == CampaignTarget.user_id)
            .outerjoin(Claim, Claim.id == CampaignTarget.claim_id)
            .order_by(CampaignTarget.created_at, CampaignTarget.id))
    if campaign_id is not None:
        stmt = stmt.where(CampaignTarget.campaign_id == campaign_id)
    chosen: dict[int, tuple] = {}
    for row in db.session.execute(stmt):
        target = row[0]
        kept = chosen.get(target.enterprise_id)
        if kept is None or target.claimed_at is not None or kept[0].claimed_at is None:
            chosen[target.enterprise_id] = tuple(row)
    ids = list(chosen)
    listing_events: dict[int, list] = {}
    access_days: dict[int, list] = {}
    for part in _chunks(ids):
        for enterprise_id, status, at in db.session.execute(
                select(ListingStatusEvent.enterprise_id, ListingStatusEvent.status,
                       ListingStatusEvent.changed_at)
                .where(ListingStatusEvent.enterprise_id.in_(part),
                       ListingStatusEvent.status.in_(("submitted", "published")))):
            listing_events.setdefault(enterprise_id, []).append((at, status))
        for enterprise_id, day in db.session.execute(
                select(EnterpriseAccessDay.enterprise_id, EnterpriseAccessDay.day)
                .where(EnterpriseAccessDay.enterprise_id.in_(part))):
            access_days.setdefault(enterprise_id, []).append(day)
    result = []
    for enterprise_id, (target, commune, section, size, user_created, claim_status,
                        claim_decided) in chosen.items():
        verified = claim_decided if claim_status == APPROVED else None
        events = sorted(e for e in listing_events.get(enterprise_id, ())
                        if e[0] >= target.created_at)
        submitted = next((at for at, _status in events), None)
        published = next((at for at, status in events if status == "published"), None)
        accessed = None
        if verified is not None:
            first_day = to_local(verified).date()
            days = sorted(d for d in access_days.get(enterprise_id, ())
                          if first_day <= d <= first_day + ACCESS_WINDOW)
            if days:
                accessed = max(verified, datetime.combine(days[0], time()) - timedelta(hours=7))
        signed_up = None
        if target.user_id is not None and user_created is not None:
            signed_up = user_created
        times = [target.created_at, target.sent_at, target.opened_at, signed_up,
                 target.claimed_at, verified, submitted, published, accessed]
        for index in range(1, len(times)):  # a step counts only after all the steps before it
            if times[index - 1] is None:
                times[index] = None
        result.append(Journey(enterprise_id, {"commune": commune, "sector": section,
                                              "size": size}, times))
    return result


def build(campaign_id: int | None = None, by: str | None = None) -> Funnel:
    if by is not None and by not in DIMENSIONS:
        by = None
    total = Row(None, str(_l("Tổng")))
    rows: dict = {}
    gaps: list[list[float]] = [[] for _ in STEPS[1:]]
    for journey in journeys(campaign_id):
        lines = [total]
        if by:
            key = journey.groups[by]
            if key not in rows:
                rows[key] = Row(key, group_name(by, key))
            lines.append(rows[key])
        for index, moment in enumerate(journey.times):
            if moment is None:
                break
            for line in lines:
                line.counts[index] += 1
            if index:
                previous = journey.times[index - 1]
                gaps[index - 1].append(max(0.0, (moment - previous).total_seconds() / 3600))
    medians = [statistics.median(g) if g else None for g in gaps]
    ordered = sorted(rows.values(), key=lambda r: r.name)
    return Funnel(total, ordered, medians)


def table(funnel: Funnel, by_label: str) -> tuple[list[str], list[list]]:
    """Headers and rows for the XLSX/CSV export: counts per group, then the median days."""
    headers = [by_label] + [str(STEP_LABELS[s]) for s in STEPS]
    rows = [[row.name] + row.counts for row in [*funnel.rows, funnel.total]]
    rows.append([str(_l("Thời gian trung vị từ bước trước (ngày)"))] + [""] + [
        "" if h is None else round(h / 24, 1) for h in funnel.median_hours])
    return headers, rows
