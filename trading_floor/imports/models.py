"""One row per uploaded import file: where it is, how far its job got, and its report."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_floor.extensions import db
from trading_floor.i18n import utcnow

QUEUED, VALIDATING, WRITING, DONE, FAILED = "queued", "validating", "writing", "done", "failed"
RUN_STATUSES = (QUEUED, VALIDATING, WRITING, DONE, FAILED)
FINISHED = (DONE, FAILED)
KINDS = ("registry", "categories", "listings")


class ImportRun(db.Model):
    __tablename__ = "import_runs"
    __table_args__ = (Index("ix_import_runs_created_by_created", "created_by_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # registry | categories | listings
    filename: Mapped[str] = mapped_column(String(255))
    stored_as: Mapped[str] = mapped_column(String(80))  # file name in IMPORT_FILE_DIR
    options: Mapped[str] = mapped_column(Text, default="{}")  # JSON (listings: submit)
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(12), default=QUEUED)
    progress: Mapped[int] = mapped_column(default=0)  # percent
    rows_read: Mapped[int] = mapped_column(default=0)
    rows_valid: Mapped[int] = mapped_column(default=0)
    errors_count: Mapped[int] = mapped_column(default=0)
    added: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    published: Mapped[int] = mapped_column(default=0)
    # the report of a refused file: the first 1,000 errors and the totals per column (JSON),
    # the token of the full CSV (core/import_reports); `failure` when the job itself failed
    errors_shown: Mapped[str] = mapped_column(Text, default="[]")
    error_totals: Mapped[str] = mapped_column(Text, default="[]")
    report_token: Mapped[str | None] = mapped_column(String(64))
    failure: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    created_by = relationship("User")

    @property
    def finished(self) -> bool:
        return self.status in FINISHED
