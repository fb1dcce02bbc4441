"""The job outbox and the consumers' heartbeats.

A `Job` row is written in the same transaction as the business change that causes it and is the
truth about that piece of work: pending → running → done, or failed once its attempts are spent.
The queue (huey) only carries job ids; a lost message is found again from this table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from trading_floor.extensions import db
from trading_floor.i18n import utcnow

PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"
JOB_STATUSES = (PENDING, RUNNING, DONE, FAILED)


class Job(db.Model):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_created", "status", "created_at"),
                      Index("ix_jobs_task_created", "task", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(60))
    payload: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    # the idempotency key: an e-mail carries it as its Message-ID; one row per key
    key: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    enqueued_at: Mapped[datetime | None]  # handed to the queue (after the commit)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    claimed_by: Mapped[str] = mapped_column(String(120), default="")  # host:pid of the consumer
    last_error: Mapped[str] = mapped_column(Text, default="")


class JobConsumer(db.Model):
    """One row per consumer process, its heartbeat every few seconds (for /healthz)."""

    __tablename__ = "job_consumers"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)  # host:pid
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
