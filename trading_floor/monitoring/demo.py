"""Two years of believable activity for the demo province: members of verified enterprises
search and open listings, storefronts and requests for quotation; adoption grows month by month
and varies by commune and sector. Bulk inserts, then the rollups are rebuilt from the events."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from trading_floor.accounts.models import Membership
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.monitoring import spans
from trading_floor.monitoring.models import ACCESS_KINDS, AccessEvent
from trading_floor.registry.models import RegistryEnterprise

# how keen each VSIC section is to look things up on the floor (traders and food makers most)
SECTION_KEENNESS = {"A": 0.9, "C": 1.0, "F": 0.6, "G": 1.3, "H": 0.7, "I": 0.5, "J": 1.2}
KIND_WEIGHTS = (55, 30, 10, 5)  # search, listing, storefront, rfq
BATCH = 20000


def build_activity_demo(echo: Callable[[str], None] = print, scale: float = 1.0,
                        seed: int = 80) -> int:
    """Adds access events for the demo members over the last two years; returns their number."""
    rng = random.Random(seed)
    now = utcnow()
    start = now - timedelta(days=730)
    members = db.session.execute(
        select(Membership.user_id, Membership.enterprise_id, RegistryEnterprise.verified_at,
               RegistryEnterprise.commune_code, RegistryEnterprise.vsic_section,
               RegistryEnterprise.parent_code)
        .join(RegistryEnterprise, Membership.enterprise_id == RegistryEnterprise.id)
        .where(Membership.active.is_(True), RegistryEnterprise.verified_at.is_not(None))).all()
    communes = sorted({m.commune_code for m in members})
    commune_keenness = {c: rng.uniform(0.4, 1.4) for c in communes}
    rows: list[dict] = []
    total = 0
    for member in members:
        if member.parent_code:
            continue  # demo members belong to head offices
        keenness = SECTION_KEENNESS.get(member.vsic_section, 0.8) * commune_keenness[
            member.commune_code]
        # some take weeks to come back after verification, some never look around
        if rng.random() > min(0.95, 0.55 + 0.3 * keenness):
            continue
        first = max(start, member.verified_at + timedelta(days=rng.randint(0, 60)))
        month_start = datetime(first.year, first.month, 1)
        months_active = 0
        while month_start < now:
            following = datetime(month_start.year + (month_start.month == 12),
                                 month_start.month % 12 + 1, 1)
            # the habit grows: more likely to come back each month, up to a ceiling
            chance = min(0.92, (0.25 + 0.06 * months_active) * keenness)
            if rng.random() < chance:
                months_active += 1
                for _i in range(max(1, int(rng.expovariate(1 / (6 * scale))))):
                    moment = _moment(rng, max(first, month_start), min(following, now))
                    if moment is None:
                        break
                    rows.append({"enterprise_id": member.enterprise_id,
                                 "user_id": member.user_id,
                                 "kind": rng.choices(ACCESS_KINDS, weights=KIND_WEIGHTS)[0],
                                 "occurred_at": moment})
            month_start = following
        if len(rows) >= BATCH:
            db.session.execute(insert(AccessEvent), rows)
            total += len(rows)
            rows = []
    if rows:
        db.session.execute(insert(AccessEvent), rows)
        total += len(rows)
    db.session.commit()
    result = spans.rebuild_all()
    echo(f"  {total} lượt truy cập mẫu trong hai năm ({result['days']} ngày-doanh nghiệp).")
    return total


def _moment(rng: random.Random, low: datetime, high: datetime) -> datetime | None:
    """A moment in [low, high), during Vietnamese working hours (07:00–21:00, i.e. 00–14 UTC)."""
    if high <= low:
        return None
    for _attempt in range(5):
        moment = low + timedelta(seconds=rng.randint(0, int((high - low).total_seconds()) - 1))
        moment = moment.replace(hour=rng.randint(0, 13))
        if low <= moment < high:
            return moment
    return None
