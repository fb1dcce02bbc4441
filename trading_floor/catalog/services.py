"""Listings of an enterprise: validation, photos and the life cycle, with its audit trail.

Life cycle: draft → submitted → published | rejected → archived, and back to draft for editing;
any of them → deleted (a listing never published goes entirely instead).
Every status change writes a ListingStatusEvent (participation of past periods is decided from
those rows) and `listings_changed` is sent once the transaction is committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from trading_floor import policy
from trading_floor.catalog import images, listing_rules, photo_cleanup  # noqa: F401 (listeners)
from trading_floor.catalog.models import (
    ARCHIVED,
    DELETED,
    DRAFT,
    PUBLISHED,
    REJECTED,
    SUBMITTED,
    Category,
    Listing,
    ListingCertification,
    ListingImage,
    ListingStatusEvent,
)
from trading_floor.core.numbers import MAX_ID, whole_number
from trading_floor.core.signals import listings_changed
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.registry.models import AdminUnit, RegistryEnterprise

# which status each owner action starts from
SUBMITTABLE = (DRAFT, REJECTED)
ARCHIVABLE = (DRAFT, SUBMITTED, PUBLISHED, REJECTED)
REOPENABLE = (SUBMITTED, PUBLISHED, REJECTED, ARCHIVED)
CONTENT_FIELDS = ("sku", "title", "title_en", "description", "category_id", "price_vnd", "unit",
                  "moq", "tiers", "availability", "season_from", "season_to",
                  "origin_commune_code", "price_terms")
# trade terms change with the market: a published listing keeps them live without a new review
TERMS_FIELDS = frozenset({"price_vnd", "moq", "tiers", "availability", "season_from", "season_to",
                          "price_terms"})


class ListingError(ValueError):
    """A rule refused the request; `fields` maps form fields to reasons, str() sums it up."""

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


class NotAllowed(PermissionError):
    """The user may not touch this enterprise's listings (views answer 404)."""


@dataclass
class ListingInput:
    """What a person wrote for a listing, as text (from the form or a row of an import file)."""

    title: str
    category: str  # an id (the form), a slug or a Vietnamese name (a file)
    unit: str
    sku: str = ""
    title_en: str = ""
    description: str = ""
    price: str = ""
    moq: str = "1"
    tiers: str = ""
    availability: str = "in_stock"
    certifications: list[str] | str = field(default_factory=list)
    ocop_number: str = ""
    ocop_expires: date | None = None
    origin_commune_code: str = ""
    price_terms: str = ""


