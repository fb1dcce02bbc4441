"""The Department's moderation desk (blueprint `moderation`) and the abuse-report button.

`moderation.report` (POST /san-pham/<listing_id>/bao-cao, field `reason`, optional `next`) is
what the public listing page posts to; every other route is for officers only.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_floor.catalog import moderation
from trading_floor.catalog.models import AbuseReport, Listing
from trading_floor.catalog.seller_forms import ActionForm, ReasonForm, ReportForm
from trading_floor.catalog.services import ListingError, NotAllowed, history
from trading_floor.core.redirects import safe_next
from trading_floor.extensions import db
from trading_floor.policy import officer_required

bp = Blueprint("moderation", __name__)
TABS = ("submitted", "published", "reports", "takedowns")


@bp.route("/so-cong-thuong/kiem-duyet")
@officer_required
def queue():
    tab = request.args.get("tab", "submitted")
    if tab not in TABS:
        tab = "submitted"
    page = request.args.get("page", 1, type=int)
    q = request.args.get("q", "")
    pagination = {
        "submitted": lambda: moderation.review_queue(page),
        "published": lambda: moderation.published(q, page),
        "reports": lambda: moderation.reports(moderation.OPEN, page),
        "takedowns": lambda: moderation.takedown_log(page),
    }[tab]()
    return render_template("moderation/queue.html", tab=tab, pagination=pagination, q=q,
                           counts=moderation.counts(), action=ActionForm(), reason=ReasonForm())


@bp.route("/so-cong-thuong/kiem-duyet/<int:listing_id>")
@officer_required
def review(listing_id: int):
    listing = db.get_or_404(Listing, listing_id)
    return render_template("moderation/review.html", listing=listing, history=history(listing),
                           action=ActionForm(), reason=ReasonForm())


def _decide(listing_id: int, decide, done: str, needs_reason: bool):
    listing = db.get_or_404(Listing, listing_id)
    form = ReasonForm() if needs_reason else ActionForm()
    if not form.validate_on_submit():
        flash(_("Cần ghi lý do.") if needs_reason else _("Yêu cầu không hợp lệ."), "error")
        return redirect(url_for("moderation.review", listing_id=listing_id))
    try:
        if needs_reason:
            decide(current_user, listing, form.reason.data)
        else:
            decide(current_user, listing)
    except NotAllowed:
        abort(403)
    except ListingError as error:
        flash(str(error), "error")
        return redirect(url_for("moderation.review", listing_id=listing_id))
    flash(done % {"title": listing.title}, "success")
    return redirect(safe_next(request.form.get("back")) or url_for("moderation.queue"))


@bp.post("/so-cong-thuong/kiem-duyet/<int:listing_id>/duyet")
@officer_required
def approve(listing_id: int):
    return _decide(listing_id, moderation.approve, _("Đã duyệt «%(title)s»."), False)


@bp.post("/so-cong-thuong/kiem-duyet/<int:listing_id>/tu-choi")
@officer_required
def reject(listing_id: int):
    return _decide(listing_id, moderation.reject, _("Đã từ chối «%(title)s»."), True)


@bp.post("/so-cong-thuong/kiem-duyet/<int:listing_id>/go")
@officer_required
def take_down(listing_id: int):
    return _decide(listing_id, moderation.take_down, _("Đã gỡ «%(title)s»."), True)


@bp.route("/san-pham/<int:listing_id>/bao-cao", methods=["GET", "POST"])
@login_required
def report(listing_id: int):
    """Any signed-in user reports a public listing (form fields: reason, next)."""
    listing = db.get_or_404(Listing, listing_id)
    if request.method == "GET":
        # reached after signing in from the report button: nothing was sent yet
        flash(_("Bạn đã đăng nhập. Hãy gửi lại báo cáo của mình."), "info")
        if "catalog.listing_by_id" in current_app.view_functions:
            return redirect(url_for("catalog.listing_by_id", listing_id=listing.id))
        return redirect(url_for("core.home"))
    form = ReportForm()
    back = safe_next(request.form.get("next")) or url_for("core.home")
    if not form.validate_on_submit():
        flash(_("Hãy cho biết sản phẩm này có vấn đề gì."), "error")
        return redirect(back)
    try:
        moderation.file_report(current_user, listing, form.reason.data)
    except NotAllowed:
        abort(404)
    except ListingError as error:
        flash(str(error), "error")
        return redirect(back)
    flash(_("Cảm ơn bạn. Sở Công Thương sẽ xem xét báo cáo."), "success")
    return redirect(back)


@bp.post("/so-cong-thuong/bao-cao/<int:report_id>/bo-qua")
@officer_required
def dismiss(report_id: int):
    abuse = db.get_or_404(AbuseReport, report_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        moderation.dismiss_report(current_user, abuse)
    except ListingError as error:
        flash(str(error), "error")
    else:
        flash(_("Đã bỏ qua báo cáo."), "success")
    return redirect(url_for("moderation.queue", tab="reports"))


@bp.post("/so-cong-thuong/bao-cao/<int:report_id>/xu-ly")
@officer_required
def act(report_id: int):
    abuse = db.get_or_404(AbuseReport, report_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Cần ghi lý do gỡ sản phẩm."), "error")
        return redirect(url_for("moderation.queue", tab="reports"))
    try:
        moderation.act_on_report(current_user, abuse, form.reason.data)
    except ListingError as error:
        flash(str(error), "error")
    else:
        flash(_("Đã xử lý báo cáo: sản phẩm đã bị gỡ."), "success")
    return redirect(url_for("moderation.queue", tab="reports"))
