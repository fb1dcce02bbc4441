"""Sàn giao dịch thương mại điện tử Hưng Yên — the application factory."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, current_app, render_template
from sqlalchemy import event
from sqlalchemy.engine import Engine

from trading_floor import wiring
from trading_floor.config import ROOT, load_config, validate
from trading_floor.extensions import babel, csrf, db, limiter, login_manager, migrate

BLUEPRINTS = (
    "trading_floor.core.views",
    "trading_floor.healthz",
    "trading_floor.content.views",
    "trading_floor.legal.views",
    "trading_floor.complaints.views",
    "trading_floor.authority.views",
    "trading_floor.reporting.views",
    "trading_floor.privacy.views",
    "trading_floor.accounts.views",
    "trading_floor.registry.views",
    "trading_floor.trade.views",
    "trading_floor.catalog.seller_views",
    "trading_floor.catalog.moderation_views",
    "trading_floor.catalog.taxonomy_views",
    "trading_floor.catalog.media_views",
    "trading_floor.payments.views",
    "trading_floor.catalog.views",
    "trading_floor.monitoring.views",
    "trading_floor.monitoring.api",
    "trading_floor.search.views",
    "trading_floor.search.api",
    "trading_floor.jobs.views",
    "trading_floor.imports.views",
    "trading_floor.feeds.views",
    "trading_floor.webhooks.views",
    "trading_floor.crosslisting.views",
    "trading_floor.outreach.views",
    "trading_floor.partners.api",
    "trading_floor.partners.seller_api",
    "trading_floor.partners.views",
    "trading_floor.alerts.views",
)
CLI_GROUPS = (
    "trading_floor.accounts.cli",
    "trading_floor.registry.cli",
    "trading_floor.cli",
    "trading_floor.trade.cli",
    "trading_floor.catalog.cli",
    "trading_floor.monitoring.cli",
    "trading_floor.search.cli",
    "trading_floor.jobs.cli",
    "trading_floor.partners.cli",
)


def create_app(test_config: dict | None = None) -> Flask:
    instance_path = Path(os.environ.get("FLOOR_INSTANCE_PATH", ROOT / "instance"))
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(load_config(instance_path))
    if test_config:
        app.config.update(test_config)
    validate(app.config)
    Path(app.config["UPLOAD_DIR"]).mkdir(parents=True, exist_ok=True)
    from trading_floor.core import metrics, requestlog

    requestlog.init_app(app)  # first: the request id exists before any other hook logs
    metrics.init_app(app)

    register_proxies(app)
    register_extensions(app)
    register_converters(app)
    register_blueprints(app)
    register_cli(app)
    register_template_helpers(app)
    register_error_pages(app)
    wiring.init_app(app)
    return app


def register_extensions(app: Flask) -> None:
    import trading_floor.models  # noqa: F401  (every model registered before migrations run)
    from trading_floor.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(ROOT / "translations"),
    )
    limiter.init_app(app)
    from trading_floor import tasks
    from trading_floor.jobs.queue import TaskRegistry
    from trading_floor.jobs.queue import init_app as init_jobs

    init_jobs(app, TaskRegistry(tasks.HANDLERS, tasks.SCHEDULES, tasks.TASK_LABELS))
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"

    from flask_babel import lazy_gettext

    login_manager.login_message = lazy_gettext("Vui lòng đăng nhập để tiếp tục.")

    from flask_babel import refresh

    # the locale is cached on g, which outlives a request when an app context is already pushed
    app.before_request(refresh)

    @login_manager.user_loader
    def load_user(session_id: str):
        from trading_floor.accounts.services import user_of_session

        # "id:session version" (User.get_id): a session from before a sign-out or reset is none
        return user_of_session(session_id)


SQLITE_BUSY_TIMEOUT_MS = 30_000


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Foreign keys on, WAL and a busy timeout, so several workers do not trip over locks."""
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # a writer waits for the lock rather than failing with "database is locked": 30 s is
        # three times the longest write the floor does (an import's write phase, ≤ 10 s for
        # 200,000 registry rows, bench/imports.py)
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def register_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, the client's address and scheme are the ones they
    forward (rate limits per address, https URLs); with 0 the headers are ignored (spoofable)."""
    hops = app.config.get("TRUSTED_PROXIES", 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_converters(app: Flask) -> None:
    from trading_floor.core.numbers import IdConverter

    # every <int:…> in a route: ASCII digits up to 2^31 - 1, else a 404 rather than a 500
    app.url_map.converters["int"] = IdConverter


def register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for name in BLUEPRINTS:
        app.register_blueprint(import_module(name).bp)


def register_cli(app: Flask) -> None:
    from importlib import import_module

    for name in CLI_GROUPS:
        module = import_module(name)
        for command in module.COMMANDS:
            app.cli.add_command(command)


def register_template_helpers(app: Flask) -> None:
    from flask_babel import get_locale

    from trading_floor import i18n, policy

    app.jinja_env.filters["vnd"] = i18n.format_vnd
    app.jinja_env.filters["num"] = i18n.format_number
    app.jinja_env.filters["vndate"] = i18n.format_date
    app.jinja_env.filters["vndatetime"] = i18n.format_datetime
    app.jinja_env.globals["policy"] = policy
    from trading_floor.core.import_reports import totals

    app.jinja_env.globals["import_error_totals"] = totals

    @app.context_processor
    def inject_globals():
        from trading_floor.core.nav import links

        return {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"],
                "nav": links()}

    from trading_floor.core import security_headers

    security_headers.init_app(app)  # CSP without 'unsafe-inline', HSTS in production, nosniff…


def error_page(code: int, **context):
    """The error page; in plain text when the page itself cannot be made (the menu and the user
    need the database, which may be what failed)."""
    from flask import Response
    from flask_babel import gettext

    from trading_floor.core.requestlog import current_id

    try:
        return render_template("errors/error.html", code=code, **context), code
    except Exception:
        current_app.logger.exception("The error page could not be rendered")
        db.session.rollback()
    message = gettext("Đã có lỗi phía máy chủ. Chúng tôi đã ghi nhận và sẽ khắc phục.")
    quote = gettext("Mã yêu cầu: %(id)s — vui lòng gửi kèm mã này khi liên hệ hỗ trợ.",
                    id=current_id())
    return Response(f"{code}\n{message}\n{quote}\n", status=code, mimetype="text/plain",
                    headers={"Cache-Control": "no-store"})


def register_error_pages(app: Flask) -> None:
    from flask_wtf.csrf import CSRFError

    def render_error(code: int):
        def handler(error):
            return error_page(code)

        return handler

    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, render_error(code))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return error_page(400, csrf=True)

    @app.errorhandler(Exception)
    def unexpected(error):
        from werkzeug.exceptions import HTTPException

        if isinstance(error, HTTPException):
            return render_error(error.code or 500)(error)
        app.logger.exception("Unhandled error")
        db.session.rollback()
        return error_page(500)
