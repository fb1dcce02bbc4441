"""The administrator's category page (blueprint `taxonomy`): list, add, rename, move, import."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from trading_floor.catalog import taxonomy
from trading_floor.catalog.models import Category
from trading_floor.catalog.seller_forms import CategoryEditForm, CategoryForm, CategoryImportForm
from trading_floor.extensions import db
from trading_floor.i18n import category_name
from trading_floor.imports import runs
from trading_floor.policy import admin_required

bp = Blueprint("taxonomy", __name__, url_prefix="/quan-tri/danh-muc")


def _parent_choices(exclude: Category | None = None) -> list[SelectChoice]:
    choices = [SelectChoice("", _("— cấp cao nhất —"))]
    skip: set[int] = set()
    for category, depth in taxonomy.tree():
        if exclude is not None and (category.id == exclude.id or category.parent_id in skip):
            skip.add(category.id)  # a category cannot move under itself or its descendants
            continue
        if depth < taxonomy.MAX_DEPTH - 1:
            choices.append(SelectChoice(str(category.id), "\u00a0\u00a0" * depth
                                        + category_name(category)))
    return choices


@bp.route("/", methods=["GET", "POST"])
@admin_required
def categories():
    form = CategoryForm(prefix="add")
    form.parent.choices = _parent_choices()
    upload = CategoryImportForm(prefix="file")
    if request.method == "POST" and "add-slug" in request.form:
        if form.validate_on_submit():
            try:
                category = taxonomy.add_category(form.slug.data, form.name_vi.data,
                                                 form.name_en.data or "",
                                                 int(form.parent.data) if form.parent.data
                                                 else None)
            except taxonomy.TaxonomyError as error:
                db.session.rollback()
                flash(str(error), "error")
            else:
                flash(_("Đã thêm danh mục %(n)s.", n=category.name_vi), "success")
                return redirect(url_for("taxonomy.categories"))
        else:
            flash(_("Chưa thêm được: hãy kiểm tra các ô được đánh dấu."), "error")
    elif request.method == "POST":
        if upload.validate_on_submit():
            file = upload.file.data
            run = runs.start("categories", file.read(), file.filename or "danh-muc.csv",
                             current_user.id)
            return redirect(url_for("imports.run", run_id=run.id))
        else:
            flash(_("Hãy chọn một tệp CSV hoặc XLSX."), "error")
    return render_template("taxonomy/categories.html", form=form, upload=upload,
                           tree=taxonomy.tree(), counts=taxonomy.listing_counts())


@bp.route("/<int:category_id>", methods=["GET", "POST"])
@admin_required
def edit(category_id: int):
    category = db.get_or_404(Category, category_id)
    form = CategoryEditForm()
    form.parent.choices = _parent_choices(exclude=category)
    if request.method == "GET":
        form.name_vi.data, form.name_en.data = category.name_vi, category.name_en
        form.parent.data = str(category.parent_id or "")
    if form.validate_on_submit():
        try:
            taxonomy.update_category(category, form.name_vi.data, form.name_en.data or "",
                                     int(form.parent.data) if form.parent.data else None)
        except taxonomy.TaxonomyError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Đã lưu danh mục %(n)s.", n=category.name_vi), "success")
            return redirect(url_for("taxonomy.categories"))
    return render_template("taxonomy/edit.html", form=form, category=category)
