from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_floor.catalog.visibility import is_public
from trading_floor.core.numbers import query_page
from trading_floor.trade import inquiries, notifications
from trading_floor.trade.forms import ActionForm, InquiryForm, ReplyForm, number_of
from trading_floor.trade.services import TradeError
from trading_floor.trade.views import bp
from trading_floor.trade.views.orders import public_listing_or_404


@bp.route("/san-pham/<int:listing_id>/hoi-hang", methods=["GET", "POST"])
@login_required
def new_inquiry(listing_id: int):
    listing = public_listing_or_404(listing_id)
    form = InquiryForm()
    if form.validate_on_submit():
        try:
            inquiry = inquiries.send_inquiry(current_user, listing, number_of(form.quantity),
                                             form.message.data)
        except TradeError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã gửi câu hỏi tới %(name)s.", name=listing.enterprise.name), "success")
            return redirect(url_for("trade.inquiry", inquiry_id=inquiry.id))
    return render_template("trade/inquiry_new.html", form=form, listing=listing)


@bp.route("/hop-thu")
@login_required
def inbox():
    pagination = inquiries.inbox(current_user, query_page(request.args))
    return render_template("trade/inbox.html", pagination=pagination,
                           unread_for=inquiries.unread_for)


@bp.route("/hop-thu/<int:inquiry_id>", methods=["GET", "POST"])
@login_required
def inquiry(inquiry_id: int):
    thread = inquiries.visible_inquiry(current_user, inquiry_id)
    if thread is None:
        abort(404)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            inquiries.reply(thread, current_user, form.message.data)
        except TradeError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã gửi tin nhắn."), "success")
            return redirect(url_for("trade.inquiry", inquiry_id=thread.id))
    inquiries.open_thread(thread, current_user)
    listing = thread.listing
    can_order = bool(thread.buyer_id == current_user.id and listing is not None
                     and listing.price_vnd is not None and is_public(listing))
    return render_template("trade/inquiry.html", inquiry=thread, form=form, can_order=can_order)


@bp.route("/thong-bao", methods=["GET", "POST"])
@login_required
def notifications_page():
    form = ActionForm()
    if form.validate_on_submit():
        notifications.mark_all_read(current_user)
        return redirect(url_for("trade.notifications_page"))
    return render_template("trade/notifications.html", items=notifications.recent(current_user),
                           form=form)
