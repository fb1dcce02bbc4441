"""Complaints for members (file, follow, answer) and the officers' register with its export."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_floor.complaints import services
from trading_floor.complaints.forms import ComplaintForm, StepForm
from trading_floor.complaints.models import STATUSES
from trading_floor.core.spreadsheet import csv_bytes, report_xlsx_bytes
from trading_floor.extensions import db
from trading_floor.i18n import local_today
from trading_floor.policy import officer_required

bp = Blueprint("complaints", __name__)


@bp.app_template_global("complaint_status_label")
def complaint_status_label(status: str) -> str:
    return services.status_label(status)


@bp.route("/khieu-nai/moi", methods=["GET", "POST"])
@login_required
def new():
    try:
        subject = services.subject_for(
            current_user, order_ref=request.args.get("don", ""),
            listing_id=request.args.get("san-pham", type=int),
            enterprise_code=request.args.get("doanh-nghiep", ""))
    except services.ComplaintError as error:
        flash(str(error), "error")
        return redirect(url_for("complaints.mine"))
    form = ComplaintForm()
    if form.validate_on_submit():
        try:
            complaint = services.file_complaint(current_user, subject, form.title.data,
                                                form.description.data)
        except services.ComplaintError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Đã gửi khiếu nại %(ref)s.", ref=complaint.reference), "success")
            return redirect(url_for("complaints.complaint", complaint_id=complaint.id))
    return render_template("complaints/new.html", form=form, subject=subject,
                           answer_days=services.answer_days())


@bp.route("/khieu-nai")
@login_required
def mine():
    return render_template("complaints/mine.html", complaints=services.mine(current_user))


@bp.route("/khieu-nai/<int:complaint_id>")
@login_required
def complaint(complaint_id: int):
    found = services.visible(current_user, complaint_id)
    if found is None:
        abort(404)
    return render_template("complaints/complaint.html", complaint=found, form=StepForm(),
                           actions=services.allowed_actions(current_user, found),
                           action_label=services.action_label,
                           overdue=services.is_overdue(found))


@bp.post("/khieu-nai/<int:complaint_id>/thao-tac")
@login_required
def act(complaint_id: int):
    found = services.visible(current_user, complaint_id)
    if found is None:
        abort(404)
    form = StepForm()
    if not form.validate_on_submit():
        flash(_("Nội dung tối đa 5.000 ký tự."), "error")
    else:
        try:
            services.act(current_user, found, request.form.get("action", ""), form.text.data)
        except services.ComplaintError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Đã ghi nhận."), "success")
    return redirect(url_for("complaints.complaint", complaint_id=found.id))


def _register_args() -> tuple[str | None, bool]:
    status = request.args.get("status")
    status = status if status in STATUSES or status == "open_all" else None
    return status, request.args.get("qua-han") == "1"


@bp.route("/so-cong-thuong/khieu-nai")
@officer_required
def register():
    status, overdue = _register_args()
    rows = services.register(status, overdue)
    return render_template("complaints/register.html", rows=rows, status=status, overdue=overdue,
                           statuses=STATUSES)


@bp.route("/so-cong-thuong/khieu-nai/xuat.<any('csv', 'xlsx'):fmt>")
@officer_required
def export(fmt: str):
    status, overdue = _register_args()
    headers, table = services.register_table(services.register(status, overdue))
    filename = f"khieu-nai-{local_today().isoformat()}.{fmt}"
    disposition = {"Content-Disposition": f"attachment; filename={filename}"}
    if fmt == "csv":
        return Response(csv_bytes([headers, *table]), content_type="text/csv; charset=utf-8",
                        headers=disposition)
    return Response(report_xlsx_bytes(_("Khiếu nại"), _("Sổ khiếu nại"), headers, table),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers=disposition)
