"""The Department's demand report: what buyers searched for and found nothing or little.

Every listing search (its first page) is recorded through the `searched` signal (connected in
wiring.py); the report groups the searches with fewer than FEW results by week and by the
category their words point to, counts distinct searchers, and lists the top searches and the most
viewed categories and listings. Each category offers a campaign group: the registry's enterprises
whose VSIC codes are those of the enterprises already selling in it."""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import has_request_context, request
from sqlalchemy import func, select

from trading_floor.catalog.models import Category, Listing
from trading_floor.extensions import db
from trading_floor.i18n import category_name, fold, to_local, utcnow
from trading_floor.outreach.models import SearchRecord
from trading_floor.registry.models import RegistryEnterprise

log = logging.getLogger(__name__)
FEW = 3  # fewer results than this is "little"
MIN_WORD = 2


def _searcher(user) -> str:
    if user is not None and getattr(user, "is_authenticated", False):
        return f"u{user.id}"
    if not has_request_context():
        return "anon"
    raw = f"{request.remote_addr}|{request.headers.get('User-Agent', '')}"
    return "v" + hashlib.sha256(raw.encode()).hexdigest()[:16]


def _words(text: str) -> set[str]:
    """Lower-case words: a word typed with its Vietnamese marks matches only itself ("cày" is
    not "cây"); one typed without them matches any word that folds to it ("nhan" is "nhãn")."""
    text = unicodedata.normalize("NFC", text or "").lower().replace(",", " ").replace("-", " ")
    return {w for w in text.split() if len(w) >= MIN_WORD}


def _shared(query: set[str], name: set[str]) -> int:
    folded_name = {fold(w) for w in name}
    return sum(1 for w in query if (w in folded_name if w.isascii() else w in name))


def guess_category(query: str, categories: list[Category] | None = None) -> Category | None:
    """The category whose name shares the most words with the query (the deeper one on a tie)."""
    words = _words(query)
    if not words:
        return None
    best, best_key = None, (0, 0)
    for category in categories if categories is not None else db.session.scalars(
            select(Category)):
        shared = _shared(words, _words(category.name_vi) | _words(category.name_en or ""))
        if not shared:
            continue
        depth, parent = 0, category.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        if (shared, depth) > best_key:
            best, best_key = category, (shared, depth)
    return best


def record_search(user, q: str, category_slug: str | None, total: int, page: int = 1) -> bool:
    """Records one search; later pages of the same search and empty searches are not counted."""
    q = (q or "").strip()[:200]
    if page != 1 or not (q or category_slug):
        return False
    category = None
    if category_slug:
        category = db.session.scalar(select(Category).where(Category.slug == category_slug))
    if category is None and q:
        category = guess_category(q)
    db.session.add(SearchRecord(searcher=_searcher(user), query=q, folded=" ".join(
        fold(q).split())[:200], category_slug=(category_slug or "")[:80],
        guessed_category_id=category.id if category else None, total=max(0, int(total))))
    db.session.commit()
    return True


def on_searched(_sender=None, *, user, params, total: int) -> None:
    """The `searched` receiver: a failure to record never breaks the search page."""
    try:
        record_search(user, params.q, params.category, total, params.page)
    except Exception:  # the report is secondary to the search itself
        db.session.rollback()
        log.exception("could not record a search for the demand report")


# --- the report -----------------------------------------------------------------------------------
@dataclass
class Line:
    key: object
    label: str
    searches: int = 0
    searchers: set = field(default_factory=set)
    zero: int = 0
    queries: Counter = field(default_factory=Counter)
    category_id: int | None = None

    @property
    def distinct(self) -> int:
        return len(self.searchers)


@dataclass
class Report:
    since: date
    few_by_week: list
    few_by_category: list
    top_searches: list
    top_few: list
    top_categories: list  # (Category, views)
    top_listings: list  # Listing
    total_searches: int = 0
    few_all: list = field(default_factory=list)


