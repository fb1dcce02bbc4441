"""API keys of named partners and API tokens of enterprises; only a SHA-256 of each is stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_floor.extensions import db
from trading_floor.i18n import utcnow

SCOPES = ("catalogue", "enterprises", "rfqs")


class PartnerKey(db.Model):
    """A key an administrator issued to a named partner (another floor, an aggregator, a system
    of the province) for the read API, limited to some scopes."""

    __tablename__ = "partner_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner: Mapped[str] = mapped_column(String(120))
    scopes: Mapped[str] = mapped_column(String(120))  # space-separated, from SCOPES
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # shown in lists, so a key can be recognised
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class SellerToken(db.Model):
    """A token an enterprise owner created for the enterprise's own system: it acts for the
    enterprise as that owner would (same rules, same review), on that enterprise only."""

    __tablename__ = "seller_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    enterprise = relationship("RegistryEnterprise")
    user = relationship("User", lazy="joined")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
