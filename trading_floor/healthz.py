"""/healthz: the database and the search index, for the load balancer and the operator."""

from flask import Blueprint, jsonify
from sqlalchemy import text

from trading_floor import search
from trading_floor.extensions import db

bp = Blueprint("healthz", __name__)


@bp.route("/healthz")
def healthz():
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:  # the point of a health check is to report, not to raise
        db.session.rollback()
        checks["database"] = f"error: {error.__class__.__name__}"
    checks["search_index"] = search.health()
    healthy = checks["database"] == "ok" and checks["search_index"] == "ok"
    return jsonify(status="ok" if healthy else "degraded", checks=checks), 200 if healthy else 503
