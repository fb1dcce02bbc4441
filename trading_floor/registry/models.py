"""The provincial enterprise registry, administrative units, claims and their verification."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_floor.extensions import db
from trading_floor.i18n import utcnow

ACTIVE, SUSPENDED, DISSOLVED = "active", "suspended", "dissolved"
STATUSES = (ACTIVE, SUSPENDED, DISSOLVED)
SIZE_CLASSES = ("micro", "small", "medium", "large")


class AdminUnit(db.Model):
    """A commune or ward of the province (two-level local government since 1 July 2025)."""

    __tablename__ = "admin_units"

    code: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(120))
    division_type: Mapped[str] = mapped_column(String(20))
    codename: Mapped[str] = mapped_column(String(120))
    province_code: Mapped[int]


class RegistryEnterprise(db.Model):
    __tablename__ = "registry_enterprises"
    __table_args__ = (Index("ix_registry_enterprises_status_commune", "status", "commune_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # as people write it: 10 digits, 0101234567-001 for a branch, or a 12-digit personal ID
    code: Mapped[str] = mapped_column(String(14), unique=True)
    # the 10-digit root of a branch; a branch never counts as an enterprise of its own
    parent_code: Mapped[str | None] = mapped_column(String(14), index=True)
    name: Mapped[str] = mapped_column(String(255))
    address: Mapped[str] = mapped_column(String(255), default="")
    commune_code: Mapped[int] = mapped_column(ForeignKey("admin_units.code"), index=True)
    vsic_code: Mapped[str] = mapped_column(String(5))
    vsic_section: Mapped[str] = mapped_column(String(1), index=True)
    size_class: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default=ACTIVE)
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    registered_on: Mapped[date | None]
    first_imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # set when an officer approves the owner's claim, or vouches for it by a --publish import
    verified_at: Mapped[datetime | None]
    verified_via: Mapped[str | None] = mapped_column(String(10))  # claim | import
    # bank account for transfers (VietQR)
    bank_bin: Mapped[str | None] = mapped_column(String(6))
    bank_account: Mapped[str | None] = mapped_column(String(19))
    bank_account_name: Mapped[str | None] = mapped_column(String(70))
    about: Mapped[str | None] = mapped_column(Text)
    # the seller's published answer time for orders, 1–168 hours; None = the floor's
    # ORDER_ANSWER_HOURS (registry.services.answer_hours_of)
    answer_hours: Mapped[int | None]

    commune: Mapped[AdminUnit] = relationship(lazy="joined")
    memberships = relationship("Membership", back_populates="enterprise")
    status_changes: Mapped[list[RegistryStatusChange]] = relationship(
        back_populates="enterprise", order_by="RegistryStatusChange.changed_at"
    )

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def owner(self):
        return next((m.user for m in self.memberships if m.role == "owner" and m.active), None)


class RegistryStatusChange(db.Model):
    """Each status an enterprise had, from the import that recorded it (for exact past periods)."""

    __tablename__ = "registry_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(10))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("registry_imports.id"))

    enterprise: Mapped[RegistryEnterprise] = relationship(back_populates="status_changes")


class RegistryImport(db.Model):
    __tablename__ = "registry_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    added: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)


PENDING, APPROVED, REJECTED, INFO_REQUESTED = "pending", "approved", "rejected", "info_requested"


class Claim(db.Model):
    """An owner's claim of a registry enterprise, decided by an officer."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=PENDING, index=True)
    position: Mapped[str] = mapped_column(String(120), default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    # the claimant came through a campaign's personal link with the registry's own e-mail address:
    # first in the verification queue, marked so (issue 16)
    email_confirmed: Mapped[bool] = mapped_column(default=False, server_default=sa_false())

    enterprise: Mapped[RegistryEnterprise] = relationship(lazy="joined")
    user = relationship("User", lazy="joined")
    decisions: Mapped[list[ClaimDecision]] = relationship(
        back_populates="claim", order_by="ClaimDecision.decided_at"
    )


class ClaimDecision(db.Model):
    """Every decision on a claim, with who and when (the verification audit trail)."""

    __tablename__ = "claim_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="decisions")
    officer = relationship("User")