def _week_start(moment: datetime) -> date:
    day = to_local(moment).date()
    return day - timedelta(days=day.weekday())


def report(weeks: int = 8, now: datetime | None = None) -> Report:
    now = now or utcnow()
    weeks = max(1, min(int(weeks), 104))
    since = _week_start(now) - timedelta(weeks=weeks - 1)
    start = datetime.combine(since, datetime.min.time()) - timedelta(hours=7)
    names = {c.id: category_name(c) for c in db.session.scalars(select(Category))}
    by_week: dict = {}
    by_category: dict = {}
    top: dict = {}
    few_queries: dict = {}
    total = 0
    for row in db.session.scalars(select(SearchRecord).where(SearchRecord.occurred_at >= start)):
        total += 1
        key = row.folded or row.category_slug
        line = top.setdefault(key, Line(key, row.query or row.category_slug))
        line.searches += 1
        line.searchers.add(row.searcher)
        line.zero += row.total == 0
        if row.total >= FEW:
            continue
        week = _week_start(row.occurred_at)
        for bucket, bucket_key, label in (
                (by_week, week, week.strftime("%d/%m/%Y")),
                (by_category, row.guessed_category_id,
                 names.get(row.guessed_category_id, ""))):
            entry = bucket.setdefault(bucket_key, Line(bucket_key, label))
            entry.searches += 1
            entry.searchers.add(row.searcher)
            entry.zero += row.total == 0
            entry.queries[row.query or row.category_slug] += 1
            entry.category_id = row.guessed_category_id if bucket is by_category else None
        few = few_queries.setdefault(key, Line(key, row.query or row.category_slug,
                                               category_id=row.guessed_category_id))
        few.searches += 1
        few.searchers.add(row.searcher)
        few.zero += row.total == 0
    rank = lambda lines: sorted(lines, key=lambda x: (-x.searches, -x.distinct, x.label))  # noqa: E731
    views = defaultdict(int)
    for category_id, count in db.session.execute(
            select(Listing.category_id, func.sum(Listing.view_count))
            .group_by(Listing.category_id)):
        views[category_id] += int(count or 0)
    categories = {c.id: c for c in db.session.scalars(select(Category).where(
        Category.id.in_(list(views))))} if views else {}
    top_categories = sorted(((categories[i], n) for i, n in views.items() if n and i in
                             categories), key=lambda pair: -pair[1])[:10]
    top_listings = list(db.session.scalars(select(Listing).where(Listing.view_count > 0)
                                           .order_by(Listing.view_count.desc()).limit(10)))
    few_all = rank(few_queries.values())
    return Report(since, sorted(by_week.values(), key=lambda x: x.key, reverse=True),
                  rank(line for line in by_category.values()), rank(top.values())[:20],
                  few_all[:20], top_categories, top_listings, total, few_all)


def vsic_codes_for(category_id: int) -> list[str]:
    """The VSIC codes of the enterprises that list in the category (or below it)."""
    ids = {category_id}
    frontier = [category_id]
    while frontier:
        children = list(db.session.scalars(select(Category.id).where(
            Category.parent_id.in_(frontier))))
        frontier = [c for c in children if c not in ids]
        ids.update(frontier)
    sellers = select(Listing.enterprise_id).where(Listing.category_id.in_(ids)).distinct()
    return sorted(set(db.session.scalars(select(RegistryEnterprise.vsic_code).where(
        RegistryEnterprise.id.in_(sellers)))))


def export_rows(data: Report) -> tuple[list[str], list[list]]:
    from flask_babel import gettext as _

    headers = [_("Tìm kiếm"), _("Danh mục đoán theo từ"), _("Số lần tìm"),
               _("Số người tìm khác nhau"), _("Số lần không có kết quả")]
    names = {c.id: category_name(c) for c in db.session.scalars(select(Category))}
    rows = [[line.label, names.get(line.category_id, ""), line.searches, line.distinct,
             line.zero] for line in data.few_all]
    return headers, rows
