"""Campaign rules and pages: the group, the template, the throttle, fast-tracking without
automatic verification, expired and damaged links, letters, the funnel export."""

from __future__ import annotations

from datetime import timedelta

from freezegun import freeze_time
from sqlalchemy import select

from tests.conftest import post_form
from tests.outreach.conftest import create_campaign, link_in, raw_outbox, start


def test_preview_filters_the_group_and_bad_filters_say_so(client, login_as, registry):
    login_as("officer")
    page = client.get("/so-cong-thuong/chien-dich/moi?sector=C")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Công ty May Phố Hiến" in text and "Công ty TNHH Sen Hồ" in text
    assert "HTX Nhãn Lồng" not in text  # section A
    bad = client.get("/so-cong-thuong/chien-dich/moi?size=giant&contacted=maybe")
    assert bad.status_code == 200 and "Bộ lọc không hợp lệ." in bad.get_data(as_text=True)


def test_buyers_and_owners_cannot_see_campaigns(client, login_as, registry):
    login_as("buyer")
    assert client.get("/so-cong-thuong/chien-dich").status_code == 403
    assert client.get("/so-cong-thuong/chien-dich/pheu").status_code == 403


def test_a_template_with_an_unknown_field_or_without_the_link_is_refused(app, db, client,
                                                                        login_as, registry):
    from trading_floor.outreach.models import Campaign

    login_as("officer")
    url = "/so-cong-thuong/chien-dich/moi"
    for body, message in (("Xin chào {ten_cong_ty} {lien_ket}", "ten_cong_ty"),
                          ("Xin chào {ten_doanh_nghiep}", "{lien_ket}"),
                          ("Xin chào {lien_ket", "ngoặc nhọn")):
        response = post_form(client, url, {"name": "Thử", "subject": "Mời", "body": body})
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Campaign)) is None


def test_sending_is_throttled_per_minute_and_each_target_once(app, db, client, login_as,
                                                             make_enterprise):
    from trading_floor.outreach import services
    from trading_floor.outreach.models import Campaign, CampaignTarget

    for n in range(5):
        enterprise = make_enterprise(name=f"Công ty Số {n}")
        enterprise.email = f"dn{n}@dn.vn"
    db.session.commit()
    # (frozen later than the real clock: signed cookies and tokens may not come from the future)
    with freeze_time("2027-01-10 03:00:00") as clock:
        login_as("officer")
        post_form(client, "/so-cong-thuong/chien-dich/cai-dat", {"messages_per_minute": "2"})
        path = create_campaign(client, "Chậm mà chắc")
        start(client, path)  # the first minute's share
        assert len(raw_outbox(app)) == 2
        from trading_floor.jobs.models import Job

        # the next share is recorded to run a minute later (tests run it at once: nothing left
        # in this minute's budget, so it sends nothing)
        assert db.session.scalar(select(Job.key).where(
            Job.key == "outreach.send:2027-01-10T03:01")) is not None
        services.send_due()  # the same minute: nothing more
        db.session.commit()
        assert len(raw_outbox(app)) == 2
        for expected in (4, 5, 5):
            clock.tick(timedelta(minutes=1))
            services.send_due()
            db.session.commit()
            assert len(raw_outbox(app)) == expected
    assert sorted(m["To"] for m in raw_outbox(app)) == [f"dn{n}@dn.vn" for n in range(5)]
    campaign = db.session.scalar(select(Campaign))
    assert campaign.status == "sent"
    assert db.session.scalar(select(CampaignTarget).where(
        CampaignTarget.sent_at.is_(None))) is None


def test_fast_track_without_automatic_verification_goes_first_in_the_queue(
        app, db, client, login_as, make_user, registry):
    from trading_floor.registry import services as registry_services

    early = make_user(email="som@dn.vn")
    registry_services.submit_claim(early, registry["silk"].code)  # waiting since before
    officer = login_as("officer")
    path = create_campaign(client, "Không tự xác minh")
    start(client, path)
    mail = next(m for m in raw_outbox(app) if m["To"] == "nhanlong@dn.vn")
    claim_path = link_in(mail.get_content(), "/moi/")
    client.post("/dang-xuat")
    owner = make_user(email="nhanlong@dn.vn")
    login_as(owner)
    response = post_form(client, claim_path, {})
    assert response.status_code == 302
    assert not registry["longan"].is_verified
    queue = registry_services.verification_queue()
    assert [c.user.email for c in queue] == ["nhanlong@dn.vn", "som@dn.vn"]
    assert queue[0].email_confirmed and not queue[1].email_confirmed
    client.post("/dang-xuat")
    login_as(officer)
    page = client.get("/so-cong-thuong/xac-minh")
    assert page.status_code == 200
    assert "e-mail của sổ đăng ký đã xác nhận" in page.get_data(as_text=True)


