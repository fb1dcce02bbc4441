"""The demo floor's pages and announcements (one event, one market notice, news, one draft)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from trading_floor.accounts.models import User
from trading_floor.content import demo_text, services
from trading_floor.content.models import ABOUT, CONTACT, EVENT, GUIDE, MARKET, NEWS, Announcement
from trading_floor.content.services import Draft
from trading_floor.extensions import db
from trading_floor.i18n import local_today, utcnow
from trading_floor.registry import demo as registry_demo

PAGES = {
    ABOUT: Draft(title="Giới thiệu sàn giao dịch", body=demo_text.ABOUT_VI,
                 title_en="About the trading floor", body_en=demo_text.ABOUT_EN),
    GUIDE: Draft(title="Hướng dẫn sử dụng", body=demo_text.GUIDE_VI,
                 title_en="User guide", body_en=demo_text.GUIDE_EN),
    CONTACT: Draft(title="Liên hệ Sở Công Thương", body=demo_text.CONTACT_VI,
                   title_en="Contact the Department", body_en=demo_text.CONTACT_EN),
}


def _announcements() -> list[tuple[Draft, int | None]]:
    """(announcement, published how many days ago — None for a draft)."""
    fair = local_today() + timedelta(days=24)
    return [
        (Draft(kind=NEWS, title="Sàn giao dịch thương mại điện tử Hưng Yên đi vào hoạt động",
               body="Sở Công Thương đưa sàn giao dịch vào hoạt động để doanh nghiệp của tỉnh "
                    "giới thiệu sản phẩm và tìm bạn hàng.\n\nDoanh nghiệp tham gia **miễn phí** "
                    "theo [hướng dẫn 4 bước](/huong-dan#doanh-nghiep). Cán bộ Sở hỗ trợ nhận "
                    "doanh nghiệp và đăng sản phẩm tại trụ sở hoặc qua điện thoại.",
               title_en="The Hưng Yên e-commerce trading floor opens",
               body_en="The Department opens the trading floor so that the province's "
                       "enterprises present their products and find partners.\n\nTaking part is "
                       "**free**: see the [4 steps](/huong-dan#doanh-nghiep). Officers help "
                       "with claims and listings at the Department or by phone."), 40),
        (Draft(kind=EVENT, title="Hội chợ nhãn lồng và nông sản Hưng Yên",
               body="Sở Công Thương tổ chức hội chợ giới thiệu nhãn lồng, vải, gà Đông Tảo và "
                    "các sản phẩm OCOP của tỉnh.\n\n- Doanh nghiệp có gian hàng đã xác minh trên "
                    "sàn được **ưu tiên bố trí gian hàng miễn phí**.\n- Đăng ký trước 10 ngày "
                    "qua trang [Liên hệ](/lien-he).\n- Có khu kết nối giao thương với các nhà "
                    "phân phối, siêu thị và doanh nghiệp xuất khẩu.",
               title_en="Hưng Yên longan and farm produce fair",
               body_en="The Department holds a fair of longan, lychee, Đông Tảo chicken and the "
                       "province's OCOP products.\n\n- Enterprises with a verified storefront "
                       "on the floor get **a free booth first**.\n- Register 10 days ahead via "
                       "the [Contact](/lien-he) page.\n- A business-matching area with "
                       "distributors, supermarkets and exporters.",
               event_starts_on=fair, event_ends_on=fair + timedelta(days=3),
               event_place="Quảng trường Nguyễn Văn Linh, phường Phố Hiến"), 6),
        (Draft(kind=MARKET, title="Thông tin thị trường: giá nhãn lồng và vải thiều tuần này",
               body="Giá thu mua tại vườn (tham khảo, tổng hợp từ các hợp tác xã):\n\n"
                    "| Sản phẩm | Giá | So với tuần trước |\n| --- | --- | --- |\n"
                    "| Nhãn lồng loại 1 | 35.000 – 40.000 ₫/kg | tăng nhẹ |\n"
                    "| Nhãn lồng loại 2 | 22.000 – 26.000 ₫/kg | ổn định |\n"
                    "| Vải thiều | 18.000 – 24.000 ₫/kg | giảm |\n\n"
                    "Nhu cầu xuất khẩu nhãn sấy tăng; doanh nghiệp nên cập nhật giá theo số "
                    "lượng và tình trạng hàng trên gian hàng.",
               title_en="Market notice: longan and lychee prices this week",
               body_en="Farm-gate prices (for reference, from the cooperatives):\n\n"
                       "| Product | Price | Against last week |\n| --- | --- | --- |\n"
                       "| Longan, grade 1 | 35,000 – 40,000 ₫/kg | slightly up |\n"
                       "| Longan, grade 2 | 22,000 – 26,000 ₫/kg | steady |\n"
                       "| Lychee | 18,000 – 24,000 ₫/kg | down |\n\n"
                       "Export demand for dried longan is rising; enterprises should keep their "
                       "volume prices and availability up to date."), 2),
        (Draft(kind=NEWS, title="Hỗ trợ miễn phí chụp ảnh và đăng sản phẩm cho doanh nghiệp",
               body="Trung tâm Khuyến công và Xúc tiến thương mại hỗ trợ doanh nghiệp chụp ảnh "
                    "sản phẩm, soạn mô tả và nhập danh sách sản phẩm từ tệp Excel.\n\nLiên hệ "
                    "theo thông tin tại trang [Liên hệ](/lien-he).",
               title_en="Free help with product photos and listings",
               body_en="The Industry and Trade Promotion Centre helps enterprises photograph "
                       "their products, write descriptions and import product lists from "
                       "Excel.\n\nSee the [Contact](/lien-he) page."), 12),
        (Draft(kind=EVENT, title="Kế hoạch tham gia Hội chợ Thương mại quốc tế (bản nháp)",
               body="Dự kiến đưa 20 doanh nghiệp OCOP của tỉnh tham gia hội chợ. Cần xác nhận "
                    "kinh phí và danh sách trước khi đăng.",
               title_en="Plan for the International Trade Fair (draft)",
               body_en="Some 20 OCOP enterprises of the province are to take part. Budget and "
                       "list to be confirmed before publishing.",
               event_starts_on=local_today() + timedelta(days=90),
               event_place="Trung tâm Triển lãm, Hà Nội"), None),
    ]


def build_content_demo(echo: Callable[[str], None] = print, scale: float = 1.0) -> None:
    """The three pages and five announcements, written by the demo officer."""
    officer = db.session.scalar(select(User).where(User.email == registry_demo.OFFICER_EMAIL))
    if officer is None or db.session.scalar(select(Announcement.id).limit(1)):
        return
    for slug, draft in PAGES.items():
        services.save_page(slug, officer, draft)
    for draft, days_ago in _announcements():
        item = services.create_announcement(officer, draft, publish=days_ago is not None)
        if days_ago is not None:
            item.published_at = item.created_at = item.updated_at = (
                utcnow() - timedelta(days=days_ago))
    db.session.commit()
    echo("  3 trang giới thiệu, hướng dẫn, liên hệ và 5 tin tức (1 bản nháp).")
