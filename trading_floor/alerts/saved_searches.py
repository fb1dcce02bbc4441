"""Buyers' saved searches: the words and filters of a search page, and the listings published
since the last digest that match them (found through the search service's public `search`)."""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import urlencode

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from trading_floor import policy
from trading_floor.alerts.letters import localized
from trading_floor.alerts.models import SavedSearch
from trading_floor.catalog.models import Category, Listing
from trading_floor.core.numbers import whole_number
from trading_floor.extensions import db
from trading_floor.i18n import format_number, format_vnd
from trading_floor.registry.models import AdminUnit
from trading_floor.search import service as search_service

# the search page's parameters a saved search keeps (not the sort or the page)
FILTER_KEYS = ("category", "commune", "price_min", "price_max", "moq_max", "cert")
MAX_PER_USER = 20
NEW_LISTINGS_LIMIT = 100  # one search page, newest first: more new listings than this wait


class SavedSearchError(ValueError):
    """The message is for the member, in their language."""


def saved_searches_of(user) -> list[SavedSearch]:
    return list(db.session.scalars(select(SavedSearch).where(SavedSearch.user_id == user.id)
                                   .order_by(SavedSearch.created_at.desc(), SavedSearch.id.desc())))


def filters_of(saved: SavedSearch) -> dict[str, str]:
    try:
        data = json.loads(saved.filters or "{}")
    except ValueError:
        return {}
    return {k: str(v) for k, v in data.items() if k in FILTER_KEYS and v} \
        if isinstance(data, dict) else {}


def query_string(saved: SavedSearch) -> str:
    """The search page's query string of a saved search (its link)."""
    return urlencode({"q": saved.query, **filters_of(saved)} if saved.query
                     else filters_of(saved))


def save_search(user, args) -> SavedSearch:
    """Saves the words and filters of a search page (checked as the search page checks them)."""
    if not policy.can_buy(user):
        raise SavedSearchError(_("Chỉ tài khoản người mua lưu được tìm kiếm."))
    try:
        params = search_service.parse_params(args)
    except search_service.SearchInputError as error:
        raise SavedSearchError(str(error)) from error
    query = params.q.strip()[:search_service.MAX_QUERY_CHARS]
    filters = {key: str(args.get(key)).strip()[:80] for key in FILTER_KEYS
               if str(args.get(key) or "").strip()}
    if not query and not filters:
        raise SavedSearchError(_("Hãy gõ từ cần tìm hoặc chọn một bộ lọc trước khi lưu."))
    encoded = json.dumps(filters, ensure_ascii=False, sort_keys=True)
    same = db.session.scalar(select(SavedSearch).where(
        SavedSearch.user_id == user.id, SavedSearch.query == query, SavedSearch.filters == encoded))
    if same is not None:
        return same
    count = db.session.scalar(select(func.count()).select_from(SavedSearch)
                              .where(SavedSearch.user_id == user.id)) or 0
    if count >= MAX_PER_USER:
        raise SavedSearchError(_("Bạn đã lưu %(n)d tìm kiếm, hãy xoá bớt trước khi lưu thêm.",
                                 n=MAX_PER_USER))
    saved = SavedSearch(user_id=user.id, query=query, filters=encoded)
    db.session.add(saved)
    db.session.commit()
    return saved


def delete_search(user, saved_id: int) -> bool:
    result = db.session.execute(delete(SavedSearch).where(SavedSearch.id == saved_id,
                                                          SavedSearch.user_id == user.id))
    db.session.commit()
    return bool(result.rowcount)


def new_matches(saved: SavedSearch, since: datetime) -> list[Listing]:
    """Public listings matching the saved search, published after `since`, newest first."""
    args = {"q": saved.query, **filters_of(saved), "sort": "newest",
            "per_page": str(NEW_LISTINGS_LIMIT)}
    try:
        result = search_service.search(search_service.parse_params(args), facets=False)
    except search_service.SearchInputError:  # a category or filter that no longer exists
        return []
    # the search has no "published after" filter: the ids it found are filtered here
    return [hit.listing for hit in result.hits
            if hit.listing.published_at is not None and hit.listing.published_at > since]


def describe(saved: SavedSearch) -> str:
    """How a saved search reads in a list or an e-mail: its words, then its filters."""
    parts = [f"“{saved.query}”"] if saved.query else []
    labels = {"category": _("danh mục"), "commune": _("xã/phường"), "price_min": _("giá từ"),
              "price_max": _("giá đến"), "moq_max": _("số lượng tối thiểu"),
              "cert": _("chứng nhận")}
    for key, value in filters_of(saved).items():
        parts.append(f"{labels[key]}: {_filter_value(key, value)}")
    return ", ".join(parts) or _("tất cả sản phẩm")


def _filter_value(key: str, value: str) -> str:
    """A filter as people read it: the category's and commune's names, money in đồng."""
    if key == "category":
        category = db.session.scalar(select(Category).where(Category.slug == value))
        return localized(category.name_vi, category.name_en) if category else value
    number = whole_number(value.replace(".", "")) if key != "cert" else None
    if number is None:
        return value
    if key == "commune":
        unit = db.session.get(AdminUnit, number)
        return unit.name if unit else value
    return format_vnd(number) if key.startswith("price") else format_number(number)
