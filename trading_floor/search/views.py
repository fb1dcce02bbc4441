"""Search pages: /tim-kiem (listings), /tim-kiem/goi-y (suggestions while typing, JSON),
/tim-kiem/doanh-nghiep (the enterprise directory search). Thin: parse, call the service, render."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from trading_floor.core.signals import accessed
from trading_floor.registry import services as registry_services
from trading_floor.search import (
    indexing,  # noqa: F401  (connects the index-after-commit hooks)
    service,
)
from trading_floor.search.service import SearchInputError, SearchParams

bp = Blueprint("search", __name__)

SORT_LABELS = {"relevance": _l("Liên quan nhất"), "price_asc": _l("Giá tăng dần"),
               "price_desc": _l("Giá giảm dần"), "newest": _l("Mới nhất")}
SECTORS = {"A": _l("Nông, lâm nghiệp và thủy sản"), "C": _l("Công nghiệp chế biến, chế tạo"),
           "F": _l("Xây dựng"), "G": _l("Bán buôn, bán lẻ"), "H": _l("Vận tải, kho bãi"),
           "I": _l("Lưu trú và ăn uống"), "J": _l("Thông tin và truyền thông"), "M": _l("Khoa học, công nghệ"),
           "N": _l("Dịch vụ hành chính và hỗ trợ"), "S": _l("Hoạt động dịch vụ khác")}


@bp.app_context_processor
def helpers():
    from trading_floor.search.api import listing_url

    return {"search_listing_url": listing_url}


@bp.route("/tim-kiem")
def results():
    error = None
    try:
        params = service.parse_params(request.args)
        result = service.search(params)
        accessed.send(user=current_user, kind="search")
    except SearchInputError as exc:
        error = str(exc)
        params = SearchParams(q=str(request.args.get("q") or "")[:service.MAX_QUERY_CHARS])
        result = service.SearchResult(params=params)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("search/results.html", result=result, error=error, args=args,
                           sort_labels=SORT_LABELS), 400 if error else 200


@bp.route("/tim-kiem/goi-y")
def suggestions():
    return jsonify(suggestions=service.suggest(str(request.args.get("q") or "")))


@bp.route("/tim-kiem/doanh-nghiep")
def enterprises():
    q = str(request.args.get("q") or "")[:service.MAX_QUERY_CHARS * 10]
    commune = request.args.get("commune", type=int)
    sector = request.args.get("sector") or None
    page = request.args.get("page", default=1, type=int)
    result = service.search_enterprises(q, commune=commune, sector=sector, page=page)
    accessed.send(user=current_user, kind="search")
    communes = registry_services.communes()
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("search/enterprises.html", result=result, q=q, commune=commune,
                           sector=sector, communes=communes, sectors=SECTORS, args=args)
