"""Downloading one's data, deleting one's account, and the officers' request log."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from trading_floor.core.forms import FloorForm
from trading_floor.extensions import db
from trading_floor.policy import officer_required
from trading_floor.privacy import services

bp = Blueprint("privacy", __name__)


class ButtonForm(FloorForm):
    """The CSRF token only."""


@bp.post("/tai-khoan/du-lieu-ca-nhan/tai-ve")
@login_required
def download():
    if not ButtonForm().validate_on_submit():
        flash(_("Yêu cầu không hợp lệ, không có thay đổi nào."), "error")
        return redirect(url_for("legal.my_data"))
    name, content = services.export_zip(current_user)
    return Response(content, mimetype="application/zip",
                    headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.post("/tai-khoan/xoa-tai-khoan")
@login_required
def delete_account():
    if not ButtonForm().validate_on_submit():
        flash(_("Yêu cầu không hợp lệ, không có thay đổi nào."), "error")
        return redirect(url_for("legal.my_data"))
    try:
        services.delete_account(current_user, request.form.get("password", ""))
    except services.PrivacyError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("legal.my_data"))
    logout_user()
    flash(_("Tài khoản của bạn đã được xóa."), "info")
    return redirect(url_for("core.home"))


@bp.route("/so-cong-thuong/yeu-cau-du-lieu-ca-nhan")
@officer_required
def request_log():
    return render_template("privacy/log.html", requests=services.request_log())
