"""GET /api/v1/search: the catalogue search as JSON, for partner floors (same service as the page)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from trading_floor.catalog.views import listing_url
from trading_floor.search import service
from trading_floor.search.service import SearchInputError

bp = Blueprint("search_api", __name__, url_prefix="/api/v1")


@bp.route("/search")
def search():
    try:
        params = service.parse_params(request.args)
        result = service.search(params)
    except SearchInputError as error:
        return jsonify(error=str(error)), 400
    return jsonify(as_json(result))


def as_json(result: service.SearchResult) -> dict:
    params = result.params
    return {
        "query": params.q[:service.MAX_QUERY_CHARS],
        "total": min(result.total, result.count_cap),
        "total_is_exact": not result.total_capped,  # else "more than `total`"
        "page": params.page,
        "per_page": params.per_page,
        "results": [{
            "id": hit.listing.id,
            "enterprise_code": hit.listing.enterprise.code,
            "sku": hit.listing.sku,
            "title": hit.listing.title,
            "enterprise_name": hit.listing.enterprise.name,
            "category": hit.listing.category.slug,
            "price_vnd": hit.listing.price_vnd,
            "unit": hit.listing.unit,
            "moq": hit.listing.moq,
            "url": listing_url(hit.listing, _external=True),
            "snippet": hit.snippet_text,
        } for hit in result.hits],
        "facets": {name: [{"value": f.value, "label": f.label, "count": f.count}
                          for f in result.facets.get(name, [])]
                   for name in ("category", "commune", "cert")},
        "suggestion": result.suggestion,
    }
