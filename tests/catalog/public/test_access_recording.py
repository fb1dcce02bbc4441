"""Listing pages and storefronts report each visit to the monitoring part (access rate)."""

import sys
import types


def test_visits_are_reported_with_the_enterprise_looked_at(client, shop, monkeypatch):
    calls = []
    fake = types.ModuleType("trading_floor.monitoring.recording")
    fake.record_access = lambda user, kind, target_enterprise_id=None: calls.append(
        (kind, target_enterprise_id))
    monkeypatch.setitem(sys.modules, "trading_floor.monitoring.recording", fake)
    listing, enterprise = shop["listing"], shop["enterprise"]
    client.get(f"/san-pham/{listing.slug}-{listing.id}")
    client.get(f"/doanh-nghiep/{enterprise.code}")
    client.get("/danh-muc/trai-cay")  # browsing a category is not one of the counted kinds
    assert calls == [("listing", enterprise.id), ("storefront", enterprise.id)]
