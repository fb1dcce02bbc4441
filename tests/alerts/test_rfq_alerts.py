"""RFQ alerts: on the floor at once, by e-mail as each member chose (at once, in the daily or
weekly digest, never; daily by default), each RFQ once per digest with its link, one-click
unsubscribe per kind, and a digest run twice sends nothing twice."""

from __future__ import annotations

from freezegun import freeze_time
from sqlalchemy import select

from tests.alerts.conftest import alert_mails, body
from tests.conftest import post_form
from trading_floor.alerts import preferences
from trading_floor.alerts.models import NotificationPreference
from trading_floor.jobs.outbox import run_now
from trading_floor.trade.models import Notification

NOW = "2026-12-01 03:00:00"  # 10:00 in Hưng Yên, a Tuesday


def rfq_mails(app, title="Cần mua nhãn lồng"):
    """RFQ alerts mentioning the title (not the owners' weekly summary, which lists RFQs too)."""
    return [m for m in alert_mails(app) if title in body(m) and "Tóm tắt" not in m["Subject"]]


def choose(db, user, frequency, kind="rfq"):
    preferences.set_frequency(user, kind, frequency)


@freeze_time(NOW)
def test_preferences_page_lists_every_kind_daily_by_default(client, login_as, seller, db):
    owner, _ = seller
    login_as(owner)
    response = client.get("/tai-khoan/thong-bao")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for label in ("Yêu cầu chào mua trong danh mục của doanh nghiệp",
                  "Sản phẩm mới khớp tìm kiếm đã lưu", "Tóm tắt hằng tuần cho chủ doanh nghiệp"):
        assert label in page
    assert '<option selected value="daily">Hằng ngày</option>' in page
    assert preferences.frequencies_of(owner.id) == {"rfq": "daily", "saved_search": "daily",
                                                    "summary": "weekly"}
    response = post_form(client, "/tai-khoan/thong-bao",
                         {"rfq": "immediate", "saved_search": "weekly", "summary": "never",
                          "locale": "en"}, follow_redirects=True)
    assert "Đã lưu lựa chọn nhận thư." in response.get_data(as_text=True)
    assert preferences.frequencies_of(owner.id) == {"rfq": "immediate", "saved_search": "weekly",
                                                    "summary": "never"}
    assert owner.locale == "en"
    # a frequency a kind does not offer changes nothing
    response = post_form(client, "/tai-khoan/thong-bao",
                         {"rfq": "daily", "saved_search": "immediate", "summary": "never",
                          "locale": "vi"})
    assert response.status_code == 400
    assert preferences.frequencies_of(owner.id)["rfq"] == "immediate"


@freeze_time(NOW)
def test_at_once_sends_one_email_when_an_rfq_opens(app, seller, listing, post_rfq, db):
    owner, _ = seller
    choose(db, owner, "immediate")
    rfq = post_rfq()
    sent = rfq_mails(app)
    assert [m["To"] for m in sent] == [owner.email]
    message = sent[0]
    assert "Cần mua nhãn lồng" in message["Subject"]
    assert f"/chao-mua/{rfq.id}" in body(message)
    assert "/tai-khoan/thong-bao" in body(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/ngung-nhan-thu/" in message["List-Unsubscribe"]
    # on the floor too, and nothing more in the digest
    assert db.session.scalar(select(Notification.user_id)) == owner.id
    run_now("alerts.daily")
    assert len(rfq_mails(app)) == 1


@freeze_time(NOW)
def test_daily_digest_lists_each_rfq_once_with_its_link_and_runs_once(app, seller, listing,
                                                                      post_rfq, db):
    owner, _ = seller
    first, second = post_rfq(), post_rfq(title="Cần mua nhãn sấy")
    assert not alert_mails(app)  # daily by default: nothing at once
    assert len(list(db.session.scalars(select(Notification)))) == 2  # on the floor at once
    run_now("alerts.daily")
    sent = alert_mails(app)
    assert [m["To"] for m in sent] == [owner.email]
    text = body(sent[0])
    assert "2 yêu cầu chào mua mới" in sent[0]["Subject"]
    assert text.count("• Cần mua nhãn lồng") == 1 and text.count("• Cần mua nhãn sấy") == 1
    assert f"/chao-mua/{first.id}" in text and f"/chao-mua/{second.id}" in text
    assert "2.000 kg" in text and "42.000\u00a0₫" in text and "20/12/2026" in text
    assert "/ngung-nhan-thu/" in sent[0]["List-Unsubscribe"]
    run_now("alerts.daily")  # the same day again: nothing twice
    assert len(alert_mails(app)) == 1
    with freeze_time("2026-12-02 00:00:00"):  # the next morning: nothing new, nothing sent
        run_now("alerts.daily")
    assert len(alert_mails(app)) == 1


@freeze_time(NOW)
def test_weekly_waits_for_monday_and_never_sends_nothing(app, seller, listing, post_rfq, db,
                                                         verified_owner, make_listing):
    owner, _ = seller
    other, other_enterprise = verified_owner(email="chu2@example.vn", name="HTX Nhãn Tiên")
    make_listing(other_enterprise)
    choose(db, owner, "weekly")
    choose(db, other, "never")
    # (the outbox names a file by recipient and time: under frozen time a second e-mail to the
    # same member in the same run would replace the first)
    choose(db, owner, "never", kind="summary")
    post_rfq()
    run_now("alerts.daily")
    assert not alert_mails(app)
    with freeze_time("2026-12-07 00:00:00"):  # Monday 07:00
        run_now("alerts.weekly")
    assert [m["To"] for m in rfq_mails(app)] == [owner.email]
    # "never" still sees it on the floor
    assert other.id in set(db.session.scalars(select(Notification.user_id)))


@freeze_time(NOW)
def test_unsubscribe_link_works_without_signing_in_and_sets_never(app, client, seller, listing,
                                                                  post_rfq, db):
    owner, _ = seller
    post_rfq()
    run_now("alerts.daily")
    link = alert_mails(app)[0]["List-Unsubscribe"].strip("<>")
    path = link[link.index("/ngung-nhan-thu/"):]
    page = client.get(path)
    assert page.status_code == 200 and owner.email in page.get_data(as_text=True)
    assert preferences.frequency(owner.id, "rfq") == "daily"  # opening the link is not enough
    done = client.post(path)  # RFC 8058: the mail client's one-click POST, no form token
    assert done.status_code == 200 and "Đã ngừng gửi" in done.get_data(as_text=True)
    assert db.session.get(NotificationPreference, (owner.id, "rfq")).frequency == "never"
    assert preferences.frequency(owner.id, "summary") == "weekly"  # that kind only
    post_rfq(title="Cần mua nhãn sấy")
    with freeze_time("2026-12-02 00:00:00"):
        run_now("alerts.daily")
    assert not rfq_mails(app, "Cần mua nhãn sấy")
    assert client.post("/ngung-nhan-thu/" + path[-20:] + "x").status_code == 400


@freeze_time(NOW)
def test_digest_in_the_members_language(app, seller, listing, post_rfq, db):
    owner, _ = seller
    owner.locale = "en"
    db.session.commit()
    post_rfq()
    run_now("alerts.daily")
    message = alert_mails(app)[0]
    assert "new request" in message["Subject"] and "Stop receiving" in body(message)
