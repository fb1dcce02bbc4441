"""Home sections, the category tree, category pages with subcategories, sorting and pagination."""

import re


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/san-pham/[^"]+">([^<]+)</a></h3>', html)


def test_home_shows_top_categories_and_newest_listings(client, shop):
    page = client.get("/").get_data(as_text=True)
    assert "Danh mục nổi bật" in page and "Nông sản" in page and "1 sản phẩm" in page
    assert "Sản phẩm mới đăng" in page and shop["listing"].title in page
    assert "1.250.000\u00a0₫" in page and "Tối thiểu 2 tạ" in page
    assert shop["enterprise"].name in page


def test_home_without_listings_has_no_catalogue_sections(client, make_category):
    make_category("nong-san", "Nông sản")
    page = client.get("/").get_data(as_text=True)
    assert "Danh mục nổi bật" not in page and "Sản phẩm mới đăng" not in page


def test_category_tree_counts_subcategories(client, shop, make_category, make_listing):
    veg = make_category("rau-cu", "Rau củ", parent=shop["root"])
    make_listing(shop["enterprise"], veg, title="Cà chua")
    make_category("det-may", "Dệt may")
    page = client.get("/danh-muc").get_data(as_text=True)
    assert re.search(r"Nông sản</a>\s*<span class=\"count muted\">\(2\)", page)
    assert re.search(r"Trái cây</a>\s*<span class=\"count muted\">\(1\)", page)
    assert re.search(r"Dệt may</a>\s*<span class=\"count muted\">\(0\)", page)


def test_category_page_includes_subcategories(client, shop, make_category, make_listing):
    veg = make_category("rau-cu", "Rau củ", parent=shop["root"])
    make_listing(shop["enterprise"], veg, title="Cà chua bi")
    page = client.get("/danh-muc/nong-san").get_data(as_text=True)
    assert 'href="/danh-muc/trai-cay"' in page and 'href="/danh-muc/rau-cu"' in page
    assert set(_titles(page)) == {"Cà chua bi", shop["listing"].title}
    assert _titles(client.get("/danh-muc/rau-cu").get_data(as_text=True)) == ["Cà chua bi"]
    assert client.get("/danh-muc/khong-co").status_code == 404


def test_pagination_24_per_page(client, shop, make_listing):
    for n in range(30):
        make_listing(shop["enterprise"], shop["fruit"], title=f"Sản phẩm số {n:02d}",
                     age_minutes=n + 1)
    first = client.get("/danh-muc/trai-cay").get_data(as_text=True)
    second = client.get("/danh-muc/trai-cay?page=2").get_data(as_text=True)
    assert len(_titles(first)) == 24 and len(_titles(second)) == 7
    assert _titles(first)[0] == shop["listing"].title  # newest first
    assert "Trang 1 / 2" in first and 'rel="next"' in first
    assert not set(_titles(first)) & set(_titles(second))
    assert client.get("/danh-muc/trai-cay?page=99").status_code == 200
    assert client.get("/danh-muc/trai-cay?page=abc").status_code == 200


def test_sort_by_price_puts_price_on_request_last(client, shop, make_listing):
    fruit, enterprise = shop["fruit"], shop["enterprise"]
    make_listing(enterprise, fruit, title="Rẻ", price_vnd=10000)
    make_listing(enterprise, fruit, title="Liên hệ giá", price_vnd=None)
    make_listing(enterprise, fruit, title="Đắt", price_vnd=9000000)
    ascending = _titles(client.get("/danh-muc/trai-cay?sort=price_asc").get_data(as_text=True))
    assert ascending == ["Rẻ", shop["listing"].title, "Đắt", "Liên hệ giá"]
    descending = _titles(client.get("/danh-muc/trai-cay?sort=price_desc").get_data(as_text=True))
    assert descending == ["Đắt", shop["listing"].title, "Rẻ", "Liên hệ giá"]
    assert client.get("/danh-muc/trai-cay?sort=drop+table").status_code == 200


def test_storefront_shows_what_a_buyer_and_the_law_need(client, shop, make_listing):
    enterprise = shop["enterprise"]
    make_listing(enterprise, shop["fruit"], title="Bản nháp", status="draft")
    page = client.get(f"/doanh-nghiep/{enterprise.code}").get_data(as_text=True)
    for expected in (enterprise.name, enterprise.code, "Số 1 Điện Biên", "Phường Phố Hiến",
                     "0221386000", "lienhe@example.vn", "Doanh nghiệp đã xác minh",
                     "Nông nghiệp, lâm nghiệp và thủy sản", "Sản phẩm (1)"):
        assert expected in page, expected
    assert _titles(page) == [shop["listing"].title]


def test_branch_code_storefront(client, verified_owner, make_category, make_listing):
    _owner, enterprise = verified_owner(name="Chi nhánh Phố Hiến", code="0100109106-001")
    page = client.get("/doanh-nghiep/0100109106-001").get_data(as_text=True)
    assert "0100109106-001" in page and "Chi nhánh Phố Hiến" in page


def test_category_names_follow_the_language(client, db, shop):
    shop["root"].name_en = "Agricultural products"
    db.session.commit()
    client.get("/ngon-ngu/en")
    page = client.get("/danh-muc").get_data(as_text=True)
    assert "Agricultural products" in page
    client.get("/ngon-ngu/vi")
    assert "Nông sản" in client.get("/danh-muc").get_data(as_text=True)
