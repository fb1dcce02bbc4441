"""Index after commit: what the database says is public is what the index answers.

One writer, the job consumer: a change never waits on the index in the request. An ORM change of
a listing, its certifications or an enterprise records a `search.refresh` job in the same
transaction (a before_commit hook; a rolled-back change records nothing). Changes the ORM does
not see (bulk updates of an import, a category rename that changes its subtree's documents) are
told by the `listings_changed` / `registry_changed` signals after the commit: their ids that no
job waiting in the queue already covers become a job of their own, so a save is indexed once
(whatever other receivers of the same signal commit in between). The job is idempotent: a listing is (re)indexed if the visibility rule
(catalog/visibility.py) says it is public, removed otherwise.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator

from flask import has_app_context
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from trading_floor.catalog.listing_rules import certification_words
from trading_floor.catalog.models import Category, Listing, ListingCertification
from trading_floor.catalog.visibility import public_listings
from trading_floor.core.signals import listings_changed, registry_changed
from trading_floor.extensions import db
from trading_floor.registry.models import ACTIVE, AdminUnit, RegistryEnterprise
from trading_floor.search import get_backend
from trading_floor.search.backend import CERT_BITS, EnterpriseDocument, ListingDocument

log = logging.getLogger(__name__)


# --- documents from the database ----------------------------------------------------------------
def _category_paths(session: Session) -> dict[int, str]:
    """Category id -> its name and its parents' names (a subcategory is found by its parent's)."""
    categories = {c.id: c for c in session.scalars(select(Category))}
    paths = {}
    for category in categories.values():
        names, node, hops = [], category, 0
        while node is not None and hops < 10:
            names.append(node.name_vi)
            node = categories.get(node.parent_id) if node.parent_id else None
            hops += 1
        paths[category.id] = " ".join(names)
    return paths


def public_enterprises_query():
    return (select(RegistryEnterprise)
            .where(RegistryEnterprise.status == ACTIVE, RegistryEnterprise.verified_at.is_not(None)))


def enterprise_documents(session: Session, enterprise_ids: Iterable[int] | None = None
                         ) -> Iterator[EnterpriseDocument]:
    query = public_enterprises_query().order_by(RegistryEnterprise.id)
    titles_query = public_listings().with_only_columns(Listing.enterprise_id, Listing.title)
    if enterprise_ids is not None:
        ids = list(enterprise_ids)
        query = query.where(RegistryEnterprise.id.in_(ids))
        titles_query = titles_query.where(Listing.enterprise_id.in_(ids))
    titles: dict[int, list[str]] = {}
    for enterprise_id, title in session.execute(titles_query):
        titles.setdefault(enterprise_id, []).append(title)
    units = {u.code: u.name for u in session.scalars(select(AdminUnit))}
    for enterprise in session.scalars(query).unique():
        yield EnterpriseDocument(
            enterprise_id=enterprise.id, name=enterprise.name,
            products=" ".join(titles.get(enterprise.id, [])[:200]),
            place=f"{units.get(enterprise.commune_code, '')} {enterprise.address}",
            commune_code=enterprise.commune_code, sector=enterprise.vsic_section)


def listing_documents(session: Session, listing_ids: Iterable[int] | None = None,
                      batch: int = 2000) -> Iterator[ListingDocument]:
    """The public listings (all, or those of `listing_ids`) as documents: THE document builder,
    for a reindex and for a refresh. Read in id-ordered batches of plain rows (no ORM objects:
    building 100k of them was a third of a full reindex)."""
    paths, cert_words = _category_paths(session), certification_words()
    columns = (Listing.id, Listing.enterprise_id, Listing.title, Listing.description,
               Listing.category_id, Listing.origin_commune_code, Listing.price_vnd, Listing.moq,
               Listing.published_at, RegistryEnterprise.name, RegistryEnterprise.commune_code)
    query = public_listings().with_only_columns(*columns)
    if listing_ids is not None:
        query = query.where(Listing.id.in_(sorted(listing_ids)))
    last = 0
    while True:
        rows = session.execute(query.where(Listing.id > last).order_by(Listing.id)
                               .limit(batch)).all()
        if not rows:
            return
        certificates: dict[int, list[str]] = {}
        for listing_id, code in session.execute(
                select(ListingCertification.listing_id, ListingCertification.code)
                .where(ListingCertification.listing_id.between(rows[0].id, rows[-1].id))):
            certificates.setdefault(listing_id, []).append(code)
        for row in rows:
            codes = certificates.get(row.id, [])
            mask = 0
            for code in codes:
                mask |= CERT_BITS.get(code, 0)
            yield ListingDocument(
                listing_id=row.id, enterprise_id=row.enterprise_id, title=row.title,
                category_text=" ".join([paths.get(row.category_id, "")]
                                       + [cert_words.get(code, code) for code in codes]),
                enterprise_text=row.name, description=row.description or "",
                category_id=row.category_id, commune_code=row.origin_commune_code or row.commune_code,
                price_vnd=row.price_vnd, moq=row.moq, cert_mask=mask, published_at=row.published_at)
        last = rows[-1].id


def count_public_listings(session: Session) -> int:
    return session.scalar(public_listings().with_only_columns(func.count(Listing.id))) or 0


# --- keeping the index fresh --------------------------------------------------------------------
def refresh_listings(listing_ids: Iterable[int], session: Session | None = None,
                     connection=None) -> None:
    """Indexes the given listings that are public, removes the others (and updates their
    enterprises' directory entries, whose product words come from listing titles). `connection`:
    the transaction to write in (the postgres backend, called before a commit)."""
    ids = sorted({int(i) for i in listing_ids})
    if not ids:
        return
    session = session or db.session
    backend = get_backend()
    documents = list(listing_documents(session, ids))
    backend.index(documents, connection=connection)
    backend.remove(set(ids) - {d.listing_id for d in documents}, connection=connection)
    enterprise_ids = set(session.scalars(select(Listing.enterprise_id).where(Listing.id.in_(ids))))
    refresh_enterprises(enterprise_ids, session, listings=False, connection=connection)


def refresh_enterprises(enterprise_ids: Iterable[int], session: Session | None = None,
                        listings: bool = True, connection=None) -> None:
    """Re-evaluates enterprises (and, when their status may have changed, all their listings)."""
    ids = sorted({int(i) for i in enterprise_ids})
    if not ids:
        return
    session = session or db.session
    documents = list(enterprise_documents(session, ids))
    get_backend().index_enterprises(
        documents, remove_ids=set(ids) - {d.enterprise_id for d in documents},
        connection=connection)
    if listings:
        listing_ids = session.scalars(select(Listing.id).where(Listing.enterprise_id.in_(ids)))
        refresh_listings(list(listing_ids), session, connection=connection)


# a refresh of more listings than this rebuilds the whole index instead (tasks.search_refresh)
REBUILD_ABOVE = 2000


def reindex(progress: Callable[[int], None] | None = None) -> int:
    """Rebuilds the whole index from the database (aside, then swapped in); returns the count."""
    from trading_floor.i18n import utcnow

    started = utcnow()
    session = db.session
    count = get_backend().reindex(listing_documents(session), enterprise_documents(session),
                                  progress=progress)
    # changes committed while the new index was being built went to the old one: replay them
    changed = session.scalars(select(Listing.id).where(Listing.updated_at >= started))
    refresh_listings(list(changed), session)
    changed_enterprises = session.scalars(select(RegistryEnterprise.id)
                                          .where(RegistryEnterprise.updated_at >= started))
    refresh_enterprises(list(changed_enterprises), session)
    return count


# --- one path: a `search.refresh` job, run by the consumer --------------------------------------
_PENDING = "search_pending"  # ids changed by this transaction's flushes


def _waiting_cover() -> tuple[set[int], set[int]]:
    """The ids that `search.refresh` jobs not yet started will index: such a job reads the
    listings when it runs, so it also covers a change committed after it was recorded."""
    from trading_floor.jobs.models import PENDING, Job

    listings: set[int] = set()
    enterprises: set[int] = set()
    for payload in db.session.scalars(select(Job.payload).where(
            Job.task == "search.refresh", Job.status == PENDING, Job.started_at.is_(None))):
        data = json.loads(payload or "{}")
        listings.update(int(i) for i in data.get("listing_ids") or ())
        enterprises.update(int(i) for i in data.get("enterprise_ids") or ())
    return listings, enterprises


def _record_signalled(listing_ids=(), enterprise_ids=()) -> None:
    """Signals arrive after a commit: record what no waiting job covers (a change made in SQL,
    which the flush hook below does not see, or one whose job already ran)."""
    if not has_app_context():
        return
    covered_listings, covered_enterprises = _waiting_cover()
    listing_ids = sorted({int(i) for i in listing_ids} - covered_listings)
    enterprise_ids = sorted({int(i) for i in enterprise_ids} - covered_enterprises)
    if not (listing_ids or enterprise_ids):
        return
    from trading_floor.jobs import record

    with Session(bind=db.engine) as session:
        record("search.refresh", {"listing_ids": listing_ids, "enterprise_ids": enterprise_ids},
               session=session)
        session.commit()


def _on_listings_changed(sender=None, listing_ids=(), **_):
    _record_signalled(listing_ids=listing_ids)


def _on_registry_changed(sender=None, enterprise_ids=(), **_):
    _record_signalled(enterprise_ids=enterprise_ids)


listings_changed.connect(_on_listings_changed, weak=False)
registry_changed.connect(_on_registry_changed, weak=False)


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context) -> None:
    pending = session.info.setdefault(_PENDING, (set(), set()))
    listing_ids, enterprise_ids = pending
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Listing) and obj.id is not None:
            listing_ids.add(obj.id)
        elif isinstance(obj, ListingCertification) and obj.listing_id is not None:
            listing_ids.add(obj.listing_id)
        elif isinstance(obj, RegistryEnterprise) and obj.id is not None:
            enterprise_ids.add(obj.id)


@event.listens_for(Session, "before_commit")
def _record_job(session: Session) -> None:
    """The job is written in the transaction it describes (flushed first, so every change of the
    transaction is collected)."""
    session.flush()
    pending = session.info.pop(_PENDING, None)
    if not pending or not (pending[0] or pending[1]):
        return
    listing_ids, enterprise_ids = pending
    if get_backend().name == "postgres":  # the index is in the database: this transaction
        connection = session.connection()
        refresh_enterprises(enterprise_ids, session, connection=connection)
        refresh_listings(listing_ids, session, connection=connection)
        return
    from trading_floor.jobs import record

    record("search.refresh", {"listing_ids": sorted(listing_ids),
                              "enterprise_ids": sorted(enterprise_ids)}, session=session)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)


def ensure_index() -> None:
    """Setup step: builds the index when it is missing or unreadable (a first run, a new node)."""
    if get_backend().health() != "ok":
        count = reindex()
        log.info("search index built: %d listings", count)
