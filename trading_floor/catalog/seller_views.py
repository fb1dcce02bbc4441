"""The seller workspace: an enterprise's members manage its listings (blueprint `seller`).

Every route that names a listing or a photo answers 404 to anyone who is not a member of that
listing's enterprise, so another enterprise cannot even learn that it exists.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from trading_floor import policy
from trading_floor.catalog import importer, services, taxonomy
from trading_floor.catalog.images import ACCEPT, MAX_PHOTOS
from trading_floor.catalog.listing_rules import (
    AVAILABILITY_LABELS,
    CERT_LABELS,
    SUGGESTED_UNITS,
    format_tiers,
)
from trading_floor.catalog.models import DELETED, LISTING_STATUSES, Listing, ListingImage
from trading_floor.catalog.seller_forms import (
    ActionForm,
    AnswerTimeForm,
    ListingForm,
    ListingImportForm,
)
from trading_floor.core.numbers import query_page
from trading_floor.extensions import db
from trading_floor.i18n import category_name, format_number
from trading_floor.imports import runs
from trading_floor.policy import member_required
from trading_floor.registry import services as registry_services
from trading_floor.registry.services import communes

bp = Blueprint("seller", __name__, url_prefix="/gian-hang")

# form field that shows each service error
FIELD_OF = {"price_vnd": "price", "origin_commune_code": "origin_commune_code"}


def _enterprise():
    return current_user.membership.enterprise


def _own_listing(listing_id: int) -> Listing:
    listing = db.session.get(Listing, listing_id)
    if (listing is None or listing.status == DELETED
            or not policy.can_manage_listings(current_user, listing.enterprise_id)):
        abort(404)
    return listing


def _category_choices() -> list[SelectChoice]:
    return [SelectChoice("", _("— chọn danh mục —"))] + [
        SelectChoice(str(c.id), "\u00a0\u00a0" * depth + category_name(c))
        for c, depth in taxonomy.tree()]


def _prepare(form: ListingForm) -> None:
    form.category.choices = _category_choices()
    form.origin_commune_code.choices = [SelectChoice("", _("— không ghi —"))] + [
        SelectChoice(str(u.code), u.name) for u in communes()]


def _input(form: ListingForm) -> services.ListingInput:
    availability = form.availability.data or "in_stock"
    if availability == "seasonal" and form.season_from.data and form.season_to.data:
        availability = f"seasonal:{form.season_from.data}-{form.season_to.data}"
    return services.ListingInput(
        sku=form.sku.data or "", title=form.title.data or "", title_en=form.title_en.data or "",
        description=form.description.data or "", category=form.category.data or "",
        price=form.price.data or "", unit=form.unit.data or "", moq=form.moq.data or "1",
        tiers=form.tiers.data or "", availability=availability,
        certifications=form.certifications.data or [], ocop_number=form.ocop_number.data or "",
        ocop_expires=form.ocop_expires.data,
        origin_commune_code=form.origin_commune_code.data or "",
        price_terms=form.price_terms.data or "")


def _fill(form: ListingForm, listing: Listing) -> None:
    form.title.data, form.title_en.data, form.sku.data = listing.title, listing.title_en, listing.sku
    form.category.data = str(listing.category_id)
    form.price.data = "" if listing.price_vnd is None else format_number(listing.price_vnd)
    form.unit.data, form.moq.data = listing.unit, str(listing.moq)
    form.tiers.data = format_tiers(listing.tiers)
    form.availability.data = listing.availability
    form.price_terms.data = listing.price_terms
    form.season_from.data = str(listing.season_from or "")
    form.season_to.data = str(listing.season_to or "")
    form.origin_commune_code.data = str(listing.origin_commune_code or "")
    form.certifications.data = listing.cert_codes
    ocop = next((c for c in listing.certifications if c.code.startswith("OCOP")), None)
    if ocop:
        form.ocop_number.data, form.ocop_expires.data = ocop.number, ocop.expires_on
    form.description.data = listing.description


def _show_errors(form: ListingForm, error: services.ListingError) -> None:
    for name, reason in error.fields.items():
        field = getattr(form, FIELD_OF.get(name, name), None)
        if field is not None:
            field.errors = [*field.errors, reason]
    flash(str(error), "error")


@bp.route("/")
@member_required
def workspace():
    enterprise = _enterprise()
    status = request.args.get("status") or None
    if status not in LISTING_STATUSES:
        status = None
    pagination = services.listings_of(enterprise.id, status, query_page(request.args))
    return render_template("seller/workspace.html", enterprise=enterprise, pagination=pagination,
                           status=status, counts=services.status_counts(enterprise.id),
                           statuses=LISTING_STATUSES, action=ActionForm())


def _edit(listing: Listing | None):
    form = ListingForm()
    _prepare(form)
    if request.method == "GET" and listing is not None:
        _fill(form, listing)
    if form.validate_on_submit():
        try:
            saved = services.save_listing(current_user, _enterprise() if listing is None
                                          else listing.enterprise, _input(form), listing,
                                          photos=request.files.getlist(form.photos.name),
                                          submit=bool(form.save_submit.data))
        except services.NotAllowed:
            abort(404)
        except services.ListingError as error:
            _show_errors(form, error)
        else:
            messages = {"draft": _("Đã lưu bản nháp."), "submitted": _("Đã gửi duyệt."),
                        "published": _("Sản phẩm đã được đăng.")}
            flash(messages.get(saved.status, _("Đã lưu.")), "success")
            return redirect(url_for("seller.edit", listing_id=saved.id))
    elif request.method == "POST":
        flash(_("Chưa lưu được: hãy kiểm tra các ô được đánh dấu."), "error")
    if listing is not None:
        # a failed save must not show half-applied values on the photos and history
        db.session.refresh(listing)
    return render_template("seller/edit.html", form=form, listing=listing,
                           units=SUGGESTED_UNITS, accept=ACCEPT, max_photos=MAX_PHOTOS,
                           history=services.history(listing) if listing else [],
                           action=ActionForm(), cert_labels=CERT_LABELS,
                           availability_labels=AVAILABILITY_LABELS)


@bp.route("/san-pham/moi", methods=["GET", "POST"])
@member_required
def new():
    return _edit(None)


@bp.route("/san-pham/<int:listing_id>", methods=["GET", "POST"])
@member_required
def edit(listing_id: int):
    return _edit(_own_listing(listing_id))


def _status_action(listing_id: int, action, done: str):
    listing = _own_listing(listing_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        action(current_user, listing)
    except services.NotAllowed:
        abort(404)
    except services.ListingError as error:
        flash(str(error), "error")
    else:
        flash(done, "success")
    return redirect(request.form.get("back") == "list" and url_for("seller.workspace")
                    or url_for("seller.edit", listing_id=listing_id))


@bp.post("/san-pham/<int:listing_id>/gui-duyet")
@member_required
def submit(listing_id: int):
    return _status_action(listing_id, services.submit_listing, _("Đã gửi duyệt."))


@bp.post("/san-pham/<int:listing_id>/luu-tru")
@member_required
def archive(listing_id: int):
    return _status_action(listing_id, services.archive_listing,
                          _("Đã lưu trữ: sản phẩm không còn hiển thị công khai."))


@bp.post("/san-pham/<int:listing_id>/sua-lai")
@member_required
def reopen(listing_id: int):
    return _status_action(listing_id, services.reopen_listing,
                          _("Sản phẩm đã chuyển về nháp để sửa."))


@bp.route("/san-pham/<int:listing_id>/xoa", methods=["GET", "POST"])
@member_required
def delete(listing_id: int):
    """GET asks for confirmation (what goes, what stays); POST deletes."""
    listing = _own_listing(listing_id)
    form = ActionForm()
    if request.method == "GET":
        return render_template("seller/delete.html", listing=listing, form=form,
                               keeps_history=services.ever_published(listing))
    if not form.validate_on_submit():
        abort(400)
    title = listing.title
    try:
        gone = services.delete_listing(current_user, listing)
    except services.NotAllowed:
        abort(404)
    except services.ListingError as error:
        flash(str(error), "error")
        return redirect(url_for("seller.workspace"))
    flash(_("Đã xoá «%(t)s».", t=title) if gone else
          _("Đã xoá «%(t)s»: sản phẩm không còn hiển thị ở đâu; lịch sử trạng thái được giữ lại.",
            t=title), "success")
    return redirect(url_for("seller.workspace"))


@bp.post("/anh/<int:image_id>/xoa")
@member_required
def delete_photo(image_id: int):
    image = db.session.get(ListingImage, image_id)
    if image is None or not policy.can_manage_listings(current_user, image.listing.enterprise_id):
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    listing_id = image.listing_id
    services.delete_photo(current_user, image)
    flash(_("Đã xoá ảnh."), "success")
    return redirect(url_for("seller.edit", listing_id=listing_id))


@bp.route("/thoi-gian-tra-loi", methods=["GET", "POST"])
@member_required
def answer_time():
    """The owner publishes how many hours the enterprise takes to accept an order."""
    enterprise = _enterprise()
    if not policy.is_owner(current_user, enterprise.id):
        abort(403)
    form = AnswerTimeForm()
    if request.method == "GET":
        form.answer_hours.data = str(enterprise.answer_hours or "")
    if form.validate_on_submit():
        try:
            registry_services.set_answer_hours(enterprise, form.answer_hours.data)
        except registry_services.RegistryError as error:
            form.answer_hours.errors = [str(error)]
            flash(str(error), "error")
        else:
            flash(_("Đã lưu thời gian trả lời đơn: %(h)d giờ.",
                    h=registry_services.answer_hours_of(enterprise)), "success")
            return redirect(url_for("seller.answer_time"))
    return render_template("seller/answer_time.html", form=form, enterprise=enterprise,
                           floor_hours=registry_services.answer_hours_of(None),
                           hours=registry_services.answer_hours_of(enterprise))


@bp.route("/nhap", methods=["GET", "POST"])
@member_required
def import_file():
    form = ListingImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        run = runs.start("listings", upload.read(), upload.filename or "upload.csv",
                         current_user.id, enterprise_id=_enterprise().id,
                         options={"submit": bool(form.submit_all.data)})
        return redirect(url_for("imports.run", run_id=run.id))
    if request.method == "POST":
        flash(_("Hãy chọn một tệp CSV hoặc XLSX."), "error")
    return render_template("seller/import.html", form=form, columns=list(importer.COLUMNS))


@bp.route("/xuat.<fmt>")
@member_required
def export(fmt: str):
    enterprise = _enterprise()
    if fmt == "csv":
        content, mimetype = importer.export_csv(enterprise.id), "text/csv"  # Flask adds the charset
    elif fmt == "xlsx":
        content = importer.export_xlsx(enterprise.id)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        abort(404)
    filename = f"san-pham-{enterprise.code}.{fmt}"
    return Response(content, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
