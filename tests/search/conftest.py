"""A fixed test corpus of Vietnamese B2B listings, and the search backend under test.

`backend_name` is parametrized over both backends: postgres only when TEST_DATABASE_URL is
PostgreSQL (it needs the unaccent extension and tsvector), whoosh always.
"""

from __future__ import annotations

import os

import pytest

from trading_floor.i18n import utcnow

IS_PG = (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgresql")
BACKENDS = [pytest.param("whoosh"),
            pytest.param("postgres", marks=pytest.mark.skipif(
                not IS_PG, reason="the postgres backend needs TEST_DATABASE_URL=postgresql…"))]

TAXONOMY = [  # slug, name, parent slug
    ("nong-san", "Nông sản", None),
    ("trai-cay", "Trái cây", "nong-san"),
    ("rau-cu", "Rau củ", "nong-san"),
    ("gao", "Gạo", "nong-san"),
    ("thuc-pham", "Thực phẩm chế biến", None),
    ("do-uong", "Đồ uống", "thuc-pham"),
    ("gia-vi", "Gia vị", "thuc-pham"),
    ("thit-trung", "Thịt, trứng", None),
    ("trang-suc", "Trang sức", None),
    ("cay-canh", "Cây cảnh", None),
    ("thu-cong", "Thủ công mỹ nghệ", None),
    ("vat-lieu", "Vật liệu xây dựng", None),
]

# key, title, description, category, price (None = liên hệ), moq, certs, enterprise key
LISTINGS = [
    ("nhan-long", "Nhãn lồng Hưng Yên loại 1", "Nhãn lồng Phố Hiến quả to, cùi dày, ngọt sắc, đóng thùng 10 kg.", "trai-cay", 45000, 100, ["OCOP4", "VietGAP"], "phohien"),
    ("nhan-say", "Long nhãn sấy khô", "Cùi nhãn sấy dẻo, hàng xuất khẩu.", "thuc-pham", 250000, 20, ["OCOP3"], "phohien"),
    ("nhan-vang", "Nhẫn vàng 18K chạm khắc", "Nhẫn vàng tây, chạm khắc thủ công, bảo hành trọn đời.", "trang-suc", 5000000, 1, [], "kimhoan"),
    ("mat-ong", "Mật ong hoa nhãn", "Mật ong nguyên chất lấy từ vườn nhãn, chai 500 ml.", "thuc-pham", 180000, 10, ["OCOP3"], "phohien"),
    ("duong-phen", "Đường phèn kết tinh", "Đường phèn vàng tự nhiên, bao 25 kg.", "gia-vi", 38000, 50, [], "thucpham"),
    ("duong-xi", "Dương xỉ cảnh để bàn", "Cây dương xỉ trồng chậu sứ, hợp văn phòng.", "cay-canh", 65000, 10, [], "caycanh"),
    ("ca-phe", "Cà phê bột nguyên chất", "Cà phê rang xay mộc, không pha tạp, gói 500 g.", "do-uong", 120000, 20, ["HACCP"], "thucpham"),
    ("ca-chua", "Cà chua bi đỏ", "Cà chua bi trồng nhà kính, lô hàng đã được phê duyệt chất lượng VietGAP.", "rau-cu", 30000, 100, ["VietGAP"], "nongsan"),
    ("ga-dong-tao", "Gà Đông Tảo thịt", "Gà Đông Tảo chân to nuôi thả vườn, giao theo đơn.", "thit-trung", None, 5, ["OCOP4"], "nongsan"),
    ("tuong-ban", "Tương Bần Hưng Yên", "Tương nếp Bần truyền thống, chai thủy tinh 500 ml.", "gia-vi", 35000, 24, ["OCOP4"], "thucpham"),
    ("gao-nep", "Gạo nếp cái hoa vàng", "Gạo nếp thơm dẻo, bao 10 kg.", "gao", 32000, 200, ["VietGAP"], "nongsan"),
    ("vai-thieu", "Vải thiều sớm", "Vải thiều quả đỏ, chín sớm, ngọt đậm.", "trai-cay", 40000, 100, [], "nongsan"),
    ("chuoi", "Chuối tiêu hồng", "Chuối tiêu hồng chín cây, buồng to.", "trai-cay", 15000, 200, ["VietGAP"], "nongsan"),
    ("sen", "Hạt sen khô", "Hạt sen Hưng Yên sấy khô, bóc vỏ.", "thuc-pham", 220000, 10, ["OCOP3"], "phohien"),
    ("ca-phe-sua", "Cà phê sữa hòa tan", "Gói cà phê sữa 3 trong 1, thùng 24 hộp.", "do-uong", 95000, 12, [], "thucpham"),
    ("tra-sen", "Trà sen Tây Hồ", "Trà ướp hoa sen, hộp quà biếu.", "do-uong", None, 10, ["OCOP5"], "phohien"),
    ("may-tre", "Giỏ mây tre đan", "Giỏ mây tre đan thủ công, xuất khẩu châu Âu.", "thu-cong", 70000, 50, [], "thucong"),
    ("chieu-coi", "Chiếu cói in hoa", "Chiếu cói dệt máy in hoa, khổ 1,6 m.", "thu-cong", 150000, 20, [], "thucong"),
    ("an-oc", "Ốc nhồi An Vĩ", "Ốc nhồi ruộng làng An Vĩ, giao tươi sống.", "thit-trung", 90000, 10, [], "nongsan"),
    ("rau-muong", "Rau muống sạch", "Rau muống trồng hữu cơ theo tiêu chuẩn organic.", "rau-cu", 12000, 50, ["organic"], "nongsan"),
    ("trung-vit", "Trứng vịt muối", "Trứng vịt muối tro, thùng 100 quả.", "thit-trung", 4000, 100, [], "nongsan"),
    ("nhan-huong-chi", "Nhãn Hương Chi", "Giống nhãn Hương Chi cùi dày, hạt nhỏ.", "trai-cay", 50000, 100, ["GlobalGAP"], "nongsan"),
    ("bi-do", "Bí đỏ hồ lô", "Bí đỏ dẻo, hàng loại 1.", "rau-cu", 14000, 300, [], "nongsan"),
    ("ruou-nep", "Rượu nếp cái", "Rượu nếp cái hoa vàng nấu thủ công, can 5 lít.", "do-uong", 80000, 10, [], "thucpham"),
    # regional words, numbers and units (a Southern seller's words, a Northern buyer's query)
    ("thit-heo", "Thịt heo sạch", "Thịt heo nuôi thả, giao lạnh.", "thit-trung", 120000, 10, [], "nongsan"),
    ("bap-ngot", "Bắp ngọt Mỹ", "Bắp ngọt hạt vàng, bao 50kg.", "rau-cu", 9000, 100, [], "nongsan"),
    ("me-den", "Mè đen rang", "Mè đen sạch, túi 1 kg.", "gia-vi", 90000, 20, [], "thucpham"),
    ("dau-phong", "Đậu phộng rang muối", "Đậu phộng hạt to rang muối.", "thuc-pham", 70000, 20, [], "thucpham"),
    ("khom", "Khóm Cầu Đúc", "Khóm chín vàng, trái to.", "trai-cay", 12000, 100, [], "nongsan"),
    ("chen-su", "Chén sứ men lam", "Chén ăn cơm men lam, bộ 10 cái.", "thu-cong", 150000, 10, [], "thucong"),
    ("muong-go", "Muỗng gỗ dừa", "Muỗng gỗ làm thủ công.", "thu-cong", 15000, 100, [], "thucong"),
    ("du-che", "Dù che nắng ngoài trời", "Dù lệch tâm khung thép, đường kính 3 m.", "thu-cong", 2500000, 1, [], "thucong"),
    ("my-tom", "Mỳ tôm chua cay", "Thùng 30 gói.", "thuc-pham", 110000, 10, [], "thucpham"),
    ("khoai-mi", "Khoai mì tươi", "Khoai mì bở, bao 50 kg.", "rau-cu", 6000, 500, [], "nongsan"),
    ("bi-ngo", "Bí ngô mật", "Bí ngô ruột vàng.", "rau-cu", 13000, 300, [], "nongsan"),
    ("xi-mang", "Xi măng PCB40 bao 50kg", "Xi măng poóc lăng hỗn hợp, giao tận công trình.", "vat-lieu", 95000, 100, [], "thucong"),
    ("thep-hop", "Thép hộp mạ kẽm 40x80", "Thép hộp dày 1,8 mm, cây 6 m.", "vat-lieu", 350000, 10, [], "thucong"),
    ("thung-carton", "Thùng carton 5 lớp", "Thùng giấy in theo yêu cầu.", "vat-lieu", 8000, 500, [], "thucong"),
    ("ong-nhua", "Ống nhựa PVC phi 90", "Ống dài 4 m, dày 1.8 mm.", "vat-lieu", 120000, 10, [], "thucong"),
    ("gao-nep-thom", "Gạo nếp thơm", "Nếp thơm dẻo, túi 5 kg.", "gao", 30000, 100, [], "thucpham"),
]

ENTERPRISES = {  # key: (name, commune index)
    "phohien": ("Công ty TNHH Nhãn Lồng Phố Hiến", 0),
    "kimhoan": ("Công ty Vàng bạc Kim Hoàn", 1),
    "thucpham": ("Công ty CP Thực phẩm Hưng Yên", 1),
    "caycanh": ("Hợp tác xã Cây cảnh Văn Giang", 2),
    "nongsan": ("Hợp tác xã Nông sản Khoái Châu", 2),
    "thucong": ("Cơ sở Thủ công Đông Hưng", 0),
}


@pytest.fixture(params=BACKENDS)
def backend_name(request, app):
    """Switches the app to one backend and starts from an empty index."""
    app.config["SEARCH_BACKEND"] = request.param
    app.extensions.pop("search_backend", None)
    from trading_floor.search import get_backend

    get_backend().clear()
    return request.param


@pytest.fixture
def categories(app, db):
    from trading_floor.catalog.models import Category

    made = {}
    for position, (slug, name, parent) in enumerate(TAXONOMY):
        category = Category(slug=slug, name_vi=name, position=position,
                            parent_id=made[parent].id if parent else None)
        db.session.add(category)
        db.session.flush()
        made[slug] = category
    db.session.commit()
    return made


@pytest.fixture
def communes(app, db):
    from sqlalchemy import select

    from trading_floor.registry.models import AdminUnit

    return list(db.session.scalars(select(AdminUnit.code).order_by(AdminUnit.code).limit(3)))


@pytest.fixture
def make_listing(app, db, categories, make_enterprise):
    """A listing (published by default) of a verified enterprise."""
    from trading_floor.catalog.models import Listing, ListingCertification

    counter = {"n": 0}

    def make(title, description="", category="trai-cay", price=10000, moq=1, certs=(),
             enterprise=None, status="published", commune_code=None, published_at=None):
        counter["n"] += 1
        if enterprise is None:
            enterprise = make_enterprise()
            enterprise.verified_at = utcnow()
        listing = Listing(enterprise_id=enterprise.id, sku=f"SKU-{counter['n']}", title=title,
                          description=description, category_id=categories[category].id,
                          price_vnd=price, unit="kg", moq=moq, status=status,
                          origin_commune_code=commune_code,
                          published_at=published_at or (utcnow() if status == "published" else None))
        listing.certifications = [ListingCertification(code=code) for code in certs]
        db.session.add(listing)
        db.session.commit()
        return listing

    return make


@pytest.fixture
def corpus(app, db, backend_name, categories, communes, make_enterprise, make_listing):
    """The fixed corpus, indexed; returns {key: listing}."""
    from datetime import timedelta

    enterprises = {}
    for key, (name, commune_index) in ENTERPRISES.items():
        enterprise = make_enterprise(name=name, commune_code=communes[commune_index])
        enterprise.verified_at = utcnow()
        enterprises[key] = enterprise
    db.session.commit()
    listings = {}
    base = utcnow() - timedelta(days=30)
    for n, (key, title, description, category, price, moq, certs, owner) in enumerate(LISTINGS):
        listings[key] = make_listing(title, description, category, price, moq, certs,
                                     enterprise=enterprises[owner],
                                     published_at=base + timedelta(hours=n))
    from trading_floor.search import indexing

    indexing.reindex()
    return listings


def search(q="", **params):
    """The search service, as the page and the API call it."""
    from trading_floor.search import service

    args = {"q": q, **{k: str(v) for k, v in params.items()}}
    return service.search(service.parse_params(args))


def titles(result) -> list[str]:
    return [hit.listing.title for hit in result.hits]
