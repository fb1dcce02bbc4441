"""/quan-tri/tac-vu: each schedule (last run, outcome, next run), failed jobs with their error
text and a retry button, and the queue's state. Administrators only."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.jobs import outbox
from trading_floor.jobs.models import FAILED, Job
from trading_floor.policy import admin_required


def _tasks():
    return current_app.extensions["jobs"].tasks


bp = Blueprint("jobs", __name__)
FAILED_SHOWN = 100


def _schedule_rows(queue) -> list[dict]:
    now = utcnow()
    rows = []
    for schedule in _tasks().schedules:
        last = db.session.scalar(select(Job).where(Job.task == schedule.name)
                                 .order_by(Job.created_at.desc(), Job.id.desc()).limit(1))
        failures = db.session.scalar(select(func.count()).select_from(Job).where(
            Job.task == schedule.name, Job.status == FAILED)) or 0
        rows.append({"schedule": schedule, "last": last, "failures": failures,
                     "next": queue.next_run(schedule.name, now)})
    return rows


@bp.get("/quan-tri/tac-vu")
@admin_required
def admin():
    queue = current_app.extensions["jobs"]
    failed = db.session.scalars(select(Job).where(Job.status == FAILED)
                                .order_by(Job.finished_at.desc(), Job.id.desc())
                                .limit(FAILED_SHOWN)).all()
    counts = dict(db.session.execute(select(Job.status, func.count()).group_by(Job.status)).all())
    return render_template("jobs/admin.html", schedules=_schedule_rows(queue), failed=failed,
                           counts=counts, state=outbox.status(), labels=_tasks().labels)


@bp.post("/quan-tri/tac-vu/<int:job_id>/chay-lai")
@admin_required
def retry(job_id: int):
    job = db.get_or_404(Job, job_id)
    if outbox.retry(job):
        flash(_("Đã đưa tác vụ #%(id)d vào hàng đợi để chạy lại.", id=job_id), "success")
    else:
        flash(_("Tác vụ #%(id)d không ở trạng thái lỗi: không cần chạy lại.", id=job_id), "error")
    return redirect(url_for("jobs.admin"))


@bp.post("/quan-tri/tac-vu/lich/<name>/chay-ngay")
@admin_required
def run_now(name: str):
    if name not in {schedule.name for schedule in _tasks().schedules}:
        abort(404)
    job = outbox.run_now(name)
    flash(_("Đã đưa tác vụ #%(id)d vào hàng đợi.", id=job.id), "success")
    return redirect(url_for("jobs.admin"))
