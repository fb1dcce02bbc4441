"""The rules and the privacy notice for everyone, accepting them, consents, and the
administrators' page that publishes a new version."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_floor.core.redirects import checked_next
from trading_floor.extensions import db
from trading_floor.legal import services
from trading_floor.legal.forms import AcceptForm, ConsentForm, PublishForm
from trading_floor.legal.models import KINDS, RULES, LegalDocument
from trading_floor.policy import admin_required

bp = Blueprint("legal", __name__)
SLUG_KINDS = {slug: kind for kind, slug in services.KIND_SLUGS.items()}
SLUGS = "any('quy-che-hoat-dong', 'thong-bao-du-lieu-ca-nhan')"


@bp.app_template_global("legal_url")
def legal_url(kind: str) -> str:
    return url_for("legal.document", slug=services.KIND_SLUGS[kind])


@bp.route(f"/<{SLUGS}:slug>")
def document(slug: str):
    kind = SLUG_KINDS[slug]
    return _render(kind, services.current(kind))


@bp.route(f"/<{SLUGS}:slug>/phien-ban/<int:version>")
def version(slug: str, version: int):
    kind = SLUG_KINDS[slug]
    found = services.version_of(kind, version)
    if found is None:
        abort(404)
    return _render(kind, found)


def _render(kind: str, shown: LegalDocument | None):
    return render_template("legal/document.html", kind=kind, label=services.kind_label(kind),
                           document=shown, status=services.status_of(shown) if shown else None,
                           upcoming=services.upcoming(kind), versions=services.versions(kind),
                           slug=services.KIND_SLUGS[kind])


@bp.route("/chap-nhan-quy-che", methods=["GET", "POST"])
@login_required
def accept():
    waiting = services.awaiting_acceptance(current_user)
    target = checked_next(request.args.get("next")) or url_for("core.home")
    if not waiting:
        return redirect(target)
    form = AcceptForm()
    if form.validate_on_submit():
        if not form.agree.data:
            flash(_("Hãy đánh dấu ô đồng ý để tiếp tục sử dụng sàn."), "error")
        else:
            services.accept(current_user, waiting)
            flash(_("Cảm ơn bạn đã xác nhận."), "success")
            return redirect(target)
    return render_template("legal/accept.html", form=form, waiting=waiting,
                           labels={kind: services.kind_label(kind) for kind in KINDS})


@bp.route("/tai-khoan/du-lieu-ca-nhan", methods=["GET", "POST"])
@login_required
def my_data():
    form = ConsentForm()
    if form.validate_on_submit():
        services.set_marketing_consent(current_user, bool(form.marketing.data))
        flash(_("Đã lưu lựa chọn của bạn."), "success")
        return redirect(url_for("legal.my_data"))
    form.marketing.data = services.marketing_consent(current_user)
    return render_template("legal/my_data.html", form=form,
                           acceptances=services.acceptances(current_user),
                           consents=services.consents(current_user),
                           labels={kind: services.kind_label(kind) for kind in KINDS})


@bp.route("/quan-tri/quy-che")
@admin_required
def manage():
    return render_template("legal/manage.html", kinds=KINDS,
                           labels={kind: services.kind_label(kind) for kind in KINDS},
                           versions={kind: services.versions(kind) for kind in KINDS},
                           status_of=services.status_of)


@bp.route("/quan-tri/quy-che/moi", methods=["GET", "POST"])
@admin_required
def publish():
    form = PublishForm()
    if request.method == "GET":
        kind = request.args.get("loai") if request.args.get("loai") in KINDS else RULES
        base = services.current(kind) or services.upcoming(kind)
        form.kind.data = kind
        if base:
            form.title.data, form.body.data = base.title, base.body
        form.effective_on.data = services.earliest_effective_on()
    elif form.validate_on_submit():
        try:
            published = services.publish(current_user, services.Draft(
                kind=form.kind.data, title=form.title.data, body=form.body.data,
                effective_on=form.effective_on.data))
        except services.LegalError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Đã công bố phiên bản %(v)d; mọi thành viên sẽ được thông báo.",
                    v=published.version), "success")
            return redirect(url_for("legal.notice_log", document_id=published.id))
    else:
        flash(_("Chưa công bố: hãy sửa các ô được đánh dấu."), "error")
    return render_template("legal/publish.html", form=form,
                           earliest=services.earliest_effective_on(),
                           days=services.notice_days())


@bp.route("/quan-tri/quy-che/<int:document_id>")
@admin_required
def notice_log(document_id: int):
    found = db.get_or_404(LegalDocument, document_id)
    return render_template("legal/notice_log.html", document=found,
                           label=services.kind_label(found.kind),
                           status=services.status_of(found), notices=services.notices(found))

