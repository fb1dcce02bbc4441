"""Pages: an administrator's partner keys (/quan-tri/doi-tac) and an owner's seller API tokens
(/gian-hang/ma-api). A new key or token is shown once, on the page that made it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trading_floor import policy
from trading_floor.partners import keys
from trading_floor.partners.forms import SCOPE_LABELS, PartnerKeyForm, RevokeForm, SellerTokenForm
from trading_floor.policy import admin_required, member_required

bp = Blueprint("partners", __name__)


@bp.route("/quan-tri/doi-tac", methods=["GET", "POST"])
@admin_required
def partner_keys():
    form, raw = PartnerKeyForm(), None
    if form.validate_on_submit():
        try:
            _key, raw = keys.create_partner_key(form.partner.data, form.scopes.data, current_user)
        except keys.KeyRefused as error:
            flash(str(error), "error")
        else:
            form = PartnerKeyForm(formdata=None)
    return render_template("partners/keys.html", form=form, revoke_form=RevokeForm(), raw=raw,
                           keys=keys.partner_keys(), scope_labels=SCOPE_LABELS)


@bp.post("/quan-tri/doi-tac/<int:key_id>/thu-hoi")
@admin_required
def revoke_partner_key(key_id: int):
    if RevokeForm().validate_on_submit():
        try:
            keys.revoke_partner_key(key_id, current_user)
        except keys.KeyRefused as error:
            flash(str(error), "error")
        else:
            flash(_("Đã thu hồi khoá."), "success")
    return redirect(url_for("partners.partner_keys"))


def _owned_enterprise_id() -> int:
    enterprise_id = current_user.membership.enterprise_id
    if not policy.is_owner(current_user, enterprise_id):
        abort(403)
    return enterprise_id


@bp.route("/gian-hang/ma-api", methods=["GET", "POST"])
@member_required
def seller_tokens():
    enterprise_id = _owned_enterprise_id()
    form, raw = SellerTokenForm(), None
    if form.validate_on_submit():
        try:
            _token, raw = keys.create_seller_token(current_user, enterprise_id, form.name.data)
        except keys.KeyRefused as error:
            flash(str(error), "error")
        else:
            form = SellerTokenForm(formdata=None)
    return render_template("partners/seller_tokens.html", form=form, revoke_form=RevokeForm(),
                           raw=raw, tokens=keys.seller_tokens(enterprise_id))


@bp.post("/gian-hang/ma-api/<int:token_id>/thu-hoi")
@member_required
def revoke_seller_token(token_id: int):
    enterprise_id = _owned_enterprise_id()
    if RevokeForm().validate_on_submit():
        try:
            keys.revoke_seller_token(current_user, enterprise_id, token_id)
        except keys.KeyRefused as error:
            flash(str(error), "error")
        else:
            flash(_("Đã thu hồi mã."), "success")
    return redirect(url_for("partners.seller_tokens"))
