"""The whole loop: campaign → e-mail → claim link → sign-up → fast-tracked verification →
published listing → the funnel and the participation rate move by exactly one enterprise; the
unsubscribe link stops the next campaign's e-mail."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import post_form
from tests.outreach.conftest import create_campaign, link_in, raw_outbox, start


def _participating(db):
    from trading_floor.monitoring import services
    from trading_floor.monitoring.periods import default_period

    db.session.expire_all()
    return services.period_report(default_period(), group_by=()).total.participating


def _funnel(campaign_id):
    from trading_floor.outreach import funnel

    return dict(zip(funnel.STEPS, funnel.build(campaign_id).total.counts, strict=True))


def test_the_whole_loop(app, db, client, login_as, make_user, registry):
    from trading_floor.catalog import moderation
    from trading_floor.catalog import services as catalog
    from trading_floor.catalog.models import Category, Listing
    from trading_floor.outreach.models import Campaign, CampaignTarget

    officer = login_as("officer")
    response = post_form(client, "/so-cong-thuong/chien-dich/cai-dat",
                         {"messages_per_minute": "100", "auto_verify": "y"})
    assert response.status_code == 302
    participating_before = _participating(db)

    path = create_campaign(client, "Mời doanh nghiệp tháng 12")
    campaign = db.session.scalar(select(Campaign))
    assert path.endswith(f"/so-cong-thuong/chien-dich/{campaign.id}")
    assert campaign.status == "draft" and len(campaign.targets) == 3
    assert raw_outbox(app) == []  # a draft sends nothing
    start(client, path)
    messages = raw_outbox(app)
    assert sorted(m["To"] for m in messages) == ["nhanlong@dn.vn", "senho@dn.vn"]
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).status == "sent"
    invitation = next(m for m in messages if m["To"] == "nhanlong@dn.vn")
    assert "HTX Nhãn Lồng" in invitation["Subject"]
    body = invitation.get_content()
    claim_path = link_in(body, "/moi/")
    assert invitation["List-Unsubscribe"].startswith("<http")
    assert invitation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # starting again sends nothing twice
    start(client, path)
    assert len(raw_outbox(app)) == 2
    assert _funnel(campaign.id) == {"targeted": 3, "sent": 2, "opened": 0, "signed_up": 0,
                                    "claimed": 0, "verified": 0, "submitted": 0,
                                    "published": 0, "accessed": 0}

    # the enterprise: opens its link, signs up with the registry's address, claims
    client.post("/dang-xuat")
    page = client.get(claim_path)
    assert page.status_code == 200 and "HTX Nhãn Lồng" in page.get_data(as_text=True)
    response = post_form(client, "/dang-ky?next=" + claim_path,
                         {"full_name": "Nguyễn Văn Long", "email": "NhanLong@dn.vn",
                          "password": "matkhau123", "confirm": "matkhau123"})
    assert response.status_code == 302 and response.headers["Location"].endswith(claim_path)
    response = post_form(client, claim_path, {"position": "Giám đốc"})
    assert response.status_code == 302
    longan = registry["longan"]
    db.session.expire_all()
    assert longan.is_verified and longan.owner.email == "nhanlong@dn.vn"
    assert raw_outbox(app)[-1]["Subject"] == "Kết quả xác minh doanh nghiệp"
    # single use
    assert "đã được dùng" in post_form(client, claim_path, {}, follow_redirects=True) \
        .get_data(as_text=True)

    # its first listing, submitted and approved
    category = Category(slug="trai-cay", name_vi="Trái cây")
    db.session.add(category)
    db.session.commit()
    owner = longan.owner
    listing = catalog.save_listing(owner, longan, catalog.ListingInput(
        title="Nhãn lồng Hưng Yên", category=str(category.id), unit="kg", price="50000"),
        submit=True)
    assert _participating(db) == participating_before
    moderation.approve(officer, db.session.get(Listing, listing.id))
    assert _participating(db) == participating_before + 1

    # it comes back: a search counts as access
    from trading_floor.monitoring.recording import record_access

    assert record_access(owner, "search")
    assert _funnel(campaign.id) == {"targeted": 3, "sent": 2, "opened": 1, "signed_up": 1,
                                    "claimed": 1, "verified": 1, "submitted": 1,
                                    "published": 1, "accessed": 1}
    assert _funnel(None)["published"] == 1

    # the other enterprise refuses campaign e-mail through its link (no sign-in)
    client.post("/dang-xuat")
    lotus_mail = next(m for m in messages if m["To"] == "senho@dn.vn")
    opt_out_path = link_in(lotus_mail.get_content(), "/tu-choi-thu/")
    assert client.get(opt_out_path).status_code == 200
    assert client.post(opt_out_path).status_code == 200  # RFC 8058 one-click: no form token

    # the next campaign to those contacted before: no e-mail to it
    login_as(officer)
    outreach_list = client.get("/theo-doi/van-dong")
    assert "từ chối nhận thư" in outreach_list.get_data(as_text=True)
    second = create_campaign(client, "Nhắc lại", "?contacted=before")
    start(client, second)
    assert [m["To"] for m in raw_outbox(app)].count("senho@dn.vn") == 1  # nothing new
    second_campaign = db.session.scalars(select(Campaign).order_by(Campaign.id.desc())).first()
    skipped = db.session.scalars(select(CampaignTarget.skipped).where(
        CampaignTarget.campaign_id == second_campaign.id)).all()
    assert skipped == ["opted_out"]
