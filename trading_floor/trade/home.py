"""Trade's section of the home page: the newest open requests for quotation."""

from __future__ import annotations

from trading_floor.trade.rfqs import board


def newest_requests() -> dict | None:
    items = board(page=1).items[:5]
    return {"template": "trade/_home_rfqs.html", "rfqs": items} if items else None
