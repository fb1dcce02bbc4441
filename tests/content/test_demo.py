"""The demo floor comes with its pages and announcements."""

from sqlalchemy import select

from trading_floor.content.demo import build_content_demo
from trading_floor.content.models import Announcement, SitePage
from trading_floor.registry import demo as registry_demo


def test_demo_fills_the_pages_and_posts_announcements(app, client, db, make_user):
    make_user("officer", email=registry_demo.OFFICER_EMAIL)
    build_content_demo(echo=lambda line: None)
    assert {p.slug for p in db.session.scalars(select(SitePage))} == {
        "gioi-thieu", "huong-dan", "lien-he"}
    items = db.session.scalars(select(Announcement)).all()
    assert sorted(a.kind for a in items if a.status == "published") == [
        "event", "market", "news", "news"]
    assert [a.status for a in items].count("draft") == 1
    event = next(a for a in items if a.kind == "event" and a.status == "published")
    assert event.event_starts_on and event.event_place

    guide = client.get("/huong-dan")
    assert guide.status_code == 200
    html = guide.get_data(as_text=True)
    assert 'id="doanh-nghiep"' in html and 'id="nguoi-mua"' in html and 'id="can-bo"' in html
    for image in ("dang-ky", "nhan-doanh-nghiep", "tim-kiem", "xac-minh", "soan-tin"):
        assert f'src="/static/guides/{image}.png"' in html
        with client.get(f"/static/guides/{image}.png") as picture:
            assert picture.status_code == 200 and len(picture.data) <= 150_000
    home = client.get("/").get_data(as_text=True)
    assert "Hội chợ nhãn lồng và nông sản Hưng Yên" in home
    assert "bản nháp" not in home

    build_content_demo(echo=lambda line: None)  # a second run adds nothing
    assert len(db.session.scalars(select(Announcement)).all()) == 5
