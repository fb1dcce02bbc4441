"""Fixtures: app, client, runner, db, login_as(role). Each test starts from a clean database.

The schema is built once per session by the Alembic migrations (so they are tested too); between
tests every table is emptied. TEST_DATABASE_URL points the suite at PostgreSQL.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text

from trading_floor import create_app
from trading_floor.extensions import db as _db

TEST_DB_URL = os.environ.get("TEST_DATABASE_URL")
_TMP = Path(tempfile.mkdtemp(prefix="floor-tests-"))
os.environ["FLOOR_INSTANCE_PATH"] = str(_TMP / "instance")


def _config(tmp: Path) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": TEST_DB_URL or f"sqlite:///{_TMP / 'test.db'}",
        "SEARCH_INDEX_DIR": str(tmp / "search_index"),
        "UPLOAD_DIR": str(tmp / "uploads"),
        "OUTBOX_DIR": str(tmp / "outbox"),
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # cheap in tests
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": "localhost",
        "WTF_CSRF_ENABLED": True,
        # jobs (e-mails, RFQ fan-out, index updates) run inside the commit that hands them over,
        # so a test reads the outbox and the index right after the action; tests/jobs run the
        # real queue (SQLite, Redis when REDIS_URL is set) with a consumer process
        "JOBS_IMMEDIATE": True,
        "JOBS_SQLITE_PATH": str(tmp / "jobs.db"),
    }


@pytest.fixture(scope="session")
def _schema():
    """Builds the schema once, from the migrations."""
    from flask_migrate import upgrade

    app = create_app(_config(_TMP / "session"))
    with app.app_context():
        _db.drop_all()
        with _db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        from trading_floor.registry.services import load_admin_units

        load_admin_units()
        _db.session.remove()
        _db.engine.dispose()
    yield
    shutil.rmtree(_TMP, ignore_errors=True)


def _clean(app) -> None:
    tables = [t for t in reversed(_db.metadata.sorted_tables) if t.name != "admin_units"]
    with app.app_context(), _db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture
def app(_schema, tmp_path):
    from trading_floor.extensions import limiter

    app = create_app(_config(tmp_path))
    _clean(app)
    limiter.reset()
    with app.app_context():
        yield app
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client, url: str) -> str:
    """Reads the CSRF token of the form on a page, as a browser would (never off an error page)."""
    response = client.get(url)
    assert response.status_code == 200, (
        f"the form page {url} answered {response.status_code}, not 200: no token read off it")
    page = response.get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def post_form(client, url: str, data: dict, form_url: str | None = None, **kwargs):
    """POSTs a form with the token from the page that shows it (CSRF stays on)."""
    data = {**data, "csrf_token": csrf_token(client, form_url or url)}
    return client.post(url, data=data, **kwargs)


@pytest.fixture
def make_user(app):
    from trading_floor.accounts.services import create_user

    counter = {"n": 0}

    def make(role: str = "buyer", email: str | None = None, password: str = "matkhau123"):
        counter["n"] += 1
        return create_user(email or f"user{counter['n']}@example.vn", password,
                           f"Người dùng {counter['n']}", role=role)

    return make


@pytest.fixture
def make_enterprise(app):
    """A registry enterprise; verified=True also gives it an owner account."""
    from trading_floor.extensions import db
    from trading_floor.registry.codes import tax_check_digit
    from trading_floor.registry.models import RegistryEnterprise, RegistryStatusChange

    counter = {"n": 100}

    def make(name: str = "Công ty TNHH Nhãn Lồng Phố Hiến", status: str = "active",
             commune_code: int = 11953, vsic_code: str = "0121", size_class: str = "small",
             code: str | None = None):
        while code is None:
            counter["n"] += 1
            head = f"09{counter['n']:07d}"
            digit = tax_check_digit(head)
            code = head + digit if digit else None
        from trading_floor.registry.codes import vsic_section

        enterprise = RegistryEnterprise(
            code=code, parent_code=code[:10] if "-" in code else None, name=name,
            address="Số 1 Điện Biên", commune_code=commune_code, vsic_code=vsic_code,
            vsic_section=vsic_section(vsic_code), size_class=size_class, status=status,
            phone="0221386000", email="lienhe@example.vn")
        db.session.add(enterprise)
        db.session.flush()
        db.session.add(RegistryStatusChange(enterprise_id=enterprise.id, status=status))
        db.session.commit()
        return enterprise

    return make


@pytest.fixture
def verified_owner(app, make_user, make_enterprise):
    """An owner account whose claim an officer approved; returns (user, enterprise)."""
    from trading_floor.registry import services

    def make(email: str | None = None, **enterprise_kwargs):
        enterprise = make_enterprise(**enterprise_kwargs)
        owner = make_user(email=email)
        officer = make_user("officer")
        claim = services.submit_claim(owner, enterprise.code)
        services.decide_claim(claim, officer, "approved")
        return owner, enterprise

    return make


@pytest.fixture
def login_as(client, make_user):
    """Signs a user in through the real form; accepts a role name or a User."""

    def login(who="buyer", password: str = "matkhau123"):
        user = make_user(who) if isinstance(who, str) else who
        response = post_form(client, "/dang-nhap", {"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return login


def outbox(app) -> list[dict]:
    """The messages the floor wrote to its outbox, oldest first, decoded."""
    from email import message_from_bytes
    from email import policy as email_policy

    messages = []
    for path in sorted(Path(app.config["OUTBOX_DIR"]).glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=email_policy.default)
        messages.append({"to": message["To"], "subject": message["Subject"],
                         "body": message.get_content()})
    return messages


# --- browser tests: Debian's Chromium driven by Playwright, never a downloaded browser -----------
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture
def live_server(app):
    """Serves the test app on 127.0.0.1 in a thread; yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["SERVER_NAME"] = f"127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (phone-sized when the test asks for it with page.set_viewport_size)."""
    context = browser.new_context(locale="vi-VN", base_url=live_server)
    tab = context.new_page()
    tab.set_default_timeout(15000)
    yield tab
    context.close()
