"""The demand report: every listing search recorded through the `searched` signal; searches that
found little, by week and by guessed category, distinct searchers; the campaign button."""

from __future__ import annotations

from datetime import datetime

from freezegun import freeze_time
from sqlalchemy import func, select


def _categories(db):
    from trading_floor.catalog.models import Category

    fruit = Category(slug="trai-cay", name_vi="Trái cây", name_en="Fruit")
    db.session.add(fruit)
    db.session.flush()
    longan = Category(slug="nhan", name_vi="Nhãn lồng", name_en="Longan", parent_id=fruit.id)
    poultry = Category(slug="gia-cam", name_vi="Gà Đông Tảo", name_en="Dong Tao chicken")
    db.session.add_all([longan, poultry])
    db.session.commit()
    return fruit, longan, poultry


def test_the_search_page_records_each_search_once(app, db, client, login_as):
    from trading_floor.outreach.models import SearchRecord

    user = login_as("buyer")
    assert client.get("/tim-kiem?q=nhãn+sấy").status_code == 200
    assert client.get("/tim-kiem?q=nhãn+sấy&page=2").status_code == 200  # same search: not again
    assert client.get("/tim-kiem").status_code == 200  # nothing asked: not recorded
    rows = db.session.scalars(select(SearchRecord)).all()
    assert [(r.query, r.searcher, r.total) for r in rows] == [("nhãn sấy", f"u{user.id}", 0)]


def test_a_failing_recorder_never_breaks_the_search(app, db, client, monkeypatch):
    from trading_floor.outreach import demand

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(demand, "record_search", broken)
    assert client.get("/tim-kiem?q=nhãn").status_code == 200


def test_few_results_by_week_and_guessed_category_with_distinct_searchers(app, db, make_user):
    from trading_floor.outreach import demand

    fruit, longan, poultry = _categories(db)
    alice, bob = make_user(), make_user()
    with freeze_time(datetime(2027, 3, 2, 3)):  # Tuesday, week of 01/03/2027
        demand.record_search(alice, "nhãn lồng sấy khô", None, 0)
        demand.record_search(bob, "Nhan long say kho", None, 1)
        demand.record_search(alice, "nhãn lồng sấy khô", None, 0)
        demand.record_search(bob, "gà đông tảo", None, 12)  # found plenty
    with freeze_time(datetime(2027, 3, 9, 3)):
        demand.record_search(None, "", "gia-cam", 2)  # the category filter alone
        demand.record_search(bob, "máy cày", None, 0)  # no category guessed
        report = demand.report(weeks=4)
    assert report.total_searches == 6
    weeks = {line.label: (line.searches, line.zero, line.distinct) for line in report.few_by_week}
    assert weeks == {"01/03/2027": (3, 2, 2), "08/03/2027": (2, 1, 2)}
    categories = {line.label: (line.searches, line.distinct) for line in report.few_by_category}
    assert categories == {"Nhãn lồng": (3, 2), "Gà Đông Tảo": (1, 1), "": (1, 1)}
    top = report.top_few[0]
    # the same words with or without their marks are one search
    assert (top.label, top.searches, top.distinct) == ("nhãn lồng sấy khô", 3, 2)
    assert demand.guess_category("sấy nhãn") == longan
    assert demand.guess_category("xyz") is None


def test_the_report_page_exports_and_invites_the_sector(app, db, client, login_as, make_user,
                                                       verified_owner, make_enterprise):
    from trading_floor.catalog.models import Listing
    from trading_floor.core.spreadsheet import xlsx_rows
    from trading_floor.outreach import demand

    fruit, longan, poultry = _categories(db)
    owner, seller = verified_owner(vsic_code="0121")
    db.session.add(Listing(enterprise_id=seller.id, sku="N1", title="Nhãn lồng", unit="kg",
                           category_id=longan.id, status="published", view_count=7))
    db.session.commit()
    prospect = make_enterprise(name="HTX Trồng Nhãn Tiên Lữ", vsic_code="0121")
    make_enterprise(name="Công ty Cơ Khí", vsic_code="2511")
    demand.record_search(make_user(), "nhãn lồng", None, 1)
    login_as("officer")
    page = client.get("/so-cong-thuong/nhu-cau?weeks=4")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Nhãn lồng" in text and "Mời ngành này" in text
    assert client.get("/so-cong-thuong/nhu-cau?weeks=999").status_code == 200
    csv = client.get("/so-cong-thuong/nhu-cau.csv").get_data().decode("utf-8-sig").splitlines()
    assert csv[1] == "nhãn lồng,Nhãn lồng,1,1,0"
    assert xlsx_rows(client.get("/so-cong-thuong/nhu-cau.xlsx").get_data())[2][0] == "nhãn lồng"
    invite = client.get(f"/so-cong-thuong/nhu-cau/nhom/{longan.id}")
    assert invite.status_code == 302 and "vsic=0121" in invite.headers["Location"]
    preview = client.get(invite.headers["Location"])
    text = preview.get_data(as_text=True)
    assert preview.status_code == 200 and prospect.name in text and "Công ty Cơ Khí" not in text
    assert client.get(f"/so-cong-thuong/nhu-cau/nhom/{poultry.id}").status_code == 302
    from trading_floor.outreach.models import SearchRecord

    assert db.session.scalar(select(func.count()).select_from(SearchRecord)) == 1


def test_the_demo_campaign_has_a_funnel_and_a_draft(app, db, make_user, make_enterprise):
    from trading_floor.outreach import demand, funnel
    from trading_floor.outreach.demo import OFFICER_EMAIL, build_outreach_demo
    from trading_floor.outreach.models import Campaign

    make_user("officer", email=OFFICER_EMAIL)
    for n in range(40):
        enterprise = make_enterprise(name=f"Công ty Mẫu {n}", vsic_code="4632")
        enterprise.email = f"mau{n}@dn.vn" if n % 5 else ""
    db.session.commit()
    counts = build_outreach_demo(echo=lambda _text: None, scale=0.1, password_hash="x")
    assert counts["targets"] == 40 and counts["sent"] == 32
    sent, draft = db.session.scalars(select(Campaign).order_by(Campaign.id)).all()
    assert sent.status == "sent" and draft.status == "draft"
    steps = dict(zip(funnel.STEPS, funnel.build(sent.id).total.counts, strict=True))
    assert steps["targeted"] == 40 and steps["sent"] == 32
    assert steps["opened"] >= steps["claimed"] == counts["claimed"] > 0
    assert demand.report(weeks=8).few_by_category
