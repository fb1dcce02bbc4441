"""The category taxonomy: the shipped seed, the file import and the administrator's edits."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import gettext as _
from sqlalchemy import func, select

from trading_floor.catalog.models import Category, Listing
from trading_floor.catalog.taxonomy_data import TAXONOMY
from trading_floor.core.signals import listings_changed
from trading_floor.core.tabular import ImportReport, RowError, read_table_or_refuse
from trading_floor.extensions import db

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_DEPTH = 3  # the menus and category pages are built for three levels
COLUMNS: dict[str, tuple[str, ...]] = {
    "slug": ("mã danh mục", "ma danh muc", "đường dẫn"),
    "parent_slug": ("danh mục cha", "danh muc cha", "mã danh mục cha", "parent"),
    "name_vi": ("tên", "tên danh mục", "tên tiếng việt", "ten"),
    "name_en": ("tên tiếng anh", "ten tieng anh", "english name"),
}
REQUIRED = ("slug", "parent_slug", "name_vi")


class TaxonomyError(ValueError):
    """A rule refused the change; the message is for the user."""




def seed_taxonomy() -> int:
    """Adds the shipped categories that are missing (by slug); never overwrites an admin's edits."""
    existing = {c.slug: c for c in db.session.scalars(select(Category))}
    added = 0

    def walk(nodes, parent: Category | None) -> None:
        nonlocal added
        for position, (slug, name_vi, name_en, children) in enumerate(nodes):
            category = existing.get(slug)
            if category is None:
                category = Category(slug=slug, name_vi=name_vi, name_en=name_en,
                                    parent=parent, position=position)
                db.session.add(category)
                existing[slug] = category
                added += 1
            walk(children, category)

    walk(TAXONOMY, None)
    db.session.commit()
    return added


def check_slug(slug: str) -> str | None:
    """The reason a slug is not acceptable, or None."""
    if not slug:
        return _("thiếu mã danh mục (slug)")
    if len(slug) > 80:
        return _("mã danh mục dài quá 80 ký tự")
    if not SLUG_RE.fullmatch(slug):
        return _("«%(v)s»: mã danh mục chỉ gồm chữ thường không dấu a–z, chữ số và dấu gạch "
                 "nối, ví dụ «trai-cay»", v=slug)
    return None


def _depth_and_cycle(slug: str, parents: dict[str, str | None]) -> tuple[int, bool]:
    """Levels from the root to slug (1 for a root) and whether walking up loops."""
    seen = {slug}
    depth, current = 1, parents.get(slug)
    while current:
        if current in seen:
            return depth, True
        seen.add(current)
        depth += 1
        current = parents.get(current)
    return depth, False


def import_categories(content: bytes, filename: str,
                      writing: Callable[[], None] | None = None) -> ImportReport:
    """Validates every row, then upserts by slug in one transaction; absent categories stay.
    `writing()` is called as the write starts (after the validation)."""
    report = ImportReport()
    table = read_table_or_refuse(content, filename, COLUMNS, REQUIRED, report.errors)
    if table is None:
        return report
    report.read = len(table.rows)
    existing = {c.slug: c for c in db.session.scalars(select(Category))}
    parents: dict[str, str | None] = {s: (c.parent.slug if c.parent else None)
                                      for s, c in existing.items()}
    seen: dict[str, int] = {}
    rows: list[tuple[int, dict]] = []
    for line, row in table.rows:
        before = len(report.errors)
        slug, parent = row["slug"], row["parent_slug"]
        reason = check_slug(slug)
        if reason:
            report.errors.append(RowError(line, "slug", reason))
        elif slug in seen:
            report.errors.append(RowError(line, "slug", _("mã %(s)s trùng với dòng %(l)d",
                                                          s=slug, l=seen[slug])))
        else:
            seen[slug] = line
        if parent and parent == slug:
            report.errors.append(RowError(line, "parent_slug",
                                          _("danh mục không thể là cha của chính nó")))
        if not row["name_vi"]:
            report.errors.append(RowError(line, "name_vi", _("thiếu tên tiếng Việt")))
        for column in ("name_vi", "name_en"):
            if len(row[column]) > 120:
                report.errors.append(RowError(line, column, _("tên dài quá 120 ký tự")))
        if len(report.errors) == before:
            rows.append((line, row))
    for _line, row in rows:
        parents[row["slug"]] = row["parent_slug"] or None
    for line, row in rows:
        parent = row["parent_slug"]
        if parent and parent not in parents:
            report.errors.append(RowError(line, "parent_slug", _(
                "«%(v)s»: không có danh mục này (trong tệp hay trên sàn)", v=parent)))
            continue
        depth, loops = _depth_and_cycle(row["slug"], parents)
        if loops:
            report.errors.append(RowError(line, "parent_slug", _(
                "«%(v)s»: danh mục cha tạo thành vòng lặp", v=parent)))
        elif depth > MAX_DEPTH:
            report.errors.append(RowError(line, "parent_slug", _(
                "danh mục sâu quá %(n)d cấp", n=MAX_DEPTH)))
    report.valid = report.read - len({error.line for error in report.errors})
    if report.errors:
        report.errors.sort(key=lambda e: e.line)
        return report

    if writing:
        writing()
    for _line, row in rows:
        category = existing.get(row["slug"])
        if category is None:
            category = Category(slug=row["slug"], name_vi=row["name_vi"],
                                name_en=row["name_en"], position=len(existing))
            db.session.add(category)
            existing[row["slug"]] = category
            report.added += 1
            continue
        old_parent = category.parent.slug if category.parent else None
        if (category.name_vi, category.name_en, old_parent) == (
                row["name_vi"], row["name_en"], row["parent_slug"] or None):
            report.unchanged += 1
            continue
        category.name_vi, category.name_en = row["name_vi"], row["name_en"]
        report.updated += 1
    db.session.flush()
    for _line, row in rows:
        category = existing[row["slug"]]
        parent = existing.get(row["parent_slug"]) if row["parent_slug"] else None
        category.parent_id = parent.id if parent else None
    db.session.commit()
    return report


