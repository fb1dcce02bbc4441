"""Recording access events: who of a registry enterprise looked for information on the floor.

Views announce a visit with the `accessed` signal of core/signals.py (search, listing page,
storefront, request for quotation); `on_accessed` receives it (connected in trading_floor/wiring.py)
and calls `record_access`. Only signed-in owners and staff of a verified registry
enterprise are recorded; officers, admins, anonymous visitors and outside buyers never are, and
opening one's own enterprise's listing or storefront is work, not looking (pass
`target_enterprise_id`). One insert and two upserts into the rollups, in one transaction.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from trading_floor import policy
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.monitoring import rollups
from trading_floor.monitoring.models import ACCESS_KINDS, AccessEvent
from trading_floor.monitoring.periods import vn_day_of
from trading_floor.registry.models import RegistryEnterprise

log = logging.getLogger(__name__)


def head_office_id(enterprise_id: int) -> int:
    """The enterprise a branch folds into (its parent in the registry), or the enterprise itself."""
    row = db.session.execute(select(RegistryEnterprise.parent_code)
                             .where(RegistryEnterprise.id == enterprise_id)).first()
    if row is None or row.parent_code is None:
        return enterprise_id
    parent = db.session.scalar(select(RegistryEnterprise.id)
                               .where(RegistryEnterprise.code == row.parent_code))
    return parent or enterprise_id


def counted_enterprise_id(user, target_enterprise_id: int | None = None) -> int | None:
    """The (head office) enterprise an access by this user counts for, or None if it does not."""
    if user is None or not getattr(user, "is_authenticated", False) or policy.is_officer(user):
        return None
    membership = policy.membership_of(user)
    if membership is None or membership.role not in (policy.OWNER, policy.STAFF):
        return None
    if not policy.is_member(user, membership.enterprise_id):  # a pending claim is not membership
        return None
    enterprise_id = head_office_id(membership.enterprise_id)
    if target_enterprise_id is not None and (
            target_enterprise_id == membership.enterprise_id
            or head_office_id(target_enterprise_id) == enterprise_id):
        return None  # one's own listings or storefront: work, not looking for information
    return enterprise_id


def record_access(user, kind: str, target_enterprise_id: int | None = None) -> bool:
    """Records one access by `user` of `kind` (search|listing|storefront|rfq); True if counted.

    Commits its own small transaction. Never raises on a database hiccup: a page must not fail
    because its visit could not be counted (the failure is logged).
    """
    if kind not in ACCESS_KINDS:
        raise ValueError(f"unknown access kind {kind!r}")
    enterprise_id = counted_enterprise_id(user, target_enterprise_id)
    if enterprise_id is None:
        return False
    now = utcnow()
    try:
        db.session.add(AccessEvent(enterprise_id=enterprise_id, user_id=user.id, kind=kind,
                                   occurred_at=now))
        rollups.count_access_day(enterprise_id, vn_day_of(now))
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("access event not recorded")
        return False
    return True


def on_accessed(_sender=None, *, user, kind: str, target_enterprise_id: int | None = None) -> None:
    """Receiver of core.signals.accessed."""
    record_access(user, kind, target_enterprise_id=target_enterprise_id)
