"""The OpenAPI document is true: it names every /api/v1 route of the app (and nothing else), with
the same methods, and real responses of each operation validate against it. The one module that
imports schemathesis (its live run against the server is scripts/api_contract.py, in .ci/run)."""

from __future__ import annotations

import io
import re

import pytest
import schemathesis

from tests.partners.conftest import bearer, image_bytes
from trading_floor.partners.openapi import document

NHAN = {"title": "Nhãn lồng", "category": "nhan", "unit": "kg", "price_vnd": 45000}


def _app_operations(app) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1"):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
            found |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return found


def test_the_document_and_the_url_map_name_the_same_operations(app, client):
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200 and served.get_json()["openapi"] == "3.1.0"
    documented = {(path, method) for path, item in served.get_json()["paths"].items()
                  for method in item}
    assert documented == _app_operations(app)


@pytest.fixture
def schema():
    return schemathesis.openapi.from_dict(document())


def test_partner_responses_validate_against_the_document(
        client, schema, seller, partner_key, publish, db):
    from trading_floor.catalog.models import Listing

    owner, enterprise, token = seller
    listing_id = client.put("/api/v1/seller/listings/N1", json=NHAN,
                            headers=bearer(token)).get_json()["id"]
    publish(db.session.get(Listing, listing_id))
    client.put("/api/v1/seller/listings/N2", json=NHAN, headers=bearer(token))
    raw, no_rfqs = partner_key(), partner_key("B", ["rfqs"])
    calls = [("/api/v1/listings", raw, {}), ("/api/v1/listings", raw, {"cursor": "x"}),
             ("/api/v1/listings", None, {}), ("/api/v1/listings", no_rfqs, {}),
             ("/api/v1/enterprises", raw, {}), ("/api/v1/categories", raw, {}),
             ("/api/v1/rfqs", raw, {"per_page": "0"}), ("/api/v1/rfqs", raw, {}),
             ("/api/v1/search", None, {"q": "nhãn"}), ("/api/v1/search", None, {"sort": "x"}),
             ("/api/v1/participation", None, {})]
    for path, key, query in calls:
        response = client.get(path, query_string=query, headers=bearer(key) if key else {})
        schema[path]["GET"].validate_response(response)
    body = client.get("/api/v1/listings", headers=bearer(raw)).get_json()
    assert body["changes"][0]["change"] == "upsert"


def test_seller_responses_validate_against_the_document(client, schema, seller):
    owner, enterprise, token = seller
    one = "/api/v1/seller/listings/{sku}"
    auth = bearer(token)
    responses = [
        (one, "PUT", client.put("/api/v1/seller/listings/N1", json=NHAN, headers=auth)),
        (one, "PUT", client.put("/api/v1/seller/listings/N1", json=NHAN, headers=auth)),
        (one, "PUT", client.put("/api/v1/seller/listings/N1", json={"title": ""}, headers=auth)),
        (one, "PUT", client.put("/api/v1/seller/listings/N1", json=NHAN)),
        (one, "GET", client.get("/api/v1/seller/listings/N1", headers=auth)),
        (one, "GET", client.get("/api/v1/seller/listings/X", headers=auth)),
        (one + "/photos", "POST", client.post(
            "/api/v1/seller/listings/N1/photos", headers=auth,
            data={"photo": (io.BytesIO(image_bytes()), "a.jpg")},
            content_type="multipart/form-data")),
        (one + "/photos", "POST", client.post("/api/v1/seller/listings/N1/photos",
                                              headers=auth, json={"url": "ftp://x"})),
        (one + "/archive", "POST", client.post("/api/v1/seller/listings/N1/archive",
                                               headers=auth)),
        ("/api/v1/seller/listings/bulk", "POST", client.post(
            "/api/v1/seller/listings/bulk", headers=auth,
            json={"listings": [{**NHAN, "sku": "B1"}]})),
        ("/api/v1/seller/listings/bulk", "POST", client.post(
            "/api/v1/seller/listings/bulk", headers=auth,
            json={"listings": [{**NHAN, "sku": "B1", "unit": ""}]})),
    ]
    assert [r.status_code for _p, _m, r in responses] == [201, 200, 422, 401, 200, 404, 200, 422,
                                                          200, 200, 422]
    for path, method, response in responses:
        schema[path][method].validate_response(response)
