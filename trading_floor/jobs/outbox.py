"""The transactional outbox: work caused by a business change, recorded with it, run after it.

- `record(task, payload, key)` adds a `Job` row to the caller's session: it commits with the
  business change or not at all (a rollback sends nothing).
- After the commit the job ids are handed to the queue; a crash in between leaves the rows
  `pending` with no `enqueued_at`, and `replay()` hands them over at the next consumer start and
  every minute.
- A consumer claims a job with one conditional UPDATE (`pending` → `running`, its host:pid), so
  a job handed over twice runs once; it is `done` when its work committed. A consumer killed in
  the middle leaves the row `running` under a dead pid: `replay()` gives it back.
- A failing job is retried with backoff (10 s, 30 s, 90 s, 270 s), then `failed` with its error
  text: listed on /quan-tri/tac-vu, retried from there.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import traceback
import uuid
from datetime import timedelta

from flask import current_app, has_app_context
from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.jobs.models import DONE, FAILED, PENDING, RUNNING, Job, JobConsumer

log = logging.getLogger(__name__)
BACKOFF = (10, 30, 90, 270)  # seconds before attempt 2, 3, 4, 5
HEARTBEAT_STALE = timedelta(seconds=60)
LOST_AFTER = timedelta(minutes=10)  # a pending job handed over this long ago is handed over again
_FLUSHED = "jobs_flushed"
_DELAYS = "jobs_delays"  # job id -> seconds the queue waits before running it


def registry():
    """The tasks the application registered (trading_floor/tasks.py, through wiring)."""
    return current_app.extensions["jobs"].tasks


def consumer_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# --- recording -------------------------------------------------------------------------------------
def record(task: str, payload: dict | None = None, key: str | None = None,
           session: Session | None = None, delay: int | None = None) -> Job:
    """Adds a job to the session's transaction; it is handed to the queue after the commit.

    `delay`: seconds the queue waits before running it (a job that paces itself, e.g. one batch
    of e-mails a minute); a replay after a crash may run it earlier, never later."""
    if has_app_context() and task not in registry().handlers:
        raise ValueError(f"unknown job task {task!r}")
    job = Job(task=task, payload=json.dumps(payload or {}, ensure_ascii=False),
              key=(key or f"{task}:{uuid.uuid4().hex}")[:200])
    if delay:
        job.delay_seconds = delay  # read when flushed (not a column)
    (session or db.session).add(job)
    return job


def _collect(session: Session, _context) -> None:
    jobs = [obj for obj in session.new if isinstance(obj, Job)]
    if jobs:
        session.info.setdefault(_FLUSHED, []).extend(job.id for job in jobs)
    for job in jobs:
        if getattr(job, "delay_seconds", None):
            session.info.setdefault(_DELAYS, {})[job.id] = job.delay_seconds


def _forget(session: Session) -> None:
    session.info.pop(_FLUSHED, None)
    session.info.pop(_DELAYS, None)


def _hand_over_committed(session: Session) -> None:
    ids = session.info.pop(_FLUSHED, None)
    delays = session.info.pop(_DELAYS, None)
    if ids and has_app_context():
        hand_over(ids, delays)


def hand_over(ids: list[int], delays: dict[int, int] | None = None) -> None:
    """Gives committed jobs to the queue; one that cannot be given stays for replay()."""
    queue = current_app.extensions.get("jobs")
    if queue is None:
        return
    handed = []
    for job_id in ids:
        try:
            queue.enqueue(job_id, delay=(delays or {}).get(job_id))
            handed.append(job_id)
        except Exception:  # the queue is down: the row stays pending, replay() hands it over
            log.exception("could not hand job %s to the queue (it will be replayed)", job_id)
    if handed:
        with db.engine.begin() as connection:
            connection.execute(update(Job).where(Job.id.in_(handed), Job.enqueued_at.is_(None))
                               .values(enqueued_at=utcnow()))


def listen(session_class=Session) -> None:
    from sqlalchemy import event

    event.listen(session_class, "after_flush", _collect)
    event.listen(session_class, "after_rollback", _forget)
    event.listen(session_class, "after_commit", _hand_over_committed)


listen()


# --- running -----------------------------------------------------------------------------------
def execute(job_id: int) -> int | None:
    """Runs one job if this consumer wins its claim; returns seconds until a retry, or None."""
    me = consumer_name()
    claimed = db.session.execute(
        update(Job).where(Job.id == job_id, Job.status == PENDING)
        .values(status=RUNNING, started_at=utcnow(), attempts=Job.attempts + 1, claimed_by=me)
        .execution_options(synchronize_session=False))
    db.session.commit()
    if claimed.rowcount != 1:
        return None  # done, failed, or another consumer runs it: nothing to do twice
    job = db.session.get(Job, job_id)
    try:
        registry().handlers[job.task](job, json.loads(job.payload or "{}"))
        job = db.session.get(Job, job_id)
        job.status, job.finished_at, job.last_error = DONE, utcnow(), ""
        db.session.commit()  # the handler's own writes commit with this line
        return None
    except Exception as error:
        db.session.rollback()
        job = db.session.get(Job, job_id)
        text = "".join(traceback.format_exception_only(type(error), error)).strip()
        log.warning("job %s (%s) attempt %s failed: %s", job.id, job.task, job.attempts, text)
        job.last_error = text[:4000]
        max_attempts = current_app.config["JOBS_MAX_ATTEMPTS"]
        if job.attempts >= max_attempts:
            job.status, job.finished_at = FAILED, utcnow()
            db.session.commit()
            log.error("job %s (%s) failed after %s attempts", job.id, job.task, job.attempts)
            return None
        job.status, job.enqueued_at = PENDING, utcnow()
        db.session.commit()
        return BACKOFF[min(job.attempts, len(BACKOFF)) - 1]


def claim_batch(task: str, limit: int = 500) -> list[Job]:
    """Claims the pending jobs of a task, for a handler that merges them into one piece of work
    (the index writer: one commit for a backlog of changes). Committed at once, so no other
    consumer takes them; `release_batch` gives them back if the work fails."""
    ids = list(db.session.scalars(select(Job.id).where(Job.task == task, Job.status == PENDING)
                                  .order_by(Job.id).limit(limit)))
    if not ids:
        return []
    token = f"{consumer_name()}#{uuid.uuid4().hex[:12]}"
    db.session.execute(update(Job).where(Job.id.in_(ids), Job.status == PENDING)
                       .values(status=RUNNING, started_at=utcnow(), attempts=Job.attempts + 1,
                               claimed_by=token)
                       .execution_options(synchronize_session=False))
    db.session.commit()
    return list(db.session.scalars(select(Job).where(Job.claimed_by == token)))


def finish_batch(jobs: list[Job]) -> None:
    """Marks a batch done in the caller's transaction (it commits with the main job)."""
    now = utcnow()
    for job in jobs:
        job.status, job.finished_at, job.last_error = DONE, now, ""


