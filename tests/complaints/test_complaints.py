"""Complaints: filed by a member, answered by the enterprise on the floor, mediated by an officer
after the answer time or on request, closed with an outcome; the register and its export."""

from flask import g
from freezegun import freeze_time
from sqlalchemy import select

from tests.conftest import post_form
from tests.trade.conftest import logout
from trading_floor.complaints import services
from trading_floor.complaints.models import ANSWERED, MEDIATION, REFERRED, Complaint
from trading_floor.core.spreadsheet import xlsx_rows
from trading_floor.trade import services as trade


def _order(db, buyer, listing):
    return trade.create_order_from_listing(buyer, listing, 20, "Phố Hiến")


def test_a_buyer_complains_about_an_order_and_sees_the_sellers_legal_details(
        client, login_as, listing, seller, db):
    buyer = login_as("buyer")
    order = _order(db, buyer, listing)
    form = client.get(f"/khieu-nai/moi?don={order.reference}")
    assert form.status_code == 200
    response = post_form(client, f"/khieu-nai/moi?don={order.reference}",
                         {"title": "Giao thiếu hàng", "description": "Thiếu 5 kg."})
    assert response.status_code == 302
    complaint = db.session.scalar(select(Complaint))
    assert (complaint.order_id, complaint.enterprise_id, complaint.status) == (
        order.id, seller[1].id, "open")
    page = client.get(f"/khieu-nai/{complaint.id}").get_data(as_text=True)
    assert seller[1].code in page and seller[1].address in page and "Gửi khiếu nại" in page


def test_an_order_the_member_cannot_see_is_refused(client, login_as, listing, db, make_user):
    other = make_user()
    order = _order(db, other, listing)
    login_as("buyer")
    response = client.get(f"/khieu-nai/moi?don={order.reference}")
    assert response.status_code == 302
    assert db.session.scalar(select(Complaint)) is None


def test_the_enterprise_answers_then_an_officer_mediates_on_request_and_refers(
        client, login_as, listing, seller, db, make_user):
    buyer = make_user()
    subject = services.subject_for(buyer, listing_id=listing.id)
    complaint = services.file_complaint(buyer, subject, "Hàng không đúng mô tả", "Nhãn nhỏ.")
    officer = make_user("officer")
    assert "mediation" not in services.allowed_actions(officer, complaint)  # not yet
    login_as(seller[0])
    post_form(client, f"/khieu-nai/{complaint.id}/thao-tac",
              {"action": "message", "text": "Chúng tôi sẽ đổi hàng."},
              form_url=f"/khieu-nai/{complaint.id}")
    db.session.refresh(complaint)
    assert complaint.status == ANSWERED
    services.act(buyer, complaint, "mediation_asked", "Chưa đổi.")
    services.act(officer, complaint, "mediation", "Mời hai bên làm việc.")
    assert complaint.status == MEDIATION
    services.act(officer, complaint, REFERRED, "Chuyển Chi cục Quản lý thị trường.")
    assert complaint.status == REFERRED and complaint.closed_at is not None
    steps = [(s.action, s.side, s.actor_id) for s in complaint.steps]
    assert steps == [("filed", "complainant", buyer.id), ("answered", "enterprise", seller[0].id),
                     ("mediation_asked", "complainant", buyer.id),
                     ("mediation", "officer", officer.id), (REFERRED, "officer", officer.id)]
    assert all(s.created_at for s in complaint.steps)


def test_the_register_shows_ages_and_overdue_cases_and_exports(client, login_as, listing, seller,
                                                               db, make_user):
    buyer = make_user()
    with freeze_time("2026-10-01 03:00:00") as frozen:
        subject = services.subject_for(buyer, enterprise_code=seller[1].code)
        late = services.file_complaint(buyer, subject, "Không trả lời", "Gọi không được.")
        frozen.move_to("2026-10-07 03:00:00")  # past the 5 days' answer time
        g.pop("csrf_token", None)
        services.file_complaint(buyer, subject, "Mới gửi", "Vừa gửi.")
        login_as("officer")
        page = client.get("/so-cong-thuong/khieu-nai?qua-han=1").get_data(as_text=True)
        assert late.reference in page and "KN000002" not in page
        rows = services.register()
        assert [(r.complaint.id, r.age_days, r.overdue) for r in rows] == [
            (2, 0, False), (late.id, 6, True)]
        export = client.get("/so-cong-thuong/khieu-nai/xuat.xlsx")
        assert export.status_code == 200
        sheet = xlsx_rows(export.data)
        assert any(row[0] == late.reference and row[7] == 6 for row in sheet)
        csv = client.get("/so-cong-thuong/khieu-nai/xuat.csv")
        assert csv.status_code == 200 and late.reference in csv.get_data(as_text=True)
        assert "mediation" in services.allowed_actions(
            _officer(db), late)
    logout(client)


def _officer(db):
    from trading_floor.accounts.models import User

    return db.session.scalar(select(User).where(User.role == "officer"))


def test_the_demo_has_a_complaint_in_mediation(app, db, listing, seller, make_user):
    from trading_floor.complaints.demo import build_complaints_demo
    from trading_floor.registry import demo as registry_demo

    make_user(email=registry_demo.BUYER_EMAIL)
    make_user("officer", email=registry_demo.OFFICER_EMAIL)
    build_complaints_demo(echo=lambda line: None)
    complaint = db.session.scalar(select(Complaint))
    assert complaint.status == MEDIATION and len(complaint.steps) == 4
