from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required

from trading_floor.core import home_sections, import_reports
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


@bp.route("/bao-cao-nhap/<token>.csv")
@login_required
def import_report(token: str):
    """The full error report of a refused import file, to the user who imported it."""
    path = import_reports.path_of(token, current_user.id)
    if path is None:
        abort(404)
    # Flask adds "; charset=utf-8" to a text/* mimetype itself: naming it too would send it twice
    return Response(path.read_bytes(), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="bao-cao-loi-nhap.csv"'})
