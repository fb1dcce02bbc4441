"""The listing page: B2B terms on the page, schema.org JSON-LD, canonical URL, other parts' links."""

import json
import re
from datetime import date


def _jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def _url(listing):
    return f"/san-pham/{listing.slug}-{listing.id}"


def test_terms_are_shown(client, shop):
    page = client.get(_url(shop["listing"])).get_data(as_text=True)
    assert "1.250.000\u00a0₫" in page and "/ tạ" in page
    assert "2 tạ" in page  # the minimum order
    assert "1.100.000\u00a0₫" in page and "50 tạ" in page  # a volume tier
    assert shop["enterprise"].code in page and "Doanh nghiệp đã xác minh" in page


def test_jsonld_product_and_offer(client, shop):
    data = _jsonld(client.get(_url(shop["listing"])).get_data(as_text=True))
    assert data["@type"] == "Product" and data["name"] == "Nhãn lồng Hưng Yên – loại đặc biệt"
    offer = data["offers"]
    assert offer["@type"] == "Offer"
    assert offer["price"] == 1250000 and offer["priceCurrency"] == "VND"
    assert offer["eligibleQuantity"] == {"@type": "QuantitativeValue", "minValue": 2,
                                         "unitText": "tạ"}
    tiers = [(s["eligibleQuantity"]["minValue"], s["price"]) for s in offer["priceSpecification"]]
    assert tiers == [(2, 1250000), (10, 1200000), (50, 1100000)]
    assert all(s["@type"] == "UnitPriceSpecification" for s in offer["priceSpecification"])
    assert offer["seller"]["@type"] == "Organization"
    assert offer["seller"]["taxID"] == shop["enterprise"].code


def test_price_on_request_has_no_price_in_the_offer(client, shop, make_listing):
    listing = make_listing(shop["enterprise"], shop["fruit"], title="Long nhãn sấy khô",
                           price_vnd=None, unit="kg", moq=5)
    html = client.get(_url(listing)).get_data(as_text=True)
    assert "Liên hệ" in html
    offer = _jsonld(html)["offers"]
    assert "price" not in offer and "priceSpecification" not in offer
    assert offer["priceCurrency"] == "VND" and offer["eligibleQuantity"]["minValue"] == 5


def test_jsonld_cannot_break_out_of_its_script(client, shop, make_listing):
    listing = make_listing(shop["enterprise"], shop["fruit"],
                           title="Tương </script><script>alert(1)</script> & Bần",
                           description="Ngon <!-- thật -->")
    html = client.get(_url(listing)).get_data(as_text=True)
    assert "<script>alert(1)" not in html
    data = _jsonld(html)
    assert data["name"] == "Tương </script><script>alert(1)</script> & Bần"
    assert data["description"] == "Ngon <!-- thật -->"


def test_a_wrong_slug_redirects_permanently_to_the_canonical_url(client, shop):
    listing = shop["listing"]
    assert listing.slug == "nhan-long-hung-yen-loai-dac-biet"
    for wrong in (f"/san-pham/nhan-cu-{listing.id}", f"/san-pham/{listing.id}"):
        response = client.get(wrong)
        assert response.status_code == 301
        assert response.headers["Location"].endswith(f"/san-pham/{listing.slug}-{listing.id}")


def test_slug_folds_d_with_stroke(client, shop, make_listing):
    listing = make_listing(shop["enterprise"], shop["fruit"], title="Gà Đông Tảo đặc sản")
    assert listing.slug == "ga-dong-tao-dac-san"
    assert client.get(f"/san-pham/ga-dong-tao-dac-san-{listing.id}").status_code == 200


def test_certifications_season_and_origin(client, shop, make_listing):
    listing = make_listing(shop["enterprise"], shop["fruit"], title="Nhãn lồng OCOP",
                           certifications=[("OCOP4", "123/QĐ-UBND", date(2028, 6, 30)),
                                           "VietGAP"],
                           availability="seasonal", season_from=7, season_to=8,
                           origin_commune_code=shop["enterprise"].commune_code)
    page = client.get(_url(listing)).get_data(as_text=True)
    assert "OCOP 4 sao" in page and "123/QĐ-UBND" in page and "30/06/2028" in page
    assert "VietGAP" in page
    assert "tháng 7 – tháng 8" in page
    assert "Phường Phố Hiến" in page
    card = client.get("/danh-muc/trai-cay").get_data(as_text=True)
    assert "badge-ocop" in card and "★★★★" in card


def test_an_expired_certificate_is_flagged(client, shop, make_listing):
    from datetime import timedelta

    from trading_floor.i18n import local_today

    yesterday, today = local_today() - timedelta(days=1), local_today()
    listing = make_listing(shop["enterprise"], shop["fruit"], title="Nhãn lồng OCOP cũ",
                           certifications=[("OCOP3", "9/QĐ", yesterday), ("VietGAP", "", today)])
    page = client.get(_url(listing)).get_data(as_text=True)
    assert f"Đã hết hạn ngày {yesterday:%d/%m/%Y}" in page
    assert f"Hiệu lực đến {today:%d/%m/%Y}" in page  # valid through its last day


def test_buyer_sees_trade_links_and_the_report_form(app, client, shop, login_as):
    from flask import url_for

    listing = shop["listing"]
    login_as("buyer")
    page = client.get(_url(listing)).get_data(as_text=True)
    with app.test_request_context():
        report = url_for("moderation.report", listing_id=listing.id)
        trade = [url_for(e, listing_id=listing.id) for e in ("trade.new_inquiry", "trade.new_order")]
    assert "Báo cáo vi phạm" in page and f'action="{report}"' in page
    assert 'name="reason"' in page and 'name="csrf_token"' in page and 'name="next"' in page
    assert all(f'href="{url}"' in page for url in trade)


def test_anonymous_visitors_get_no_report_form(client, shop):
    assert "Báo cáo vi phạm" not in client.get(_url(shop["listing"])).get_data(as_text=True)


def test_own_members_get_no_trade_buttons_or_report_form(client, shop, login_as):
    login_as(shop["owner"])
    page = client.get(_url(shop["listing"])).get_data(as_text=True)
    assert "Hỏi hàng" not in page and "Đặt hàng" not in page and "Báo cáo vi phạm" not in page
