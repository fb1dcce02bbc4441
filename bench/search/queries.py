"""The fixed mixed query set: 1–3 syllables, with and without diacritics, phrases, filters, and a
few very common words (hàng, xuất khẩu) that dominate a search engine's tail."""

from __future__ import annotations

from bench.search.corpus import CATEGORIES, PLACES

_BASE = [
    "nhãn lồng", "nhan long", "nhãn", "nhan", "vải thiều", "vai thieu", "gà đông tảo", "dong tao",
    "cà phê", "ca phe", '"cà phê" hòa tan', "tương bần", "tuong ban", "mật ong", "mat ong hoa nhan",
    "gạo nếp", "gao nep cai hoa vang", "st25", "đường phèn", "duong phen", "dương xỉ", "duong xi",
    "nhẫn vàng", "nhan vang", "chiếu cói", "chieu coi", "mây tre", "may tre dan", "gốm sứ",
    "gom su", "thép hộp", "thep hop", "ống nhựa pvc", "ong nhua", "áo sơ mi", "ao so mi",
    "lan hồ điệp", "lan ho diep", "bưởi diễn", "buoi dien", "cam canh", "na dai", "ổi", "xoài",
    "hàng", "hang", "xuất khẩu", "xuat khau", "chất lượng", "giao hàng toàn quốc", "giá sỉ",
    "sạch", "hữu cơ", "huu co", "đặc sản hưng yên", "dac san", "khoai lang", "khoai", "ớt",
    "trứng vịt muối", "trung vit", "cá chép", "tôm", "bánh gai", "banh cuon", "giò lụa", "mắm tôm",
    "trà sen", "tra xanh", "rượu nếp", "nước mắm", "hạt tiêu", "hat sen", "tỏi", "hành tím",
    "nhan lomg", "vai thiue", "ca phee", "tuong bam", "gao nepp",  # misspellings
]
FILTERS = [
    {}, {"category": "trai-cay"}, {"price_max": "100000"}, {"moq_max": "50"}, {"cert": "OCOP4"},
    {"category": "nong-san", "sort": "price_asc"}, {"sort": "newest"}, {"commune": "__commune__"},
]


def query_set() -> list[dict]:
    """Every query of the set, each a parameter dict for the search service; all distinct."""
    queries = []
    for i, q in enumerate(_BASE):
        queries.append({"q": q})
        queries.append({"q": q, **FILTERS[1 + i % (len(FILTERS) - 1)]})
    for place in PLACES[:6]:
        queries.append({"q": place})
    for slug in list(CATEGORIES)[:6]:
        queries.append({"q": "", "category": slug})
    return queries
