"""Starting an import run and running it in the job consumer.

`start` (in the request) stores the uploaded file in IMPORT_FILE_DIR, writes an `ImportRun` and
its job in one transaction and returns at once. `execute` (the job `imports.run`) reads the file,
lets the domain's importer validate and prepare it outside any write transaction (progress
written on a connection of its own, so the page can follow), then write it in one short
transaction; the run keeps the report. An importer is a callable
`(run, content, progress(done, total), writing()) -> ImportReport`.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, has_request_context
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy import update

from trading_floor import jobs
from trading_floor.core import import_reports
from trading_floor.core.tabular import ImportReport, RowError
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.imports.models import (
    DONE,
    FAILED,
    FINISHED,
    QUEUED,
    VALIDATING,
    WRITING,
    ImportRun,
)
from trading_floor.policy import is_officer

log = logging.getLogger(__name__)
TASK = "imports.run"
VALIDATION_SHARE = 90  # percent of the bar for reading and validating; the write is the rest
Importer = Callable[[ImportRun, bytes, Callable[[int, int], None], Callable[[], None]],
                    ImportReport]


def _directory() -> Path:
    path = Path(current_app.config["IMPORT_FILE_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def start(kind: str, content: bytes, filename: str, user_id: int | None,
          enterprise_id: int | None = None, options: dict | None = None) -> ImportRun:
    """Stores the file, records the run and its job (run after the commit); commits."""
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    stored_as = f"{uuid.uuid4().hex}{suffix}"
    (_directory() / stored_as).write_bytes(content)
    # the report's reasons are written in the language of the page the file was uploaded from
    options = {**(options or {}),
               "locale": str(get_locale() or "vi") if has_request_context() else "vi"}
    run = ImportRun(kind=kind, filename=(filename or "upload.csv")[:255], stored_as=stored_as,
                    options=json.dumps(options), enterprise_id=enterprise_id,
                    created_by_id=user_id, status=QUEUED)
    db.session.add(run)
    db.session.flush()
    jobs.record(TASK, {"run_id": run.id}, key=f"{TASK}:{run.id}")
    db.session.commit()
    return run


def visible_to(run: ImportRun, user) -> bool:
    """The uploader sees their run; officers see every run."""
    return bool(user and user.is_authenticated
                and (run.created_by_id == user.id or is_officer(user)))


def _set(run_id: int, **values) -> None:
    """Writes the run's state on a connection of its own, committed at once (the page polls it);
    never inside the import's write transaction."""
    with db.engine.begin() as connection:
        connection.execute(update(ImportRun).where(ImportRun.id == run_id).values(**values))


def execute(run_id: int, importers: dict[str, Importer], last_attempt: bool = True) -> None:
    """The job: runs the import once (a finished run is left as it is)."""
    run = db.session.get(ImportRun, run_id)
    if run is None or run.status in FINISHED:
        return
    path = _directory() / run.stored_as
    if not path.is_file():
        _set(run_id, status=FAILED, finished_at=utcnow(),
             failure=_("Không còn tệp đã tải lên; hãy nhập lại."))
        return
    _set(run_id, status=VALIDATING, started_at=utcnow(), progress=0)
    shown = {"percent": -1}

    def progress(done: int, total: int) -> None:
        percent = VALIDATION_SHARE * done // max(total, 1)
        if percent != shown["percent"]:
            shown["percent"] = percent
            _set(run_id, progress=percent, rows_read=total)

    def writing() -> None:
        _set(run_id, status=WRITING, progress=VALIDATION_SHARE)

    locale = json.loads(run.options or "{}").get("locale") or "vi"
    try:
        with force_locale(locale):
            report = importers[run.kind](run, path.read_bytes(), progress, writing)
    except Exception:
        db.session.rollback()
        if last_attempt:
            _set(run_id, status=FAILED, finished_at=utcnow(),
                 failure=_("Lỗi hệ thống khi nhập; không có thay đổi nào. Hãy thử lại sau."))
            path.unlink(missing_ok=True)
        else:
            _set(run_id, status=QUEUED, progress=0)
        raise
    db.session.rollback()  # the importer committed its writes; nothing else is pending
    _finish(run_id, report)
    path.unlink(missing_ok=True)


def _finish(run_id: int, report: ImportReport) -> None:
    run = db.session.get(ImportRun, run_id)
    run.rows_read, run.rows_valid = report.read, report.valid
    run.finished_at, run.progress = utcnow(), 100
    if report.errors:
        run.status, run.errors_count = FAILED, len(report.errors)
        run.errors_shown = json.dumps([[e.line, e.column, e.reason]
                                       for e in import_reports.shown(report.errors)],
                                      ensure_ascii=False)
        run.error_totals = json.dumps(import_reports.totals(report.errors), ensure_ascii=False)
        run.report_token = import_reports.save(report.errors, run.created_by_id or 0)
    else:
        run.status = DONE
        run.added, run.updated, run.unchanged = report.added, report.updated, report.unchanged
        run.published = getattr(report, "published", 0)
    db.session.commit()


@dataclass
class RunReport:
    """What the run page shows of a refused file (the same as the report of a direct import)."""

    errors: list[RowError]
    totals: list[tuple[str, int]]
    lang: str  # the language the reasons were written in


def report_of(run: ImportRun) -> RunReport:
    return RunReport(errors=[RowError(*error) for error in json.loads(run.errors_shown or "[]")],
                     totals=[tuple(total) for total in json.loads(run.error_totals or "[]")],
                     lang=json.loads(run.options or "{}").get("locale") or "vi")


def state(run: ImportRun) -> dict:
    """The run as the progress page's script reads it."""
    return {"status": run.status, "progress": run.progress, "rows_read": run.rows_read,
            "rows_valid": run.rows_valid, "errors": run.errors_count, "finished": run.finished}
