"""The demo province's catalogue: ~20,000 listings (scale 1.0) of the verified demo enterprises.

Deterministic (fixed seed): the same registry gives the same catalogue. Listings and their status
events are written with bulk inserts; the participation history of the monitoring part is computed
from those events, so every listing has the transitions that led to its status, dated after its
enterprise was verified, with adoption growing over the two years of the demo.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select, text

from trading_floor.accounts.models import Membership, User
from trading_floor.catalog.demo_vocabulary import (
    CATEGORIES,
    DESCRIPTIONS,
    FALLBACK_GROUPS,
    GROUPS,
    QUALIFIERS,
    REJECTION_REASONS,
    SECTION_GROUPS,
    VSIC_GROUPS,
    Group,
    Product,
)
from trading_floor.catalog.models import (
    ARCHIVED,
    DRAFT,
    PUBLISHED,
    REJECTED,
    SUBMITTED,
    Category,
    Listing,
    ListingCertification,
    ListingStatusEvent,
)
from trading_floor.core.signals import listings_changed
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.registry.models import ACTIVE, AdminUnit, RegistryEnterprise

SEED = 3300
LISTINGS_AT_SCALE_1 = 20_000
STATUS_WEIGHTS = ((PUBLISHED, 82), (DRAFT, 5), (SUBMITTED, 4), (REJECTED, 3), (ARCHIVED, 6))
OFFICER_EMAIL = "canbo@demo.hungyen.vn"


def ensure_categories() -> dict[str, int]:
    """Category ids by slug: the seeded taxonomy's where it has the slug, created where not."""
    ids = dict(db.session.execute(select(Category.slug, Category.id)).all())
    for position, (slug, parent, name_vi, name_en) in enumerate(CATEGORIES):
        if slug not in ids:
            category = Category(slug=slug, name_vi=name_vi, name_en=name_en, position=position,
                                parent_id=ids.get(parent) if parent else None)
            db.session.add(category)
            db.session.flush()
            ids[slug] = category.id
    db.session.commit()
    return ids


def _vouch_some(rng: random.Random, count: int, now: datetime) -> None:
    """A few enterprises without an owner account, vouched for by an officer's --publish import."""
    candidates = list(db.session.scalars(
        select(RegistryEnterprise).where(RegistryEnterprise.status == ACTIVE,
                                         RegistryEnterprise.verified_at.is_(None),
                                         RegistryEnterprise.parent_code.is_(None))
        .order_by(RegistryEnterprise.id)))
    for enterprise in rng.sample(candidates, min(count, len(candidates))):
        enterprise.verified_at = now - timedelta(days=rng.randint(20, 600),
                                                 seconds=rng.randint(0, 86_399))
        enterprise.verified_via = "import"
    db.session.commit()


def _groups_for(vsic_code: str, section: str) -> tuple[str, ...]:
    return VSIC_GROUPS.get(vsic_code) or SECTION_GROUPS.get(section) or FALLBACK_GROUPS


def _round_price(value: float) -> int:
    step = 100 if value < 20_000 else 1_000 if value < 1_000_000 else 50_000
    return max(step, int(round(value / step)) * step)


def _tiers(rng: random.Random, price: int, moq: int) -> list[list[int]]:
    tiers, quantity = [], moq
    for _ in range(rng.choice((1, 2, 2, 3))):
        quantity = quantity * rng.choice((2, 5, 10)) if quantity > 1 else rng.choice((5, 10, 20))
        price = _round_price(price * rng.uniform(0.92, 0.97))
        if tiers and price >= tiers[-1][1]:
            break
        tiers.append([quantity, price])
    return tiers


def _certifications(rng: random.Random, group: Group, product: Product,
                    published: datetime) -> list[dict]:
    certs = []
    if group.kind == "ocop" or ("Hưng Yên" in product.name and rng.random() < 0.15):
        stars = rng.choices((3, 4, 5), weights=(55, 38, 7))[0]
        issued = published.date() - timedelta(days=rng.randint(30, 700))
        certs.append({"code": f"OCOP{stars}",
                      "number": f"{rng.randint(100, 2999)}/QĐ-UBND",
                      "expires_on": date(issued.year + 3, issued.month, min(issued.day, 28))})
    if group.kind == "fresh" and rng.random() < 0.22:
        certs.append({"code": rng.choices(("VietGAP", "GlobalGAP", "organic"),
                                          weights=(80, 8, 12))[0],
                      "number": f"VietGAP-TT-{rng.randint(10, 99)}-{rng.randint(1, 999):03d}",
                      "expires_on": published.date() + timedelta(days=rng.randint(200, 900))})
    if group.kind in ("food", "ocop") and rng.random() < 0.2:
        certs.append({"code": rng.choice(("HACCP", "ISO22000")),
                      "number": f"HY{rng.randint(1000, 9999)}", "expires_on": None})
    if group.kind == "industrial" and rng.random() < 0.15:
        certs.append({"code": "ISO9001", "number": f"QMS-{rng.randint(10000, 99999)}",
                      "expires_on": published.date() + timedelta(days=rng.randint(100, 1000))})
    return certs


