"""Outreach in the demo province: a campaign sent two months ago with its whole funnel (e-mails,
links opened, accounts, fast-tracked claims, first listings), a draft, and buyers' searches for
the demand report. Called by trading_floor.demo.build_demo after the catalogue, before the
activity (which then gives the new members their visits)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from trading_floor.accounts.models import Membership, User
from trading_floor.catalog.models import Category, Listing, ListingStatusEvent
from trading_floor.core.signals import listings_changed
from trading_floor.extensions import db
from trading_floor.i18n import fold, utcnow
from trading_floor.outreach import services
from trading_floor.outreach.models import SENT, Campaign, CampaignTarget, SearchRecord
from trading_floor.policy import OWNER
from trading_floor.registry.models import APPROVED, Claim, ClaimDecision, RegistryEnterprise

OFFICER_EMAIL = "canbo@demo.hungyen.vn"
SEARCHES = (("nhãn lồng sấy khô", 40, 1), ("mật ong hoa nhãn", 25, 0), ("gà đông tảo giống", 30, 2),
            ("tương bần", 20, 5), ("hương vòng", 12, 0), ("chả gà tiểu quan", 9, 0),
            ("vải thiều", 15, 1), ("ống thép", 8, 0), ("bao bì carton", 11, 2),
            ("cam đường canh", 6, 0))


def build_outreach_demo(echo: Callable[[str], None] = print, scale: float = 1.0,
                        seed: int = 16, password_hash: str = "") -> dict:
    rng = random.Random(seed)
    now = utcnow()
    officer = db.session.scalar(select(User).where(User.email == OFFICER_EMAIL))
    if officer is None:
        return {}
    echo("Đang tạo chiến dịch vận động mẫu…")
    prospects = list(db.session.scalars(
        select(RegistryEnterprise).where(RegistryEnterprise.status == "active",
                                         RegistryEnterprise.parent_code.is_(None),
                                         RegistryEnterprise.verified_at.is_(None))
        .order_by(RegistryEnterprise.id).limit(max(20, int(400 * scale)))))
    started = now - timedelta(days=60)
    campaign = Campaign(name="Mời doanh nghiệp chưa tham gia — đợt 1",
                        filters={"missing": "participation", "contacted": "never"},
                        subject=services.DEFAULT_SUBJECT, body=services.DEFAULT_BODY,
                        created_by_id=officer.id, created_at=started - timedelta(days=1),
                        started_at=started, status=SENT, base_url="http://127.0.0.1:5000")
    db.session.add(campaign)
    db.session.flush()
    categories = list(db.session.scalars(select(Category).where(Category.parent_id.is_not(None))))
    listing_ids, counts = [], {"targets": 0, "sent": 0, "claimed": 0}
    for index, enterprise in enumerate(prospects):
        target = CampaignTarget(campaign_id=campaign.id, enterprise_id=enterprise.id,
                                email=enterprise.email or "", created_at=campaign.created_at)
        db.session.add(target)
        counts["targets"] += 1
        if not enterprise.email:
            target.skipped = "no_email"
            continue
        target.sent_at = started + timedelta(seconds=2 * index)  # 30 a minute
        counts["sent"] += 1
        if rng.random() > 0.4:
            continue
        target.opened_at = target.sent_at + timedelta(hours=rng.expovariate(1 / 30))
        if rng.random() > 0.45 or db.session.scalar(select(User.id).where(
                User.email == enterprise.email.lower())):
            continue
        _claim(rng, officer, campaign, target, enterprise, password_hash, categories,
               listing_ids)
        counts["claimed"] += 1
    campaign.finished_at = started + timedelta(seconds=2 * len(prospects))
    db.session.commit()
    listings_changed.send(listing_ids=listing_ids)
    draft = services.create_campaign(officer, "Mời ngành thương mại — đợt 2",
                                     services.Filters(sector="G", contacted="never"))
    _searches(rng, now)
    echo(f"  chiến dịch đã gửi: {counts['targets']} doanh nghiệp, {counts['sent']} thư, "
         f"{counts['claimed']} nhận qua liên kết; bản nháp: {len(draft.targets)} doanh nghiệp.")
    return counts


def _claim(rng, officer, campaign, target, enterprise, password_hash, categories, listing_ids):
    user = User(email=enterprise.email.lower(), full_name=f"Chủ {enterprise.name}"[:120],
                password_hash=password_hash, role="buyer",
                created_at=target.opened_at + timedelta(minutes=rng.randint(2, 30)))
    db.session.add(user)
    db.session.flush()
    target.user_id = user.id
    target.claimed_at = user.created_at + timedelta(minutes=rng.randint(1, 20))
    approved = rng.random() < 0.85
    decided = target.claimed_at + timedelta(hours=rng.randint(2, 48))
    claim = Claim(enterprise_id=enterprise.id, user_id=user.id, email_confirmed=True,
                  status=APPROVED if approved else "pending", created_at=target.claimed_at,
                  evidence=f"Nhận qua liên kết riêng của chiến dịch «{campaign.name}».",
                  decided_at=decided if approved else None)
    db.session.add(claim)
    db.session.flush()
    target.claim_id = claim.id
    if not approved:
        return
    db.session.add(ClaimDecision(claim_id=claim.id, officer_id=officer.id, decision=APPROVED,
                                 reason="E-mail của sổ đăng ký đã xác nhận.", decided_at=decided))
    db.session.add(Membership(user_id=user.id, enterprise_id=enterprise.id, role=OWNER,
                              created_at=decided))
    enterprise.verified_at, enterprise.verified_via = decided, "claim"
    if rng.random() > 0.7 or not categories:
        return
    category = rng.choice(categories)
    submitted = decided + timedelta(days=rng.expovariate(1 / 5))
    published = submitted + timedelta(hours=rng.randint(3, 40))
    public = rng.random() < 0.85
    listing = Listing(enterprise_id=enterprise.id, sku="VD0001", title=category.name_vi,
                      category_id=category.id, unit="kg", price_vnd=rng.randint(2, 40) * 10000,
                      status="published" if public else "submitted", created_at=submitted,
                      published_at=published if public else None)
    db.session.add(listing)
    db.session.flush()
    db.session.add(ListingStatusEvent(listing_id=listing.id, enterprise_id=enterprise.id,
                                      status="submitted", actor_id=user.id, changed_at=submitted))
    if public:
        db.session.add(ListingStatusEvent(listing_id=listing.id, enterprise_id=enterprise.id,
                                          status="published", actor_id=officer.id,
                                          changed_at=published))
        listing_ids.append(listing.id)


def _searches(rng, now) -> None:
    """Buyers' searches of the last eight weeks, many of them finding little."""
    from trading_floor.outreach.demand import guess_category

    categories = list(db.session.scalars(select(Category)))
    rows = []
    for query, times, results in SEARCHES:
        category = guess_category(query, categories)
        for _n in range(times):
            rows.append(SearchRecord(
                occurred_at=now - timedelta(days=rng.uniform(0, 56)),
                searcher=f"v{rng.randint(1, max(2, times // 2)):04d}{fold(query)[:6]}",
                query=query, folded=fold(query), total=results,
                guessed_category_id=category.id if category else None))
    db.session.add_all(rows)
    db.session.commit()
