"""An enterprise records its shops on other floors; they show on its storefront; officers see
coverage and who is on no floor."""

from __future__ import annotations

from datetime import date

from tests.conftest import csrf_token, post_form
from trading_floor.crosslisting.models import OutsideShop


def _count(db) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(OutsideShop))


def test_owner_records_a_shop_and_the_storefront_links_to_it(client, login_as, verified_owner,
                                                             db):
    owner, enterprise = verified_owner()
    login_as(owner)
    response = post_form(client, "/gian-hang/san-khac", {
        "floor": "shopee", "url": "https://shopee.vn/nhanlongphohien", "started_on": "2025-05-01"})
    assert response.status_code == 302
    page = client.get(f"/doanh-nghiep/{enterprise.code}").get_data(as_text=True)
    assert ('<a href="https://shopee.vn/nhanlongphohien" rel="noopener nofollow" '
            'target="_blank">Shopee</a>') in page
    shop = db.session.scalar(db.select(OutsideShop))
    assert shop.started_on.isoformat() == "2025-05-01" and shop.recorded_by_id == owner.id
    # no longer selling there: gone from the storefront, kept with its end date
    response = client.post(f"/gian-hang/san-khac/{shop.id}/ngung",
                           data={"csrf_token": csrf_token(client, "/gian-hang/san-khac")})
    assert response.status_code == 302
    assert "shopee.vn/nhanlongphohien" not in client.get(
        f"/doanh-nghiep/{enterprise.code}").get_data(as_text=True)
    db.session.refresh(shop)
    assert shop.ended_on is not None and _count(db) == 1


def test_a_url_outside_the_floors_domains_is_refused(client, login_as, verified_owner, db):
    owner, _enterprise = verified_owner()
    login_as(owner)
    for floor, url in (("shopee", "https://shopee.vn.lua-dao.com/shop"),
                       ("lazada", "https://shopee.vn/abc"), ("tiki", "javascript:alert(1)"),
                       ("khong-co", "https://tiki.vn/a")):
        response = post_form(client, "/gian-hang/san-khac", {"floor": floor, "url": url})
        assert response.status_code == 200
    page = post_form(client, "/gian-hang/san-khac", {"floor": "lazada",
                                                     "url": "https://shopee.vn/abc"})
    assert "không thuộc Lazada" in page.get_data(as_text=True)
    assert _count(db) == 0
    # a subdomain of the floor and any domain for the own website are fine
    assert post_form(client, "/gian-hang/san-khac", {
        "floor": "tiktok", "url": "https://shop.tiktok.com/view/1"}).status_code == 302
    assert post_form(client, "/gian-hang/san-khac", {
        "floor": "website", "url": "http://nhanlong.example.vn"}).status_code == 302
    assert _count(db) == 2


def test_officers_see_coverage_and_enterprises_on_no_floor(client, login_as, verified_owner,
                                                          make_enterprise, db):
    owner, enterprise = verified_owner(name="Công ty Có Gian Hàng")
    make_enterprise(name="Công ty Chưa Lên Sàn Nào")
    db.session.add(OutsideShop(enterprise_id=enterprise.id, floor="voso",
                               url="https://voso.vn/shop/1",
                               started_on=date(2025, 1, 1)))
    db.session.commit()
    login_as("officer")
    response = client.get("/so-cong-thuong/ket-noi-san?by=size")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Công ty Chưa Lên Sàn Nào" in page and "Công ty Có Gian Hàng" not in page
    assert "Doanh nghiệp chưa ở sàn nào (1)" in page
    login_as(owner)
    assert client.get("/so-cong-thuong/ket-noi-san").status_code == 403
