"""A member's data: the download, and the deletion that keeps orders, complaints and rules
acceptances (personal fields replaced) and removes the rest; the officers' request log."""

import io
import json
import zipfile
from datetime import date, timedelta

from sqlalchemy import func, select

from tests.conftest import post_form
from trading_floor.accounts.models import User
from trading_floor.alerts import preferences as alert_preferences
from trading_floor.alerts import saved_searches
from trading_floor.alerts.models import NotificationPreference, SavedSearch
from trading_floor.complaints import services as complaints
from trading_floor.complaints.models import Complaint
from trading_floor.extensions import db as _db
from trading_floor.i18n import utcnow
from trading_floor.legal import services as legal
from trading_floor.legal.models import RULES, ConsentRecord, LegalAcceptance, LegalDocument
from trading_floor.privacy import services
from trading_floor.privacy.models import PersonalDataRequest
from trading_floor.trade import inquiries
from trading_floor.trade import services as trade
from trading_floor.trade.models import Inquiry, Notification, Order


def _member_with_history(listing, make_user):
    rules = LegalDocument(kind=RULES, version=1, title="Quy chế", body="[…]",
                          effective_on=date(2026, 1, 1))
    _db.session.add(rules)
    _db.session.commit()
    member = make_user(email="mua@example.vn")
    legal.accept(member, [rules])
    legal.set_marketing_consent(member, True)
    order = trade.create_order_from_listing(member, listing, 20, "Số 5 Phố Hiến, Hưng Yên",
                                            "Gọi 0912 345 678 trước khi giao")
    inquiries.send_inquiry(member, listing, None, "Còn hàng không?")
    complaint = complaints.file_complaint(member, complaints.subject_for(
        member, order_ref=order.reference), "Giao chậm", "Chưa nhận hàng.")
    _db.session.add(Notification(user_id=member.id, text="Xin chào"))
    _db.session.commit()
    saved_searches.save_search(member, {"q": "nhãn lồng sấy"})
    alert_preferences.set_frequency(member, "saved_search", "weekly")
    return member, order, complaint


def test_a_member_downloads_their_data(client, login_as, listing, make_user, db):
    member, order, _complaint = _member_with_history(listing, make_user)
    login_as(member)
    response = post_form(client, "/tai-khoan/du-lieu-ca-nhan/tai-ve", {},
                         form_url="/tai-khoan/du-lieu-ca-nhan")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("du-lieu.json"))
    assert data["account"]["email"] == "mua@example.vn"
    assert data["orders"][0]["reference"] == order.reference
    assert data["complaints"][0]["title"] == "Giao chậm"
    assert data["rules_acceptances"][0]["version"] == 1
    assert data["saved_searches"][0]["query"] == "nhãn lồng sấy"
    assert data["email_frequencies"]["saved_search"] == "weekly"
    assert db.session.scalar(select(PersonalDataRequest.kind)) == "export"


def test_deletion_keeps_what_must_be_kept_with_personal_fields_replaced(
        client, login_as, listing, make_user, db):
    member, order, complaint = _member_with_history(listing, make_user)
    member_id = member.id
    login_as(member)
    refused = post_form(client, "/tai-khoan/xoa-tai-khoan", {"password": "sai-mat-khau"},
                        form_url="/tai-khoan/du-lieu-ca-nhan")
    assert refused.status_code == 302
    assert db.session.get(User, member_id).email == "mua@example.vn"  # nothing changed
    response = post_form(client, "/tai-khoan/xoa-tai-khoan", {"password": "matkhau123"},
                         form_url="/tai-khoan/du-lieu-ca-nhan")
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, member_id)
    assert user.email != "mua@example.vn" and user.full_name == services.DELETED_NAME
    assert user.phone is None and not user.is_active_account
    # kept: the order (its lines), the complaint, the acceptance of the rules
    kept = db.session.get(Order, order.id)
    assert kept.buyer_id == member_id and kept.total_vnd == 1_000_000 and kept.lines
    assert "Phố Hiến" not in kept.delivery_address and "0912" not in kept.note
    assert db.session.get(Complaint, complaint.id).complainant_id == member_id
    assert db.session.scalar(select(func.count()).select_from(LegalAcceptance).where(
        LegalAcceptance.user_id == member_id)) == 1
    # removed: notifications, the inquiry thread, consents, saved searches and e-mail choices
    for model, column in ((Notification, Notification.user_id), (Inquiry, Inquiry.buyer_id),
                          (ConsentRecord, ConsentRecord.user_id),
                          (SavedSearch, SavedSearch.user_id),
                          (NotificationPreference, NotificationPreference.user_id)):
        assert db.session.scalar(select(func.count()).select_from(model).where(
            column == member_id)) == 0, model
    # nobody can sign in with the old address any more; the officer sees the request
    assert post_form(client, "/dang-nhap", {"email": "mua@example.vn",
                                            "password": "matkhau123"}).status_code == 200
    officer = login_as("officer")
    legal.accept(officer, legal.awaiting_acceptance(officer))
    log = client.get("/so-cong-thuong/yeu-cau-du-lieu-ca-nhan")
    assert log.status_code == 200 and f"#{member_id}" in log.get_data(as_text=True)


def test_an_owner_hands_the_storefront_over_before_deleting(client, login_as, seller, db):
    owner = seller[0]
    login_as(owner)
    post_form(client, "/tai-khoan/xoa-tai-khoan", {"password": "matkhau123"},
              form_url="/tai-khoan/du-lieu-ca-nhan")
    assert db.session.get(User, owner.id).is_active_account


def test_the_retention_job_deletes_old_read_notifications(app, make_user, db):
    member = make_user()
    old = utcnow() - timedelta(days=400)
    db.session.add_all([Notification(user_id=member.id, text="cũ, đã đọc", created_at=old,
                                     read_at=old),
                        Notification(user_id=member.id, text="cũ, chưa đọc", created_at=old),
                        Notification(user_id=member.id, text="mới, đã đọc", read_at=utcnow())])
    db.session.commit()
    assert services.purge_read_notifications() == 1
    assert sorted(db.session.scalars(select(Notification.text))) == ["cũ, chưa đọc",
                                                                     "mới, đã đọc"]