def _history(rng: random.Random, status: str, created: datetime, now: datetime,
             vouched: bool) -> tuple[list[tuple[str, datetime]], datetime | None]:
    """The status transitions that led to the listing's status, and when it was published."""
    def later(moment: datetime, max_hours: int) -> datetime:
        step = timedelta(minutes=rng.randint(5, max_hours * 60))
        # never in the future, and always after the previous step (halfway to now if need be)
        return moment + step if moment + step < now else moment + (now - moment) / 2

    if vouched:  # an officer's --publish import: published at once
        events = [(PUBLISHED, created)]
        if status == ARCHIVED:
            events.append((ARCHIVED, later(created, 24 * 120)))
        return events, created
    events, published = [(DRAFT, created)], None
    if status == DRAFT:
        return events, None
    submitted = later(created, 48)
    events.append((SUBMITTED, submitted))
    if status == SUBMITTED:
        return events, None
    decided = later(submitted, 72)
    if status == REJECTED:
        events.append((REJECTED, decided))
        return events, None
    events.append((PUBLISHED, decided))
    published = decided
    if status == ARCHIVED:
        events.append((ARCHIVED, later(decided, 24 * 200)))
    return events, published


def _enterprises() -> list[dict]:
    """Verified active enterprises with their owner (if any), in a stable order."""
    owners = dict(db.session.execute(
        select(Membership.enterprise_id, Membership.user_id)
        .where(Membership.role == "owner", Membership.active.is_(True))).all())
    rows = db.session.execute(
        select(RegistryEnterprise.id, RegistryEnterprise.name, RegistryEnterprise.vsic_code,
               RegistryEnterprise.vsic_section, RegistryEnterprise.commune_code,
               RegistryEnterprise.verified_at, RegistryEnterprise.verified_via)
        .where(RegistryEnterprise.status == ACTIVE, RegistryEnterprise.verified_at.is_not(None))
        .order_by(RegistryEnterprise.id)).all()
    return [dict(row._mapping, owner_id=owners.get(row.id)) for row in rows]


