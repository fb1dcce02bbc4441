from sqlalchemy import select

from tests.conftest import post_form
from trading_floor.registry.models import Claim, ClaimDecision


def test_claim_then_officer_approves(client, make_enterprise, make_user, login_as, db):
    enterprise = make_enterprise()
    owner = make_user(email="chu@example.vn")
    login_as(owner)
    response = post_form(client, "/doanh-nghiep/nhan", {"code": enterprise.code,
                                                        "position": "Giám đốc"})
    assert response.status_code == 302
    assert "chờ xác minh" in client.get("/tai-khoan").get_data(as_text=True)
    post_form(client, "/dang-xuat", {}, form_url="/tai-khoan")

    officer = login_as("officer")
    queue = client.get("/so-cong-thuong/xac-minh").get_data(as_text=True)
    assert enterprise.name in queue, queue
    claim = db.session.scalar(select(Claim))
    post_form(client, f"/so-cong-thuong/xac-minh/{claim.id}", {"decision": "approved"},
              form_url="/so-cong-thuong/xac-minh")
    decision = db.session.scalar(select(ClaimDecision))
    assert decision.officer_id == officer.id and decision.decision == "approved"
    db.session.refresh(enterprise)
    assert enterprise.is_verified and enterprise.owner.email == "chu@example.vn"
    post_form(client, "/dang-xuat", {}, form_url="/tai-khoan")
    login_as(owner)
    assert "đã xác minh" in client.get("/tai-khoan").get_data(as_text=True)


def test_claim_of_unknown_code(client, login_as):
    login_as("buyer")
    page = post_form(client, "/doanh-nghiep/nhan", {"code": "0100109106"}).get_data(as_text=True)
    assert "Không tìm thấy mã số 0100109106" in page


def test_claim_of_a_code_with_an_approved_owner_refused(client, make_enterprise, make_user,
                                                       login_as):
    enterprise = make_enterprise()
    from trading_floor.registry.services import decide_claim, submit_claim

    decide_claim(submit_claim(make_user(), enterprise.code), make_user("officer"), "approved")
    login_as("buyer")
    page = post_form(client, "/doanh-nghiep/nhan", {"code": enterprise.code}).get_data(as_text=True)
    assert "đã có người nhận là chủ sở hữu" in page


def test_a_pending_claim_does_not_block_the_real_owner(client, app, make_enterprise, make_user,
                                                      login_as, db):
    """Claim squatting (issue 15): the squatter's claim waits beside the owner's; the officer
    sees both with the registry's e-mail and phone; approving one rejects the other, told why."""
    from tests.conftest import outbox
    from trading_floor.registry.services import submit_claim

    enterprise = make_enterprise()
    squatter = make_user(email="gia-mao@example.vn")
    squat = submit_claim(squatter, enterprise.code, position="Giám đốc")
    owner = make_user(email="lienhe@example.vn")  # the registry's e-mail (make_enterprise)
    login_as(owner)
    response = post_form(client, "/doanh-nghiep/nhan", {"code": enterprise.code,
                                                        "position": "Giám đốc"})
    assert response.status_code == 302
    post_form(client, "/dang-xuat", {}, form_url="/tai-khoan")
    login_as("officer")
    queue = client.get("/so-cong-thuong/xac-minh")
    assert queue.status_code == 200
    page = queue.get_data(as_text=True)
    assert "2 yêu cầu cùng nhận doanh nghiệp này" in page
    assert "gia-mao@example.vn" in page and "lienhe@example.vn" in page
    assert "0221386000" in page and "trùng với sổ" in page
    real = db.session.scalar(select(Claim).where(Claim.user_id == owner.id))
    response = post_form(client, f"/so-cong-thuong/xac-minh/{real.id}",
                         {"decision": "approved", "reason": "Email trùng sổ đăng ký"},
                         form_url="/so-cong-thuong/xac-minh")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Claim, real.id).status == "approved"
    squat = db.session.get(Claim, squat.id)
    assert squat.status == "rejected"
    assert squat.decisions[-1].reason == "Email trùng sổ đăng ký"
    told = [m for m in outbox(app) if m["to"] == "gia-mao@example.vn"]
    assert told and "Email trùng sổ đăng ký" in told[-1]["body"]


def test_reject_needs_a_reason_and_owner_sees_it(client, make_enterprise, make_user, login_as, db):
    enterprise = make_enterprise()
    owner = make_user()
    from trading_floor.registry.services import submit_claim

    claim = submit_claim(owner, enterprise.code)
    login_as("officer")
    page = post_form(client, f"/so-cong-thuong/xac-minh/{claim.id}", {"decision": "rejected"},
                     form_url="/so-cong-thuong/xac-minh", follow_redirects=True)
    assert "Cần ghi lý do" in page.get_data(as_text=True)
    db.session.refresh(claim)
    assert claim.status == "pending"
    post_form(client, f"/so-cong-thuong/xac-minh/{claim.id}",
              {"decision": "rejected", "reason": "Không khớp người đại diện"},
              form_url="/so-cong-thuong/xac-minh")
    post_form(client, "/dang-xuat", {}, form_url="/tai-khoan")
    login_as(owner)
    page = client.get("/tai-khoan").get_data(as_text=True)
    assert "bị từ chối" in page and "Không khớp người đại diện" in page


def test_info_request_and_response(client, make_enterprise, make_user, login_as, db):
    enterprise = make_enterprise()
    owner = make_user()
    from trading_floor.registry.services import submit_claim

    claim = submit_claim(owner, enterprise.code)
    login_as("officer")
    post_form(client, f"/so-cong-thuong/xac-minh/{claim.id}",
              {"decision": "info_requested", "reason": "Gửi ảnh giấy phép"},
              form_url="/so-cong-thuong/xac-minh")
    post_form(client, "/dang-xuat", {}, form_url="/tai-khoan")
    login_as(owner)
    assert "Gửi ảnh giấy phép" in client.get("/tai-khoan").get_data(as_text=True)
    post_form(client, f"/tai-khoan/yeu-cau/{claim.id}/bo-sung", {"evidence": "GP số 123"})
    db.session.refresh(claim)
    assert claim.status == "pending" and "GP số 123" in claim.evidence


def test_buyer_cannot_work_the_queue(client, make_enterprise, make_user, login_as, db):
    enterprise = make_enterprise()
    from trading_floor.registry.services import submit_claim

    claim = submit_claim(make_user(), enterprise.code)
    login_as("buyer")
    assert client.get("/so-cong-thuong/xac-minh").status_code == 403
    response = post_form(client, f"/so-cong-thuong/xac-minh/{claim.id}", {"decision": "approved"},
                         form_url="/tai-khoan")
    assert response.status_code == 403
    db.session.refresh(claim)
    assert claim.status == "pending"
