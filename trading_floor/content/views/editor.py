"""The officers' editor: the three pages and the announcements, with a preview before saving."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trading_floor.content import services
from trading_floor.content.forms import MARKDOWN_HINT, ActionForm, AnnouncementForm, PageForm
from trading_floor.content.models import DRAFT, PAGE_SLUGS, PUBLISHED, Announcement
from trading_floor.content.views import bp
from trading_floor.content.views.public import PAGE_TITLES, announcement_url
from trading_floor.extensions import db
from trading_floor.i18n import format_date
from trading_floor.policy import content_editor_required as editor_required

PAGE_ENDPOINTS = {"gioi-thieu": "content.about", "huong-dan": "content.guide",
                  "lien-he": "content.contact"}


@bp.route("/so-cong-thuong/noi-dung")
@editor_required
def manage():
    status = request.args.get("status")
    pages = {slug: services.get_page(slug) for slug in PAGE_SLUGS}
    return render_template("content/manage.html", pages=pages, titles=PAGE_TITLES,
                           endpoints=PAGE_ENDPOINTS, status=status,
                           announcements=services.all_for_editors(status), form=ActionForm())


@bp.route("/so-cong-thuong/noi-dung/trang/<slug>", methods=["GET", "POST"])
@editor_required
def edit_page(slug: str):
    if slug not in PAGE_SLUGS:
        abort(404)
    page = services.get_page(slug)
    form = PageForm(obj=page) if page else PageForm(title=str(PAGE_TITLES[slug]))
    preview = None
    if form.validate_on_submit():
        draft = form.draft()
        if request.form.get("action") == "preview":
            preview = draft
        else:
            try:
                services.save_page(slug, current_user, draft)
            except services.ContentError as error:
                db.session.rollback()
                flash(str(error), "error")
            else:
                flash(_("Đã lưu trang “%(title)s”.", title=draft.title.strip()), "success")
                return redirect(url_for(PAGE_ENDPOINTS[slug]))
    return render_template("content/edit_page.html", form=form, page=page, slug=slug,
                           preview=preview, hint=MARKDOWN_HINT, public_url=url_for(PAGE_ENDPOINTS[slug]))


@bp.route("/so-cong-thuong/noi-dung/trang/<slug>/phien-ban/<int:revision_id>")
@editor_required
def page_revision(slug: str, revision_id: int):
    page = services.get_page(slug)
    revision = services.revision_of(revision_id, page=page) if page else None
    if revision is None:
        abort(404)
    return render_template("content/revision.html", revision=revision,
                           back=url_for("content.edit_page", slug=slug))


@bp.route("/so-cong-thuong/tin-tuc/moi", methods=["GET", "POST"])
@editor_required
def new_announcement():
    return _edit_announcement(None)


@bp.route("/so-cong-thuong/tin-tuc/<int:announcement_id>", methods=["GET", "POST"])
@editor_required
def edit_announcement(announcement_id: int):
    return _edit_announcement(db.get_or_404(Announcement, announcement_id))


def _edit_announcement(item: Announcement | None):
    form = AnnouncementForm(obj=item) if item else AnnouncementForm()
    if item and request.method == "GET":
        form.event_starts_on.data = format_date(item.event_starts_on)
        form.event_ends_on.data = format_date(item.event_ends_on)
    preview = None
    if form.validate_on_submit():
        action = request.form.get("action", "save")
        try:
            draft = form.draft()
            if action == "preview":
                preview = services.check_announcement(draft)
            elif item is None:
                item = services.create_announcement(current_user, draft,
                                                    publish=action == "publish")
            else:
                services.update_announcement(item, current_user, draft,
                                             publish=action == "publish")
        except services.ContentError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            if preview is None:
                flash(_("Đã đăng tin.") if item.status == PUBLISHED else _("Đã lưu bản nháp."),
                      "success")
                if item.status == PUBLISHED:
                    return redirect(announcement_url(item))
                return redirect(url_for("content.edit_announcement", announcement_id=item.id))
    elif request.method == "POST":
        flash(_("Chưa lưu: hãy sửa các ô được đánh dấu."), "error")
    return render_template("content/edit_announcement.html", form=form, item=item,
                           preview=preview, hint=MARKDOWN_HINT, action_form=ActionForm())


@bp.post("/so-cong-thuong/tin-tuc/<int:announcement_id>/trang-thai")
@editor_required
def set_status(announcement_id: int):
    item = db.get_or_404(Announcement, announcement_id)
    form = ActionForm()
    target = request.form.get("status")
    if not form.validate_on_submit() or target not in (DRAFT, PUBLISHED):
        flash(_("Yêu cầu không hợp lệ, không có thay đổi nào."), "error")
    else:
        services.set_published(item, current_user, publish=target == PUBLISHED)
        flash(_("Đã đăng tin.") if target == PUBLISHED else
              _("Đã gỡ tin xuống (giữ lại dạng nháp)."), "success")
    return redirect(request.form.get("next") == "list" and url_for("content.manage")
                    or url_for("content.edit_announcement", announcement_id=item.id))


@bp.route("/so-cong-thuong/tin-tuc/<int:announcement_id>/phien-ban/<int:revision_id>")
@editor_required
def announcement_revision(announcement_id: int, revision_id: int):
    item = db.get_or_404(Announcement, announcement_id)
    revision = services.revision_of(revision_id, announcement=item)
    if revision is None:
        abort(404)
    return render_template("content/revision.html", revision=revision,
                           back=url_for("content.edit_announcement", announcement_id=item.id))
