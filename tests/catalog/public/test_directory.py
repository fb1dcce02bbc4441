"""The enterprise directory: verified active enterprises, filters, pagination, listing counts."""

import re

import pytest


@pytest.fixture
def province(verified_owner, make_enterprise, make_category, make_listing):
    fruit = make_category("trai-cay", "Trái cây")
    _o, longan = verified_owner(name="Công ty TNHH Nhãn Lồng Phố Hiến", commune_code=11953,
                                vsic_code="0121")
    _o, garments = verified_owner(name="Công ty Cổ phần May Đức Thắng", commune_code=12019,
                                  vsic_code="1410")
    _o, chicken = verified_owner(name="Hợp tác xã Gà Đông Tảo", commune_code=12019,
                                 vsic_code="0146")
    make_enterprise(name="Công ty TNHH Chưa Có Chủ", commune_code=11953)
    suspended_owner, suspended = verified_owner(name="Công ty TNHH Tạm Ngừng")
    suspended.status = "suspended"
    from trading_floor.extensions import db

    db.session.commit()
    make_listing(longan, fruit, title="Nhãn lồng")
    make_listing(longan, fruit, title="Long nhãn")
    make_listing(longan, fruit, title="Nháp", status="draft")
    from trading_floor.search import indexing

    indexing.reindex()  # the directory's word search is the search index's
    return {"longan": longan, "garments": garments, "chicken": chicken}


def _names(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/doanh-nghiep/[^"]+">([^<]+)</a></h2>', html)


def test_only_verified_active_enterprises_with_public_counts(client, province):
    page = client.get("/doanh-nghiep").get_data(as_text=True)
    assert _names(page) == ["Công ty Cổ phần May Đức Thắng", "Công ty TNHH Nhãn Lồng Phố Hiến",
                            "Hợp tác xã Gà Đông Tảo"]
    assert "2 sản phẩm" in page and "3 doanh nghiệp đã xác minh" in page


def test_filter_by_commune_and_sector(client, province):
    by_commune = client.get("/doanh-nghiep?commune=12019").get_data(as_text=True)
    assert _names(by_commune) == ["Công ty Cổ phần May Đức Thắng", "Hợp tác xã Gà Đông Tảo"]
    both = client.get("/doanh-nghiep?commune=12019&sector=A").get_data(as_text=True)
    assert _names(both) == ["Hợp tác xã Gà Đông Tảo"]
    assert "A – Nông nghiệp, lâm nghiệp và thủy sản" in both
    assert len(_names(client.get("/doanh-nghiep?sector=Z").get_data(as_text=True))) == 3
    assert client.get("/doanh-nghiep?commune=abc").status_code == 200


@pytest.mark.parametrize("query", ["đông tảo", "dong tao", "DONG TAO", "Gà  Đông"])
def test_name_filter_ignores_diacritics_and_case(client, province, query):
    page = client.get("/doanh-nghiep", query_string={"q": query}).get_data(as_text=True)
    assert _names(page) == ["Hợp tác xã Gà Đông Tảo"]


def test_name_filter_by_code_and_no_match(client, province):
    code = province["garments"].code
    assert _names(client.get(f"/doanh-nghiep?q={code}").get_data(as_text=True)) == [
        "Công ty Cổ phần May Đức Thắng"]
    page = client.get("/doanh-nghiep?q=khong+ton+tai").get_data(as_text=True)
    assert _names(page) == [] and "Không có doanh nghiệp nào" in page


def test_directory_finds_enterprises_by_their_products(client, province):
    page = client.get("/doanh-nghiep", query_string={"q": "long nhan"})
    assert page.status_code == 200
    assert _names(page.get_data(as_text=True)) == ["Công ty TNHH Nhãn Lồng Phố Hiến"]
    # a draft's words are not the enterprise's products yet
    assert _names(client.get("/doanh-nghiep?q=nhap").get_data(as_text=True)) == []


def test_old_directory_search_redirects_with_its_query(client, province):
    response = client.get("/tim-kiem/doanh-nghiep?q=dong+tao&commune=12019&page=1")
    assert response.status_code == 301
    assert response.headers["Location"].startswith("/doanh-nghiep?")
    assert "q=dong+tao" in response.headers["Location"]
    assert "commune=12019" in response.headers["Location"]
    followed = client.get("/tim-kiem/doanh-nghiep?q=dong+tao", follow_redirects=True)
    assert _names(followed.get_data(as_text=True)) == ["Hợp tác xã Gà Đông Tảo"]


def test_directory_in_vietnamese_alphabetical_order(client, db, make_enterprise):
    from trading_floor.i18n import utcnow

    for name in ("Công ty Đông Hải", "Công ty Dương Minh", "Công ty Ân Thi", "Công ty An Bình",
                 "Công ty Bắc Sơn"):
        make_enterprise(name=name).verified_at = utcnow()
    db.session.commit()
    assert _names(client.get("/doanh-nghiep").get_data(as_text=True)) == [
        "Công ty An Bình", "Công ty Ân Thi", "Công ty Bắc Sơn", "Công ty Dương Minh",
        "Công ty Đông Hải"]


def test_directory_pagination(client, db, make_enterprise):
    from trading_floor.i18n import utcnow

    for n in range(35):
        enterprise = make_enterprise(name=f"Công ty TNHH Số {n:02d}")
        enterprise.verified_at, enterprise.verified_via = utcnow(), "import"
    db.session.commit()
    first = client.get("/doanh-nghiep").get_data(as_text=True)
    second = client.get("/doanh-nghiep?page=2").get_data(as_text=True)
    assert len(_names(first)) == 30 and len(_names(second)) == 5
    assert "Trang 1 / 2" in first and _names(second)[-1] == "Công ty TNHH Số 34"
