"""Schedules, retries with backoff, the failed list and its retry button, on /quan-tri/tac-vu.

Jobs run here through huey's own dequeue/execute (what a consumer thread does), in-process."""

from __future__ import annotations

from datetime import timedelta

from freezegun import freeze_time
from sqlalchemy import select

from tests.conftest import post_form
from tests.jobs.smtp_sink import free_port
from trading_floor.jobs import outbox
from trading_floor.jobs.models import DONE, FAILED, PENDING, Job


def _run_queued(app) -> int:
    """Runs every message waiting in the queue, as a consumer's worker would; returns how many."""
    huey = app.extensions["jobs"].huey
    count = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        count += 1
    return count


def test_smtp_down_retries_with_backoff_then_the_job_is_failed_and_retried_by_hand(
        app, db, sink, client, login_as):
    from trading_floor import jobs

    app.config.update(MAIL_PORT=free_port(), JOBS_MAX_ATTEMPTS=3)  # nothing listens: SMTP down
    jobs.send_mail_later("khach@example.vn", "Thư", "nội dung")
    db.session.commit()
    [job] = db.session.scalars(select(Job))
    huey = app.extensions["jobs"].huey
    assert _run_queued(app) == 1
    db.session.refresh(job)
    assert (job.status, job.attempts) == (PENDING, 1) and "Connection refused" in job.last_error
    assert huey.scheduled_count() == 1  # huey holds the retry for its delay
    assert outbox.execute(job.id) == 30  # the second attempt waits 30 s for the third
    assert outbox.execute(job.id) is None  # third and last attempt: failed, listed
    db.session.refresh(job)
    assert job.status == FAILED and job.attempts == 3

    login_as("admin")
    page = client.get("/quan-tri/tac-vu")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Gửi e-mail" in text and "Connection refused" in text and "Chạy lại" in text

    app.config.update(MAIL_PORT=sink.port)  # SMTP is back
    response = post_form(client, f"/quan-tri/tac-vu/{job.id}/chay-lai", {},
                         form_url="/quan-tri/tac-vu")
    assert response.status_code == 302
    assert "Không có tác vụ lỗi." in client.get("/quan-tri/tac-vu").get_data(as_text=True)
    db.session.refresh(job)
    assert job.status == PENDING and job.attempts == 0
    assert _run_queued(app) == 1  # the button handed it over

    db.session.refresh(job)
    assert job.status == DONE and [m["to"] for m in sink.messages] == ["khach@example.vn"]


def test_a_schedule_fires_once_per_minute_and_its_run_is_listed(app, db, client, login_as,
                                                                make_user):
    from trading_floor.catalog.models import Category
    from trading_floor.i18n import utcnow
    from trading_floor.trade.models import RFQ_CLOSED, RFQ_OPEN, Rfq

    category = Category(slug="nhan", name_vi="Nhãn")
    db.session.add(category)
    db.session.commit()
    buyer = make_user()
    rfq = Rfq(buyer_id=buyer.id, title="Nhãn", category_id=category.id, quantity=1, unit="kg",
              delivery_place="Phố Hiến", deadline=utcnow() - timedelta(hours=1), status=RFQ_OPEN)
    db.session.add(rfq)
    db.session.commit()
    with freeze_time(utcnow().replace(second=1)):
        assert outbox.start_scheduled_run("trade.close_expired") is not None
    with freeze_time(utcnow().replace(second=59)):  # a second consumer's tick, same minute
        assert outbox.start_scheduled_run("trade.close_expired") is None
    _run_queued(app)
    db.session.refresh(rfq)
    assert rfq.status == RFQ_CLOSED

    login_as("admin")
    page = client.get("/quan-tri/tac-vu?lang=en")
    assert page.status_code == 200
    text = client.get("/quan-tri/tac-vu").get_data(as_text=True)
    for label in ("Đóng yêu cầu chào mua quá hạn", "Xoá bản ghi truy cập quá thời hạn lưu",
                  "Kiểm tra độ lệch chỉ mục tìm kiếm", "Cập nhật số liệu tổng hợp tỷ lệ"):
        assert label in text
    assert "thành công" in text  # the close run's outcome
    assert "chưa chạy" in text  # the others


def test_run_now_button_and_only_admins_see_the_page(app, db, client, login_as):
    login_as("officer")
    assert client.get("/quan-tri/tac-vu").status_code == 403
    client.get("/dang-xuat")
    login_as("admin")
    response = post_form(client, "/quan-tri/tac-vu/lich/search.check/chay-ngay", {},
                         form_url="/quan-tri/tac-vu")
    assert response.status_code == 302
    [job] = db.session.scalars(select(Job).where(Job.task == "search.check"))
    assert job.status == PENDING
    assert post_form(client, "/quan-tri/tac-vu/lich/khong-co/chay-ngay", {},
                     form_url="/quan-tri/tac-vu").status_code == 404


def test_removing_a_listing_that_was_never_indexed_writes_no_generation(app):
    from pathlib import Path

    from trading_floor.search import get_backend

    backend = get_backend()
    backend.clear()
    index_dir = Path(app.config["SEARCH_INDEX_DIR"])

    def files():
        return sorted(str(p.relative_to(index_dir)) for p in index_dir.rglob("*") if p.is_file())

    before = files()
    backend.remove([123456, 654321])
    assert files() == before
