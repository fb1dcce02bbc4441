"""/healthz: the database, the search index and the job queue, for the load balancer and the
operator."""

from flask import Blueprint, jsonify
from sqlalchemy import text

from trading_floor import search
from trading_floor.extensions import db
from trading_floor.jobs import outbox

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
    checks["queue"] = queue_status() if checks["database"] == "ok" else {"status": "unknown"}
    healthy = (checks["database"] == "ok" and checks["search_index"] == "ok"
               and checks["queue"]["status"] == "ok")
    return jsonify(status="ok" if healthy else "degraded", checks=checks), 200 if healthy else 503


def queue_status() -> dict:
    """The job queue: a consumer seen within the last minute, the backlog (trading_floor/jobs)."""
    try:
        return outbox.status()
    except Exception as error:  # a health check reports, it never raises
        db.session.rollback()
        return {"status": f"error: {error.__class__.__name__}"}
