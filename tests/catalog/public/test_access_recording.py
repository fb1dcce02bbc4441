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


def test_searches_on_the_pages_are_reported_and_the_service_alone_reports_nothing(
        client, db, shop, verified_owner, login_as):
    from sqlalchemy import select

    from trading_floor.monitoring.models import AccessEvent
    from trading_floor.search import service

    visitor, visitor_enterprise = verified_owner(name="Công ty TNHH Khách Tìm")
    login_as(visitor)
    assert client.get("/tim-kiem", query_string={"q": "nhan"}).status_code == 200
    assert client.get("/doanh-nghiep", query_string={"q": "nhan"}).status_code == 200
    service.search(service.parse_params({"q": "nhan"}))  # e.g. the API: no visit of a member
    events = db.session.execute(select(AccessEvent.enterprise_id, AccessEvent.kind)
                                .order_by(AccessEvent.id)).all()
    assert events == [(visitor_enterprise.id, "search"), (visitor_enterprise.id, "search")]
