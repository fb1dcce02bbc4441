"""An enterprise's outside shops (its members record them in the workspace), the links on its
storefront, and the officers' coverage page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trading_floor import policy
from trading_floor.crosslisting import services
from trading_floor.crosslisting.floors import BY_KEY, FLOORS
from trading_floor.crosslisting.forms import ActionForm, OutsideShopForm
from trading_floor.crosslisting.models import OutsideShop
from trading_floor.extensions import db
from trading_floor.policy import member_required, officer_required

bp = Blueprint("crosslisting", __name__)
DIMENSIONS = ("commune", "sector", "size")


@bp.app_template_global()
def outside_shops(enterprise_id: int) -> list:
    """(floor label, URL) of the enterprise's current outside shops (for its storefront)."""
    return [(BY_KEY[s.floor].label if s.floor in BY_KEY else s.floor, s.url)
            for s in services.shops_of(enterprise_id)]


@bp.route("/gian-hang/san-khac", methods=["GET", "POST"])
@member_required
def shops():
    enterprise_id = policy.membership_of(current_user).enterprise_id
    form = OutsideShopForm()
    if form.validate_on_submit():
        try:
            services.add_shop(enterprise_id, form.floor.data, form.url.data, form.started_on.data,
                              current_user.id)
        except services.CrossListingError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã ghi gian hàng trên sàn khác."), "success")
            return redirect(url_for("crosslisting.shops"))
    return render_template("crosslisting/shops.html", form=form, action_form=ActionForm(),
                           shops=services.shops_of(enterprise_id, current_only=False),
                           floors=BY_KEY)


@bp.post("/gian-hang/san-khac/<int:shop_id>/ngung")
@member_required
def end(shop_id: int):
    shop = db.get_or_404(OutsideShop, shop_id)
    if not policy.is_member(current_user, shop.enterprise_id):
        abort(403)
    if ActionForm().validate_on_submit():
        services.end_shop(shop)
        flash(_("Đã ghi: không còn bán trên sàn này từ hôm nay."), "success")
    return redirect(url_for("crosslisting.shops"))


@bp.get("/so-cong-thuong/ket-noi-san")
@officer_required
def coverage():
    dimension = request.args.get("by", "commune")
    if dimension not in DIMENSIONS:
        dimension = "commune"
    table = services.coverage(dimension)
    names = services.group_names(dimension, list(table))
    rows = sorted(((names.get(key, str(key)), counts) for key, counts in table.items()),
                  key=lambda row: services.group_sort_key(dimension, row[0]))
    return render_template("crosslisting/coverage.html", rows=rows, floors=FLOORS,
                           dimension=dimension, dimensions=DIMENSIONS,
                           nowhere=services.on_no_floor(),
                           nowhere_count=services.count_on_no_floor())