def release_batch(jobs: list[Job]) -> None:
    ids = [job.id for job in jobs]
    db.session.rollback()
    if ids:
        db.session.execute(update(Job).where(Job.id.in_(ids), Job.status == RUNNING)
                           .values(status=PENDING, enqueued_at=None)
                           .execution_options(synchronize_session=False))
        db.session.commit()


def start_scheduled_run(name: str) -> Job | None:
    """A schedule fired: one job per schedule and minute (several consumers fire it once)."""
    stamp = utcnow().strftime("%Y-%m-%dT%H:%M")
    record(name, {}, key=f"schedule:{name}:{stamp}")
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return db.session.scalar(select(Job).where(Job.key == f"schedule:{name}:{stamp}"))


def run_now(name: str) -> Job:
    """An administrator starts a schedule's run by hand."""
    job = record(name, {}, key=f"schedule:{name}:manual-{uuid.uuid4().hex[:12]}")
    db.session.commit()
    return job


def retry(job: Job) -> bool:
    """A failed job goes back to the queue with its attempts reset (the administrator's button)."""
    result = db.session.execute(update(Job).where(Job.id == job.id, Job.status == FAILED)
                                .values(status=PENDING, attempts=0, finished_at=None,
                                        enqueued_at=None)
                                .execution_options(synchronize_session=False))
    db.session.commit()
    if result.rowcount != 1:
        return False
    hand_over([job.id])
    return True


# --- replay and heartbeats --------------------------------------------------------------------
def _orphaned(claimed_by: str, alive: set[str]) -> bool:
    """A running job whose consumer is gone: a pid of this host that no longer exists, or a
    consumer of another host whose heartbeat stopped."""
    claimed_by = claimed_by.partition("#")[0]  # a batch's claim: host:pid#token
    host, _, pid = claimed_by.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return False
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    return claimed_by not in alive


