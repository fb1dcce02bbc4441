"""The page of one import run (progress, then the report) and its state as JSON for the page's
script. The uploader and the officers see a run; anyone else gets a 404."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from trading_floor.core import import_reports
from trading_floor.extensions import db
from trading_floor.imports import runs
from trading_floor.imports.models import ImportRun

bp = Blueprint("imports", __name__)

STATUS_LABELS = {"queued": _l("Đang chờ trong hàng đợi"), "validating": _l("Đang kiểm tra tệp"),
                 "writing": _l("Đang ghi vào sàn"), "done": _l("Đã nhập xong"),
                 "failed": _l("Không nhập được")}
RECENT = 5
# where each kind of import is uploaded (the page's way back)
UPLOAD_PAGES = {"registry": "registry.registry", "categories": "taxonomy.categories",
                "listings": "seller.import_file"}


@bp.app_template_global()
def import_run_status(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@bp.app_template_global()
def recent_import_runs(kind: str) -> list[ImportRun]:
    """The signed-in user's last import runs of this kind (the upload page lists them)."""
    if not current_user.is_authenticated:
        return []
    return list(db.session.scalars(
        select(ImportRun).where(ImportRun.kind == kind, ImportRun.created_by_id == current_user.id)
        .order_by(ImportRun.created_at.desc(), ImportRun.id.desc()).limit(RECENT)))


def _visible_run(run_id: int) -> ImportRun:
    run = db.get_or_404(ImportRun, run_id)
    if not runs.visible_to(run, current_user):
        abort(404)
    return run


@bp.get("/nhap-tep/<int:run_id>")
@login_required
def run(run_id: int):
    run = _visible_run(run_id)
    download = None
    if run.report_token and import_reports.path_of(run.report_token, current_user.id):
        download = url_for("core.import_report", token=run.report_token)
    return render_template("imports/run.html", run=run, report=runs.report_of(run),
                           download=download, back=url_for(UPLOAD_PAGES[run.kind]),
                           labels={k: str(v) for k, v in STATUS_LABELS.items()})


@bp.get("/nhap-tep/<int:run_id>/trang-thai")
@login_required
def state(run_id: int):
    response = jsonify(runs.state(_visible_run(run_id)))
    response.headers["Cache-Control"] = "no-store"
    return response
