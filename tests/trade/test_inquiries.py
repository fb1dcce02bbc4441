"""Inquiries: a buyer asks from a listing, the enterprise's members answer in a thread with unread
counts, the buyer is told by e-mail and on the floor."""

from sqlalchemy import select

from tests.conftest import outbox, post_form
from tests.trade.conftest import logout
from trading_floor.trade.models import Inquiry


def ask(client, listing, message="Cho hỏi giá sỉ 200 kg?", quantity="200"):
    return post_form(client, f"/san-pham/{listing.id}/hoi-hang",
                     {"quantity": quantity, "message": message})


def test_inquiry_thread_unread_counts_and_notifications(client, login_as, listing, seller,
                                                        add_staff, db, app):
    owner, enterprise = seller
    staff = add_staff(enterprise)
    buyer = login_as("buyer")
    response = ask(client, listing)
    inquiry = db.session.scalar(select(Inquiry))
    assert response.status_code == 302
    assert (inquiry.buyer_id, inquiry.enterprise_id, inquiry.quantity) == (buyer.id,
                                                                           enterprise.id, 200)
    assert any(m["to"] == owner.email and "Nhãn lồng" in m["subject"] for m in outbox(app))
    logout(client)

    # the enterprise's members see one unread thread in their inbox and in the header
    login_as(staff)
    inbox = client.get("/hop-thu").get_data(as_text=True)
    assert "Nhãn lồng Hưng Yên loại 1" in inbox and "1 chưa đọc" in inbox
    assert "Tin mới" in inbox
    thread = client.get(f"/hop-thu/{inquiry.id}").get_data(as_text=True)
    assert "Cho hỏi giá sỉ 200 kg?" in thread
    assert "1 chưa đọc" not in client.get("/hop-thu").get_data(as_text=True)
    post_form(client, f"/hop-thu/{inquiry.id}", {"message": "Giá 45.000 đ/kg từ 100 kg."})
    logout(client)

    # the buyer is told by e-mail and on the floor
    mail = [m for m in outbox(app) if m["to"] == buyer.email]
    assert mail and "Giá 45.000 đ/kg từ 100 kg." in mail[-1]["body"]
    login_as(buyer)
    home = client.get("/hop-thu").get_data(as_text=True)
    assert "1 chưa đọc" in home
    notes = client.get("/thong-bao").get_data(as_text=True)
    assert "đã trả lời câu hỏi" in notes and enterprise.name in notes
    thread = client.get(f"/hop-thu/{inquiry.id}").get_data(as_text=True)
    assert "Giá 45.000 đ/kg từ 100 kg." in thread
    assert f"/san-pham/{listing.id}/dat-hang" in thread  # the buyer can go on to order
    post_form(client, f"/hop-thu/{inquiry.id}", {"message": "Đồng ý, tôi sẽ đặt."})
    db.session.refresh(inquiry)
    assert (inquiry.buyer_unread, inquiry.seller_unread) == (0, 1)
    assert len(inquiry.messages) == 3
    logout(client)

    # the owner reads the same thread: both members share the enterprise's counter
    login_as(owner)
    assert "Đồng ý, tôi sẽ đặt." in client.get(f"/hop-thu/{inquiry.id}").get_data(as_text=True)
    db.session.refresh(inquiry)
    assert inquiry.seller_unread == 0


def test_messages_are_escaped(client, login_as, listing, db):
    login_as("buyer")
    ask(client, listing, message="<img src=x onerror=alert(1)> giá?")
    inquiry = db.session.scalar(select(Inquiry))
    page = client.get(f"/hop-thu/{inquiry.id}").get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_empty_message_refused(client, login_as, listing, db):
    login_as("buyer")
    page = ask(client, listing, message="   ").get_data(as_text=True)
    assert "Hãy viết câu hỏi." in page
    assert db.session.scalar(select(Inquiry)) is None


def test_other_users_cannot_read_or_write_a_thread(client, login_as, listing, verified_owner, db):
    login_as("buyer")
    ask(client, listing)
    inquiry = db.session.scalar(select(Inquiry))
    logout(client)
    login_as("buyer")
    assert client.get(f"/hop-thu/{inquiry.id}").status_code == 404
    logout(client)
    other_owner, _ = verified_owner(name="Công ty Khác")
    login_as(other_owner)
    assert client.get(f"/hop-thu/{inquiry.id}").status_code == 404
    assert "Nhãn lồng" not in client.get("/hop-thu").get_data(as_text=True)


def test_inquiry_needs_sign_in(client, listing):
    response = client.get(f"/san-pham/{listing.id}/hoi-hang")
    assert response.status_code == 302 and "/dang-nhap" in response.location
