"""Operating the index: reindex (swapped in while searches go on), drift check, health, access."""

from __future__ import annotations

import threading

import pytest

from tests.search.conftest import IS_PG, LISTINGS, search


def test_reindex_swaps_while_searches_are_answered(corpus, app, backend_name):
    from trading_floor.search import indexing

    expected = search("nhan").total
    errors, totals, stop = [], [], threading.Event()

    def searching():
        with app.app_context():
            while not stop.is_set():
                try:
                    totals.append(search("nhan").total)
                except Exception as error:  # noqa: BLE001 - the test reports any failure
                    errors.append(error)

    thread = threading.Thread(target=searching)
    thread.start()
    try:
        for _ in range(3):
            assert indexing.reindex() == len(LISTINGS)
    finally:
        stop.set()
        thread.join(30)
    assert not errors
    assert totals and set(totals) == {expected}


def test_cli_reindex_shows_progress_and_check_reports_drift(corpus, runner, db, backend_name):
    from sqlalchemy import update

    from trading_floor.catalog.models import Listing

    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert f"{len(LISTINGS)} sản phẩm" in result.output
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0 and "Không có độ lệch" in result.output
    # a bulk change that nobody signalled: the check finds it, a reindex repairs it
    db.session.execute(update(Listing).where(Listing.id == corpus["chuoi"].id)
                       .values(status="archived"))
    db.session.commit()
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1 and f"{corpus['chuoi'].id}" in result.output
    runner.invoke(args=["search", "reindex"])
    assert runner.invoke(args=["search", "check"]).exit_code == 0


def test_missing_index_keeps_the_floor_up_and_reindex_repairs_it(app, client, tmp_path):
    app.config["SEARCH_BACKEND"] = "whoosh"
    app.config["SEARCH_INDEX_DIR"] = str(tmp_path / "nowhere")
    app.extensions.pop("search_backend", None)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "search index missing" in response.get_json()["checks"]["search_index"]
    page = client.get("/tim-kiem", query_string={"q": "nhãn"})
    assert page.status_code == 200 and "tạm thời không hoạt động" in page.get_data(as_text=True)
    assert client.get("/api/v1/search", query_string={"q": "nhãn"}).status_code == 200
    runner = app.test_cli_runner()
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    assert client.get("/healthz").get_json()["checks"]["search_index"] == "ok"


@pytest.mark.filterwarnings("ignore::ResourceWarning",
                            "ignore::pytest.PytestUnraisableExceptionWarning")
def test_unreadable_index_is_reported(app, client, tmp_path):
    root = tmp_path / "broken"
    root.mkdir()
    (root / "gen-x").mkdir()
    (root / "gen-x" / "_listings_1.toc").write_bytes(b"garbage")
    (root / "current").symlink_to("gen-x")
    app.config["SEARCH_BACKEND"] = "whoosh"
    app.config["SEARCH_INDEX_DIR"] = str(root)
    app.extensions.pop("search_backend", None)
    checks = client.get("/healthz").get_json()["checks"]
    assert checks["search_index"].startswith("error: search index unreadable")
    import gc

    gc.collect()  # whoosh leaves the garbage file open: collect it inside this test


@pytest.mark.skipif(not IS_PG, reason="needs PostgreSQL")
def test_unaccent_folds_d_stroke(app, db):
    """The unaccent dictionary's default rules map đ/Đ to d: `duong` finds *đường* (both come
    from the migrations, not from the app at run time)."""
    from sqlalchemy import text

    with db.engine.begin() as connection:
        assert connection.scalar(text("SELECT unaccent('Đường đi Đông Tảo')")) == \
            "Duong di Dong Tao"
        assert connection.scalar(text(
            "SELECT to_tsvector('floor_folded', 'đường phèn') @@ "
            "plainto_tsquery('floor_folded', 'duong')"))


def test_search_by_a_member_is_recorded_for_the_access_rate(corpus, client, db, login_as,
                                                             verified_owner):
    from sqlalchemy import select

    from trading_floor.monitoring.models import AccessEvent

    def recorded():
        return db.session.execute(select(AccessEvent.user_id, AccessEvent.kind)).all()

    client.get("/tim-kiem", query_string={"q": "nhãn"})
    assert recorded() == []  # anonymous: nobody to count
    officer = login_as("officer")
    client.get("/tim-kiem", query_string={"q": "nhãn"})
    assert recorded() == []  # the Department's own searches never count
    client.get("/")
    owner, _enterprise = verified_owner()
    login_as(owner)
    client.get("/tim-kiem", query_string={"q": "nhãn"})
    assert recorded() == [(owner.id, "search")]
    assert officer.id != owner.id
