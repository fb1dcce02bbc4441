"""Merchant feeds: public priced listings only, escaped, streamed, cacheable."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from trading_floor.feeds import rows
from trading_floor.registry.models import RegistryEnterprise

G = "{http://base.google.com/ns/1.0}"


def _items(response) -> dict[str, dict[str, str]]:
    assert response.status_code == 200
    root = ET.fromstring(response.get_data())
    assert root.tag == "rss" and root.get("version") == "2.0"
    found = {}
    for item in root.iter("item"):
        fields = {child.tag.removeprefix(G): child.text for child in item}
        found[fields["id"]] = fields
    return found


def test_whole_floor_xml_has_public_priced_listings_with_merchant_fields(
        client, shop, make_listing, make_enterprise, db):
    enterprise, fruit = shop["enterprise"], shop["fruit"]
    make_listing(enterprise, fruit, title="Vải thiều <loại 1> & \"ngon\"", price_vnd=30000,
                 description="Ngọt\x01 thanh")
    make_listing(enterprise, fruit, title="Nhãn sấy", price_vnd=None)  # liên hệ
    make_listing(enterprise, fruit, title="Bản nháp", status="draft")
    unverified = make_enterprise(name="Công ty chưa xác minh")
    make_listing(unverified, fruit, title="Hàng ẩn")
    response = client.get("/feeds/merchant.xml")
    assert response.is_streamed
    assert response.mimetype == "application/rss+xml"
    items = _items(response)
    titles = sorted(i["title"] for i in items.values())
    assert titles == ["Nhãn lồng Hưng Yên – loại đặc biệt", "Vải thiều <loại 1> & \"ngon\""]
    first = items[f"{enterprise.code}-{shop['listing'].sku}"]
    assert first["price"] == "1250000 VND"
    assert first["availability"] == "in_stock"
    assert first["brand"] == enterprise.name
    assert first["identifier_exists"] == "no"
    assert first["external_seller_id"] == enterprise.code
    assert first["link"].endswith(f"/san-pham/nhan-long-hung-yen-loai-dac-biet-{shop['listing'].id}")
    vai = next(i for i in items.values() if i["title"].startswith("Vải"))
    assert vai["description"] == "Ngọt thanh"  # a control character XML cannot carry is dropped
    # the feed says that one "liên hệ" listing was left out
    root = ET.fromstring(response.get_data())
    assert "1 sản phẩm giá \"liên hệ\"" in root.find("channel/description").text
    assert response.headers["X-Feed-Omitted-Price-On-Request"] == "1"


def test_a_suspended_enterprise_leaves_the_feed_and_changes_the_etag(client, shop, db):
    first = client.get("/feeds/merchant.xml")
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    assert "public" in first.headers["Cache-Control"]
    again = client.get("/feeds/merchant.xml", headers={"If-None-Match": etag})
    assert again.status_code == 304
    enterprise = db.session.get(RegistryEnterprise, shop["enterprise"].id)
    enterprise.status = "suspended"
    db.session.commit()
    after = client.get("/feeds/merchant.xml", headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert _items(after) == {}


def test_tsv_has_a_header_and_one_flat_line_per_listing(client, shop, make_listing):
    make_listing(shop["enterprise"], shop["fruit"], title="Gạo\tnếp cái", price_vnd=25000,
                 description="Dẻo\nthơm", availability="made_to_order")
    response = client.get("/feeds/merchant.tsv")
    assert response.status_code == 200
    assert response.mimetype == "text/tab-separated-values"
    lines = response.get_data(as_text=True).splitlines()
    header = lines[0].split("\t")
    assert header[:3] == ["id", "title", "description"]
    assert len(lines) == 3
    gao = dict(zip(header, next(line for line in lines if "Gạo" in line).split("\t"),
                   strict=True))
    assert gao["title"] == "Gạo nếp cái" and gao["description"] == "Dẻo thơm"
    assert gao["availability"] == "backorder" and gao["price"] == "25000 VND"


def test_feed_of_one_enterprise(client, shop, verified_owner, make_listing):
    _owner, other = verified_owner(email="khac@example.vn", name="Hợp tác xã Gạo")
    make_listing(other, shop["fruit"], title="Gạo tám thơm", price_vnd=20000)
    items = _items(client.get(f"/feeds/merchant/{other.code}.xml"))
    assert [i["title"] for i in items.values()] == ["Gạo tám thơm"]
    assert client.get("/feeds/merchant/0000000000.xml").status_code == 404


def test_rows_come_in_keyset_pages_all_of_them_once(app, shop, make_listing):
    made = [make_listing(shop["enterprise"], shop["fruit"], title=f"Hàng {n}") for n in range(5)]
    with app.test_request_context():
        ids = [row.id for row in rows.public_rows(page=2)]
    assert ids == sorted([shop["listing"].id, *(m.id for m in made)])


def test_the_document_declares_the_g_namespace_on_rss(client, shop):
    text = client.get("/feeds/merchant.xml").get_data(as_text=True)
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<rss xmlns:g="http://base'
                           '.google.com/ns/1.0" version="2.0">')
