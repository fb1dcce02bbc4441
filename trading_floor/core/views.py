from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import text

from trading_floor.core.redirects import safe_next
from trading_floor.extensions import db

bp = Blueprint("core", __name__)


@bp.route("/")
def home():
    from trading_floor.core import home_sections

    return render_template("core/home.html", sections=home_sections.collect())


@bp.route("/ngon-ngu/<lang>")
def set_language(lang: str):
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    referrer = request.referrer or ""
    back = "/" + referrer[len(request.host_url):] if referrer.startswith(request.host_url) else None
    response = redirect(safe_next(back) or url_for("core.home"))
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@bp.route("/quyen-rieng-tu")
def privacy():
    return render_template("core/privacy.html",
                           retention_days=current_app.config["ACCESS_EVENT_RETENTION_DAYS"])


@bp.route("/healthz")
def healthz():
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:  # the point of a health check is to report, not to raise
        db.session.rollback()
        checks["database"] = f"error: {error.__class__.__name__}"
    checks["search_index"] = search_index_status()
    healthy = checks["database"] == "ok" and checks["search_index"] == "ok"
    return jsonify(status="ok" if healthy else "degraded", checks=checks), 200 if healthy else 503


def search_index_status() -> str:
    try:
        from trading_floor.search import health
    except ImportError:
        return "ok"
    return health()
