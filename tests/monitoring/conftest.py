"""A small province computed by hand (see EXPECTED), with a frozen clock.

Times are written in Vietnamese time (VN) and stored as naive UTC, like the floor does.

  E1 Alpha    active; owner verified 01/02/2025; listing published 01/03/2025; owner searched
              10/05/2025. Its branch E6 (own owner) searched 15/03/2026: folds into E1.
  E2 Beta     active; verified 01/02/2025; a draft, a rejected listing, and one published
              01/04/2025 then archived 01/09/2025; opened E1's listing 10/07/2025.
  E3 Gamma    dissolved 15/08/2025; verified, published 15/03/2025, searched 01/06/2025.
  E4 Delta    suspended 01/02/2026; verified, published 01/05/2025; only opened its own
              storefront (work, not counted).
  E5 Epsilon  active; a pending (unverified) claim whose claimant searched; listings published
              by an officer's import (vouched, no account): never participates.
  E7 Eta      first imported 01/06/2026; verified 01/07/2026, published 01/08/2026; searched
              30/10/2026 00:00:01.
  E8 Theta    active, verified, no listing; searched 31/12/2025 23:59:59 and 29/10/2026 23:59:59.
  E9 Iota     active, verified, no listing; searched 01/01/2026 00:00:00.
  An officer searched too (never counted). Now: 28/11/2026 10:00.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from freezegun import freeze_time

NOW_VN = datetime(2026, 11, 28, 10, 0, 0)
IMPORTED_VN = datetime(2025, 1, 10, 9, 0, 0)


def utc(vn: datetime) -> datetime:
    return vn - timedelta(hours=7)


EXPECTED = {
    # period: (denominator, participating, accessing)
    "2025": (6, 2, 3),
    "2026": (6, 2, 4),
    "2025-Q2": (7, 4, 2),
    "2025-12": (6, 2, 1),
    "2026-01": (6, 2, 1),
    "last-30-days": (6, 2, 1),
}


class Province:
    def __init__(self, db, make_user, make_enterprise):
        self.db, self.make_user, self.make_enterprise = db, make_user, make_enterprise
        self.officer = make_user("officer", email="canbo@so.vn")
        self.category = None

    def enterprise(self, name, imported=IMPORTED_VN, code=None, **kwargs):
        from trading_floor.registry.models import RegistryStatusChange

        enterprise = self.make_enterprise(name=name, code=code, **kwargs)
        enterprise.first_imported_at = utc(imported)
        for change in self.db.session.query(RegistryStatusChange).filter_by(
                enterprise_id=enterprise.id):
            change.changed_at = utc(imported)
        self.db.session.commit()
        return enterprise

    def status(self, enterprise, status, at_vn):
        from trading_floor.registry.models import RegistryStatusChange

        enterprise.status = status
        self.db.session.add(RegistryStatusChange(enterprise_id=enterprise.id, status=status,
                                                 changed_at=utc(at_vn)))
        self.db.session.commit()

    def owner(self, enterprise, email, verified_vn):
        from trading_floor.registry import services
        from trading_floor.registry.models import ClaimDecision

        user = self.make_user(email=email)
        claim = services.submit_claim(user, enterprise.code)
        services.decide_claim(claim, self.officer, "approved")
        claim.decided_at = utc(verified_vn)
        for decision in self.db.session.query(ClaimDecision).filter_by(claim_id=claim.id):
            decision.decided_at = utc(verified_vn)
        enterprise.verified_at = utc(verified_vn)
        self.db.session.commit()
        self.db.session.expire_all()
        return user

    def listing(self, enterprise, history):
        from trading_floor.catalog.models import Category, Listing, ListingStatusEvent

        if self.category is None:
            self.category = Category(slug="nong-san", name_vi="Nông sản")
            self.db.session.add(self.category)
            self.db.session.flush()
        listing = Listing(enterprise_id=enterprise.id, sku=f"SKU{self.db.session.query(Listing).count()}", title="Nhãn lồng", category_id=self.category.id,
                          unit="kg", status=history[-1][1])
        self.db.session.add(listing)
        self.db.session.flush()
        for at_vn, status in history:
            self.db.session.add(ListingStatusEvent(listing_id=listing.id,
                                                   enterprise_id=enterprise.id, status=status,
                                                   changed_at=utc(at_vn)))
        self.db.session.commit()
        return listing

    def access(self, user, kind, at_vn, target=None):
        from trading_floor.monitoring.recording import record_access

        with freeze_time(utc(at_vn)):
            return record_access(user, kind, target_enterprise_id=target)


@pytest.fixture
def province(app, db, make_user, make_enterprise):
    p = Province(db, make_user, make_enterprise)
    D = datetime
    e1 = p.enterprise("Công ty Alpha", code="0900000018")
    e2 = p.enterprise("Công ty Beta", commune_code=11983, vsic_code="1410", size_class="micro")
    e3 = p.enterprise("Công ty Gamma")
    e4 = p.enterprise("Công ty Delta", vsic_code="1410")
    e5 = p.enterprise("Công ty Epsilon", commune_code=11983)
    e6 = p.enterprise("Chi nhánh Alpha", code="0900000018-001")
    e7 = p.enterprise("Công ty Eta", imported=D(2026, 6, 1, 9), size_class="medium")
    e8 = p.enterprise("Công ty Theta", commune_code=11983)
    e9 = p.enterprise("Công ty Iota")

    u1 = p.owner(e1, "alpha@dn.vn", D(2025, 2, 1, 9))
    u2 = p.owner(e2, "beta@dn.vn", D(2025, 2, 1, 9))
    u3 = p.owner(e3, "gamma@dn.vn", D(2025, 2, 1, 9))
    u4 = p.owner(e4, "delta@dn.vn", D(2025, 2, 1, 9))
    u6 = p.owner(e6, "chinhanh@dn.vn", D(2025, 2, 1, 9))
    u7 = p.owner(e7, "eta@dn.vn", D(2026, 7, 1, 9))
    u8 = p.owner(e8, "theta@dn.vn", D(2025, 3, 1, 9))
    u9 = p.owner(e9, "iota@dn.vn", D(2025, 3, 1, 9))

    p.status(e3, "dissolved", D(2025, 8, 15, 9))
    p.status(e4, "suspended", D(2026, 2, 1, 9))

    from trading_floor.registry import services

    claimant = make_user(email="epsilon@dn.vn")
    services.submit_claim(claimant, e5.code)  # pending: not a member yet
    services.vouch_by_import(e5)
    db.session.commit()

    p.listing(e1, [(D(2025, 3, 1, 9), "published")])
    p.listing(e2, [(D(2025, 3, 1, 9), "draft")])
    p.listing(e2, [(D(2025, 3, 2, 9), "submitted"), (D(2025, 3, 3, 9), "rejected")])
    p.listing(e2, [(D(2025, 4, 1, 9), "published"), (D(2025, 9, 1, 9), "archived")])
    p.listing(e3, [(D(2025, 3, 15, 9), "published")])
    p.listing(e4, [(D(2025, 5, 1, 9), "published")])
    p.listing(e5, [(D(2025, 2, 1, 9), "published")])
    p.listing(e7, [(D(2026, 8, 1, 9), "published")])

    assert p.access(u1, "search", D(2025, 5, 10, 9))
    assert p.access(u2, "listing", D(2025, 7, 10, 9), target=e1.id)
    assert p.access(u3, "search", D(2025, 6, 1, 9))
    assert not p.access(u4, "storefront", D(2025, 6, 1, 9), target=e4.id)
    assert not p.access(claimant, "search", D(2025, 6, 1, 9))
    assert not p.access(p.officer, "search", D(2025, 6, 1, 9))
    assert p.access(u6, "search", D(2026, 3, 15, 9))
    assert p.access(u7, "search", D(2026, 10, 30, 0, 0, 1))
    assert p.access(u8, "search", D(2025, 12, 31, 23, 59, 59))
    assert p.access(u8, "rfq", D(2026, 10, 29, 23, 59, 59))
    assert p.access(u9, "search", D(2026, 1, 1, 0, 0, 0))
    p.e = {1: e1, 2: e2, 3: e3, 4: e4, 5: e5, 6: e6, 7: e7, 8: e8, 9: e9}
    p.u = {1: u1, 2: u2, 3: u3, 4: u4, 6: u6, 7: u7, 8: u8, 9: u9}
    with freeze_time(utc(NOW_VN)) as frozen:
        p.clock = frozen
        yield p