def tree() -> list[tuple[Category, int]]:
    """Every category depth-first with its depth (0 for a root), for lists and select boxes."""
    categories = list(db.session.scalars(select(Category).order_by(Category.position,
                                                                   Category.name_vi)))
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    out: list[tuple[Category, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for category in children.get(parent_id, []):
            out.append((category, depth))
            walk(category.id, depth + 1)

    walk(None, 0)
    return out


def listing_counts() -> dict[int, int]:
    """Listings of every status per category (the admin page shows what a change affects)."""
    return dict(db.session.execute(select(Listing.category_id, func.count())
                                   .group_by(Listing.category_id)).all())


def find_category(text: str) -> Category | None:
    """A category by its slug or by its Vietnamese name (case-insensitive)."""
    text = (text or "").strip()
    if not text:
        return None
    category = db.session.scalar(select(Category).where(Category.slug == text.lower()))
    if category:
        return category
    return db.session.scalar(select(Category).where(func.lower(Category.name_vi) == text.lower())
                             .order_by(Category.id).limit(1))


def _check_parent(category: Category | None, parent: Category | None, slug: str) -> None:
    if parent is None:
        return
    parents = {c.slug: (c.parent.slug if c.parent else None)
               for c in db.session.scalars(select(Category))}
    parents[slug] = parent.slug
    depth, loops = _depth_and_cycle(slug, parents)
    if loops:
        raise TaxonomyError(_("Không thể chuyển danh mục vào bên trong chính nó."))
    subtree = _subtree_height(category) if category else 0
    if depth + subtree > MAX_DEPTH:
        raise TaxonomyError(_("Danh mục không được sâu quá %(n)d cấp.", n=MAX_DEPTH))


def _subtree_height(category: Category) -> int:
    if not category.children:
        return 0
    return 1 + max(_subtree_height(child) for child in category.children)


def add_category(slug: str, name_vi: str, name_en: str = "",
                 parent_id: int | None = None) -> Category:
    """The administrator adds a category (the slug becomes its public URL)."""
    slug, name_vi, name_en = slug.strip(), name_vi.strip(), (name_en or "").strip()
    reason = check_slug(slug)
    if reason:
        raise TaxonomyError(reason)
    if db.session.scalar(select(Category).where(Category.slug == slug)):
        raise TaxonomyError(_("Mã danh mục %(s)s đã có.", s=slug))
    if not name_vi:
        raise TaxonomyError(_("Cần tên tiếng Việt."))
    parent = db.session.get(Category, parent_id) if parent_id else None
    _check_parent(None, parent, slug)
    siblings = db.session.scalar(select(func.count()).select_from(Category)
                                 .where(Category.parent_id == (parent.id if parent else None)))
    category = Category(slug=slug, name_vi=name_vi, name_en=name_en, parent=parent,
                        position=siblings or 0)
    db.session.add(category)
    db.session.commit()
    return category


def update_category(category: Category, name_vi: str, name_en: str,
                    parent_id: int | None) -> None:
    """Rename and/or move a category; its slug (the public URL) stays."""
    name_vi = name_vi.strip()
    if not name_vi:
        raise TaxonomyError(_("Cần tên tiếng Việt."))
    parent = db.session.get(Category, parent_id) if parent_id else None
    if parent is not None and parent.id == category.id:
        raise TaxonomyError(_("Không thể chuyển danh mục vào bên trong chính nó."))
    _check_parent(category, parent, category.slug)
    category.name_vi, category.name_en = name_vi, (name_en or "").strip()
    category.parent_id = parent.id if parent else None
    db.session.commit()
    # search indexes a listing with its category's name and ancestors: refresh the whole subtree
    listing_ids = list(db.session.scalars(select(Listing.id).where(
        Listing.category_id.in_(subtree_ids(category.id)))))
    if listing_ids:
        listings_changed.send(listing_ids=listing_ids)


def subtree_ids(category_id: int) -> set[int]:
    """The category and all its descendants."""
    children: dict[int | None, list[int]] = {}
    for cid, parent_id in db.session.execute(select(Category.id, Category.parent_id)):
        children.setdefault(parent_id, []).append(cid)
    found, stack = set(), [category_id]
    while stack:
        current = stack.pop()
        if current in found:  # a cycle cannot be saved, but a walk never loops on one
            continue
        found.add(current)
        stack.extend(children.get(current, []))
    return found
