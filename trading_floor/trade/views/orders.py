from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_floor import policy
from trading_floor.catalog.models import Listing
from trading_floor.catalog.visibility import is_public
from trading_floor.core.numbers import query_page
from trading_floor.extensions import db
from trading_floor.i18n import local_today
from trading_floor.trade import services
from trading_floor.trade.forms import ActionForm, OrderForm, number_of
from trading_floor.trade.models import ORDER_STATUSES
from trading_floor.trade.views import bp


def public_listing_or_404(listing_id: int) -> Listing:
    listing = db.get_or_404(Listing, listing_id)
    if not is_public(listing):
        abort(404)
    return listing


def _card_offered() -> bool:
    """Card payment is offered when the floor has Stripe keys (as the payments gateway reads them)."""
    config = current_app.config
    return bool(config.get("STRIPE_SECRET_KEY") and config.get("STRIPE_PUBLISHABLE_KEY"))


@bp.route("/san-pham/<int:listing_id>/dat-hang", methods=["GET", "POST"])
@login_required
def new_order(listing_id: int):
    """Two steps: the buyer fills the order, then sees everything it says and confirms it
    (or goes back, or cancels); only the confirmation places it."""
    listing = public_listing_or_404(listing_id)
    form = OrderForm()
    if not _card_offered():
        form.payment_method.choices = form.payment_method.choices[:1]
    if request.method == "GET" and listing.moq:
        form.quantity.data = str(listing.moq)
    step = request.form.get("step", "")
    if form.validate_on_submit() and step != "edit":
        quantity = number_of(form.quantity)
        try:  # only the quantity is taken from the form: the price is the server's
            if step != "place":
                price = services.price_listing(listing, quantity)
                return render_template("trade/order_confirm.html", form=form, listing=listing,
                                       quantity=quantity, price=price,
                                       answer_hours=services.answer_hours(listing.enterprise_id))
            order = services.create_order_from_listing(
                current_user, listing, quantity, form.delivery_address.data or "",
                form.note.data or "", payment_method=form.payment_method.data)
        except services.TradeError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã tạo đơn hàng %(ref)s.", ref=order.reference), "success")
            return redirect(url_for("trade.order", reference=order.reference))
    return render_template("trade/order_new.html", form=form, listing=listing,
                           base_price=listing.price_vnd,
                           season_warning=services.out_of_season(listing, local_today()))


@bp.route("/don-hang")
@login_required
def orders():
    page = query_page(request.args)
    membership = policy.membership_of(current_user)
    selling = membership is not None and policy.sells_for(current_user, membership.enterprise_id)
    side = request.args.get("ben", "ban" if selling else "mua")
    status = request.args.get("status")
    status = status if status in ORDER_STATUSES else None
    if side == "ban" and selling:
        pagination = services.orders_of_enterprise(membership.enterprise_id, status, page)
    else:
        side = "mua"
        pagination = services.orders_of_buyer(current_user, page)
    return render_template("trade/orders.html", pagination=pagination, side=side,
                           selling=selling, status=status, statuses=ORDER_STATUSES)


@bp.route("/don-hang/<reference>")
@login_required
def order(reference: str):
    found = services.visible_order(current_user, reference)
    if found is None:
        abort(404)
    return render_template("trade/order.html", order=found, form=ActionForm(),
                           actions=services.allowed_actions(current_user, found),
                           season_warnings=services.season_warnings(found)
                           if found.status in ("awaiting_payment", "paid") else [])


@bp.route("/don-hang/<reference>/thao-tac", methods=["POST"])
@login_required
def order_action(reference: str):
    found = services.visible_order(current_user, reference)
    if found is None:
        abort(404)
    form = ActionForm()
    action = request.form.get("action", "")
    if action == services.CONFIRM_TRANSFER and not request.form.get("confirm"):
        flash(_("Hãy đánh dấu ô xác nhận đã nhận đủ tiền trước khi ghi nhận."), "error")
    elif form.validate_on_submit():
        try:
            services.perform(found, current_user, action, form.note.data or "")
        except services.TradeError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã cập nhật đơn hàng."), "success")
    else:
        flash(_("Ghi chú quá dài."), "error")
    return redirect(url_for("trade.order", reference=found.reference))
