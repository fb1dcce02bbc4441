"""The trade blueprint: inquiries and the inbox, the RFQ board and quotes, orders."""

from flask import Blueprint
from flask_login import current_user

bp = Blueprint("trade", __name__)


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
