"""Officers write announcements in Markdown, preview, publish, edit and take them down."""

from html.parser import HTMLParser

from sqlalchemy import select

from tests.conftest import csrf_token, post_form
from trading_floor.content import services
from trading_floor.content.models import Announcement, ContentRevision
from trading_floor.content.services import Draft

NEW = "/so-cong-thuong/tin-tuc/moi"


class Tags(HTMLParser):
    """The tags and attributes a browser would build from a piece of HTML."""

    def __init__(self):
        super().__init__()
        self.names, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.names.append(tag)
        self.attributes.extend((tag, name, value) for name, value in attrs)


def ok(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_officer_previews_publishes_and_edits_an_announcement(app, client, login_as, db):
    login_as("officer")
    form = {"kind": "event", "title": "Hội chợ nhãn lồng 2027",
            "body": "Gian hàng **miễn phí** cho doanh nghiệp OCOP.",
            "event_starts_on": "28/07/2027", "event_ends_on": "30/07/2027",
            "event_place": "Quảng trường Phố Hiến"}
    preview = post_form(client, NEW, {**form, "action": "preview"})
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "Xem trước (chưa lưu)" in html and "<strong>miễn phí</strong>" in html
    assert "28/07/2027" in html and "30/07/2027" in html
    assert db.session.scalar(select(Announcement)) is None  # a preview saves nothing

    saved = post_form(client, NEW, {**form, "action": "save"})
    assert saved.status_code == 302
    item = db.session.scalar(select(Announcement))
    assert item.status == "draft"
    drafts = ok(client, "/so-cong-thuong/noi-dung?status=draft")
    assert "Hội chợ nhãn lồng 2027" in drafts and "nháp" in drafts
    assert client.get("/tin-tuc").get_data(as_text=True).count("Hội chợ nhãn lồng") == 0

    edit_url = f"/so-cong-thuong/tin-tuc/{item.id}"
    published = post_form(client, edit_url, {**form, "action": "publish"})
    assert published.status_code == 302
    listing = ok(client, "/tin-tuc?loai=event")
    assert "Hội chợ nhãn lồng 2027" in listing
    detail = ok(client, published.headers["Location"])
    assert "Quảng trường Phố Hiến" in detail and "28/07/2027 – 30/07/2027" in detail

    edited = post_form(client, edit_url, {**form, "title": "Hội chợ nhãn lồng Hưng Yên 2027",
                                          "action": "save"})
    assert edited.status_code == 302
    db.session.expire_all()
    item = db.session.get(Announcement, item.id)
    assert item.title == "Hội chợ nhãn lồng Hưng Yên 2027" and item.status == "published"
    revision = db.session.scalar(select(ContentRevision))
    assert revision.title == "Hội chợ nhãn lồng 2027"  # the replaced version is kept
    assert "Hội chợ nhãn lồng 2027" in ok(
        client, f"{edit_url}/phien-ban/{revision.id}")

    taken_down = client.post(f"{edit_url}/trang-thai", data={
        "status": "draft", "csrf_token": csrf_token(client, edit_url)})
    assert taken_down.status_code == 302
    assert "Hội chợ nhãn lồng" not in ok(client, "/tin-tuc")


def test_an_event_needs_its_date_and_place(client, login_as, db):
    login_as("officer")
    response = post_form(client, NEW, {"kind": "event", "title": "Hội nghị kết nối cung cầu",
                                       "body": "Nội dung", "event_starts_on": "31/02/2027",
                                       "action": "publish"})
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in response.get_data(as_text=True)
    response = post_form(client, NEW, {"kind": "event", "title": "Hội nghị kết nối cung cầu",
                                       "body": "Nội dung", "action": "publish"})
    assert "cần ngày bắt đầu và địa điểm" in response.get_data(as_text=True)
    assert db.session.scalar(select(Announcement)) is None


def test_script_and_javascript_links_in_markdown_are_neutralised(client, make_user):
    officer = make_user("officer")
    item = services.create_announcement(officer, Draft(
        title="Thông báo", kind="news",
        body="<script>alert('x')</script>\n\n[bấm vào đây](javascript:alert(1)) "
             "<a href=\"javascript:alert(2)\">liên kết</a> <img src=x onerror=alert(3)>\n\n"
             "[trang Sở](https://sct.example.vn)"), publish=True)
    html = ok(client, f"/tin-tuc/thong-bao-{item.id}")
    article = html[html.index('<article class="prose"'):html.index("</article>")]
    assert "<script" not in article and "&lt;script&gt;" in article
    tags = Tags()
    tags.feed(article)
    assert ("a", "href", "https://sct.example.vn") in tags.attributes
    assert not [a for a in tags.attributes if a[2] and "javascript" in a[2].lower()]
    assert not [a for a in tags.attributes if a[1].startswith("on")]
    assert "script" not in tags.names and "img" not in tags.names


def test_buyer_cannot_edit_and_anonymous_is_sent_to_sign_in(client, login_as, make_user):
    officer = make_user("officer")
    item = services.create_announcement(officer, Draft(title="Nháp", body="x"))
    for url in ("/so-cong-thuong/noi-dung", NEW, f"/so-cong-thuong/tin-tuc/{item.id}",
                "/so-cong-thuong/noi-dung/trang/gioi-thieu"):
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]
    login_as("buyer")
    for url in ("/so-cong-thuong/noi-dung", NEW, f"/so-cong-thuong/tin-tuc/{item.id}",
                "/so-cong-thuong/noi-dung/trang/gioi-thieu"):
        assert client.get(url).status_code == 403
    token = csrf_token(client, "/tai-khoan")
    assert client.post(NEW, data={"title": "x", "body": "y", "kind": "news", "action": "publish",
                                  "csrf_token": token}).status_code == 403
    assert client.post("/so-cong-thuong/noi-dung/trang/gioi-thieu",
                       data={"title": "x", "body": "y", "csrf_token": token}).status_code == 403
    assert client.get(f"/tin-tuc/{item.id}").status_code == 404  # a draft is not public


