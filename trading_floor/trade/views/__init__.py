"""The trade blueprint: inquiries and the inbox, the RFQ board and quotes, orders."""

from flask import Blueprint
from flask_login import current_user

from trading_floor.core import home_sections

bp = Blueprint("trade", __name__)


@home_sections.register
def newest_requests() -> dict | None:
    """The home page shows the newest open requests for quotation."""
    from trading_floor.trade.rfqs import board

    items = board(page=1).items[:5]
    return {"template": "trade/_home_rfqs.html", "rfqs": items} if items else None


@bp.app_context_processor
def trade_counts():
    """Unread notifications and inbox threads, for the small badge in the page header."""
    if not current_user.is_authenticated:
        return {"trade_counts": None}
    from trading_floor.trade import inquiries as inquiry_services
    from trading_floor.trade import notifications

    return {"trade_counts": {"notifications": notifications.unread_count(current_user),
                             "inbox": inquiry_services.unread_total(current_user)}}


from trading_floor.trade.views import inquiries, orders, rfqs  # noqa: E402, F401, I001 (routes on bp)