def replay(at_start: bool = False) -> int:
    """Hands over again what a crash may have lost; returns how many jobs were handed over.

    - running jobs whose consumer is dead go back to pending;
    - at a consumer's start every pending job is handed over (huey may have lost a message that
      a killed consumer had taken: the claim makes a second copy harmless);
    - later (every minute) pending jobs never handed over (the web process died between the
      commit and the hand-over) and those handed over more than LOST_AFTER ago.
    """
    now = utcnow()
    alive = set(db.session.scalars(select(JobConsumer.name)
                                   .where(JobConsumer.last_seen >= now - HEARTBEAT_STALE)))
    orphans = [job_id for job_id, claimed_by in db.session.execute(
        select(Job.id, Job.claimed_by).where(Job.status == RUNNING)) if _orphaned(claimed_by, alive)]
    if orphans:
        db.session.execute(update(Job).where(Job.id.in_(orphans), Job.status == RUNNING)
                           .values(status=PENDING, enqueued_at=None)
                           .execution_options(synchronize_session=False))
    query = select(Job.id).where(Job.status == PENDING).order_by(Job.id)
    if not at_start:
        query = query.where(or_(
            and_(Job.enqueued_at.is_(None), Job.created_at < now - timedelta(seconds=5)),
            Job.enqueued_at < now - LOST_AFTER))
    ids = list(db.session.scalars(query))
    if ids:
        db.session.execute(update(Job).where(Job.id.in_(ids)).values(enqueued_at=None)
                           .execution_options(synchronize_session=False))
    db.session.commit()
    if ids:
        log.info("replaying %d job(s) (%d left running by a dead consumer)", len(ids),
                 len(orphans))
        hand_over(ids)
    return len(ids)


def heartbeat(name: str | None = None) -> None:
    name = name or consumer_name()
    now = utcnow()
    row = db.session.get(JobConsumer, name)
    if row is None:
        db.session.add(JobConsumer(name=name, started_at=now, last_seen=now))
    else:
        row.last_seen = now
    db.session.execute(delete(JobConsumer).where(JobConsumer.last_seen < now - timedelta(days=1)))
    db.session.commit()


def stop_heartbeat(name: str | None = None) -> None:
    db.session.execute(delete(JobConsumer).where(JobConsumer.name == (name or consumer_name())))
    db.session.commit()


# --- reading (the administrator's page, /healthz) ------------------------------------------------
def counts() -> dict:
    """Jobs pending or running (the backlog) and failed ones (/healthz, /metrics)."""
    backlog = db.session.scalar(select(func.count()).select_from(Job)
                                .where(Job.status.in_((PENDING, RUNNING)))) or 0
    failed = db.session.scalar(select(func.count()).select_from(Job)
                               .where(Job.status == FAILED)) or 0
    return {"backlog": backlog, "failed": failed}


def status() -> dict:
    """What /healthz says about the queue."""
    queue = current_app.extensions["jobs"]
    now = utcnow()
    backlog, failed = counts().values()
    if queue.immediate:
        return {"status": "ok", "mode": "immediate", "backlog": backlog, "failed": failed}
    last_seen = db.session.scalar(select(func.max(JobConsumer.last_seen)))
    seen_ago = int((now - last_seen).total_seconds()) if last_seen else None
    consumer_ok = seen_ago is not None and seen_ago <= HEARTBEAT_STALE.total_seconds()
    try:
        messages = queue.backlog()
    except Exception as error:
        return {"status": f"error: {error.__class__.__name__}", "mode": queue.kind,
                "backlog": backlog, "failed": failed}
    return {"status": "ok" if consumer_ok else "error: no consumer seen within the last minute",
            "mode": queue.kind, "consumer_seen_seconds_ago": seen_ago, "backlog": backlog,
            "queued_messages": messages, "failed": failed}


def purge_done(days: int = 30) -> int:
    """Done jobs older than `days` go; failed ones stay until retried or their cause is fixed."""
    result = db.session.execute(delete(Job).where(Job.status == DONE,
                                                  Job.finished_at < utcnow() - timedelta(days=days)))
    db.session.commit()
    return result.rowcount or 0
