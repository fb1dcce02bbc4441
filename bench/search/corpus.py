"""A deterministic corpus of realistic Vietnamese B2B listings (self-contained vocabulary).

`generate(n, seed)` always yields the same listings for the same arguments: titles built from a
product, a variety or qualifier and sometimes a place; descriptions mixing the product words with
the very common trade words (hàng, xuất khẩu, chất lượng…) that make a search engine's tail slow.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

CATEGORIES = {  # slug: (name, parent slug, products)
    "nong-san": ("Nông sản", None, []),
    "trai-cay": ("Trái cây", "nong-san", ["nhãn lồng", "nhãn Hương Chi", "vải thiều", "chuối tiêu hồng",
                                          "cam Canh", "bưởi Diễn", "na dai", "ổi lê", "xoài cát", "thanh long"]),
    "rau-cu": ("Rau củ", "nong-san", ["cà chua bi", "bí đỏ", "rau muống", "cải bắp", "su hào",
                                      "khoai lang", "khoai tây", "hành tím", "tỏi", "ớt chỉ thiên"]),
    "gao": ("Gạo, ngũ cốc", "nong-san", ["gạo nếp cái hoa vàng", "gạo tám thơm", "gạo ST25",
                                         "ngô nếp", "đậu xanh", "lạc đỏ"]),
    "thuc-pham": ("Thực phẩm chế biến", None, ["long nhãn sấy", "tương Bần", "mắm tôm", "giò lụa",
                                                "bánh cuốn", "bánh gai", "chè lam", "hạt sen sấy"]),
    "do-uong": ("Đồ uống", "thuc-pham", ["cà phê bột", "cà phê hòa tan", "trà sen", "trà xanh",
                                         "rượu nếp cái", "nước mắm", "mật ong hoa nhãn"]),
    "gia-vi": ("Gia vị", "thuc-pham", ["đường phèn", "muối tinh", "hạt tiêu", "bột nghệ", "giấm gạo"]),
    "thit-trung": ("Thịt, trứng, thủy sản", None, ["gà Đông Tảo", "trứng vịt muối", "ốc nhồi",
                                                    "cá chép", "tôm càng", "thịt lợn sạch"]),
    "thu-cong": ("Thủ công mỹ nghệ", None, ["giỏ mây tre đan", "chiếu cói", "đèn lồng", "tranh thêu",
                                             "gốm sứ", "nón lá"]),
    "may-mac": ("Dệt may", None, ["áo sơ mi", "quần âu", "vải cotton", "khăn mặt", "áo khoác gió"]),
    "co-khi": ("Cơ khí, vật liệu", None, ["ốc vít inox", "thép hộp", "ống nhựa PVC", "gạch men",
                                          "tôn lạnh", "dây điện"]),
    "cay-canh": ("Cây cảnh, hoa", None, ["dương xỉ", "lan hồ điệp", "cây kim tiền", "quất cảnh",
                                         "đào thế"]),
    "trang-suc": ("Trang sức", None, ["nhẫn vàng", "vòng bạc", "dây chuyền"]),
}
QUALIFIERS = ["loại 1", "đặc sản", "sạch", "hữu cơ", "xuất khẩu", "giá sỉ", "chính gốc", "tươi",
              "đóng gói", "cao cấp", "truyền thống", "nguyên chất", "số lượng lớn", "mới"]
PLACES = ["Hưng Yên", "Phố Hiến", "Khoái Châu", "Văn Giang", "Kim Động", "Tiên Lữ", "Thái Bình",
          "Đông Hưng", "Vũ Thư", "Quỳnh Phụ", "Mỹ Hào", "Ân Thi"]
COMMON = ["hàng", "chất lượng", "xuất khẩu", "giao hàng", "toàn quốc", "đơn hàng", "đóng gói",
          "bảo quản", "nhận", "sản xuất", "uy tín", "giá", "tốt", "cung cấp", "số lượng"]
SENTENCES = [
    "Hàng {q}, {p} cung cấp số lượng lớn cho đại lý và siêu thị.",
    "Sản phẩm {t} đạt tiêu chuẩn chất lượng, giao hàng toàn quốc.",
    "Nhận đơn hàng xuất khẩu, đóng gói theo yêu cầu của khách.",
    "Bảo quản nơi khô ráo, thoáng mát; hạn dùng ghi trên bao bì.",
    "Cơ sở sản xuất tại {p}, uy tín nhiều năm.",
    "Giá tốt cho đơn hàng từ {m} {u} trở lên.",
    "Có hóa đơn, chứng từ nguồn gốc rõ ràng.",
]
UNITS = ["kg", "thùng", "hộp", "chai", "cái", "bao", "tấn", "bộ"]
CERTS = ["OCOP3", "OCOP4", "OCOP5", "VietGAP", "GlobalGAP", "HACCP", "ISO22000", "ISO9001", "organic"]
COMPANY = ["Công ty TNHH", "Công ty CP", "Hợp tác xã", "Cơ sở", "Hộ kinh doanh"]


@dataclass
class BenchListing:
    enterprise: int
    sku: str
    title: str
    description: str
    category: str
    price_vnd: int | None
    unit: str
    moq: int
    certs: list[str]
    commune_index: int
    day: int


def enterprises(n_listings: int, seed: int = 20261128) -> list[tuple[str, int]]:
    rng = random.Random(seed + 1)
    count = max(10, n_listings // 20)
    return [(f"{rng.choice(COMPANY)} {rng.choice(PLACES)} {rng.choice(QUALIFIERS).title()} {i}",
             rng.randrange(100)) for i in range(count)]


def generate(n: int, seed: int = 20261128) -> list[BenchListing]:
    rng = random.Random(seed)
    products = [(slug, p) for slug, (_, _, items) in CATEGORIES.items() for p in items]
    n_enterprises = len(enterprises(n, seed))
    listings = []
    for i in range(n):
        slug, product = products[int(rng.paretovariate(1.2) * 3) % len(products)] \
            if rng.random() < 0.5 else rng.choice(products)
        title = f"{product[0].upper()}{product[1:]} {rng.choice(QUALIFIERS)}"
        if rng.random() < 0.4:
            title += f" {rng.choice(PLACES)}"
        unit, moq = rng.choice(UNITS), rng.choice([1, 5, 10, 20, 50, 100, 200, 500, 1000])
        description = " ".join(
            rng.choice(SENTENCES).format(q=rng.choice(QUALIFIERS), p=rng.choice(PLACES), t=product,
                                         m=moq, u=unit)
            for _ in range(rng.randint(2, 5)))
        certs = sorted(set(rng.sample(CERTS, rng.choice([0, 0, 0, 1, 1, 2]))))
        price = None if rng.random() < 0.15 else rng.randrange(5, 5000) * 1000
        listings.append(BenchListing(rng.randrange(n_enterprises), f"SP{i:06d}", title[:200],
                                     description, slug, price, unit, moq, certs,
                                     rng.randrange(100), rng.randrange(720)))
    return listings