def generate(scale: float = 1.0, seed: int = SEED, now: datetime | None = None) -> dict[str, int]:
    """Adds the demo catalogue to the registry's verified enterprises; returns counts."""
    rng = random.Random(seed)
    # whole days: the same registry gives the same catalogue all day long
    now = (now or utcnow()).replace(hour=0, minute=0, second=0, microsecond=0)
    category_ids = ensure_categories()
    _vouch_some(rng, max(1, int(15 * scale)), now)
    enterprises = _enterprises()
    if not enterprises:
        return {"listings": 0, "events": 0, "certifications": 0, "ids": []}
    communes = dict(db.session.execute(select(AdminUnit.code, AdminUnit.name)).all())
    officer_id = db.session.scalar(select(User.id).where(User.email == OFFICER_EMAIL))

    # a few enterprises list a lot, most list a handful; some verified ones list nothing yet
    weights = [0.0 if rng.random() < 0.08 else min(rng.paretovariate(1.3), 25.0)
               for _ in enterprises]
    target, total_weight = int(LISTINGS_AT_SCALE_1 * scale), sum(weights) or 1.0
    listing_rows, plans = [], []
    for enterprise, weight in zip(enterprises, weights, strict=True):
        count = int(round(target * weight / total_weight))
        groups = _groups_for(enterprise["vsic_code"], enterprise["vsic_section"])
        vouched = enterprise["verified_via"] == "import" or enterprise["owner_id"] is None
        verified = enterprise["verified_at"]
        span = max(60, int((now - verified).total_seconds()))
        commune = communes.get(enterprise["commune_code"], "Hưng Yên")
        seen_titles: set[str] = set()
        for n in range(count):
            group = GROUPS[rng.choice(groups)]
            product = rng.choice(group.products)
            title = f"{product.name} {rng.choice(group.variants)}".strip()
            qualifiers = rng.sample(QUALIFIERS[group.kind], len(QUALIFIERS[group.kind]))
            variants = [v for v in group.variants if v]
            for candidate in [f"{product.name} {q}" for q in qualifiers] + [
                    f"{product.name} {v} – {q}" for v in variants for q in qualifiers]:
                if title not in seen_titles:
                    break
                title = candidate
            if title in seen_titles:
                title = f"{title} – lô {n + 1}"
            seen_titles.add(title)
            # the first listings follow the verification closely; later ones spread to today
            offset = rng.random() ** (0.4 if n < 3 else 1.2)
            created = verified + timedelta(seconds=int(span * offset * (0.15 if n < 3 else 1)))
            created = min(created, now - timedelta(minutes=1))
            if vouched:  # an officer's import publishes; the enterprise may archive later
                status = ARCHIVED if rng.random() < 0.06 else PUBLISHED
            else:
                status = rng.choices([s for s, _ in STATUS_WEIGHTS],
                                     weights=[w for _, w in STATUS_WEIGHTS])[0]
            events, published = _history(rng, status, created, now, vouched)
            moq = rng.choice(product.moq)
            price = None if rng.random() < group.contact else _round_price(
                rng.uniform(product.low, product.high))
            tiers = _tiers(rng, price, moq) if price and rng.random() < 0.25 else []
            season = product.season if product.season and rng.random() < 0.8 else None
            availability = ("seasonal" if season else "made_to_order"
                            if group.kind in ("industrial", "craft") and rng.random() < 0.35
                            else "in_stock")
            words = {"name": product.name, "name_lower": product.name[0].lower() + product.name[1:],
                    "enterprise": enterprise["name"], "commune": commune, "moq": moq,
                    "unit": product.unit}
            description = "\n\n".join(p.format(**words) for p in DESCRIPTIONS[group.kind])
            listing_rows.append({
                "enterprise_id": enterprise["id"], "sku": f"SP{n + 1:05d}", "title": title[:200],
                "title_en": "", "description": description, "category_id": category_ids[product.category or group.category],
                "price_vnd": price, "unit": product.unit, "moq": moq, "tiers": tiers,
                "availability": availability,
                "season_from": season[0] if season else None,
                "season_to": season[1] if season else None,
                "origin_commune_code": (enterprise["commune_code"] if group.kind != "service"
                                        and rng.random() < 0.85 else None),
                "status": status,
                "rejection_reason": rng.choice(REJECTION_REASONS) if status == REJECTED else "",
                "view_count": int(rng.paretovariate(1.2) * 8) if published else 0,
                "created_at": created, "updated_at": events[-1][1], "published_at": published,
            })
            owner = None if vouched else enterprise["owner_id"]
            plans.append((enterprise["id"], f"SP{n + 1:05d}", events, owner,
                          _certifications(rng, group, product, published or created)))

    for start in range(0, len(listing_rows), 5000):
        db.session.execute(insert(Listing), listing_rows[start:start + 5000])
    ids = {(e, s): i for i, e, s in db.session.execute(
        select(Listing.id, Listing.enterprise_id, Listing.sku))}
    events, certs = [], []
    for enterprise_id, sku, history, owner_id, listing_certs in plans:
        listing_id = ids[(enterprise_id, sku)]
        for status, moment in history:
            by_officer = status in (PUBLISHED, REJECTED) or owner_id is None
            events.append({"listing_id": listing_id, "enterprise_id": enterprise_id,
                           "status": status, "changed_at": moment,
                           "actor_id": officer_id if by_officer else owner_id,
                           "reason": ""})
        certs.extend({"listing_id": listing_id, **cert} for cert in listing_certs)
    for start in range(0, len(events), 10000):
        db.session.execute(insert(ListingStatusEvent), events[start:start + 10000])
    if certs:
        db.session.execute(insert(ListingCertification), certs)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # fresh statistics: without them the planner takes 20,000 new rows for a handful and
        # the first public pages take seconds instead of milliseconds
        db.session.execute(text("ANALYZE registry_enterprises, memberships, categories, listings, "
                                "listing_status_events, listing_certifications"))
        db.session.commit()
    return {"listings": len(listing_rows), "events": len(events), "certifications": len(certs),
            "ids": sorted(ids.values())}


def build_catalog_demo(echo: Callable[[str], None] = print, scale: float = 1.0) -> None:
    """Called by trading_floor.demo.build_demo after the registry and its owners exist."""
    echo("Đang tạo sản phẩm mẫu…")
    counts = generate(scale=scale)
    echo(f"  {counts['listings']} sản phẩm, {counts['certifications']} chứng nhận.")
    listings_changed.send(listing_ids=counts["ids"])
