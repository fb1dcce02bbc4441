"""Every match is ranked: the best listing is found on page 1 whatever its age or id (the
engines' own top-k over all matches, no bounded candidate set)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.search.conftest import search, titles
from trading_floor.i18n import utcnow

OLDER = 1500


@pytest.fixture
def many_older(app, db, backend_name, categories, make_enterprise):
    from trading_floor.catalog.models import Listing
    from trading_floor.search import indexing

    enterprise = make_enterprise(name="Hợp tác xã Nông sản Tiên Lữ")
    enterprise.verified_at = utcnow()
    db.session.commit()
    base = utcnow() - timedelta(days=200)
    words = "thùng carton đóng gói xuất khẩu hàng nông sản sấy khô các loại"
    db.session.add_all(Listing(
        enterprise_id=enterprise.id, sku=f"OLD-{n}", category_id=categories["thuc-pham"].id,
        title=f"Lô {n} {words} vải nhãn mít chuối {words}", description="Giao theo đơn đặt.",
        price_vnd=10000 + n, unit="kg", moq=1, status="published",
        published_at=base + timedelta(minutes=n)) for n in range(OLDER))
    db.session.commit()
    newer = Listing(enterprise_id=enterprise.id, sku="NEW", category_id=categories["trai-cay"].id,
                    title="Nhãn lồng tươi", price_vnd=40000, unit="kg", moq=10,
                    description="Nhãn lồng Hưng Yên hái trong ngày, cùi dày, ngọt.",
                    status="published", published_at=utcnow())
    db.session.add(newer)
    db.session.commit()
    indexing.reindex()
    return newer


@pytest.mark.parametrize("query", ["nhãn", "nhan", "NHAN"])
def test_the_best_match_is_first_among_1500_older_listings(many_older, query):
    result = search(query)
    assert result.total == OLDER + 1
    assert titles(result)[0] == "Nhãn lồng tươi"


def test_a_late_page_is_ranked_too(many_older):
    last = search("nhan", page=76)  # 1,501 matches, 20 a page: the last page has one
    assert len(last.hits) == 1 and last.hits[0].listing.title != "Nhãn lồng tươi"
