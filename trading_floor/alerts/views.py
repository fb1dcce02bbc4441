"""/tai-khoan/thong-bao (each kind of e-mail with its frequency, the e-mails' language, the saved
searches), saving a search from the search page, and the one-click unsubscribe link."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_floor import policy
from trading_floor.alerts import preferences, saved_searches
from trading_floor.alerts.forms import ActionForm, PreferencesForm, SaveSearchForm
from trading_floor.core.redirects import safe_next
from trading_floor.extensions import csrf, db

bp = Blueprint("alerts", __name__)


@bp.app_context_processor
def helpers():
    def save_search_form():
        """The search page's "Lưu tìm kiếm" button, for signed-in buyers only."""
        if not policy.can_buy(current_user):
            return None
        return SaveSearchForm(formdata=None, data=request.args.to_dict())

    return {"alerts_save_search_form": save_search_form}


@bp.route("/tai-khoan/thong-bao", methods=["GET", "POST"])
@login_required
def preferences_page():
    chosen = preferences.frequencies_of(current_user.id)
    form = PreferencesForm(data={**chosen, "locale": current_user.locale or "vi"})
    if form.validate_on_submit():
        for kind in preferences.KINDS:
            preferences.set_frequency(current_user, kind, getattr(form, kind).data, commit=False)
        preferences.set_language(current_user, form.locale.data)  # commits both
        flash(_("Đã lưu lựa chọn nhận thư."), "success")
        return redirect(url_for("alerts.preferences_page"))
    return render_template("alerts/preferences.html", form=form, kinds=preferences.KINDS,
                           saved=saved_searches.saved_searches_of(current_user),
                           describe=saved_searches.describe,
                           query_string=saved_searches.query_string,
                           action_form=ActionForm()), 400 if form.errors else 200


@bp.route("/tai-khoan/thong-bao/tim-kiem", methods=["POST"])
@login_required
def save_search():
    form = SaveSearchForm()
    back = url_for("search.results", **{k: v for k, v in (form.data or {}).items()
                                        if k in ("q", *saved_searches.FILTER_KEYS) and v})
    if not form.validate_on_submit():
        flash(_("Phiên làm việc đã hết hạn, hãy thử lại."), "error")
        return redirect(safe_next(back, url_for("search.results")))
    try:
        saved_searches.save_search(current_user, form.data)
    except saved_searches.SavedSearchError as error:
        flash(str(error), "error")
        return redirect(safe_next(back, url_for("search.results")))
    flash(_("Đã lưu tìm kiếm. Sản phẩm mới khớp sẽ đến trong thư tổng hợp của bạn."), "success")
    return redirect(safe_next(back, url_for("search.results")))


@bp.route("/tai-khoan/thong-bao/tim-kiem/<int:saved_id>/xoa", methods=["POST"])
@login_required
def delete_search(saved_id: int):
    if ActionForm().validate_on_submit() and saved_searches.delete_search(current_user, saved_id):
        flash(_("Đã xoá tìm kiếm đã lưu."), "success")
    return redirect(url_for("alerts.preferences_page"))


@bp.route("/ngung-nhan-thu/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: the mail client POSTs without a form; the token authorises
def unsubscribe(token: str):
    try:
        user, kind = preferences.read_unsubscribe(token)
        if request.method == "POST":
            user, kind = preferences.unsubscribe(token)
    except preferences.PreferenceError as error:
        db.session.rollback()
        return render_template("alerts/unsubscribe.html", error=str(error)), 400
    return render_template("alerts/unsubscribe.html", error=None, kind=preferences.KINDS[kind],
                           done=request.method == "POST", email=user.email, form=ActionForm())
