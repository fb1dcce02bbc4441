"""The pages a first-time visitor reads: home page steps, Giới thiệu, Hướng dẫn, Liên hệ, favicon."""

import re

import pytest

from trading_floor.content import services
from trading_floor.content.models import ABOUT, GUIDE
from trading_floor.content.services import Draft


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.mark.parametrize("url, heading", [
    ("/gioi-thieu", "Giới thiệu"), ("/huong-dan", "Hướng dẫn sử dụng"), ("/lien-he", "Liên hệ Sở Công Thương"),
    ("/tin-tuc", "Tin tức và thông báo"),
])
def test_pages_render_for_anonymous_visitors(client, url, heading):
    html = page_text(client, url)
    assert f">{heading}</h1>" in html
    assert 'lang="vi"' in html


def test_footer_of_the_home_page_links_the_pages(client):
    html = page_text(client, "/")
    footer = html[html.index('<footer class="site-footer">'):]
    for href in ("/gioi-thieu", "/huong-dan", "/tin-tuc", "/lien-he", "/quyen-rieng-tu"):
        assert f'href="{href}"' in footer


def test_home_page_shows_the_steps_with_links_to_their_pages(client):
    html = page_text(client, "/")
    steps = html[html.index('id="join-heading"'):]
    for label, href in (("Đăng ký tài khoản", "/dang-ky"),
                        ("Nhận doanh nghiệp bằng mã số thuế", "/doanh-nghiep/nhan"),
                        ("Sở Công Thương xác minh", "/tai-khoan"),
                        ("Đăng sản phẩm", "/gian-hang/")):
        assert f'<a href="{href}">{label}</a>' in steps
    assert "Miễn phí" in steps
    assert "Người mua: tìm và hỏi hàng" in steps
    assert 'href="/chao-mua/moi"' in steps


def test_home_page_in_english(client):
    client.get("/ngon-ngu/en")
    html = page_text(client, "/")
    assert "Join the floor in 4 steps" in html
    assert "Doanh nghiệp tham gia sàn" not in html


def test_contact_page_shows_the_departments_contacts_from_settings(app, client):
    app.config.update(DEPARTMENT_PHONE="0221 3 999 888", DEPARTMENT_EMAIL="sct@example.vn",
                      DEPARTMENT_WEBSITE="https://sct.example.vn")
    html = page_text(client, "/lien-he")
    assert "Sở Công Thương tỉnh Hưng Yên" in html
    assert 'href="tel:02213999888">0221 3 999 888</a>' in html
    assert 'href="mailto:sct@example.vn"' in html
    assert 'href="https://sct.example.vn"' in html
    client.get("/ngon-ngu/en")
    assert "Hưng Yên Department of Industry and Trade" in page_text(client, "/lien-he")


def test_page_written_by_an_officer_is_shown_in_markdown(client, make_user):
    officer = make_user("officer")
    services.save_page(ABOUT, officer, Draft(title="Về sàn", body="## Mục tiêu\n\n**50%** doanh nghiệp"))
    html = page_text(client, "/gioi-thieu")
    assert "<h1 lang=\"vi\">Về sàn</h1>" in html
    assert "<h2 id=\"muc-tieu\">Mục tiêu</h2>" in html and "<strong>50%</strong>" in html


def test_english_reader_gets_the_english_version_when_written(client, make_user):
    officer = make_user("officer")
    services.save_page(GUIDE, officer, Draft(title="Hướng dẫn", body="Bước một",
                                             title_en="Guide", body_en="Step one"))
    client.get("/ngon-ngu/en")
    html = page_text(client, "/huong-dan")
    assert '<h1 lang="en">Guide</h1>' in html and "Step one" in html and "Bước một" not in html


def test_favicon_is_served_by_the_floor(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    with client.get("/static/favicon.svg") as svg:
        assert svg.status_code == 200 and b"<svg" in svg.data
    assert re.search(r'<link rel="icon" href="/static/favicon.svg"', page_text(client, "/"))
