"""The partner read API: keys (401/403/revoked/last use), the rate limit (429 + Retry-After),
the changed-since cursor that mirrors the catalogue exactly, enterprises, categories, rfqs."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import post_form
from tests.partners.conftest import bearer
from trading_floor.catalog.models import Listing


def test_no_key_wrong_key_revoked_key_and_wrong_scope(client, partner_key, db):
    from trading_floor.partners import keys

    assert client.get("/api/v1/listings").status_code == 401
    assert client.get("/api/v1/listings").headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/v1/listings", headers=bearer("hyp_sai")).status_code == 401
    raw = partner_key(scopes=["rfqs"])
    wrong = client.get("/api/v1/listings", headers=bearer(raw))
    assert wrong.status_code == 403 and "catalogue" in wrong.get_json()["error"]
    assert client.get("/api/v1/rfqs", headers=bearer(raw)).status_code == 200
    key = keys.partner_keys()[0]
    assert key.last_used_at is not None
    keys.revoke_partner_key(key.id)
    assert client.get("/api/v1/rfqs", headers=bearer(raw)).status_code == 401


def test_the_rate_limit_is_per_key_with_retry_after(app, client, partner_key):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    first, second = partner_key("A"), partner_key("B")
    for _ in range(3):
        assert client.get("/api/v1/categories", headers=bearer(first)).status_code == 200
    limited = client.get("/api/v1/categories", headers=bearer(first))
    assert limited.status_code == 429
    assert limited.is_json and limited.headers.get("Retry-After")
    assert client.get("/api/v1/categories", headers=bearer(second)).status_code == 200


def test_cli_creates_a_key_shown_once_with_scopes(runner, client):
    result = runner.invoke(args=["partners", "key", "create", "Sàn Voso", "--scope", "rfqs"])
    assert result.exit_code == 0, result.output
    raw = result.output.strip().splitlines()[-1]
    assert raw.startswith("hyp_")
    assert client.get("/api/v1/rfqs", headers=bearer(raw)).status_code == 200
    assert client.get("/api/v1/enterprises", headers=bearer(raw)).status_code == 403
    listed = runner.invoke(args=["partners", "key", "list"]).output
    assert "Sàn Voso" in listed and raw not in listed
    bad = runner.invoke(args=["partners", "key", "create", "X", "--scope", "orders"])
    assert bad.exit_code != 0


def test_administrator_page_issues_a_key_once_and_revokes_it(client, login_as, db):
    login_as("admin")
    page = post_form(client, "/quan-tri/doi-tac", {"partner": "Sàn Tiki",
                                                  "scopes": ["catalogue", "enterprises"]})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    import re

    raw = re.search(r"(hyp_[\w-]+)</code>", html).group(1)
    assert client.get("/api/v1/enterprises", headers=bearer(raw)).status_code == 200
    assert raw not in client.get("/quan-tri/doi-tac").get_data(as_text=True)  # shown once
    from trading_floor.partners.models import PartnerKey

    key = db.session.scalar(select(PartnerKey))
    post_form(client, f"/quan-tri/doi-tac/{key.id}/thu-hoi", {}, form_url="/quan-tri/doi-tac")
    assert client.get("/api/v1/enterprises", headers=bearer(raw)).status_code == 401


def test_only_administrators_open_the_partner_page(client, login_as):
    login_as("officer")
    assert client.get("/quan-tri/doi-tac").status_code == 403


def _mirror(client, raw, mirror, cursor="", limit=2):
    """Applies every change after the cursor to a dict, as a partner would; returns the cursor."""
    while True:
        body = client.get("/api/v1/listings", query_string={"cursor": cursor, "limit": limit},
                          headers=bearer(raw)).get_json()
        for change in body["changes"]:
            if change["change"] == "upsert":
                mirror[change["id"]] = change["listing"]
            else:
                mirror.pop(change["id"], None)
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return cursor


def _public_ids(db):
    from trading_floor.catalog.visibility import public_listings

    return set(db.session.scalars(public_listings().with_only_columns(Listing.id)))


def test_a_partner_mirrors_the_catalogue_exactly_with_removals(
        client, seller, partner_key, publish, db, app):
    from trading_floor.catalog import services
    from trading_floor.registry.models import RegistryEnterprise

    owner, enterprise, token = seller
    raw = partner_key()

    def put(sku, **extra):
        body = {"title": f"Nhãn {sku}", "category": "nhan", "unit": "kg", "price_vnd": 45000,
                **extra}
        return client.put(f"/api/v1/seller/listings/{sku}", json=body,
                          headers=bearer(token)).get_json()["id"]

    ids = [put(f"N{i}") for i in range(5)]
    for listing_id in ids[:4]:
        publish(db.session.get(Listing, listing_id))
    mirror: dict = {}
    cursor = _mirror(client, raw, mirror)
    assert set(mirror) == _public_ids(db) == set(ids[:4])
    assert mirror[ids[0]]["price_vnd"] == 45000 and mirror[ids[0]]["enterprise_code"]
    # changes: a price, a withdrawal, a deletion, a publication
    put("N0", price_vnd=47000)
    services.archive_listing(owner, db.session.get(Listing, ids[1]))
    services.delete_listing(owner, db.session.get(Listing, ids[2]))
    publish(db.session.get(Listing, ids[4]))
    cursor = _mirror(client, raw, mirror, cursor)
    assert set(mirror) == _public_ids(db) == {ids[0], ids[3], ids[4]}
    assert mirror[ids[0]]["price_vnd"] == 47000
    # the enterprise leaves the registry: every listing is removed for the partner
    db.session.get(RegistryEnterprise, enterprise.id).status = "dissolved"
    db.session.commit()
    from trading_floor.core.signals import registry_changed

    registry_changed.send(enterprise_ids=[enterprise.id])
    _mirror(client, raw, mirror, cursor)
    assert mirror == {} and _public_ids(db) == set()


def test_the_cursor_is_stable_for_equal_timestamps_and_an_empty_page_keeps_it(
        client, seller, partner_key, publish, db):
    from freezegun import freeze_time

    owner, enterprise, token = seller
    raw = partner_key()
    with freeze_time("2026-11-28 03:00:00"):
        for i in range(4):
            listing_id = client.put(f"/api/v1/seller/listings/S{i}", json={
                "title": f"Gà {i}", "category": "nhan", "unit": "con"},
                headers=bearer(token)).get_json()["id"]
            publish(db.session.get(Listing, listing_id))
    seen = []
    cursor = ""
    while True:
        body = client.get("/api/v1/listings", query_string={"cursor": cursor, "limit": 1},
                          headers=bearer(raw)).get_json()
        seen += [c["id"] for c in body["changes"]]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            break
    assert len(seen) == len(set(seen)) == 4
    empty = client.get("/api/v1/listings", query_string={"cursor": cursor},
                       headers=bearer(raw)).get_json()
    assert empty["changes"] == [] and empty["next_cursor"] == cursor


def test_a_bad_cursor_or_limit_is_a_400_in_vietnamese(client, partner_key):
    raw = partner_key()
    for query in ({"cursor": "khong-phai"}, {"cursor": "YWJj"}, {"limit": "0"},
                  {"limit": "abc"}):
        response = client.get("/api/v1/listings", query_string=query, headers=bearer(raw))
        assert response.status_code == 400 and response.get_json()["error"]


def test_enterprises_carry_public_fields_only(client, verified_owner, make_enterprise,
                                              partner_key):
    owner, enterprise = verified_owner()
    make_enterprise(name="Chưa xác minh")
    body = client.get("/api/v1/enterprises", headers=bearer(partner_key())).get_json()
    assert [e["code"] for e in body["results"]] == [enterprise.code] and body["total"] == 1
    text = str(body)
    assert "0221386000" not in text and "lienhe@example.vn" not in text
    assert "Số 1 Điện Biên" not in text


def test_categories_and_open_rfqs(client, taxonomy, partner_key, make_user, db):
    from datetime import timedelta

    from trading_floor.catalog.models import Category
    from trading_floor.i18n import utcnow
    from trading_floor.trade.models import Rfq

    raw = partner_key()
    categories = client.get("/api/v1/categories", headers=bearer(raw)).get_json()["results"]
    assert "nhan" in {c["slug"] for c in categories}
    buyer = make_user()
    category = db.session.scalar(select(Category).where(Category.slug == "nhan"))
    for title, status, days in (("Mở", "open", 5), ("Đóng", "closed", 5), ("Quá hạn", "open", -1)):
        db.session.add(Rfq(buyer_id=buyer.id, title=title, category_id=category.id, quantity=500,
                           unit="kg", target_price_vnd=40000, status=status,
                           deadline=utcnow() + timedelta(days=days)))
    db.session.commit()
    body = client.get("/api/v1/rfqs", headers=bearer(raw)).get_json()
    assert [r["title"] for r in body["results"]] == ["Mở"]
    assert body["results"][0]["target_price_vnd"] == 40000
    assert buyer.email not in str(body)