def validate(enterprise_id: int, data: ListingInput, listing_id: int | None = None,
             communes: set[int] | None = None,
             check_sku: bool = True) -> tuple[dict, list[str], dict[str, str]]:
    """Checks a listing: (values for the Listing columns, certification codes, errors by field).

    check_sku=False when the caller already knows every sku of the enterprise (an import).
    """
    errors: dict[str, str] = {}
    values: dict = {}
    sku = (data.sku or "").strip()
    if len(sku) > 64:
        errors["sku"] = _("mã sản phẩm dài quá 64 ký tự")
    elif sku and check_sku:
        clash = db.session.scalar(select(Listing.id).where(
            Listing.enterprise_id == enterprise_id, Listing.sku == sku,
            Listing.id != (listing_id or 0)))
        if clash:
            errors["sku"] = _("mã sản phẩm %(s)s đã dùng cho một sản phẩm khác của doanh nghiệp",
                              s=sku)
    values["sku"] = sku
    title = " ".join((data.title or "").split())
    if not title:
        errors["title"] = _("thiếu tên sản phẩm")
    elif len(title) > 200:
        errors["title"] = _("tên sản phẩm dài quá 200 ký tự")
    values["title"] = title
    title_en = " ".join((data.title_en or "").split())
    if len(title_en) > 200:
        errors["title_en"] = _("tên tiếng Anh dài quá 200 ký tự")
    values["title_en"] = title_en
    values["description"] = listing_rules.clean_description(data.description)
    category = _category(data.category)
    if category is None:
        errors["category"] = (_("«%(v)s»: không có danh mục này", v=data.category)
                              if str(data.category or "").strip() else _("chọn một danh mục"))
    else:
        values["category_id"] = category.id
    terms, term_errors = listing_rules.check_terms(data.price, data.unit, data.moq, data.tiers,
                                                   data.availability)
    errors.update(term_errors)
    values.update(price_vnd=terms.price_vnd, unit=terms.unit, moq=terms.moq, tiers=terms.tiers,
                  availability=terms.availability, season_from=terms.season_from,
                  season_to=terms.season_to)
    price_terms = (data.price_terms or "").strip()
    if price_terms not in listing_rules.PRICE_TERMS_LABELS:
        errors["price_terms"] = _("cách tính giá không hợp lệ")
    values["price_terms"] = price_terms
    codes: list[str] = []
    try:
        certifications = data.certifications
        codes = (listing_rules.parse_certifications(certifications)
                 if isinstance(certifications, str)
                 else listing_rules.parse_certifications(";".join(certifications)))
    except listing_rules.RuleError as error:
        errors["certifications"] = str(error)
    if len(data.ocop_number or "") > 60:
        errors["ocop_number"] = _("số chứng nhận dài quá 60 ký tự")
    origin = str(data.origin_commune_code or "").strip().lstrip("0")
    values["origin_commune_code"] = None
    if origin:
        known = communes if communes is not None else set(db.session.scalars(
            select(AdminUnit.code)))
        number = whole_number(origin)
        if number is None or number not in known:
            errors["origin_commune_code"] = _("«%(v)s» không phải mã xã/phường của tỉnh",
                                              v=data.origin_commune_code)
        else:
            values["origin_commune_code"] = number
    return values, codes, errors


def _category(ref) -> Category | None:
    from trading_floor.catalog.taxonomy import find_category

    text = str(ref or "").strip()
    number = whole_number(text)
    if number is not None:
        return db.session.get(Category, number) if number <= MAX_ID else None
    return find_category(text)


def _summary(errors: dict[str, str]) -> str:
    return _("Chưa lưu được, hãy sửa: %(list)s.", list="; ".join(errors.values()))


def _require_member(user, enterprise_id: int) -> None:
    if not policy.can_manage_listings(user, enterprise_id):
        raise NotAllowed()


def record_status(listing: Listing, status: str, actor_id: int | None, reason: str = "") -> None:
    """Moves a listing to a status and keeps the event (the caller commits)."""
    now = utcnow()
    listing.status = status
    if status == PUBLISHED:
        listing.published_at = now
        listing.rejection_reason = ""
    if status == REJECTED:
        listing.rejection_reason = reason
    db.session.add(ListingStatusEvent(listing=listing, enterprise_id=listing.enterprise_id,
                                      status=status, actor_id=actor_id, reason=reason,
                                      changed_at=now))


def commit_and_signal(listing_ids: list[int]) -> None:
    db.session.commit()
    if listing_ids:
        listings_changed.send(listing_ids=listing_ids)


def _next_sku(enterprise_id: int) -> str:
    count = db.session.scalar(select(func.count()).select_from(Listing)
                              .where(Listing.enterprise_id == enterprise_id)) or 0
    while True:
        count += 1
        sku = f"SP{count:04d}"
        if not db.session.scalar(select(Listing.id).where(Listing.enterprise_id == enterprise_id,
                                                          Listing.sku == sku)):
            return sku


def sync_certifications(listing: Listing, codes: list[str], ocop_number: str = "",
                        ocop_expires: date | None = None, keep_details: bool = True) -> None:
    """Certifications as given; numbers and expiry of codes kept stay (a file has no numbers)."""
    current = {c.code: c for c in listing.certifications}
    for code, certification in current.items():
        if code not in codes:
            listing.certifications.remove(certification)
    for code in codes:
        certification = current.get(code)
        if certification is None:
            certification = ListingCertification(code=code)
            listing.certifications.append(certification)
        if code.startswith("OCOP") and not keep_details:
            certification.number = (ocop_number or "").strip()
            certification.expires_on = ocop_expires


