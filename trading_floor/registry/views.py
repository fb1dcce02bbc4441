from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_floor.core.numbers import query_int, query_page
from trading_floor.extensions import db
from trading_floor.imports import runs
from trading_floor.policy import officer_required
from trading_floor.registry import services
from trading_floor.registry.forms import (
    ClaimForm,
    DecisionForm,
    InfoResponseForm,
    RegistryImportForm,
)
from trading_floor.registry.models import Claim

bp = Blueprint("registry", __name__)


@bp.app_template_global()
def my_claims() -> list[Claim]:
    """The signed-in user's claims, for the account page (the registry's part of that page)."""
    return services.claims_of(current_user) if current_user.is_authenticated else []


@bp.route("/doanh-nghiep/nhan", methods=["GET", "POST"])
@login_required
def claim():
    form = ClaimForm()
    if form.validate_on_submit():
        try:
            services.submit_claim(current_user, form.code.data, form.position.data or "",
                                  form.evidence.data or "")
        except services.RegistryError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã gửi yêu cầu. Sở Công Thương sẽ xác minh và báo kết quả cho bạn."),
                  "success")
            return redirect(url_for("accounts.account"))
    return render_template("registry/claim.html", form=form)


@bp.route("/tai-khoan/yeu-cau/<int:claim_id>/bo-sung", methods=["GET", "POST"])
@login_required
def respond(claim_id: int):
    claim = db.get_or_404(Claim, claim_id)
    if claim.user_id != current_user.id:
        abort(404)
    form = InfoResponseForm()
    if form.validate_on_submit():
        try:
            services.respond_to_info_request(current_user, claim, form.evidence.data)
        except services.RegistryError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã gửi thông tin bổ sung."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("registry/respond.html", form=form, claim=claim)


@bp.route("/so-cong-thuong/so-dang-ky", methods=["GET", "POST"])
@officer_required
def registry():
    form = RegistryImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        run = runs.start("registry", upload.read(), upload.filename or "upload.csv",
                         current_user.id)
        return redirect(url_for("imports.run", run_id=run.id))
    if request.method == "POST":
        flash(_("Hãy chọn một tệp CSV hoặc XLSX."), "error")
    page = query_page(request.args)
    commune = query_int(request.args, "commune")
    q = request.args.get("q", "")
    status = request.args.get("status") or None
    pagination = services.search_registry(q, commune, status, page)
    return render_template("registry/registry.html", form=form, pagination=pagination, communes=services.communes(), q=q,
                           commune=commune, status=status, counts=services.registry_counts())


@bp.route("/so-cong-thuong/xac-minh")
@officer_required
def queue():
    status = request.args.get("status", "pending")
    if status not in ("pending", "info_requested", "approved", "rejected"):
        status = "pending"
    return render_template("registry/queue.html", groups=services.verification_groups(status),
                           status=status, form=DecisionForm())


@bp.post("/so-cong-thuong/xac-minh/<int:claim_id>")
@officer_required
def decide(claim_id: int):
    claim = db.get_or_404(Claim, claim_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("Quyết định không hợp lệ."), "error")
    else:
        try:
            # approving: the note is also the reason the enterprise's other claims are told
            services.decide_claim(claim, current_user, form.decision.data, form.reason.data,
                                  others_reason=form.reason.data)
        except services.RegistryError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Đã ghi quyết định cho %(name)s.", name=claim.enterprise.name), "success")
    return redirect(url_for("registry.queue"))
