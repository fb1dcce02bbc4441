"""Search pages: /tim-kiem (listings), /tim-kiem/goi-y (suggestions while typing, JSON),
/tim-kiem/doanh-nghiep (redirects to the one directory, /doanh-nghiep). Thin: parse, call the service, render."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from trading_floor.search import (
    indexing,  # noqa: F401  (connects the index-after-commit hooks)
    service,
)
from trading_floor.search.service import SearchInputError, SearchParams

bp = Blueprint("search", __name__)

SORT_LABELS = {"relevance": "Liên quan nhất", "price_asc": "Giá tăng dần",
               "price_desc": "Giá giảm dần", "newest": "Mới nhất"}
FACET_TOP = 8  # values of a facet shown before "thêm…"
FILTER_KEYS = ("category", "commune", "cert", "price_min", "price_max", "moq_max")


@bp.app_context_processor
def helpers():
    from flask import current_app

    from trading_floor.search.api import listing_url

    return {"search_listing_url": listing_url,
            "search_has_endpoint": lambda name: name in current_app.view_functions}


@bp.route("/tim-kiem")
def results():
    error = None
    try:
        params = service.parse_params(request.args)
        result = service.search(params, user=current_user)
    except SearchInputError as exc:
        error = str(exc)
        params = SearchParams(q=str(request.args.get("q") or "")[:service.MAX_QUERY_CHARS])
        result = service.SearchResult(params=params)
    args = {k: v for k, v in request.args.items() if k != "page"}
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
    return redirect(url_for("catalog.directory", **request.args.to_dict()), 301)