def _prepare_photos(listing: Listing | None, uploads) -> list[images.PreparedPhoto]:
    uploads = [u for u in uploads or () if u and getattr(u, "filename", "")]
    have = len(listing.images) if listing is not None else 0
    if have + len(uploads) > images.MAX_PHOTOS:
        raise ListingError(_("Mỗi sản phẩm có tối đa %(n)d ảnh (đã có %(h)d).",
                             n=images.MAX_PHOTOS, h=have), {"photos": _("quá nhiều ảnh")})
    prepared = []
    for upload in uploads:
        content = upload.read(images.MAX_BYTES + 1)
        try:
            prepared.append(images.prepare_photo(content, upload.filename))
        except images.PhotoError as error:
            raise ListingError(str(error), {"photos": str(error)}) from error
    return prepared


def save_listing(user, enterprise: RegistryEnterprise, data: ListingInput,
                 listing: Listing | None = None, photos=(), submit: bool = False) -> Listing:
    """Creates (listing=None) or edits a listing with its new photos; optionally submits it.

    Everything is checked before anything is written. Editing the content (title, description,
    category, photos, certifications…) of a listing that is not a draft puts it back to draft (it
    must be reviewed again); a published listing whose trade terms alone changed (price, MOQ,
    tiers, availability) stays published.
    """
    _require_member(user, enterprise.id)
    if listing is not None and listing.enterprise_id != enterprise.id:
        raise NotAllowed()
    values, codes, errors = validate(enterprise.id, data, listing.id if listing else None)
    if errors:
        raise ListingError(_summary(errors), errors)
    prepared = _prepare_photos(listing, photos)
    if not values["sku"]:
        values["sku"] = listing.sku if listing is not None else _next_sku(enterprise.id)
    stored: list[str] = []
    try:
        for photo in prepared:
            stored.append(images.store(photo))
        created = listing is None
        if created:
            listing = Listing(enterprise_id=enterprise.id, status=DRAFT, **values)
            db.session.add(listing)
            record_status(listing, DRAFT, user.id)
            changed = True
        else:
            before = {name: getattr(listing, name) for name in CONTENT_FIELDS}
            old_certs = [(c.code, c.number, c.expires_on) for c in listing.certifications]
            for name, value in values.items():
                setattr(listing, name, value)
            edited = {name for name in CONTENT_FIELDS if before[name] != getattr(listing, name)}
            changed = bool(stored) or bool(edited)
            terms_only = not stored and edited <= TERMS_FIELDS
        sync_certifications(listing, codes, data.ocop_number, data.ocop_expires,
                            keep_details=False)
        if not created and old_certs != [(c.code, c.number, c.expires_on)
                                         for c in listing.certifications]:
            changed, terms_only = True, False
        position = len(listing.images)
        for offset, (filename, photo) in enumerate(zip(stored, prepared, strict=True)):
            listing.images.append(ListingImage(filename=filename, width=photo.width,
                                               height=photo.height, position=position + offset))
        if not created and changed and listing.status != DRAFT and not (
                terms_only and listing.status == PUBLISHED):
            record_status(listing, DRAFT, user.id, _("sửa nội dung"))
        if submit and listing.status in SUBMITTABLE:  # already in review or public: just saved
            _submit(user, listing)
        db.session.flush()
        listing_id = listing.id
        commit_and_signal([listing_id])
    except BaseException:
        db.session.rollback()
        for filename in stored:
            images.remove(filename)
        raise
    return db.session.get(Listing, listing_id)


def _submit(user, listing: Listing) -> None:
    if listing.status not in SUBMITTABLE:
        raise ListingError(_("Chỉ gửi duyệt được sản phẩm nháp hoặc bị từ chối."))
    if current_app.config.get("LISTING_AUTO_PUBLISH"):
        record_status(listing, SUBMITTED, user.id)
        record_status(listing, PUBLISHED, None, _("tự động đăng"))
    else:
        record_status(listing, SUBMITTED, user.id)


