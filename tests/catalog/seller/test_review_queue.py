"""The officers' review queue: search, filters, waiting times, thumbnails, approving several at
once and rejecting with reusable reasons — one reject panel, whatever the length of the queue."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import post_form
from trading_floor.catalog import review_queue
from trading_floor.catalog.models import Listing, ListingStatusEvent, RejectionReason
from trading_floor.i18n import utcnow

QUEUE = "/so-cong-thuong/kiem-duyet"


@pytest.fixture
def queue(db, verified_owner, make_listing):
    """Two enterprises with listings waiting 10 days, 4 days and 2 hours."""
    owner_a, alpha = verified_owner(name="Công ty Nhãn Phố Hiến")
    owner_b, beta = verified_owner(name="Hợp tác xã Gà Đông Tảo")
    now = utcnow()
    waiting = {
        "old": make_listing(owner_a, alpha, "submitted", title="Nhãn lồng sấy khô", sku="NL-01"),
        "mid": make_listing(owner_b, beta, "submitted", title="Gà Đông Tảo thịt",
                            category="gia-cam"),
        "new": make_listing(owner_a, alpha, "submitted", title="Mật ong hoa nhãn"),
    }
    for key, age in (("old", timedelta(days=10)), ("mid", timedelta(days=4)),
                     ("new", timedelta(hours=2))):
        waiting[key].updated_at = now - age
    make_listing(owner_a, alpha, "draft", title="Nhãn nháp chưa gửi")
    db.session.commit()
    return waiting, alpha, beta


def titles(page: str) -> list[str]:
    return re.findall(r'class="queue-title">([^<]+)<', page)


def open_queue(client, **params):
    response = client.get(QUEUE, query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_oldest_first_with_the_oldest_wait_on_top(client, login_as, queue):
    login_as("officer")
    page = open_queue(client)
    assert titles(page) == ["Nhãn lồng sấy khô", "Gà Đông Tảo thịt", "Mật ong hoa nhãn"]
    summary = re.search(r'id="queue-summary">(.*?)</p>', page, re.S).group(1)
    assert "3 sản phẩm chờ duyệt" in summary and "chờ lâu nhất: 10 ngày" in summary
    assert "chờ 4 ngày" in page and "chờ 2 giờ" in page
    assert "Nhãn nháp chưa gửi" not in page
    assert titles(open_queue(client, sort="newest"))[0] == "Mật ong hoa nhãn"
    # one reject panel for the whole page, not a box per listing
    assert page.count("<textarea") == 1


@pytest.mark.parametrize("params, expected", [
    ({"q": "nhãn"}, ["Nhãn lồng sấy khô", "Mật ong hoa nhãn"]),
    ({"q": "NL-01"}, ["Nhãn lồng sấy khô"]),                 # SKU
    ({"q": "Đông Tảo"}, ["Gà Đông Tảo thịt"]),                # title or enterprise
    ({"q": "Hợp tác xã"}, ["Gà Đông Tảo thịt"]),              # enterprise name
    ({"age": "3"}, ["Nhãn lồng sấy khô", "Gà Đông Tảo thịt"]),
    ({"age": "7"}, ["Nhãn lồng sấy khô"]),
    ({"q": "không có gì như vậy"}, []),
])
def test_search_and_age_filter(client, login_as, queue, params, expected):
    login_as("officer")
    page = open_queue(client, **params)
    assert titles(page) == expected
    assert f"{len(expected)} sản phẩm phù hợp" in page
    assert "3 sản phẩm chờ duyệt" in page  # the whole queue stays in sight


def test_enterprise_and_category_filters(client, db, login_as, queue):
    from trading_floor.catalog.models import Category

    waiting, alpha, beta = queue
    login_as("officer")
    page = open_queue(client)
    assert f'<option value="{alpha.id}" >Công ty Nhãn Phố Hiến (2)</option>' in page
    assert titles(open_queue(client, enterprise=beta.id)) == ["Gà Đông Tảo thịt"]
    # a parent category finds the listings of its subcategories
    nhan = db.session.scalar(select(Category).where(Category.slug == "nhan"))
    parent = nhan.parent_id
    assert parent is not None
    assert titles(open_queue(client, category=parent)) == ["Nhãn lồng sấy khô",
                                                           "Mật ong hoa nhãn"]
    assert titles(open_queue(client, category=nhan.id, q="mật")) == ["Mật ong hoa nhãn"]


def test_pages_of_thirty_keep_the_filters(client, db, login_as, verified_owner, make_listing):
    owner, enterprise = verified_owner()
    for n in range(32):
        make_listing(owner, enterprise, "submitted", title=f"Vải thiều lô {n:02d}")
    login_as("officer")
    first = open_queue(client, q="vải")
    assert len(titles(first)) == 30 and "Trang 1 / 2" in first
    next_link = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    assert "q=" in next_link
    second = client.get(next_link).get_data(as_text=True)
    assert titles(second) == ["Vải thiều lô 30", "Vải thiều lô 31"]


def test_thumbnail_shown_when_the_listing_has_a_photo(client, db, login_as, verified_owner,
                                                      make_listing, photo):
    from io import BytesIO

    from werkzeug.datastructures import FileStorage

    from trading_floor.catalog import services

    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, "draft")
    services.save_listing(owner, enterprise, services.ListingInput(
        title=listing.title, category="nhan", unit="kg", sku=listing.sku), listing,
        photos=[FileStorage(BytesIO(photo()), "a.jpg")], submit=True)
    login_as("officer")
    page = open_queue(client)
    thumb = listing.images[0].filename.replace(".jpg", "-t.jpg")
    assert f'src="/anh/{thumb}"' in page
    with client.get(f"/anh/{thumb}") as response:  # officers see a draft's photos
        assert response.status_code == 200


def test_approve_two_at_once(client, db, login_as, queue):
    waiting, _alpha, _beta = queue
    officer = login_as("officer")
    ids = [waiting["old"].id, waiting["mid"].id]
    response = post_form(client, f"{QUEUE}/duyet-nhieu", {"listing_ids": ids, "back": QUEUE},
                         form_url=QUEUE, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Đã duyệt 2 sản phẩm" in page and "«Gà Đông Tảo thịt»" in page
    assert titles(page) == ["Mật ong hoa nhãn"]
    db.session.expire_all()
    assert [waiting[k].status for k in ("old", "mid", "new")] == ["published", "published",
                                                                  "submitted"]
    actors = db.session.scalars(select(ListingStatusEvent.actor_id).where(
        ListingStatusEvent.listing_id.in_(ids), ListingStatusEvent.status == "published"))
    assert set(actors) == {officer.id}
    # the same two again: nothing waits any more, the officer is told so
    again = post_form(client, f"{QUEUE}/duyet-nhieu", {"listing_ids": ids}, form_url=QUEUE,
                      follow_redirects=True).get_data(as_text=True)
    assert "2 sản phẩm đã chọn không còn chờ duyệt" in again


def test_nothing_selected_changes_nothing(client, db, login_as, queue):
    login_as("officer")
    page = post_form(client, f"{QUEUE}/duyet-nhieu", {}, form_url=QUEUE,
                     follow_redirects=True).get_data(as_text=True)
    assert "Hãy chọn ít nhất một sản phẩm" in page
    assert db.session.scalar(select(Listing).where(Listing.status == "published")) is None


def test_reject_with_a_standard_reason_and_a_note(client, db, login_as, queue):
    waiting, alpha, _beta = queue
    photo_reason = review_queue.add_reason("Ảnh không rõ")
    review_queue.add_reason("Sai danh mục")
    login_as("officer")
    page = open_queue(client)
    assert "Ảnh không rõ" in page and "Sai danh mục" in page
    response = post_form(client, f"{QUEUE}/tu-choi-nhieu", {
        "listing_ids": [waiting["new"].id], "reasons": [photo_reason.id],
        "reason": "Cần ảnh chụp hũ mật ong thật"}, form_url=QUEUE, follow_redirects=True)
    assert "Đã từ chối 1 sản phẩm" in response.get_data(as_text=True)
    db.session.expire_all()
    listing = waiting["new"]
    assert listing.status == "rejected"
    assert listing.rejection_reason == "Ảnh không rõ; Cần ảnh chụp hũ mật ong thật"
    # the reason is copied: rewording the standard one later does not change what was sent
    review_queue.edit_reason(db.session.get(RejectionReason, photo_reason.id), "Ảnh mờ")
    db.session.expire_all()
    assert listing.rejection_reason.startswith("Ảnh không rõ")


def test_reject_without_any_reason_is_refused(client, db, login_as, queue):
    waiting, _alpha, _beta = queue
    login_as("officer")
    page = post_form(client, f"{QUEUE}/tu-choi-nhieu", {"listing_ids": [waiting["old"].id],
                                                        "reason": "  "},
                     form_url=QUEUE, follow_redirects=True).get_data(as_text=True)
    assert "Cần chọn hoặc ghi lý do từ chối" in page
    page = post_form(client, f"{QUEUE}/tu-choi-nhieu", {"listing_ids": [waiting["old"].id],
                                                        "reason": "x" * 2001},
                     form_url=QUEUE, follow_redirects=True).get_data(as_text=True)
    assert "Lời ghi thêm dài quá 2000 ký tự" in page
    db.session.expire_all()
    assert waiting["old"].status == "submitted"


def test_single_review_page_offers_the_standard_reasons(client, db, login_as, queue):
    waiting, _alpha, _beta = queue
    reason = review_queue.add_reason("Giá không hợp lý")
    login_as("officer")
    url = f"{QUEUE}/{waiting['mid'].id}"
    assert "Giá không hợp lý" in client.get(url).get_data(as_text=True)
    post_form(client, f"{url}/tu-choi", {"reasons": [reason.id]}, form_url=url)
    db.session.expire_all()
    assert waiting["mid"].rejection_reason == "Giá không hợp lý"


def test_officers_manage_the_standard_reasons(client, db, login_as, verified_owner):
    owner, _enterprise = verified_owner()
    login_as(owner)
    assert client.get(f"{QUEUE}/ly-do").status_code == 403
    client.get("/dang-xuat")
    login_as("officer")
    url = f"{QUEUE}/ly-do"
    page = post_form(client, url, {"text": "  Thiếu   giấy phép  "},
                     follow_redirects=True).get_data(as_text=True)
    assert "Đã thêm lý do mẫu" in page
    reason = db.session.scalar(select(RejectionReason))
    assert reason.text == "Thiếu giấy phép"
    page = post_form(client, url, {"text": "thiếu giấy phép"},
                     follow_redirects=True).get_data(as_text=True)
    assert "Lý do này đã có trong danh sách" in page
    assert len(db.session.scalars(select(RejectionReason)).all()) == 1
    post_form(client, f"{url}/{reason.id}", {"text": "Thiếu giấy phép kinh doanh"}, form_url=url)
    db.session.expire_all()
    assert reason.text == "Thiếu giấy phép kinh doanh"
    post_form(client, f"{url}/{reason.id}", {"text": ""}, form_url=url)
    db.session.expire_all()
    assert reason.text == "Thiếu giấy phép kinh doanh"  # an empty text changes nothing
    post_form(client, f"{url}/{reason.id}/xoa", {}, form_url=url)
    assert db.session.scalar(select(RejectionReason)) is None
