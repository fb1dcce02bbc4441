import pytest

from trading_floor import create_app
from trading_floor.i18n import fold, format_date, format_vnd, slugify


def test_healthz(client):
    response = client.get("/healthz")
    assert response.json["checks"]["database"] == "ok"


def test_error_pages_in_vietnamese(client):
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_unexpected_error_is_a_friendly_500(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/_boom")
    def boom():
        raise RuntimeError("boom")

    response = client.get("/_boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "lỗi phía máy chủ" in page and "Traceback" not in page


def test_production_refuses_to_start_without_a_secret(monkeypatch):
    monkeypatch.setenv("FLOOR_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_vietnamese_formats():
    assert format_vnd(1250000) == "1.250.000\u00a0₫"
    from datetime import datetime

    assert format_date(datetime(2026, 11, 27, 18, 30)) == "28/11/2026"  # UTC -> Asia/Ho_Chi_Minh
    assert fold("Gà ĐÔNG Tảo") == "ga dong tao"
    assert slugify("Nhãn lồng Hưng Yên – loại 1") == "nhan-long-hung-yen-loai-1"


def test_admin_units_from_the_package(db):
    from sqlalchemy import func, select

    from trading_floor.registry.models import AdminUnit

    assert db.session.scalar(select(func.count()).select_from(AdminUnit)) == 104


def test_migrations_match_models(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from trading_floor.extensions import db
    from trading_floor.models import include_in_migrations

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection,
                                             opts={"include_object": include_in_migrations})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
