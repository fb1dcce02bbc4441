"""Saved searches (a new matching listing arrives in the digest, an old one does not) and the
owners' weekly summary (views, inquiries, RFQs, quotes waiting, few-result searches)."""

from __future__ import annotations

from freezegun import freeze_time
from sqlalchemy import select

from tests.alerts.conftest import alert_mails, body
from tests.conftest import post_form
from trading_floor import jobs
from trading_floor.alerts.models import SavedSearch
from trading_floor.catalog.models import Category
from trading_floor.extensions import db as database
from trading_floor.jobs.outbox import run_now
from trading_floor.outreach.models import SearchRecord
from trading_floor.trade import inquiries


def indexed(*listings) -> None:
    """The search index hears of the listings as after a publication (the index job)."""
    jobs.record("search.refresh", {"listing_ids": [item.id for item in listings]})
    database.session.commit()


def test_saved_search_brings_new_matching_listings_in_the_digest(app, client, login_as, seller,
                                                                 make_listing, category, db,
                                                                 runner):
    _, enterprise = seller
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0  # an empty index to start
    with freeze_time("2026-12-01 01:00:00"):
        old = make_listing(enterprise, title="Nhãn lồng loại 1")
        indexed(old)
    with freeze_time("2026-12-01 02:00:00"):
        buyer = login_as("buyer")
        page = client.get("/tim-kiem?q=nhan+long&category=" + category.slug)
        assert page.status_code == 200 and "Lưu tìm kiếm" in page.get_data(as_text=True)
        saved = post_form(client, "/tai-khoan/thong-bao/tim-kiem",
                          {"q": "nhan long", "category": category.slug},
                          form_url="/tim-kiem?q=nhan+long", follow_redirects=True)
        assert "Đã lưu tìm kiếm" in saved.get_data(as_text=True)
        listed = client.get("/tai-khoan/thong-bao").get_data(as_text=True)
        assert "“nhan long”, danh mục: Trái cây" in listed
    with freeze_time("2026-12-01 05:00:00"):
        new = make_listing(enterprise, title="Nhãn lồng sấy khô")
        rice = Category(slug="gao", name_vi="Gạo")
        db.session.add(rice)
        db.session.commit()
        other = make_listing(enterprise, title="Nhãn lồng gạo nếp", category_id=rice.id)
        indexed(new, other)
    with freeze_time("2026-12-02 00:00:00"):
        run_now("alerts.daily")
    sent = [m for m in alert_mails(app) if m["To"] == buyer.email]
    assert len(sent) == 1
    text = body(sent[0])
    assert "Nhãn lồng sấy khô" in text and f"/san-pham/{new.id}" in text
    assert "Nhãn lồng loại 1" not in text  # published before the search was saved
    assert "gạo nếp" not in text  # another category than the saved filter
    assert "/ngung-nhan-thu/" in sent[0]["List-Unsubscribe"]
    with freeze_time("2026-12-03 00:00:00"):  # nothing new since: no e-mail
        run_now("alerts.daily")
    assert len([m for m in alert_mails(app) if m["To"] == buyer.email]) == 1
    # deleted from the preferences page
    item = db.session.scalar(select(SavedSearch))
    with freeze_time("2026-12-01 02:10:00"):  # the form token of the page read at 02:00
        post_form(client, f"/tai-khoan/thong-bao/tim-kiem/{item.id}/xoa", {},
                  form_url="/tai-khoan/thong-bao")
    assert db.session.scalar(select(SavedSearch)) is None


def test_saving_a_search_with_a_bad_filter_changes_nothing(client, login_as, db):
    login_as("buyer")
    response = post_form(client, "/tai-khoan/thong-bao/tim-kiem", {"q": "nhan", "price_min": "abc"},
                         form_url="/tim-kiem?q=nhan", follow_redirects=True)
    assert response.status_code in (200, 400)
    assert "Giá từ phải là số nguyên" in response.get_data(as_text=True)
    assert db.session.scalar(select(SavedSearch)) is None
    post_form(client, "/tai-khoan/thong-bao/tim-kiem", {"q": "nhan", "price_max": "60.000"},
              form_url="/tim-kiem?q=nhan")
    page = client.get("/tai-khoan/thong-bao")
    assert page.status_code == 200
    assert "“nhan”, giá đến: 60.000\u00a0₫" in page.get_data(as_text=True)


def test_weekly_summary_has_the_owners_figures(app, seller, listing, make_user, post_rfq, db):
    owner, enterprise = seller
    with freeze_time("2026-12-01 03:00:00"):
        listing.view_count = 37
        db.session.commit()
        inquiries.send_inquiry(make_user(email="hoi@example.vn"), listing, 100, "Còn hàng không?")
        post_rfq(title="Cần mua nhãn lồng số lượng lớn")
        db.session.add(SearchRecord(searcher="u9", query="nhan long say", folded="nhan long say",
                                    category_slug="trai-cay", total=0))
        db.session.commit()
    with freeze_time("2026-12-07 00:00:00"):  # Monday 07:00
        run_now("alerts.weekly")
    summary = [m for m in alert_mails(app) if "Tóm tắt tuần" in m["Subject"]]
    assert [m["To"] for m in summary] == [owner.email]
    text = body(summary[0])
    assert "Lượt xem sản phẩm từ trước đến nay: 37" in text
    assert "Hỏi hàng mới: 1" in text
    assert "Yêu cầu chào mua đang mở chờ bạn báo giá: 1" in text
    assert "Cần mua nhãn lồng số lượng lớn" in text and "/chao-mua/" in text
    assert "“nhan long say” (1 lần)" in text
    with freeze_time("2026-12-14 00:00:00"):  # the next week: the week's views only
        listing.view_count = 50
        db.session.commit()
        run_now("alerts.weekly")
    summary = [m for m in alert_mails(app) if "Tóm tắt tuần" in m["Subject"]]
    assert len(summary) == 2 and "Lượt xem sản phẩm trong tuần: 13" in body(summary[1])
