"""GET /api/v1/search: the catalogue search as JSON, for partner floors (same service as the page)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

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


def listing_url(listing) -> str:
    """The listing's public page (the catalogue's endpoint when it exists)."""
    from flask import current_app

    for endpoint, kwargs in (("catalog.listing", {"listing_id": listing.id, "slug": listing.slug}),
                             ("catalog.listing", {"listing_id": listing.id})):
        if endpoint in current_app.view_functions:
            try:
                return url_for(endpoint, _external=True, **kwargs)
            except Exception:  # the catalogue's route may take other arguments
                continue
    return url_for("search.results", q=listing.title, _external=True)


def as_json(result: service.SearchResult) -> dict:
    params = result.params
    return {
        "query": params.q[:service.MAX_QUERY_CHARS],
        "total": result.total,
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
            "url": listing_url(hit.listing),
            "snippet": hit.snippet_text,
        } for hit in result.hits],
        "facets": {name: [{"value": f.value, "label": f.label, "count": f.count}
                          for f in result.facets.get(name, [])]
                   for name in ("category", "commune", "cert")},
        "suggestion": result.suggestion,
    }
