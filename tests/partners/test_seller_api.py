"""The seller API: upsert by sku with the form's rules and review, archive, bulk all-or-nothing,
photos by upload and by URL (fetched in a job, SSRF-checked)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select

from tests.partners.conftest import bearer, image_bytes
from trading_floor.catalog.models import Listing

NHAN = {"title": "Nhãn lồng Hưng Yên loại 1", "category": "nhan", "unit": "kg",
        "price_vnd": 45000, "moq": 10, "tiers": [[100, 42000]], "certifications": ["VietGAP"]}


def put(client, token, sku, body):
    return client.put(f"/api/v1/seller/listings/{sku}", json=body, headers=bearer(token))


def test_without_a_token_the_seller_api_answers_401_json(client, seller):
    response = client.put("/api/v1/seller/listings/N1", json=NHAN)
    assert response.status_code == 401
    assert "Bearer" in response.get_json()["error"]
    response = put(client, "hys_sai", "N1", NHAN)
    assert response.status_code == 401


def test_put_creates_then_updates_by_sku_and_is_idempotent(client, seller, db):
    owner, enterprise, token = seller
    created = put(client, token, "N1", NHAN)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["sku"] == "N1" and body["price_vnd"] == 45000 and body["tiers"] == [[100, 42000]]
    assert body["status"] == "submitted"  # sent to review, as the form's "save and submit"
    again = put(client, token, "N1", NHAN)
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]
    assert again.get_json()["status"] == "submitted"
    assert db.session.scalar(select(func.count()).select_from(Listing)) == 1


def test_a_content_change_of_a_public_listing_goes_back_to_review(client, seller, publish, db):
    owner, enterprise, token = seller
    listing_id = put(client, token, "N1", NHAN).get_json()["id"]
    publish(db.session.get(Listing, listing_id))
    terms = put(client, token, "N1", {**NHAN, "price_vnd": 47000})
    assert terms.get_json()["status"] == "published"  # trade terms alone stay live, as today
    content = put(client, token, "N1", {**NHAN, "price_vnd": 47000, "title": "Nhãn lồng mới"})
    assert content.status_code == 200
    assert content.get_json()["status"] == "submitted"


def test_invalid_listing_is_refused_with_the_form_rules_and_nothing_changes(client, seller, db):
    owner, enterprise, token = seller
    response = put(client, token, "N1", {**NHAN, "price_vnd": -5, "category": "khong-co"})
    assert response.status_code == 422
    fields = response.get_json()["fields"]
    assert "category" in fields and "price_vnd" in fields
    wrong_type = put(client, token, "N1", {**NHAN, "tiers": "100:42000", "colour": "đỏ"})
    assert wrong_type.status_code == 422
    assert set(wrong_type.get_json()["fields"]) == {"tiers", "colour"}
    not_json = client.put("/api/v1/seller/listings/N1", data="x", headers=bearer(token))
    assert not_json.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Listing)) == 0


def test_a_token_acts_on_its_own_enterprise_only_and_dies_when_revoked(
        client, seller, verified_owner, db):
    from trading_floor.partners import keys

    owner, enterprise, token = seller
    put(client, token, "N1", NHAN)
    other_owner, other = verified_owner(email="khac@example.vn")
    other_token = keys.create_seller_token(other_owner, other.id, "Kho")[1]
    assert client.get("/api/v1/seller/listings/N1", headers=bearer(other_token)).status_code == 404
    assert client.get("/api/v1/seller/listings/N1", headers=bearer(token)).status_code == 200
    token_row = keys.find_seller_token(token)
    assert token_row.last_used_at is not None
    keys.revoke_seller_token(owner, enterprise.id, token_row.id)
    assert client.get("/api/v1/seller/listings/N1", headers=bearer(token)).status_code == 401


def test_archive_is_idempotent(client, seller):
    owner, enterprise, token = seller
    put(client, token, "N1", NHAN)
    for _ in range(2):
        response = client.post("/api/v1/seller/listings/N1/archive", headers=bearer(token))
        assert response.status_code == 200 and response.get_json()["status"] == "archived"
    assert client.post("/api/v1/seller/listings/KHONG/archive",
                       headers=bearer(token)).status_code == 404


def test_bulk_is_all_or_nothing_with_the_import_report(client, seller, db):
    owner, enterprise, token = seller
    good = [{**NHAN, "sku": f"B{i}", "title": f"Nhãn {i}"} for i in range(3)]
    bad = good + [{**NHAN, "sku": "B9", "unit": ""}, {**NHAN, "sku": "B0"}]
    refused = client.post("/api/v1/seller/listings/bulk", json={"listings": bad},
                          headers=bearer(token))
    assert refused.status_code == 422
    report = refused.get_json()
    assert report["ok"] is False
    assert {(e["index"], e["column"]) for e in report["errors"]} == {(3, "unit"), (4, "sku")}
    assert db.session.scalar(select(func.count()).select_from(Listing)) == 0
    accepted = client.post("/api/v1/seller/listings/bulk", json={"listings": good},
                           headers=bearer(token))
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json()["added"] == 3
    again = client.post("/api/v1/seller/listings/bulk", json={"listings": good},
                        headers=bearer(token)).get_json()
    assert (again["added"], again["unchanged"]) == (0, 3)
    too_many = client.post("/api/v1/seller/listings/bulk",
                           json={"listings": [{**NHAN, "sku": f"X{i}"} for i in range(501)]},
                           headers=bearer(token))
    assert too_many.status_code == 422 and "500" in too_many.get_json()["error"]


def test_photos_by_multipart_upload_are_checked_like_uploads(client, seller):
    owner, enterprise, token = seller
    put(client, token, "N1", NHAN)
    import io

    response = client.post("/api/v1/seller/listings/N1/photos", headers=bearer(token),
                           data={"photo": (io.BytesIO(image_bytes()), "a.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    assert len(response.get_json()["images"]) == 1
    fake = client.post("/api/v1/seller/listings/N1/photos", headers=bearer(token),
                       data={"photo": (io.BytesIO(b"<svg/>"), "a.jpg")},
                       content_type="multipart/form-data")
    assert fake.status_code == 422 and "JPEG" in fake.get_json()["error"]


@pytest.fixture
def photo_server():
    """A local web server with one photo at /anh.jpg and a redirect at /chuyen."""
    photo = image_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            if self.path == "/anh.jpg":
                self.send_response(200)
                self.send_header("Content-Type", "image/jpeg")
                self.send_header("Content-Length", str(len(photo)))
                self.end_headers()
                self.wfile.write(photo)
            else:
                self.send_response(302)
                self.send_header("Location", "http://169.254.169.254/")
                self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_photo_by_url_is_fetched_in_a_job_when_private_addresses_are_allowed(
        app, client, seller, photo_server, db):
    owner, enterprise, token = seller
    listing_id = put(client, token, "N1", NHAN).get_json()["id"]
    app.config["PHOTO_FETCH_ALLOW_PRIVATE"] = True
    response = client.post("/api/v1/seller/listings/N1/photos", headers=bearer(token),
                           json={"url": f"{photo_server}/anh.jpg"})
    assert response.status_code == 202
    db.session.expire_all()
    assert len(db.session.get(Listing, listing_id).images) == 1  # JOBS_IMMEDIATE ran the job
    client.post("/api/v1/seller/listings/N1/photos", headers=bearer(token),
                json={"url": f"{photo_server}/chuyen"})
    db.session.expire_all()
    assert len(db.session.get(Listing, listing_id).images) == 1  # a redirect is not followed


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/anh.jpg", "http://10.0.0.5/anh.jpg",
                                 "http://169.254.169.254/latest", "http://[::1]/anh.jpg",
                                 "http://0.0.0.0/x", "http://localhost/x"])
def test_ssrf_private_loopback_and_link_local_addresses_are_refused(app, url):
    from trading_floor.partners.photo_fetch import FetchRefused, fetch

    with pytest.raises(FetchRefused):
        fetch(url)


@pytest.mark.parametrize("url", ["ftp://example.vn/a.jpg", "file:///etc/passwd",
                                 "http://user:pw@example.vn/a.jpg", "notaurl"])
def test_only_http_urls_without_credentials_are_accepted(client, seller, url):
    owner, enterprise, token = seller
    put(client, token, "N1", NHAN)
    response = client.post("/api/v1/seller/listings/N1/photos", headers=bearer(token),
                           json={"url": url})
    assert response.status_code == 422


def test_a_private_address_is_refused_when_asked_not_only_in_the_job(client, seller):
    owner, enterprise, token = seller
    put(client, token, "N1", NHAN)
    response = client.post("/api/v1/seller/listings/N1/photos", headers=bearer(token),
                           json={"url": "http://169.254.169.254/latest/meta-data"})
    assert response.status_code == 422 and "169.254.169.254" in response.get_json()["error"]


def test_owner_creates_a_token_on_the_workspace_page_shown_once_and_revokes_it(
        client, login_as, verified_owner, db, taxonomy):
    import re

    from tests.conftest import post_form
    from trading_floor.partners.models import SellerToken

    owner, enterprise = verified_owner()
    login_as(owner)
    assert "/gian-hang/ma-api" in client.get("/gian-hang/").get_data(as_text=True)
    page = post_form(client, "/gian-hang/ma-api", {"name": "Phần mềm kho"})
    assert page.status_code == 200
    raw = re.search(r"(hys_[\w-]+)</code>", page.get_data(as_text=True)).group(1)
    assert put(client, raw, "N1", NHAN).status_code == 201
    assert raw not in client.get("/gian-hang/ma-api").get_data(as_text=True)
    token = db.session.scalar(select(SellerToken))
    assert token.token_hash != raw and token.last_used_at is not None
    post_form(client, f"/gian-hang/ma-api/{token.id}/thu-hoi", {}, form_url="/gian-hang/ma-api")
    assert put(client, raw, "N1", NHAN).status_code == 401


def test_staff_of_the_enterprise_cannot_make_tokens(client, login_as, verified_owner, make_user,
                                                     db):
    from trading_floor.accounts.models import Membership

    owner, enterprise = verified_owner()
    staff = make_user()
    db.session.add(Membership(user_id=staff.id, enterprise_id=enterprise.id, role="staff"))
    db.session.commit()
    login_as(staff)
    assert client.get("/gian-hang/ma-api").status_code == 403
