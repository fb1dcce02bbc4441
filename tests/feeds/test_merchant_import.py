"""A Merchant feed file (TSV or XML) imported into an enterprise's listings through the listing
import's rules: all or nothing, upsert by sku."""

from __future__ import annotations

import io

from tests.conftest import post_form
from trading_floor.catalog.models import Listing

TSV = ("id\ttitle\tdescription\tprice\tavailability\tproduct_type\n"
       "SP-1\tNhãn lồng sấy khô\tNgọt, thơm\t120000 VND\tin stock\tThực phẩm > Trái cây\n"
       "SP-2\tMật ong hoa nhãn\t\t250,000.00 VND\tpreorder\tKhác\n"
       "SP-3\tChè búp\tLiên hệ để có giá\t\tin_stock\t\n")
XML = """<?xml version="1.0"?>
<rss xmlns:g="http://base.google.com/ns/1.0" version="2.0"><channel><title>Shop</title>
<item><g:id>L-9</g:id><g:title>Gạo nếp cái hoa vàng</g:title><g:price>30000 VND</g:price>
<g:availability>in_stock</g:availability></item></channel></rss>"""


def _upload(client, content: str, name: str, category: str = "nong-san"):
    return post_form(client, "/gian-hang/nhap-nguon-merchant", {
        "file": (io.BytesIO(content.encode()), name), "category": category, "unit": "hộp"},
        content_type="multipart/form-data")


def _listings(db, enterprise):
    return {listing.sku: listing for listing in db.session.scalars(
        db.select(Listing).where(Listing.enterprise_id == enterprise.id))}


def test_a_tsv_feed_becomes_draft_listings_and_a_second_run_updates_them(
        client, login_as, shop, db):
    login_as(shop["owner"])
    response = _upload(client, TSV, "shopee.tsv")
    assert response.status_code == 200
    assert "thêm 3" in response.get_data(as_text=True).lower()
    found = _listings(db, shop["enterprise"])
    assert found["SP-1"].price_vnd == 120000 and found["SP-1"].status == "draft"
    assert found["SP-1"].category.slug == "trai-cay"  # its product_type is a floor category
    assert found["SP-2"].price_vnd == 250000 and found["SP-2"].availability == "made_to_order"
    assert found["SP-2"].category.slug == "nong-san" and found["SP-2"].unit == "hộp"
    assert found["SP-3"].price_vnd is None  # no price: "liên hệ"
    again = _upload(client, TSV.replace("120000 VND", "125000 VND"), "shopee.tsv")
    assert "cập nhật 1" in again.get_data(as_text=True).lower()


def test_an_xml_feed_is_read_too(client, login_as, shop, db):
    login_as(shop["owner"])
    assert _upload(client, XML, "lazada.xml").status_code == 200
    assert _listings(db, shop["enterprise"])["L-9"].title == "Gạo nếp cái hoa vàng"


def test_one_bad_product_refuses_the_whole_file(client, login_as, shop, db):
    login_as(shop["owner"])
    before = set(_listings(db, shop["enterprise"]))
    bad = TSV + "SP-4\tHàng đô la\t\t12.50 USD\tin stock\t\n"
    page = _upload(client, bad, "feed.tsv").get_data(as_text=True)
    assert "giá phải tính bằng VND, không phải USD" in page
    no_sku = TSV + "\tKhông mã\t\t1000 VND\tin stock\t\n"
    page = _upload(client, no_sku, "feed.tsv").get_data(as_text=True)
    assert "thiếu mã sản phẩm" in page
    assert set(_listings(db, shop["enterprise"])) == before
    broken = _upload(client, "<rss><channel><item>", "feed.xml").get_data(as_text=True)
    assert "XML" in broken
    assert set(_listings(db, shop["enterprise"])) == before
