"""The public side of the catalogue: what anyone, signed in or not, may read.

Every query of public listings starts from trading_floor.catalog.visibility, so the one rule of who
sees a listing is never restated here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, update

from trading_floor import policy
from trading_floor.catalog.models import DELETED, Category, Listing
from trading_floor.catalog.visibility import is_public, public_condition, public_listings
from trading_floor.core.collation import commune_sort_key
from trading_floor.extensions import db
from trading_floor.registry.models import ACTIVE, AdminUnit, RegistryEnterprise

PER_PAGE = 24
DIRECTORY_PER_PAGE = 30
SORTS = ("newest", "price_asc", "price_desc")


@dataclass
class CategoryNode:
    """A category with the number of public listings in it and in all its subcategories."""

    category: Category
    count: int = 0
    children: list[CategoryNode] = field(default_factory=list)


# --- categories --------------------------------------------------------------------------------

def _direct_counts() -> dict[int, int]:
    stmt = (select(Listing.category_id, func.count())
            .join(RegistryEnterprise, Listing.enterprise_id == RegistryEnterprise.id)
            .where(public_condition()).group_by(Listing.category_id))
    return dict(db.session.execute(stmt).all())


def category_tree() -> list[CategoryNode]:
    """Every category as a tree, each with its count of public listings (subcategories included)."""
    categories = list(db.session.scalars(
        select(Category).order_by(Category.position, Category.name_vi)))
    direct = _direct_counts()
    nodes = {c.id: CategoryNode(c, direct.get(c.id, 0)) for c in categories}
    roots: list[CategoryNode] = []
    for category in categories:
        node = nodes[category.id]
        parent = nodes.get(category.parent_id) if category.parent_id else None
        (parent.children if parent else roots).append(node)

    def total(node: CategoryNode, seen: frozenset = frozenset()) -> int:
        if node.category.id in seen:  # a cycle in an imported taxonomy must not hang the page
            return 0
        node.count += sum(total(child, seen | {node.category.id}) for child in node.children)
        return node.count

    for root in roots:
        total(root)
    return roots


def top_categories(limit: int = 8) -> list[CategoryNode]:
    """Top-level categories with the most public listings (empty ones left out)."""
    roots = [node for node in category_tree() if node.count]
    return sorted(roots, key=lambda node: (-node.count, node.category.position))[:limit]


def find_node(slug: str) -> tuple[CategoryNode | None, list[Category]]:
    """The category with this slug as a node of the tree, and its ancestors (breadcrumb)."""

    def walk(nodes: list[CategoryNode], trail: list[Category]):
        for node in nodes:
            if node.category.slug == slug:
                return node, trail
            found = walk(node.children, [*trail, node.category])
            if found[0]:
                return found
        return None, []

    return walk(category_tree(), [])


def subtree_ids(node: CategoryNode) -> list[int]:
    ids = [node.category.id]
    for child in node.children:
        ids.extend(subtree_ids(child))
    return ids


def _sorted(stmt, sort: str):
    if sort == "price_asc":  # "liên hệ" (no price) goes last whichever way prices are sorted
        return stmt.order_by(Listing.price_vnd.is_(None), Listing.price_vnd, Listing.id.desc())
    if sort == "price_desc":
        return stmt.order_by(Listing.price_vnd.is_(None), Listing.price_vnd.desc(),
                             Listing.id.desc())
    return stmt.order_by(Listing.published_at.desc(), Listing.id.desc())


def category_listings(node: CategoryNode, sort: str = "newest", page: int = 1):
    """Public listings of the category and all its subcategories, paginated."""
    stmt = public_listings().where(Listing.category_id.in_(subtree_ids(node)))
    return db.paginate(_sorted(stmt, sort), page=page, per_page=PER_PAGE, error_out=False)


def newest_listings(limit: int = 12) -> list[Listing]:
    stmt = public_listings().order_by(Listing.published_at.desc(), Listing.id.desc()).limit(limit)
    return list(db.session.scalars(stmt).unique())


# --- listing page ------------------------------------------------------------------------------

def listing_for(listing_id: int, user) -> Listing | None:
    """The listing if this user may see it: anyone when public; members and officers otherwise."""
    listing = db.session.get(Listing, listing_id)
    if listing is None or listing.status == DELETED:
        return None
    if is_public(listing) or policy.sees_hidden_listing(user, listing.enterprise_id):
        return listing
    return None


def record_view(listing: Listing, user) -> None:
    """Counts a view of the listing, except by members of its own enterprise."""
    if policy.membership_of(user, listing.enterprise_id) is not None:
        return
    # an UPDATE of the counter alone: concurrent views do not overwrite each other, and the
    # listing's updated_at (its content's age) stays as it was
    db.session.execute(update(Listing).where(Listing.id == listing.id)
                       .values(view_count=Listing.view_count + 1,
                               updated_at=Listing.updated_at))
    db.session.commit()


# --- enterprises -------------------------------------------------------------------------------

def _public_enterprise_condition():
    return (RegistryEnterprise.status == ACTIVE) & RegistryEnterprise.verified_at.is_not(None)


def storefront(code: str) -> RegistryEnterprise | None:
    """An active, verified enterprise by its code as people write it."""
    return db.session.scalar(select(RegistryEnterprise).where(
        RegistryEnterprise.code == code.strip(), _public_enterprise_condition()))


def storefront_listings(enterprise: RegistryEnterprise, page: int = 1, sort: str = "newest"):
    stmt = public_listings().where(Listing.enterprise_id == enterprise.id)
    return db.paginate(_sorted(stmt, sort), page=page, per_page=PER_PAGE, error_out=False)


def public_listing_count(enterprise_ids: list[int]) -> dict[int, int]:
    if not enterprise_ids:
        return {}
    stmt = (select(Listing.enterprise_id, func.count())
            .join(RegistryEnterprise, Listing.enterprise_id == RegistryEnterprise.id)
            .where(public_condition(), Listing.enterprise_id.in_(enterprise_ids))
            .group_by(Listing.enterprise_id))
    return dict(db.session.execute(stmt).all())


def directory_communes() -> list[AdminUnit]:
    """The communes where at least one verified active enterprise is (for the filter), in
    Vietnamese alphabetical order."""
    stmt = select(AdminUnit).where(AdminUnit.code.in_(
        select(RegistryEnterprise.commune_code).where(_public_enterprise_condition())))
    return sorted(db.session.scalars(stmt), key=lambda unit: commune_sort_key(unit.name))



def ancestors(category: Category) -> list[Category]:
    """The category's parents from the top down (for the breadcrumb), without the category."""
    trail, seen, parent = [], {category.id}, category.parent
    while parent is not None and parent.id not in seen:
        trail.insert(0, parent)
        seen.add(parent.id)
        parent = parent.parent
    return trail
