"""Categories, listings with B2B terms, photos, certifications and the listing life cycle."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_floor.extensions import db
from trading_floor.i18n import local_today, slugify, utcnow

DRAFT, SUBMITTED, PUBLISHED, REJECTED, ARCHIVED = (
    "draft", "submitted", "published", "rejected", "archived",
)
# the statuses an enterprise sees in its workspace
LISTING_STATUSES = (DRAFT, SUBMITTED, PUBLISHED, REJECTED, ARCHIVED)
# a listing that was ever published and then deleted: the row and its status history stay (past
# participation is decided from them), nothing else shows it
DELETED = "deleted"
CERTIFICATIONS = (
    "OCOP3", "OCOP4", "OCOP5", "VietGAP", "GlobalGAP", "HACCP", "ISO22000", "ISO9001", "organic",
)
AVAILABILITIES = ("in_stock", "made_to_order", "seasonal")


class Category(db.Model):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    name_vi: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    position: Mapped[int] = mapped_column(default=0)

    parent: Mapped[Category | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Category]] = relationship(
        back_populates="parent", order_by="Category.position, Category.name_vi"
    )


class Listing(db.Model):
    __tablename__ = "listings"
    __table_args__ = (
        UniqueConstraint("enterprise_id", "sku"),
        Index("ix_listings_status_published", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"), index=True
    )
    sku: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    price_vnd: Mapped[int | None] = mapped_column(BigInteger)  # None = "liên hệ" (price on request)
    unit: Mapped[str] = mapped_column(String(20))
    moq: Mapped[int] = mapped_column(default=1)
    # [[qty, price_vnd], ...] quantities increasing, prices not increasing, first qty >= moq
    tiers: Mapped[list] = mapped_column(JSON, default=list)
    availability: Mapped[str] = mapped_column(String(20), default="in_stock")
    # VAT and delivery in the price: "" | all_in | ex_vat | ex_delivery | ex_both (listing_rules)
    price_terms: Mapped[str] = mapped_column(String(20), default="", server_default="")
    season_from: Mapped[int | None]
    season_to: Mapped[int | None]
    origin_commune_code: Mapped[int | None] = mapped_column(ForeignKey("admin_units.code"))
    status: Mapped[str] = mapped_column(String(12), default=DRAFT, index=True)
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    view_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]

    enterprise = relationship("RegistryEnterprise", lazy="joined")
    category: Mapped[Category] = relationship(lazy="joined")
    origin_commune = relationship("AdminUnit")
    certifications: Mapped[list[ListingCertification]] = relationship(
        back_populates="listing", cascade="all, delete-orphan", lazy="selectin"
    )
    images: Mapped[list[ListingImage]] = relationship(
        back_populates="listing", cascade="all, delete-orphan",
        order_by="ListingImage.position", lazy="selectin",
    )

    @property
    def slug(self) -> str:
        return slugify(self.title)

    @property
    def cert_codes(self) -> list[str]:
        return [c.code for c in self.certifications]


class ListingCertification(db.Model):
    __tablename__ = "listing_certifications"
    __table_args__ = (UniqueConstraint("listing_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(12))
    number: Mapped[str] = mapped_column(String(60), default="")
    expires_on: Mapped[date | None]

    listing: Mapped[Listing] = relationship(back_populates="certifications")

    @property
    def expired(self) -> bool:
        """Past its expiry date, in Vietnamese time (shown as such; the listing stays up)."""
        return self.expires_on is not None and self.expires_on < local_today()


class ListingImage(db.Model):
    __tablename__ = "listing_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(80))  # server-generated
    width: Mapped[int]
    height: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    listing: Mapped[Listing] = relationship(back_populates="images")


class ListingStatusEvent(db.Model):
    """Every status a listing had and when: participation of past periods is decided from it."""

    __tablename__ = "listing_status_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(12))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    # lets an event be added with a listing not flushed yet (imports add thousands at once)
    listing: Mapped[Listing] = relationship()


class Takedown(db.Model):
    """An officer took a published listing down, with a reason (the takedown log)."""

    __tablename__ = "takedowns"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    listing = relationship("Listing")
    officer = relationship("User")


class AbuseReport(db.Model):
    __tablename__ = "abuse_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | dismissed | actioned
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    handled_at: Mapped[datetime | None]

    listing = relationship("Listing")
    reporter = relationship("User", foreign_keys=[reporter_id])


class RejectionReason(db.Model):
    """A standard reason officers pick when they send a listing back (they edit the list).

    The text chosen is copied into the listing's rejection reason and its status event, so
    editing or removing a standard reason never changes what an enterprise was told.
    """

    __tablename__ = "rejection_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ListingChange(db.Model):
    """The latest change of a listing that is or was public, numbered by one monotonic sequence.

    Partners mirror the catalogue by reading these rows in `seq` order (the changed-since cursor):
    a listing that changes again moves to a new, higher seq; one that stopped being public (or was
    deleted) stays as a tombstone (public false). No foreign key: a tombstone outlives its row.
    """

    __tablename__ = "listing_changes"

    listing_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    public: Mapped[bool]
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChangeCounter(db.Model):
    """One row: the last seq handed out. Writers lock it first, so seqs commit in their order."""

    __tablename__ = "change_counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
