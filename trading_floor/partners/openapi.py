"""The OpenAPI 3.1 contract of every /api/v1 route, served at /api/v1/openapi.json.

Written by hand, kept true by tests/partners/test_openapi.py (every route of the app is in it and
nothing else; responses validate against it) and by schemathesis against the live app (.ci/run).
"""

from __future__ import annotations

from trading_floor.catalog.models import AVAILABILITIES, CERTIFICATIONS
from trading_floor.partners.models import SCOPES

JSON = "application/json"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(_ref("Error"), description)


def _query(name: str, schema: dict, description: str = "") -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


SKU = {"name": "sku", "in": "path", "required": True, "description": "The enterprise's own SKU.",
       "example": "N0",
       "schema": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[^/?#%]+$"}}
PAGE = [_query("page", {"type": "integer", "minimum": 1, "maximum": 1_000_000}),
        _query("per_page", {"type": "integer", "minimum": 1, "maximum": 500})]
NULLABLE_INT = {"type": ["integer", "null"]}
NULLABLE_STR = {"type": ["string", "null"]}

SCHEMAS: dict[str, dict] = {
    "Error": {"type": "object", "required": ["error"],
              "properties": {"error": {"type": "string"},
                             "fields": {"type": "object",
                                        "additionalProperties": {"type": "string"}}}},
    "Listing": {
        "type": "object",
        "required": ["id", "enterprise_id", "enterprise_code", "sku", "title", "category",
                     "price_vnd", "unit", "moq", "tiers", "availability", "certifications",
                     "images", "url"],
        "properties": {
            "id": {"type": "integer", "description": "Stable id of the listing on this floor."},
            "enterprise_id": {"type": "integer"},
            "enterprise_code": {"type": "string", "description": "Tax code (mã số doanh nghiệp)."},
            "sku": {"type": "string"}, "title": {"type": "string"},
            "title_en": {"type": "string"}, "description": {"type": "string"},
            "category_id": {"type": "integer"}, "category": {"type": "string"},
            "price_vnd": {**NULLABLE_INT, "description": "Whole đồng; null = price on request."},
            "unit": {"type": "string"}, "moq": {"type": "integer"},
            "tiers": {"type": "array", "description": "[quantity, price_vnd] pairs.",
                      "items": {"type": "array", "items": {"type": "integer"},
                                "minItems": 2, "maxItems": 2}},
            "availability": {"enum": list(AVAILABILITIES)},
            "season_from": NULLABLE_INT, "season_to": NULLABLE_INT,
            "certifications": {"type": "array", "items": {"enum": list(CERTIFICATIONS)}},
            "origin_commune_code": NULLABLE_INT,
            "images": {"type": "array", "items": {"type": "string", "format": "uri"}},
            "url": {"type": "string", "format": "uri"},
            "published_at": NULLABLE_STR, "updated_at": NULLABLE_STR,
        },
    },
    "SellerListing": {"allOf": [_ref("Listing"), {
        "type": "object", "required": ["status"],
        "properties": {"status": {"enum": ["draft", "submitted", "published", "rejected",
                                           "archived"]},
                       "rejection_reason": {"type": "string"}}}]},
    "ListingInput": {
        "type": "object", "required": ["title", "category", "unit"],
        "example": {"title": "Nhãn lồng Hưng Yên loại 1", "category": "nhan", "unit": "kg",
                    "price_vnd": 45000, "moq": 10, "tiers": [[100, 42000]],
                    "certifications": ["VietGAP"]},
        "properties": {
            "sku": {"type": "string", "description": "Ignored: the path gives the SKU."},
            "title": {"type": "string", "maxLength": 200},
            "title_en": {"type": "string", "maxLength": 200},
            "description": {"type": "string"},
            "category": {"type": "string", "description": "A category slug, id or name."},
            "unit": {"type": "string", "maxLength": 20},
            "price_vnd": NULLABLE_INT, "moq": {"type": "integer", "minimum": 1},
            "tiers": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
            "availability": {"enum": list(AVAILABILITIES)},
            "season_from": NULLABLE_INT, "season_to": NULLABLE_INT,
            "certifications": {"type": "array", "items": {"type": "string"}},
            "origin_commune_code": NULLABLE_INT,
            "submit": {"type": "boolean", "default": True,
                       "description": "Send to review (default); false keeps a draft."},
        },
    },
    "Change": {
        "type": "object", "required": ["id", "change"],
        "properties": {"id": {"type": "integer"}, "change": {"enum": ["upsert", "removed"]},
                       "listing": _ref("Listing")},
    },
    "Enterprise": {
        "type": "object",
        "required": ["id", "code", "name", "commune_code", "vsic_section", "url"],
        "properties": {"id": {"type": "integer"}, "code": {"type": "string"},
                       "name": {"type": "string"}, "commune_code": {"type": "integer"},
                       "commune": {"type": "string"}, "vsic_code": {"type": "string"},
                       "vsic_section": {"type": "string"}, "size_class": {"type": "string"},
                       "about": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
    },
    "Category": {
        "type": "object", "required": ["id", "slug", "name_vi"],
        "properties": {"id": {"type": "integer"}, "slug": {"type": "string"},
                       "parent_id": NULLABLE_INT, "name_vi": {"type": "string"},
                       "name_en": {"type": "string"}, "position": {"type": "integer"}},
    },
    "Rfq": {
        "type": "object", "required": ["id", "title", "category", "quantity", "unit", "deadline"],
        "properties": {"id": {"type": "integer"}, "title": {"type": "string"},
                       "description": {"type": "string"}, "category_id": {"type": "integer"},
                       "category": {"type": "string"}, "quantity": {"type": "integer"},
                       "unit": {"type": "string"}, "target_price_vnd": NULLABLE_INT,
                       "delivery_commune_code": NULLABLE_INT,
                       "delivery_place": {"type": "string"}, "deadline": {"type": "string"},
                       "created_at": {"type": "string"},
                       "url": {"type": "string", "format": "uri"}},
    },
    "ImportReport": {
        "type": "object", "required": ["ok", "added", "updated", "unchanged", "errors"],
        "properties": {
            "ok": {"type": "boolean"}, "added": {"type": "integer"},
            "updated": {"type": "integer"}, "unchanged": {"type": "integer"},
            "published": {"type": "integer"},
            "errors": {"type": "array", "items": {
                "type": "object", "required": ["line", "index", "column", "reason"],
                "properties": {"line": {"type": "integer"}, "index": {"type": "integer"},
                               "column": {"type": "string"}, "reason": {"type": "string"}}}},
        },
    },
    "Page": {"type": "object", "required": ["total", "page", "per_page", "results"],
             "properties": {"total": {"type": "integer"}, "page": {"type": "integer"},
                            "per_page": {"type": "integer"}}},
    "Tally": {"type": "object", "additionalProperties": True},
}


def _partner(scope: str, summary: str, parameters: list, ok: dict, description: str = "") -> dict:
    return {"get": {
        "summary": summary, "description": description, "parameters": parameters,
        "security": [{"partnerKey": [scope]}], "tags": ["partner"],
        "responses": {"200": ok, "400": _error("Bad parameter (Vietnamese message)."),
                      "401": _error("No valid key."), "403": _error(f"The key lacks «{scope}»."),
                      "429": _error("Rate limit of the key; see Retry-After.")}}}


def _seller(method: str, summary: str, responses: dict, body: dict | None = None,
            description: str = "") -> dict:
    operation = {"summary": summary, "description": description, "parameters": [SKU],
                 "security": [{"sellerToken": []}], "tags": ["seller"],
                 "responses": {**responses, "401": _error("No valid token."),
                               "403": _error("The token's owner no longer manages listings."),
                               "429": _error("Rate limit of the token; see Retry-After.")}}
    if body is not None:
        operation["requestBody"] = body
    return {method: operation}


def _paged(item: str) -> dict:
    return {"allOf": [_ref("Page"), {"type": "object", "properties": {
        "results": {"type": "array", "items": _ref(item)}}}]}


def document() -> dict:
    """The OpenAPI document (servers are relative: the floor answering is the server)."""
    listing_body = {"required": True, "content": {JSON: {"schema": _ref("ListingInput")}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Sàn TMĐT Hưng Yên — API", "version": "1.0.0",
                 "description": "Partner read API (keys issued by the floor's administrators), "
                                "seller API (tokens made by an enterprise's owner), the public "
                                "search and the province's participation figures."},
        "servers": [{"url": "/"}],
        "components": {
            "securitySchemes": {
                "partnerKey": {"type": "http", "scheme": "bearer",
                               "description": "Partner key (hyp_…), scopes: "
                                              + ", ".join(SCOPES)},
                "sellerToken": {"type": "http", "scheme": "bearer",
                                "description": "Enterprise token (hys_…)."},
                "officerToken": {"type": "http", "scheme": "bearer",
                                 "description": "Officer's reporting token (hyt_…)."},
            },
            "schemas": SCHEMAS,
        },
        "paths": {
            "/api/v1/openapi.json": {"get": {
                "summary": "This document.", "tags": ["meta"], "security": [],
                "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1 document.")}}},
            "/api/v1/listings": _partner(
                "catalogue", "Public listings changed since a cursor, removals included.",
                [_query("cursor", {"type": "string", "maxLength": 200},
                        "next_cursor of the previous page; empty: from the beginning."),
                 _query("limit", {"type": "integer", "minimum": 1, "maximum": 1000})],
                _json({"type": "object", "required": ["changes", "next_cursor", "has_more"],
                       "properties": {"changes": {"type": "array", "items": _ref("Change")},
                                      "next_cursor": {"type": "string"},
                                      "has_more": {"type": "boolean"}}}, "A page of changes."),
                "Each listing that is or was public appears once, at its latest change, in the "
                "order of one monotonic sequence: apply the changes in order (upsert or remove) "
                "and keep next_cursor. An empty page returns the same cursor."),
            "/api/v1/enterprises": _partner("enterprises", "Verified, active enterprises.", PAGE,
                                            _json(_paged("Enterprise"), "A page.")),
            "/api/v1/categories": _partner(
                "catalogue", "The category tree.", [],
                _json({"type": "object", "required": ["results"],
                       "properties": {"results": {"type": "array", "items": _ref("Category")}}},
                      "Every category.")),
            "/api/v1/rfqs": _partner("rfqs", "Open requests for quotation.", PAGE,
                                     _json(_paged("Rfq"), "A page.")),
            "/api/v1/search": {"get": {
                "summary": "The catalogue search (same service as the page).", "tags": ["public"],
                "security": [],
                "parameters": [
                    _query("q", {"type": "string"}), _query("category", {"type": "string"}),
                    _query("commune", {"type": "integer", "minimum": 1, "maximum": 10**6}),
                    _query("price_min", {"type": "integer", "minimum": 0}),
                    _query("price_max", {"type": "integer", "minimum": 0}),
                    _query("moq_max", {"type": "integer", "minimum": 1}),
                    _query("cert", {"enum": list(CERTIFICATIONS)}),
                    _query("sort", {"enum": ["relevance", "newest", "price_asc",
                                             "price_desc"]}),
                    _query("page", {"type": "integer", "minimum": 1, "maximum": 500}),
                    _query("per_page", {"type": "integer", "minimum": 1, "maximum": 100})],
                "responses": {
                    "200": _json({"type": "object",
                                  "required": ["query", "total", "page", "per_page", "results",
                                               "facets"],
                                  "properties": {
                                      "query": {"type": "string"}, "total": {"type": "integer"},
                                      "page": {"type": "integer"},
                                      "per_page": {"type": "integer"},
                                      "results": {"type": "array", "items": {"type": "object"}},
                                      "facets": {"type": "object"},
                                      "suggestion": NULLABLE_STR}}, "Results."),
                    "400": _error("Bad parameter."),
                    "429": _error("Too many requests.")}}},
            "/api/v1/participation": {"get": {
                "summary": "Participation and access rates (as the dashboard).",
                "tags": ["province"], "security": [{"officerToken": []}],
                "parameters": [
                    _query("period", {"type": "string"}, "2026, 2026-Q3, 2026-11…"),
                    _query("group_by", {"type": "string"}, "commune, vsic_section, size_class")],
                "responses": {
                    "200": _json({"type": "object", "required": ["period", "total", "groups"],
                                  "properties": {"period": {"type": "object"},
                                                 "targets": {"type": "object"},
                                                 "total": _ref("Tally"),
                                                 "groups": {"type": "array"}}}, "The figures."),
                    "400": _error("Bad period or grouping."), "401": _error("No valid token."),
                    "403": _error("Not an officer's token."),
                    "429": _error("Too many requests.")}}},
            "/api/v1/seller/listings/{sku}": {
                **_seller("get", "One of the enterprise's listings (any status).",
                          {"200": _json(_ref("SellerListing"), "The listing."),
                           "404": _error("No listing with this SKU.")}),
                **_seller("put", "Create or update by SKU (idempotent).",
                          {"200": _json(_ref("SellerListing"), "Updated."),
                           "201": _json(_ref("SellerListing"), "Created."),
                           "422": _error("Refused by the listing rules; nothing changed.")},
                          listing_body,
                          "The web form's rules and review: a content change of a published "
                          "listing sends it back to review; trade terms alone stay live."),
            },
            "/api/v1/seller/listings/{sku}/archive": _seller(
                "post", "Withdraw a listing from public view (idempotent).",
                {"200": _json(_ref("SellerListing"), "Archived."),
                 "404": _error("No listing with this SKU."), "422": _error("Refused.")}),
            "/api/v1/seller/listings/{sku}/photos": _seller(
                "post", "Add photos: multipart field «photo», or JSON {url} fetched by a job.",
                {"200": _json(_ref("SellerListing"), "Photos added (multipart)."),
                 "202": _json({"type": "object", "required": ["accepted"],
                               "properties": {"accepted": {"type": "boolean"},
                                              "url": {"type": "string"}}},
                              "The URL will be fetched by a job."),
                 "404": _error("No listing with this SKU."),
                 "422": _error("Refused photo or URL.")},
                {"required": True, "content": {
                    JSON: {"schema": {"type": "object", "required": ["url"], "properties": {
                        "url": {"type": "string", "format": "uri"}}}},
                    "multipart/form-data": {"schema": {"type": "object", "properties": {
                        "photo": {"type": "array", "items": {"type": "string",
                                                             "format": "binary"}}}}}}}),
            "/api/v1/seller/listings/bulk": {"post": {
                "summary": "Up to 500 listings in one call, all or nothing (the CSV import).",
                "tags": ["seller"], "security": [{"sellerToken": []}],
                "requestBody": {"required": True, "content": {JSON: {"schema": {
                    "type": "object", "required": ["listings"], "properties": {
                        "listings": {"type": "array", "minItems": 1, "maxItems": 500,
                                     "items": {"allOf": [_ref("ListingInput"), {
                                         "type": "object", "required": ["sku"]}]}}}}}}},
                "responses": {"200": _json(_ref("ImportReport"), "Every listing applied."),
                              "422": _json({"oneOf": [_ref("ImportReport"), _ref("Error")]},
                                           "Refused: nothing changed, every error listed."),
                              "401": _error("No valid token."),
                              "403": _error("The token's owner no longer manages listings."),
                              "429": _error("Rate limit of the token.")}}},
        },
    }
