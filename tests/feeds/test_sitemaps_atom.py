"""sitemap.xml in chunks, robots.txt, Atom feeds per category, Demand JSON-LD of a request."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from xml.etree import ElementTree as ET

from tests.conftest import post_form
from trading_floor.i18n import local_today

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def _locs(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return [loc.text for loc in ET.fromstring(response.get_data()).iter(f"{SM}loc")]


def test_sitemap_index_points_to_chunks_that_hold_every_public_url_once(
        app, client, shop, make_listing):
    app.config["SITEMAP_CHUNK"] = 2
    made = [make_listing(shop["enterprise"], shop["fruit"], title=f"Hàng số {n}")
            for n in range(4)]
    make_listing(shop["enterprise"], shop["fruit"], title="Nháp", status="draft")
    chunks = _locs(client, "/sitemap.xml")
    listing_chunks = [c for c in chunks if "/sitemap-listings-" in c]
    assert len(listing_chunks) == 3  # 5 public listings, 2 per chunk
    urls = [u for chunk in listing_chunks for u in _locs(client, chunk.removeprefix(
        "http://localhost"))]
    ids = sorted(int(re.search(r"-(\d+)$", u).group(1)) for u in urls)
    assert ids == sorted([shop["listing"].id, *(m.id for m in made)])
    enterprises = _locs(client, "/sitemap-enterprises-1.xml")
    assert enterprises == [f"http://localhost/doanh-nghiep/{shop['enterprise'].code}"]
    assert _locs(client, "/sitemap-pages-1.xml") + _locs(client, "/sitemap-pages-2.xml") == [
        "http://localhost/", "http://localhost/danh-muc/nong-san",
        "http://localhost/danh-muc/trai-cay"]
    assert client.get("/sitemap-listings-4.xml").status_code == 404
    assert client.get("/sitemap-khac-1.xml").status_code == 404


def test_robots_txt_names_the_sitemap_and_keeps_robots_out_of_accounts(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in text
    assert "Disallow: /tai-khoan" in text and "Disallow: /gian-hang" in text


def test_atom_of_new_listings_of_a_category_includes_its_subcategories(
        client, shop, make_category, make_listing):
    other = make_category("thu-cong", "Thủ công")
    make_listing(shop["enterprise"], other, title="Chiếu cói")
    response = client.get("/feeds/san-pham/nong-san.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.get_data())
    titles = [e.find(f"{ATOM}title").text for e in feed.iter(f"{ATOM}entry")]
    assert titles == ["Nhãn lồng Hưng Yên – loại đặc biệt"]
    every = ET.fromstring(client.get("/feeds/san-pham.atom").get_data())
    assert len(list(every.iter(f"{ATOM}entry"))) == 2
    assert client.get("/feeds/san-pham/khong-co.atom").status_code == 404
    page = client.get("/danh-muc/nong-san").get_data(as_text=True)
    assert 'href="/feeds/san-pham/nong-san.atom"' in page


def _post_rfq(client, login_as, category, title="Cần mua 2 tấn nhãn lồng"):
    login_as("buyer")
    deadline = (local_today() + timedelta(days=7)).isoformat()
    response = post_form(client, "/chao-mua/moi", {
        "title": title, "description": "Giao tháng 8", "category": str(category.id),
        "quantity": "2000", "unit": "kg", "target_price": "40000", "delivery_commune": "",
        "delivery_place": "Kho Phố Hiến", "deadline": deadline})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_atom_of_open_rfqs_and_demand_jsonld_on_the_request_page(client, shop, login_as):
    rfq_id = _post_rfq(client, login_as, shop["fruit"])
    feed = ET.fromstring(client.get("/feeds/chao-mua/nong-san.atom").get_data())
    assert [e.find(f"{ATOM}title").text for e in feed.iter(f"{ATOM}entry")] == [
        "Cần mua 2 tấn nhãn lồng"]
    page = client.get(f"/chao-mua/{rfq_id}")
    assert page.status_code == 200
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>',
                       page.get_data(as_text=True), re.S).group(1)
    demand = json.loads(script)
    assert demand["@type"] == "Demand"
    assert demand["eligibleQuantity"] == {"@type": "QuantitativeValue", "value": 2000,
                                          "unitText": "kg"}
    assert demand["priceSpecification"]["price"] == 40000
    assert demand["areaServed"]["name"] == "Kho Phố Hiến"
    assert "buyer" not in script.lower() and "seeker" not in demand