def test_home_page_shows_the_latest_announcements(client, make_user):
    officer = make_user("officer")
    for n in range(5):
        services.create_announcement(officer, Draft(title=f"Tin số {n}", body="Nội dung"),
                                     publish=True)
    services.create_announcement(officer, Draft(title="Tin nháp chưa đăng", body="x"))
    html = ok(client, "/")
    section = html[html.index("Tin tức từ Sở Công Thương"):]
    assert "Tin số 4" in section and "Tin số 2" in section
    assert "Tin số 1" not in section and "Tin nháp chưa đăng" not in section


def test_announcements_list_pages_and_filters_by_kind(client, make_user):
    officer = make_user("officer")
    for n in range(12):
        services.create_announcement(officer, Draft(title=f"Giá nhãn tuần {n}", body="Giá",
                                                     kind="market"), publish=True)
    services.create_announcement(officer, Draft(title="Tin tức chung", body="x"), publish=True)
    first = ok(client, "/tin-tuc?loai=market")
    assert "Giá nhãn tuần 11" in first and "Tin tức chung" not in first
    assert "Trang 1 / 2" in first
    second = ok(client, "/tin-tuc?loai=market&page=2")
    assert "Giá nhãn tuần 0" in second and "Giá nhãn tuần 11" not in second
    assert ok(client, "/tin-tuc?loai=khong-co&page=abc").count("Tin tức chung") == 1


def test_officer_edits_a_page_with_preview_and_the_old_version_is_kept(client, login_as, db):
    login_as("officer")
    url = "/so-cong-thuong/noi-dung/trang/gioi-thieu"
    preview = post_form(client, url, {"title": "Giới thiệu sàn", "body": "# Xin chào",
                                      "action": "preview"})
    assert "<h2 id=\"xin-chao\">Xin chào</h2>" in preview.get_data(as_text=True)
    assert client.get("/gioi-thieu").get_data(as_text=True).count("Xin chào") == 0
    assert post_form(client, url, {"title": "Giới thiệu sàn", "body": "Bản một",
                                   "action": "save"}).status_code == 302
    assert post_form(client, url, {"title": "Giới thiệu sàn", "body": "Bản hai",
                                   "action": "save"}).status_code == 302
    html = ok(client, "/gioi-thieu")
    assert "Bản hai" in html and "Bản một" not in html
    editor = ok(client, url)
    assert "Các phiên bản trước" in editor
    revision = db.session.scalar(select(ContentRevision))
    assert "Bản một" in ok(client, f"{url}/phien-ban/{revision.id}")
    empty = post_form(client, url, {"title": "", "body": "", "action": "save"})
    assert empty.status_code == 200 and "Hãy nhập tiêu đề" in empty.get_data(as_text=True)
    assert "Bản hai" in ok(client, "/gioi-thieu")


def test_odd_input_is_refused_or_cleaned_never_an_error(client, login_as, db):
    login_as("officer")
    response = post_form(client, NEW, {"kind": "news", "title": "Tin\x00 mới", "body": "Nội\x00 dung",
                                       "action": "publish"})
    assert response.status_code == 302
    assert db.session.scalar(select(Announcement)).title == "Tin mới"
    too_long = post_form(client, NEW, {"kind": "news", "title": "x" * 201, "body": "y",
                                       "action": "publish"})
    assert too_long.status_code == 200
    assert "Tiêu đề dài tối đa 200 ký tự." in too_long.get_data(as_text=True)
    unknown = post_form(client, NEW, {"kind": "quang-cao", "title": "x", "body": "y",
                                      "action": "publish"})
    assert "Loại tin không hợp lệ." in unknown.get_data(as_text=True)
    backwards = post_form(client, NEW, {"kind": "event", "title": "x", "body": "y",
                                        "event_starts_on": "2027-05-02",
                                        "event_ends_on": "01/05/2027", "event_place": "Phố Hiến",
                                        "action": "publish"})
    assert "Ngày kết thúc phải từ ngày bắt đầu trở đi." in backwards.get_data(as_text=True)
    assert len(db.session.scalars(select(Announcement)).all()) == 1
    assert client.get("/tin-tuc?page=" + "9" * 40).status_code == 200
    assert client.get("/so-cong-thuong/noi-dung/trang/khong-co").status_code == 404
    assert client.get("/so-cong-thuong/tin-tuc/999/phien-ban/1").status_code == 404


def test_administrator_edits_too(client, login_as):
    login_as("admin")
    assert "Nội dung của sàn" in ok(client, "/so-cong-thuong/noi-dung")
    response = post_form(client, "/so-cong-thuong/noi-dung/trang/lien-he",
                         {"title": "Liên hệ", "body": "Gọi **0221**", "action": "save"})
    assert response.status_code == 302
    assert "<strong>0221</strong>" in ok(client, "/lien-he")
