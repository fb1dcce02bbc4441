from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from trading_floor import policy
from trading_floor.catalog.models import Category
from trading_floor.catalog.structured_data import embed
from trading_floor.core.numbers import query_int, query_page
from trading_floor.core.signals import accessed
from trading_floor.extensions import db
from trading_floor.i18n import category_name
from trading_floor.registry.services import communes
from trading_floor.trade import rfqs
from trading_floor.trade.forms import ActionForm, ConfirmForm, QuoteForm, RfqForm, number_of
from trading_floor.trade.models import Quote
from trading_floor.trade.services import TradeError
from trading_floor.trade.structured_data import demand_jsonld
from trading_floor.trade.views import bp


def category_choices() -> list[tuple[Category, str]]:
    """Top-level categories with their children indented under them."""
    every = list(db.session.scalars(select(Category).order_by(Category.position,
                                                              Category.name_vi)))
    children: dict[int | None, list[Category]] = {}
    for category in every:
        children.setdefault(category.parent_id, []).append(category)
    out: list[tuple[Category, str]] = []

    def walk(parent_id, depth):
        for category in children.get(parent_id, []):
            out.append((category, "\u2014 " * depth + category_name(category)))
            walk(category.id, depth + 1)

    walk(None, 0)
    return out


def record_rfq_access(rfq) -> None:
    """An enterprise member opening a request counts for the access rate (monitoring's rule)."""
    if rfq.buyer_id == current_user.id or policy.membership_of(current_user) is None:
        return
    accessed.send(user=current_user, kind="rfq")


@bp.route("/chao-mua")
def rfq_board():
    category = query_int(request.args, "category")
    commune = query_int(request.args, "commune")
    pagination = rfqs.board(category, commune, query_page(request.args))
    mine = rfqs.rfqs_of(current_user) if current_user.is_authenticated else []
    return render_template("trade/rfq_board.html", pagination=pagination, mine=mine,
                           categories=category_choices(), communes=communes(),
                           category=category, commune=commune)


@bp.route("/chao-mua/moi", methods=["GET", "POST"])
@login_required
def new_rfq():
    form = RfqForm()
    form.fill_choices(category_choices(), communes())
    if form.validate_on_submit():
        try:
            rfq = rfqs.create_rfq(
                current_user, title=form.title.data, description=form.description.data or "",
                category_id=int(form.category.data), quantity=number_of(form.quantity),
                unit=form.unit.data, target_price_vnd=number_of(form.target_price),
                delivery_commune_code=int(form.delivery_commune.data)
                if form.delivery_commune.data else None,
                delivery_place=form.delivery_place.data or "", deadline_day=form.deadline.data)
        except TradeError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã đăng yêu cầu chào mua."), "success")
            return redirect(url_for("trade.rfq", rfq_id=rfq.id))
    return render_template("trade/rfq_new.html", form=form)


@bp.route("/chao-mua/<int:rfq_id>", methods=["GET", "POST"])
def rfq(rfq_id: int):
    found = rfqs.get_rfq(rfq_id)
    if found is None:
        abort(404)
    form = QuoteForm()
    own = current_user.is_authenticated and found.buyer_id == current_user.id
    can_quote = current_user.is_authenticated and policy.can_quote(current_user, found)
    if request.method == "POST":
        if not can_quote:
            abort(403)
        if form.validate_on_submit():
            try:
                rfqs.submit_quote(current_user, found, unit_price_vnd=number_of(form.unit_price),
                                  quantity=number_of(form.quantity),
                                  lead_time_days=number_of(form.lead_time_days),
                                  valid_until=form.valid_until.data, note=form.note.data or "")
            except TradeError as error:
                flash(str(error), "error")
            else:
                flash(_("Đã gửi báo giá."), "success")
                return redirect(url_for("trade.rfq", rfq_id=found.id))
    elif current_user.is_authenticated:
        record_rfq_access(found)
        form.quantity.data = str(found.quantity)
    my_quote = None
    if can_quote:
        my_quote = rfqs.quote_of(found, policy.membership_of(current_user).enterprise_id)
    is_open = rfqs.is_open(found)
    jsonld = embed(demand_jsonld(found, url_for("trade.rfq", rfq_id=found.id, _external=True),
                                 is_open))
    return render_template("trade/rfq.html", rfq=found, form=form, own=own, can_quote=can_quote,
                           my_quote=my_quote, is_open=is_open, jsonld=jsonld,
                           action_form=ActionForm(), today=rfqs.today_vn())


@bp.route("/chao-mua/bao-gia/<int:quote_id>/chap-nhan", methods=["GET", "POST"])
@login_required
def accept_quote(quote_id: int):
    """GET: the confirmation step (what will be ordered, at what total); POST from it: accept."""
    quote = db.get_or_404(Quote, quote_id)
    if quote.rfq.buyer_id != current_user.id:
        abort(404)
    form = ConfirmForm()
    if request.method == "GET" or not form.validate_on_submit():
        if request.method == "POST":
            if form.csrf_token.errors:
                abort(400)
            flash(" ".join(map(str, form.confirm.errors)), "error")
        return render_template("trade/accept_quote.html", quote=quote, rfq=quote.rfq, form=form)
    try:
        order = rfqs.accept_quote(current_user, quote)
    except TradeError as error:
        flash(str(error), "error")
        return redirect(url_for("trade.rfq", rfq_id=quote.rfq_id))
    flash(_("Đã chấp nhận báo giá. Đơn hàng %(ref)s đã được tạo.", ref=order.reference), "success")
    return redirect(url_for("trade.order", reference=order.reference))


@bp.route("/chao-mua/<int:rfq_id>/huy", methods=["POST"])
@login_required
def cancel_rfq(rfq_id: int):
    found = rfqs.get_rfq(rfq_id)
    if found is None or found.buyer_id != current_user.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        rfqs.cancel_rfq(current_user, found)
    except TradeError as error:
        flash(str(error), "error")
    else:
        flash(_("Đã hủy yêu cầu chào mua."), "success")
    return redirect(url_for("trade.rfq", rfq_id=found.id))
