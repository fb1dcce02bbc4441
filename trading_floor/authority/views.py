"""The officers' register of authorities' requests: takedowns and data requests."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trading_floor.authority import services
from trading_floor.authority.forms import ActionForm, RequestForm, TakedownForm
from trading_floor.authority.models import DATA, AuthorityRequest
from trading_floor.catalog.services import ListingError
from trading_floor.core.spreadsheet import csv_bytes, report_xlsx_bytes
from trading_floor.extensions import db
from trading_floor.i18n import VN_TZ, local_today, to_local, utcnow
from trading_floor.policy import officer_required

bp = Blueprint("authority", __name__)
ZIP = "application/zip"


def _utc(local: datetime | None) -> datetime | None:
    """A Vietnamese wall-clock time typed in the form, as naive UTC."""
    if local is None:
        return None
    return local.replace(tzinfo=VN_TZ).astimezone(UTC).replace(tzinfo=None)


def _document(form: RequestForm) -> services.Document:
    return services.Document(form.issuer.data, form.document_number.data, form.document_date.data,
                             _utc(form.received_at.data), form.what.data)


def _defaults(form: RequestForm) -> None:
    form.received_at.data = to_local(utcnow()).replace(tzinfo=None, second=0, microsecond=0)
    form.document_date.data = local_today()


@bp.route("/so-cong-thuong/yeu-cau-co-quan")
@officer_required
def register():
    return render_template("authority/register.html", rows=services.register(),
                           kind_label=services.kind_label, hours=services.deadline_hours(),
                           form=ActionForm())


@bp.route("/so-cong-thuong/yeu-cau-co-quan/go-bo", methods=["GET", "POST"])
@officer_required
def new_takedown():
    form = TakedownForm()
    if not form.is_submitted():
        _defaults(form)
    elif form.validate():
        listing_id = (form.listing_id.data or "").strip()
        try:
            if listing_id and not listing_id.isdigit():
                raise services.AuthorityError(_("Số sản phẩm phải là một số."))
            services.record_takedown(current_user, _document(form),
                                     listing_id=int(listing_id) if listing_id else None,
                                     enterprise_code=form.enterprise_code.data or "",
                                     take_down_now=bool(form.take_down_now.data))
        except (services.AuthorityError, ListingError) as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Đã ghi yêu cầu vào sổ."), "success")
            return redirect(url_for("authority.register"))
    else:
        flash(_("Chưa lưu: hãy sửa các ô được đánh dấu."), "error")
    return render_template("authority/new.html", form=form, takedown=True,
                           hours=services.deadline_hours())


@bp.post("/so-cong-thuong/yeu-cau-co-quan/<int:request_id>/go-xuong")
@officer_required
def take_down(request_id: int):
    request_row = db.get_or_404(AuthorityRequest, request_id)
    if not ActionForm().validate_on_submit():
        flash(_("Yêu cầu không hợp lệ, không có thay đổi nào."), "error")
    else:
        try:
            count = services.take_down(current_user, request_row)
        except (services.AuthorityError, ListingError) as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Đã gỡ %(n)d sản phẩm.", n=count), "success")
    return redirect(url_for("authority.register"))


@bp.route("/so-cong-thuong/yeu-cau-co-quan/du-lieu", methods=["GET", "POST"])
@officer_required
def new_data_request():
    form = RequestForm()
    if not form.is_submitted():
        _defaults(form)
    elif form.validate():
        try:
            request_row = services.record_data_request(current_user, _document(form),
                                                       form.enterprise_code.data or "")
        except services.AuthorityError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Đã ghi yêu cầu vào sổ; tải tệp dữ liệu ở dòng của yêu cầu."), "success")
            return redirect(url_for("authority.register", _anchor=f"yc-{request_row.id}"))
    else:
        flash(_("Chưa lưu: hãy sửa các ô được đánh dấu."), "error")
    return render_template("authority/new.html", form=form, takedown=False,
                           hours=services.deadline_hours())


@bp.route("/so-cong-thuong/yeu-cau-co-quan/<int:request_id>/du-lieu.zip")
@officer_required
def data_zip(request_id: int):
    request_row = db.get_or_404(AuthorityRequest, request_id)
    if request_row.kind != DATA:
        abort(404)
    name, content = services.data_export(request_row)
    return Response(content, mimetype=ZIP,
                    headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.route("/so-cong-thuong/yeu-cau-co-quan/xuat.<any('csv', 'xlsx'):fmt>")
@officer_required
def export(fmt: str):
    headers, table = services.register_table(services.register())
    filename = f"yeu-cau-co-quan-{local_today().isoformat()}.{fmt}"
    disposition = {"Content-Disposition": f"attachment; filename={filename}"}
    if fmt == "csv":
        return Response(csv_bytes([headers, *table]), content_type="text/csv; charset=utf-8",
                        headers=disposition)
    return Response(report_xlsx_bytes(_("Yêu cầu"), _("Sổ yêu cầu của cơ quan có thẩm quyền"),
                                      headers, table),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers=disposition)
