"""Search pages: /tim-kiem (listings), /tim-kiem/goi-y (suggestions while typing, JSON),
/tim-kiem/doanh-nghiep (redirects to the one directory, /doanh-nghiep),
/so-cong-thuong/tu-dong-nghia (officers: synonym groups). Thin: parse, call the service, render."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from trading_floor.catalog import queries as catalog_queries
from trading_floor.core.numbers import query_int, query_page
from trading_floor.core.signals import accessed, searched
from trading_floor.extensions import db
from trading_floor.policy import officer_required
from trading_floor.registry.codes import SECTION_NAMES
from trading_floor.search import (
    indexing,  # noqa: F401  (connects the index-after-commit hooks)
    service,
    synonyms,
)
from trading_floor.search.forms import RemoveForm, SynonymForm
from trading_floor.search.models import SynonymGroup
from trading_floor.search.service import SearchInputError, SearchParams

bp = Blueprint("search", __name__)

SORT_LABELS = {"relevance": _l("Liên quan nhất"), "price_asc": _l("Giá tăng dần"),
               "price_desc": _l("Giá giảm dần"), "newest": _l("Mới nhất")}
FACET_TOP = 8  # values of a facet shown before "thêm…"
FILTER_KEYS = ("category", "commune", "cert", "price_min", "price_max", "moq_max")
ECHOED = ("q", "sort", "per_page", *FILTER_KEYS)


@bp.route("/tim-kiem")
def results():
    error = None
    try:
        params = service.parse_params(request.args)
        result = service.search(params)
        accessed.send(user=current_user, kind="search")
        searched.send(user=current_user, params=params, total=result.total)
    except SearchInputError as exc:
        error = str(exc)
        params = SearchParams(q=str(request.args.get("q") or "")[:service.MAX_QUERY_CHARS])
        result = service.SearchResult(params=params)
    # what the page echoes in its ~200 links: the known parameters only, the query as cut
    # (MAX_QUERY_CHARS), other values short — a 10,000-character query is not copied 200 times
    args = {k: v[:service.MAX_QUERY_CHARS if k == "q" else 40]
            for k, v in request.args.items() if k in ECHOED}
    facets = dict(result.facets)
    if facets.get("category"):
        facets["category"] = service.category_drilldown(facets["category"])
    for name in ("commune", "cert"):  # the chosen value stays in sight, above "thêm…"
        facets[name] = sorted(facets.get(name, []), key=lambda f: not f.selected)
    active = [k for k in FILTER_KEYS if args.get(k)]
    return render_template("search/results.html", result=result, error=error, args=args,
                           facets=facets, active_filters=active, facet_top=FACET_TOP,
                           sort_labels=SORT_LABELS), 400 if error else 200


@bp.route("/tim-kiem/goi-y")
def suggestions():
    return jsonify(suggestions=service.suggest(str(request.args.get("q") or "")))


@bp.route("/tim-kiem/doanh-nghiep")
def enterprises():
    """The old second directory: one directory now, `/doanh-nghiep`, with the same search."""
    return redirect(url_for("search.directory", **request.args.to_dict()), 301)


@bp.route("/doanh-nghiep")
def directory():
    """The one enterprise directory: by name, products or code, with commune and sector."""
    commune = query_int(request.args, "commune")
    sector = request.args.get("sector") or None
    if sector not in SECTION_NAMES:
        sector = None
    q = request.args.get("q", "").strip()[:200]
    page = query_page(request.args)
    pagination = service.search_enterprises(q, commune=commune, sector=sector, page=page,
                                            per_page=catalog_queries.DIRECTORY_PER_PAGE)
    if q:
        accessed.send(user=current_user, kind="search")
    return render_template("catalog/directory.html", pagination=pagination,
                           communes=catalog_queries.directory_communes(), sections=SECTION_NAMES,
                           commune=commune, sector=sector, q=q)


@bp.route("/so-cong-thuong/tu-dong-nghia", methods=["GET", "POST"])
@officer_required
def synonym_groups():
    """The synonyms of the search: the repository's file, and the groups officers add."""
    form = SynonymForm()
    if form.validate_on_submit():
        try:
            synonyms.add_group(form.words.data, current_user.id)
        except synonyms.SynonymError as error:
            flash(str(error), "error")
        else:
            flash(_("Đã thêm nhóm từ đồng nghĩa: áp dụng ngay cho các lần tìm sau."), "success")
            return redirect(url_for("search.synonym_groups"))
    elif request.method == "POST":
        flash(_("Hãy ghi các từ, tối đa 300 ký tự."), "error")
    return render_template("search/synonyms.html", form=form, remove=RemoveForm(),
                           file_groups=synonyms.file_groups(), groups=synonyms.officer_groups())


@bp.post("/so-cong-thuong/tu-dong-nghia/<int:group_id>/xoa")
@officer_required
def remove_synonym_group(group_id: int):
    group = db.get_or_404(SynonymGroup, group_id)
    if not RemoveForm().validate_on_submit():
        abort(400)
    synonyms.remove_group(group)
    flash(_("Đã bỏ nhóm từ đồng nghĩa."), "success")
    return redirect(url_for("search.synonym_groups"))
