"""The demo floor's operating rules (a superseded version and the one in force) and privacy
notice. The wording is a placeholder the Department replaces: the floor invents no legal text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from sqlalchemy import select

from trading_floor.accounts.models import User
from trading_floor.extensions import db
from trading_floor.i18n import local_today
from trading_floor.legal import services
from trading_floor.legal.models import PRIVACY, RULES, LegalDocument

RULES_TEMPLATE = """> Mẫu để Sở Công Thương soạn: thay các chỗ trong [ngoặc vuông] bằng văn bản đã được phê duyệt.

## Chương I. Quy định chung
[Mục đích, phạm vi, đối tượng áp dụng; đơn vị sở hữu và đơn vị vận hành sàn.]

## Chương II. Quyền và nghĩa vụ của thương nhân, tổ chức, cá nhân tham gia sàn
[…]

## Chương III. Quy trình giao dịch, thanh toán, giao nhận
[Đặt hàng, xác nhận, thời hạn trả lời của doanh nghiệp, thanh toán, giao nhận.]

## Chương IV. Giải quyết khiếu nại, tranh chấp
[…]

## Chương V. Bảo vệ dữ liệu cá nhân
[Xem Thông báo xử lý dữ liệu cá nhân.]
"""

PRIVACY_TEMPLATE = """> Mẫu để Sở Công Thương soạn: thay các chỗ trong [ngoặc vuông].

## Mục đích xử lý
[Đăng ký tài khoản và giao dịch; theo dõi tỷ lệ tham gia, truy cập; thư giới thiệu (chỉ khi thành viên đồng ý).]

## Thời hạn lưu trữ
[…]

## Bên xử lý ở nước ngoài
[Stripe, khi sàn nhận thanh toán bằng thẻ.]

## Quyền của chủ thể dữ liệu
[…]
"""


def build_legal_demo(echo: Callable[[str], None] = print, scale: float = 1.0,
                     accepted_by: tuple[str, ...] = ()) -> None:
    """Rules v1 (superseded), v2 (in force) and the privacy notice; the accounts with these
    e-mails (the demo's sign-in accounts) accepted the versions in force."""
    if db.session.scalar(select(LegalDocument.id).limit(1)):
        return
    today = local_today()

    def published(days_ago: int) -> datetime:
        return datetime.combine(today - timedelta(days=days_ago), time(2, 0))

    documents = [
        LegalDocument(kind=RULES, version=1, title="Quy chế hoạt động sàn (bản đầu)",
                      body=RULES_TEMPLATE, published_at=published(90),
                      effective_on=today - timedelta(days=80)),
        LegalDocument(kind=RULES, version=2, title="Quy chế hoạt động sàn (sửa đổi)",
                      body=RULES_TEMPLATE.replace("Chương III. Quy trình giao dịch",
                                                  "Chương III. Quy trình giao dịch (sửa đổi)"),
                      published_at=published(20), effective_on=today - timedelta(days=10)),
        LegalDocument(kind=PRIVACY, version=1, title="Thông báo xử lý dữ liệu cá nhân",
                      body=PRIVACY_TEMPLATE, published_at=published(90),
                      effective_on=today - timedelta(days=80)),
    ]
    db.session.add_all(documents)
    db.session.commit()
    in_force = [documents[1], documents[2]]
    for email in accepted_by:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            services.accept(user, in_force)
    echo("  Quy chế: phiên bản 1 (đã thay thế), phiên bản 2 (đang có hiệu lực); thông báo dữ liệu "
         "cá nhân.")
