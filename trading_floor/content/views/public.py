"""Giới thiệu, Hướng dẫn, Liên hệ and the announcements, for everyone."""

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from trading_floor import policy
from trading_floor.content import services
from trading_floor.content.models import ABOUT, CONTACT, GUIDE, KINDS, Announcement
from trading_floor.content.views import bp
from trading_floor.core.numbers import query_page
from trading_floor.extensions import db
from trading_floor.i18n import slugify

PAGE_TITLES = {ABOUT: _l("Giới thiệu"), GUIDE: _l("Hướng dẫn sử dụng"), CONTACT: _l("Liên hệ Sở Công Thương")}


def _render_page(slug: str, **extra):
    page = services.get_page(slug)
    locale = str(get_locale())
    title, body, lang = page.localized(locale) if page else (str(PAGE_TITLES[slug]), "", locale)
    return render_template("content/page.html", page=page, slug=slug, title=title, body=body,
                           lang=lang, can_edit=policy.can_edit_content(current_user), **extra)


@bp.route("/gioi-thieu")
def about():
    return _render_page(ABOUT)


@bp.route("/huong-dan")
def guide():
    return _render_page(GUIDE)


@bp.route("/lien-he")
def contact():
    config = current_app.config
    english = str(get_locale()) == "en"
    department = {
        "name": config["DEPARTMENT_NAME_EN"] if english else config["DEPARTMENT_NAME"],
        "address": config["DEPARTMENT_ADDRESS"], "phone": config["DEPARTMENT_PHONE"],
        "email": config["DEPARTMENT_EMAIL"], "website": config["DEPARTMENT_WEBSITE"],
        "hours": config["DEPARTMENT_HOURS_EN"] if english else config["DEPARTMENT_HOURS"],
    }
    return _render_page(CONTACT, department=department)


@bp.route("/tin-tuc")
def announcements():
    kind = request.args.get("loai")
    kind = kind if kind in KINDS else None
    page = query_page(request.args, 10_000)
    return render_template("content/announcements.html", kind=kind, kinds=KINDS,
                           pagination=services.published(kind, page=page),
                           can_edit=policy.can_edit_content(current_user))


def announcement_url(announcement: Announcement, **kwargs) -> str:
    return url_for("content.announcement", announcement_id=announcement.id,
                   slug=slugify(announcement.title, 60), **kwargs)


def _visible(announcement_id: int) -> Announcement:
    announcement = db.session.get(Announcement, announcement_id)
    if announcement is None:
        abort(404)
    if not announcement.is_published and not policy.can_edit_content(current_user):
        abort(404)  # a draft is the officers' business
    return announcement


@bp.route("/tin-tuc/<int:announcement_id>")
def announcement_by_id(announcement_id: int):
    return redirect(announcement_url(_visible(announcement_id)), 301)


@bp.route("/tin-tuc/<slug>-<int:announcement_id>")
def announcement(slug: str, announcement_id: int):
    item = _visible(announcement_id)
    if slug != slugify(item.title, 60):
        return redirect(announcement_url(item), 301)
    title, body, lang = item.localized(str(get_locale()))
    return render_template("content/announcement.html", item=item, title=title, body=body,
                           lang=lang, can_edit=policy.can_edit_content(current_user),
                           latest=[a for a in services.latest(4) if a.id != item.id][:3])
