"""The Department's moderation desk (blueprint `moderation`) and the abuse-report button.

`moderation.report` (POST /san-pham/<listing_id>/bao-cao, field `reason`, optional `next`) is
what the public listing page posts to; every other route is for officers only.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_floor.catalog import moderation, review_queue
from trading_floor.catalog.models import AbuseReport, Listing, RejectionReason
from trading_floor.catalog.seller_forms import (
    ActionForm,
    ReasonForm,
    RejectForm,
    RejectionReasonForm,
    ReportForm,
)
from trading_floor.catalog.services import ListingError, NotAllowed, history
from trading_floor.core.numbers import MAX_ID, query_page, whole_number
from trading_floor.core.redirects import checked_next
from trading_floor.extensions import db
from trading_floor.policy import officer_required

bp = Blueprint("moderation", __name__)
TABS = ("submitted", "published", "reports", "takedowns")


def _reject_form() -> RejectForm:
    form = RejectForm()
    form.reasons.choices = [(r.id, r.text) for r in review_queue.standard_reasons()]
    return form


def _reject_form_refused(form: RejectForm) -> None:
    if form.reason.errors:
        flash(_("Lời ghi thêm dài quá 2000 ký tự."), "error")
    else:
        flash(_("Yêu cầu không hợp lệ."), "error")


@bp.route("/so-cong-thuong/kiem-duyet")
@officer_required
def queue():
    tab = request.args.get("tab", "submitted")
    if tab not in TABS:
        tab = "submitted"
    page = query_page(request.args)
    q = request.args.get("q", "")
    filters = review_queue.QueueFilters.from_args(request.args)
    pagination = {
        "submitted": lambda: review_queue.review_queue(filters, page),
        "published": lambda: moderation.published(q, page),
        "reports": lambda: moderation.reports(moderation.OPEN, page),
        "takedowns": lambda: moderation.takedown_log(page),
    }[tab]()
    extra = {}
    if tab == "submitted":
        extra = {"filters": filters, "summary": review_queue.summary(),
                 "enterprises": review_queue.enterprise_choices(),
                 "categories": review_queue.category_choices(), "ages": review_queue.AGES,
                 "reject": _reject_form(), "waiting": review_queue.waiting_label}
    return render_template("moderation/queue.html", tab=tab, pagination=pagination, q=q,
                           counts=moderation.counts(), action=ActionForm(), reason=ReasonForm(),
                           **extra)


@bp.route("/so-cong-thuong/kiem-duyet/<int:listing_id>")
@officer_required
def review(listing_id: int):
    listing = db.get_or_404(Listing, listing_id)
    return render_template("moderation/review.html", listing=listing, history=history(listing),
                           action=ActionForm(), reason=ReasonForm(), reject=_reject_form())


def _back() -> str:
    return checked_next(request.form.get("back")) or url_for("moderation.queue")


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
    return redirect(_back())


@bp.post("/so-cong-thuong/kiem-duyet/<int:listing_id>/duyet")
@officer_required
def approve(listing_id: int):
    return _decide(listing_id, moderation.approve, _("Đã duyệt «%(title)s»."), False)


@bp.post("/so-cong-thuong/kiem-duyet/<int:listing_id>/tu-choi")
@officer_required
def reject(listing_id: int):
    listing = db.get_or_404(Listing, listing_id)
    form = _reject_form()
    if not form.validate_on_submit():
        _reject_form_refused(form)
        return redirect(url_for("moderation.review", listing_id=listing_id))
    try:
        moderation.reject(current_user, listing,
                          review_queue.compose_reason(form.reasons.data, form.reason.data))
    except ListingError as error:
        flash(str(error), "error")
        return redirect(url_for("moderation.review", listing_id=listing_id))
    flash(_("Đã từ chối «%(title)s».", title=listing.title), "success")
    return redirect(_back())


def _picked_ids() -> list[int]:
    numbers = (whole_number(value) for value in request.form.getlist("listing_ids"))
    return [number for number in numbers if number is not None and number <= MAX_ID]


def _report_bulk(done: list[Listing], skipped: int, message: str) -> None:
    if done:
        flash(message % {"n": len(done), "titles": ", ".join(f"«{listing.title}»"
                                                            for listing in done[:5])}
              + ("…" if len(done) > 5 else ""), "success")
    if skipped:
        flash(_("%(n)d sản phẩm đã chọn không còn chờ duyệt (đã được xử lý hoặc sửa lại), "
                "bỏ qua.", n=skipped), "info")


@bp.post("/so-cong-thuong/kiem-duyet/duyet-nhieu")
@officer_required
def approve_many():
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        done, skipped = moderation.approve_many(current_user, _picked_ids())
    except ListingError as error:
        flash(str(error), "error")
    else:
        _report_bulk(done, skipped, _("Đã duyệt %(n)d sản phẩm: %(titles)s"))
    return redirect(_back())


@bp.post("/so-cong-thuong/kiem-duyet/tu-choi-nhieu")
@officer_required
def reject_many():
    form = _reject_form()
    if not form.validate_on_submit():
        _reject_form_refused(form)
        return redirect(_back())
    try:
        done, skipped = moderation.reject_many(
            current_user, _picked_ids(),
            review_queue.compose_reason(form.reasons.data, form.reason.data))
    except ListingError as error:
        flash(str(error), "error")
    else:
        _report_bulk(done, skipped, _("Đã từ chối %(n)d sản phẩm: %(titles)s"))
    return redirect(_back())


@bp.route("/so-cong-thuong/kiem-duyet/ly-do", methods=["GET", "POST"])
@officer_required
def reasons():
    """The standard rejection reasons: officers add, reword and remove them."""
    form = RejectionReasonForm()
    if form.validate_on_submit():
        try:
            review_queue.add_reason(form.text.data)
        except review_queue.ReasonError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã thêm lý do mẫu."), "success")
            return redirect(url_for("moderation.reasons"))
    elif request.method == "POST":
        flash(_("Hãy ghi nội dung lý do (tối đa 300 ký tự)."), "error")
    return render_template("moderation/reasons.html", form=form, action=ActionForm(),
                           reasons=review_queue.standard_reasons(),
                           counts=moderation.counts(), tab="reasons")


@bp.post("/so-cong-thuong/kiem-duyet/ly-do/<int:reason_id>")
@officer_required
def edit_reason(reason_id: int):
    reason = db.get_or_404(RejectionReason, reason_id)
    form = RejectionReasonForm()
    if not form.validate_on_submit():
        flash(_("Hãy ghi nội dung lý do (tối đa 300 ký tự)."), "error")
    else:
        try:
            review_queue.edit_reason(reason, form.text.data)
        except review_queue.ReasonError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã sửa lý do mẫu."), "success")
    return redirect(url_for("moderation.reasons"))


@bp.post("/so-cong-thuong/kiem-duyet/ly-do/<int:reason_id>/xoa")
@officer_required
def remove_reason(reason_id: int):
    reason = db.get_or_404(RejectionReason, reason_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    review_queue.remove_reason(reason)
    flash(_("Đã bỏ lý do mẫu (các sản phẩm đã bị từ chối vẫn giữ nguyên lời nhắn)."), "success")
    return redirect(url_for("moderation.reasons"))


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
    back = checked_next(request.form.get("next")) or url_for("core.home")
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
