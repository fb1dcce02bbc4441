"""The content's section of the home page: the latest announcements."""

from __future__ import annotations

from trading_floor.content import services


def latest_announcements() -> dict | None:
    """The home page shows the latest published announcements."""
    items = services.latest(limit=3)
    return {"template": "content/_home_announcements.html", "announcements": items} if items else None
