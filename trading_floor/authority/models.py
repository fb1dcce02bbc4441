"""The register of authorities' requests."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_floor.extensions import db
from trading_floor.i18n import utcnow

TAKEDOWN, DATA = "takedown", "data"
KINDS = (TAKEDOWN, DATA)
LISTING, STOREFRONT = "listing", "storefront"


class AuthorityRequest(db.Model):
    """A competent authority's document: take a listing or a storefront down, or hand over an
    enterprise's data. Kept with who recorded it and what was done."""

    __tablename__ = "authority_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    issuer: Mapped[str] = mapped_column(String(255))
    document_number: Mapped[str] = mapped_column(String(100))
    document_date: Mapped[date]
    received_at: Mapped[datetime]
    what: Mapped[str] = mapped_column(Text)
    # a takedown's target: one listing, or the whole storefront (every published listing)
    target: Mapped[str | None] = mapped_column(String(20))
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listings.id", ondelete="SET NULL"))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("registry_enterprises.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]  # taken down, or data handed over
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    listings_taken_down: Mapped[int] = mapped_column(default=0)

    listing = relationship("Listing")
    enterprise = relationship("RegistryEnterprise")
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    done_by = relationship("User", foreign_keys=[done_by_id])

    @property
    def reference_text(self) -> str:
        return f"{self.issuer}, {self.document_number}, {self.document_date:%d/%m/%Y}"