def submit_listing(user, listing: Listing) -> None:
    """The owner asks for review (or, with LISTING_AUTO_PUBLISH, publishes at once)."""
    _require_member(user, listing.enterprise_id)
    _submit(user, listing)
    commit_and_signal([listing.id])


def archive_listing(user, listing: Listing) -> None:
    """The owner withdraws a listing; it leaves public view and stays in the workspace."""
    _require_member(user, listing.enterprise_id)
    if listing.status not in ARCHIVABLE:
        raise ListingError(_("Sản phẩm này đã được lưu trữ."))
    record_status(listing, ARCHIVED, user.id)
    commit_and_signal([listing.id])


def reopen_listing(user, listing: Listing) -> None:
    """Back to draft for editing (a published listing leaves public view until published again)."""
    _require_member(user, listing.enterprise_id)
    if listing.status not in REOPENABLE:
        raise ListingError(_("Sản phẩm đã là bản nháp."))
    record_status(listing, DRAFT, user.id)
    commit_and_signal([listing.id])


def ever_published(listing: Listing) -> bool:
    """Was this listing ever public (its history then matters to past participation rates)?"""
    return listing.published_at is not None or db.session.scalar(
        select(ListingStatusEvent.id).where(ListingStatusEvent.listing_id == listing.id,
                                            ListingStatusEvent.status == PUBLISHED)
        .limit(1)) is not None


def delete_listing(user, listing: Listing) -> bool:
    """The owner or staff deletes a listing; True when it went entirely.

    A listing never published (a draft, a rejected submission) goes with its history. A listing
    that was ever published keeps its row and status history, with a `deleted` event (who,
    when): past participation rates are decided from that history. Its photos go in both cases
    (rows now, files once the transaction committed: see photo_cleanup), its sku is freed for a
    new listing, and it leaves the workspace, the public pages, the API and the search index.
    """
    _require_member(user, listing.enterprise_id)
    if listing.status == DELETED:
        raise ListingError(_("Sản phẩm này đã bị xoá."))
    listing_id = listing.id
    if not ever_published(listing):
        db.session.delete(listing)
        gone = True
    else:
        old_sku = listing.sku
        listing.images.clear()
        # the (enterprise, sku) pair is unique: a deleted listing hands its sku back
        listing.sku = f"{old_sku[:40]}~deleted-{listing.id}"
        record_status(listing, DELETED, user.id, _("xoá (mã sản phẩm %(s)s)", s=old_sku))
        gone = False
    try:
        commit_and_signal([listing_id])
    except BaseException:
        db.session.rollback()
        raise
    return gone


def delete_photo(user, image: ListingImage) -> None:
    """Removes one photo of a listing (the row, then the files)."""
    listing = image.listing
    _require_member(user, listing.enterprise_id)
    filename = image.filename
    listing.images.remove(image)
    for position, remaining in enumerate(listing.images):
        remaining.position = position
    commit_and_signal([listing.id])
    images.remove(filename)


def listings_of(enterprise_id: int, status: str | None = None, page: int = 1,
                per_page: int = 50):
    stmt = select(Listing).where(Listing.enterprise_id == enterprise_id, Listing.status != DELETED)
    if status:
        stmt = stmt.where(Listing.status == status)
    stmt = stmt.order_by(Listing.updated_at.desc(), Listing.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def status_counts(enterprise_id: int) -> dict[str, int]:
    return dict(db.session.execute(select(Listing.status, func.count())
                                   .where(Listing.enterprise_id == enterprise_id,
                                          Listing.status != DELETED)
                                   .group_by(Listing.status)).all())


def history(listing: Listing) -> list[ListingStatusEvent]:
    return list(db.session.scalars(select(ListingStatusEvent)
                                   .where(ListingStatusEvent.listing_id == listing.id)
                                   .order_by(ListingStatusEvent.changed_at,
                                             ListingStatusEvent.id)))
