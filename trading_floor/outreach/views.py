"""Campaign pages (officers), the personal claim link and the opt-out (enterprises)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from trading_floor.core import qr
from trading_floor.core.spreadsheet import csv_bytes, report_xlsx_bytes
from trading_floor.extensions import csrf, db
from trading_floor.monitoring.services import DIMENSIONS, SIZE_LABELS
from trading_floor.outreach import demand, funnel, services
from trading_floor.outreach.forms import (
    CampaignForm,
    ClaimLinkForm,
    OptOutForm,
    SettingsForm,
    StartForm,
)
from trading_floor.outreach.models import Campaign
from trading_floor.policy import is_officer, officer_required
from trading_floor.registry.codes import SECTION_NAMES
from trading_floor.registry.services import communes

bp = Blueprint("outreach", __name__)
LETTER_KINDS = ("all", "no_email", "unanswered")


@bp.app_template_global()
def outreach_opt_outs() -> set[int]:
    """Enterprises that refused campaign e-mail (shown on the outreach list)."""
    return services.opted_out_ids()


def _by_label(by: str | None) -> str:
    return {"commune": _("Xã/phường"), "sector": _("Ngành"),
            "size": _("Quy mô")}.get(by or "", _("Nhóm"))


@bp.route("/so-cong-thuong/chien-dich")
@officer_required
def campaigns():
    items = services.campaigns()
    return render_template("outreach/campaigns.html", campaigns=items,
                           counts={c.id: services.target_counts(c) for c in items})


@bp.route("/so-cong-thuong/chien-dich/moi", methods=["GET", "POST"])
@officer_required
def new():
    try:
        filters = services.parse_filters(request.args)
    except services.OutreachError as error:
        flash(str(error), "error")
        filters = services.Filters()
    form = CampaignForm()
    if request.method == "GET":
        form.subject.data = services.DEFAULT_SUBJECT
        form.body.data = services.DEFAULT_BODY
    if form.validate_on_submit():
        try:
            campaign = services.create_campaign(current_user, form.name.data, filters,
                                               form.subject.data, form.body.data)
        except services.OutreachError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Đã tạo chiến dịch nháp «%(name)s».", name=campaign.name), "success")
            return redirect(url_for("outreach.campaign", campaign_id=campaign.id))
    elif request.method == "POST":
        flash(_("Hãy kiểm tra lại các ô được đánh dấu."), "error")
    group = services.target_group(filters)
    return render_template("outreach/new.html", form=form, filters=filters, group=group,
                           preview=group.lines[:50], communes=communes(),
                           sections=SECTION_NAMES, sizes=SIZE_LABELS,
                           placeholders=services.PLACEHOLDERS)


@bp.route("/so-cong-thuong/chien-dich/<int:campaign_id>", methods=["GET", "POST"])
@officer_required
def campaign(campaign_id: int):
    item = db.get_or_404(Campaign, campaign_id)
    form = CampaignForm(obj=item)
    if form.validate_on_submit():
        try:
            services.update_draft(item, form.name.data, form.subject.data, form.body.data)
        except services.OutreachError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Đã lưu chiến dịch."), "success")
            return redirect(url_for("outreach.campaign", campaign_id=item.id))
    elif request.method == "POST":
        flash(_("Hãy kiểm tra lại các ô được đánh dấu."), "error")
    return render_template("outreach/campaign.html", campaign=item, form=form,
                           start_form=StartForm(), counts=services.target_counts(item),
                           funnel=funnel.build(item.id), steps=funnel.STEPS,
                           labels=funnel.STEP_LABELS, communes=communes(),
                           placeholders=services.PLACEHOLDERS)


@bp.post("/so-cong-thuong/chien-dich/<int:campaign_id>/gui")
@officer_required
def start(campaign_id: int):
    item = db.get_or_404(Campaign, campaign_id)
    if not StartForm().validate_on_submit():
        flash(_("Phiên làm việc đã hết hạn, hãy thử lại."), "error")
    else:
        try:
            services.start_campaign(item, request.url_root)
        except services.OutreachError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Đã bắt đầu gửi: thư được gửi dần theo giới hạn mỗi phút."), "success")
    return redirect(url_for("outreach.campaign", campaign_id=item.id))


@bp.route("/so-cong-thuong/chien-dich/<int:campaign_id>/thu-in")
@officer_required
def letters(campaign_id: int):
    item = db.get_or_404(Campaign, campaign_id)
    commune = request.args.get("commune", "")
    which = request.args.get("which", "all")
    if which not in LETTER_KINDS or (commune and not commune.isdigit()):
        flash(_("Bộ lọc không hợp lệ."), "error")
        which, commune = "all", ""
    base = request.url_root.rstrip("/")
    pages = []
    for target in services.letter_targets(item, int(commune) if commune else None, which):
        link = base + services.claim_path(target)
        pages.append({"target": target, "link": link, "qr": qr.svg(link, scale=3),
                      "fill": services.letter_values(target, link)})
    with force_locale("vi"):  # a letter to a Vietnamese enterprise, whatever the officer reads
        letters_html = Markup("".join(render_template("outreach/_letter.html", page=page)
                                      for page in pages))
    return render_template("outreach/letters.html", campaign=item, pages=pages,
                           letters_html=letters_html, commune=commune, which=which,
                           communes=communes())


@bp.route("/so-cong-thuong/chien-dich/pheu")
@officer_required
def funnel_page():
    campaign_id = request.args.get("campaign", type=int)
    item = db.get_or_404(Campaign, campaign_id) if campaign_id else None
    by = request.args.get("by") if request.args.get("by") in DIMENSIONS else None
    return render_template("outreach/funnel.html", campaign=item, by=by,
                           funnel=funnel.build(campaign_id, by), steps=funnel.STEPS,
                           labels=funnel.STEP_LABELS, by_label=_by_label(by),
                           campaigns=services.campaigns())


@bp.route("/so-cong-thuong/chien-dich/pheu.<fmt>")
@officer_required
def funnel_export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    campaign_id = request.args.get("campaign", type=int)
    item = db.get_or_404(Campaign, campaign_id) if campaign_id else None
    by = request.args.get("by") if request.args.get("by") in DIMENSIONS else None
    headers, rows = funnel.table(funnel.build(campaign_id, by), _by_label(by))
    title = _("Phễu vận động: %(name)s", name=item.name if item else _("mọi chiến dịch"))
    filename = f"pheu-van-dong{'-' + str(campaign_id) if campaign_id else ''}.{fmt}"
    if fmt == "csv":
        content, mimetype = csv_bytes([headers, *rows]), "text/csv; charset=utf-8"
    else:
        content = report_xlsx_bytes(_("Phễu"), title, headers, rows)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(content, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/so-cong-thuong/chien-dich/cai-dat", methods=["GET", "POST"])
@officer_required
def settings():
    row = services.settings()
    form = SettingsForm(obj=row)
    if form.validate_on_submit():
        try:
            services.update_settings(form.messages_per_minute.data, form.auto_verify.data)
        except services.OutreachError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Đã lưu cài đặt vận động."), "success")
            return redirect(url_for("outreach.campaigns"))
    elif request.method == "POST":
        flash(_("Hãy kiểm tra lại các ô được đánh dấu."), "error")
    return render_template("outreach/settings.html", form=form)


@bp.route("/so-cong-thuong/nhu-cau")
@officer_required
def demand_report():
    weeks = request.args.get("weeks", 8, type=int) or 8
    if not 1 <= weeks <= 104:
        flash(_("Số tuần phải từ 1 đến 104."), "error")
        weeks = 8
    return render_template("outreach/demand.html", report=demand.report(weeks), weeks=weeks,
                           few=demand.FEW)


@bp.route("/so-cong-thuong/nhu-cau/nhom/<int:category_id>")
@officer_required
def demand_group(category_id: int):
    """The registry enterprises of the category's VSIC codes, as a campaign group's preview."""
    codes = demand.vsic_codes_for(category_id)
    if not codes:
        flash(_("Chưa doanh nghiệp nào bán trong danh mục này: không suy ra được mã ngành."),
              "error")
        return redirect(url_for("outreach.demand_report"))
    return redirect(url_for("outreach.new", vsic=",".join(codes), missing="participation"))


@bp.route("/so-cong-thuong/nhu-cau.<fmt>")
@officer_required
def demand_export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    weeks = request.args.get("weeks", 8, type=int) or 8
    weeks = weeks if 1 <= weeks <= 104 else 8
    headers, rows = demand.export_rows(demand.report(weeks))
    if fmt == "csv":
        content, mimetype = csv_bytes([headers, *rows]), "text/csv; charset=utf-8"
    else:
        content = report_xlsx_bytes(_("Nhu cầu"), _("Tìm kiếm ít kết quả (dưới %(n)d), %(w)d tuần",
                                                   n=demand.FEW, w=weeks), headers, rows)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(content, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="nhu-cau.{fmt}"'})


# --- the enterprise's side -------------------------------------------------------------------------
@bp.route("/moi/<token>", methods=["GET", "POST"])
def claim_link(token: str):
    try:
        target = services.open_link(token)
    except services.OutreachError as error:
        return render_template("outreach/claim.html", error=str(error), target=None), 400
    form = ClaimLinkForm()
    if form.validate_on_submit():
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.login", next=request.path))
        try:
            result = services.claim_through_link(current_user, token, form.position.data or "")
        except services.OutreachError as error:
            flash(str(error), "error")
        else:
            if result.verified:
                flash(_("Doanh nghiệp %(name)s đã được xác minh. Bạn có thể đăng sản phẩm.",
                        name=target.enterprise.name), "success")
            elif result.fast_tracked:
                flash(_("Đã gửi yêu cầu. E-mail của bạn khớp sổ đăng ký nên yêu cầu được "
                        "xác minh trước."), "success")
            else:
                flash(_("Đã gửi yêu cầu. Sở Công Thương sẽ xác minh và báo kết quả cho bạn."),
                      "success")
            return redirect(url_for("accounts.account"))
    return render_template("outreach/claim.html", target=target, form=form, error=None,
                           is_officer=is_officer(current_user))


@bp.route("/tu-choi-thu/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: the mail client POSTs without a form; the token authorises
def opt_out(token: str):
    try:
        enterprise = services.enterprise_from_opt_out(token)
        if request.method == "POST":
            enterprise = services.opt_out(token)
    except services.OutreachError as error:
        return render_template("outreach/opt_out.html", error=str(error)), 400
    done = request.method == "POST"
    return render_template("outreach/opt_out.html", enterprise=enterprise, done=done,
                           form=OptOutForm(), error=None)
