"""The floor's navigation: each link shows once its part of the floor is registered."""

from flask import current_app
from flask_babel import lazy_gettext as _l

MAIN = [
    ("catalog.categories", _l("Danh mục")),
    ("search.directory", _l("Doanh nghiệp")),
    ("trade.rfq_board", _l("Chào mua")),
]
MEMBER = [
    ("seller.workspace", _l("Gian hàng của tôi")),
    ("trade.inbox", _l("Hộp thư")),
    ("trade.orders", _l("Đơn hàng")),
]
OFFICER = [
    ("registry.queue", _l("Xác minh")),
    ("registry.registry", _l("Sổ đăng ký")),
    ("moderation.queue", _l("Kiểm duyệt")),
    ("monitoring.dashboard", _l("Theo dõi tỷ lệ")),
    ("outreach.campaigns", _l("Vận động")),
    ("payments.statement_import", _l("Sao kê")),
    ("content.manage", _l("Nội dung")),
    ("complaints.register", _l("Khiếu nại")),
    ("authority.register", _l("Yêu cầu của cơ quan")),
    ("reporting.annual_report", _l("Báo cáo năm")),
    ("privacy.request_log", _l("Dữ liệu cá nhân")),
]
SEARCH = "search.results"


def links() -> dict:
    known = current_app.view_functions
    return {
        "main": [(e, label) for e, label in MAIN if e in known],
        "member": [(e, label) for e, label in MEMBER if e in known],
        "officer": [(e, label) for e, label in OFFICER if e in known],
        "search": SEARCH if SEARCH in known else None,
    }
