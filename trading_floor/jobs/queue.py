"""The queue: huey, and the only module of the floor that imports it.

`SqliteHuey` (a file in instance/) is the embedded default, `RedisHuey` is used when REDIS_URL is
set; the code is the same. huey carries job ids only (the `jobs` table is the truth, see
outbox.py): one task runs any job of the outbox, and one periodic task per schedule records a
job for that schedule's run, so a schedule's run is retried, listed and retried by hand like any
other job. JOBS_IMMEDIATE runs each job inside the call that hands it over (no consumer): the
test suite uses it, `bench/` uses it for the "before" figures.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask
from huey import RedisHuey, SqliteHuey, crontab
from huey.exceptions import RetryTask

log = logging.getLogger(__name__)


class Queue:
    """One per app (app.extensions["jobs"]): the huey instance and its registered tasks."""

    def __init__(self, app: Flask):
        config = app.config
        self.app = app
        self.immediate = bool(config["JOBS_IMMEDIATE"])
        name = config["JOBS_QUEUE_NAME"]
        if config.get("JOBS_REDIS_URL"):
            self.huey = RedisHuey(name, url=config["JOBS_REDIS_URL"], results=False,
                                  immediate=self.immediate)
            self.kind = "redis"
        else:
            self.huey = SqliteHuey(name, filename=config["JOBS_SQLITE_PATH"], results=False,
                                   immediate=self.immediate)
            self.kind = "sqlite"
        self._run_job = self.huey.task(name="run_job")(self._execute)
        self.schedules: dict[str, object] = {}

    # --- running a job --------------------------------------------------------------------------
    def _execute(self, job_id: int) -> None:
        from trading_floor.jobs import outbox

        # a fresh app context: its own database session, also when called in immediate mode
        # from inside a request's after-commit hook
        with self.app.app_context():
            retry_in = outbox.execute(job_id)
        if retry_in is not None:
            raise RetryTask(f"job {job_id} failed, retrying in {retry_in} s", delay=retry_in)

    def enqueue(self, job_id: int, delay: int | None = None) -> None:
        if delay and not self.immediate:
            self._run_job.schedule(args=(job_id,), delay=delay)
        else:  # immediate mode (tests) runs it now
            self._run_job(job_id)

    # --- schedules ------------------------------------------------------------------------------
    def add_schedule(self, name: str, cron: dict[str, str]) -> None:
        """A huey periodic task (cron fields in UTC) that records a job for the schedule's run."""

        def tick() -> None:
            from trading_floor.jobs import outbox

            with self.app.app_context():
                outbox.start_scheduled_run(name)

        tick.__name__ = "schedule_" + name.replace(".", "_")
        self.huey.periodic_task(crontab(**cron), name=tick.__name__)(tick)
        self.schedules[name] = crontab(**cron)

    def next_run(self, name: str, after: datetime) -> datetime | None:
        """The next minute (naive UTC) at which the schedule fires, within the next 32 days."""
        matches = self.schedules[name]
        moment = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
        for _ in range(32 * 24 * 60):
            if matches(moment):
                return moment
            moment += timedelta(minutes=1)
        return None

    # --- the consumer ---------------------------------------------------------------------------
    def backlog(self) -> int:
        """Messages waiting in the queue itself (the jobs table counts what is not done)."""
        if self.immediate:
            return 0
        return self.huey.pending_count() + self.huey.scheduled_count()

    def consume(self, workers: int) -> None:
        """Runs huey's consumer in this process until SIGINT/SIGTERM (Ctrl-C)."""
        consumer = self.huey.create_consumer(workers=workers, worker_type="thread", periodic=True,
                                             scheduler_interval=1, check_worker_health=True)
        # huey sets its own SIGINT/SIGTERM handlers last, once its threads run: a Ctrl-C before
        # that only asks the consumer to stop (a flag its loop reads), so it exits cleanly too
        signal.signal(signal.SIGINT, lambda *_: consumer.stop())
        signal.signal(signal.SIGTERM, lambda *_: consumer.stop())
        consumer.run()

    def flush(self) -> None:
        """Empties the queue's storage (tests)."""
        self.huey.flush()


@dataclass(frozen=True)
class TaskRegistry:
    """What the consumer can run: handlers by task name, the schedules, their labels."""

    handlers: dict[str, Callable]
    schedules: tuple
    labels: dict


def init_app(app: Flask, tasks: TaskRegistry) -> Queue:
    """Binds the queue to the app with the tasks and schedules the application registers."""
    queue = Queue(app)
    queue.tasks = tasks
    app.extensions["jobs"] = queue
    for schedule in tasks.schedules:
        queue.add_schedule(schedule.name, schedule.cron)
    return queue
