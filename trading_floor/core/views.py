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
    target = request.referrer or url_for("core.home")
    if not target.startswith(request.host_url):
        target = url_for("core.home")
    response = redirect(target)
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
    checks["queue"] = queue_status() if checks["database"] == "ok" else {"status": "unknown"}
    healthy = (checks["database"] == "ok" and checks["search_index"] == "ok"
               and checks["queue"]["status"] == "ok")
    return jsonify(status="ok" if healthy else "degraded", checks=checks), 200 if healthy else 503


def queue_status() -> dict:
    """The job queue: a consumer seen within the last minute, the backlog (trading_floor/jobs)."""
    from trading_floor.jobs import outbox

    try:
        return outbox.status()
    except Exception as error:  # a health check reports, it never raises
        db.session.rollback()
        return {"status": f"error: {error.__class__.__name__}"}


def search_index_status() -> str:
    try:
        from trading_floor.search import health
    except ImportError:
        return "ok"
    return health()