def test_another_address_claims_normally(app, db, client, login_as, make_user, registry):
    login_as("officer")
    post_form(client, "/so-cong-thuong/chien-dich/cai-dat",
              {"messages_per_minute": "100", "auto_verify": "y"})
    start(client, create_campaign(client, "Địa chỉ khác"))
    mail = next(m for m in raw_outbox(app) if m["To"] == "senho@dn.vn")
    claim_path = link_in(mail.get_content(), "/moi/")
    client.post("/dang-xuat")
    login_as(make_user(email="nguoikhac@gmail.com"))
    assert post_form(client, claim_path, {}).status_code == 302
    from trading_floor.registry.services import verification_queue

    claim = verification_queue()[0]
    assert claim.enterprise.name == "Công ty TNHH Sen Hồ" and not claim.email_confirmed
    assert not registry["lotus"].is_verified


def test_expired_and_damaged_links_answer_a_clear_message(app, db, client, login_as, registry):
    from trading_floor.outreach.models import CampaignTarget

    with freeze_time("2027-01-10 03:00:00"):
        login_as("officer")
        start(client, create_campaign(client, "Cũ"))
    mail = next(m for m in raw_outbox(app) if m["To"] == "senho@dn.vn")
    claim_path = link_in(mail.get_content(), "/moi/")
    with freeze_time("2027-02-10 03:00:00"):
        expired = client.get(claim_path)
    assert expired.status_code == 400 and "hết hạn" in expired.get_data(as_text=True)
    assert db.session.scalar(select(CampaignTarget.opened_at).where(
        CampaignTarget.email == "senho@dn.vn")) is None
    damaged = client.get(claim_path[:-3] + "xyz")
    assert damaged.status_code == 400 and "không hợp lệ" in damaged.get_data(as_text=True)
    assert client.get("/tu-choi-thu/abc").status_code == 400
    assert client.post("/tu-choi-thu/abc").status_code == 400


def test_letters_one_page_each_with_a_qr_code_for_a_commune(app, db, client, login_as,
                                                           registry, make_enterprise):
    make_enterprise(name="Công ty Xã Khác", commune_code=11983)
    login_as("officer")
    path = create_campaign(client, "Thư in")
    everyone = client.get(path + "/thu-in")
    assert everyone.status_code == 200 and everyone.get_data(as_text=True).count("<svg") == 4
    one = client.get(path + "/thu-in?commune=11953&which=no_email")
    text = one.get_data(as_text=True)
    assert one.status_code == 200 and text.count('class="letter"') == 1
    assert "Công ty May Phố Hiến" in text and "/moi/" in text and "<svg" in text
    assert "Số 1 Điện Biên, " in text  # the address with its commune
    assert "dùng một lần, đến hết ngày " in text
    assert client.get(path + "/thu-in?which=nobody").status_code == 200


def test_letters_stay_vietnamese_when_the_officer_reads_english(app, db, client, login_as,
                                                               registry):
    login_as("officer")
    path = create_campaign(client, "Thư in")
    assert client.get("/ngon-ngu/en").status_code == 302
    page = client.get(path + "/thu-in")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="en"' in text
    assert 'class="letter" lang="vi"' in text
    assert "Thư mời tham gia Sàn thương mại điện tử tỉnh Hưng Yên" in text  # the letter
    assert "Invitation to join" not in text


def test_the_funnel_exports_to_xlsx_and_csv(app, db, client, login_as, registry):
    from trading_floor.core.spreadsheet import xlsx_rows

    login_as("officer")
    path = create_campaign(client, "Xuất")
    start(client, path)
    campaign_id = path.rsplit("/", 1)[1]
    csv = client.get(f"/so-cong-thuong/chien-dich/pheu.csv?campaign={campaign_id}&by=sector")
    assert csv.status_code == 200
    lines = csv.get_data().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Ngành,Trong nhóm,Đã gửi thư")
    assert "Tổng,3,2,0" in lines[-2]
    xlsx = client.get("/so-cong-thuong/chien-dich/pheu.xlsx?by=size")
    assert xlsx.status_code == 200
    rows = xlsx_rows(xlsx.get_data())
    assert rows[1][0] == "Quy mô" and ("Tổng", 3, 2) == rows[-2][:3]
    assert client.get("/so-cong-thuong/chien-dich/pheu.pdf").status_code == 404
    page = client.get(f"/so-cong-thuong/chien-dich/pheu?campaign={campaign_id}&by=commune")
    assert page.status_code == 200


def test_campaign_pages_render_and_a_sent_campaign_cannot_be_edited(app, db, client, login_as,
                                                                   registry):
    login_as("officer")
    path = create_campaign(client, "Trang")
    assert client.get("/so-cong-thuong/chien-dich").status_code == 200
    assert client.get(path).status_code == 200
    start(client, path)
    response = post_form(client, path, {"name": "Đổi tên", "subject": "x", "body": "{lien_ket}"},
                         form_url="/so-cong-thuong/chien-dich/moi")
    assert response.status_code == 200 and "không sửa được" in response.get_data(as_text=True)
