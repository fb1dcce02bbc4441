"""Listing pages and storefronts report each visit to the monitoring part (access rate)."""



def test_visits_are_reported_with_the_enterprise_looked_at(client, db, shop, verified_owner,
                                                           login_as):
    from sqlalchemy import select

    from trading_floor.monitoring.models import AccessEvent

    visitor, visitor_enterprise = verified_owner(name="Công ty TNHH Khách Xem")
    login_as(visitor)
    listing, enterprise = shop["listing"], shop["enterprise"]
    client.get(f"/san-pham/{listing.slug}-{listing.id}")
    client.get(f"/doanh-nghiep/{enterprise.code}")
    client.get("/danh-muc/trai-cay")  # browsing a category is not one of the counted kinds
    events = db.session.execute(select(AccessEvent.enterprise_id, AccessEvent.kind)
                                .order_by(AccessEvent.id)).all()
    assert events == [(visitor_enterprise.id, "listing"), (visitor_enterprise.id, "storefront")]
