from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from trading_floor.core import home_sections
from trading_floor.core.redirects import safe_next

bp = Blueprint("core", __name__)


@bp.route("/")
def home():
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
