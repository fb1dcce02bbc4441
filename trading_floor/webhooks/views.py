"""/quan-tri/webhook: partner endpoints (add, switch off and on), deliveries with their status,
and a button to send one again. Administrators only."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trading_floor.extensions import db
from trading_floor.policy import admin_required
from trading_floor.webhooks import services
from trading_floor.webhooks.forms import EVENT_LABELS, ActionForm, EndpointForm
from trading_floor.webhooks.models import DELIVERY_STATUSES, WebhookDelivery, WebhookEndpoint

bp = Blueprint("webhooks", __name__, url_prefix="/quan-tri/webhook")


def _page(form: EndpointForm, new_secret: str | None = None, new_endpoint=None):
    status = request.args.get("status")
    status = status if status in DELIVERY_STATUSES else None
    return render_template("webhooks/admin.html", form=form, action_form=ActionForm(),
                           endpoints=services.endpoints(), deliveries=services.deliveries(status),
                           status=status, statuses=DELIVERY_STATUSES, labels=EVENT_LABELS,
                           new_secret=new_secret, new_endpoint=new_endpoint)


@bp.route("", methods=["GET", "POST"])
@admin_required
def admin():
    form = EndpointForm()
    if form.validate_on_submit():
        try:
            endpoint, secret = services.register_endpoint(
                form.name.data, form.url.data, form.events.data, current_user.id)
        except services.WebhookError as error:
            flash(str(error), "error")
        else:
            # the secret is shown on this response only (never in a cookie or a redirect)
            flash(_("Đã thêm đối tác %(name)s.", name=endpoint.name), "success")
            return _page(EndpointForm(formdata=None), secret, endpoint)
    return _page(form)


@bp.post("/<int:endpoint_id>/bat-tat")
@admin_required
def toggle(endpoint_id: int):
    endpoint = db.get_or_404(WebhookEndpoint, endpoint_id)
    if ActionForm().validate_on_submit():
        services.set_active(endpoint, not endpoint.active)
        flash(_("Đã bật gửi cho %(name)s.", name=endpoint.name) if endpoint.active
              else _("Đã tắt gửi cho %(name)s.", name=endpoint.name), "success")
    return redirect(url_for("webhooks.admin"))


@bp.post("/gui/<int:delivery_id>/gui-lai")
@admin_required
def resend(delivery_id: int):
    delivery = db.get_or_404(WebhookDelivery, delivery_id)
    if ActionForm().validate_on_submit():
        try:
            services.resend(delivery)
        except services.WebhookError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã đưa lần gửi #%(id)d vào hàng đợi.", id=delivery.id), "success")
    return redirect(url_for("webhooks.admin"))
