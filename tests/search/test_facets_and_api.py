"""Facets count what a click on them gives; sorting and filters; the JSON API's shape."""

from __future__ import annotations

import re

import pytest

from tests.search.conftest import LISTINGS, search, titles


def test_facet_counts_equal_the_results_of_a_click(corpus):
    result = search("")
    assert result.facets["category"] and result.facets["commune"] and result.facets["cert"]
    for name in ("category", "commune", "cert"):
        for facet in result.facets[name]:
            assert search("", **{name: facet.value}).total == facet.count, (name, facet.label)
    nong_san = next(f for f in result.facets["category"] if f.value == "nong-san")
    assert nong_san.count == 13  # its subcategories: Trái cây 5 + Rau củ 6 + Gạo 2
    assert search("", category="nong-san").total == 13


def test_facets_under_a_filter_count_what_a_click_gives(corpus):
    result = search("nhan", category="trai-cay", price_max="49000")
    for name in ("category", "commune", "cert"):
        for facet in result.facets[name]:
            args = {"category": "trai-cay", "price_max": "49000", name: facet.value}
            clicked = search("nhan", **args)
            assert clicked.total == facet.count, (name, facet.label)


def test_price_moq_and_cert_filters(corpus):
    assert titles(search("nhan", price_max="50000")) and all(
        h.listing.price_vnd <= 50000 for h in search("nhan", price_max="50000").hits)
    small_lots = search("", moq_max="10").hits
    assert small_lots and all(h.listing.moq <= 10 for h in small_lots)
    assert set(titles(search("", cert="OCOP4"))) == {
        "Nhãn lồng Hưng Yên loại 1", "Gà Đông Tảo thịt", "Tương Bần Hưng Yên"}
    # "liên hệ" listings have no price: a price filter leaves them out
    assert "Gà Đông Tảo thịt" not in titles(search("", price_min="0"))


@pytest.mark.parametrize("sort", ["price_asc", "price_desc", "newest"])
def test_sorts(corpus, sort):
    hits = search("", sort=sort, per_page=100).hits
    if sort == "newest":
        dates = [h.listing.published_at for h in hits]
        assert dates == sorted(dates, reverse=True)
        return
    priced = [h.listing.price_vnd for h in hits if h.listing.price_vnd is not None]
    assert priced == sorted(priced, reverse=sort == "price_desc")
    assert hits[-1].listing.price_vnd is None  # "liên hệ" last


def test_pages_of_twenty(corpus):
    first, second = search("", page=1), search("", page=2)
    assert len(first.hits) == 20 and len(second.hits) == min(20, len(LISTINGS) - 20)
    assert not {h.listing.id for h in first.hits} & {h.listing.id for h in second.hits}


def test_api_shape(corpus, client):
    response = client.get("/api/v1/search", query_string={"q": "nhan long", "per_page": 5})
    assert response.status_code == 200
    data = response.get_json()
    assert set(data) == {"query", "total", "total_is_exact", "page", "per_page", "results",
                         "facets", "suggestion"}
    assert data["total_is_exact"] is True
    assert data["query"] == "nhan long" and data["page"] == 1 and data["per_page"] == 5
    first = data["results"][0]
    assert set(first) == {"id", "enterprise_code", "sku", "title", "enterprise_name", "category",
                          "price_vnd", "unit", "moq", "url", "snippet"}
    assert first["title"] == "Nhãn lồng Hưng Yên loại 1"
    assert first["price_vnd"] == 45000 and first["category"] == "trai-cay"
    assert "Nhãn lồng" in first["snippet"]
    assert set(data["facets"]) == {"category", "commune", "cert"}
    assert {"value", "label", "count"} <= set(data["facets"]["cert"][0])
    contact = client.get("/api/v1/search", query_string={"q": "dong tao"}).get_json()
    assert contact["results"][0]["price_vnd"] is None


def test_api_suggestion_and_per_page_cap(corpus, client):
    data = client.get("/api/v1/search", query_string={"q": "vai thiue"}).get_json()
    assert data["suggestion"] == "vai thieu"
    assert client.get("/api/v1/search", query_string={"per_page": 101}).status_code == 400


def test_results_page_highlights_and_suggests(corpus, client):
    page = client.get("/tim-kiem", query_string={"q": "nhan long"}).get_data(as_text=True)
    assert "<mark>Nhãn</mark> <mark>lồng</mark>" in page
    page = client.get("/tim-kiem", query_string={"q": "chieu coii"}).get_data(as_text=True)
    assert "Có phải bạn muốn tìm" in page or "Đang hiện kết quả cho" in page
    assert "chieu coi" in page


def test_header_search_box_appears_on_every_page(corpus, client):
    page = client.get("/").get_data(as_text=True)
    assert 'action="/tim-kiem"' in page and "search-suggest.js" in page


def test_typing_suggestions(corpus, client):
    data = client.get("/tim-kiem/goi-y", query_string={"q": "nhan lo"}).get_json()
    labels = [s["label"] for s in data["suggestions"]]
    assert "Nhãn lồng Hưng Yên loại 1" in labels
    data = client.get("/tim-kiem/goi-y", query_string={"q": "trai c"}).get_json()
    assert {"kind": "category", "label": "Trái cây", "value": "trai-cay"} in data["suggestions"]
    assert client.get("/tim-kiem/goi-y", query_string={"q": "*"}).get_json() == {"suggestions": []}


def test_enterprise_directory_search(corpus, client, communes):
    from trading_floor.search import service

    by_name = service.search_enterprises("kim hoan")
    assert [e.name for e in by_name.enterprises] == ["Công ty Vàng bạc Kim Hoàn"]
    by_product = service.search_enterprises("tuong ban")
    assert by_product.enterprises[0].name == "Công ty CP Thực phẩm Hưng Yên"
    in_commune = service.search_enterprises("", commune=communes[2])
    assert {e.name for e in in_commune.enterprises} == {
        "Hợp tác xã Cây cảnh Văn Giang", "Hợp tác xã Nông sản Khoái Châu"}
    assert service.search_enterprises("", sector="A").total == 6  # vsic 0121 in the fixture
    assert service.search_enterprises("", sector="C").total == 0
    page = client.get("/doanh-nghiep", query_string={"q": "khoai chau"})
    assert page.status_code == 200 and "Nông sản Khoái Châu" in page.get_data(as_text=True)
    code = in_commune.enterprises[0].code
    assert [e.code for e in service.search_enterprises(code).enterprises] == [code]


def _facet_links(page: str, name: str) -> list[str]:
    section = page.split(f'data-facet="{name}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<li class="depth-\d+"><(?:a href="[^"]*"|strong aria-current="true")>([^<]+)<', section)


def test_results_page_facets_drill_down_and_keep_the_rest_behind_more(corpus, client):
    page = client.get("/tim-kiem")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # top-level categories only, most results first; subcategories once a category is chosen
    categories = _facet_links(html, "category")
    assert categories[:2] == ["Nông sản", "Thực phẩm chế biến"] and "Trái cây" not in categories
    chosen = client.get("/tim-kiem", query_string={"category": "nong-san"})
    assert chosen.status_code == 200
    assert _facet_links(chosen.get_data(as_text=True), "category")[:3] == [
        "Nông sản", "Rau củ", "Trái cây"]
    # the results come before the filter list in reading order on a phone: one summary line
    assert html.index('<details class="filter-panel"') < html.index('class="hits plain"')
    assert html.index("<summary>Bộ lọc") < html.index('class="hits plain"')
