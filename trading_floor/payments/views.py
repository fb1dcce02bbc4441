"""Payment pages: the order's payment panel, the card pay page, the Stripe webhook, bank
settings for owners and the bank-statement import for officers. Thin: rules live in services."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from trading_floor import policy
from trading_floor.core import import_reports, security_headers
from trading_floor.core.numbers import whole_number
from trading_floor.extensions import csrf, db
from trading_floor.payments import banks, services, statements, vietqr, webhooks
from trading_floor.payments.forms import (
    BankAccountForm,
    ConfirmTransferForm,
    MethodForm,
    RefundForm,
    StatementForm,
)
from trading_floor.payments.gateway import GatewayError, SignatureInvalid, get_gateway
from trading_floor.trade.models import Order

bp = Blueprint("payments", __name__)


@bp.app_template_global()
def payment_panel(order):
    """Used by payments/_order_payment.html, which the trade order page includes."""
    return services.panel(order, current_user)


def _order(reference: str) -> Order:
    order = db.session.scalar(select(Order).where(Order.reference == reference))
    # someone else's order does not exist, as far as they can tell
    if order is None or not policy.can_view_order_payment(current_user, order):
        abort(404)
    return order


def _back(order: Order):
    return redirect(url_for("payments.order_payment", reference=order.reference))


@bp.route("/thanh-toan/don-hang/<reference>")
@login_required
def order_payment(reference: str):
    order = _order(reference)
    if request.args.get("sau-thanh-toan") and policy.can_pay_order(current_user, order):
        try:
            webhooks.sync_from_gateway(order)
        except GatewayError:  # the webhook will still bring the result
            current_app.logger.warning("payment status of %s not synced on return",
                                       order.reference, exc_info=True)
    return render_template("payments/order_payment.html", order=order)


@bp.route("/thanh-toan/don-hang/<reference>/cach-thanh-toan", methods=["POST"])
@login_required
def choose_method(reference: str):
    order = _order(reference)
    form = MethodForm()
    if form.validate_on_submit():
        try:
            services.choose_method(order, current_user, form.method.data)
        except services.PaymentForbidden:
            abort(403)
        except (services.PaymentError, GatewayError) as error:
            flash(str(error), "error")
        else:
            if order.payment_method == "card":
                return redirect(url_for("payments.pay_card", reference=order.reference))
            flash(_("Đã chọn chuyển khoản. Quét mã VietQR hoặc chuyển theo thông tin bên dưới."),
                  "success")
    return _back(order)


@bp.route("/thanh-toan/don-hang/<reference>/the")
@login_required
def pay_card(reference: str):
    order = _order(reference)
    try:
        intent = services.start_card_payment(order, current_user)
    except services.PaymentForbidden:
        abort(403)
    except (services.PaymentError, GatewayError) as error:
        flash(str(error), "error")
        return _back(order)
    security_headers.allow_stripe()  # the one page that loads Stripe.js
    return render_template("payments/pay_card.html", order=order, intent=intent,
                           panel=services.panel(order, current_user),
                           return_url=url_for("payments.order_payment", reference=order.reference,
                                              **{"sau-thanh-toan": 1}),
                           publishable_key=get_gateway().publishable_key,
                           stripe_js_url=current_app.config["STRIPE_JS_URL"])


@bp.route("/thanh-toan/don-hang/<reference>/vietqr.svg")
@login_required
def vietqr_svg(reference: str):
    order = _order(reference)
    panel = services.panel(order, current_user)
    if not panel.qr_payload:
        abort(404)
    return Response(vietqr.svg(panel.qr_payload), mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, no-store"})


@bp.route("/thanh-toan/don-hang/<reference>/da-nhan-chuyen-khoan", methods=["POST"])
@login_required
def confirm_transfer(reference: str):
    order = _order(reference)
    form = ConfirmTransferForm()
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.confirm.errors)) or _("Yêu cầu không hợp lệ."), "error")
    else:
        try:
            services.mark_transfer_received(order, current_user)
        except services.PaymentForbidden:
            abort(403)
        except services.PaymentError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã ghi nhận chuyển khoản của đơn %(ref)s.", ref=order.reference), "success")
            # the next step (shipping) is on the order page
            return redirect(url_for("trade.order", reference=order.reference))
    return _back(order)


@bp.route("/thanh-toan/don-hang/<reference>/hoan-tien", methods=["POST"])
@login_required
def refund(reference: str):
    order = _order(reference)
    form = RefundForm()
    if not policy.can_refund_payment(current_user, order):
        abort(403)
    if not form.validate_on_submit() or whole_number(form.payment_id.data) is None:
        if form.confirm.errors and not form.amount.errors:
            flash(" ".join(map(str, form.confirm.errors)), "error")
        else:
            flash(_("Số tiền hoàn phải là một số nguyên đồng lớn hơn 0."), "error")
    else:
        try:
            services.refund_card_payment(order, whole_number(form.payment_id.data), current_user,
                                         form.amount.data, form.reason.data or "")
        except services.PaymentForbidden:
            abort(403)
        except (services.PaymentError, GatewayError) as error:
            flash(str(error), "error")
        else:
            flash(_("Đã hoàn tiền cho đơn %(ref)s.", ref=order.reference), "success")
    return _back(order)


@bp.route("/payments/stripe/webhook", methods=["POST"])
@csrf.exempt  # Stripe signs the raw body instead; this is the only exempt form endpoint
def stripe_webhook():
    payload = request.get_data(cache=False, as_text=False)
    try:
        event = get_gateway().verify_webhook(payload, request.headers.get("Stripe-Signature"))
    except SignatureInvalid:
        return jsonify(error="invalid signature"), 400
    outcome = webhooks.handle_event(event)
    return jsonify(received=True, outcome=outcome)


@bp.route("/doanh-nghiep/tai-khoan-ngan-hang", methods=["GET", "POST"])
@login_required
def bank_account():
    membership = policy.membership_of(current_user)
    enterprise = membership.enterprise if membership else None
    if enterprise is None or not policy.can_edit_bank_account(current_user, enterprise.id):
        abort(403)
    form = BankAccountForm(obj=enterprise)
    if form.validate_on_submit():
        try:
            services.update_bank_account(enterprise, current_user, form.bank_bin.data,
                                         form.bank_account.data, form.bank_account_name.data)
        except services.PaymentError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã lưu tài khoản nhận chuyển khoản."), "success")
            return redirect(url_for("payments.bank_account"))
    return render_template("payments/bank_account.html", form=form, enterprise=enterprise,
                           banks=banks.BANKS, current_bank=banks.bank_by_bin(enterprise.bank_bin),
                           waiting=services.orders_waiting_for_bank_account(enterprise.id)
                           if not enterprise.bank_account else [])


@bp.route("/so-cong-thuong/sao-ke-ngan-hang", methods=["GET", "POST"])
@policy.officer_required
def statement_import():
    form = StatementForm()
    report = None
    if form.validate_on_submit():
        upload = form.file.data
        report = statements.import_statement(upload.read(), upload.filename or "sao-ke.csv",
                                             current_user)
        if report.ok:
            flash(_("Đã đối chiếu sao kê: khớp %(m)d, không khớp %(u)d, không rõ ràng %(a)d.",
                    m=report.count("matched"), u=report.count("unmatched"),
                    a=report.count("ambiguous")), "success")
        else:
            flash(_("Tệp bị từ chối, không có thay đổi nào: %(n)d lỗi.", n=len(report.errors)),
                  "error")
    elif request.method == "POST":
        flash(_("Hãy chọn một tệp CSV hoặc XLSX."), "error")
    return render_template("payments/statement_import.html", form=form, report=report,
                           report_download=import_reports.download_for(report, current_user.id),
                           columns=statements.COLUMNS)
