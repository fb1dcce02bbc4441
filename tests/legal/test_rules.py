"""The operating rules: 5 days' notice, every member told, acceptance at sign-up and again after a
new version takes effect, recorded with version and time."""

from __future__ import annotations

from datetime import date, timedelta

from flask import g
from freezegun import freeze_time
from sqlalchemy import func, select

from tests.conftest import outbox, post_form
from trading_floor.extensions import db
from trading_floor.legal import services
from trading_floor.legal.models import RULES, LegalAcceptance, LegalDocument, LegalNotice
from trading_floor.trade.models import Notification


def _publish_form(client, effective_on: date, title: str = "Quy chế hoạt động"):
    return post_form(client, "/quan-tri/quy-che/moi", {
        "kind": RULES, "title": title, "body": "## Điều 1\n\n[Nội dung do Sở soạn]",
        "effective_on": effective_on.isoformat()})


@freeze_time("2026-11-02 03:00:00")
def test_a_version_taking_effect_sooner_than_5_days_is_refused_with_a_clear_message(
        client, login_as, app):
    login_as("admin")
    response = _publish_form(client, date(2026, 11, 6))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "ít nhất 5 ngày" in page and "07/11/2026" in page
    assert db.session.scalar(select(func.count()).select_from(LegalDocument)) == 0


@freeze_time("2026-11-02 03:00:00")
def test_publishing_tells_every_member_on_the_floor_and_by_mail_and_keeps_the_log(
        client, login_as, make_user, app):
    members = [make_user(), make_user("officer")]
    admin = login_as("admin")
    response = _publish_form(client, date(2026, 11, 7))
    assert response.status_code == 302
    document = db.session.scalar(select(LegalDocument))
    assert (document.version, document.effective_on) == (1, date(2026, 11, 7))
    told = set(db.session.scalars(select(LegalNotice.user_id)))
    assert told == {members[0].id, members[1].id, admin.id}
    notes = db.session.scalars(select(Notification.text).where(
        Notification.user_id == members[0].id)).all()
    assert any("phiên bản 1" in text and "07/11/2026" in text for text in notes)
    mails = [m for m in outbox(app) if m["to"] == members[0].email]
    assert mails and "07/11/2026" in mails[0]["subject"]
    log = client.get(f"/quan-tri/quy-che/{document.id}")
    assert log.status_code == 200 and members[0].email in log.get_data(as_text=True)
    # the job is idempotent: running it again tells nobody twice
    assert services.notify_members(document.id) == 0


def _version(kind: str, version: int, effective_on: date) -> LegalDocument:
    document = LegalDocument(kind=kind, version=version, title=f"Quy chế v{version}",
                             body="[Nội dung]", effective_on=effective_on)
    db.session.add(document)
    db.session.commit()
    return document


def test_sign_up_accepts_the_rules_in_force_with_version_and_time(client, app):
    first = _version(RULES, 1, date(2026, 1, 1))
    page = client.get("/dang-ky").get_data(as_text=True)
    assert "accept_terms" in page and "phiên bản 1" in page
    response = post_form(client, "/dang-ky", {
        "full_name": "Nguyễn Văn Mua", "email": "mua@example.vn", "phone": "",
        "password": "matkhau123", "confirm": "matkhau123", "accept_terms": "y"})
    assert response.status_code == 302
    acceptance = db.session.scalar(select(LegalAcceptance))
    assert acceptance.document_id == first.id and acceptance.accepted_at is not None
    assert client.get("/tai-khoan").status_code == 200  # nothing more to accept


def test_re_acceptance_at_the_first_sign_in_after_a_new_version_takes_effect(
        client, make_user, app):
    with freeze_time("2026-10-01 03:00:00") as frozen:
        first = _version(RULES, 1, date(2026, 1, 1))
        member = make_user(email="thanhvien@example.vn")
        services.accept(member, [first])
        admin = make_user("admin")
        second = services.publish(admin, services.Draft(RULES, "Quy chế sửa đổi", "[Nội dung]",
                                                        date(2026, 10, 6)))
        # during the notice period the version in force is still the first one
        post_form(client, "/dang-nhap", {"email": member.email, "password": "matkhau123"})
        assert client.get("/tai-khoan").status_code == 200
        assert services.current(RULES).id == first.id
        frozen.move_to("2026-10-05 18:00:00")  # 01:00 on 6/10 in Vietnam: version 2 in force
        g.pop("csrf_token", None)  # the signed token cached on the test's app context is old now
        blocked = client.get("/tai-khoan")
        assert blocked.status_code == 302 and "/chap-nhan-quy-che" in blocked.headers["Location"]
        page = client.get(blocked.headers["Location"]).get_data(as_text=True)
        assert "phiên bản 2" in page
        refused = post_form(client, "/chap-nhan-quy-che?next=/tai-khoan", {})
        assert refused.status_code == 200 and "đánh dấu ô đồng ý" in refused.get_data(as_text=True)
        accepted = post_form(client, "/chap-nhan-quy-che?next=/tai-khoan", {"agree": "y"})
        assert accepted.status_code == 302 and accepted.headers["Location"].endswith("/tai-khoan")
        assert client.get("/tai-khoan").status_code == 200
        versions = sorted(db.session.scalars(
            select(LegalDocument.version).join(LegalAcceptance.document)
            .where(LegalAcceptance.user_id == member.id)))
        assert versions == [1, 2]
        at = db.session.scalar(select(LegalAcceptance.accepted_at).where(
            LegalAcceptance.document_id == second.id))
        assert at.isoformat().startswith("2026-10-05T18:00")


def test_footer_links_the_rules_in_force_and_shows_the_operator(client, app):
    _version(RULES, 1, date(2026, 1, 1))
    _version(RULES, 2, date.today() + timedelta(days=30))
    page = client.get("/").get_data(as_text=True)
    assert "/quy-che-hoat-dong" in page and "phiên bản 1" in page
    assert app.config["OPERATOR_NAME"] in page
    rules = client.get("/quy-che-hoat-dong").get_data(as_text=True)
    assert "Phiên bản 2 đã được công bố" in rules
    assert client.get("/quy-che-hoat-dong/phien-ban/9").status_code == 404
    about = client.get("/gioi-thieu").get_data(as_text=True)
    assert app.config["OPERATOR_NAME"] in about


def test_marketing_e_mails_are_off_until_the_member_says_yes(client, login_as):
    member = login_as("buyer")
    assert services.marketing_consent(member) is False
    post_form(client, "/tai-khoan/du-lieu-ca-nhan", {"marketing": "y"})
    assert services.marketing_consent(member) is True
    post_form(client, "/tai-khoan/du-lieu-ca-nhan", {})
    assert services.marketing_consent(member) is False
    assert len(services.consents(member)) == 2
